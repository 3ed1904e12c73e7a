"""Numbering of node and state labels, shared by the network and kinetic-network cores."""

from __future__ import annotations

from collections.abc import Hashable

from fluxlib.errors import FluxInputError


class LabelIndex:
    """Maps hashable labels to 0, 1, 2, ... in order of first appearance.

    ``what`` names the labels in error messages ("node", "state").
    """

    def __init__(self, what: str):
        self.what = what
        self.labels: list[Hashable] = []
        self.index: dict[Hashable, int] = {}

    def add(self, label: Hashable) -> int:
        """The number of ``label``, given the next free one if it is new."""
        try:
            i = self.index.get(label)
        except TypeError:
            raise FluxInputError(f"{self.what} labels must be hashable, got {label!r}") from None
        if i is None:
            i = self.index[label] = len(self.labels)
            self.labels.append(label)
        return i
