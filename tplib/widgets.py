"""Interactive explorers for Jupyter (ipywidgets); each returns a widget and reads no globals.

Kernel-free explorers for the static site live in ``tplib.static_explorer``.
"""

from __future__ import annotations

import numpy as np

from .checks import check_array, check_int, check_number, check_seed

__all__ = [
    "denoise_explorer",
    "latent_grid_html",
    "latent_sliders",
    "optimizer_explorer",
]


# ---------------------------------------------------------------------------------------------
# Latent explorers of the VAE chapter: sliders over a 2-D latent plane showing the decoded item.


# A larger enlargement makes images of millions of pixels: a typo, not a setting.
_MAX_SCALE = 64


def _pair(value, name, kind="number"):
    """Two finite numbers (lo, hi) or (z1, z2) as floats."""
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__") or len(value) != 2:
        raise TypeError(f"{name} must be a pair of {kind}s, got {value!r}")
    if kind == "whole number":
        return tuple(check_int(v, f"{name}[{k}]", minimum=1) for k, v in enumerate(value))
    return tuple(check_number(v, f"{name}[{k}]") for k, v in enumerate(value))


def _scale(scale):
    return check_int(scale, "scale", minimum=1, maximum=_MAX_SCALE)


def _png_bytes(image):
    """A grayscale image (h, w) in [0, 1] (1 = ink) as PNG bytes, dark ink on white."""
    import io

    from PIL import Image

    pixels = np.clip(255 * (1 - np.asarray(image, dtype=float)), 0, 255).round().astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode="L").save(buffer, format="PNG")
    return buffer.getvalue()


def latent_sliders(decode, image_shape, extent=(-3.0, 3.0), scale=8, start=(0.0, 0.0)):
    """ipywidgets explorer: two sliders (z1, z2) and the decoded image, redrawn as they move.

    decode: a function (n, 2) -> (n, h*w) in [0, 1], e.g. ``vae.decode``. image_shape: (h, w).
    Needs a live kernel; the static site shows the saved state (see ``latent_grid_html``).
    """
    import ipywidgets as widgets

    if not callable(decode):
        raise TypeError(f"decode must be callable (codes -> images), got {type(decode).__name__}")
    h, w = _pair(image_shape, "image_shape", "whole number")
    lo, hi = _pair(extent, "extent")
    if not lo < hi:
        raise ValueError(f"extent must be (low, high) with low < high; got {extent}")
    if int(scale) != scale or scale < 1:
        raise ValueError(f"scale must be a positive integer; got {scale!r}")
    _scale(scale)
    start = _pair(start, "start")
    sliders = [widgets.FloatSlider(value=v, min=lo, max=hi, step=(hi - lo) / 200,
                                   description=name, continuous_update=True, readout_format=".2f")
               for v, name in zip(start, ("z1", "z2"))]
    picture = widgets.Image(format="png")

    def redraw(change=None):
        z = np.array([[sliders[0].value, sliders[1].value]])
        image = np.asarray(decode(z), dtype=float).reshape(h, w)
        # enlarged here, pixel by pixel, so no browser smooths the image
        picture.value = _png_bytes(np.repeat(np.repeat(image, scale, axis=0), scale, axis=1))

    for slider in sliders:
        slider.observe(redraw, names="value")
    redraw()
    return widgets.HBox([picture, widgets.VBox(sliders)])


_GRID_SCRIPT = r"""(function () {
  var me = document.currentScript, scope = (me && me.parentNode) || document;
  var root = scope.querySelector('[id="__ID__"]') || document.getElementById("__ID__");
  if (!root || root.dataset.ready) { return; }
  var values = JSON.parse(root.dataset.values), n = values.length;
  var w = +root.dataset.w, h = +root.dataset.h, scale = +root.dataset.scale;
  var view = root.querySelector(".tplib-vae-image"), readout = root.querySelector(".tplib-vae-z");
  var s1 = root.querySelector(".tplib-vae-z1"), s2 = root.querySelector(".tplib-vae-z2");
  function show() {
    var j = +s1.value, i = n - 1 - (+s2.value);  // sprite row 0 holds the largest z2
    view.style.backgroundPosition = (-j * w * scale) + "px " + (-i * h * scale) + "px";
    readout.textContent = "z = (" + values[j].toFixed(2) + ", " + values[+s2.value].toFixed(2) + ")";
    root.dataset.z = j + "," + s2.value;
  }
  s1.addEventListener("input", show);
  s2.addEventListener("input", show);
  show();
  root.dataset.ready = "true";
})();"""


