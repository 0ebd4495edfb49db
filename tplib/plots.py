"""Figures the chapters share: each takes ``ax=None``, returns the figure and never shows it."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["plot_glyphs", "plot_glyph", "plot_latent", "plot_history", "glyph_image"]

GLYPH_SHAPE = (7, 5)


def glyph_image(x, shape=GLYPH_SHAPE):
    """One flat glyph (35,) as a (7, 5) image, with a clear error for the wrong size."""
    x = np.asarray(x, dtype=float)
    if x.size != shape[0] * shape[1]:
        raise ValueError(f"a glyph must have {shape[0] * shape[1]} pixels, got shape {x.shape}")
    return x.reshape(shape)


def _new_axes(ax, figsize):
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
        return fig, ax
    return ax.figure, ax


def plot_glyph(x, ax=None, title=None, cmap="Greys", shape=GLYPH_SHAPE):
    """Draw one glyph (35 pixels, values in [0, 1]) as a 7x5 image; return the figure."""
    fig, ax = _new_axes(ax, (1.2, 1.6))
    ax.imshow(glyph_image(x, shape), cmap=cmap, vmin=0.0, vmax=1.0)
    ax.set_xticks([])
    ax.set_yticks([])
    if title is not None:
        ax.set_title(title, fontsize=9)
    return fig


def plot_glyphs(X, labels=None, ncols=8, axes_size=0.9, cmap="Greys", shape=GLYPH_SHAPE,
                suptitle=None):
    """Draw glyphs X (n, 35) as a grid with optional labels; return the figure."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"X must be a non-empty 2-D array of glyphs, got shape {X.shape}")
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


def plot_latent(Z, labels=None, ax=None, title=None, color="tab:blue", annotate=True):
    """Scatter 2-D latent codes Z (n, 2), each labelled with its glyph; return the figure."""
    Z = np.asarray(Z, dtype=float)
    if Z.ndim != 2 or Z.shape[1] != 2:
        raise ValueError(f"Z must have shape (n, 2), got {Z.shape}")
    fig, ax = _new_axes(ax, (5, 5))
    ax.scatter(Z[:, 0], Z[:, 1], s=18, color=color, alpha=0.6)
    if labels is not None and annotate:
        for (z0, z1), label in zip(Z, labels):
            ax.annotate(str(label), (z0, z1), textcoords="offset points", xytext=(3, 3),
                        fontsize=10, fontweight="bold")
    ax.set_xlabel("$z_1$")
    ax.set_ylabel("$z_2$")
    if title:
        ax.set_title(title)
    return fig


def plot_history(histories, key="loss", ax=None, logy=True, xkey=None, title=None):
    """Curves of ``key`` from one history or a {name: history} dict; return the figure."""
    if isinstance(histories, dict) and key in histories:
        histories = {"": histories}
    fig, ax = _new_axes(ax, (6, 3.5))
    for name, hist in histories.items():
        y = np.asarray(hist[key])
        x = np.asarray(hist[xkey]) if xkey else np.arange(1, len(y) + 1)
        ax.plot(x, y, label=name or None, lw=1.2)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xkey or "epoch")
    ax.set_ylabel(key.replace("_", " "))
    if any(histories):
        ax.legend(fontsize=8)
    if title:
        ax.set_title(title)
    return fig
