"""Corruption models for the denoising chapter: pixel flips, salt, pepper and Gaussian noise.

Every function takes glyphs ``X`` of shape (n_samples, n_pixels) with values in [0, 1] and a
``numpy.random.Generator``; none touches global random state, and none modifies ``X``.
"""

from __future__ import annotations

import numpy as np

from .checks import (check_glyphs, check_int, check_number, check_probability,
                     check_rng)

__all__ = ["flip", "salt", "pepper", "gaussian", "noisy_copies"]

# More noisy samples than this (10 million glyphs, gigabytes) is a typo, not an experiment.
_MAX_SAMPLES = 10_000_000


def _check_rng(rng):
    if rng is None:
        raise TypeError("rng is required: pass a numpy.random.Generator, "
                        "e.g. np.random.default_rng(0)")
    return check_rng(rng)


def flip(X, p, rng):
    """Flip each pixel independently with probability p (x -> 1 - x): (n, d) -> (n, d)."""
    X, p, rng = check_glyphs(X), check_probability(p), _check_rng(rng)
    mask = rng.random(X.shape) < p
    return np.where(mask, 1.0 - X, X)


def salt(X, p, rng):
    """Turn each pixel on (1) independently with probability p: (n, d) -> (n, d)."""
    X, p, rng = check_glyphs(X), check_probability(p), _check_rng(rng)
    return np.where(rng.random(X.shape) < p, 1.0, X)


def pepper(X, p, rng):
    """Turn each pixel off (0) independently with probability p: (n, d) -> (n, d)."""
    X, p, rng = check_glyphs(X), check_probability(p), _check_rng(rng)
    return np.where(rng.random(X.shape) < p, 0.0, X)


def gaussian(X, sigma, rng):
    """Add N(0, sigma^2) to every pixel and clip to [0, 1]: (n, d) -> (n, d)."""
    X, rng = check_glyphs(X), _check_rng(rng)
    sigma = check_number(sigma, "sigma", minimum=0.0)
    return np.clip(X + rng.normal(0.0, sigma, size=X.shape), 0.0, 1.0)


def noisy_copies(X, n_copies, p, rng):
    """``n_copies`` flipped copies of every glyph, each paired with its clean original.

    X: (n, d) -> (X_noisy (n * n_copies, d), Y_clean (n * n_copies, d), index (n * n_copies,))
    where ``index[k]`` is the row of X that sample k was made from. Copies of one glyph are
    adjacent: rows 0..n_copies-1 come from X[0], and so on.
    """
    X = check_glyphs(X)
    n_copies = check_int(n_copies, "n_copies", minimum=1, maximum=_MAX_SAMPLES // len(X))
    p, rng = check_probability(p), _check_rng(rng)
    index = np.repeat(np.arange(X.shape[0]), n_copies)
    Y_clean = X[index]
    return flip(Y_clean, p, rng), Y_clean, index
