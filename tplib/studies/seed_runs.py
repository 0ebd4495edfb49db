"""Seed runs: one recipe trained from several seeds (and architectures), summarised over runs.

One run is not a result: a network's final error depends on its random initial weights. These
helpers train the same recipe from several seeds (and several architectures) and return what
each run reached as plain arrays, with the numbers that summarise a set of runs (epochs to a
criterion, plateaus, output saturation, the gap between two recipes in standard errors), so a
chapter can report a mean and a spread instead of one lucky number. Turning them into text is
``tplib.tables``' job.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numbers

import numpy as np

from .. import nn
from ..autoencoder import Autoencoder
from ..checks import check_array, check_int, check_model, check_number, check_seeds

__all__ = [
    "architecture_name",
    "train_runs",
    "compare_architectures",
    "first_epoch_at_most",
    "output_saturation",
    "recipe_summary",
    "longest_plateau",
    "gap_in_se",
]


# Longer runs than this are a typo (a million epochs of the glyph network take hours).
_MAX_EPOCHS = 10_000_000


def architecture_name(layer_sizes):
    """The "35-25-2-25-35" name of a list of layer sizes."""
    return "-".join(str(n) for n in nn.check_layer_sizes(layer_sizes))


def _check_training_X(X, model_options):
    """X (n, d) real and finite; in [0, 1] for a sigmoid output (the targets are pixels)."""
    sigmoid = model_options.get("output_activation", "sigmoid") == "sigmoid"
    return check_array(X, "X", ndim=2, low=0.0 if sigmoid else None,
                       high=1.0 if sigmoid else None)


def _check_histories(histories, key):
    """One history dict or a list of them, each holding ``key``; returns a list."""
    if isinstance(histories, dict):
        histories = [histories]
    if isinstance(histories, (str, bytes)) or not isinstance(histories, (list, tuple)):
        raise TypeError(f"histories must be a history dict or a list of them, "
                        f"got {type(histories).__name__}")
    for k, history in enumerate(histories):
        if not isinstance(history, dict):
            raise TypeError(f"histories[{k}] must be a history dict, "
                            f"got {type(history).__name__}")
        if key not in history:
            raise ValueError(f"every history needs the key {key!r}; got keys {sorted(history)}")
    return list(histories)


def train_runs(X, layer_sizes, seeds, epochs, optimizer_factory: Callable[[], object],
               target_pixel_errors=None, keep_histories=False, keep_models=False,
               **model_options):
    """Train ``Autoencoder(layer_sizes, seed=s, **model_options)`` once per seed on X (n, d).

    ``optimizer_factory()`` makes a fresh optimizer for every run (optimizers carry state).
    Returns a dict of arrays with one entry per seed, measured on the final parameters:
    ``loss``, ``pixel_errors`` (n_seeds, n: wrong pixels per glyph), ``max_pixel_errors``,
    ``total_pixel_errors``, ``epochs`` (updates made, fewer than ``epochs`` if
    ``target_pixel_errors`` was met first), ``reached_target`` (bool), ``codes``
    (n_seeds, n, latent_dim) and ``seeds``; with ``keep_histories`` also ``histories`` (list
    of history dicts), with ``keep_models`` also ``models``.
    """
    seeds = check_seeds(seeds)
    if not callable(optimizer_factory):
        raise TypeError("optimizer_factory must be a function that returns a new optimizer, "
                        f"got {optimizer_factory!r}")
    X = _check_training_X(X, model_options)
    layer_sizes = nn.check_layer_sizes(layer_sizes)
    if layer_sizes[0] != X.shape[1] or layer_sizes[-1] != X.shape[1]:
        raise ValueError(f"layer_sizes {layer_sizes} must start and end with X's "
                         f"{X.shape[1]} columns")
    epochs = check_int(epochs, "epochs", minimum=1, maximum=_MAX_EPOCHS)
    out = {k: [] for k in ("loss", "pixel_errors", "max_pixel_errors", "total_pixel_errors",
                           "epochs", "reached_target", "codes")}
    histories, models = [], []
    for seed in seeds:
        model = Autoencoder(layer_sizes, seed=seed, **model_options)
        history = model.fit(X, optimizer=optimizer_factory(), epochs=epochs,
                            target_pixel_errors=target_pixel_errors)
        wrong = model.pixel_errors(X)
        out["loss"].append(model.loss_value(X))
        out["pixel_errors"].append(wrong)
        out["max_pixel_errors"].append(int(wrong.max()))
        out["total_pixel_errors"].append(int(wrong.sum()))
        # The history's last entry is the epoch at which the loop stopped before updating.
        out["epochs"].append(len(history["loss"]) - 1 if history["stopped_early"] else epochs)
        reached = target_pixel_errors is not None and wrong.max() <= target_pixel_errors
        out["reached_target"].append(bool(reached))
        out["codes"].append(model.encode(X) if model.latent_index is not None else np.empty(0))
        if keep_histories:
            histories.append(history)
        if keep_models:
            models.append(model)
    result = {k: np.array(v) for k, v in out.items()}
    result["seeds"] = np.array(seeds)
    if keep_histories:
        result["histories"] = histories
    if keep_models:
        result["models"] = models
    return result


def compare_architectures(X, architectures: Sequence[Sequence[int]], seeds, epochs,
                          optimizer_factory, **options):
    """``train_runs`` for every architecture; a dict {"35-25-2-25-35": result, ...} in order."""
    if isinstance(architectures, (str, bytes)) or not hasattr(architectures, "__iter__"):
        raise TypeError(f"architectures must be a list of layer-size lists, e.g. "
                        f"[[35, 25, 2, 25, 35]], got {architectures!r}")
    architectures = list(architectures)
    if not architectures:
        raise ValueError("architectures must list at least one network, got none")
    for k, a in enumerate(architectures):
        if isinstance(a, (numbers.Number, np.number)):
            raise TypeError(f"architectures must be a list of layer-size lists, e.g. "
                            f"[[35, 25, 2, 25, 35]]; architectures[{k}] is the number {a!r}")
        architectures[k] = nn.check_layer_sizes(a, f"architectures[{k}]")
    # Everything is checked before the first of many training runs starts.
    check_seeds(seeds)
    check_int(epochs, "epochs", minimum=1, maximum=_MAX_EPOCHS)
    _check_training_X(X, options)
    return {architecture_name(a): train_runs(X, a, seeds, epochs, optimizer_factory, **options)
            for a in architectures}


def first_epoch_at_most(histories, level, key="max_pixel_errors"):
    """For each history, the first epoch whose ``key`` is <= level (NaN if none): (n,) floats.

    Epoch e counts the updates made before it, so 0 means the initial weights already met it.
    """
    histories = _check_histories(histories, key)
    level = check_number(level, "level")
    out = []
    for history in histories:
        values = np.asarray(history[key])
        hits = np.flatnonzero(values <= level)
        out.append(float(hits[0]) if hits.size else float("nan"))
    return np.array(out)


def output_saturation(model, X, margin=0.05):
    """How stuck the output sigmoids are, and the gradient each loss sends through them.

    A sigmoid output y within ``margin`` of 0 or 1 is saturated: its derivative y(1 - y) is
    below about ``margin``. On a wrong pixel (y on the wrong side of 0.5) the squared error
    sends back dLoss/dz = 2 (y - t) y (1 - y), which vanishes with y(1 - y); cross-entropy
    sends y - t, which does not. Returns a dict: ``saturated`` (fraction of all outputs),
    ``wrong`` (count of wrong pixels), ``wrong_saturated`` (fraction of them saturated, NaN
    if none), and the mean |dLoss/dz| over wrong pixels, ``grad_sse`` and ``grad_bce``.
    """
    check_model(model, ("predict",))
    margin = check_number(margin, "margin", 0.0, 0.5, strict=True)
    if getattr(model, "output_activation", None) != "sigmoid":
        raise ValueError(f"output_saturation needs a sigmoid output layer, "
                         f"got {getattr(model, 'output_activation', None)!r}")
    X = nn.check_matrix(check_array(X, "X", low=0.0, high=1.0), "X", model.layer_sizes[0])
    Y_hat = model.predict(X)
    saturated = np.minimum(Y_hat, 1.0 - Y_hat) < margin
    wrong = (Y_hat > 0.5) != (X > 0.5)
    n_wrong = int(wrong.sum())
    grad_sse = np.abs(2.0 * (Y_hat - X) * Y_hat * (1.0 - Y_hat))
    grad_bce = np.abs(Y_hat - X)
    nan = float("nan")
    return {
        "saturated": float(saturated.mean()),
        "wrong": n_wrong,
        "wrong_saturated": float(saturated[wrong].mean()) if n_wrong else nan,
        "grad_sse": float(grad_sse[wrong].mean()) if n_wrong else nan,
        "grad_bce": float(grad_bce[wrong].mean()) if n_wrong else nan,
    }


def recipe_summary(result, histories=None):
    """The numbers that say whether a recipe meets the glyph criteria, over its runs: a dict.

    result: from ``train_runs``; histories (default ``result["histories"]``, if kept) give the
    epochs to reach the criteria. Keys: ``runs``, ``worst`` ((n_runs,) wrong pixels of the
    worst glyph), ``within_one`` and ``exact`` (how many runs have every glyph within one
    wrong pixel, or none wrong), ``epochs_to_one`` and ``epochs_to_zero`` ((n_runs,) floats,
    NaN where never reached).
    """
    if not isinstance(result, dict) or "max_pixel_errors" not in result:
        raise TypeError("result must be the dict train_runs returns (with 'max_pixel_errors'), "
                        f"got {type(result).__name__}")
    worst = check_array(result["max_pixel_errors"], "result['max_pixel_errors']", ndim=1,
                        dtype=None)
    histories = result.get("histories") if histories is None else histories
    summary = {"runs": int(worst.size), "worst": worst, "within_one": int((worst <= 1).sum()),
               "exact": int((worst == 0).sum())}
    if histories is not None:
        summary["epochs_to_one"] = first_epoch_at_most(histories, 1)
        summary["epochs_to_zero"] = first_epoch_at_most(histories, 0)
    return summary


def longest_plateau(histories, key="max_pixel_errors"):
    """For each history, the most consecutive epochs over which ``key`` kept one value: (n,) ints.

    A curve that drops in steps and then stalls has a long plateau; 1 means it changed at
    every epoch. histories: one history dict or a list of them.
    """
    histories = _check_histories(histories, key)
    out = []
    for history in histories:
        values = np.asarray(history[key])
        if values.ndim != 1 or values.size == 0:
            raise ValueError(f"history[{key!r}] must be a non-empty 1-D sequence, "
                             f"got shape {values.shape}")
        # Positions where the value changes split the curve into runs of equal values.
        edges = np.concatenate(([0], np.flatnonzero(values[1:] != values[:-1]) + 1,
                                [values.size]))
        out.append(int(np.diff(edges).max()))
    return np.array(out, dtype=np.int64)


def _check_sample(values, name):
    values = check_array(values, name, min_rows=0, dtype=None)
    if values.ndim != 1 or len(values) < 2:
        raise ValueError(f"{name} must be a 1-D sample of at least 2 values; "
                         f"got shape {values.shape}")
    return values


def gap_in_se(a, b):
    """Difference of the means of two samples (runs,) in standard errors of the difference
    (Welch): positive when a is larger."""
    a, b = _check_sample(a, "a"), _check_sample(b, "b")
    se = np.sqrt(np.var(a, ddof=1) / len(a) + np.var(b, ddof=1) / len(b))
    return (np.mean(a) - np.mean(b)) / se
