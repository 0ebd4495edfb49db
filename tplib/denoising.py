"""Denoising experiments: subset search, training on noisy glyphs, and success rates on fresh noise.

Everything returns plain arrays. "Success" is the book's criterion: a fresh noisy glyph whose
reconstruction, thresholded at 0.5, has at most one wrong pixel against the clean glyph.
"""

from __future__ import annotations

import numpy as np

from . import noise
from .autoencoder import Autoencoder
from .checks import (check_array, check_int, check_model, check_number, check_probability,
                     check_rng, check_seed, check_seeds)
from .optimizers import Adam, Optimizer, single_blas_thread

__all__ = [
    "random_subsets",
    "subset_losses",
    "train_plain",
    "train_noisy_copies",
    "train_fresh_noise",
    "noise_level_runs",
    "fit_fresh_noise",
    "per_glyph_loss",
    "success_rate",
    "nearest_glyph_success",
    "success_curves",
    "first_per_glyph",
    "classify_outputs",
    "nearest_is_own",
    "code_clusters",
    "range_text",
    "corruption_panels",
    "subset_table",
    "training_copies_success",
    "success_by_corruption",
]

LAYERS = (35, 25, 2, 25, 35)


# Longer runs or more noisy copies than these are typos, not experiments.
_MAX_EPOCHS = 10_000_000
_MAX_COPIES = 1_000_000


def _check_int(value, name, minimum=1, maximum=None):
    return check_int(value, name, minimum=minimum, maximum=maximum)


def _glyphs(X, name="X"):
    """Glyphs (n, d) with pixel values in [0, 1], as float64."""
    return check_array(X, name, ndim=2, low=0.0, high=1.0)


def _check_training(seed, epochs, lr, epochs_name="epochs", seed_may_be_none=False):
    """The seed, epoch budget and learning rate every trainer here takes, checked up front."""
    if not (seed is None and seed_may_be_none):  # None: a fresh random start
        check_seed(seed)
    _check_int(epochs, epochs_name, maximum=_MAX_EPOCHS)
    check_number(lr, "lr", 0.0, strict=True)


def _check_list(values, name, what):
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a list of {what}, got {values!r}")
    values = list(values)
    if not values:
        raise ValueError(f"{name} is empty: give at least one of {what}")
    return values


def _check_index(index, n_rows, n_glyphs, name="index"):
    """(n_rows,) glyph numbers in 0..n_glyphs-1, as an int array."""
    index = np.asarray(index)
    if index.shape != (n_rows,) or not np.issubdtype(index.dtype, np.integer) or (
            n_rows and (index.min() < 0 or index.max() >= n_glyphs)):
        raise ValueError(f"{name} must hold {n_rows} glyph numbers in 0..{n_glyphs - 1}, got "
                         f"{index.dtype} of shape {index.shape}")
    return index


def _two_matrices(a, b, a_name, b_name, rows=("n", "m"), dim="k", min_b_rows=0):
    """a (rows[0], dim) and b (rows[1], dim) as float arrays, or a ValueError naming both."""
    A, B = check_array(a, a_name, min_rows=0), check_array(b, b_name, min_rows=0)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[1] or len(B) < min_b_rows:
        b_rows = f"{rows[1]} >= {min_b_rows}" if min_b_rows else rows[1]
        raise ValueError(f"{a_name} ({rows[0]}, {dim}) and {b_name} ({b_rows}, {dim}) must "
                         f"share {dim}, got shapes {A.shape} and {B.shape}")
    return A, B


def _layers(latent_dim):
    return [35, 25, _check_int(latent_dim, "latent_dim"), 25, 35]


