"""Time loading posts, editing one front-matter key and dumping them (pure core).

Usage: python bench/roundtrip.py [FOLDER] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from editor.core.post import Post


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", nargs="?", type=Path, default=Path("resources/example-site"))
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args()
    paths = sorted(args.folder.rglob("*.md"))
    load_ms, edit_ms, exact = [], [], 0
    for path in paths:
        raw = path.read_bytes()
        start = time.perf_counter()
        post = Post.load(path)
        load_ms.append((time.perf_counter() - start) * 1000)
        exact += post.dumps().encode("utf-8") == raw
        if "title" in post.meta:
            start = time.perf_counter()
            post.meta["title"] = "A changed title"
            post.dumps()
            edit_ms.append((time.perf_counter() - start) * 1000)
    result = {
        "posts": len(paths),
        "byte_exact": exact,
        "load_ms_median": round(statistics.median(load_ms), 3) if load_ms else None,
        "title_edit_ms_median": round(statistics.median(edit_ms), 3) if edit_ms else None,
    }
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
