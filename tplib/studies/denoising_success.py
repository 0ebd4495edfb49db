"""The denoising study, testing side: how often a denoiser succeeds, and why it fails.

"Success" is the book's criterion: a fresh noisy glyph whose reconstruction, thresholded at 0.5,
has at most one wrong pixel against the clean glyph. ``success_rate`` and ``success_curves``
measure it over seeds and noise levels, against the ceiling of the nearest-glyph decoder; the
rest look at the failures (which glyph came out, whether noisy codes cluster by glyph). The
denoisers themselves are trained by ``tplib.studies.denoising``.
"""

from __future__ import annotations

import numpy as np

from .. import noise
from ..checks import (check_array, check_callable, check_glyphs, check_indices, check_int,
                      check_list, check_model, check_number, check_probability, check_seeds)
from ..optimizers import single_blas_thread

__all__ = [
    "success_rate",
    "nearest_glyph_success",
    "success_curves",
    "training_copies_success",
    "success_by_corruption",
    "first_per_glyph",
    "classify_outputs",
    "nearest_is_own",
    "code_clusters",
]


# More noisy copies than this is a typo, not an experiment.
_MAX_COPIES = 1_000_000


def _two_matrices(a, b, a_name, b_name, rows=("n", "m"), dim="k", min_b_rows=0):
    """a (rows[0], dim) and b (rows[1], dim) as float arrays, or a ValueError naming both."""
    A, B = check_array(a, a_name, min_rows=0), check_array(b, b_name, min_rows=0)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[1] or len(B) < min_b_rows:
        b_rows = f"{rows[1]} >= {min_b_rows}" if min_b_rows else rows[1]
        raise ValueError(f"{a_name} ({rows[0]}, {dim}) and {b_name} ({b_rows}, {dim}) must "
                         f"share {dim}, got shapes {A.shape} and {B.shape}")
    return A, B


def success_rate(model, X, p, n_copies, rng, max_wrong=1, corrupt=noise.flip):
    """Fraction of ``n_copies`` fresh corrupted copies of each glyph of X reconstructed within
    ``max_wrong`` wrong pixels. ``corrupt(X, p, rng)`` is the noise model (default: flips)."""
    check_model(model, ("pixel_errors",))
    check_callable(corrupt, "corrupt", "corrupt(X, p, rng) -> noisy X")
    max_wrong = check_int(max_wrong, "max_wrong", minimum=0)
    n_copies = check_int(n_copies, "n_copies", minimum=1, maximum=_MAX_COPIES)
    Y = np.repeat(check_glyphs(X), n_copies, axis=0)
    return float(np.mean(model.pixel_errors(corrupt(Y, p, rng), Y) <= max_wrong))


def nearest_glyph_success(X, X_noisy, index):
    """How often the clean glyph nearest (in Hamming distance) to each noisy sample is its own.

    The best any decoder can do when the glyph is equally likely to be any of X (flip noise,
    p < 0.5). Ties count as a fair coin among the tied glyphs. Returns the mean, a float.
    """
    X, X_noisy = check_glyphs(X), check_glyphs(X_noisy, "X_noisy")
    if X.shape[1] != X_noisy.shape[1]:
        raise ValueError(f"X (n, d) and X_noisy (m, d) must share d, got shapes {X.shape} and "
                         f"{X_noisy.shape}")
    index = check_indices(index, "index", len(X_noisy), len(X))
    X = X > 0.5
    distances = (X_noisy[:, None, :] > 0.5) != X[None, :, :]
    distances = distances.sum(axis=2)
    nearest = distances == distances.min(axis=1, keepdims=True)
    own = nearest[np.arange(len(index)), index]
    return float(np.mean(own / nearest.sum(axis=1)))


