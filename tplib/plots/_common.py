"""Argument checks and the axes helper that every figure module of tplib.plots shares."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..checks import check_array, check_int

__all__ = [
    "check_curves",
    "check_names",
    "check_pixels",
    "check_points",
    "check_shape",
    "new_axes",
]


def check_pixels(X, name, ndim=None):
    """Images drawn on a 0..1 grey scale: real, finite, in [0, 1] (not 0..255)."""
    return check_array(X, name, ndim=ndim, low=0.0, high=1.0)


def check_points(Z, name):
    """(n, 2) finite latent codes."""
    Z = check_array(Z, name, min_rows=0)
    if Z.ndim != 2 or Z.shape[1] != 2:
        raise ValueError(f"{name} must have shape (n, 2), got {Z.shape}")
    return Z


def check_names(values, n, name):
    """None, or a list of n labels (a scalar or a string is not a list of labels)."""
    if values is None:
        return None
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__len__") or (
            isinstance(values, np.ndarray) and values.ndim != 1):
        raise TypeError(f"{name} must be a list with one entry per item, got {values!r}"[:200])
    if n is not None and len(values) != n:
        raise ValueError(f"{name} must have one entry per item: {len(values)} for {n}")
    return values


def check_shape(image_shape, name="image_shape"):
    """(h, w) of positive whole numbers."""
    if isinstance(image_shape, (str, bytes)) or not hasattr(image_shape, "__len__") or (
            len(image_shape) != 2):
        raise TypeError(f"{name} must be a pair (h, w), got {image_shape!r}")
    return tuple(check_int(v, f"{name}[{k}]", minimum=1) for k, v in enumerate(image_shape))


def check_curves(values, name):
    """A float array of real numbers; NaN allowed (runs that stopped early are NaN-padded)."""
    if values is None or isinstance(values, (str, bytes, dict)):
        raise TypeError(f"{name} must be an array of numbers, got {type(values).__name__}")
    raw = np.asarray(values)
    if np.iscomplexobj(raw) or not (np.issubdtype(raw.dtype, np.number) or raw.dtype == bool):
        raise TypeError(f"{name} must hold real numbers, got dtype {raw.dtype}")
    return np.asarray(raw, dtype=float)


def new_axes(ax, figsize):
    """(figure, axes): a new figure of figsize when ax is None, else ax and its figure."""
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
        return fig, ax
    return ax.figure, ax

