"""Sphinx extension: the built pages work from a plain directory, with no network.

- Thebe: jupyter-book 1.x always enables sphinx-thebe, which puts a script naming
  THEBE_JS_URL (unpkg.com), sphinx-thebe.js and a Binder configuration on every page, even
  with ``launch_buttons.thebe: false``. The book has no Thebe cells (its interactive parts run
  in the page), so all three are dropped.
- Animations: matplotlib's ``Animation.to_jshtml()`` links Font Awesome 4 from maxcdn for its
  player's buttons. The theme already serves Font Awesome 6, which draws the same v4 icon
  names, so that link is dropped from the outputs.

- Icons: the theme draws its icons with Font Awesome's JavaScript (fontawesome.js, 1.5 MB,
  which swaps every icon for an SVG and cost about 0.4 s of CPU on every page). The pages get
  the same Font Awesome version's stylesheet and webfonts instead (vendored by `make vendor`).

tests/test_site.py checks the result in Chromium: no console error, no request off the site.
"""

import hashlib
import re
from pathlib import Path

from docutils import nodes


def _is_thebe(asset):
    filename = str(getattr(asset, "filename", None) or "")
    body = str(getattr(asset, "attributes", {}).get("body", ""))
    return "sphinx-thebe" in filename or "THEBE_JS_URL" in body


def _page_assets(app, pagename, templatename, context, doctree):
    if "css_files" in context:
        context["css_files"] = [a for a in context["css_files"] if not _is_thebe(a)]
    if "script_files" not in context:
        return
    context["script_files"] = [a for a in context["script_files"] if not _is_thebe(a)]


_CDN_FONT_AWESOME = re.compile(
    r'<link[^>]*href="https://maxcdn\.bootstrapcdn\.com/font-awesome/[^"]*"[^>]*>\s*')


def _clean_raw_html(app, doctree, docname):
    for node in list(doctree.findall(nodes.raw)):
        text = node.astext()
        if "text/x-thebe-config" in text or text.startswith("<script>kernelName ="):
            node.parent.remove(node)
        elif _CDN_FONT_AWESOME.search(text):
            node.replace(node.children[0], nodes.Text(_CDN_FONT_AWESOME.sub("", text)))


_FONTAWESOME_JS = re.compile(
    r'<script defer src="(?P<up>(?:\.\./)*)_static/scripts/fontawesome\.js[^"]*"></script>')
_FONTAWESOME_CSS = '<link rel="stylesheet" href="{up}_static/vendor/fontawesome-free/css/all.min.css">'


def _icons_as_css(app, exception):
    """Replace the theme's fontawesome.js with the vendored stylesheet on every written page."""
    if exception is not None or app.builder.format != "html":
        return
    # The vendored copy is looked up at its source: html_extra_path lands after this event.
    if not (Path(app.confdir) / "_vendor/_static/vendor/fontawesome-free/css/all.min.css").exists():
        return  # not vendored: keep the theme's script rather than lose the icons
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = _FONTAWESOME_JS.sub(lambda m: _FONTAWESOME_CSS.format(up=m.group("up")), text)
        if new != text:
            page.write_text(new, encoding="utf-8")


def setup(app):
    # Both run after the extensions that add these (default priority 500): sphinx-thebe adds
    # its scripts per page in html-page-context and its nodes in doctree-resolved.
    app.connect("html-page-context", _page_assets, priority=900)
    app.connect("doctree-resolved", _clean_raw_html, priority=900)
    app.connect("build-finished", _icons_as_css)
    # A new environment version whenever this extension changes, so an incremental build
    # rewrites every page (executed notebooks stay cached).
    version = int(hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:8], 16)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": version}