@single_blas_thread
def success_curves(X, trainers, ps, seeds, n_copies=20, max_wrong=1, return_models=False):
    """Success rate on fresh flip noise for every trainer, seed and noise level.

    ``trainers`` maps a name to ``f(X, seed) -> model``. Every model of one seed is tested on the
    same noisy glyphs (rng ``[seed, 3, k]`` for the k-th p). Returns {name: (n_seeds, n_ps)}
    plus "nearest glyph": the same rate for the nearest-glyph decoder, the ceiling. With
    ``return_models`` also returns {name: [model per seed]}.
    """
    ps = [check_probability(p, "ps entry") for p in check_list(ps, "ps", "noise probabilities")]
    if not isinstance(trainers, dict) or not trainers or not all(map(callable,
                                                                     trainers.values())):
        raise TypeError("trainers must be a non-empty dict of name -> f(X, seed) -> model")
    seeds = check_seeds(seeds)
    max_wrong = check_int(max_wrong, "max_wrong", minimum=0)
    X = check_glyphs(X)
    Y = np.repeat(X, check_int(n_copies, "n_copies", minimum=1, maximum=_MAX_COPIES), axis=0)
    index = np.repeat(np.arange(len(X)), n_copies)
    results = {name: np.zeros((len(seeds), len(ps))) for name in trainers}
    results["nearest glyph"] = np.zeros((len(seeds), len(ps)))
    kept = {name: [] for name in trainers}
    for i, seed in enumerate(seeds):
        models = {name: train(X, seed) for name, train in trainers.items()}
        for name, model in models.items():
            kept[name].append(model)
        for k, p in enumerate(ps):
            X_noisy = noise.flip(Y, p, np.random.default_rng([seed, 3, k]))
            for name, model in models.items():
                results[name][i, k] = np.mean(model.pixel_errors(X_noisy, Y) <= max_wrong)
            results["nearest glyph"][i, k] = nearest_glyph_success(X, X_noisy, index)
    return (results, kept) if return_models else results


def training_copies_success(models, X, seeds, p, n_copies=3, max_wrong=1):
    """How many of its own noisy training inputs each ``train_noisy_copies`` model reproduces.

    models: one model per seed in ``seeds``, each trained on X (n, d) with ``n_copies`` copies
    at flip probability p; its training copies are redrawn from rng ``[seed, 1]``. Returns a
    list of floats: the fraction within ``max_wrong`` wrong pixels of the clean glyph.
    """
    models, seeds = list(models), check_seeds(seeds)
    X, p = check_glyphs(X), check_probability(p)
    n_copies = check_int(n_copies, "n_copies", minimum=1, maximum=_MAX_COPIES)
    if len(models) != len(seeds):
        raise ValueError(f"models and seeds must pair up, got {len(models)} models and "
                         f"{len(seeds)} seeds")
    rates = []
    for seed, model in zip(seeds, models):
        X_noisy, Y_clean, _ = noise.noisy_copies(X, n_copies, p, np.random.default_rng([seed, 1]))
        rates.append(np.mean(model.pixel_errors(X_noisy, Y_clean) <= max_wrong))
    return rates


def success_by_corruption(models, X, p, n_copies, corruptions, rng_seed, max_wrong=1):
    """``success_rate`` of every model under every corruption model: {name: [rate per model]}.

    models: a list of trained models of X (n, d); corruptions: {name: corrupt(X, p, rng)}.
    Every (model, corruption) pair is tested on noise from a new ``default_rng(rng_seed)``,
    so all models see the same corrupted glyphs.
    """
    if not isinstance(corruptions, dict) or not all(map(callable, corruptions.values())):
        raise TypeError("corruptions must be a dict of name -> corrupt(X, p, rng)")
    models = check_list(models, "models", "trained models")
    for model in models:
        check_model(model, ("pixel_errors",))
    # p is a flip probability or, for Gaussian noise, a sigma: checked by each corruption.
    X, p = check_glyphs(X), check_number(p, "p", minimum=0.0)
    check_seeds(rng_seed, "rng_seed")  # one seed or a list of them, as default_rng takes
    check_int(n_copies, "n_copies", minimum=1, maximum=_MAX_COPIES)
    return {name: [success_rate(model, X, p, n_copies, np.random.default_rng(rng_seed),
                                max_wrong=max_wrong, corrupt=corrupt)
                   for model in models]
            for name, corrupt in corruptions.items()}


def first_per_glyph(order, index, n=None):
    """The first entry of ``order`` (sample rows, best first) for each glyph, in that order.

    ``index[row]`` is the glyph sample ``row`` was made from. Returns at most ``n`` rows (all
    distinct glyphs if ``n`` is None), so a "best predictions" figure shows different glyphs.
    """
    order, index = np.asarray(order), np.asarray(index)
    if order.ndim != 1 or not np.issubdtype(order.dtype, np.integer):
        raise TypeError(f"order must be a 1-D array of row numbers, got {order.dtype} "
                        f"of shape {order.shape}")
    if index.ndim != 1 or len(index) == 0 or order.size and (
            order.min() < 0 or order.max() >= len(index)):
        raise ValueError(f"order must hold rows of index (length {len(index)})")
    _, first = np.unique(index[order], return_index=True)
    picked = order[np.sort(first)]
    return picked if n is None else picked[:check_int(n, "n", minimum=1)]


