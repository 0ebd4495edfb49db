"""Gradient-descent optimizers and the training loop that records a history.

The loop works on one flat parameter vector ``theta``; the ``(W, b)`` arrays the backward pass
reads are views into it, so an update is three or four vector operations whatever the number
of layers. Every optimizer calls the same backward pass, ``tplib.nn.loss_and_grad``.
"""

from __future__ import annotations

import functools
import math
import time

import numpy as np
from threadpoolctl import threadpool_limits
from tqdm.auto import tqdm

from . import nn

__all__ = ["Optimizer", "Momentum", "Adam", "train", "single_blas_thread"]


def _check_positive(value, name, upper=None):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    if not math.isfinite(value) or value <= 0 or (upper is not None and value >= upper):
        bound = f"in (0, {upper:g})" if upper is not None else "positive and finite"
        raise ValueError(f"{name} must be {bound}, got {value!r}")
    return float(value)


class Optimizer:
    """Base class: ``reset(n)`` before training, then ``step(theta, grad)`` updates in place."""

    def reset(self, n_params):
        raise NotImplementedError

    def step(self, theta, grad):
        raise NotImplementedError


class Momentum(Optimizer):
    """Gradient descent with momentum: v <- alpha v - lr g; theta <- theta + v.

    The defaults are the original assignment's settings (lr 0.005, alpha 0.8); ``alpha=0`` is
    plain gradient descent.
    """

    def __init__(self, lr=0.005, alpha=0.8):
        self.lr = _check_positive(lr, "lr")
        if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.floating)):
            raise TypeError(f"alpha must be a number, got {type(alpha).__name__}")
        if not 0.0 <= alpha < 1.0:
            raise ValueError(f"alpha must be in [0, 1), got {alpha!r}")
        self.alpha = float(alpha)
        self._velocity = None

    def __repr__(self):
        return f"Momentum(lr={self.lr}, alpha={self.alpha})"

    def reset(self, n_params):
        self._velocity = np.zeros(n_params)
        self._scratch = np.empty(n_params)

    def step(self, theta, grad):
        v = self._velocity
        v *= self.alpha
        np.multiply(grad, self.lr, out=self._scratch)
        v -= self._scratch
        theta += v


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2015): per-parameter steps scaled by running gradient moments."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr = _check_positive(lr, "lr")
        self.beta1 = _check_positive(beta1, "beta1", upper=1.0)
        self.beta2 = _check_positive(beta2, "beta2", upper=1.0)
        self.eps = _check_positive(eps, "eps")
        self._m = self._v = None
        self._t = 0

    def __repr__(self):
        return f"Adam(lr={self.lr}, beta1={self.beta1}, beta2={self.beta2})"

    def reset(self, n_params):
        self._m = np.zeros(n_params)
        self._v = np.zeros(n_params)
        self._t = 0

    def step(self, theta, grad):
        self._t += 1
        m, v = self._m, self._v
        m *= self.beta1
        m += (1.0 - self.beta1) * grad
        v *= self.beta2
        v += (1.0 - self.beta2) * (grad * grad)
        # Bias corrections folded into one scalar step size, as in the paper's section 2.
        step = self.lr * math.sqrt(1.0 - self.beta2**self._t) / (1.0 - self.beta1**self._t)
        theta -= step * m / (np.sqrt(v) + self.eps)


def _check_count(value, name, allow_none=False):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return int(value)


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


