"""Latent planes: codes labelled by glyph or coloured by class, several runs, distance maps."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..checks import check_array
from ._common import check_names, check_points, new_axes

__all__ = [
    "plot_distance_map",
    "plot_latent",
    "plot_latent_classes",
    "plot_latent_runs",
]


def plot_latent(Z, labels=None, ax=None, title=None, color="tab:blue", annotate=True):
    """Scatter 2-D latent codes Z (n, 2), each labelled with its glyph; return the figure."""
    Z = check_points(Z, "Z")
    check_names(labels, len(Z), "labels")
    fig, ax = new_axes(ax, (5, 5))
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


def plot_latent_classes(Z, y, class_names, ax=None, s=2, alpha=0.5):
    """Scatter 2-D codes Z (n, 2) coloured by integer class y, class names in the legend."""
    Z = check_points(Z, "Z")
    y = check_array(y, "y", min_rows=0, dtype=None)
    check_names(class_names, None, "class_names")
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must be (n,) integer classes, got {y.dtype} of shape {y.shape}")
    if Z.ndim != 2 or Z.shape[1] != 2 or len(y) != len(Z):
        raise ValueError(f"Z must have shape (n, 2) and y shape (n,), got {Z.shape} and {y.shape}")
    fig, ax = new_axes(ax, (6.5, 5))
    colors = plt.get_cmap("tab10")
    for k, name in enumerate(class_names):
        mask = y == k
        ax.scatter(Z[mask, 0], Z[mask, 1], s=s, alpha=alpha, color=colors(k % 10),
                   label=name, rasterized=True)
    legend = ax.legend(markerscale=6 / max(s, 0.5) ** 0.5, fontsize=8, loc="center left",
                       bbox_to_anchor=(1.0, 0.5), frameon=False)
    for handle in legend.legend_handles:
        handle.set_alpha(1)
    ax.set_xlabel("$z_1$")
    ax.set_ylabel("$z_2$")
    fig.tight_layout()
    return fig


def plot_latent_runs(codes, labels, titles=None, size=3.2):
    """The 2-D codes of several runs side by side, each point labelled: codes (runs, n, 2)."""
    codes = check_array(codes, "codes", min_rows=0)
    check_names(labels, codes.shape[1] if codes.ndim == 3 else None, "labels")
    if codes.ndim != 3 or codes.shape[2] != 2:
        raise ValueError(f"codes must have shape (n_runs, n, 2), got {codes.shape}")
    if titles is not None and len(titles) != len(codes):
        raise ValueError(f"titles must have one entry per run: {len(titles)} for {len(codes)}")
    fig, axes = plt.subplots(1, len(codes), figsize=(size * len(codes), size), squeeze=False)
    for r, ax in enumerate(axes[0]):
        plot_latent(codes[r], labels, ax=ax, title=None if titles is None else titles[r])
        ax.tick_params(labelsize=7)
    fig.tight_layout()
    return fig


def plot_distance_map(distances, box, codes=None, labels=None, ax=None, vmax=None):
    """Heat map of wrong pixels to the nearest real glyph over the latent box; return the figure.

    distances: (n, n) ints, row 0 at the top of box ((x0, x1), (y0, y1)) as
    ``tplib.latent_geometry.latent_grid`` orders it; codes (m, 2) and labels mark the training glyphs.
    """
    distances = check_array(distances, "distances", ndim=2)
    b = check_array(box, "box", min_rows=0)
    if b.shape != (2, 2):
        raise ValueError(f"box must be ((x0, x1), (y0, y1)), got {box!r}")
    if codes is not None:
        check_names(labels, len(check_points(codes, "codes")), "labels")
    (x0, x1), (y0, y1) = box
    fig, ax = new_axes(ax, (5.5, 4.5))
    image = ax.imshow(distances, extent=(x0, x1, y0, y1), origin="upper", cmap="magma_r",
                      vmin=0, vmax=vmax, aspect="auto", interpolation="nearest")
    fig.colorbar(image, ax=ax, label="wrong pixels to the nearest real glyph")
    if codes is not None:
        codes = np.asarray(codes, dtype=float)
        ax.scatter(codes[:, 0], codes[:, 1], s=12, color="tab:cyan", edgecolor="k", lw=0.5)
        for (z0, z1), label in zip(codes, labels if labels is not None else []):
            ax.annotate(str(label), (z0, z1), textcoords="offset points", xytext=(3, 3),
                        fontsize=8, color="tab:blue", fontweight="bold")
    ax.set_xlabel("$z_1$")
    ax.set_ylabel("$z_2$")
    return fig

