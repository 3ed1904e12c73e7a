"""Sphinx extension loaded by the book's ``_config.yml``.

1. It tells fluxlib's widgets that they are being rendered for a page with no kernel behind
   it: the build process sets ``FLUXLIB_WIDGETS=static`` (unless already set), and every
   kernel the build starts to execute a notebook inherits that environment. See
   :mod:`fluxlib.widgets`.
2. It removes the theme colour-mode icons' titles (an accessibility mismatch) from the pages,
   and the bibliography's ``role="list"`` (its entries are not list items).
3. It removes duplicated inline scripts from each page: sphinx-thebe (pulled in by Jupyter
   Book) registers its configuration script once per read phase, and a page that declares
   ``const THEBE_JS_URL`` twice logs a JavaScript error.
4. Readers can find things. Every notebook page ends with links to the fluxlib source files
   its code imports (:func:`fluxlib_sources`; the repository is ``repository.url`` of
   ``_config.yml``). The directive ``{flux-contents}`` writes one line per chapter with every
   section's estimated reading time (:func:`reading_minutes`, from word counts at build time)
   and ``{flux-idea}`` draws the landing page's figure as inline SVG from the table of
   contents (:func:`idea_figure`).
5. Citation labels stay short. It registers the bibliography style ``fluxalpha``
   (``bibtex_default_style`` in ``_config.yml``): pybtex's ``alpha`` labels, except that a
   corporate author written in braces (``{{EUROfusion}}``) gives its first three letters, as
   BibTeX's alpha.bst does, instead of the whole name run together
   ("ITERPEGoDisruptionsPControlaMHD99", which overflowed the PDF's label column), and it
   sorts by its letters, not after "z" by its opening brace.
"""

from __future__ import annotations

import os
import pathlib
import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx import addnodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _dedupe_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
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


def _fix_theme_switch(app: Sphinx, exception: BaseException | None) -> None:
    """Drop the titles of the colour-mode button's icons.

    They ("Light", "Dark") become the button's visible text and then do not match its
    accessible name ("Color mode").
    """
    if exception is not None or app.builder.format != "html":
        return
    for page in pathlib.Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = _THEME_ICON_TITLE.sub(r'\1 aria-hidden="true"', text)
        # docutils marks the bibliography role="list" but its entries are not list items
        # (axe: aria-required-children); the entries keep their own role.
        fixed = fixed.replace('<div role="list" class="citation-list">', '<div class="citation-list">')
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


# --- Readers can find things: source links, reading times, the landing page's figure ---------

#: Reading speed used for the estimated reading times (words of prose, math and code per minute).
WORDS_PER_MINUTE = 200

_FROM_IMPORT = re.compile(r"^\s*from\s+(fluxlib(?:\.\w+)*)\s+import\s+(\([^)]*\)|[^\n]*)", re.M)
_IMPORT = re.compile(r"^\s*import\s+(fluxlib(?:\.\w+)*)(?:\s+as\s+(\w+))?", re.M)
_FROM_IMPORT_PKG = re.compile(r"^\s*from\s+fluxlib\s+import\s+(\w+)\s+as\s+(\w+)", re.M)
_WORD = re.compile(r"\S+")
_HEADING = re.compile(r"^#\s+(.+?)\s*$", re.M)


def _module_file(root: pathlib.Path, module: str) -> pathlib.Path | None:
    """The source file of a dotted fluxlib module name, or None if there is none."""
    base = root.joinpath(*module.split("."))
    for cand in (base.with_suffix(".py"), base / "__init__.py"):
        if cand.is_file():
            return cand
    return None


def notebook_cells(path: pathlib.Path) -> list[tuple[str, str]]:
    """(cell type, source) of every cell of a notebook (``.ipynb``) or one markdown cell (``.md``)."""
    import json

    if path.suffix != ".ipynb":
        return [("markdown", path.read_text(encoding="utf-8"))]
    nb = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for cell in nb.get("cells", []):
        src = cell.get("source", "")
        out.append((cell.get("cell_type", ""), "".join(src) if isinstance(src, list) else src))
    return out