def classify_outputs(denoised, glyphs, index, max_wrong=1, grey=(0.2, 0.8)):
    """What each reconstruction looks like: right glyph, another glyph, or neither.

    denoised: (n, d) outputs in [0, 1]; glyphs: (g, d) clean glyphs; index: (n,) the glyph each
    output should be. Thresholded at 0.5, an output is "right" within ``max_wrong`` pixels of
    its own glyph, "other glyph" if it failed but is within ``max_wrong`` pixels of another
    glyph, and otherwise a blend. Returns a dict of (n,) arrays: "failed", "other_glyph"
    (bools) and "grey" (pixels strictly between ``grey[0]`` and ``grey[1]``).
    """
    D, G = _two_matrices(denoised, glyphs, "denoised", "glyphs", rows=("n", "g"), dim="d")
    index = check_indices(index, "index", len(D), len(G))
    max_wrong = check_int(max_wrong, "max_wrong", minimum=0)
    low, high = (float(v) for v in grey)
    if not 0.0 <= low < high <= 1.0:
        raise ValueError(f"grey must be (low, high) with 0 <= low < high <= 1, got {grey!r}")
    distances = ((D[:, None, :] > 0.5) != (G[None, :, :] > 0.5)).sum(axis=2)
    rows = np.arange(len(D))
    failed = distances[rows, index] > max_wrong
    distances[rows, index] = D.shape[1] + 1  # only the other glyphs from here on
    other = failed & (distances.min(axis=1, initial=D.shape[1] + 1) <= max_wrong)
    return {"failed": failed, "other_glyph": other,
            "grey": ((D > low) & (D < high)).sum(axis=1)}


def nearest_is_own(points, labels, references, reference_labels):
    """Whether each point is strictly closer to a reference of its own label than to any other.

    points: (n, k) with labels (n,); references: (m, k) with reference_labels (m,). Distances
    are Euclidean, which on binary glyphs ranks like the Hamming distance, so the same test
    serves noisy inputs against training inputs and latent codes against training codes.
    Returns a bool array (n,); a point whose label has no reference is never "own".
    """
    P, R = _two_matrices(points, references, "points", "references", min_b_rows=1)
    labels, reference_labels = np.asarray(labels), np.asarray(reference_labels)
    if labels.shape != (len(P),):
        raise ValueError(f"labels must have shape ({len(P)},), got {labels.shape}")
    if reference_labels.shape != (len(R),):
        raise ValueError(f"reference_labels must have shape ({len(R)},), "
                         f"got {reference_labels.shape}")
    D = ((P[:, None, :] - R[None, :, :]) ** 2).sum(axis=2)
    own = labels[:, None] == reference_labels[None, :]
    return np.where(own, D, np.inf).min(axis=1) < np.where(own, np.inf, D).min(axis=1)


def code_clusters(codes, index, clean_codes):
    """How each glyph's noisy-copy codes cluster, and where its clean code lies.

    codes: (m, k) codes of noisy copies, index: (m,) their glyph in 0..n-1; clean_codes:
    (n, k), every glyph with at least one copy. Returns two bool arrays (n,): ``tight[g]``
    if glyph g's copies lie closer together (largest pairwise distance) than any of them
    lies to another glyph's copy, and ``off_side[g]`` if the clean code lies farther from
    the centre of g's copies than any of the copies does.
    """
    Z, C = _two_matrices(codes, clean_codes, "codes", "clean_codes", rows=("m", "n"))
    index = np.asarray(index)
    if index.shape != (len(Z),) or not np.issubdtype(index.dtype, np.integer):
        raise ValueError(f"index must be integers of shape ({len(Z)},), got {index.dtype} "
                         f"{index.shape}")
    counts = np.bincount(index, minlength=len(C)) if index.size and index.min() >= 0 else None
    if counts is None or len(counts) != len(C) or np.any(counts == 0):
        raise ValueError(f"index must give every one of the {len(C)} clean_codes at least "
                         f"one copy, got {np.unique(index).tolist()}")
    D = np.sqrt(((Z[:, None, :] - Z[None, :, :]) ** 2).sum(axis=2))
    tight, off_side = np.zeros(len(C), bool), np.zeros(len(C), bool)
    for g in range(len(C)):
        mine = index == g
        width = D[np.ix_(mine, mine)].max()
        gap = D[np.ix_(mine, ~mine)].min(initial=np.inf)
        tight[g] = width < gap
        centre = Z[mine].mean(axis=0)
        reach = np.sqrt(((Z[mine] - centre) ** 2).sum(axis=1)).max()
        off_side[g] = np.sqrt(((C[g] - centre) ** 2).sum()) > reach
    return tight, off_side
