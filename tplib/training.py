"""The gradient-descent training loop: full or mini-batch epochs, returning the one history.

The loop works on one flat parameter vector ``theta``; the ``(W, b)`` arrays the backward pass
reads are views into it, so an update is three or four vector operations whatever the number
of layers. Every optimizer (``tplib.optimizers``) calls the same backward pass,
``tplib.nn.loss_and_grad``; the history is built by ``tplib.history.make_history``.
"""

from __future__ import annotations

import math
import time

import numpy as np
from tqdm.auto import tqdm

from . import nn
from .checks import check_flag, check_int, check_rng
from .history import make_history
from .optimizers import Optimizer, single_blas_thread

__all__ = ["train"]

# Histories grow in chunks as epochs run, so a huge epoch budget allocates nothing up front.
_HISTORY_CHUNK = 4096


@single_blas_thread
def train(theta, shapes, X, Y, activations, loss, optimizer, epochs, batch_size=None,
          rng=None, target_pixel_errors=None, progress=False, description="training",
          corrupt=None):
    """Train the flat parameters ``theta`` in place; return the history (``tplib.history``).

    X: (n_samples, n_in) inputs, Y: (n_samples, n_out) targets. One history step is one epoch
    (``step="epoch"``); each entry describes the parameters at the START of that epoch (for
    mini-batches: measured on the fly during it). Besides the common keys (``loss``,
    ``best_loss``, cumulative ``evaluations`` -- one per batch -- and cumulative ``seconds``)
    it holds ``max_pixel_errors`` and ``total_pixel_errors`` (outputs thresholded at 0.5). With
    ``target_pixel_errors`` the loop stops, before updating, as soon as every sample is within
    that many wrong pixels (``stopped_early`` True, ``message`` "target reached"; otherwise
    "budget spent"). ``corrupt``, a function X -> noisy X, gives every epoch fresh inputs (a
    denoiser's training); the history then measures the outputs for those noisy inputs
    against Y. A NaN or infinite loss, at any epoch or after the last update, raises
    FloatingPointError naming the epoch and the optimizer (with its learning rate).
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
    check_flag(progress, "progress")
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
    n_steps = epoch + 1
    return make_history("epoch", hist["loss"][:n_steps], hist["evaluations"][:n_steps],
                        hist["seconds"][:n_steps],
                        "target reached" if stopped else "budget spent", stopped,
                        max_pixel_errors=hist["max_pixel_errors"][:n_steps],
                        total_pixel_errors=hist["total_pixel_errors"][:n_steps])


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
