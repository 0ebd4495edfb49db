"""scipy's minimizers as optimizers that ``Autoencoder.fit`` accepts: ``ScipyMethod``.

``model.fit(X, optimizer=ScipyMethod("L-BFGS-B"), max_evals=5000)`` runs
``scipy.optimize.minimize`` over the model's flat parameter vector. The budget is counted in
objective evaluations, the unit the original assignment used: every call of the objective
counts one, whether it returns the loss alone (gradient-free methods, or scipy's finite
differences, which call it ~n_params times per gradient) or the loss and the exact backprop
gradient together (``gradient="exact"``: one forward and one backward pass). ``minimize`` is
the same run as a function of the model, kept as a shortcut: it calls ``fit``.
"""

from __future__ import annotations

import math
import time
import warnings

import numpy as np
import scipy.optimize
from tqdm.auto import tqdm

from . import nn
from .checks import check_choice, check_int
from .history import make_history
from .optimizers import single_blas_thread

__all__ = ["GRADIENT_FREE_METHODS", "METHODS", "ScipyMethod", "minimize"]

# Methods that never ask for a gradient: `gradient` does not change what they do.
GRADIENT_FREE_METHODS = ("Powell", "Nelder-Mead", "COBYLA", "COBYQA")
# The scipy methods ScipyMethod accepts: all take a loss alone, so finite differences work too.
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


class ScipyMethod:
    """A ``scipy.optimize.minimize`` method as an optimizer for ``fit`` (budget: ``max_evals``).

    method: one of ``METHODS``; gradient: "exact" (backprop) or "finite" (scipy's finite
    differences, as the original assignment); it does not matter for ``GRADIENT_FREE_METHODS``.
    options: passed to scipy (e.g. {"maxls": 5}); one the method does not know is refused.
    """

    def __init__(self, method="L-BFGS-B", gradient="exact", options=None):
        self.method = check_choice(method, "method", METHODS)
        if gradient not in _GRADIENTS:
            raise ValueError(f"gradient must be 'exact' or 'finite', got {gradient!r}")
        self.gradient = gradient
        if options is not None and not isinstance(options, dict):
            raise TypeError(f"options must be a dict, got {type(options).__name__}")
        for key in options or {}:
            if not isinstance(key, str):
                raise TypeError(f"options must have option names (str) as keys, got {key!r}")
        self.options = dict(options or {})

    def __repr__(self):
        options = f", options={self.options!r}" if self.options else ""
        return f"ScipyMethod({self.method!r}, gradient={self.gradient!r}{options})"

    @single_blas_thread
    def run(self, theta, shapes, X, Y, activations, loss, max_evals, progress=False):
        """Minimise the loss over the flat ``theta`` (checked X, Y); return the history.

        Stops after exactly ``max_evals`` objective evaluations (or earlier if the method
        converges: ``stopped_early``, with scipy's ``message``) and leaves ``theta`` holding
        the best parameters seen. One history step is one evaluation (``step="evaluation"``);
        extras: ``method``, ``gradient`` ("exact", "finite" or "none") and ``gradient_calls``
        (evaluations that also computed an exact gradient). A NaN or infinite loss raises
        FloatingPointError and leaves ``theta`` unchanged. ``Autoencoder.fit`` calls this.
        """
        method = self.method
        max_evals = check_int(max_evals, "max_evals", minimum=1)
        theta0 = theta.copy()
        if not np.all(np.isfinite(theta0)):
            raise ValueError("cannot minimize: model.params holds NaN or infinite values")
        losses, seconds = [], []  # grown as evaluations come: a huge budget allocates nothing
        state = {"n": 0, "grad_calls": 0, "best": np.inf, "best_theta": theta0.copy()}
        bar = tqdm(total=max_evals, desc=method, disable=not progress, mininterval=0.25)
        start = time.perf_counter()

        def record(theta, value):
            n = state["n"]
            if n >= max_evals:
                raise _BudgetSpent
            if not math.isfinite(value):
                raise FloatingPointError(
                    f"{method} diverged: the loss became {value} at evaluation {n + 1} (the "
                    f"model is left unchanged); scale the data to [0, 1], or limit the step "
                    f"(e.g. options={{'maxls': 5}} for L-BFGS-B)")
            losses.append(value)
            seconds.append(time.perf_counter() - start)
            state["n"] = n + 1
            bar.update(1)
            if value < state["best"]:
                state["best"] = value
                state["best_theta"] = np.array(theta, dtype=np.float64)

        def fun(theta):
            if state["n"] >= max_evals:
                raise _BudgetSpent
            value = nn.loss_value(nn.forward(nn.unpack(theta, shapes), X, activations), Y,
                                  loss, check=False)  # fit checked Y once
            record(theta, value)
            return value

        def fun_and_grad(theta):
            if state["n"] >= max_evals:
                raise _BudgetSpent
            value, grads = nn.loss_and_grad(nn.unpack(theta, shapes), X, Y, activations, loss)
            record(theta, value)
            state["grad_calls"] += 1
            return value, nn.pack(grads)

        try:
            message = self._scipy(fun, fun_and_grad, theta0)
        finally:
            bar.close()
        n = state["n"]
        theta[:] = state["best_theta"]
        exact = self.gradient == "exact" and method not in GRADIENT_FREE_METHODS
        return make_history(
            "evaluation", losses[:n], np.arange(1, n + 1), seconds[:n], message,
            message != "budget spent", method=method,
            gradient="exact" if exact else ("none" if method in GRADIENT_FREE_METHODS
                                            else "finite"),
            gradient_calls=state["grad_calls"])

    def _scipy(self, fun, fun_and_grad, theta0):
        """Run scipy until it converges or the objective raises _BudgetSpent; its message."""
        method = self.method
        exact = self.gradient == "exact" and method not in GRADIENT_FREE_METHODS
        opts = dict(_LIMITS.get(method, {"maxiter": 10**9}))
        opts.update(self.options)
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
        return message


def minimize(model, X, Y=None, method="L-BFGS-B", max_evals=15_000, gradient="exact",
             options=None, progress=False):
    """Shortcut for ``model.fit(X, Y, optimizer=ScipyMethod(method, gradient, options),
    max_evals=max_evals)``: the same run, the same history (see ``ScipyMethod.run``).

    ``model`` ends holding the best parameters seen; prefer ``fit``, the one way to train.
    """
    if isinstance(model, type) or not callable(getattr(model, "fit", None)):
        raise TypeError(f"model must be a tplib.Autoencoder (an instance, with fit), "
                        f"got {model!r}")
    return model.fit(X, Y, optimizer=ScipyMethod(method, gradient, options),
                     max_evals=max_evals, progress=progress)
