"""Load every post under a folder, check it round-trips byte for byte, edit its title and check
that only the title's lines changed; time the loads and the edits (pure core).

Usage: python bench/roundtrip.py [FOLDER] [--json] [--header-lines] [--show N]

Posts are the ``.md``, ``.mdx`` and ``.markdown`` files below FOLDER (``node_modules`` and
dot-folders left out). ``title_edit_exact`` counts the posts with a title whose title edit changed
only the title's own lines (one run of lines starting at the title's key) and reads back;
``formats`` counts the posts by front matter format.
"""

from __future__ import annotations

import argparse
import difflib
import json
import statistics
import time
from collections import Counter
from pathlib import Path

from editor.core.errors import GalleyError
from editor.core.post import Post

NEW_TITLE = "A changed title: with a colon, 'quotes' and \"more\""


def posts_under(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        parts = path.relative_to(folder).parts
        if any(p == "node_modules" or p.startswith(".") for p in parts):
            continue
        if path.suffix in (".md", ".mdx", ".markdown") and path.is_file():
            found.append(path)
    return sorted(found)


def title_edit_is_exact(post: Post, before: str) -> tuple[bool, str]:
    """Edit the title; whether only its lines changed and it reads back (and why not)."""
    others = {k: v for k, v in post.meta.to_dict().items() if k != "title"}
    title_line = post.key_lines().get("title", 0) - 1  # 0-based
    post.meta["title"] = NEW_TITLE
    after = post.dumps()
    again = Post.parse(after, header_lines=post.header_lines)
    if again.meta.get("title") != NEW_TITLE:
        return False, "title reads back differently"
    if {k: v for k, v in again.meta.to_dict().items() if k != "title"} != others:
        return False, "other keys changed"
    if again.body != post.body:
        return False, "body changed"
    ops = difflib.SequenceMatcher(
        None, before.splitlines(True), after.splitlines(True), autojunk=False
    ).get_opcodes()
    changed = [(op, i1, i2) for op, i1, i2, _j1, _j2 in ops if op != "equal"]
    if len(changed) != 1:
        return False, f"{len(changed)} separate changes"
    _op, i1, i2 = changed[0]
    if i1 != title_line:
        removed = "".join(before.splitlines(True)[i1:i2])
        return False, f"changed lines are not the title's: {removed!r}"
    return True, ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", nargs="?", type=Path, default=Path("resources/example-site"))
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--header-lines", action="store_true", help="a Pelican site")
    parser.add_argument("--show", type=int, default=0, help="list up to N failures")
    args = parser.parse_args()
    header_lines = True if args.header_lines else None
    paths = posts_under(args.folder)
    load_ms, edit_ms = [], []
    loaded = exact = titled = title_exact = 0
    formats: Counter[str] = Counter()
    failures: list[str] = []
    for path in paths:
        raw = path.read_bytes()
        start = time.perf_counter()
        try:
            post = Post.load(path, header_lines=header_lines)
        except GalleyError as error:
            failures.append(f"{path}: does not load: {error.summary}")
            continue
        load_ms.append((time.perf_counter() - start) * 1000)
        loaded += 1
        formats[post.front_matter_format if post.has_front_matter else "none"] += 1
        text = post.dumps()
        if text.encode("utf-8") == raw:
            exact += 1
        else:
            failures.append(f"{path}: not byte-exact")
        if "title" in post.meta:
            titled += 1
            start = time.perf_counter()
            try:
                ok, why = title_edit_is_exact(post, text)
            except GalleyError as error:
                ok, why = False, error.summary
            edit_ms.append((time.perf_counter() - start) * 1000)
            title_exact += ok
            if not ok:
                failures.append(f"{path}: title edit: {why}")
    result = {
        "posts": len(paths),
        "loaded": loaded,
        "byte_exact": exact,
        "formats": dict(formats),
        "with_title": titled,
        "title_edit_exact": title_exact,
        "load_ms_median": round(statistics.median(load_ms), 3) if load_ms else None,
        "title_edit_ms_median": round(statistics.median(edit_ms), 3) if edit_ms else None,
    }
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))
    for line in failures[: args.show]:
        print(line)


if __name__ == "__main__":
    main()