def random_subsets(n_glyphs, sizes, n_per_size, rng):
    """``n_per_size`` random glyph subsets of every size: list of (size, sorted index array)."""
    n_glyphs = _check_int(n_glyphs, "n_glyphs")
    n_per_size = _check_int(n_per_size, "n_per_size", maximum=_MAX_COPIES)
    check_rng(rng)
    sizes = _check_list(sizes, "sizes", "subset sizes")
    subsets = []
    for size in sizes:
        size = _check_int(size, "sizes entry")
        if size > n_glyphs:
            raise ValueError(f"a subset of {size} glyphs cannot be drawn from {n_glyphs}")
        for _ in range(n_per_size):
            subsets.append((size, np.sort(rng.choice(n_glyphs, size=size, replace=False))))
    return subsets


@single_blas_thread
def subset_losses(X, subsets, epochs=2000, lr=0.001, loss="sse", seed=0,
                  latent_activation="linear"):
    """Train one clean 35-25-2-25-35 per subset (index arrays into X (n, 35)) with Adam(lr).

    Returns (loss per glyph (n_subsets,), max wrong pixels (n_subsets,)) at the end of training.
    The network's seed is the same for every subset, so only the glyphs change.
    """
    X = _glyphs(X)
    _check_training(seed, epochs, lr, seed_may_be_none=True)
    subsets = _check_list(subsets, "subsets", "index arrays into X")
    for k, idx in enumerate(subsets):
        idx = np.asarray(idx)
        if idx.ndim != 1 or idx.size == 0 or not np.issubdtype(idx.dtype, np.integer) or (
                idx.min() < -len(X) or idx.max() >= len(X)):
            raise ValueError(f"subsets[{k}] must be a non-empty list of row numbers of X "
                             f"(0..{len(X) - 1}), got {idx!r}")
    per_glyph, worst = [], []
    for idx in subsets:
        Xs = X[np.asarray(idx)]
        model = Autoencoder(LAYERS, loss=loss, latent_activation=latent_activation, seed=seed)
        model.fit(Xs, optimizer=Adam(lr), epochs=epochs)
        per_glyph.append(model.loss_value(Xs) / len(Xs))
        worst.append(model.pixel_errors(Xs).max())
    return np.array(per_glyph), np.array(worst)


def train_plain(X, seed, latent_dim=2, max_epochs=5000):
    """The chapter-1 recipe: BCE + Adam(0.01) on clean glyphs until no wrong pixel is left."""
    X = _glyphs(X)
    _check_training(seed, max_epochs, 0.01, "max_epochs", seed_may_be_none=True)
    model = Autoencoder(_layers(latent_dim), loss="bce", latent_activation="linear", seed=seed)
    model.fit(X, optimizer=Adam(0.01), epochs=max_epochs, target_pixel_errors=0)
    return model


def train_noisy_copies(X, seed, p, n_copies=3, latent_dim=2, epochs=2000, lr=0.01,
                       loss="bce", latent_activation="linear", return_history=False):
    """The original's denoiser: a fixed set of ``n_copies`` flipped copies per glyph -> clean.

    Returns the model (and the training history if ``return_history``). The noise is drawn
    from ``default_rng([seed, 1])``. Hidden and output layers are sigmoid.
    """
    _check_training(seed, epochs, lr)
    X_noisy, Y_clean, _ = noise.noisy_copies(X, n_copies, p, np.random.default_rng([seed, 1]))
    model = Autoencoder(_layers(latent_dim), loss=loss, latent_activation=latent_activation,
                        seed=seed)
    history = model.fit(X_noisy, Y_clean, optimizer=Adam(lr), epochs=epochs)
    return (model, history) if return_history else model