def fluxlib_sources(code: str, root: pathlib.Path) -> list[str]:
    """Paths (relative to ``root``, the repository) of the fluxlib modules that ``code`` imports.

    ``from fluxlib.a import b`` names ``fluxlib/a/b.py`` when ``b`` is a module, else the file
    of ``fluxlib.a``; ``import fluxlib as fl`` followed by ``fl.checks.check_answer(...)`` names
    the deepest module that the attribute chain reaches. The package's own ``__init__`` and
    the exercise answers (``fluxlib/checks/answers``) are left out.
    """
    found: set[pathlib.Path] = set()
    aliases: dict[str, str] = {}
    for m in _IMPORT.finditer(code):
        aliases[m.group(2) or m.group(1).split(".")[0]] = m.group(1)
    for m in _FROM_IMPORT_PKG.finditer(code):
        aliases[m.group(2)] = f"fluxlib.{m.group(1)}"
    for m in _FROM_IMPORT.finditer(code):
        module = m.group(1)
        names = [n.split(" as ")[0].strip("() \n") for n in m.group(2).split("#")[0].split(",")]
        hit_module = False
        for name in filter(None, names):
            if re.fullmatch(r"\w+", name) and (f := _module_file(root, f"{module}.{name}")):
                found.add(f)
                hit_module = True
        if not hit_module and (f := _module_file(root, module)):
            found.add(f)
    for alias, module in aliases.items():
        for chain in re.findall(rf"\b{re.escape(alias)}((?:\.\w+)+)", code):
            parts = chain.strip(".").split(".")
            best = None
            for i in range(1, len(parts) + 1):
                f = _module_file(root, ".".join([module, *parts[:i]]))
                if f is None:
                    break
                best = f
            if best is not None:
                found.add(best)
    rel = set()
    for f in found:
        r = f.relative_to(root).as_posix()
        if r == "fluxlib/__init__.py" or r.startswith("fluxlib/checks/answers"):
            continue
        rel.add(r)
    return sorted(rel)


