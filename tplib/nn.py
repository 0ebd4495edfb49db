"""The numerical core: activations, losses, forward and backward passes over plain arrays.

Parameters are a list of ``(W, b)`` pairs, ``W`` shaped ``(n_in, n_out)`` and ``b`` shaped
``(n_out,)``; a layer computes ``A_next = f(A @ W + b)``. Everything is vectorised over the
batch: one matrix product per layer, whatever the number of samples.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

__all__ = [
    "ACTIVATIONS",
    "LOSSES",
    "init_params",
    "forward",
    "forward_all",
    "loss_value",
    "loss_and_grad",
    "backward",
    "pack",
    "unpack",
    "param_shapes",
    "check_activation",
    "check_loss",
    "check_matrix",
]

ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")
LOSSES = ("sse", "mse", "bce")

# Clip probabilities fed to log() so a saturated sigmoid gives a large finite loss, not inf.
_EPS = 1e-12


def check_activation(name, argument="activation"):
    """Return ``name`` if it is a known activation, else raise a ValueError naming the argument."""
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(f"{argument} must be one of {ACTIVATIONS}, got {name!r}")
    return name


def check_loss(name):
    """Return ``name`` if it is a known loss, else raise a ValueError."""
    if not isinstance(name, str) or name not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {name!r}")
    return name


def check_matrix(X, name, n_features=None):
    """Return ``X`` as a finite float64 array of shape (n_samples, n_features), or raise."""
    if isinstance(X, (str, bytes)) or X is None:
        raise TypeError(f"{name} must be a 2-D array of numbers, got {type(X).__name__}")
    try:
        A = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a 2-D array of numbers: {exc}") from None
    if A.ndim == 1 and n_features is not None and A.shape[0] == n_features:
        A = A[None, :]  # a single sample is accepted and treated as a batch of one
    if A.ndim != 2:
        raise ValueError(f"{name} must be 2-D (n_samples, n_features), got shape {A.shape}")
    if A.shape[0] == 0:
        raise ValueError(f"{name} is empty: it has 0 samples")
    if n_features is not None and A.shape[1] != n_features:
        raise ValueError(f"{name} must have {n_features} columns, got shape {A.shape}")
    if not np.all(np.isfinite(A)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return A


def _apply(name, Z):
    if name == "sigmoid":
        # scipy's expit never overflows (unlike 1 / (1 + exp(-Z)) for Z << 0) and is one
        # call, twice as fast here as the tanh form.
        return expit(Z)
    if name == "tanh":
        return np.tanh(Z)
    if name == "relu":
        return np.maximum(Z, 0.0)
    return Z


def _derivative(name, A):
    """f'(Z) written in terms of the layer's output A = f(Z), so the backward pass needs no Z."""
    if name == "sigmoid":
        return A * (1.0 - A)
    if name == "tanh":
        return 1.0 - A * A
    if name == "relu":
        return (A > 0.0).astype(A.dtype)
    return None  # linear: the derivative is 1, nothing to multiply


def init_params(layer_sizes, rng):
    """Glorot-uniform weights and zero biases for ``layer_sizes`` = [n_in, ..., n_out]."""
    params = []
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        limit = np.sqrt(6.0 / (n_in + n_out))
        params.append((rng.uniform(-limit, limit, size=(n_in, n_out)), np.zeros(n_out)))
    return params


def forward_all(params, X, activations):
    """Activations of every layer: a list [X, A_1, ..., A_L], each (n_samples, n_units)."""
    outputs = [X]
    A = X
    for (W, b), name in zip(params, activations):
        A = _apply(name, A @ W + b)
        outputs.append(A)
    return outputs


def forward(params, X, activations):
    """The network's output for X: (n_samples, n_in) -> (n_samples, n_out)."""
    A = X
    for (W, b), name in zip(params, activations):
        A = _apply(name, A @ W + b)
    return A


