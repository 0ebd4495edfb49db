"""A kernel-free latent explorer over a precomputed grid: sliders pick a decoded image.

``latent_grid_html(images, values)`` embeds a whole grid of decoded images (as
``tplib.vae.decode_grid`` returns it) as one PNG sprite; two range sliders move it behind a
window, so the static site needs neither a kernel nor a request. Until the script runs, a still
(``_still.py``) shows the middle cell as a picture. The page's code is ``latent_grid.js``
beside this file; the data reach it as attributes of the explorer's element.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json


from ..checks import check_array, check_int
from ..plots import MAX_PNG_SCALE, png_bytes
from ._scripts import read_script
from ._still import still

__all__ = ["latent_grid_html"]


def latent_grid_html(images, values, scale=6, title=None):
    """Kernel-free explorer: range sliders pick a cell of a precomputed decoded grid.

    images: (n, n, h, w) in [0, 1] as returned by ``tplib.vae.decode_grid`` (row 0 at the
    largest z2), values: (n,) latent coordinates of the grid lines. The whole grid is embedded
    as one base64 PNG sprite; a few lines of inline JavaScript move it behind a window, so the
    page makes no request and needs no kernel. Returns an ``IPython.display.HTML``.
    """
    from IPython.display import HTML

    images = check_array(images, "images", min_rows=0, low=0.0, high=1.0)
    values = check_array(values, "values", min_rows=0)
    if images.ndim != 4 or images.shape[0] != images.shape[1]:
        raise ValueError(f"images must have shape (n, n, h, w); got {images.shape}")
    n, _, h, w = images.shape
    if values.shape != (n,):
        raise ValueError(f"values must have shape ({n},) to match images; got {values.shape}")
    scale = check_int(scale, "scale", minimum=1, maximum=MAX_PNG_SCALE)
    sprite = png_bytes(images.transpose(0, 2, 1, 3).reshape(n * h, n * w))
    uid = "tplib-vae-" + hashlib.sha1(sprite).hexdigest()[:10]
    data = base64.b64encode(sprite).decode("ascii")
    mid = n // 2
    shown = [round(v, 4) + 0.0 for v in values.tolist()]  # as the page reads them; no -0.0
    values_json = json.dumps(shown)
    heading = f"<div style='font-weight:bold'>{html.escape(title)}</div>" if title else ""
    z = f"z = ({shown[mid]:.2f}, {shown[mid]:.2f})"
    slider = ("<label style='display:block'>{name} <input type='range' class='tplib-vae-{name}'"
              f" min='0' max='{n - 1}' step='1' value='{mid}' aria-valuetext='{{name}} = "
              f"{shown[mid]:.2f}' style='width:{n * 12}px;max-width:100%'></label>")
    first = base64.b64encode(png_bytes(images[n - 1 - mid, mid], scale)).decode("ascii")
    picture = (f'<img src="data:image/png;base64,{first}" '
               f'alt="The image decoded at {z}." width="{w * scale}" height="{h * scale}" '
               'style="max-width:100%;height:auto;border:1px solid #ccc">')
    markup = f"""<div>{heading}{still(uid, [picture], z)}<div id="{uid}" class="tplib-vae-explorer"
 data-values='{values_json}' data-w="{w}" data-h="{h}" data-scale="{scale}"
 style="display:none;flex-wrap:wrap;gap:16px;align-items:center">
<div class="tplib-vae-image" role="img" aria-label="image decoded at {z}" style="width:{w * scale}px;
 height:{h * scale}px;background-image:url(data:image/png;base64,{data});
 background-size:{n * w * scale}px {n * h * scale}px;image-rendering:pixelated;
 background-position:{-mid * w * scale}px {-(n - 1 - mid) * h * scale}px;border:1px solid #ccc"></div>
<div>{slider.format(name="z1")}{slider.format(name="z2")}
<div class="tplib-vae-z" style="font-family:monospace">{z}</div>
</div></div><script>{read_script("page.js")}</script>
<script data-for="{uid}">{read_script("latent_grid.js")}</script></div>"""
    return HTML(markup)
