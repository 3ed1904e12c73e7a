"""Sphinx extension for the book's PDF edition (``make pdf``: Sphinx's LaTeX builder + xelatex).

It changes nothing in the HTML build: every hook below returns at once unless the builder
writes LaTeX.

1. **Figures.** A static figure (:func:`fluxlib.plotting.show`) offers ``text/html`` (a
   ``<figure>`` with its caption) and ``image/png``; LaTeX picks the PNG, which has no
   caption. Here the caption is read from the HTML and the image becomes a numbered figure
   with that caption. An interactive figure (:class:`fluxlib.widgets.Panel`) offers its
   default frame as ``image/png`` (marked by :func:`fluxlib.widgets.base.panel_info`); it
   becomes a figure whose caption is the sentence shown beneath it at the default settings,
   followed by one line saying that the live version is online, with the page's address
   (``flux_pdf_online_url`` + page).
2. **Tables.** :class:`fluxlib.tables.Table` offers ``text/latex`` (a ``tabular``), which
   myst-nb would wrap in a display-math environment; here it goes into the LaTeX as is.
3. **Solutions.** sphinx-exercise puts each solution right after its exercise (a dropdown
   in HTML). In the PDF the solutions move to an appendix, "Solutions to the exercises",
   grouped by section; each keeps its title "Solution to Exercise N", linked back to the
   exercise, and the exercise gets a line pointing to the page of its solution.
4. **Bibliography.** LaTeX collects the entries at the end of the book; they come after the
   solutions appendix, under the title of the book's references page, which is dropped
   when it holds nothing else.
5. **Numbering.** Parts are the book's chapters, LaTeX chapters its sections (see
   :func:`_number_like_the_book`).
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import pathlib
import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: The title of the appendix that collects the solutions.
SOLUTIONS_TITLE = "Solutions to the exercises"
#: The note beneath an interactive figure in the PDF, followed by the page's address online.
LIVE_NOTE = "Interactive figure, shown at its default settings. The live version is online:"

_FIGCAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.S)


def _is_latex(app: Sphinx) -> bool:
    return getattr(app.builder, "format", "") == "latex"


def _page_url(app: Sphinx, docname: str) -> str:
    base = app.config.flux_pdf_online_url
    if not base:
        return ""
    return base.rstrip("/") + "/" + docname + ".html"


def _is_mime_bundle(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and node.attributes.get("nb_element", "") == "mime_bundle"


def _mime_children(bundle: nodes.Element) -> dict[str, nodes.Element]:
    return {child.get("mime_type", ""): child for child in bundle.children}


def _image_bytes(app: Sphinx, image: nodes.image) -> bytes | None:
    # myst-nb writes outputs under _build/jupyter_execute; "candidates" is relative to srcdir
    uri = image.get("candidates", {}).get("*") or image.get("uri", "")
    path = pathlib.Path(app.srcdir) / uri.lstrip("/")
    return path.read_bytes() if path.is_file() else None


_SCRUB_IMG = re.compile(r'<img class="flux-frame" src="data:image/png;base64,([^"]+)" alt="([^"]*)"')
_SCRUB_NOTE = re.compile(r'<div class="flux-note">(.*?)</div>', re.S)
_SCRUB_TITLE = re.compile(r'^<div class="flux-scrubber"[^>]*><b>(.*?)</b>')


def _scrubber_frame(app: Sphinx, html_text: str) -> tuple[nodes.image, dict[str, str]]:
    img = _SCRUB_IMG.search(html_text)
    if img is None:
        raise ValueError("a flux-scrubber without its default frame")
    png = base64.b64decode(img.group(1))
    folder = pathlib.Path(app.outdir).parent / "jupyter_execute" / "flux_pdf"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (hashlib.sha256(png).hexdigest() + ".png")
    if not path.exists():
        path.write_bytes(png)
    uri = os.path.relpath(path, app.srcdir)
    app.env.images.add_file(app.config.root_doc, uri)  # so the LaTeX builder copies it
    note = _SCRUB_NOTE.search(html_text)
    title = _SCRUB_TITLE.search(html_text)
    info = {
        "alt": html.unescape(img.group(2)),
        "note": html.unescape(note.group(1)) if note else "",
        "title": html.unescape(title.group(1)) if title else "",
    }
    return nodes.image(uri=uri, candidates={"*": uri}), info


def _figure(image: nodes.image, caption: str, legend: list[nodes.Node] | None = None) -> nodes.figure:
    fig = nodes.figure("", classes=["flux-figure"])
    image = image.deepcopy()
    image["width"] = "100%"  # the page's text width: never spills into the margin
    if "mime_type" in image.attributes:
        del image["mime_type"]
    fig += image
    if caption:
        fig += nodes.caption(caption, caption)
    if legend:
        fig += nodes.legend("", *legend)
    return fig


class LatexFigures(SphinxPostTransform):
    """Figures with captions, panels with their live-version note (LaTeX builder only).

    Runs before myst-nb picks one output per MIME bundle (priority 4), while the HTML
    alternative (with the caption) is still there to read.
    """

    default_priority = 3
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        """Replace each figure's and each panel's output bundle by a LaTeX figure."""
        from fluxlib.widgets.base import panel_info

        app = self.app
        bundles = [
            (n, a[-1], doc) for n, a, doc in _walk(self.document, self.config.root_doc) if _is_mime_bundle(n)
        ]
        for bundle, parent, docname in bundles:
            kids = _mime_children(bundle)
            raw = kids.get("text/html")
            html_text = raw.astext() if raw is not None else ""
            wrapper = kids.get("image/png")
            image = wrapper if isinstance(wrapper, nodes.image) else None
            if wrapper is not None and image is None:
                image = wrapper.next_node(nodes.image)  # myst-nb wraps each alternative
            if image is not None:
                png = _image_bytes(app, image)
                info = panel_info(png) if png else None
            elif 'class="flux-scrubber"' in html_text:
                # executed by a fluxlib older than the image/png alternative (a stale cache):
                # take the default frame and its sentence from the scrubber itself
                image, info = _scrubber_frame(app, html_text)
            else:
                continue
            if info is not None:
                url = _page_url(app, docname)
                caption = " ".join(p for p in (info.get("title", ""), info.get("note", "")) if p)
                line = nodes.paragraph("", LIVE_NOTE + " ")
                if url:
                    line += nodes.reference(url, url, refuri=url)
                else:
                    line += nodes.Text("in the HTML edition of this book.")
                parent.replace(bundle, _figure(image, caption or info.get("alt", ""), [line]))
            elif 'class="flux-figure"' in html_text:
                match = _FIGCAPTION.search(html_text)
                caption = html.unescape(match.group(1)).strip() if match else ""
                parent.replace(bundle, _figure(image, caption))


_TEXT_SPECIALS = {"^": r"\textasciicircum{}", "_": r"\_", "#": r"\#", "%": r"\%", "&": r"\&"}


def _escape_text_groups(latex: str) -> str:
    r"""Escape ``^ _ # % &`` inside ``\text{...}``.

    MathJax shows them as typed (a derivation note such as "average of (1 - r/R)^q"); LaTeX stops with
    "Missing $ inserted".
    """
    out, i = [], 0
    while True:
        j = latex.find(r"\text{", i)
        if j < 0:
            out.append(latex[i:])
            return "".join(out)
        k = j + len(r"\text{")
        out.append(latex[i:k])
        depth = 1
        while k < len(latex) and depth:
            ch = latex[k]
            if ch == "\\" and k + 1 < len(latex):
                out.append(latex[k : k + 2])
                k += 2
                continue
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            out.append(_TEXT_SPECIALS.get(ch, ch) if depth else ch)
            k += 1
        i = k


_DISPLAY_ENVS = re.compile(r"\\begin\{(?:align|equation|gather|multline|eqnarray|flalign)")


class LatexTables(SphinxPostTransform):
    """``text/latex`` outputs: tables go into the LaTeX unchanged, not into math.

    Displayed math (derivations) is scaled down to the text width when wider.
    """

    default_priority = 5  # after myst-nb chose the MIME type
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        """Put each ``text/latex`` table into the LaTeX as it is, and fit each derivation to the width."""
        for block in list(self.document.findall(nodes.math_block)):
            if "text_latex" not in block.get("classes", []):
                continue
            text = block.astext()
            if r"\begin{tabular}" not in text:
                fixed = _escape_text_groups(text)
                if _DISPLAY_ENVS.search(fixed):
                    if fixed != text:
                        block.replace_self(nodes.math_block(fixed, fixed, **block.attributes))
                    continue
                # a wide derivation (a long SymPy expression) shrinks to the text width
                # instead of running into the margin; narrow ones keep their size
                latex = (
                    "\\begin{center}\\adjustbox{max width=\\linewidth}{$\\displaystyle "
                    + fixed
                    + "$}\\end{center}\n"
                )
                block.replace_self(nodes.raw(latex, latex, format="latex"))
                continue
            # keep each table where the text puts it
            text = text.replace(r"\begin{table}[h]", r"\begin{table}[H]")
            # an unescaped % (e.g. "within 5 %." after a comparison) would start a comment
            text = re.sub(r"(?<!\\)%", r"\\%", text)
            # Table escapes & % # _ but not ^ (units such as "eV^1.5") or $
            text = re.sub(r"(?<!\\)\^", r"\\textasciicircum{}", text)
            text = re.sub(r"(?<!\\)\$", r"\\$", text)
            # a wide table (a comparison with its sources) shrinks to the text width
            text = text.replace(r"\begin{tabular}", r"\adjustbox{max width=\linewidth}{\begin{tabular}")
            text = text.replace(r"\end{tabular}", r"\end{tabular}}")
            block.replace_self(nodes.raw(text, text, format="latex"))


def _solution_label(app: Sphinx, sol: nodes.Element) -> str:
    """The label sphinx-exercise gives a solution in LaTeX (see its ``visit_solution_node``)."""
    entry = app.env.sphinx_exercise_registry[sol["label"]]  # type: ignore[attr-defined]
    return f"{entry.get('docname')}:{sol['label']}"


def _walk(node: nodes.Node, doc: str, ancestors: tuple[nodes.Element, ...] = ()):
    """Yield ``(node, ancestors, docname)`` top-down.

    sphinx-jupyterbook-latex rearranges the assembled tree without updating every
    ``parent`` pointer, so the source document and the parent of a node are tracked here
    rather than read from ``node.parent``.
    """
    if isinstance(node, addnodes.start_of_file):
        doc = node["docname"]
    yield node, ancestors, doc
    if isinstance(node, nodes.Element):
        for child in list(node.children):
            yield from _walk(child, doc, (*ancestors, node))


def _move_solutions(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Solutions into an appendix, then the bibliography (LaTeX builder only)."""
    if not _is_latex(app) or docname != app.config.root_doc:
        return
    from sphinx.builders.latex.nodes import thebibliography
    from sphinx_exercise.nodes import solution_node

    groups: dict[str, list[nodes.Element]] = {}
    bibliographies: list[tuple[nodes.Element, nodes.Element]] = []
    bib_page: tuple[nodes.Element, tuple[nodes.Element, ...]] | None = None
    for node, ancestors, doc in list(_walk(doctree, docname)):
        if isinstance(node, solution_node):
            label = _solution_label(app, node)
            pointer = nodes.paragraph(classes=["flux-solution-pointer"])
            pointer += nodes.raw(
                "",
                rf"\hyperref[{label}]{{\emph{{Solution: page~\pageref*{{{label}}}}}}}",
                format="latex",
            )
            ancestors[-1].replace(node, pointer)
            groups.setdefault(doc, []).append(node)
        elif isinstance(node, thebibliography):
            bibliographies.append((node, ancestors[-1]))
        elif (
            isinstance(node, addnodes.start_of_file)
            and node["docname"] == app.config.flux_pdf_bibliography_page
        ):
            bib_page = (node, ancestors)

    _number_like_the_book(app, doctree, docname)
    appendix = nodes.document(doctree.settings, doctree.reporter)
    appendix["docname"] = "flux-solutions"
    # numbered again after an unnumbered part ("Back matter")
    appendix += nodes.raw("", r"\setcounter{secnumdepth}{\fluxsecnumdepth}" + "\n", format="latex")
    # the book's top level is \part: an untitled section makes the appendix a \chapter
    holder = nodes.section()
    appendix += holder
    if groups:
        chapter = nodes.section(ids=["flux-solutions"], names=[SOLUTIONS_TITLE.lower()])
        chapter += nodes.title(SOLUTIONS_TITLE, SOLUTIONS_TITLE)
        intro = (
            "The solutions to the exercises, section by section. Each names the exercise it "
            "answers; the exercise's number links back to it."
        )
        chapter += nodes.paragraph(intro, intro)
        for doc, sols in groups.items():
            title = app.env.titles[doc].astext() if doc in app.env.titles else doc
            match = _CHAPTER_TITLE.match(title)
            if match:
                title = f"Section {match.group(1)}.{match.group(2)}: {match.group(3)}"
            # start_of_file: references inside a solution resolve against its own page
            start = addnodes.start_of_file(docname=doc)
            sub = nodes.section(ids=[f"flux-solutions-{nodes.make_id(doc)}"])
            sub += nodes.title(title, title)
            sub.extend(sols)
            start += sub
            chapter += start
        holder += chapter
    doctree += appendix

    # the bibliography closes the book, after the appendix, under its page's title
    if bibliographies and bib_page is not None:
        heading = next(iter(bib_page[0].findall(nodes.title)), None)
        if heading is not None:
            name = heading.astext().replace("\\", "").replace("{", "").replace("}", "")
            appendix += nodes.raw("", rf"\renewcommand{{\bibname}}{{{name}}}" + "\n", format="latex")
    for bib, parent in bibliographies:
        parent.remove(bib)
        appendix += bib
    # the bibliography page itself (a title over the bibliography directive) is empty in
    # LaTeX, where the entries move to the end: drop it
    if bibliographies and bib_page is not None:
        page, ancestors = bib_page
        title = next(iter(page.findall(nodes.title)), None)
        rest = page.astext().replace(title.astext() if title else "", "", 1).strip()
        if not rest:
            ancestors[-1].remove(page)  # its part ("Back matter") now heads the appendix