def reading_minutes(cells: list[tuple[str, str]]) -> int:
    """Estimated reading time in whole minutes.

    Every word of prose, math and code (outputs are not counted) at :data:`WORDS_PER_MINUTE`, rounded up. The
    Colab install cell (the first code cell, tagged ``remove-cell``) is not shown in the book and is left out.
    """
    words = 0
    for kind, src in cells:
        if kind == "code" and "google.colab" in src:
            continue
        words += len(_WORD.findall(src))
    return max(1, -(-words // WORDS_PER_MINUTE))


def _repo_url(app: Sphinx) -> str:
    url = ""
    try:
        url = app.config.html_theme_options.get("repository_url", "") or ""
    except AttributeError:
        pass
    if not url:
        import yaml

        cfg = pathlib.Path(app.confdir) / "_config.yml"
        if cfg.exists():
            url = (yaml.safe_load(cfg.read_text()) or {}).get("repository", {}).get("url", "")
    return url.rstrip("/")


def _source_links(app: Sphinx, doctree: nodes.document) -> None:
    """Append to each notebook page a line linking the fluxlib files its code imports."""
    env = app.env
    path = pathlib.Path(env.doc2path(env.docname))
    if path.suffix != ".ipynb":
        return
    root = pathlib.Path(__file__).resolve().parents[1]
    code = "\n".join(src for kind, src in notebook_cells(path) if kind == "code")
    files = fluxlib_sources(code, root)
    if not files:
        return
    base = _repo_url(app)
    para = nodes.paragraph()
    para += nodes.strong(text="The code behind this section: ")
    for i, rel in enumerate(files):
        if i:
            para += nodes.Text(" · ")
        link = nodes.reference(refuri=f"{base}/blob/main/{rel}", internal=False)
        link += nodes.literal(text=rel)
        para += link
    para += nodes.Text(".")
    box = nodes.container(classes=["flux-source"])
    box += para
    sections = [n for n in doctree.children if isinstance(n, nodes.section)]
    (sections[0] if sections else doctree).append(box)


def _toc_entries(app: Sphinx) -> list[tuple[str, list[str]]]:
    """(part caption, [docname, ...]) from the book's ``_toc.yml``."""
    import yaml

    toc = yaml.safe_load((pathlib.Path(app.confdir) / "_toc.yml").read_text())
    parts = []
    for part in toc.get("parts", []):
        docs = []
        for ch in part.get("chapters", []):
            docs.append(ch["file"])
            docs += [s["file"] for s in ch.get("sections", [])]
        parts.append((part.get("caption", ""), docs))
    return parts


def _doc_info(app: Sphinx, docname: str) -> tuple[str, int]:
    """(title, reading minutes) of a page, from its source."""
    path = pathlib.Path(app.env.doc2path(docname))
    cells = notebook_cells(path)
    title = docname
    for kind, src in cells:
        if kind == "markdown" and (m := _HEADING.search(src)):
            title = m.group(1).strip()
            break
    return title, reading_minutes(cells)


def _chapters(app: Sphinx) -> list[tuple[str, list[tuple[str, str, int]]]]:
    """The chapters: ``[(caption, [(docname, title, minutes), ...]), ...]``.

    Only the parts whose caption names a chapter; each page read is noted as a dependency of
    the current document.
    """
    out = []
    for caption, docs in _toc_entries(app):
        if not caption.lower().startswith("chapter"):
            continue
        items = []
        for doc in docs:
            title, minutes = _doc_info(app, doc)
            app.env.note_dependency(str(app.env.doc2path(doc)))
            items.append((doc, title, minutes))
        out.append((caption, items))
    return out


def _round5(minutes: int) -> int:
    return max(5, 5 * round(minutes / 5))


class ContentsDirective(Directive):
    """``{flux-contents}``: one line per chapter, each section linked with its reading time.

    The times are computed from the sources at build time by :func:`reading_minutes`).
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        """The contents as a bullet list, one paragraph per chapter."""
        app = self.state.document.settings.env.app
        docname = app.env.docname
        blist = nodes.bullet_list(classes=["flux-contents"])
        for caption, items in _chapters(app):
            total = sum(m for _, _, m in items)
            para = nodes.paragraph()
            para += nodes.strong(text=caption)
            para += nodes.Text(f" (about {_round5(total)} min): ")
            for i, (doc, title, minutes) in enumerate(items):
                if i:
                    para += nodes.Text(" · ")
                ref = addnodes.pending_xref(
                    "",
                    refdomain="std",
                    reftype="doc",
                    reftarget="/" + doc,
                    refexplicit=True,
                    refwarn=True,
                    refdoc=docname,
                )
                ref += nodes.inline(text=title)
                para += ref
                para += nodes.Text(f"\u00a0({minutes}\u00a0min)")
            item = nodes.list_item()
            item += para
            blist += item
        return [blist]


def _svg_text(
    x: float, y: float, text: str, size: int = 13, anchor: str = "middle", weight: str = "normal"
) -> str:
    import html as _html

    return (
        f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="currentColor">{_html.escape(text)}</text>'
    )


_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"]  # Okabe-Ito
_LAW = "\u2202\u03c1/\u2202t = \u2212\u2207\u00b7q + s"
_LAW_WORDS = "what accumulates = what flows in \u2212 what flows out + what is made"


def _svg(width: float, height: float, alt: str, parts: list[str], cls: str) -> str:
    import html as _html

    return (
        f'<svg class="flux-idea {cls}" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="{_html.escape(alt)}" xmlns="http://www.w3.org/2000/svg" font-family="inherit">'
        f"<title>{_html.escape(alt)}</title>" + "".join(parts) + "</svg>"
    )


def _law_box(cx: float, half: float, lines: list[str]) -> tuple[list[str], float]:
    """The balance law in a box at the top, with its reading in words beneath.

    The reading takes one or more lines. Returns the SVG parts and the box's bottom edge.
    """
    bottom = 52 + 17 * len(lines)
    parts = [
        f'<rect x="{cx - half:.0f}" y="8" width="{2 * half:.0f}" height="{bottom - 8}" rx="10" '
        'fill="#0072B2" fill-opacity="0.08" stroke="#0072B2" stroke-width="1.5"/>',
        _svg_text(cx, 40, _LAW, size=22, weight="bold"),
    ]
    parts += [_svg_text(cx, 64 + 17 * k, line, size=13) for k, line in enumerate(lines)]
    return parts, bottom


def idea_figure(chapters: list[tuple[str, list[tuple[str, str, int]]]]) -> tuple[str, str, str]:
    """The landing page's figure as inline SVG, drawn from the table of contents.

    The one balance law at the top and every chapter's sections hanging from it.

    ``chapters`` is ``[(caption, [(docname, title, minutes), ...]), ...]``. Returns
    ``(wide, narrow, alt)``: the full figure (sections listed under their chapters) and a
    compact one for phones (chapters only, with their section ranges), both labelled with
    ``alt``, which names every section.
    """
    n = max(1, len(chapters))
    short = [caption.split(":", 1)[-1].strip() for caption, _ in chapters]
    listing = "; ".join(
        f"{name}: " + ", ".join(t for _, t, _ in items)
        for name, (_, items) in zip(short, chapters, strict=True)
    )
    alt = (
        f"Diagram: one balance law, {_LAW} (what accumulates equals what flows in minus what flows "
        f"out plus what is made), at the top, with the {sum(len(i) for _, i in chapters)} sections "
        f"of the book's {n} chapters hanging from it. {listing}."
    )
    # wide: three columns of sections
    width, col_w, top, row = 810, 270, 150, 21
    rows = max((len(items) for _, items in chapters), default=0)
    parts, law_bottom = _law_box(width / 2, 250, [_LAW_WORDS])
    x0 = (width - n * col_w) / 2
    for k, (_, items) in enumerate(chapters):
        cx, color = x0 + col_w * (k + 0.5), _COLORS[k % len(_COLORS)]
        parts.append(
            f'<path d="M{width / 2:.0f},{law_bottom} C{width / 2:.0f},110 {cx:.0f},100 {cx:.0f},{top - 22}" '
            f'fill="none" stroke="{color}" stroke-width="2"/>'
        )
        parts.append(_svg_text(cx, top - 6, short[k], size=14, weight="bold"))
        for j, (_, title, _) in enumerate(items):
            row_y = top + 18 + j * row
            parts.append(f'<circle cx="{cx - col_w / 2 + 12:.0f}" cy="{row_y - 4}" r="4" fill="{color}"/>')
            label = title if len(title) <= 38 else title[:37] + "\u2026"
            parts.append(_svg_text(cx - col_w / 2 + 21, row_y, label, size=12, anchor="start"))
    wide = _svg(width, top + 18 + max(rows - 1, 0) * row + 12, alt, parts, "flux-idea-wide")
    # narrow: the chapters stacked under the law, each with its range of sections
    width, box_h, gap = 360, 46, 14
    words = _LAW_WORDS.split(" \u2212 ")
    parts, bottom = _law_box(width / 2, 170, [words[0], "\u2212 " + words[1]])
    y = float(bottom)
    for k, (_, items) in enumerate(chapters):
        color = _COLORS[k % len(_COLORS)]
        top_y = y + gap + 10
        parts.append(
            f'<path d="M{width / 2:.0f},{y} L{width / 2:.0f},{top_y}" stroke="{color}" stroke-width="2"/>'
        )
        parts.append(
            f'<rect x="20" y="{top_y}" width="{width - 40}" height="{box_h}" rx="8" fill="{color}" '
            f'fill-opacity="0.10" stroke="{color}" stroke-width="1.5"/>'
        )
        first, last = items[0][1].split()[0], items[-1][1].split()[0]
        parts.append(_svg_text(width / 2, top_y + 20, short[k], size=15, weight="bold"))
        parts.append(_svg_text(width / 2, top_y + 38, f"sections {first} to {last}", size=12))
        y = top_y + box_h
    narrow = _svg(width, y + 8, alt, parts, "flux-idea-narrow")
    return wide, narrow, alt


class IdeaFigureDirective(Directive):
    """``{flux-idea}``: the landing page's figure, generated from the table of contents."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """The figure as raw HTML."""
        app = self.state.document.settings.env.app
        wide, narrow, _ = idea_figure(_chapters(app))
        caption = (
            "One conservation law, many systems: every section of the book applies the same "
            "balance to a different flow."
        )
        html_out = (
            f'<figure class="flux-idea-figure">{wide}{narrow}<figcaption>{caption}</figcaption></figure>'
        )
        return [nodes.raw("", html_out, format="html")]


def corporate_label(persons: Any) -> str | None:
    """The three-letter label part of a single braced corporate author, else None.

    ``{{ITER Physics Expert Group ...}}`` -> ``"ITE"``, ``{{EUROfusion}}`` -> ``"EUR"``.
    """
    if len(persons) != 1:
        return None
    names = [*persons[0].first_names, *persons[0].middle_names, *persons[0].prelast_names]
    last = list(persons[0].last_names)
    if names or len(last) != 1 or not (last[0].startswith("{") and last[0].endswith("}")):
        return None
    letters = re.sub(r"[^0-9A-Za-z]", "", last[0])
    return letters[:3] or None


def register_bibliography_style() -> None:
    """Register ``fluxalpha`` with pybtex: alpha labels with short corporate authors."""
    from pybtex.plugin import register_plugin
    from pybtex.style.formatting.alpha import Style as AlphaStyle
    from pybtex.style.labels.alpha import LabelStyle as AlphaLabels
    from pybtex.style.sorting.author_year_title import SortingStyle as AuthorYearTitle

    class FluxLabels(AlphaLabels):  # type: ignore[misc]
        def format_lab_names(self, persons: Any) -> str:
            short = corporate_label(persons)
            return short if short is not None else str(super().format_lab_names(persons))

    class FluxSorting(AuthorYearTitle):  # type: ignore[misc]
        def person_key(self, person: Any) -> str:
            # a braced corporate name sorts by its letters, not after "z" by its "{"
            return str(super().person_key(person)).replace("{", "").replace("}", "")

    class FluxStyle(AlphaStyle):  # type: ignore[misc]
        default_label_style = FluxLabels
        default_sorting_style = FluxSorting

    register_plugin("pybtex.style.formatting", "fluxalpha", FluxStyle, force=True)


def setup(app: Sphinx | None) -> dict[str, Any]:
    """Register the extension: static widgets, the page fixes, source links and directives."""
    os.environ.setdefault("FLUXLIB_WIDGETS", "static")
    if app is not None:
        register_bibliography_style()
        app.connect("html-page-context", _dedupe_scripts, priority=100)
        app.connect("build-finished", _fix_theme_switch)
        app.connect("doctree-read", _source_links)
        app.add_directive("flux-contents", ContentsDirective)
        app.add_directive("flux-idea", IdeaFigureDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
