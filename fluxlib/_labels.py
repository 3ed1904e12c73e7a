"""Numbering of node and state labels, shared by the network and kinetic-network cores."""

from __future__ import annotations

from fluxlib.errors import FluxInputError


class LabelIndex:
    """Maps hashable labels to 0, 1, 2, ... in order of first appearance.

    ``what`` names the labels in error messages ("node", "state").
    """

    def __init__(self, what: str):
        self.what = what
        self.labels: list = []
        self.index: dict = {}

    def add(self, label) -> int:
        try:
            i = self.index.get(label)
        except TypeError:
            raise FluxInputError(f"{self.what} labels must be hashable, got {label!r}") from None
        if i is None:
            i = self.index[label] = len(self.labels)
            self.labels.append(label)
        return i
