"""The book's small named networks, as plain data: one home, no dependencies.

The models (numerics), the derivations (sympy) and the answer keys all draw the city grid of
section 1.2 and the cooling circuit of section 1.3 from here, so no layer defines them twice.
Edges are (tail, head) pairs: positive flow runs from tail to head.
"""

from __future__ import annotations

__all__ = ["CITY_NODES", "CITY_POS", "CITY_STREETS", "RUSH_HOUR", "LOOP_NODES", "LOOP_EDGES"]

#: The 2 × 3 city grid of section 1.2: junctions A1 A2 A3 (north row) and B1 B2 B3 (south row).
CITY_NODES = ("A1", "A2", "A3", "B1", "B2", "B3")

#: Junction → (x, y) in blocks, for drawing.
CITY_POS = {
    "A1": (0.0, 1.0),
    "A2": (1.0, 1.0),
    "A3": (2.0, 1.0),
    "B1": (0.0, 0.0),
    "B2": (1.0, 0.0),
    "B3": (2.0, 0.0),
}

#: Its seven one-way streets: both rows eastbound, three southbound cross streets. Two blocks,
#: so two independent loops.
CITY_STREETS = (
    ("A1", "A2"),
    ("A2", "A3"),
    ("B1", "B2"),
    ("B2", "B3"),
    ("A1", "B1"),
    ("A2", "B2"),
    ("A3", "B3"),
)

#: Rush hour, cars per hour: enter from highways at A1 and B1 (west), leave at A3 and B3 (east).
RUSH_HOUR = {"A1": 500.0, "B1": 400.0, "A3": -300.0, "B3": -600.0}

#: A closed cooling circuit (section 1.3): pump P, two cold plates C1 C2, radiator R.
LOOP_NODES = ("P", "C1", "C2", "R")
LOOP_EDGES = (("P", "C1"), ("P", "C2"), ("C1", "R"), ("C2", "R"), ("R", "P"), ("C1", "C2"))
