"""A comparison table names its sources as a reader would, and every label matches the bib.

Before, the source column printed the raw key (``[s2_6_BaurWightman1991]``). Now each key has
a short label in ``fluxlib.citations``; these tests derive the label from ``references.bib``
by one rule, so a label cannot drift from its entry, and they find every key that a
``Measurement`` in the package cites, so no table can fall back to a raw key.
"""

from __future__ import annotations

import ast

import pytest
from pybtex.database import parse_file

from fluxlib.citations import CITATIONS, cite_label
from fluxlib.tables import Comparison, Measurement
from tests.conftest import ROOT

BIB = parse_file(str(ROOT / "references.bib"))


def _plain(text: str) -> str:
    return text.replace("{", "").replace("}", "")


def label_from_bib(key: str) -> str:
    """First author's surname, both for two, "et al." for more; then the year or "n.d."."""
    entry = BIB.entries[key]
    surnames = [_plain(" ".join(p.prelast_names + p.last_names)) for p in entry.persons["author"]]
    if len(surnames) == 1:
        who = surnames[0]
    elif len(surnames) == 2:
        who = f"{surnames[0]} & {surnames[1]}"
    else:
        who = f"{surnames[0]} et al."
    return f"{who} {entry.fields.get('year', 'n.d.')}"


def cited_keys() -> dict[str, str]:
    """Every literal ``source`` of a ``Measurement(...)`` call in fluxlib, with where it is."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "fluxlib").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Measurement"):
                continue
            arg = next((k.value for k in node.keywords if k.arg == "source"), None)
            if arg is None and len(node.args) >= 4:
                arg = node.args[3]
            if isinstance(arg, ast.Constant):
                found.setdefault(arg.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_package_cites_many_sources() -> None:
    # guards the AST walk itself: if it stopped finding calls, the next test would pass emptily
    assert len(cited_keys()) >= 15


@pytest.mark.parametrize("key", sorted(cited_keys()))
def test_every_cited_source_has_a_label(key: str) -> None:
    assert key in CITATIONS, f"{cited_keys()[key]} cites {key!r}, which has no label"


@pytest.mark.parametrize("key", sorted(CITATIONS))
def test_each_label_follows_its_bib_entry(key: str) -> None:
    assert key in BIB.entries, f"{key!r} is not in references.bib"
    assert CITATIONS[key] == label_from_bib(key)


def test_no_label_is_left_over() -> None:
    assert set(CITATIONS) <= set(cited_keys())


def test_the_table_shows_the_label_not_the_key() -> None:
    cmp = Comparison([Measurement("D", 7.6e-10, "m²/s", "s2_6_BaurWightman1991")], [7.7e-10])
    shown = {
        "text": (str(cmp), "Baur & Wightman 1991"),
        "html": (cmp._repr_html_(), "<td>Baur &amp; Wightman 1991</td>"),
        "latex": (cmp._repr_latex_(), r"& Baur \& Wightman 1991 \\"),
    }
    for form, (text, label) in shown.items():
        assert label in text, form
        assert "s2_6_BaurWightman1991" not in text, form


def test_an_unlabelled_key_says_where_to_add_it() -> None:
    with pytest.raises(KeyError, match=r"fluxlib/citations\.py"):
        cite_label("nobody2099")


def test_bibliography_labels_stay_short() -> None:
    """The book's bibliography style gives every entry a short label.

    pybtex's alpha style ran a braced corporate author together ("ITERPEGoDisruptionsPControlaMHD99",
    "TransportationRBoard10"), which overflowed the PDF's label column; ``fluxalpha`` (registered
    by fluxlib.sphinxext and named in _config.yml) takes its first three letters, as BibTeX does.
    """
    from pybtex.plugin import find_plugin

    from fluxlib.sphinxext import register_bibliography_style

    assert "bibtex_default_style: fluxalpha" in (ROOT / "_config.yml").read_text(encoding="utf-8")
    register_bibliography_style()
    style = find_plugin("pybtex.style.formatting", "fluxalpha")()
    labels = {e.key: e.label for e in style.format_entries(BIB.entries.values())}
    assert labels["s3_7_IPB1999"] == "ITE99"
    assert labels["s3_6_JETstartup"] == "EUR"
    assert labels["s2_6_BaurWightman1991"] == "BW91"  # persons keep alpha's rule
    assert max(len(label) for label in labels.values()) <= 8, sorted(labels.values(), key=len)[-3:]
    # and a corporate author sorts among the letters, not after "Z" by its brace
    order = [e.key for e in style.format_entries(BIB.entries.values())]
    assert order.index("s3_6_JETstartup") < order.index("s3_5_Wesson2011")