@single_blas_thread
def noise_level_runs(X, ps, seed, n_copies=3, n_test=20, **train_options):
    """The original's experiment: one ``train_noisy_copies`` denoiser per noise level p.

    X: (n, 35) clean glyphs. Returns a dict: "train_loss" and "test_loss" (n_ps, n) squared
    error per glyph on its noisy training copies and on ``n_test`` fresh copies (rng
    [seed, 4, k]); "success" (n_ps,) fresh copies within one wrong pixel; "history" (n_ps,
    epochs) training loss per sample; "models" and "train_sets" ((X_noisy, Y_clean, index)).
    """
    X = _glyphs(X)
    ps = [check_probability(p, f"ps[{k}]") for k, p in
          enumerate(_check_list(ps, "ps", "noise probabilities"))]
    check_seed(seed)
    _check_int(n_copies, "n_copies", maximum=_MAX_COPIES)
    _check_int(n_test, "n_test", maximum=_MAX_COPIES)
    n = len(X)
    out = {"train_loss": [], "test_loss": [], "success": [], "history": [], "models": [],
           "train_sets": []}
    for k, p in enumerate(ps):
        model, history = train_noisy_copies(X, seed, p, n_copies=n_copies, return_history=True,
                                            **train_options)
        train_set = noise.noisy_copies(X, n_copies, p, np.random.default_rng([seed, 1]))
        test_set = noise.noisy_copies(X, n_test, p, np.random.default_rng([seed, 4, k]))
        out["train_loss"].append(per_glyph_loss(model, *train_set, n))
        out["test_loss"].append(per_glyph_loss(model, *test_set, n))
        out["success"].append(np.mean(model.pixel_errors(*test_set[:2]) <= 1))
        out["history"].append(history["loss"] / (n * n_copies))
        out["models"].append(model)
        out["train_sets"].append(train_set)
    for key in ("train_loss", "test_loss", "success", "history"):
        out[key] = np.array(out[key])
    return out


@single_blas_thread
def fit_fresh_noise(model, X, p, epochs, optimizer, rng):
    """Train ``model`` towards clean X (n, d), drawing new flip noise (probability p) every epoch.

    Every epoch is one full-batch gradient step on freshly corrupted inputs, so the network
    never sees the same noisy glyph twice. Returns the loss per epoch (epochs,).
    """
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be a tplib optimizer, got {optimizer!r}")
    if not callable(getattr(model, "fit", None)):
        raise TypeError(f"model must be an Autoencoder to train, got {type(model).__name__}")
    X, p, rng = _glyphs(X), check_probability(p), check_rng(rng)
    history = model.fit(X, X, optimizer=optimizer,
                        epochs=_check_int(epochs, "epochs", maximum=_MAX_EPOCHS),
                        corrupt=lambda clean: noise.flip(clean, p, rng))
    return history["loss"]


def train_fresh_noise(X, seed, p, latent_dim=2, epochs=2000, lr=0.01):
    """A denoiser trained on fresh flip noise every epoch (BCE + Adam); noise rng [seed, 2]."""
    _check_training(seed, epochs, lr)
    model = Autoencoder(_layers(latent_dim), loss="bce", latent_activation="linear", seed=seed)
    fit_fresh_noise(model, X, p, epochs, Adam(lr), np.random.default_rng([seed, 2]))
    return model


def per_glyph_loss(model, X_noisy, Y_clean, index, n_glyphs):
    """Mean squared-error sum (over 35 pixels) per source glyph: (n_glyphs,)."""
    check_model(model, ("predict",))
    X_noisy, Y_clean = _glyphs(X_noisy, "X_noisy"), _glyphs(Y_clean, "Y_clean")
    if X_noisy.shape != Y_clean.shape:
        raise ValueError(f"X_noisy and Y_clean must have the same shape, got {X_noisy.shape} "
                         f"and {Y_clean.shape}")
    n_glyphs = _check_int(n_glyphs, "n_glyphs", maximum=_MAX_EPOCHS)
    index = _check_index(index, len(X_noisy), n_glyphs)
    D = model.predict(X_noisy) - Y_clean
    sse = (D * D).sum(axis=1)
    counts = np.bincount(index, minlength=n_glyphs)
    return np.bincount(index, weights=sse, minlength=n_glyphs) / np.maximum(counts, 1)


