"""tools/notebook_outputs.py: what a refactor is checked against (the book's printed text)."""

from __future__ import annotations

import importlib.util

from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("notebook_outputs", ROOT / "tools" / "notebook_outputs.py")
assert spec is not None and spec.loader is not None
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)


def _nb(*outputs: dict) -> dict:
    return {"cells": [{"cell_type": "code", "outputs": list(outputs)}, {"cell_type": "markdown"}]}


def test_takes_printed_text_and_rich_text_but_not_image_bytes() -> None:
    nb = _nb(
        {"output_type": "stream", "name": "stdout", "text": ["k = 1.5\n"]},
        {
            "output_type": "display_data",
            "data": {
                "text/html": '<img src="data:image/png;base64,iVBORw0KGgo=">',
                "text/plain": "<Figure>",
                "image/png": "iVBORw0KGgo=",
            },
        },
    )
    assert tool._texts(nb) == ["k = 1.5\n", "[text/plain] <Figure>", '[text/html] <img src="<image>">']


def test_compare_names_the_notebook_and_the_changed_line() -> None:
    before = {"a": ["x = 1\n"], "b": ["same"]}
    assert tool.compare(before, before) == []
    report = tool.compare(before, {"a": ["x = 2\n"], "b": ["same"], "c": []})
    assert report[0].startswith("a:") and "-x = 1" in report[0] and "+x = 2" in report[0]
    assert report[1] == "c: only in after"
