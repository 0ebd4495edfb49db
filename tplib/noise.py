"""Corruption models for the denoising chapter: pixel flips, salt, pepper and Gaussian noise.

Every function takes glyphs ``X`` of shape (n_samples, n_pixels) with values in [0, 1] and a
``numpy.random.Generator``; none touches global random state, and none modifies ``X``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = ["flip", "salt", "pepper", "gaussian", "noisy_copies"]


def _check_rng(rng):
    if rng is None:
        raise TypeError("rng is required: pass a numpy.random.Generator, "
                        "e.g. np.random.default_rng(0)")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    return rng


def _check_probability(p, name="p"):
    if isinstance(p, (bool, np.bool_)) or not isinstance(p, numbers.Real):
        raise TypeError(f"{name} must be a number in [0, 1], got {p!r}")
    if not math.isfinite(p) or not 0.0 <= p <= 1.0:
        raise ValueError(f"{name} must be a probability in [0, 1], got {p!r}")
    return float(p)


def _check_glyphs(X, name="X"):
    if X is None or isinstance(X, (str, bytes)):
        raise TypeError(f"{name} must be a 2-D array of pixels, got {type(X).__name__}")
    try:
        A = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a 2-D array of pixels: {exc}") from None
    if A.ndim != 2 or A.shape[0] == 0 or A.shape[1] == 0:
        raise ValueError(f"{name} must be a non-empty 2-D array (n_samples, n_pixels), "
                         f"got shape {A.shape}")
    if not np.all(np.isfinite(A)) or A.min() < 0.0 or A.max() > 1.0:
        raise ValueError(f"{name} must hold pixel values in [0, 1]")
    return A


def flip(X, p, rng):
    """Flip each pixel independently with probability p (x -> 1 - x): (n, d) -> (n, d)."""
    X, p, rng = _check_glyphs(X), _check_probability(p), _check_rng(rng)
    mask = rng.random(X.shape) < p
    return np.where(mask, 1.0 - X, X)


def salt(X, p, rng):
    """Turn each pixel on (1) independently with probability p: (n, d) -> (n, d)."""
    X, p, rng = _check_glyphs(X), _check_probability(p), _check_rng(rng)
    return np.where(rng.random(X.shape) < p, 1.0, X)


def pepper(X, p, rng):
    """Turn each pixel off (0) independently with probability p: (n, d) -> (n, d)."""
    X, p, rng = _check_glyphs(X), _check_probability(p), _check_rng(rng)
    return np.where(rng.random(X.shape) < p, 0.0, X)


def gaussian(X, sigma, rng):
    """Add N(0, sigma^2) to every pixel and clip to [0, 1]: (n, d) -> (n, d)."""
    X, rng = _check_glyphs(X), _check_rng(rng)
    if isinstance(sigma, (bool, np.bool_)) or not isinstance(sigma, numbers.Real):
        raise TypeError(f"sigma must be a non-negative number, got {sigma!r}")
    if not math.isfinite(sigma) or sigma < 0:
        raise ValueError(f"sigma must be non-negative and finite, got {sigma!r}")
    return np.clip(X + rng.normal(0.0, float(sigma), size=X.shape), 0.0, 1.0)


def noisy_copies(X, n_copies, p, rng):
    """``n_copies`` flipped copies of every glyph, each paired with its clean original.

    X: (n, d) -> (X_noisy (n * n_copies, d), Y_clean (n * n_copies, d), index (n * n_copies,))
    where ``index[k]`` is the row of X that sample k was made from. Copies of one glyph are
    adjacent: rows 0..n_copies-1 come from X[0], and so on.
    """
    X = _check_glyphs(X)
    if isinstance(n_copies, (bool, np.bool_)) or not isinstance(n_copies, numbers.Integral):
        raise TypeError(f"n_copies must be a whole number, got {n_copies!r}")
    if n_copies < 1:
        raise ValueError(f"n_copies must be at least 1, got {n_copies}")
    p, rng = _check_probability(p), _check_rng(rng)
    index = np.repeat(np.arange(X.shape[0]), int(n_copies))
    Y_clean = X[index]
    return flip(Y_clean, p, rng), Y_clean, index
