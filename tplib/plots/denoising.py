"""The denoising chapter's figures: noisy and denoised rows, loss per glyph, success curves."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..checks import check_array
from ._common import check_names, check_pixels, new_axes
from .glyphs import plot_glyph

__all__ = [
    "plot_denoising_rows",
    "plot_loss_per_glyph",
    "plot_subset_losses",
    "plot_success_curves",
]


def plot_denoising_rows(original, noisy, denoised, titles=None, axes_size=0.8):
    """Three rows of glyphs (n, 35) each: original, noisy input, denoised output; return figure."""
    rows = [check_pixels(a, name) for a, name in ((original, "original"), (noisy, "noisy"),
                                             (denoised, "denoised"))]
    if rows[0].ndim != 2 or any(r.shape != rows[0].shape for r in rows):
        raise ValueError(f"original, noisy and denoised must share one (n, 35) shape, got "
                         f"{[r.shape for r in rows]}")
    n = len(rows[0])
    if titles is not None and len(titles) != n:
        raise ValueError(f"titles must have one entry per column: {len(titles)} for {n}")
    fig, axes = plt.subplots(3, n, squeeze=False, figsize=(n * axes_size + 0.9, 3 * axes_size * 1.4))
    for r, (name, row) in enumerate(zip(("original", "noisy", "denoised"), rows)):
        for c in range(n):
            plot_glyph(row[c], ax=axes[r, c],
                       title=titles[c] if (r == 0 and titles is not None) else None)
        axes[r, 0].set_ylabel(name, fontsize=9)
    fig.tight_layout()
    return fig


def plot_loss_per_glyph(ps, losses, labels, ax=None, ylabel="loss per glyph"):
    """One line per glyph: losses (n_ps, n_glyphs) against noise probabilities ps (n_ps,)."""
    losses = check_array(losses, "losses", min_rows=0)
    ps = check_array(ps, "ps", ndim=1)
    check_names(labels, None, "labels")
    if losses.ndim != 2 or losses.shape != (len(ps), len(labels)):
        raise ValueError(f"losses must have shape (len(ps), len(labels)) = "
                         f"({len(ps)}, {len(labels)}), got {losses.shape}")
    fig, ax = new_axes(ax, (6, 3.8))
    colors = plt.cm.tab10(np.linspace(0, 1, max(len(labels), 2)))
    for j, label in enumerate(labels):
        ax.plot(ps, losses[:, j], "o-", color=colors[j % len(colors)], lw=1.2, ms=3,
                label=str(label))
    ax.plot(ps, losses.mean(axis=1), "k--", lw=2, label="mean")
    ax.set_xlabel("noise probability $p$")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=7, ncol=2)
    return fig


def plot_success_curves(ps, results, ax=None, ylabel="success rate"):
    """Mean over seeds (line) and min-max band of {name: (n_seeds, n_ps)} against ps."""
    ps = check_array(ps, "ps", ndim=1)
    if not isinstance(results, dict) or not results:
        raise TypeError("results must be a non-empty {name: (n_seeds, n_ps) array} dict, "
                        f"got {type(results).__name__}")
    for name, values in results.items():
        check_array(values, f"results[{name!r}]", min_rows=0)
    fig, ax = new_axes(ax, (6.5, 4))
    for name, values in results.items():
        values = np.asarray(values, dtype=float)
        if values.ndim != 2 or values.shape[1] != len(ps):
            raise ValueError(f"results[{name!r}] must have shape (n_seeds, {len(ps)}), "
                             f"got {values.shape}")
        style = "k:" if name == "nearest glyph" else "o-"
        line, = ax.plot(ps, values.mean(axis=0), style, lw=1.6, ms=4, label=name)
        ax.fill_between(ps, values.min(axis=0), values.max(axis=0), color=line.get_color(),
                        alpha=0.2, lw=0)
    ax.set_xlabel("noise probability $p$ of the test glyphs")
    ax.set_ylabel(ylabel)
    ax.set_ylim(-0.02, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def plot_subset_losses(sizes, losses, highlight=None, ax=None, ylabel="loss per glyph"):
    """Scatter of final loss per subset against subset size; ``highlight`` = (size, loss, label)."""
    sizes = check_array(sizes, "sizes", ndim=1)
    losses = check_array(losses, "losses", ndim=1)
    if sizes.shape != losses.shape:
        raise ValueError(f"sizes and losses must match, got {sizes.shape} and {losses.shape}")
    fig, ax = new_axes(ax, (5, 3.5))
    ax.plot(sizes, losses, "o", color="tab:blue", alpha=0.7, label="random subsets")
    for size in np.unique(sizes):
        ax.plot([size - 0.3, size + 0.3], [losses[sizes == size].mean()] * 2, "k-", lw=1.5)
    if highlight is not None:
        size, value, label = highlight
        ax.plot([size], [value], "*", color="tab:red", ms=13, label=label)
    ax.set_xticks(np.unique(sizes))
    ax.set_xlabel("glyphs in the subset")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    return fig

