"""The linear baseline of chapter 1: how autoencoders' reconstructions and planes compare with PCA.

``tplib.pca.PCA`` gives the best any linear autoencoder can do with a k-number code. The
measures here score any reconstructions the same way, so PCA and trained networks stand in one
table: the squared error E the chapter reports, the wrong pixels (output and glyph on opposite
sides of 0.5), the worst glyph, and how many glyphs are *recognised* -- their reconstruction is
strictly nearer, in wrong pixels, to their own glyph than to any other glyph of the font.
``distance_agreement`` asks how faithfully a plane keeps the font's geometry: the rank
correlation between the distances of the codes and the pixel distances of their glyphs;
``closest_pairs`` finds the glyphs a plane crowds together.
"""

from __future__ import annotations

import numpy as np

from ..checks import (check_array, check_codes, check_glyphs, check_int, check_list,
                      check_model)

__all__ = ["reconstruction_scores", "model_scores", "distance_agreement", "closest_pairs"]


def _runs(values, name, shape):
    """values (n, d) or (runs, n, d) as a float (runs, n, d) array, n and d matching shape."""
    values = check_array(values, name, min_rows=1)
    if values.ndim == 2:
        values = values[None]
    if values.ndim != 3 or values.shape[1:] != shape:
        raise ValueError(f"{name} must have shape {shape} or (n_runs, *{shape}), "
                         f"got {values.shape}")
    return values


def reconstruction_scores(outputs, X, threshold=0.5):
    """Scores of reconstructions of the glyphs X (n, P), one run or several: a dict of arrays.

    outputs: (n, P) or (n_runs, n, P) reconstructions (any real values: a PCA projection may
    leave [0, 1]). Each key holds one value per run: ``sse`` (sum of squared errors),
    ``wrong`` (wrong pixels over all glyphs), ``worst`` (wrong pixels of the worst glyph) and
    ``recognised`` (glyphs whose thresholded reconstruction is strictly nearer their own glyph
    than any other, in wrong pixels).
    """
    X = check_glyphs(X, "X")
    outputs = _runs(outputs, "outputs", X.shape)
    ink, glyphs = outputs > threshold, X > threshold
    wrong = (ink != glyphs).sum(axis=2)                                  # (runs, n)
    # (runs, n, n): wrong pixels between each reconstruction and every glyph of the font.
    to_all = (ink[:, :, None, :] != glyphs[None, None]).sum(axis=3)
    own = np.diagonal(to_all, axis1=1, axis2=2)                          # == wrong
    others = to_all + np.where(np.eye(len(X), dtype=bool), X.shape[1] + 1, 0)
    return {
        "sse": ((outputs - X) ** 2).sum(axis=(1, 2)),
        "wrong": wrong.sum(axis=1),
        "worst": wrong.max(axis=1),
        "recognised": (own < others.min(axis=2)).sum(axis=1),
    }


def model_scores(models, X, threshold=0.5):
    """``reconstruction_scores`` of each model's ``predict(X)``: models is a list (or one model)."""
    models = [models] if hasattr(models, "predict") else check_list(
        models, "models", "models with predict")
    for model in models:
        check_model(model, ("predict",))
    X = check_glyphs(X, "X")
    return reconstruction_scores(np.stack([m.predict(X) for m in models]), X, threshold)


def _ranks(values):
    """Ranks 0..n-1 of a 1-D array, ties given their mean rank (as Spearman's rho needs)."""
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(len(values))
    sorted_values = values[order]
    # Average the ranks over each run of equal values.
    starts = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
    ends = np.r_[starts[1:], len(values)]
    for s, e in zip(starts, ends):
        ranks[order[s:e]] = (s + e - 1) / 2
    return ranks


def distance_agreement(codes, X, threshold=0.5):
    """Spearman rank correlation between code distances and glyph pixel distances, per run.

    codes: (n, k) or (n_runs, n, k) codes of the glyphs X (n, P). Over every pair of glyphs,
    the Euclidean distance of their codes is compared with the number of pixels in which the
    glyphs differ: 1 means the plane orders all pairs as pixel space does, 0 no relation.
    Returns (n_runs,) floats. The measure ignores scale, rotation and reflection of the plane.
    """
    X = check_glyphs(X, "X")
    codes = check_codes(codes, "codes", runs=True)
    if codes.shape[1] != len(X):
        raise ValueError(f"codes must hold one code per glyph of X ({len(X)}), got shape "
                         f"{codes.shape}")
    if len(X) < 3:
        raise ValueError(f"distance_agreement needs at least 3 glyphs, got {len(X)}")
    glyphs = X > threshold
    upper = np.triu_indices(len(X), 1)
    pixel_ranks = _ranks((glyphs[:, None] != glyphs[None]).sum(axis=2)[upper].astype(float))
    out = []
    for Z in codes:
        gaps = np.linalg.norm(Z[:, None] - Z[None], axis=2)[upper]
        out.append(np.corrcoef(_ranks(gaps), pixel_ranks)[0, 1])
    return np.array(out)


def closest_pairs(codes, k=2):
    """The k pairs of codes closest together, in units of the median distance between codes.

    codes: (n, dim) with n >= 3. Returns a list of (i, j, relative distance), i < j, closest
    first; ties keep the order of (i, j). The unit makes planes of any scale comparable.
    """
    codes = check_codes(codes, "codes", min_rows=3)
    n = len(codes)
    k = check_int(k, "k", minimum=1, maximum=n * (n - 1) // 2)
    upper = np.triu_indices(n, 1)
    gaps = np.linalg.norm(codes[:, None] - codes[None], axis=2)[upper]
    median = np.median(gaps)
    if median == 0:
        raise ValueError("codes: most codes coincide, so there is no scale to measure in")
    order = np.argsort(gaps, kind="stable")[:k]
    return [(int(upper[0][m]), int(upper[1][m]), float(gaps[m] / median)) for m in order]
