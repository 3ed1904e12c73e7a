"""Short, readable labels for the sources of measured values.

A :class:`~fluxlib.tables.Measurement` names its source by a key of ``references.bib``;
a reader of a comparison table should see who measured it and when, not the key. The
labels follow one rule (first author's surname; both surnames for two authors; "et al."
for three or more; then the year, or "n.d." for an undated page), and ``tests/test_citations.py`` checks each one
against ``references.bib``, so a label can never drift from its entry.
"""

from __future__ import annotations

__all__ = ["CITATIONS", "cite_label"]

CITATIONS: dict[str, str] = {
    "hall2016": "Hall 2016",
    "herbst1991": "Herbst 1991",
    "ho1972": "Ho et al. 1972",
    "mckeon2004": "McKeon et al. 2004",
    "ponganis1993": "Ponganis et al. 1993",
    "s2_1_Perrin1909": "Perrin 1909",
    "s2_2_Solomon1952": "Solomon 1952",
    "s2_6_BaurWightman1991": "Baur & Wightman 1991",
    "s2_6_KonopkaMcDuffie1970": "Konopka & McDuffie 1970",
    "s2_6_Pratt2001": "Pratt et al. 2001",
    "s2_7_MoulsonRoberts1961": "Moulson & Roberts 1961",
    "s2_7_Norton1961": "Norton 1961",
    "s3_2_Kooyman1980": "Kooyman et al. 1980",
    "s3_5_Wesson2011": "Wesson 2011",
    "s3_6_JETstartup": "EUROfusion n.d.",
    "zapol1979": "Zapol et al. 1979",
}


def cite_label(key: str) -> str:
    """The short label of ``references.bib`` entry ``key`` (for a table cell).

    Raises
    ------
    KeyError
        When ``key`` has no label: add one to :data:`CITATIONS` beside its bib entry.
    """
    try:
        return CITATIONS[key]
    except KeyError:
        raise KeyError(
            f"source {key!r} has no short label: add it to CITATIONS in fluxlib/citations.py "
            "(and the entry to references.bib)"
        ) from None