def loss_value(Y_hat, Y, loss):
    """The loss of predictions Y_hat against targets Y, both (n_samples, n_out).

    sse: sum of squared errors over every sample and pixel (the original assignment's error);
    mse: the mean of the squared errors; bce: binary cross-entropy summed over every sample
    and pixel, in nats (targets and predictions in [0, 1]).
    """
    if loss == "sse":
        D = Y_hat - Y
        return float(np.vdot(D, D))
    if loss == "mse":
        D = Y_hat - Y
        return float(np.vdot(D, D)) / D.size
    P = np.clip(Y_hat, _EPS, 1.0 - _EPS)
    return float(-np.sum(Y * np.log(P) + (1.0 - Y) * np.log(1.0 - P)))


def _output_delta(Y_hat, Y, loss, output_activation):
    """dLoss/dZ of the last layer, (n_samples, n_out)."""
    if loss == "bce" and output_activation == "sigmoid":
        # The sigmoid's derivative cancels the cross-entropy's denominator: exact and stable.
        return Y_hat - Y
    if loss == "bce":
        P = np.clip(Y_hat, _EPS, 1.0 - _EPS)
        dY = (P - Y) / (P * (1.0 - P))
    elif loss == "sse":
        dY = 2.0 * (Y_hat - Y)
    else:
        dY = (2.0 / Y_hat.size) * (Y_hat - Y)
    d = _derivative(output_activation, Y_hat)
    return dY if d is None else dY * d


def backward(params, outputs, Y, activations, loss="sse", out=None):
    """The gradient [(dW, db), ...] from the stored layer outputs of ``forward_all``.

    The chain rule, layer by layer: delta_L = dLoss/dZ_L, dW_l = A_{l-1}^T delta_l,
    db_l = sum over samples of delta_l, delta_{l-1} = (delta_l W_l^T) * f'(Z_{l-1}).
    ``out``, a list of (dW, db) arrays shaped like ``params`` (e.g. views into one flat
    vector), receives the gradient in place; the training loop uses it to skip a copy.
    """
    delta = _output_delta(outputs[-1], Y, loss, activations[-1])
    grads = out if out is not None else [
        (np.empty_like(W), np.empty_like(b)) for W, b in params]
    for layer in range(len(params) - 1, -1, -1):
        A_prev = outputs[layer]
        gW, gb = grads[layer]
        np.matmul(A_prev.T, delta, out=gW)
        np.sum(delta, axis=0, out=gb)
        if layer > 0:
            delta = delta @ params[layer][0].T
            d = _derivative(activations[layer - 1], A_prev)
            if d is not None:
                delta *= d
    return grads


def loss_and_grad(params, X, Y, activations, loss="sse"):
    """The loss and its gradient: (float, [(dW, db), ...]) shaped like ``params``.

    One forward pass stores every layer's output; one backward pass reuses them.
    """
    outputs = forward_all(params, X, activations)
    return loss_value(outputs[-1], Y, loss), backward(params, outputs, Y, activations, loss)


def param_shapes(params):
    """The shapes of every array in ``params``, in packing order: [(W shape, b shape), ...]."""
    return [(W.shape, b.shape) for W, b in params]


def pack(params):
    """Flatten a list of (W, b) into one float64 vector (W row-major, then b, layer by layer)."""
    return np.concatenate([np.concatenate([W.ravel(), b.ravel()]) for W, b in params])


def unpack(theta, shapes):
    """Inverse of ``pack``: a flat vector and ``param_shapes`` back to a list of (W, b)."""
    theta = np.asarray(theta, dtype=np.float64)
    expected = sum(int(np.prod(sw)) + int(np.prod(sb)) for sw, sb in shapes)
    if theta.ndim != 1 or theta.size != expected:
        raise ValueError(f"theta must be a vector of {expected} values, got shape {theta.shape}")
    params, start = [], 0
    for sw, sb in shapes:
        n_w, n_b = int(np.prod(sw)), int(np.prod(sb))
        W = theta[start:start + n_w].reshape(sw)
        b = theta[start + n_w:start + n_w + n_b].reshape(sb)
        params.append((W, b))
        start += n_w + n_b
    return params
