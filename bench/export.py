"""How long ``galley export`` takes: the example site's posts and one large post.

Usage: python bench/export.py [--json] [--repeat N]
Prints {"<post>": {"bytes": ..., "page_ms": ..., "fragment_ms": ...}, ...}: medians in
milliseconds of ``export_page`` (the whole page, and ``--fragment``). The large post is the
example site's first issue repeated until it is about 400 KB, in a copy of its folder, so that
its images are embedded as they would be.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from editor.core.export import export_page
from editor.core.post import Post

SITE = Path(__file__).resolve().parent.parent / "resources" / "example-site" / "content"
LARGE_BYTES = 400_000


def median_ms(post: Post, repeat: int, **kwargs: bool) -> float:
    export_page(post, **kwargs)  # warm-up: imports, the CSS cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        export_page(post, **kwargs)
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


def large_post(folder: Path) -> Path:
    source = SITE / "blog" / "galley-weekly-1-hello-galley"
    copy = folder / "content" / "blog" / "large"
    shutil.copytree(source, copy)
    shutil.copytree(SITE / "assets", folder / "content" / "assets")
    text = (copy / "index.md").read_text(encoding="utf-8")
    front, _, body = text.partition("\n---\n")
    repeated = body * (LARGE_BYTES // len(body) + 1)
    (copy / "index.md").write_text(f"{front}\n---\n{repeated}", encoding="utf-8")
    return copy / "index.md"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = [*sorted(SITE.glob("blog/*/index.md")), large_post(Path(tmp))]
        for path in paths:
            post = Post.load(path)
            repeat = args.repeat if path.stat().st_size < 100_000 else max(3, args.repeat // 3)
            results[path.parent.name] = {
                "bytes": path.stat().st_size,
                "page_ms": median_ms(post, repeat),
                "fragment_ms": median_ms(post, repeat, fragment=True),
            }
    if args.json:
        print(json.dumps(results))
    else:
        for name, row in results.items():
            print(
                f"{name:40} {row['bytes']:>8} B  page {row['page_ms']:>8} ms  "
                f"fragment {row['fragment_ms']:>8} ms"
            )


if __name__ == "__main__":
    main()
