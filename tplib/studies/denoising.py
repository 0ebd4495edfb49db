"""The denoising study, training side: subset search, denoisers trained on noisy glyphs.

Chapter 3 first asks which glyph subsets a clean 35-25-2-25-35 learns best (``random_subsets``,
``subset_losses``), then trains denoisers two ways: the original's fixed set of noisy copies per
glyph (``train_noisy_copies``, one per noise level in ``noise_level_runs``) and fresh noise every
epoch (``train_fresh_noise``); ``corruption_panels`` shows what each noise model does to a glyph.
Everything returns models or plain arrays; how often the trained denoisers succeed, and why
they fail, is ``tplib.studies.denoising_success``.
"""

from __future__ import annotations

import numpy as np

from .. import noise
from ..autoencoder import FONT_LAYERS, Autoencoder
from ..checks import (check_array, check_glyphs, check_indices, check_int, check_list,
                      check_model, check_number, check_probability, check_rng, check_seed)
from ..optimizers import Adam, Optimizer, single_blas_thread

__all__ = [
    "random_subsets",
    "subset_losses",
    "train_plain",
    "train_noisy_copies",
    "train_fresh_noise",
    "noise_level_runs",
    "fit_fresh_noise",
    "per_glyph_loss",
    "corruption_panels",
]


# Longer runs or more noisy copies than these are typos, not experiments.
_MAX_EPOCHS = 10_000_000
_MAX_COPIES = 1_000_000


def _check_training(seed, epochs, lr, epochs_name="epochs", seed_may_be_none=False):
    """The seed, epoch budget and learning rate every trainer here takes, checked up front."""
    if not (seed is None and seed_may_be_none):  # None: a fresh random start
        check_seed(seed)
    check_int(epochs, epochs_name, minimum=1, maximum=_MAX_EPOCHS)
    check_number(lr, "lr", 0.0, strict=True)


def _layers(latent_dim):
    """The chapter's FONT_LAYERS with another code width: [35, 25, latent_dim, 25, 35]."""
    middle = len(FONT_LAYERS) // 2
    return [*FONT_LAYERS[:middle], check_int(latent_dim, "latent_dim", minimum=1),
            *FONT_LAYERS[middle + 1:]]


def random_subsets(n_glyphs, sizes, n_per_size, rng):
    """``n_per_size`` random glyph subsets of every size: list of (size, sorted index array)."""
    n_glyphs = check_int(n_glyphs, "n_glyphs", minimum=1)
    n_per_size = check_int(n_per_size, "n_per_size", minimum=1, maximum=_MAX_COPIES)
    check_rng(rng)
    sizes = check_list(sizes, "sizes", "subset sizes")
    subsets = []
    for size in sizes:
        size = check_int(size, "sizes entry", minimum=1)
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
    X = check_glyphs(X)
    _check_training(seed, epochs, lr, seed_may_be_none=True)
    subsets = check_list(subsets, "subsets", "index arrays into X")
    for k, idx in enumerate(subsets):
        idx = np.asarray(idx)
        if idx.ndim != 1 or idx.size == 0 or not np.issubdtype(idx.dtype, np.integer) or (
                idx.min() < -len(X) or idx.max() >= len(X)):
            raise ValueError(f"subsets[{k}] must be a non-empty list of row numbers of X "
                             f"(0..{len(X) - 1}), got {idx!r}")
    per_glyph, worst = [], []
    for idx in subsets:
        Xs = X[np.asarray(idx)]
        model = Autoencoder(FONT_LAYERS, loss=loss, latent_activation=latent_activation, seed=seed)
        model.fit(Xs, optimizer=Adam(lr), epochs=epochs)
        per_glyph.append(model.loss_value(Xs) / len(Xs))
        worst.append(model.pixel_errors(Xs).max())
    return np.array(per_glyph), np.array(worst)


def train_plain(X, seed, latent_dim=2, max_epochs=5000):
    """The chapter-1 recipe: BCE + Adam(0.01) on clean glyphs until no wrong pixel is left."""
    X = check_glyphs(X)
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
    X = check_glyphs(X)
    ps = [check_probability(p, f"ps[{k}]") for k, p in
          enumerate(check_list(ps, "ps", "noise probabilities"))]
    check_seed(seed)
    check_int(n_copies, "n_copies", minimum=1, maximum=_MAX_COPIES)
    check_int(n_test, "n_test", minimum=1, maximum=_MAX_COPIES)
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
    X, p, rng = check_glyphs(X), check_probability(p), check_rng(rng)
    history = model.fit(X, X, optimizer=optimizer,
                        epochs=check_int(epochs, "epochs", minimum=1, maximum=_MAX_EPOCHS),
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
    X_noisy, Y_clean = check_glyphs(X_noisy, "X_noisy"), check_glyphs(Y_clean, "Y_clean")
    if X_noisy.shape != Y_clean.shape:
        raise ValueError(f"X_noisy and Y_clean must have the same shape, got {X_noisy.shape} "
                         f"and {Y_clean.shape}")
    n_glyphs = check_int(n_glyphs, "n_glyphs", minimum=1, maximum=_MAX_EPOCHS)
    index = check_indices(index, "index", len(X_noisy), n_glyphs)
    D = model.predict(X_noisy) - Y_clean
    sse = (D * D).sum(axis=1)
    counts = np.bincount(index, minlength=n_glyphs)
    return np.bincount(index, weights=sse, minlength=n_glyphs) / np.maximum(counts, 1)


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
    levels = check_list(levels, "levels", "noise levels")
    rows, titles, changed = [], [], {}
    for name, corrupt in corruptions.items():
        noisy = [corrupt(x[None, :], lv, np.random.default_rng(seed))[0] for lv in levels]
        changed[name] = [int((v != x).sum()) for v in noisy]
        rows += [x] + noisy
        titles += ["clean"] + [f"σ={lv}" if name == "gaussian" else
                               f"{name} p={lv}\n{n} px changed"
                               for lv, n in zip(levels, changed[name])]
    return np.array(rows), titles, changed
