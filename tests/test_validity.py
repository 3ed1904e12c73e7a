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
