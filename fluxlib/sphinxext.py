"""Sphinx extension loaded by the book's ``_config.yml``.

1. It tells fluxlib's widgets that they are being rendered for a page with no kernel behind
   it: the build process sets ``FLUXLIB_WIDGETS=static`` (unless already set), and every
   kernel the build starts to execute a notebook inherits that environment. See
   :mod:`fluxlib.widgets`.
2. It removes the theme colour-mode icons' titles (an accessibility mismatch) from the pages.
3. It removes duplicated inline scripts from each page: sphinx-thebe (pulled in by Jupyter
   Book) registers its configuration script once per read phase, and a page that declares
   ``const THEBE_JS_URL`` twice logs a JavaScript error.
"""

from __future__ import annotations

import os
import pathlib
import re


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for js in scripts:
        # the same inline script may be registered with filename None and with ""
        key = (getattr(js, "filename", None) or "", repr(getattr(js, "attributes", None)))
        if key in seen:
            continue
        seen.add(key)
        unique.append(js)
    scripts[:] = unique


_THEME_ICON_TITLE = re.compile(r'(<i class="theme-switch[^"]*"[^>]*?)\s+title="[^"]*"')


def _fix_theme_switch(app, exception):
    """The colour-mode button's icons carry titles ("Light", "Dark") that become the button's
    visible text and then do not match its accessible name ("Color mode"); drop them."""
    if exception is not None or app.builder.format != "html":
        return
    for page in pathlib.Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = _THEME_ICON_TITLE.sub(r'\1 aria-hidden="true"', text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def setup(app):
    os.environ.setdefault("FLUXLIB_WIDGETS", "static")
    if app is not None:
        app.connect("html-page-context", _dedupe_scripts, priority=100)
        app.connect("build-finished", _fix_theme_switch)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
