"""_ext/static_math.py: math rendered by MathJax at build time, checked on small Sphinx projects.

Each test builds a two-page project with the extension, in a subprocess, against the pinned
MathJax in node_modules (`make vendor`). Without Node.js or that MathJax the tests are skipped
with the reason; in CI (the CI variable set) that is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from missing import skip_or_fail

ROOT = Path(__file__).resolve().parents[1]
MATHJAX = ROOT / "node_modules" / "mathjax" / "es5"


def _require_node():
    reason = None
    if shutil.which("node") is None:
        reason = "Node.js is not installed (it comes with npm, which `make vendor` needs)"
    elif not (MATHJAX / "node-main.js").is_file():
        reason = f"no MathJax at {MATHJAX}: run `make vendor`"
    if reason:
        skip_or_fail(reason)


def _build(tmp_path, pages, env=None):
    """Build ``pages`` ({name: reST}) to HTML; return (returncode, output, html dir)."""
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT / "_ext")!r})
        extensions = ["static_math"]
        html_math_renderer = "static_mathjax"
        static_math_mathjax = {str(MATHJAX)!r}
        html_theme = "basic"
        """))
    for name, text in pages.items():
        (source / f"{name}.rst").write_text(textwrap.dedent(text))
    out = tmp_path / "html"
    done = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E",
                           str(source), str(out)], capture_output=True, text=True, env=env,
                          timeout=120)
    return done.returncode, done.stdout + done.stderr, out


INDEX = """
    Math
    ====

    .. toctree::

       other

    Inline :math:`x_1^2 + \\alpha` and a numbered display:

    .. math::
       :label: loss

       E = \\sum_{n=1}^{32} \\left(\\hat x_n - x_n\\right)^2

    Two lines, aligned as Sphinx's MathJax renderer aligns them:

    .. math::

       a = b

       c = d \\\\ e = f
    """

OTHER = """
    Other
    =====

    Only :math:`\\beta`.
    """


def test_formulas_are_rendered_into_the_page_with_their_styles(tmp_path):
    _require_node()
    code, output, html = _build(tmp_path, {"index": INDEX, "other": OTHER})
    assert code == 0, output
    assert "WARNING" not in output, output
    page = (html / "index.html").read_text(encoding="utf-8")
    # No MathJax script: the formulas are MathJax's CommonHTML output, with MathML for readers.
    assert "tex-chtml" not in page and "MathJax.js" not in page
    maths = re.findall(r'<(span|div) class="math notranslate nohighlight"[^>]*>(.*?)</\1>', page,
                       re.S)
    assert [tag for tag, _ in maths] == ["span", "div", "div"]
    for _, body in maths:
        assert '<mjx-container class="MathJax" jax="CHTML"' in body, body[:200]
        assert "<mjx-assistive-mml" in body and "<math " in body
        assert "mjx-merror" not in body
    assert '<mi>&#x3B1;</mi>' in maths[0][1] or "<mi>\u03b1</mi>" in maths[0][1]
    assert '<span class="eqno">(1)' in page  # the label's number, as sphinx.ext.mathjax writes it
    assert "<mtable" in maths[2][1]  # two parts: aligned into a table
    # The page's styles: the characters it uses, and fonts at an address relative to the page.
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    assert "mjx-c.mjx-c1D6FC" in style  # the alpha of the first formula
    assert "mjx-c.mjx-c1D6FD" not in style  # the beta is only on the other page
    fonts = re.findall(r'url\("([^"]+)"\)', style)
    assert fonts and all(f.startswith("_static/vendor/mathjax/output/chtml/fonts/woff-v2/")
                         for f in fonts)
    other = (html / "other.html").read_text(encoding="utf-8")
    other_style = re.search(r"<style>(.*?)</style>", other, re.S).group(1)
    assert "mjx-c.mjx-c1D6FD" in other_style and "mjx-c.mjx-c1D6FC" not in other_style


def test_a_tex_error_is_a_warning_naming_the_formula_and_its_place(tmp_path):
    _require_node()
    code, output, html = _build(tmp_path, {"index": """
        Broken
        ======

        An unclosed brace :math:`\\frac{1}{` and an unknown macro:

        .. math::

           \\loss(x) = 0
        """})
    assert code == 0, output  # a warning; `make book` builds with -W, which makes it an error
    assert re.search(r"index\.rst:\d+: WARNING: TeX error: Missing close brace, "
                     r"in \\frac\{1\}\{", output), output
    assert re.search(r"index\.rst:\d+: WARNING: TeX error: Undefined control sequence \\loss, "
                     r"in \\loss\(x\) = 0", output), output


def test_without_node_the_build_says_what_is_missing(tmp_path):
    _require_node()
    env = dict(os.environ, PATH=str(tmp_path / "no-node-here"))
    code, output, _ = _build(tmp_path, {"index": INDEX, "other": OTHER}, env=env)
    assert code != 0
    assert "Node.js (`node`) is needed to render the book's math at build time" in output