@single_blas_thread
def train(theta, shapes, X, Y, activations, loss, optimizer, epochs, batch_size=None,
          rng=None, target_pixel_errors=None, progress=False, description="training",
          corrupt=None):
    """Train the flat parameters ``theta`` in place; return the history (a dict of arrays).

    X: (n_samples, n_in) inputs, Y: (n_samples, n_out) targets. Each history entry describes
    the parameters at the START of an epoch (for mini-batches: measured on the fly during it):
    ``loss``, ``max_pixel_errors`` and ``total_pixel_errors`` (outputs thresholded at 0.5),
    ``evaluations`` (cumulative gradient evaluations) and ``seconds`` (cumulative). With
    ``target_pixel_errors`` the loop stops, before updating, as soon as every sample is within
    that many wrong pixels; ``history["stopped_early"]`` says whether it did. ``corrupt``, a
    function X -> noisy X, gives every epoch fresh inputs (a denoiser's training); the history
    then measures the outputs for those noisy inputs against Y.
    """
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be a tplib.optimizers.Optimizer, got {optimizer!r}")
    epochs = _check_count(epochs, "epochs")
    n = X.shape[0]
    batch_size = _check_count(batch_size, "batch_size", allow_none=True)
    if batch_size is not None and batch_size > n:
        raise ValueError(f"batch_size must be at most the {n} samples, got {batch_size}")
    full_batch = batch_size is None or batch_size == n
    if target_pixel_errors is not None:
        target_pixel_errors = _check_count(target_pixel_errors + 1, "target_pixel_errors + 1") - 1
    if corrupt is not None and not callable(corrupt):
        raise TypeError(f"corrupt must be a function X -> noisy X, got {corrupt!r}")
    if not full_batch and rng is None:
        raise ValueError("rng is required to shuffle mini-batches")

    params = nn.unpack(theta, shapes)  # views into theta: updating theta updates them
    grad = np.empty_like(theta)
    grad_views = nn.unpack(grad, shapes)  # the backward pass writes straight into `grad`
    Y_on = Y > 0.5
    optimizer.reset(theta.size)
    hist = {k: np.zeros(epochs) for k in ("loss", "seconds")}
    for k in ("max_pixel_errors", "total_pixel_errors", "evaluations"):
        hist[k] = np.zeros(epochs, dtype=np.int64)
    evaluations, start, stopped = 0, time.perf_counter(), False
    bar = tqdm(total=epochs, desc=description, disable=not progress, mininterval=0.25)
    epoch = 0
    for epoch in range(epochs):
        X_in = X if corrupt is None else _corrupted(corrupt, X)
        if full_batch:
            value, Y_hat = _loss_grad_output(params, X_in, Y, activations, loss, grad_views)
            wrong = ((Y_hat > 0.5) != Y_on).sum(axis=1)
            evaluations += 1
            if target_pixel_errors is not None and wrong.max() <= target_pixel_errors:
                stopped = True
            else:
                optimizer.step(theta, grad)
        else:
            order = rng.permutation(n)
            value, wrong = 0.0, np.zeros(n, dtype=np.int64)
            for lo in range(0, n, batch_size):
                idx = order[lo:lo + batch_size]
                v, Y_hat = _loss_grad_output(params, X_in[idx], Y[idx], activations, loss,
                                             grad_views)
                value += v
                wrong[idx] = ((Y_hat > 0.5) != Y_on[idx]).sum(axis=1)
                evaluations += 1
                optimizer.step(theta, grad)
            if target_pixel_errors is not None and wrong.max() <= target_pixel_errors:
                Y_hat = nn.forward(params, X, activations)  # confirm on the final parameters
                stopped = ((Y_hat > 0.5) != Y_on).sum(axis=1).max() <= target_pixel_errors
        if not np.isfinite(value):
            raise FloatingPointError(
                f"the loss became {value} at epoch {epoch}: lower the learning rate")
        hist["loss"][epoch] = value
        hist["max_pixel_errors"][epoch] = wrong.max()
        hist["total_pixel_errors"][epoch] = wrong.sum()
        hist["evaluations"][epoch] = evaluations
        hist["seconds"][epoch] = time.perf_counter() - start
        bar.update(1)
        if stopped:
            break
    bar.close()
    history = {k: v[:epoch + 1] for k, v in hist.items()}
    history["stopped_early"] = stopped
    return history


def _corrupted(corrupt, X):
    X_noisy = np.asarray(corrupt(X), dtype=np.float64)
    if X_noisy.shape != X.shape or not np.all(np.isfinite(X_noisy)):
        raise ValueError(f"corrupt must return finite values shaped like X {X.shape}, "
                         f"got shape {X_noisy.shape}")
    return X_noisy


def _loss_grad_output(params, X, Y, activations, loss, grad_views):
    """The loss and the network's output (which the loop reuses); the gradient goes to grad_views."""
    outputs = nn.forward_all(params, X, activations)
    value = nn.loss_value(outputs[-1], Y, loss)
    nn.backward(params, outputs, Y, activations, loss, out=grad_views)
    return value, outputs[-1]
