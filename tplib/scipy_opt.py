"""Train an Autoencoder with ``scipy.optimize.minimize`` over its flat parameter vector.

The budget is counted in objective evaluations, the unit the original assignment used: every
call of the objective counts one, whether it returns the loss alone (gradient-free methods,
or scipy's finite differences, which call it ~n_params times per gradient) or the loss and
the exact backprop gradient together (``gradient="exact"``: one forward and one backward pass).
"""

from __future__ import annotations

import math
import time
import warnings

import numpy as np
import scipy.optimize

from . import nn
from .autoencoder import Autoencoder
from .checks import check_choice, check_int
from .optimizers import single_blas_thread

__all__ = ["GRADIENT_FREE_METHODS", "METHODS", "minimize"]

# Methods that never ask for a gradient: `gradient` does not change what they do.
GRADIENT_FREE_METHODS = ("Powell", "Nelder-Mead", "COBYLA", "COBYQA")
# The scipy methods minimize accepts: all take a loss alone, so finite differences work too.
METHODS = ("L-BFGS-B", "BFGS", "CG", "TNC", "SLSQP", "Powell", "Nelder-Mead", "COBYLA", "COBYQA")
_GRADIENTS = ("exact", "finite")
# Large iteration limits so the evaluation budget, not an iteration cap, ends the run.
_LIMITS = {
    "L-BFGS-B": {"maxiter": 10**9, "maxfun": 10**9},
    "TNC": {"maxfun": 10**9},
    "Nelder-Mead": {"maxiter": 10**9, "maxfev": 10**9},
    "Powell": {"maxiter": 10**9, "maxfev": 10**9},
}


class _BudgetSpent(Exception):
    """Raised inside the objective to stop scipy exactly when the budget is spent."""


@single_blas_thread
def minimize(model, X, Y=None, method="L-BFGS-B", max_evals=15_000, gradient="exact",
             options=None):
    """Minimise ``model``'s loss on X (towards Y, default X) with a scipy method.

    Stops after exactly ``max_evals`` objective evaluations (or earlier if the method
    converges), leaves ``model`` holding the best parameters seen, and returns a dict:
    ``losses`` (n_evals,) the loss at every evaluation, ``best_losses`` its running minimum,
    ``seconds`` (n_evals,) cumulative time, ``best_loss``, ``evaluations``, ``gradient_calls``
    (evaluations that also computed an exact gradient), ``message`` (scipy's or "budget
    spent") and ``method``. ``options`` are passed to scipy (e.g. {"maxiter": 10}); one the
    method does not know is refused. A NaN or infinite loss raises FloatingPointError and
    leaves ``model`` unchanged.
    """
    if not isinstance(model, Autoencoder):
        raise TypeError(f"model must be a tplib.Autoencoder, got {type(model).__name__}")
    check_choice(method, "method", METHODS)
    if gradient not in _GRADIENTS:
        raise ValueError(f"gradient must be 'exact' or 'finite', got {gradient!r}")
    max_evals = check_int(max_evals, "max_evals", minimum=1)
    if options is not None and not isinstance(options, dict):
        raise TypeError(f"options must be a dict, got {type(options).__name__}")
    for key in options or {}:
        if not isinstance(key, str):
            raise TypeError(f"options must have option names (str) as keys, got {key!r}")
    X = model._inputs(X)
    Y = model._targets(X, Y)
    shapes = nn.param_shapes(model.params)
    theta0 = nn.pack(model.params)
    if not np.all(np.isfinite(theta0)):
        raise ValueError("cannot minimize: model.params holds NaN or infinite values")
    acts, loss = model.activations, model.loss

    # Grown as evaluations come: a huge budget allocates nothing up front.
    losses, seconds = [], []
    state = {"n": 0, "grad_calls": 0, "best": np.inf, "best_theta": theta0.copy()}
    start = time.perf_counter()

    def record(theta, value):
        n = state["n"]
        if n >= max_evals:
            raise _BudgetSpent
        if not math.isfinite(value):
            raise FloatingPointError(
                f"{method} diverged: the loss became {value} at evaluation {n + 1} (the model "
                f"is left unchanged); scale the data to [0, 1], or limit the step (e.g. "
                f"options={{'maxls': 5}} for L-BFGS-B)")
        losses.append(value)
        seconds.append(time.perf_counter() - start)
        state["n"] = n + 1
        if value < state["best"]:
            state["best"] = value
            state["best_theta"] = np.array(theta, dtype=np.float64)

    def fun(theta):
        if state["n"] >= max_evals:
            raise _BudgetSpent
        value = nn.loss_value(nn.forward(nn.unpack(theta, shapes), X, acts), Y, loss,
                              check=False)  # Y was checked once above
        record(theta, value)
        return value

    def fun_and_grad(theta):
        if state["n"] >= max_evals:
            raise _BudgetSpent
        value, grads = nn.loss_and_grad(nn.unpack(theta, shapes), X, Y, acts, loss)
        record(theta, value)
        state["grad_calls"] += 1
        return value, nn.pack(grads)

    exact = gradient == "exact" and method not in GRADIENT_FREE_METHODS
    opts = dict(_LIMITS.get(method, {"maxiter": 10**9}))
    opts.update(options or {})
    message = "budget spent"
    with warnings.catch_warnings():
        # Methods warn when handed a jac they ignore or when they stop early; we report both.
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", scipy.optimize.OptimizeWarning)
        # ... except an option scipy does not know: refuse it rather than run without it.
        warnings.filterwarnings("error", "Unknown solver options", scipy.optimize.OptimizeWarning)
        try:
            if exact:
                result = scipy.optimize.minimize(fun_and_grad, theta0, jac=True, method=method,
                                                 options=opts)
            else:
                result = scipy.optimize.minimize(fun, theta0, method=method, options=opts)
            message = str(result.message)
        except _BudgetSpent:
            pass
        except scipy.optimize.OptimizeWarning as warning:
            if "Unknown solver options" not in str(warning):
                raise
            unknown = str(warning).split(":", 1)[1].strip()
            raise ValueError(f"options: {method} has no option(s) {unknown}; see "
                             f"scipy.optimize.show_options('minimize', {method!r})") from None
    n = state["n"]
    losses, seconds = np.array(losses, dtype=np.float64), np.array(seconds, dtype=np.float64)
    model.params = [(W.copy(), b.copy()) for W, b in nn.unpack(state["best_theta"], shapes)]
    return {
        "method": method,
        "gradient": "exact" if exact else ("none" if method in GRADIENT_FREE_METHODS
                                           else "finite"),
        "losses": losses[:n],
        "best_losses": np.minimum.accumulate(losses[:n]),
        "seconds": seconds[:n],
        "best_loss": float(state["best"]),
        "evaluations": n,
        "gradient_calls": state["grad_calls"],
        "message": message,
    }