def success_rate(model, X, p, n_copies, rng, max_wrong=1, corrupt=noise.flip):
    """Fraction of ``n_copies`` fresh corrupted copies of each glyph of X reconstructed within
    ``max_wrong`` wrong pixels. ``corrupt(X, p, rng)`` is the noise model (default: flips)."""
    check_model(model, ("pixel_errors",))
    if not callable(corrupt):
        raise TypeError(f"corrupt must be a function corrupt(X, p, rng), got {corrupt!r}")
    max_wrong = _check_int(max_wrong, "max_wrong", minimum=0)
    Y = np.repeat(_glyphs(X), _check_int(n_copies, "n_copies", maximum=_MAX_COPIES), axis=0)
    return float(np.mean(model.pixel_errors(corrupt(Y, p, rng), Y) <= max_wrong))


def nearest_glyph_success(X, X_noisy, index):
    """How often the clean glyph nearest (in Hamming distance) to each noisy sample is its own.

    The best any decoder can do when the glyph is equally likely to be any of X (flip noise,
    p < 0.5). Ties count as a fair coin among the tied glyphs. Returns the mean, a float.
    """
    X, X_noisy = _glyphs(X), _glyphs(X_noisy, "X_noisy")
    if X.shape[1] != X_noisy.shape[1]:
        raise ValueError(f"X (n, d) and X_noisy (m, d) must share d, got shapes {X.shape} and "
                         f"{X_noisy.shape}")
    index = _check_index(index, len(X_noisy), len(X))
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
    ps = [check_probability(p, "ps entry") for p in _check_list(ps, "ps", "noise probabilities")]
    if not isinstance(trainers, dict) or not trainers or not all(map(callable,
                                                                     trainers.values())):
        raise TypeError("trainers must be a non-empty dict of name -> f(X, seed) -> model")
    seeds = check_seeds(seeds)
    max_wrong = _check_int(max_wrong, "max_wrong", minimum=0)
    X = _glyphs(X)
    Y = np.repeat(X, _check_int(n_copies, "n_copies", maximum=_MAX_COPIES), axis=0)
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
    return picked if n is None else picked[:_check_int(n, "n")]


def classify_outputs(denoised, glyphs, index, max_wrong=1, grey=(0.2, 0.8)):
    """What each reconstruction looks like: right glyph, another glyph, or neither.

    denoised: (n, d) outputs in [0, 1]; glyphs: (g, d) clean glyphs; index: (n,) the glyph each
    output should be. Thresholded at 0.5, an output is "right" within ``max_wrong`` pixels of
    its own glyph, "other glyph" if it failed but is within ``max_wrong`` pixels of another
    glyph, and otherwise a blend. Returns a dict of (n,) arrays: "failed", "other_glyph"
    (bools) and "grey" (pixels strictly between ``grey[0]`` and ``grey[1]``).
    """
    D, G = _two_matrices(denoised, glyphs, "denoised", "glyphs", rows=("n", "g"), dim="d")
    index = np.asarray(index)
    if index.shape != (len(D),) or not np.issubdtype(index.dtype, np.integer) or (
            len(index) and (index.min() < 0 or index.max() >= len(G))):
        raise ValueError(f"index must hold {len(D)} rows of glyphs (0..{len(G) - 1})")
    max_wrong = _check_int(max_wrong, "max_wrong", minimum=0)
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


def range_text(values, fmt="{}"):
    """The range of values (over seeds, say) as text: "lo to hi", or one value if they agree.

    values: a non-empty iterable of numbers; fmt: a ``str.format`` pattern for one value.
    """
    if not isinstance(fmt, str):
        raise TypeError(f"fmt must be a format string, got {type(fmt).__name__}")
    values = list(values)
    if not values:
        raise ValueError("values must hold at least one number, got none")
    lo, hi = fmt.format(min(values)), fmt.format(max(values))
    return lo if lo == hi else f"{lo} to {hi}"


