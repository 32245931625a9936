"""Full render vs. a one-character edit, for posts of 1x to 1000x a typical issue.

Usage: python bench/render.py [--json] [--quick] [--dialect GENERATOR]
Prints {"1x": {"bytes": ..., "full_ms": ..., "edit_ms": ...}, ...}: medians in milliseconds.
The post is generated from a template shaped like a weekly issue (headings, paragraphs with
links, a list, a fenced code block, a table, an image and an iframe).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from editor.core.render import DocumentRenderer
from editor.core.render.dialects import DEFAULT, Dialect, dialect_for

ISSUE = """## Community news {n}

The Backstage maintainers shipped a lot this week -- here's what "caught our eye"... See the
[release notes](https://github.com/backstage/backstage/releases) and the [RFC](https://github.com/backstage/backstage/issues/{n}).

- Added a `catalog-import` plugin [#{n}1](https://github.com/backstage/backstage/pull/{n}1)
- Fixed **TechDocs** search for nested docs [#{n}2](https://github.com/backstage/backstage/pull/{n}2)
- Improved the scaffolder's error messages [#{n}3](https://github.com/backstage/backstage/pull/{n}3)

```typescript
export const plugin{n} = createPlugin({{
  id: 'example-{n}',
  routes: {{ root: rootRouteRef }},
}});
```

| Plugin | Stars | Maintainer |
|---|---|---|
| Lighthouse | {n}0 | Spotify |
| Cost Insights | {n}1 | Spotify |

![A screenshot of issue {n}](./screenshot.png)

<iframe width="560" height="315" src="https://www.youtube.com/embed/{n}" title="Meetup"></iframe>

That's all for this week, see you next Thursday.

"""
SYNTAX = {  # a piece of each generator's own syntax per issue, for --dialect
    "hugo": '{{{{< figure src="shot-{n}.png" caption="Issue {n}" >}}}}\n\n',
    "jekyll": "{{% include card.html issue={n} %}}\n{{: .card}}\n\n",
    "zola": '{{{{ youtube(id="v{n}") }}}}\n\n',
    "docusaurus": ":::tip\nIssue {n} <Badge /> tip.\n:::\n\n",
}


def make_post(times: int, dialect: Dialect = DEFAULT) -> str:
    extra = SYNTAX.get(dialect.name, "")
    base = "".join((ISSUE + extra).format(n=n) for n in range(4))  # about 4 KB
    return base * times if times > 1 else base


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 3)


def measure(times: int, repeats: int, dialect: Dialect = DEFAULT) -> dict[str, float]:
    text = make_post(times, dialect)
    full = []
    for _ in range(max(1, repeats // 4) if times >= 100 else repeats):
        renderer = DocumentRenderer(dialect=dialect)
        start = time.perf_counter()
        renderer.render(text)
        full.append(time.perf_counter() - start)
    renderer = DocumentRenderer(dialect=dialect)
    renderer.render(text)
    middle = text.index("That's all", len(text) // 2)
    edits = []
    for i in range(repeats * 4):
        at = middle + (i % 10)
        text = text[:at] + "x" + text[at:]
        start = time.perf_counter()
        renderer.update(text)
        edits.append(time.perf_counter() - start)
    return {
        "bytes": len(make_post(times, dialect).encode()),
        "full_ms": median_ms(full),
        "edit_ms": median_ms(edits),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print compact JSON")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, skip 1000x")
    parser.add_argument("--dialect", help="render as this generator does (hugo, jekyll, ...)")
    args = parser.parse_args()
    dialect = dialect_for(args.dialect)
    sizes = [1, 10, 100] if args.quick else [1, 10, 100, 1000]
    repeats = 3 if args.quick else 9
    result = {f"{n}x": measure(n, repeats, dialect) for n in sizes}
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
