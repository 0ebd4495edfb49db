"""Figures the chapters share: each takes ``ax=None``, returns the figure and never shows it."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .checks import check_array, check_int, check_number

__all__ = [
    "animate_latent_walk",
    "animation_html",
    "glyph_image",
    "plot_architecture_comparison",
    "plot_denoising_rows",
    "plot_distance_map",
    "plot_evaluation_curves",
    "plot_glyph",
    "plot_glyphs",
    "plot_history",
    "plot_image_grid",
    "plot_latent",
    "plot_latent_classes",
    "plot_latent_runs",
    "plot_loss_per_glyph",
    "plot_method_bars",
    "plot_reconstructions",
    "plot_subset_losses",
    "plot_success_curves",
]

GLYPH_SHAPE = (7, 5)


def _pixels(X, name, ndim=None):
    """Images drawn on a 0..1 grey scale: real, finite, in [0, 1] (not 0..255)."""
    return check_array(X, name, ndim=ndim, low=0.0, high=1.0)


def _points(Z, name):
    """(n, 2) finite latent codes."""
    Z = check_array(Z, name, min_rows=0)
    if Z.ndim != 2 or Z.shape[1] != 2:
        raise ValueError(f"{name} must have shape (n, 2), got {Z.shape}")
    return Z


def _names(values, n, name):
    """None, or a list of n labels (a scalar or a string is not a list of labels)."""
    if values is None:
        return None
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__len__") or (
            isinstance(values, np.ndarray) and values.ndim != 1):
        raise TypeError(f"{name} must be a list with one entry per item, got {values!r}"[:200])
    if n is not None and len(values) != n:
        raise ValueError(f"{name} must have one entry per item: {len(values)} for {n}")
    return values


def _shape(image_shape, name="image_shape"):
    """(h, w) of positive whole numbers."""
    if isinstance(image_shape, (str, bytes)) or not hasattr(image_shape, "__len__") or (
            len(image_shape) != 2):
        raise TypeError(f"{name} must be a pair (h, w), got {image_shape!r}")
    return tuple(check_int(v, f"{name}[{k}]", minimum=1) for k, v in enumerate(image_shape))


def _curves(values, name):
    """A float array of real numbers; NaN allowed (runs that stopped early are NaN-padded)."""
    if values is None or isinstance(values, (str, bytes, dict)):
        raise TypeError(f"{name} must be an array of numbers, got {type(values).__name__}")
    raw = np.asarray(values)
    if np.iscomplexobj(raw) or not (np.issubdtype(raw.dtype, np.number) or raw.dtype == bool):
        raise TypeError(f"{name} must hold real numbers, got dtype {raw.dtype}")
    return np.asarray(raw, dtype=float)


def glyph_image(x, shape=GLYPH_SHAPE):
    """One flat glyph (35,) as a (7, 5) image, with a clear error for the wrong size."""
    shape = _shape(shape, "shape")
    x = check_array(x, "x", min_rows=0)
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
    x = _pixels(x, "x")
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
    X = _pixels(X, "X", ndim=None)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"X must be a non-empty 2-D array of glyphs, got shape {X.shape}")
    _names(labels, None, "labels")
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


def plot_latent(Z, labels=None, ax=None, title=None, color="tab:blue", annotate=True):
    """Scatter 2-D latent codes Z (n, 2), each labelled with its glyph; return the figure."""
    Z = _points(Z, "Z")
    _names(labels, len(Z), "labels")
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
    if not isinstance(histories, dict):
        raise TypeError(f"histories must be a history dict or a {{name: history}} dict, "
                        f"got {type(histories).__name__}")
    for name, hist in histories.items():
        if not isinstance(hist, dict) or key not in hist:
            raise ValueError(f"histories[{name!r}] must be a history dict with the key {key!r}")
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


# ---------------------------------------------------------------------------------------------
# Figures of the generation and VAE chapters: image grids, latent codes by class, latent walks.


def plot_image_grid(images, values=None, ax=None, cmap="Greys", gap=1):
    """Tile a grid of decoded images (rows, cols, h, w) into one picture; return the figure.

    With values (cols,) the axes are labelled with the latent coordinates of the grid lines
    (row 0 at the largest z2, as ``tplib.vae.decode_grid`` returns it).
    """
    images = _pixels(images, "images")
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
    fig, ax = _new_axes(ax, (6, 6 * sheet.shape[0] / sheet.shape[1]))
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


def plot_latent_classes(Z, y, class_names, ax=None, s=2, alpha=0.5):
    """Scatter 2-D codes Z (n, 2) coloured by integer class y, class names in the legend."""
    Z = _points(Z, "Z")
    y = check_array(y, "y", min_rows=0, dtype=None)
    _names(class_names, None, "class_names")
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must be (n,) integer classes, got {y.dtype} of shape {y.shape}")
    if Z.ndim != 2 or Z.shape[1] != 2 or len(y) != len(Z):
        raise ValueError(f"Z must have shape (n, 2) and y shape (n,), got {Z.shape} and {y.shape}")
    fig, ax = _new_axes(ax, (6.5, 5))
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


def plot_reconstructions(X, X_hat, image_shape, labels=None, cmap="Greys"):
    """Originals (top row) over their reconstructions (bottom row); return the figure."""
    X = _pixels(X, "X")
    X_hat = _pixels(X_hat, "X_hat")
    if X.shape != X_hat.shape or X.ndim != 2:
        raise ValueError(f"X and X_hat must have the same shape (n, pixels), got {X.shape} and "
                         f"{X_hat.shape}")
    n = len(X)
    h, w = _shape(image_shape)
    if h * w != X.shape[1]:
        raise ValueError(f"image_shape {(h, w)} holds {h * w} pixels, X rows have {X.shape[1]}")
    _names(labels, n, "labels")
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


def plot_distance_map(distances, box, codes=None, labels=None, ax=None, vmax=None):
    """Heat map of wrong pixels to the nearest real glyph over the latent box; return the figure.

    distances: (n, n) ints, row 0 at the top of box ((x0, x1), (y0, y1)) as
    ``tplib.generation.latent_grid`` orders it; codes (m, 2) and labels mark the training glyphs.
    """
    distances = check_array(distances, "distances", ndim=2)
    b = check_array(box, "box", min_rows=0)
    if b.shape != (2, 2):
        raise ValueError(f"box must be ((x0, x1), (y0, y1)), got {box!r}")
    if codes is not None:
        _names(labels, len(_points(codes, "codes")), "labels")
    (x0, x1), (y0, y1) = box
    fig, ax = _new_axes(ax, (5.5, 4.5))
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


def animate_latent_walk(decode, path, image_shape, Z=None, y=None, size=2.2, cmap="Greys",
                        dpi=60, interval=120):
    """Animation of a walk through a 2-D latent plane: the decoded image beside the path.

    decode: (n, 2) -> (n, h*w) in [0, 1]; path: (frames, 2). Z, y (optional) draw codes as a
    faint background. Returns a ``matplotlib.animation.FuncAnimation``; display it with
    ``HTML(anim.to_jshtml())`` so it plays without a kernel. The figure is closed.
    """
    from matplotlib import animation

    if not callable(decode):
        raise TypeError(f"decode must be callable (codes -> images), got {type(decode).__name__}")
    image_shape = _shape(image_shape)
    path = check_array(path, "path", min_rows=0)
    if path.ndim != 2 or path.shape[1] != 2 or len(path) < 2:
        raise ValueError(f"path must have shape (frames >= 2, 2), got {path.shape}")
    frames = np.asarray(decode(path), dtype=float).reshape(len(path), *image_shape)
    fig, (ax_plane, ax_image) = plt.subplots(1, 2, figsize=(2 * size, size), dpi=dpi)
    if Z is not None:
        Z = np.asarray(Z, dtype=float)
        colors = None if y is None else plt.get_cmap("tab10")(np.asarray(y) % 10)
        ax_plane.scatter(Z[:, 0], Z[:, 1], s=1, alpha=0.3, c=colors, rasterized=True)
    ax_plane.plot(path[:, 0], path[:, 1], color="0.6", lw=0.8)
    (dot,) = ax_plane.plot(*path[0], "o", color="crimson")
    ax_plane.set_xticks([])
    ax_plane.set_yticks([])
    ax_plane.set_title("latent plane", fontsize=8)
    picture = ax_image.imshow(frames[0], cmap=cmap, vmin=0.0, vmax=1.0)
    ax_image.set_xticks([])
    ax_image.set_yticks([])
    ax_image.set_title("decoded", fontsize=8)
    fig.tight_layout()

    def update(k):
        dot.set_data([path[k, 0]], [path[k, 1]])
        picture.set_data(frames[k])
        return dot, picture

    anim = animation.FuncAnimation(fig, update, frames=len(path), interval=interval,
                                   blit=True)
    plt.close(fig)
    return anim


# ---------------------------------------------------------------------------------------------
# Figures of the autoencoder chapter: architectures over seeds, latent planes of several runs.


_RESULT_LABELS = {"loss": "final error (SSE)", "max_pixel_errors": "worst glyph: wrong pixels",
                  "total_pixel_errors": "wrong pixels, all glyphs"}


def plot_architecture_comparison(results, keys=("loss", "max_pixel_errors"), axes=None):
    """Bars of the mean over seeds (error bar: standard deviation, dots: each seed) per key.

    results: {name: {key: (n_seeds,) array}} as ``tplib.experiments.compare_architectures``
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


