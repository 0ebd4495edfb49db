"""Training results: loss curves, loss per evaluation, bars per architecture or method."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..checks import check_array, check_number
from ._common import check_curves, check_names, new_axes

__all__ = [
    "plot_architecture_comparison",
    "plot_evaluation_curves",
    "plot_history",
    "plot_method_bars",
]


def plot_history(histories, key="loss", ax=None, logy=True, xkey=None, title=None):
    """Curves of ``key`` from one history or a {name: history} dict; return the figure."""
    if isinstance(histories, dict) and key in histories:
        histories = {"": histories}
    if not isinstance(histories, dict):
        raise TypeError(f"histories must be a history dict or a {{name: history}} dict, "
                        f"got {type(histories).__name__}")
    for name, hist in histories.items():
        if not isinstance(hist, dict) or key not in hist:
            raise ValueError(f"histories[{name!r}] must be a history dict with the key {key!r}")
    fig, ax = new_axes(ax, (6, 3.5))
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


_RESULT_LABELS = {"loss": "final error (SSE)", "max_pixel_errors": "worst glyph: wrong pixels",
                  "total_pixel_errors": "wrong pixels, all glyphs"}


def plot_architecture_comparison(results, keys=("loss", "max_pixel_errors"), axes=None):
    """Bars of the mean over seeds (error bar: standard deviation, dots: each seed) per key.

    results: {name: {key: (n_seeds,) array}} as ``tplib.studies.seed_runs.compare_architectures``
    returns it; one panel per key. Returns the figure.
    """
    if not isinstance(results, dict):
        raise TypeError("results must be {architecture name: run results} as "
                        f"compare_architectures returns it, got {type(results).__name__}")
    names = list(results)
    if not names:
        raise ValueError("results is empty: pass {architecture name: run results}")
    for name in names:
        if not isinstance(results[name], dict) or any(k not in results[name] for k in keys):
            raise ValueError(f"results[{name!r}] must be a dict with the keys {list(keys)}")
    if axes is None:
        fig, axes = plt.subplots(1, len(keys), figsize=(4.2 * len(keys), 3.6), squeeze=False)
        axes = axes[0]
    fig = axes[0].figure
    x = np.arange(len(names))
    for ax, key in zip(axes, keys):
        values = [np.asarray(results[n][key], dtype=float) for n in names]
        ax.bar(x, [v.mean() for v in values], yerr=[v.std() for v in values], capsize=4,
               color="tab:blue", alpha=0.55)
        for i, v in enumerate(values):
            ax.plot(np.full(v.size, i) + np.linspace(-0.15, 0.15, v.size), v, "o",
                    color="k", ms=3)
        ax.set_xticks(x, names, rotation=30, ha="right", fontsize=8)
        ax.set_ylabel(_RESULT_LABELS.get(key, key.replace("_", " ")))
    fig.tight_layout()
    return fig


def plot_evaluation_curves(losses, names, scale=1.0, ax=None, raw=True, title=None, xmax=None):
    """Loss per evaluation for several methods: ``losses`` (n_methods, n_evals), NaN-padded.

    Solid: the best loss so far; faint (``raw=True``): every evaluated loss, line-search trials
    and finite-difference probes included. Losses are divided by ``scale`` (e.g. 32 glyphs).
    """
    scale = check_number(scale, "scale", 0.0, strict=True)
    check_names(names, None, "names")
    losses = check_curves(losses, "losses") / scale
    if losses.ndim != 2 or losses.shape[0] != len(names):
        raise ValueError(f"losses must be (n_methods, n_evals) with one name per method, got "
                         f"{losses.shape} and {len(names)} names")
    fig, ax = new_axes(ax, (7, 4))
    for k, (row, name) in enumerate(zip(losses, names)):
        row = row[np.isfinite(row)]
        x = np.arange(1, len(row) + 1)
        color = f"C{k}"
        if raw:
            ax.plot(x, row, color=color, lw=0.5, alpha=0.35)
        ax.plot(x, np.minimum.accumulate(row), color=color, lw=1.6, label=name)
    ax.set_yscale("log")
    ax.set_xlabel("objective evaluations")
    ax.set_ylabel("squared error per glyph")
    if xmax:
        ax.set_xlim(0, xmax)
    ax.legend(fontsize=8, ncol=2)
    if title:
        ax.set_title(title)
    return fig


def plot_method_bars(names, values, errors=None, reference=None, ax=None, ylabel="",
                     title=None):
    """Bars of one value per method (mean over seeds, ``errors`` = spread), with optional
    ``reference`` values (a {name: value} dict, e.g. the original's figures) beside them."""
    check_names(names, None, "names")
    if check_array(values, "values", min_rows=0).shape != (len(names),):
        raise ValueError(f"values must have one entry per name ({len(names)}), "
                         f"got shape {np.shape(values)}")
    if errors is not None and check_array(errors, "errors", min_rows=0).shape not in (
            (len(names),), (2, len(names))):
        raise ValueError(f"errors must have one entry per name ({len(names)}), "
                         f"got shape {np.shape(errors)}")
    fig, ax = new_axes(ax, (7, 3.5))
    x = np.arange(len(names))
    width = 0.4 if reference else 0.7
    ax.bar(x, values, width, yerr=errors, capsize=3, label="this book", color="C0")
    if reference:
        ref = [reference.get(n, np.nan) for n in names]
        ax.bar(x + width, ref, width, label="original (2021)", color="C1")
        ax.set_ylim(top=1.2 * np.nanmax(np.concatenate([np.ravel(values), ref])))
        ax.legend(fontsize=8, ncol=2, loc="upper left")
    ax.set_xticks(x + (width / 2 if reference else 0))
    ax.set_xticklabels(names, fontsize=8)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    return fig

