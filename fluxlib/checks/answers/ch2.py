"""Answers to the exercises of chapter 2."""

from __future__ import annotations

from fluxlib.checks.base import answer  # noqa: F401
