"""Re-run every test of an assignment in a fresh interpreter against exported answers.

Usage (inside the sandbox): ``python -m coursework.recheck AUTOGRADER_ZIP EXPORT_JSON``.
Prints ``{question: score}`` as JSON. Student code shares a kernel with otter's tests and can
tamper with them (patch numpy, replace otter's checker); this run cannot be reached by that
code: it imports pristine test files and sees only the plain values the notebook exported
(numbers, arrays, strings, SymPy expressions rebuilt from ``srepr``).
"""

from __future__ import annotations

import json
import sys
import tempfile
import zipfile
from pathlib import Path


def decode(item: dict):
    import numpy as np
    import sympy

    kind, value = item.get("t"), item.get("v")
    if kind == "num":
        return value if not isinstance(value, list) else complex(*value)
    if kind == "array":
        return np.asarray(value, dtype=float)
    if kind == "str":
        return value
    if kind == "sympy":
        return sympy.sympify(value)  # srepr text: Symbol assumptions survive
    raise ValueError(f"unsupported exported value {kind!r}")


def main(zip_path: str, export_path: str) -> int:
    from otter.test_files.exception_test import ExceptionTestFile

    exported = json.loads(Path(export_path).read_text())
    env = {}
    for name, item in exported.items():
        try:
            env[name] = decode(item)
        except Exception:  # noqa: BLE001 - an undecodable value is a missing answer
            pass
    scores = {}
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(zip_path) as zf:
        names = [n for n in zf.namelist() if n.startswith("tests/") and n.endswith(".py")]
        for name in sorted(names):
            path = Path(tmp) / Path(name).name
            path.write_bytes(zf.read(name))
            test = ExceptionTestFile.from_file(str(path))
            test.run(dict(env))
            scores[test.name] = float(test.score)
    print(json.dumps(scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:3]))
