"""Coursework tooling for Flux: build otter-grader assignments and grade submissions in a sandbox."""
