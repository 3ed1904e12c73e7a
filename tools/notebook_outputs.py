"""Compare what the book's notebooks print before and after a refactor.

A refactor (a rename, a new figure protocol) must leave every number the book prints
unchanged. This reads the book build's execution cache (``_build/.jupyter_cache``), takes the
text each notebook shows (printed streams, ``text/plain``, ``text/latex``, ``text/markdown``
and ``text/html`` with embedded images replaced by a marker), and either saves it or compares
it with a saved copy, notebook by notebook and output by output.

    python tools/notebook_outputs.py save  before.json
    make book
    python tools/notebook_outputs.py compare before.json

The comparison is on the text a reader sees, not on images: a figure drawn through a new
code path may differ by a pixel of antialiasing while saying exactly the same thing.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "_build" / ".jupyter_cache"
_DATA_URI = re.compile(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+")
_TEXT_KINDS = ("text/plain", "text/latex", "text/markdown", "text/html")


def _texts(nb: dict) -> list[str]:
    out: list[str] = []
    for cell in nb.get("cells", []):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream":
                out.append("".join(o.get("text", "")))
                continue
            data = o.get("data", {})
            for kind in _TEXT_KINDS:
                if kind in data:
                    text = "".join(data[kind])
                    out.append(f"[{kind}] " + _DATA_URI.sub("<image>", text))
    return out


def collect(cache_dir: Path = CACHE) -> dict[str, list[str]]:
    """The newest cached execution of each notebook, as lists of output texts."""
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_dir))
    newest: dict[str, object] = {}
    for rec in cache.list_cache_records():
        prev = newest.get(rec.uri)
        if prev is None or rec.created > prev.created:  # type: ignore[attr-defined]
            newest[rec.uri] = rec
    result: dict[str, list[str]] = {}
    for uri, rec in sorted(newest.items()):
        nb = cache.get_cache_bundle(rec.pk).nb  # type: ignore[attr-defined]
        result[Path(uri).stem] = _texts(nb)
    return result


def compare(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    """Human-readable differences; empty when every notebook prints the same."""
    report: list[str] = []
    for stem in sorted(set(before) | set(after)):
        a, b = before.get(stem), after.get(stem)
        if a is None or b is None:
            report.append(f"{stem}: only in {'after' if a is None else 'before'}")
            continue
        if a == b:
            continue
        diff = difflib.unified_diff(
            "\n".join(a).splitlines(), "\n".join(b).splitlines(), "before", "after", lineterm="", n=1
        )
        report.append(f"{stem}:\n" + "\n".join(list(diff)[:80]))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("action", choices=["save", "compare"])
    parser.add_argument("path", type=Path)
    parser.add_argument("--cache", type=Path, default=CACHE)
    args = parser.parse_args(argv)
    now = collect(args.cache)
    if args.action == "save":
        args.path.write_text(json.dumps(now, indent=1, ensure_ascii=False))
        print(f"saved the printed outputs of {len(now)} notebooks to {args.path}")
        return 0
    report = compare(json.loads(args.path.read_text()), now)
    for item in report:
        print(item, end="\n\n")
    print(f"{len(report)} of {len(now)} notebooks print something different")
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