def corruption_panels(x, corruptions, levels, seed):
    """One glyph x (d,) corrupted by every model at every level, for a figure of panels.

    ``corruptions`` maps a name to ``corrupt(X, level, rng)`` (as in ``tplib.noise``); every
    panel draws from ``default_rng(seed)``, so all models hit the same pixels. Returns (rows
    (n_models * (1 + n_levels), d): the clean glyph then its corrupted versions, per model;
    titles, one per row; changed: {name: [pixels changed per level]}).
    """
    x = check_array(x, "x", low=0.0, high=1.0)
    check_seed(seed)
    if x.ndim != 1:
        raise ValueError(f"x must be one glyph of shape (d,), got shape {x.shape}")
    if not isinstance(corruptions, dict) or not all(map(callable, corruptions.values())):
        raise TypeError("corruptions must be a dict of name -> corrupt(X, level, rng)")
    levels = list(levels)
    if not levels:
        raise ValueError("levels must hold at least one noise level, got none")
    rows, titles, changed = [], [], {}
    for name, corrupt in corruptions.items():
        noisy = [corrupt(x[None, :], lv, np.random.default_rng(seed))[0] for lv in levels]
        changed[name] = [int((v != x).sum()) for v in noisy]
        rows += [x] + noisy
        titles += ["clean"] + [f"σ={lv}" if name == "gaussian" else
                               f"{name} p={lv}\n{n} px changed"
                               for lv, n in zip(levels, changed[name])]
    return np.array(rows), titles, changed


def subset_table(names, subsets, losses, worst, labels):
    """A text table, one line per glyph subset: name, its glyphs, loss per glyph, worst pixels.

    names: (n,) row names; subsets: n index arrays into ``labels`` (the glyph characters);
    losses, worst: (n,) loss per glyph and largest wrong-pixel count, as from
    ``subset_losses``. Returns the lines joined by newlines.
    """
    subsets, losses, worst = list(subsets), list(losses), list(worst)
    if not len(names) == len(subsets) == len(losses) == len(worst):
        raise ValueError(f"names, subsets, losses and worst must have one entry per subset, "
                         f"got lengths {len(names)}, {len(subsets)}, {len(losses)}, "
                         f"{len(worst)}")
    if isinstance(labels, (str, bytes)) or not hasattr(labels, "__getitem__"):
        raise TypeError(f"labels must be the list of glyph characters, got {labels!r}")
    for k, idx in enumerate(subsets):
        idx = np.asarray(idx)
        if idx.ndim != 1 or not np.issubdtype(idx.dtype, np.integer) or (
                idx.size and (idx.min() < 0 or idx.max() >= len(labels))):
            raise ValueError(f"subsets[{k}] must hold indices into labels "
                             f"(0..{len(labels) - 1}), got {idx!r}")
    lines = []
    for name, idx, loss, w in zip(names, subsets, losses, worst):
        chosen = " ".join(labels[k] for k in idx)
        lines.append(f"{name}  {chosen:20}  loss/glyph {loss:.3f}  worst {w} px")
    return "\n".join(lines)


def training_copies_success(models, X, seeds, p, n_copies=3, max_wrong=1):
    """How many of its own noisy training inputs each ``train_noisy_copies`` model reproduces.

    models: one model per seed in ``seeds``, each trained on X (n, d) with ``n_copies`` copies
    at flip probability p; its training copies are redrawn from rng ``[seed, 1]``. Returns a
    list of floats: the fraction within ``max_wrong`` wrong pixels of the clean glyph.
    """
    models, seeds = list(models), check_seeds(seeds)
    X, p = _glyphs(X), check_probability(p)
    n_copies = _check_int(n_copies, "n_copies", maximum=_MAX_COPIES)
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
    models = list(models)
    if not models:
        raise ValueError("models must hold at least one model, got none")
    for model in models:
        check_model(model, ("pixel_errors",))
    # p is a flip probability or, for Gaussian noise, a sigma: checked by each corruption.
    X, p = _glyphs(X), check_number(p, "p", minimum=0.0)
    check_seeds(rng_seed, "rng_seed")  # one seed or a list of them, as default_rng takes
    _check_int(n_copies, "n_copies", maximum=_MAX_COPIES)
    return {name: [success_rate(model, X, p, n_copies, np.random.default_rng(rng_seed),
                                max_wrong=max_wrong, corrupt=corrupt)
                   for model in models]
            for name, corrupt in corruptions.items()}
