"""Sphinx extension loaded by the book's ``_config.yml``.

It tells fluxlib's widgets that they are being rendered for a page with no kernel behind
it: the build process sets ``FLUXLIB_WIDGETS=static`` (unless already set), and every
kernel the build starts to execute a notebook inherits that environment. See
:mod:`fluxlib.widgets`.
"""

from __future__ import annotations

import os


def setup(app):
    os.environ.setdefault("FLUXLIB_WIDGETS", "static")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
