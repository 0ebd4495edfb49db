"""Gradient-descent optimizers: momentum and Adam, their base class, and the BLAS-thread rule.

An optimizer updates one flat parameter vector ``theta`` in place from its gradient; the loop
that computes the gradients and records the history is ``tplib.training.train`` (split from
here so each file holds one thing). ``single_blas_thread`` is the decorator every numpy trainer
(this loop, the scipy adapter, the studies) runs under.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from threadpoolctl import threadpool_limits

from .checks import check_int, check_number

__all__ = ["Optimizer", "Momentum", "Adam", "single_blas_thread"]


class Optimizer:
    """Base class: ``reset(n)`` before training, then ``step(theta, grad)`` updates in place.

    Not usable itself: use ``Momentum`` or ``Adam``, or subclass it and define both methods.
    """

    def __init__(self):
        if type(self) is Optimizer:
            raise TypeError("Optimizer is the abstract base class: use Momentum(...) or "
                            "Adam(...), or subclass it and define reset(n_params) and "
                            "step(theta, grad)")

    def reset(self, n_params):
        raise NotImplementedError(f"{type(self).__name__} must define reset(n_params), which "
                                  f"prepares its state for n_params parameters")

    def step(self, theta, grad):
        raise NotImplementedError(f"{type(self).__name__} must define step(theta, grad), which "
                                  f"updates theta in place")


def _check_state(optimizer, state, theta, grad):
    """Cheap, once per step: the state exists and matches the vectors it updates."""
    if state is None:
        raise ValueError(f"{type(optimizer).__name__}.step: call reset(n_params) first")
    if (not isinstance(theta, np.ndarray) or theta.shape != state.shape
            or not isinstance(grad, np.ndarray) or grad.shape != state.shape):
        raise ValueError(f"{type(optimizer).__name__}.step: theta and grad must be float arrays "
                         f"of shape {state.shape} (from reset), got {np.shape(theta)} and "
                         f"{np.shape(grad)}")


class Momentum(Optimizer):
    """Gradient descent with momentum: v <- alpha v - lr g; theta <- theta + v.

    The defaults are the original assignment's settings (lr 0.005, alpha 0.8); ``alpha=0`` is
    plain gradient descent.
    """

    def __init__(self, lr=0.005, alpha=0.8):
        self.lr = check_number(lr, "lr", minimum=0, strict=True)
        alpha = check_number(alpha, "alpha")
        if not 0.0 <= alpha < 1.0:
            raise ValueError(f"alpha must be in [0, 1), got {alpha!r}")
        self.alpha = alpha
        self._velocity = None

    def __repr__(self):
        return f"Momentum(lr={self.lr}, alpha={self.alpha})"

    def reset(self, n_params):
        n_params = check_int(n_params, "n_params", minimum=1)
        self._velocity = np.zeros(n_params)
        self._scratch = np.empty(n_params)

    def step(self, theta, grad):
        v = self._velocity
        _check_state(self, v, theta, grad)
        v *= self.alpha
        np.multiply(grad, self.lr, out=self._scratch)
        v -= self._scratch
        theta += v


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2015): per-parameter steps scaled by running gradient moments."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr = check_number(lr, "lr", minimum=0, strict=True)
        self.beta1 = check_number(beta1, "beta1", 0, 1, strict=True)
        self.beta2 = check_number(beta2, "beta2", 0, 1, strict=True)
        self.eps = check_number(eps, "eps", minimum=0, strict=True)
        self._m = self._v = None
        self._t = 0

    def __repr__(self):
        return f"Adam(lr={self.lr}, beta1={self.beta1}, beta2={self.beta2})"

    def reset(self, n_params):
        n_params = check_int(n_params, "n_params", minimum=1)
        self._m = np.zeros(n_params)
        self._v = np.zeros(n_params)
        self._t = 0

    def step(self, theta, grad):
        m, v = self._m, self._v
        _check_state(self, m, theta, grad)
        self._t += 1
        m *= self.beta1
        m += (1.0 - self.beta1) * grad
        v *= self.beta2
        v += (1.0 - self.beta2) * (grad * grad)
        # Bias corrections folded into one scalar step size, as in the paper's section 2.
        step = self.lr * math.sqrt(1.0 - self.beta2**self._t) / (1.0 - self.beta1**self._t)
        theta -= step * m / (np.sqrt(v) + self.eps)


def single_blas_thread(function):
    """Run ``function`` with one BLAS thread, restoring the caller's setting afterwards.

    The matrices of these networks are tiny: BLAS threads only add synchronisation, and on a
    busy 2-core machine they made L-BFGS-B ten times slower.
    """
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with threadpool_limits(limits=1, user_api="blas"):
            return function(*args, **kwargs)
    return wrapper
