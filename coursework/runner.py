"""Run one student notebook inside the sandbox and export its answers as plain data.

Usage (only inside :mod:`coursework.sandbox`)::

    python -I runner.py NOTEBOOK CONFIG_JSON   (export pipe: fd $FLUX_EXPORT_FD)

``CONFIG_JSON`` is ``{"questions": {"q1": ["q1_content"], ...}, "output_bytes": N}``. The
notebook's code cells run one by one in a fresh IPython kernel of the course's Python (the
kernel named in the notebook's metadata is ignored), errors do not stop the run, and
``import otter`` gives a stub whose ``check``, ``check_all`` and ``export`` do nothing (the
tests are not here: they never enter the sandbox). After every cell the answer variables are
snapshotted; right after a cell that calls ``grader.check("qN")`` the variables of ``qN`` are
also kept as the answer "at the check". Each time the snapshot changes, the whole export
document is written to the export pipe as a frame ``<length>\\n<json>``, so a run stopped by the
wall-clock limit still leaves the answers it had reached. Everything here is under the
student's control once their code runs; the host treats every byte it receives as untrusted
(:mod:`coursework.parse`).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time

CHECK = re.compile(r"""grader\s*\.\s*check\s*\(\s*["']([A-Za-z0-9_\-]+)["']""")
MAX_FRAME = 4 * 1024 * 1024

OTTER_STUB = """\
def __flux_stub():
    import sys, types

    class Notebook:
        '''Stand-in for otter.Notebook while grading: the tests run outside this kernel.'''

        def __init__(self, *args, **kwargs):
            pass

        def __getattr__(self, name):
            return lambda *args, **kwargs: None

    module = types.ModuleType("otter")
    module.Notebook = Notebook
    sys.modules["otter"] = module


__flux_stub()
del __flux_stub
"""

SNAPSHOT = """\
def __flux_snapshot(names, path):
    import json as _json

    def enc(v, depth=0):
        if depth > 20:
            return {"t": "other", "type": "nested too deeply"}
        if v is None:
            return {"t": "none"}
        if isinstance(v, bool):
            return {"t": "bool", "v": bool(v)}
        mod = type(v).__module__ or ""
        if mod.startswith("numpy"):
            import numpy as np

            if isinstance(v, np.ndarray):
                if v.size > 1_000_000 or v.ndim > 8:
                    return {"t": "other", "type": "array too large"}
                kind = v.dtype.kind
                shape = [int(n) for n in v.shape]
                flat = v.reshape(-1)
                if kind == "b":
                    return {"t": "array", "dtype": "bool", "shape": shape, "v": [bool(x) for x in flat]}
                if kind in "iu":
                    return {"t": "array", "dtype": "int", "shape": shape, "v": [int(x) for x in flat]}
                if kind == "f":
                    return {"t": "array", "dtype": "float", "shape": shape, "v": [repr(float(x)) for x in flat]}
                if kind == "c":
                    return {
                        "t": "array",
                        "dtype": "complex",
                        "shape": shape,
                        "v": [[repr(float(x.real)), repr(float(x.imag))] for x in flat],
                    }
                if kind == "O":
                    return {"t": "list", "v": [enc(x, depth + 1) for x in v.tolist()]}
                return {"t": "other", "type": "array of " + str(v.dtype)}
            if isinstance(v, np.bool_):
                return {"t": "bool", "v": bool(v)}
            if isinstance(v, np.integer):
                return {"t": "int", "v": str(int(v))}
            if isinstance(v, np.floating):
                return {"t": "float", "v": repr(float(v))}
            if isinstance(v, np.complexfloating):
                return {"t": "complex", "v": [repr(float(v.real)), repr(float(v.imag))]}
        if isinstance(v, int):
            text = str(int(v)) if abs(v) < 10**200 else None
            return {"t": "int", "v": text} if text else {"t": "other", "type": "integer too long"}
        if isinstance(v, float):
            return {"t": "float", "v": repr(float(v))}
        if isinstance(v, complex):
            return {"t": "complex", "v": [repr(v.real), repr(v.imag)]}
        import numbers

        if isinstance(v, numbers.Real) and not mod.startswith("sympy"):  # Fraction, ...
            return {"t": "float", "v": repr(float(v))}
        if isinstance(v, str):
            return {"t": "str", "v": str(v)[:20000]}
        if isinstance(v, (list, tuple)):
            if len(v) > 1_000_000:
                return {"t": "other", "type": "list too long"}
            kind = "list" if isinstance(v, list) else "tuple"
            return {"t": kind, "v": [enc(x, depth + 1) for x in v]}
        if mod.startswith("sympy"):
            import sympy

            if isinstance(v, sympy.Basic):
                return {"t": "sympy", "v": sympy.srepr(v)}
            if isinstance(v, sympy.MatrixBase):
                return {"t": "list", "v": [enc(list(row), depth + 1) for row in v.tolist()]}
        if hasattr(type(v), "__array__") and not mod.startswith("sympy"):  # pandas, xarray, ...
            import numpy as np

            try:
                arr = np.asarray(v)
            except Exception:
                arr = None
            if isinstance(arr, np.ndarray) and arr.dtype.kind in "biufc":
                return enc(arr, depth + 1)
        return {"t": "other", "type": type(v).__name__[:60]}

    out = {}
    g = globals()
    for name in names:
        if name in g:
            try:
                out[name] = enc(g[name])
            except Exception as exc:
                out[name] = {"t": "other", "type": "unexportable " + type(exc).__name__}
    with open(path, "w") as f:
        _json.dump(out, f)


__flux_snapshot({names!r}, {path!r})
del __flux_snapshot
"""


def code_cells(path: str) -> list[str]:
    """The sources of the code cells of a notebook (nbformat 4, or 3's worksheets).

    Plain JSON reading: nbformat's validator takes seconds to import and is not needed to run
    cells (the kernel named in the metadata is ignored anyway).
    """
    with open(path, "rb") as f:
        nb = json.loads(f.read())
    if not isinstance(nb, dict):
        raise ValueError("not a notebook")
    raw = nb.get("cells")
    if raw is None and isinstance(nb.get("worksheets"), list):
        raw = [c for ws in nb["worksheets"] if isinstance(ws, dict) for c in ws.get("cells", [])]
    if not isinstance(raw, list):
        raise ValueError("not a notebook")
    out = []
    for cell in raw:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", cell.get("input", ""))
        if isinstance(source, list):
            source = "".join(str(s) for s in source)
        if not isinstance(source, str):
            raise ValueError("a cell source is not text")
        out.append(source)
    return out


def main(notebook: str, config_path: str) -> int:
    from jupyter_client.manager import KernelManager

    config = json.loads(open(config_path).read())
    questions: dict[str, list[str]] = config["questions"]
    budget = int(config.get("output_bytes", 1_000_000))
    all_names = sorted({n for names in questions.values() for n in names})
    out = os.fdopen(int(os.environ.pop("FLUX_EXPORT_FD")), "wb", buffering=0)
    doc: dict = {"final": {}, "at_check": {}, "errors": [], "cells": 0, "output_truncated": False}
    last_sent = [b""]

    def send() -> None:
        data = json.dumps(doc).encode()
        if data != last_sent[0] and len(data) <= MAX_FRAME:
            out.write(b"%d\n" % len(data) + data)
            last_sent[0] = data

    try:
        cells = code_cells(notebook)
    except Exception as exc:  # noqa: BLE001 - reported to the instructor, never raised
        doc["errors"].append(f"not a readable notebook: {type(exc).__name__}")
        send()
        return 0
    t_start = time.monotonic()
    km = KernelManager(kernel_name="python3", transport="ipc")
    km.start_kernel(cwd=os.path.dirname(notebook))
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    used = [0]
    snap_path = os.path.join(os.path.dirname(notebook), ".flux-snapshot.json")

    def run(code: str) -> tuple[bool, str | None]:
        """Execute code; return (kernel still alive, first error as 'Name: message')."""
        msg_id = kc.execute(code, store_history=False, allow_stdin=False)
        error = None
        while True:
            try:
                msg = kc.get_iopub_msg(timeout=2)
            except Exception:  # noqa: BLE001 - queue empty: is the kernel still there?
                if not km.is_alive():
                    return False, error
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status" and content.get("execution_state") == "idle":
                return True, error
            if kind in ("stream", "display_data", "execute_result", "error", "update_display_data"):
                used[0] += len(str(content))
                if used[0] > budget:
                    doc["output_truncated"] = True
            if kind == "error" and error is None:
                error = f"{content.get('ename', '?')}: {content.get('evalue', '')}"[:200]

    def snapshot(names: list[str]) -> dict | None:
        try:
            os.unlink(snap_path)
        except OSError:
            pass
        alive, err = run(SNAPSHOT.replace("{names!r}", repr(names)).replace("{path!r}", repr(snap_path)))
        if not alive or err:
            return None
        try:
            with open(snap_path, "rb") as f:
                data = f.read(MAX_FRAME + 1)
            got = json.loads(data) if len(data) <= MAX_FRAME else None
        except (OSError, ValueError):
            return None
        return got if isinstance(got, dict) else None

    run(OTTER_STUB)
    t0 = time.monotonic()
    doc["kernel_seconds"] = round(t0 - t_start, 2)
    snap_time = 0.0
    for index, cell in enumerate(cells):
        alive, err = run(cell)
        doc["cells"] = index + 1
        if err and len(doc["errors"]) < 10:
            doc["errors"].append(f"cell {index + 1}: {err}")
        if not alive:
            doc["errors"].append(f"the kernel died in cell {index + 1} (a memory or process limit?)")
            break
        t_snap = time.monotonic()
        final = snapshot(all_names)
        snap_time += time.monotonic() - t_snap
        doc["snapshot_seconds"] = round(snap_time, 2)
        if final is not None:
            doc["final"] = final
        elif not any("could not be exported" in e for e in doc["errors"]):
            doc["errors"].append(f"the answers could not be exported after cell {index + 1}")
        for q in CHECK.findall(cell):
            if q in questions and final is not None:
                doc["at_check"][q] = {k: v for k, v in final.items() if k in questions[q]}
        send()
    doc["seconds"] = round(time.monotonic() - t0, 2)
    send()
    try:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    except Exception:  # noqa: BLE001 - the sandbox is torn down anyway
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
