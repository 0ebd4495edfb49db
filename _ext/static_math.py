"""Sphinx extension: math rendered to HTML at build time, so pages load no MathJax script.

Registers the HTML math renderer ``static_mathjax`` (``html_math_renderer`` in _config.yml).
Every formula goes through the site's pinned MathJax (node_modules/mathjax, the version in
package-lock.json) once, at build time, in one Node.js process (_ext/render_math.js); the page
gets MathJax's CommonHTML output, with the assistive MathML that screen readers read, and an
inline stylesheet holding the styles of that page's formulas. The fonts are MathJax's own,
served from _static/vendor/mathjax (`make vendor`).

Why: MathJax in the browser (tex-chtml.js, 1.1 MB) cost about 0.4 s of CPU to start and
typeset on every page, most of a chapter's load time (benchmarks/bench_site.py). The output
is the same markup MathJax would have written into the page; what is lost is its right-click
menu. A TeX error, an unknown macro included, is a build warning (an error under -W)
naming the formula and where it is, instead of a red box a reader finds.

Not covered: math in a title that the navigation repeats on other pages (the theme renders
the navigation after the page's styles are collected); the book's titles have none.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

RENDERER = "static_mathjax"
_SCRIPT = Path(__file__).with_name("render_math.js")
_FONTS = "_static/vendor/mathjax/output/chtml/fonts/woff-v2"


class _MathJax:
    """The Node.js process that renders formulas, started on first use; one per build."""

    def __init__(self, es5_dir):
        self.es5_dir = Path(es5_dir)
        self.process = None
        self.page = None  # the document whose formulas are being rendered
        self.pages_with_math = set()

    def _start(self):
        node = shutil.which("node")
        if node is None:
            raise ExtensionError("static_math: Node.js (`node`) is needed to render the book's "
                                 "math at build time; install it (it comes with npm)")
        if not (self.es5_dir / "node-main.js").is_file():
            raise ExtensionError(f"static_math: no MathJax at {self.es5_dir}; run `make vendor` "
                                 "(npm ci) to install the pinned version")
        self._stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.process = subprocess.Popen(
            [node, str(_SCRIPT), str(self.es5_dir)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=self._stderr, text=True, encoding="utf-8")
        atexit.register(self.close)

    def ask(self, request):
        if self.process is None:
            self._start()
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            self._stderr.seek(0)
            raise ExtensionError("static_math: the MathJax process stopped:\n"
                                 + self._stderr.read()[-2000:])
        return json.loads(line)

    def render(self, docname, tex, display):
        if docname != self.page:  # a new page: its stylesheet starts empty
            self.ask({"reset": True})
            self.page = docname
        self.pages_with_math.add(docname)
        return self.ask({"tex": tex, "display": display})

    def stylesheet(self, docname):
        """The styles of the formulas rendered for ``docname``, or None if it has none."""
        if docname != self.page or docname not in self.pages_with_math:
            return None
        return self.ask({"stylesheet": True})["css"]

    def close(self):
        if self.process is not None and self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=10)


def _mathjax(translator) -> _MathJax:
    return translator.builder.app._static_mathjax


def _render(translator, node, tex, display):
    docname = translator.builder.current_docname
    answer = _mathjax(translator).render(docname, tex, display)
    if answer["error"]:
        logger.warning("TeX error: %s, in %s", answer["error"], tex.strip(), location=node,
                       type="static_math", subtype="tex")
    return answer["html"]


def visit_math(self, node):
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_render(self, node, node.astext(), display=False) + "</span>")
    raise nodes.SkipNode


def visit_math_block(self, node):
    """As sphinx.ext.mathjax builds the display TeX (numbers, split, align), then renders it."""
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["nowrap"]:
        tex = node.astext()
    else:
        if node["number"]:
            number = get_node_equation_number(self, node)
            self.body.append(f'<span class="eqno">({number})')
            self.add_permalink_ref(node, _("Link to this equation"))
            self.body.append("</span>")
        parts = [part for part in node.astext().split("\n\n") if part.strip()]
        parts = [r"\begin{split}" + p + r"\end{split}" if r"\\" in p else p for p in parts]
        tex = (r"\begin{align}\begin{aligned}" + r"\\".join(parts) + r"\end{aligned}\end{align}"
               if len(parts) > 1 else parts[0] if parts else "")
    self.body.append(_render(self, node, tex, display=True) + "</div>\n")
    raise nodes.SkipNode


def _page_styles(app, pagename, templatename, context, doctree):
    """The page's math styles, in its head, with the fonts' address relative to the page."""
    if app.builder.format != "html" or app.builder.math_renderer_name != RENDERER:
        return
    css = app._static_mathjax.stylesheet(pagename)
    if css is None:
        return
    css = css.replace("FONT_URL", context["pathto"](_FONTS, 1))
    context["metatags"] = context.get("metatags", "") + f"\n<style>{css}</style>\n"


def _start(app):
    es5 = app.config.static_math_mathjax or Path(app.confdir) / "node_modules/mathjax/es5"
    app._static_mathjax = _MathJax(es5)


def _stop(app, exception):
    app._static_mathjax.close()


def setup(app):
    app.add_html_math_renderer(RENDERER, (visit_math, None), (visit_math_block, None))
    # MathJax's es5 folder; by default node_modules/mathjax/es5 next to the configuration.
    app.add_config_value("static_math_mathjax", None, "env")
    app.connect("builder-inited", _start)
    app.connect("html-page-context", _page_styles)
    app.connect("build-finished", _stop)
    # A new environment version when this file or the renderer changes: every page is rewritten.
    source = Path(__file__).read_bytes() + _SCRIPT.read_bytes()
    return {"parallel_read_safe": True, "parallel_write_safe": False,
            "env_version": int(hashlib.sha256(source).hexdigest()[:8], 16)}