def plot_latent_runs(codes, labels, titles=None, size=3.2):
    """The 2-D codes of several runs side by side, each point labelled: codes (runs, n, 2)."""
    codes = check_array(codes, "codes", min_rows=0)
    _names(labels, codes.shape[1] if codes.ndim == 3 else None, "labels")
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


# ---------------------------------------------------------------------------------------------
# Figures of the denoising chapter: noisy/denoised rows, loss per glyph, success-rate curves.


def plot_denoising_rows(original, noisy, denoised, titles=None, axes_size=0.8):
    """Three rows of glyphs (n, 35) each: original, noisy input, denoised output; return figure."""
    rows = [_pixels(a, name) for a, name in ((original, "original"), (noisy, "noisy"),
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
    _names(labels, None, "labels")
    if losses.ndim != 2 or losses.shape != (len(ps), len(labels)):
        raise ValueError(f"losses must have shape (len(ps), len(labels)) = "
                         f"({len(ps)}, {len(labels)}), got {losses.shape}")
    fig, ax = _new_axes(ax, (6, 3.8))
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
    fig, ax = _new_axes(ax, (6.5, 4))
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
    fig, ax = _new_axes(ax, (5, 3.5))
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


# Matplotlib's player draws its buttons with Font Awesome icons from a CDN; the book makes no
# outside request, so the stylesheet link goes and each icon becomes a plain character.
_PLAYER_ICONS = {"fa fa-play fa-flip-horizontal": "\u25c0", "fa fa-minus": "\u2212",
                 "fa fa-fast-backward": "\u21e4", "fa fa-step-backward": "\u2190",
                 "fa fa-pause": "\u275a\u275a", "fa fa-play": "\u25b6",
                 "fa fa-step-forward": "\u2192", "fa fa-fast-forward": "\u21e5",
                 "fa fa-plus": "+"}


def animation_html(anim, frame_format="png", default_mode="loop"):
    """The JavaScript player of a FuncAnimation as an HTML string; frames embedded, no kernel.

    frame_format "jpeg" makes photographic frames several times lighter than "png". The
    result loads nothing from the network (matplotlib's CDN stylesheet is removed).
    """
    import re

    if frame_format not in ("png", "jpeg"):
        raise ValueError(f"frame_format must be 'png' or 'jpeg'; got {frame_format!r}")
    with plt.rc_context({"animation.frame_format": frame_format}):
        html = anim.to_jshtml(default_mode=default_mode)
    html = re.sub(r"<link[^>]*href=\"https?://[^>]*>", "", html)
    for icon, text in _PLAYER_ICONS.items():
        html = html.replace(f'<i class="{icon}"></i>', text)
    return html


# ---------------------------------------------------------------------------------------------
# The optimizers chapter: loss per evaluation and the per-method summary bars.


def plot_evaluation_curves(losses, names, scale=1.0, ax=None, raw=True, title=None, xmax=None):
    """Loss per evaluation for several methods: ``losses`` (n_methods, n_evals), NaN-padded.

    Solid: the best loss so far; faint (``raw=True``): every evaluated loss, line-search trials
    and finite-difference probes included. Losses are divided by ``scale`` (e.g. 32 glyphs).
    """
    scale = check_number(scale, "scale", 0.0, strict=True)
    _names(names, None, "names")
    losses = _curves(losses, "losses") / scale
    if losses.ndim != 2 or losses.shape[0] != len(names):
        raise ValueError(f"losses must be (n_methods, n_evals) with one name per method, got "
                         f"{losses.shape} and {len(names)} names")
    fig, ax = _new_axes(ax, (7, 4))
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
    _names(names, None, "names")
    if check_array(values, "values", min_rows=0).shape != (len(names),):
        raise ValueError(f"values must have one entry per name ({len(names)}), "
                         f"got shape {np.shape(values)}")
    if errors is not None and check_array(errors, "errors", min_rows=0).shape not in (
            (len(names),), (2, len(names))):
        raise ValueError(f"errors must have one entry per name ({len(names)}), "
                         f"got shape {np.shape(errors)}")
    fig, ax = _new_axes(ax, (7, 3.5))
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
