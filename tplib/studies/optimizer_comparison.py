"""Chapter 2's study: optimizers compared on one network and data set, same start, same budget.

Every run is one ``Autoencoder.fit`` from a seed's initial weights, with a gradient optimizer
(momentum, Adam) or a ``tplib.ScipyMethod``. The budget is counted in objective evaluations,
the original assignment's unit: for scipy methods one call of the objective, for momentum and
Adam one full-batch epoch, i.e. one loss-and-gradient evaluation. Results are plain arrays, so
the chapter can tabulate (``tplib.tables``) and plot them without knowing how they were computed.
"""

from __future__ import annotations

import time

import numpy as np
from threadpoolctl import threadpool_limits

from .. import nn
from ..autoencoder import FONT_LAYERS, Autoencoder
from ..checks import check_array, check_int, check_number, check_seed, check_seeds
from .seed_runs import output_saturation
from ..optimizers import Adam, Momentum
from ..scipy_opt import METHODS, ScipyMethod

__all__ = ["compare_methods", "snapshots", "final_saturation", "time_per_call", "first_below",
           "spike_stats"]

# Gradient-descent methods by name, with the settings this book uses for them.
_GD_METHODS = {"Momentum": lambda: Momentum(lr=0.005, alpha=0.8), "Adam": lambda: Adam(lr=0.01)}
# Budgets beyond these are typos: the loss table alone would need gigabytes.
_MAX_EVALS = 10_000_000
_MAX_LOSS_ENTRIES = 250_000_000  # 2 GB of float64 over all methods and seeds
_MAX_REPEATS = 10_000_000


def _real_values(values, name):
    """A float array of real numbers (NaN allowed: a run that stopped early is NaN-padded)."""
    if values is None or isinstance(values, (str, bytes, dict)):
        raise TypeError(f"{name} must be an array of numbers, got {type(values).__name__}")
    raw = np.asarray(values)
    if np.iscomplexobj(raw):
        raise TypeError(f"{name} must hold real numbers, got complex values")
    if not (np.issubdtype(raw.dtype, np.number) or raw.dtype == bool):
        raise TypeError(f"{name} must hold numbers, got dtype {raw.dtype}")
    return np.asarray(raw, dtype=float)


def _check_methods(methods):
    if isinstance(methods, str) or not hasattr(methods, "__iter__"):
        raise TypeError(f"methods must be a list of method names, got {methods!r}")
    methods = list(methods)
    if not methods:
        raise ValueError("methods is empty: give at least one method name")
    known = tuple(METHODS) + tuple(_GD_METHODS)
    for name in methods:
        if not isinstance(name, str) or name not in known:
            raise ValueError(f"unknown method {name!r}: expected one of {known}")
    return methods


def _run_one(X, method, seed, max_evals, gradient, layer_sizes, activation, loss, options):
    """One fit from the seed's initial weights, on max_evals evaluations: (model, history)."""
    model = Autoencoder(list(layer_sizes), activation=activation, loss=loss, seed=seed)
    if method in _GD_METHODS:
        return model, model.fit(X, optimizer=_GD_METHODS[method](), epochs=max_evals)
    scipy_method = ScipyMethod(method, gradient, (options or {}).get(method))
    return model, model.fit(X, optimizer=scipy_method, max_evals=max_evals)


