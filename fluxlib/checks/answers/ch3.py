"""Answers to the exercises of chapter 3."""

from __future__ import annotations

from fluxlib.checks.base import answer  # noqa: F401
