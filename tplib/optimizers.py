"""Gradient-descent optimizers and the training loop that records a history.

The loop works on one flat parameter vector ``theta``; the ``(W, b)`` arrays the backward pass
reads are views into it, so an update is three or four vector operations whatever the number
of layers. Every optimizer calls the same backward pass, ``tplib.nn.loss_and_grad``.
"""

from __future__ import annotations

import functools
import math
import numbers
import time

import numpy as np
from threadpoolctl import threadpool_limits
from tqdm.auto import tqdm

from . import nn
from .checks import check_int, check_number, check_rng

__all__ = ["Optimizer", "Momentum", "Adam", "train", "single_blas_thread"]


# Histories grow in chunks as epochs run, so a huge epoch budget allocates nothing up front.
_HISTORY_CHUNK = 4096


def _check_positive(value, name, upper=None):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r} ({type(value).__name__})")
    if not math.isfinite(value) or value <= 0 or (upper is not None and value >= upper):
        bound = f"in (0, {upper:g})" if upper is not None else "positive and finite"
        raise ValueError(f"{name} must be {bound}, got {value!r}")
    return float(value)


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
        self.lr = _check_positive(lr, "lr")
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
        self.lr = _check_positive(lr, "lr")
        self.beta1 = _check_positive(beta1, "beta1", upper=1.0)
        self.beta2 = _check_positive(beta2, "beta2", upper=1.0)
        self.eps = _check_positive(eps, "eps")
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
    then measures the outputs for those noisy inputs against Y. A NaN or infinite loss, at any
    epoch or after the last update, raises FloatingPointError naming the epoch and the
    optimizer (with its learning rate).
    """
    _check_optimizer(optimizer)
    epochs = check_int(epochs, "epochs", minimum=1)
    if not (isinstance(theta, np.ndarray) and theta.dtype == np.float64 and theta.ndim == 1
            and theta.flags.writeable and theta.flags.c_contiguous):
        # Trained in place: a list or a float32 copy would leave the caller's vector untouched.
        raise TypeError(f"theta must be a writeable, contiguous float64 vector (trained in "
                        f"place), got {type(theta).__name__} {getattr(theta, 'dtype', '')}")
    params = nn.unpack(theta, shapes)  # views into theta: updating theta updates them
    if not np.all(np.isfinite(theta)):
        raise ValueError("theta holds NaN or infinite values: start from finite parameters")
    if isinstance(activations, str) or not hasattr(activations, "__len__"):
        raise TypeError(f"activations must be a list of names, got {activations!r}")
    for i, name in enumerate(activations):
        nn.check_activation(name, f"activations[{i}]")
    if len(activations) != len(shapes):
        raise ValueError(f"activations must list one name per layer ({len(shapes)}), "
                         f"got {list(activations)}")
    nn.check_loss(loss)
    X = nn.check_matrix(X, "X", shapes[0][0][0])
    Y = nn.check_matrix(Y, "Y", shapes[-1][0][1])
    n = X.shape[0]
    if Y.shape[0] != n:
        raise ValueError(f"X and Y must have as many samples: got {n} and {Y.shape[0]}")
    if loss == "bce":
        nn.loss_value(Y, Y, loss)  # refuses targets outside [0, 1], naming them
    if batch_size is not None:
        batch_size = check_int(batch_size, "batch_size", minimum=1)
    if batch_size is not None and batch_size > n:
        raise ValueError(f"batch_size must be at most the {n} samples, got {batch_size}")
    full_batch = batch_size is None or batch_size == n
    if target_pixel_errors is not None:
        # Wrong pixels per sample: 0 means perfect; True (== 1) is surely a mistake.
        target_pixel_errors = check_int(target_pixel_errors, "target_pixel_errors", minimum=0)
        if target_pixel_errors >= Y.shape[1]:
            raise ValueError(f"target_pixel_errors counts wrong pixels per sample, so it must be "
                             f"below the {Y.shape[1]} outputs (or training stops before it "
                             f"starts), got {target_pixel_errors}")
    if corrupt is not None and not callable(corrupt):
        raise TypeError(f"corrupt must be a function X -> noisy X, got {corrupt!r}")
    if not full_batch and rng is None:
        raise ValueError("rng is required to shuffle mini-batches")
    if rng is not None:
        check_rng(rng)
    _check_flag(progress, "progress")
    if not isinstance(description, str):
        raise TypeError(f"description must be a string, got {description!r}")

    grad = np.empty_like(theta)
    grad_views = nn.unpack(grad, shapes)  # the backward pass writes straight into `grad`
    Y_on = Y > 0.5
    optimizer.reset(theta.size)
    capacity = min(epochs, _HISTORY_CHUNK)
    hist = {k: np.zeros(capacity) for k in ("loss", "seconds")}
    for k in ("max_pixel_errors", "total_pixel_errors", "evaluations"):
        hist[k] = np.zeros(capacity, dtype=np.int64)
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
        if not math.isfinite(value):
            bar.close()
            _diverged(f"the loss became {value} at epoch {epoch}", optimizer, theta)
        if epoch == capacity:
            capacity = min(epochs, 2 * capacity)
            hist = {k: _grown(v, capacity) for k, v in hist.items()}
        hist["loss"][epoch] = value
        hist["max_pixel_errors"][epoch] = wrong.max()
        hist["total_pixel_errors"][epoch] = wrong.sum()
        hist["evaluations"][epoch] = evaluations
        hist["seconds"][epoch] = time.perf_counter() - start
        bar.update(1)
        if stopped:
            break
    bar.close()
    if not stopped:  # the last update has not been measured yet: check where it led
        final = nn.loss_value(nn.forward(params, X, activations), Y, loss, check=False)
        if not (math.isfinite(final) and np.all(np.isfinite(theta))):
            _diverged(f"the last update (epoch {epoch}) gave the loss {final}", optimizer, theta)
    history = {k: v[:epoch + 1] for k, v in hist.items()}
    history["stopped_early"] = stopped
    return history


def _check_optimizer(optimizer):
    if isinstance(optimizer, type) and issubclass(optimizer, Optimizer):
        raise TypeError(f"optimizer must be an instance, e.g. {optimizer.__name__}(), "
                        f"got the class {optimizer.__name__}")
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be a tplib.optimizers.Optimizer, got {optimizer!r}")
    for method in ("reset", "step"):
        if getattr(type(optimizer), method) is getattr(Optimizer, method):
            raise TypeError(f"optimizer {type(optimizer).__name__} does not define "
                            f"{method}(): an Optimizer subclass must define reset and step")


def _check_flag(value, name):
    """A private check (tplib.checks has none for booleans): True or False, nothing else."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _diverged(what, optimizer, theta):
    state = "NaN or infinite" if not np.all(np.isfinite(theta)) else "finite"
    lr = getattr(optimizer, "lr", None)
    raise FloatingPointError(
        f"training diverged: {what} with {optimizer!r} (weights now {state}); lower the "
        f"learning rate{'' if lr is None else f' (lr={lr:g}, try {lr / 10:g})'}, or scale the "
        f"data to [0, 1]")


def _grown(array, capacity):
    bigger = np.zeros(capacity, dtype=array.dtype)
    bigger[:array.size] = array
    return bigger


def _corrupted(corrupt, X):
    X_noisy = corrupt(X)
    if np.iscomplexobj(X_noisy):
        raise TypeError("corrupt must return real values shaped like X, got complex values")
    X_noisy = np.asarray(X_noisy, dtype=np.float64)
    if X_noisy.shape != X.shape or not np.all(np.isfinite(X_noisy)):
        raise ValueError(f"corrupt must return finite values shaped like X {X.shape}, "
                         f"got shape {X_noisy.shape}")
    return X_noisy


def _loss_grad_output(params, X, Y, activations, loss, grad_views):
    """The loss and the network's output (which the loop reuses); the gradient goes to grad_views."""
    outputs = nn.forward_all(params, X, activations)
    value = nn.loss_value(outputs[-1], Y, loss, check=False)  # train checked Y once
    nn.backward(params, outputs, Y, activations, loss, out=grad_views)
    return value, outputs[-1]