def latent_grid_html(images, values, scale=6, title=None):
    """Kernel-free explorer: range sliders pick a cell of a precomputed decoded grid.

    images: (n, n, h, w) in [0, 1] as returned by ``tplib.vae.decode_grid`` (row 0 at the
    largest z2), values: (n,) latent coordinates of the grid lines. The whole grid is embedded
    as one base64 PNG sprite; a few lines of inline JavaScript move it behind a window, so the
    page makes no request and needs no kernel. Returns an ``IPython.display.HTML``.
    """
    import base64
    import hashlib
    import html as html_lib
    import json

    from IPython.display import HTML

    images = check_array(images, "images", min_rows=0)
    values = check_array(values, "values", min_rows=0)
    if images.ndim != 4 or images.shape[0] != images.shape[1]:
        raise ValueError(f"images must have shape (n, n, h, w); got {images.shape}")
    n, _, h, w = images.shape
    if values.shape != (n,):
        raise ValueError(f"values must have shape ({n},) to match images; got {values.shape}")
    if not np.all(np.isfinite(images)) or images.min() < 0 or images.max() > 1:
        raise ValueError("images must be finite values in [0, 1]")
    if int(scale) != scale or scale < 1:
        raise ValueError(f"scale must be a positive integer; got {scale!r}")
    _scale(scale)
    sprite = _png_bytes(images.transpose(0, 2, 1, 3).reshape(n * h, n * w))
    uid = "tplib-vae-" + hashlib.sha1(sprite).hexdigest()[:10]
    data = base64.b64encode(sprite).decode("ascii")
    mid = n // 2
    values_json = json.dumps([round(v, 4) for v in values.tolist()])
    heading = f"<div style='font-weight:bold'>{html_lib.escape(title)}</div>" if title else ""
    slider = ("<label style='display:block'>{name} <input type='range' class='tplib-vae-{name}'"
              f" min='0' max='{n - 1}' step='1' value='{mid}' style='width:{n * 12}px'></label>")
    markup = f"""<div>{heading}<div id="{uid}" class="tplib-vae-explorer" data-values='{values_json}'
 data-w="{w}" data-h="{h}" data-scale="{scale}" style="display:flex;gap:16px;align-items:center">
<div class="tplib-vae-image" role="img" aria-label="decoded image" style="width:{w * scale}px;
 height:{h * scale}px;background-image:url(data:image/png;base64,{data});
 background-size:{n * w * scale}px {n * h * scale}px;image-rendering:pixelated;
 background-position:{-mid * w * scale}px {-(n - 1 - mid) * h * scale}px;border:1px solid #ccc"></div>
<div>{slider.format(name="z1")}{slider.format(name="z2")}
<div class="tplib-vae-z" style="font-family:monospace">z = ({values[mid]:.2f}, {values[mid]:.2f})</div>
</div></div>
<script>{_GRID_SCRIPT.replace("__ID__", uid)}</script></div>"""
    return HTML(markup)


# ---------------------------------------------------------------------------------------------
# The denoising chapter's explorer: pick a glyph and a noise level, see noisy input and output.


def denoise_explorer(model, X, labels, p_max=0.3, scale=12, seed=0):
    """ipywidgets explorer: a glyph menu, a noise slider p and a noise-seed slider; shows the
    clean glyph, its flipped copy and ``model``'s denoised output (thresholded at 0.5).

    model: anything with ``predict`` (n, 35) -> (n, 35); X: (n, 35) clean glyphs; labels: n names.
    Needs a live kernel.
    """
    import ipywidgets as widgets

    from . import noise

    if not callable(getattr(model, "predict", None)):
        raise TypeError(f"model must have predict (n, 35) -> (n, 35), got {type(model).__name__}")
    X = check_array(X, "X", low=0.0, high=1.0)
    if isinstance(labels, (str, bytes)) or not hasattr(labels, "__len__") or np.ndim(labels) != 1:
        raise TypeError(f"labels must be a list of n names, got {labels!r}")
    p_max = check_number(p_max, "p_max")
    scale = _scale(scale)
    seed = check_seed(seed)
    if seed > 99:
        raise ValueError(f"seed must be a noise seed in 0..99 (the slider's range), got {seed}")
    if X.ndim != 2 or X.shape[1] != 35 or len(labels) != len(X):
        raise ValueError(f"X must be (n, 35) with one label per glyph, got {X.shape} and "
                         f"{len(labels)} labels")
    if not 0 < p_max <= 1:
        raise ValueError(f"p_max must be in (0, 1], got {p_max!r}")
    glyph = widgets.Dropdown(options=[(str(s), i) for i, s in enumerate(labels)], value=0,
                             description="glyph")
    p = widgets.FloatSlider(value=min(0.1, p_max), min=0.0, max=p_max, step=0.01,
                            description="p", readout_format=".2f")
    noise_seed = widgets.IntSlider(value=seed, min=0, max=99, description="noise seed")
    pictures = [widgets.Image(format="png", width=5 * scale, height=7 * scale) for _ in range(3)]
    captions = [widgets.Label(name) for name in ("original", "noisy", "denoised")]
    readout = widgets.Label()
    for picture in pictures:
        picture.layout.image_rendering = "pixelated"
        picture.layout.border = "1px solid #ccc"

    def redraw(change=None):
        x = X[glyph.value][None, :]
        noisy = noise.flip(x, p.value, np.random.default_rng(noise_seed.value))
        out = (np.asarray(model.predict(noisy)) > 0.5).astype(float)
        for picture, image in zip(pictures, (x, noisy, out)):
            picture.value = _png_bytes(image.reshape(7, 5))
        readout.value = (f"flipped pixels: {int((noisy != x).sum())}, "
                         f"wrong pixels after denoising: {int((out != x).sum())}")

    for control in (glyph, p, noise_seed):
        control.observe(redraw, names="value")
    redraw()
    panels = widgets.HBox([widgets.VBox([c, im]) for c, im in zip(captions, pictures)])
    return widgets.VBox([widgets.HBox([glyph, p, noise_seed]), panels, readout])


