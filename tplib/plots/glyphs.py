"""Glyphs and decoded images: one glyph, a sheet of glyphs, an image grid, inputs over outputs."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..checks import check_array, check_int
from ..datasets import GLYPH_SHAPE
from ._common import check_names, check_pixels, check_shape, new_axes

__all__ = [
    "MAX_PNG_SCALE",
    "glyph_image",
    "plot_glyph",
    "plot_glyphs",
    "plot_image_grid",
    "plot_reconstructions",
    "png_bytes",
]


def glyph_image(x, shape=GLYPH_SHAPE):
    """One flat glyph (35,) as a (7, 5) image, with a clear error for the wrong size."""
    shape = check_shape(shape, "shape")
    x = check_array(x, "x", min_rows=0)
    if x.size != shape[0] * shape[1]:
        raise ValueError(f"a glyph must have {shape[0] * shape[1]} pixels, got shape {x.shape}")
    return x.reshape(shape)


def plot_glyph(x, ax=None, title=None, cmap="Greys", shape=GLYPH_SHAPE):
    """Draw one glyph (35 pixels, values in [0, 1]) as a 7x5 image; return the figure."""
    x = check_pixels(x, "x")
    fig, ax = new_axes(ax, (1.2, 1.6))
    ax.imshow(glyph_image(x, shape), cmap=cmap, vmin=0.0, vmax=1.0)
    ax.set_xticks([])
    ax.set_yticks([])
    if title is not None:
        ax.set_title(title, fontsize=9)
    return fig


def plot_glyphs(X, labels=None, ncols=8, axes_size=0.9, cmap="Greys", shape=GLYPH_SHAPE,
                suptitle=None):
    """Draw glyphs X (n, 35) as a grid with optional labels; return the figure."""
    X = check_pixels(X, "X", ndim=None)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"X must be a non-empty 2-D array of glyphs, got shape {X.shape}")
    check_names(labels, None, "labels")
    ncols = check_int(ncols, "ncols", minimum=1)
    if labels is not None and len(labels) != len(X):
        raise ValueError(f"labels must have one entry per glyph: {len(labels)} for {len(X)}")
    n = len(X)
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, squeeze=False,
                             figsize=(ncols * axes_size, nrows * axes_size * 1.45))
    for i, ax in enumerate(axes.flat):
        if i < n:
            plot_glyph(X[i], ax=ax, title=None if labels is None else str(labels[i]),
                       cmap=cmap, shape=shape)
        else:
            ax.axis("off")
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def plot_image_grid(images, values=None, ax=None, cmap="Greys", gap=1):
    """Tile a grid of decoded images (rows, cols, h, w) into one picture; return the figure.

    With values (cols,) the axes are labelled with the latent coordinates of the grid lines
    (row 0 at the largest z2, as ``tplib.vae.decode_grid`` returns it).
    """
    images = check_pixels(images, "images")
    if images.ndim != 4:
        raise ValueError(f"images must have shape (rows, cols, h, w), got {images.shape}")
    gap = check_int(gap, "gap", minimum=0, maximum=100)
    rows, cols, h, w = images.shape
    if values is not None and check_array(values, "values", ndim=1).shape != (cols,):
        raise ValueError(f"values must have one coordinate per column ({cols}), "
                         f"got shape {np.shape(values)}")
    sheet = np.full((rows * (h + gap) - gap, cols * (w + gap) - gap), np.nan)
    for i in range(rows):
        for j in range(cols):
            sheet[i * (h + gap):i * (h + gap) + h, j * (w + gap):j * (w + gap) + w] = images[i, j]
    fig, ax = new_axes(ax, (6, 6 * sheet.shape[0] / sheet.shape[1]))
    colormap = plt.get_cmap(cmap).copy()
    colormap.set_bad("0.75")  # grey gaps keep white-edged tiles apart
    ax.imshow(sheet, cmap=colormap, vmin=0.0, vmax=1.0, interpolation="nearest")
    if values is not None:
        values = np.asarray(values, dtype=float)
        step = max(1, cols // 5)
        ticks = np.arange(0, cols, step)
        ax.set_xticks(ticks * (w + gap) + w / 2, [f"{values[t]:.1f}" for t in ticks])
        ax.set_yticks(ticks * (h + gap) + h / 2, [f"{values[::-1][t]:.1f}" for t in ticks])
        ax.set_xlabel("$z_1$")
        ax.set_ylabel("$z_2$")
    else:
        ax.set_xticks([])
        ax.set_yticks([])
    return fig


def plot_reconstructions(X, X_hat, image_shape, labels=None, cmap="Greys"):
    """Originals (top row) over their reconstructions (bottom row); return the figure."""
    X = check_pixels(X, "X")
    X_hat = check_pixels(X_hat, "X_hat")
    if X.shape != X_hat.shape or X.ndim != 2:
        raise ValueError(f"X and X_hat must have the same shape (n, pixels), got {X.shape} and "
                         f"{X_hat.shape}")
    n = len(X)
    h, w = check_shape(image_shape)
    if h * w != X.shape[1]:
        raise ValueError(f"image_shape {(h, w)} holds {h * w} pixels, X rows have {X.shape[1]}")
    check_names(labels, n, "labels")
    fig, axes = plt.subplots(2, n, figsize=(0.9 * n, 0.9 * 2 * h / w + 0.3), squeeze=False)
    for j in range(n):
        for row, data in enumerate((X, X_hat)):
            ax = axes[row, j]
            ax.imshow(data[j].reshape(h, w), cmap=cmap, vmin=0.0, vmax=1.0)
            ax.set_xticks([])
            ax.set_yticks([])
        if labels is not None:
            axes[0, j].set_title(str(labels[j]), fontsize=7)
    axes[0, 0].set_ylabel("input", fontsize=8)
    axes[1, 0].set_ylabel("output", fontsize=8)
    fig.tight_layout()
    return fig


# A larger enlargement makes images of millions of pixels: a typo, not a setting.
MAX_PNG_SCALE = 64


def png_bytes(image, scale=1):
    """A grey image (h, w) in [0, 1] (1 = ink) as PNG bytes, dark ink on white.

    Values outside [0, 1] are clipped. Each pixel becomes a ``scale`` x ``scale`` block here,
    so no browser smooths the image.
    """
    import io

    from PIL import Image

    scale = check_int(scale, "scale", minimum=1, maximum=MAX_PNG_SCALE)
    image = check_array(image, "image", ndim=2)
    image = np.repeat(np.repeat(image, scale, axis=0), scale, axis=1)
    pixels = np.clip(255 * (1 - image), 0, 255).round().astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode="L").save(buffer, format="PNG")
    return buffer.getvalue()
