"""fluxlib.tables: numbers as tables on every medium, and model-versus-measurement agreement."""

from __future__ import annotations

import math

import pytest

from fluxlib.tables import Comparison, Measurement, Table, fmt


def test_fmt_significant_figures() -> None:
    assert fmt(3000.0) == "3000"
    assert fmt(24567.0) == "24600"
    assert fmt(0.012345) == "0.0123"
    assert fmt(1.5e-5) == "1.50e-05"
    assert fmt(7) == "7"
    assert fmt("Cu") == "Cu"
    assert fmt(math.inf) == "inf"


def test_table_renders_everywhere() -> None:
    t = Table(["metal", "k (W/m/K)"], [["Cu", 401.0], ["Al & Zn", 237.0]], caption="Conductivity")
    text = str(t).splitlines()
    assert text[0] == "Conductivity" and text[1].split() == ["metal", "k", "(W/m/K)"]
    assert "<td>Al &amp; Zn</td>" in t._repr_html_()
    latex = t._repr_latex_()
    assert r"Al \& Zn & 237 \\" in latex and latex.count(r"\hline") == 3


def test_comparison_agreement_in_numbers() -> None:
    ms = [Measurement("a", 2.0, "m", "src"), Measurement("b", 10.0, "m", "src")]
    c = Comparison(ms, [2.2, 8.0])
    assert c.ratios == pytest.approx([1.1, 0.8])
    assert c.max_relative_error == pytest.approx(0.2)
    assert c.worst_ratio == pytest.approx(0.8)
    assert c.summary() == "The model differs from each of the 2 measurements by at most 20 %."
    assert "[src]" in str(c)
    with pytest.raises(ValueError, match="1 predictions for 2 measurements"):
        Comparison(ms, [1.0])


@pytest.mark.parametrize(
    "prediction, stated",
    [(1.0127, "1.3"), (1.684, "69"), (1.05, "5"), (0.95, "5"), (1.099, "9.9"), (1.1049, "11")],
)
def test_at_most_is_an_upper_bound(prediction: float, stated: str) -> None:
    # "at most" never rounds below the error it states (a 1.27 % error once read "1 %")
    c = Comparison([Measurement("a", 1.0, "m", "k")], [prediction])
    assert c.summary() == f"The model differs from the measurement by at most {stated} %."
    assert float(stated) >= 100 * c.max_relative_error - 1e-9


def test_an_exact_match_is_said_plainly() -> None:
    # "differs from the measurement by at most 0 %" (3.7's q(a) limit) read like a slip
    c = Comparison([Measurement("a", 2.0, "1", "k")], [2.0])
    assert c.summary() == "The model equals the measurement (to the figures given)."
    two = Comparison([Measurement("a", 2.0, "1", "k"), Measurement("b", 1.0, "1", "k")], [2.0, 1.0])
    assert two.summary() == "The model equals each of the 2 measurements (to the figures given)."


def test_latex_is_escaped() -> None:
    t = Table(["x^2 (m$)"], [["50 % ~ a_b {c}"]])
    latex = t._repr_latex_()
    assert r"x\^{}2 (m\$)" in latex
    assert r"50 \% \textasciitilde{} a\_b \{c\}" in latex
    c = Comparison([Measurement("a", 2.0, "m", "k")], [1.0])
    assert c._repr_latex_().endswith(r"by at most 50 \%.")


def test_numbers_are_marked_so_the_page_keeps_them_whole() -> None:
    html = Table(["r (µm)", "verdict"], [[0.01, "no: kinetics"], [1e-6, "yes"]])._repr_html_()
    assert '<td class="num">0.01</td>' in html and '<td class="num">1.00e-06</td>' in html
    assert "<td>no: kinetics</td>" in html