# ---------------------------------------------------------------------------------------------
# The optimizers chapter: pick a method and a budget, see its loss curve and its glyphs.


def optimizer_explorer(losses, outputs, names, budgets, scale=32.0, labels=None):
    """ipywidgets explorer over precomputed runs, so it responds instantly.

    losses: (n_methods, n_evals) loss per evaluation; outputs: (n_methods, n_budgets, n, 35)
    reconstructions after each of ``budgets`` (ascending evaluation counts); names: method
    names. Shows the curve up to the chosen budget and the glyphs reconstructed at it.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import display

    from .plots import plot_glyph

    losses = np.asarray(losses)
    if np.iscomplexobj(losses) or not np.issubdtype(losses.dtype, np.number):
        raise TypeError(f"losses must hold real numbers, got dtype {losses.dtype}")
    losses = losses.astype(float)  # NaN allowed: runs that stopped early are NaN-padded
    if losses.ndim != 2:
        raise ValueError(f"losses must be (n_methods, n_evals), got shape {losses.shape}")
    outputs = check_array(outputs, "outputs", low=0.0, high=1.0, min_rows=0)
    if isinstance(names, (str, bytes)) or not hasattr(names, "__len__"):
        raise TypeError(f"names must be a list of method names, got {names!r}")
    if isinstance(budgets, (str, bytes)) or not hasattr(budgets, "__iter__"):
        raise TypeError(f"budgets must be a list of evaluation counts, got {budgets!r}")
    budgets = [check_int(b, f"budgets[{k}]", minimum=1, maximum=losses.shape[1])
               for k, b in enumerate(budgets)]
    if not budgets or budgets != sorted(budgets):
        raise ValueError(f"budgets must be a non-empty ascending list, got {budgets}")
    scale = check_number(scale, "scale", 0.0, strict=True)
    if outputs.shape[:2] != (len(names), len(budgets)) or losses.shape[0] != len(names):
        raise ValueError(f"outputs must be (n_methods, n_budgets, n, 35) = ({len(names)}, "
                         f"{len(budgets)}, ...) and losses (n_methods, n_evals); got "
                         f"{outputs.shape} and {losses.shape}")
    method = widgets.Dropdown(options=[(n, i) for i, n in enumerate(names)],
                              description="method")
    budget = widgets.SelectionSlider(options=budgets, value=budgets[-1], description="budget")
    out = widgets.Output()

    def redraw(change=None):
        i, b = method.value, budget.value
        row = losses[i, :b] / scale
        with out:
            out.clear_output(wait=True)
            fig = plt.figure(figsize=(9, 3.2))
            ax = fig.add_axes([0.07, 0.15, 0.35, 0.75])
            ax.plot(np.arange(1, b + 1), row, lw=0.5, alpha=0.4)
            ax.plot(np.arange(1, b + 1), np.fmin.accumulate(row), lw=1.5)
            ax.set_yscale("log")
            ax.set_xlabel("evaluations")
            ax.set_title(f"{names[i]}: best {np.nanmin(row):.2f} per glyph", fontsize=9)
            Y = outputs[i, budgets.index(b)]
            for k in range(len(Y)):
                gax = fig.add_axes([0.47 + (k % 8) * 0.066, 0.68 - (k // 8) * 0.22, 0.06, 0.2])
                plot_glyph(Y[k], ax=gax, title=None if labels is None else labels[k])
            display(fig)
            plt.close(fig)

    method.observe(redraw, names="value")
    budget.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([method, budget]), out])
