"""Text drawn in figures says what it means: no TeX markup outside matplotlib's $...$.

Matplotlib typesets only what sits between dollar signs; anything else is drawn literally,
so a legend "steady J ∝ T^{3/2}" once showed its braces on the page. Every string literal in
the plotting layer (labels, legends, titles, annotations) is read for TeX outside $...$.
"""

from __future__ import annotations

import ast
import pathlib
import re

import pytest

from tests.conftest import ROOT

PLOTTING = sorted((ROOT / "fluxlib" / "plotting").glob("*.py"))
TEX_OUTSIDE_MATH = re.compile(
    r"[\^_]\{|\\(?:frac|propto|tau|mu|alpha|beta|gamma|sigma|rho|nu|lambda|Delta|partial|cdot|sqrt|mathrm|text)\b"
)


def _strings(path: pathlib.Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


@pytest.mark.parametrize("path", PLOTTING, ids=lambda p: p.name)
def test_no_tex_outside_dollars(path: pathlib.Path) -> None:
    bad = []
    for line, text in _strings(path):
        outside = re.sub(r"\$[^$]*\$", "", text)
        if TEX_OUTSIDE_MATH.search(outside):
            bad.append(f"line {line}: {text!r}")
    assert not bad, f"{path.name}: TeX drawn literally (put it between $...$): {bad}"
