"""Sphinx extension: the site read with a screen reader, a keyboard or a phone (issue 16).

- Names that match what the screen shows: myst-nb's "Show code cell source" toggles were named
  "Toggle hidden content" (an aria-label over their visible text) and the theme's search button
  "Search" over "Search Ctrl+K"; both now take their name from their text. The bibliography's
  entries carry the list-item role their list requires (docutils writes the deprecated
  doc-biblioentry).
- The redirect page index.html gets a language, a title and a link, like every other page.
- Phones: accessible_site.css (code and outputs scroll or wrap inside their box with a visible
  edge, long display equations scroll, touch targets of at least 24 px) and
  accessible_site.js (a box that scrolls sideways can be scrolled from the keyboard). A wide
  figure is wrapped in its own scrolling box that keeps it at no less than LEGIBLE_SCALE of
  its natural width, so its text stays readable on a narrow screen instead of shrinking.

tests/test_accessibility.py checks the built site: axe-core, the phone viewport, alt texts.
"""

from __future__ import annotations

import hashlib
import re
import struct
from html import escape
from pathlib import Path

from docutils import nodes
from myst_nb.sphinx_ import HideCodeCellNode

HERE = Path(__file__).parent
STATIC = HERE / "accessible_static"
TEMPLATES = HERE / "accessible_templates"
# The smallest scale at which a figure is drawn: tplib.plots draws no text under 7 pt at the
# book's 100 dpi (about 10 image pixels), so at half size its smallest text is still about
# 5 CSS px, which a pinch brings back; below that a three-panel figure became unreadable.
LEGIBLE_SCALE = 0.5


def _visit_hide_cell(self, node):
    """myst-nb's toggle without its aria-label: the name is the visible "Show/Hide ..." text."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    for state, key in (("collapsed", "prompt_show"), ("expanded", "prompt_hide")):
        self.body.append(f'<p class="{state} admonition-title">{escape(node[key])}</p>\n')
    self.body.append("</summary>\n")


def _depart_hide_cell(self, node):
    self.body.append("</details>\n")


def _visit_citation(self, node):
    type(self).visit_citation(self, node)
    self.body[-1] = self.body[-1].replace('role="doc-biblioentry"', 'role="listitem"')


def _depart_citation(self, node):
    type(self).depart_citation(self, node)


class figure_scroll(nodes.General, nodes.Element):  # noqa: N801 (docutils names nodes so)
    """A box around an output image that scrolls sideways rather than shrink it illegibly."""


def _visit_figure_scroll(self, node):
    self.body.append(f'<div class="tp5-figure-scroll" style="--tp5-min-width: '
                     f'{node["min_width"]}px">')


def _depart_figure_scroll(self, node):
    self.body.append("</div>")


def _skip(self, node):
    pass


def _png_width(path):
    """The width in pixels of a PNG file, or None if it is not one."""
    try:
        with open(path, "rb") as f:
            head = f.read(24)
    except OSError:
        return None
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">I", head[16:20])[0]


def _wrap_output_images(app, doctree, docname):
    """Put each notebook output image in a figure_scroll box with its legible minimum width."""
    for image in list(doctree.findall(nodes.image)):
        container = image.parent
        while container is not None and "cell_output" not in container.get("classes", []):
            container = container.parent
        uri = image.get("candidates", {}).get("*", image["uri"])
        width = _png_width(Path(app.srcdir) / uri) if container is not None else None
        if width is None or isinstance(image.parent, figure_scroll):
            continue
        box = figure_scroll(min_width=round(width * LEGIBLE_SCALE))
        image.replace_self(box)
        box += image


_STUB = re.compile(r'\s*<meta http-equiv="Refresh" content="0; url=([^"]+)" />\s*')
_REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta http-equiv="Refresh" content="0; url={url}" />
</head>
<body>
<p>The book starts at <a href="{url}">{title}</a>.</p>
</body>
</html>
"""


def _redirect_page(app, exception):
    """Turn sphinx-external-toc's bare redirect (a lone meta tag) into a page with a title."""
    index = Path(app.outdir) / "index.html"
    if exception is not None or app.builder.format != "html" or not index.is_file():
        return
    match = _STUB.fullmatch(index.read_text(encoding="utf-8"))
    if match:
        title = escape(app.config.html_title or app.config.project)
        index.write_text(_REDIRECT_PAGE.format(lang=app.config.language or "en", title=title,
                                               url=match.group(1)), encoding="utf-8")


def _add_paths(app, config):
    config.html_static_path.append(str(STATIC))
    # Before the theme's own components: the search button without an aria-label.
    config.templates_path.insert(0, str(TEMPLATES))


def setup(app):
    app.add_node(HideCodeCellNode, override=True, html=(_visit_hide_cell, _depart_hide_cell))
    app.add_node(nodes.citation, override=True, html=(_visit_citation, _depart_citation))
    app.add_node(figure_scroll, html=(_visit_figure_scroll, _depart_figure_scroll),
                 latex=(_skip, _skip), text=(_skip, _skip))
    app.connect("config-inited", _add_paths)
    app.connect("doctree-resolved", _wrap_output_images)
    app.connect("build-finished", _redirect_page, priority=900)
    app.add_css_file("accessible_site.css")
    app.add_js_file("accessible_site.js", defer="defer")
    # A new environment version whenever this extension or its files change, so an
    # incremental build rewrites every page (executed notebooks stay cached).
    files = [Path(__file__), *sorted(STATIC.iterdir()), *sorted(TEMPLATES.iterdir())]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in files))
    return {"parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": int(digest.hexdigest()[:8], 16)}