_PART_TITLE = re.compile(r"^Chapter (\d+):\s*(.+)$")
_CHAPTER_TITLE = re.compile(r"^(\d+)\.(\d+)\s+(.+)$")


def _set_title(title: nodes.title, text: str) -> None:
    title.children = []
    title += nodes.Text(text)


def _number_like_the_book(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """LaTeX numbers the book's own way.

    Parts are the book's chapters ("Chapter 1"), LaTeX chapters its sections ("Section 1.1"), and the pages
    before Chapter 1 go unnumbered.

    A part titled "Chapter N: X" becomes part N titled X, a page titled "N.M X" becomes
    chapter N.M titled X, so LaTeX prints each number once and figures and equations are
    numbered N.M.k. The preamble (see :func:`_plain_latex_class`) names the levels.
    """
    saved = False
    for node, ancestors, _doc in list(_walk(doctree, docname)):
        if not isinstance(node, addnodes.start_of_file) or not ancestors:
            continue
        section = next((c for c in node.children if isinstance(c, nodes.section)), None)
        title = section.next_node(nodes.title) if section is not None else None
        if title is None:
            continue
        text = title.astext()
        before = ""
        if node["docname"] not in app.env.all_docs:  # a part made from a toctree caption
            match = _PART_TITLE.match(text)
            if match:
                before = rf"\setcounter{{secnumdepth}}{{\fluxsecnumdepth}}\setcounter{{part}}{{{int(match.group(1)) - 1}}}"
                _set_title(title, match.group(2))
            else:  # "Using this book": unnumbered, like a front matter
                before = r"\setcounter{secnumdepth}{-2}"
            if not saved:
                before = r"\edef\fluxsecnumdepth{\the\value{secnumdepth}}" + before
                saved = True
        else:
            match = _CHAPTER_TITLE.match(text)
            if match and len(ancestors) > 1:
                before = rf"\setcounter{{chapter}}{{{int(match.group(2)) - 1}}}"
                _set_title(title, match.group(3))
        if before:
            ancestors[-1].insert(ancestors[-1].index(node), nodes.raw("", before + "\n", format="latex"))


def _plain_latex_class(app: Sphinx, config: Config) -> None:
    """Use Sphinx's own book class, not sphinx-jupyterbook-latex's ``jupyterBook`` class.

    That class loads TikZ/pgfplots (slow) and ``bbm`` (not in Debian's texlive-latex-extra) for
    macros the book never uses. Runs after sphinx-jupyterbook-latex's ``config-inited``.
    """
    config["latex_theme"] = "manual"
    elements = config["latex_elements"]
    elements["preamble"] = elements.get("preamble", "") + _CELL_ENVIRONMENTS + _NUMBERING


# The book's levels: a LaTeX part is a chapter of the book, a LaTeX chapter one of its sections.
_NUMBERING = r"""
\addto\captionsenglish{\renewcommand{\partname}{Chapter}\renewcommand{\chaptername}{Section}}
\renewcommand{\thepart}{\arabic{part}}
\renewcommand{\thechapter}{\arabic{part}.\arabic{chapter}}
\def\fluxsecnumdepth{2}
\setlength{\headheight}{14pt}  % fancyhdr's running heads need it
% figures, tables and equations numbered within the section: Fig. 3.7.1, (3.7.1), A.2
\AtBeginDocument{%
  \renewcommand{\thefigure}{\ifnum\value{chapter}>0 \thechapter.\fi\arabic{figure}}%
  \renewcommand{\thetable}{\ifnum\value{chapter}>0 \thechapter.\fi\arabic{table}}%
  \renewcommand{\theequation}{\ifnum\value{chapter}>0 \thechapter.\fi\arabic{equation}}}
"""

# What the jupyterBook class defined and sphinx-jupyterbook-latex's output uses: a frame for
# code cells (grey) and an indented one for their outputs.
_CELL_ENVIRONMENTS = r"""
\usepackage[strict]{changepage}
\usepackage{adjustbox}
\definecolor{CodeBlockInputBorderColor}{RGB}{204,204,204}
\definecolor{CodeBlockInputColor}{RGB}{247,247,247}
\definecolor{CodeBlockOutputBorderColor}{RGB}{247,247,247}
\definecolor{CodeBlockOutputColor}{RGB}{252,252,252}
\newenvironment{sphinxVerbatimInput}
  {\colorlet{VerbatimBorderColor}{CodeBlockInputBorderColor}%
   \colorlet{VerbatimColor}{CodeBlockInputColor}%
   \begin{adjustwidth}{5pt}{}}
  {\end{adjustwidth}}
\newenvironment{sphinxVerbatimOutput}
  {\colorlet{VerbatimBorderColor}{CodeBlockOutputBorderColor}%
   \colorlet{VerbatimColor}{CodeBlockOutputColor}%
   \begin{adjustwidth}{20pt}{}}
  {\end{adjustwidth}}
"""


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the PDF edition's transforms, numbering and configuration values."""
    app.connect("config-inited", _plain_latex_class, priority=900)
    app.add_config_value("flux_pdf_online_url", "", "env", [str])
    app.add_config_value("flux_pdf_bibliography_page", "book/references", "env", [str])
    app.add_post_transform(LatexFigures)
    app.add_post_transform(LatexTables)
    app.connect("doctree-resolved", _move_solutions)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
