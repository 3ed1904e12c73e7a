"""fluxlib.validity: notes fire only outside the stated range, and read as plain sentences."""

from __future__ import annotations

from fluxlib.validity import describe, limit, notes


def test_limit_fires_only_outside() -> None:
    assert limit("Re", 1999.0, above=2000.0, why="turbulent") is None
    assert limit("Re", 2000.0, above=2000.0, why="turbulent") is None
    note = limit("Re", 2500.0, above=2000.0, why="pipe flow turns turbulent")
    assert note is not None and note.side == "above" and note.value == 2500.0
    low = limit("time t (s)", 0.5, below=1.0, why="faster than the viscous time")
    assert low is not None and low.side == "below"
    assert notes(None, note, None, low) == (note, low)


def test_describe_reads_as_sentences_and_fits_the_page() -> None:
    assert describe(()) == "Within the model's stated validity."
    long_why = "the lumped model assumes the velocity profile is parabolic at every instant " * 2
    note = limit("time scale tau (s)", 1.24, below=16.0, why=long_why.strip())
    text = describe([note])
    assert text.startswith("Outside the model's validity: time scale tau (s) = 1.24 is below 16:")
    assert all(len(line) <= 79 for line in text.splitlines())
    assert "\n" not in describe([note], width=None)


def test_several_notes_are_numbered() -> None:
    # the 3.6 panel once read "... the m = 1 kink limit q(a) = 1. edge safety factor ...":
    # a second note began a sentence in lower case
    a = limit("edge safety factor q(a)", 0.9, below=2.0, why="tokamaks disrupt")
    b = limit("safety factor on the axis q(0)", 0.3, below=0.7, why="sawteeth flatten the core")
    text = describe([a, b], width=None)
    assert text == (
        "Outside the model's validity on 2 counts: "
        "(1) edge safety factor q(a) = 0.9 is below 2: tokamaks disrupt. "
        "(2) safety factor on the axis q(0) = 0.3 is below 0.7: sawteeth flatten the core."
    )
