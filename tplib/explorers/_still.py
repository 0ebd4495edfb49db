"""The still every explorer shows before its script runs: its first frame as pictures, no controls.

An untrusted notebook in JupyterLab (a committed chapter, opened) shows an HTML output
sanitized: no <script>, no inline <svg> (its text stays, a run-on string of axis labels), no
<style>, no ``hidden``, ``role``, ``aria-*`` or ``data-*`` attributes, ids renamed, every
<input> disabled. It keeps <img> with a ``data:`` source, its ``alt`` and size, and most of an
inline ``style`` (``display:none`` among it). So an explorer's HTML opens with a still: its
first frame as <img> elements (the pre-drawn SVG, base64) with alt text saying what each
shows, the frame's readout as text and a note; the live explorer beside it waits under
``display:none``. The page's ``page.js`` removes the still and shows the explorer when the
explorer's script runs (on the site, in a trusted notebook, after running the cell).
"""

from __future__ import annotations

import base64
import html
import io
import re

import numpy as np

__all__ = ["NOTE", "gray", "png_image", "png_uri", "still", "svg_image"]

NOTE = "A still of the first frame: run this cell (or trust the notebook) to explore."

_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")


def _size(attributes, name):
    match = re.search(rf'\b{name}="([\d.]+)"', attributes)
    if not match:
        raise ValueError(f"the SVG must have a {name} attribute to be shown as an image")
    return match.group(1)


def gray(ink):
    """The page's fill for ink in [0, 1]: "rgb(l,l,l)", l rounded as JavaScript's Math.round."""
    level = int(np.floor(255 * (1.0 - float(ink)) + 0.5))
    return f"rgb({level},{level},{level})"


def svg_image(svg, alt):
    """An <img> showing ``svg`` (markup drawn for the page) as a standalone picture, with ``alt``."""
    match = _SVG_OPEN.match(svg)
    if not match:
        raise ValueError(f"svg must start with an <svg> element, got {svg[:40]!r}")
    attributes = match.group(1)
    extra = "" if "xmlns=" in attributes else ' xmlns="http://www.w3.org/2000/svg"'
    extra += "" if "font-family=" in attributes else ' font-family="sans-serif"'
    standalone = f"<svg{extra}{attributes}>" + svg[match.end():]
    data = base64.b64encode(standalone.encode("utf-8")).decode("ascii")
    return (f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(alt)}" '
            f'width="{_size(attributes, "width")}" height="{_size(attributes, "height")}" '
            'style="max-width:100%;height:auto;vertical-align:top">')


def png_uri(pixels):
    """A data: URI of ``pixels`` as PNG: grey levels (h, w) or RGB (h, w, 3), uint8."""
    from PIL import Image

    pixels = np.asarray(pixels)
    if pixels.dtype != np.uint8 or not (pixels.ndim == 2 or (pixels.ndim == 3 and
                                                             pixels.shape[2] == 3)):
        raise ValueError(f"pixels must be (h, w) or (h, w, 3) uint8, got {pixels.shape} "
                         f"{pixels.dtype}")
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode="L" if pixels.ndim == 2 else "RGB").save(buffer, format="PNG",
                                                                           optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def png_image(pixels, alt):
    """An <img> of ``pixels`` (see ``png_uri``) with ``alt``, one image pixel per CSS pixel."""
    return (f'<img src="{png_uri(pixels)}" alt="{html.escape(alt)}" width="{pixels.shape[1]}" '
            f'height="{pixels.shape[0]}" style="max-width:100%;height:auto;vertical-align:top;'
            'image-rendering:pixelated">')


def still(element_id, images, text):
    """The still of explorer ``element_id``: ``images`` (<img> markup), ``text`` (its readout,
    plain text) and the note; the page's script removes it (id ``element_id-still``)."""
    return (f'<div id="{element_id}-still" class="tplib-still" style="display:flex;'
            'flex-wrap:wrap;gap:12px;align-items:flex-start;padding:8px;background:#fff;'
            'color:#222;font-family:sans-serif;border:1px solid #ddd;border-radius:4px;'
            f'max-width:100%;box-sizing:border-box;margin:0 0 8px">{"".join(images)}'
            '<p style="flex-basis:100%;margin:0;font-size:12px;white-space:pre-line">'
            f'{html.escape(text)}</p><p style="flex-basis:100%;margin:0;font-size:12px;'
            f'font-style:italic">{NOTE}</p></div>')