def compare_methods(X, methods, seeds, max_evals, gradient="exact", layer_sizes=FONT_LAYERS,
                    activation="sigmoid", loss="sse", options=None):
    """Run every method from every seed's initial weights on ``max_evals`` evaluations.

    X: (n_samples, n_pixels) glyphs, reconstructed by a ``layer_sizes`` autoencoder. methods:
    scipy names ("L-BFGS-B", "Powell", ...) and/or "Momentum" (lr 0.005, alpha 0.8, the
    original's) and "Adam" (lr 0.01). gradient: "exact" (backprop) or "finite" (scipy's finite
    differences, as the original); it only affects scipy methods that use a gradient. options:
    {method: scipy options dict}. BLAS runs on one thread: on these small matrices extra
    threads only add waiting (measured 10x slower L-BFGS-B steps on a loaded 2-core machine).

    Returns a dict of arrays indexed [method, seed]: ``losses`` (m, s, max_evals) each run's
    history["loss"] (NaN after a run that stopped early); ``best_loss``, ``evaluations`` and
    ``seconds`` (m, s), the last entry of each run's history series of that name (its best
    loss, evaluations and wall seconds; see ``tplib.history``); ``gradient_calls``,
    ``max_pixel_errors`` and
    ``total_pixel_errors`` at the parameters the run ends with (scipy: its best; momentum and
    Adam: after the last step), ``outputs`` (m, s, n_samples, n_pixels) their reconstructions,
    ``params`` (m, s) object array of those parameters (lists of ``(W, b)``), ``messages``
    (m, s) why each run stopped (scipy's message, or "budget spent"); plus ``methods``,
    ``seeds``, ``max_evals``, ``gradient``, ``layer_sizes``, ``activation`` and ``loss``.
    """
    # The networks end in a sigmoid, so the targets are pixels in [0, 1].
    X = check_array(X, "X", ndim=2, low=0.0, high=1.0)
    methods = _check_methods(methods)
    seeds = check_seeds(seeds)
    max_evals = check_int(max_evals, "max_evals", minimum=1, maximum=_MAX_EVALS)
    if len(methods) * len(seeds) * max_evals > _MAX_LOSS_ENTRIES:
        raise ValueError(f"max_evals={max_evals:,} for {len(methods)} methods x {len(seeds)} "
                         f"seeds needs a loss table of more than {_MAX_LOSS_ENTRIES:,} entries; "
                         "use a smaller budget or fewer runs")
    sizes = nn.check_layer_sizes(layer_sizes)
    if sizes[0] != X.shape[1] or sizes[-1] != X.shape[1]:
        raise ValueError(f"layer_sizes {sizes} must start and end with X's {X.shape[1]} columns")
    if gradient not in ("exact", "finite"):
        raise ValueError(f"gradient must be 'exact' or 'finite', got {gradient!r}")
    if options is not None and not isinstance(options, dict):
        raise TypeError(f"options must be a dict of {{method: options}}, got {options!r}")
    m, s = len(methods), len(seeds)
    out = {"losses": np.full((m, s, max_evals), np.nan), "outputs": None}
    for key in ("best_loss", "seconds"):
        out[key] = np.zeros((m, s))
    for key in ("evaluations", "gradient_calls", "max_pixel_errors", "total_pixel_errors"):
        out[key] = np.zeros((m, s), dtype=np.int64)
    out["params"] = np.empty((m, s), dtype=object)
    out["messages"] = np.empty((m, s), dtype=object)
    with threadpool_limits(1):
        for i, method in enumerate(methods):
            for j, seed in enumerate(seeds):
                model, history = _run_one(X, method, seed, max_evals, gradient, layer_sizes,
                                          activation, loss, options)
                wrong = model.pixel_errors(X)
                Y_hat = model.predict(X)
                if out["outputs"] is None:
                    out["outputs"] = np.zeros((m, s) + Y_hat.shape)
                out["losses"][i, j, :len(history["loss"])] = history["loss"]
                out["best_loss"][i, j] = history["best_loss"][-1]
                out["evaluations"][i, j] = history["evaluations"][-1]
                # Momentum and Adam compute the exact gradient at every evaluation.
                out["gradient_calls"][i, j] = history.get("gradient_calls",
                                                          history["evaluations"][-1])
                out["seconds"][i, j] = history["seconds"][-1]
                out["max_pixel_errors"][i, j] = wrong.max()
                out["total_pixel_errors"][i, j] = wrong.sum()
                out["outputs"][i, j] = Y_hat
                out["params"][i, j] = model.params
                out["messages"][i, j] = history["message"]
    out.update(methods=methods, seeds=np.array(seeds), max_evals=int(max_evals),
               gradient=gradient, layer_sizes=tuple(int(n) for n in layer_sizes),
               activation=activation, loss=loss)
    return out


def snapshots(X, method, seed, budgets, gradient="exact", layer_sizes=FONT_LAYERS,
              activation="sigmoid", loss="sse"):
    """Reconstructions of X after each budget in ``budgets``: (n_budgets, n_samples, n_pixels).

    Every run is deterministic, so the run with a smaller budget is the first part of the run
    with a larger one: each budget is simply a fresh run from the same initial weights.
    """
    if not isinstance(method, str):
        raise TypeError(f"method must be one method name such as 'L-BFGS-B', got {method!r}")
    check_seed(seed)
    if isinstance(budgets, (str, bytes)) or not hasattr(budgets, "__iter__"):
        raise TypeError(f"budgets must be a list of evaluation counts, got {budgets!r}")
    budgets = list(budgets)
    if not budgets:
        raise ValueError("budgets is empty: give at least one evaluation count")
    for k, budget in enumerate(budgets):
        check_int(budget, f"budgets[{k}]", minimum=1, maximum=_MAX_EVALS)
    outputs = []
    for budget in budgets:
        result = compare_methods(X, [method], [seed], int(budget), gradient, layer_sizes,
                                 activation, loss)
        outputs.append(result["outputs"][0, 0])
    return np.array(outputs)


def final_saturation(result, X, margin=0.05):
    """``seed_runs.output_saturation`` of every run of ``compare_methods``: a dict.

    result: from ``compare_methods`` (its final parameters); X: (n_samples, n_pixels) the
    glyphs it trained on; margin: an output within ``margin`` of 0 or 1 is saturated (0.05,
    as chapter 1). Returns (m, s) arrays ``saturated`` (fraction of all outputs),
    ``wrong`` (wrong pixels), ``wrong_saturated`` (wrong pixels that are saturated, a count)
    and ``grad_sse``, ``grad_bce`` (mean |dLoss/dz| over wrong pixels, NaN if none).
    """
    if not isinstance(result, dict) or "params" not in result:
        raise TypeError("result must be the dict compare_methods returns, "
                        f"got {type(result).__name__}")
    check_number(margin, "margin", 0.0, 0.5, strict=True)
    m, s = result["params"].shape
    keys = ("saturated", "wrong", "wrong_saturated", "grad_sse", "grad_bce")
    out = {key: np.zeros((m, s)) for key in keys}
    model = Autoencoder(list(result["layer_sizes"]), activation=result["activation"],
                        loss=result["loss"])
    for i in range(m):
        for j in range(s):
            model.params = result["params"][i, j]
            sat = output_saturation(model, X, margin=margin)
            for key in keys:
                out[key][i, j] = sat[key]
            # A count is easier to read than a share of a count that differs by run.
            out["wrong_saturated"][i, j] = (
                0 if sat["wrong"] == 0 else round(sat["wrong_saturated"] * sat["wrong"]))
    out["wrong"] = out["wrong"].astype(np.int64)
    out["wrong_saturated"] = out["wrong_saturated"].astype(np.int64)
    return out


def time_per_call(f, repeats=100, blocks=5):
    """Seconds per call of ``f()``: the best of ``blocks`` blocks of ``repeats`` calls each.

    The best block, because a busy machine only ever slows a block down.
    """
    if not callable(f):
        raise TypeError(f"f must be callable with no arguments, got {f!r}")
    repeats = check_int(repeats, "repeats", minimum=1, maximum=_MAX_REPEATS)
    blocks = check_int(blocks, "blocks", minimum=1, maximum=_MAX_REPEATS)
    best = np.inf
    for _ in range(blocks):
        start = time.perf_counter()
        for _ in range(repeats):
            f()
        best = min(best, (time.perf_counter() - start) / repeats)
    return best


def first_below(losses, level):
    """The evaluation (1-based) at which the best loss so far first drops below ``level``.

    losses: (n_evals,) one run's loss at every evaluation. Returns an int, or None if the run
    never gets below ``level``.
    """
    losses = _real_values(losses, "losses")
    if losses.ndim != 1:
        raise ValueError(f"losses must be one run, shape (n_evals,), got shape {losses.shape}")
    check_number(level, "level")
    if losses.size == 0:
        raise ValueError("losses must be one run, shape (n_evals,), got none (an empty array)")
    below = np.minimum.accumulate(losses) < level
    return int(np.argmax(below)) + 1 if below.any() else None


def spike_stats(losses, factor=1.1):
    """How far each run's evaluations jump above the best loss found before them.

    losses: (n_evals,) or (n_runs, n_evals), the loss at every evaluation (NaN after a run that
    stopped early, ignored). Returns (share, worst), each a float per run ((n_runs,) arrays for
    2-D input): the share of evaluations after the first above ``factor`` times the best so far,
    and the largest ratio of an evaluation to the best before it.
    """
    losses = _real_values(losses, "losses")
    if losses.ndim not in (1, 2):
        raise ValueError(f"losses must have shape (n_evals,) or (n_runs, n_evals), "
                         f"got shape {losses.shape}")
    check_number(factor, "factor", minimum=0, strict=True)
    if losses.ndim == 1:
        share, worst = spike_stats(losses[None], factor)
        return share[0], worst[0]
    stats = []
    for run in losses:
        run = run[np.isfinite(run)]
        if run.size < 2:
            raise ValueError(f"every run needs at least two finite losses, got {run.size}")
        if run.min() <= 0:
            raise ValueError(f"losses must be positive (spikes are ratios to the best so far), "
                             f"got a minimum of {run.min():g}")
        best = np.minimum.accumulate(run)
        stats.append((np.mean(run[1:] > factor * best[:-1]), np.max(run[1:] / best[:-1])))
    share, worst = np.array(stats).T
    return share, worst
