"""The numerical core: activations, losses, forward and backward passes over plain arrays.

Parameters are a list of ``(W, b)`` pairs, ``W`` shaped ``(n_in, n_out)`` and ``b`` shaped
``(n_out,)``; a layer computes ``A_next = f(A @ W + b)``. Everything is vectorised over the
batch: one matrix product per layer, whatever the number of samples.

The kernels check the structure of what they are given (names, counts, shapes) at no cost to
the training loop; the values of the data (finite, in range) are checked once on entry by
``Autoencoder``, ``tplib.training.train`` and ``tplib.minimize``.

Length: over 300 lines, on purpose. This is the whole mathematics of training -- each
activation and its derivative, each loss and its output delta, the forward and the backward
pass, the flat-vector adapter -- and it reads best as one page, with the checks beside the
kernels they guard.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from .checks import check_array, check_rng

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
    "check_layer_sizes",
    "MAX_PARAMS",
]

ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")
LOSSES = ("sse", "mse", "bce")

# Clip probabilities fed to log() so a saturated sigmoid gives a large finite loss, not inf.
_EPS = 1e-12
# The numpy core is for small networks: refuse, before allocating, one that would not fit in
# memory (10**8 float64 parameters are 800 MB, and Adam keeps two more copies).
MAX_PARAMS = 10**8


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
    if X is None or isinstance(X, (str, bytes, dict)):
        raise TypeError(f"{name} must be a 2-D array of numbers, got {type(X).__name__}")
    try:
        A = X if isinstance(X, np.ndarray) else np.asarray(X)
    except ValueError:  # numpy refuses ragged nested lists
        raise TypeError(f"{name} must be a 2-D array of numbers (rows of equal length), "
                        f"got a ragged list") from None
    if A.dtype == object:  # e.g. Fractions (accepted, as before) or None (refused)
        try:
            A = A.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{name} must be a 2-D array of numbers: {exc}") from None
    if np.iscomplexobj(A):
        raise TypeError(f"{name} must hold real numbers, got complex values (dtype {A.dtype}); "
                        f"pass {name}.real if the imaginary part is meant to be dropped")
    if not (np.issubdtype(A.dtype, np.number) or A.dtype == bool):
        raise TypeError(f"{name} must be a 2-D array of numbers, got dtype {A.dtype}")
    if A.ndim == 1 and n_features is not None and A.shape[0] == n_features:
        A = A[None, :]  # a single sample is accepted and treated as a batch of one
    if A.ndim != 2:
        raise ValueError(f"{name} must be 2-D (n_samples, n_features), got shape {A.shape}")
    if A.shape[0] == 0:
        raise ValueError(f"{name} is empty: it has 0 samples")
    if n_features is not None and A.shape[1] != n_features:
        raise ValueError(f"{name} must have {n_features} columns, got shape {A.shape}")
    return check_array(A, name)  # float64, finite


def check_layer_sizes(layer_sizes, name="layer_sizes"):
    """Return ``layer_sizes`` as a list of ints [n_in, ..., n_out], or raise naming the problem."""
    if (isinstance(layer_sizes, (str, bytes, dict, set, frozenset))
            or not hasattr(layer_sizes, "__len__")):
        raise TypeError(f"{name} must be a list of whole numbers, got {layer_sizes!r}")
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(f"{name} needs at least an input and an output size, got {sizes}")
    for size in sizes:
        if isinstance(size, (bool, np.bool_)) or not isinstance(size, (int, np.integer)):
            raise TypeError(f"{name} must hold whole numbers, got {size!r} in {sizes}")
        if size < 1:
            raise ValueError(f"every layer needs at least 1 unit, got {name} {sizes}")
    sizes = [int(s) for s in sizes]
    n_params = sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))
    if n_params > MAX_PARAMS:
        raise ValueError(f"{name} {sizes} means {n_params:,} parameters "
                         f"({n_params * 8 / 1e9:,.1f} GB); this numpy core is for small "
                         f"networks: at most {MAX_PARAMS:,}")
    return sizes


def _check_activations(params, activations):
    """Cheap structural check (the training loop calls it every step): one name per layer."""
    if isinstance(activations, str) or len(activations) != len(params):
        raise ValueError(f"activations must list one name per layer ({len(params)}), "
                         f"got {activations!r}")


def _shape_error(params, X, exc):
    """Turn numpy's matmul complaint into one naming the layer whose width does not match."""
    width = np.shape(X)[-1] if np.ndim(X) else None
    for i, (W, b) in enumerate(params):
        W_shape, b_shape = np.shape(W), np.shape(b)
        if len(W_shape) != 2 or b_shape != (W_shape[-1],):
            return ValueError(f"params[{i}] must be (W (n_in, n_out), b (n_out,)), got shapes "
                              f"{W_shape} and {b_shape}")
        if width != W_shape[0]:
            what = "X has" if i == 0 else f"layer {i - 1} gives"
            return ValueError(f"{what} {width} columns but params[{i}] W expects "
                              f"{W_shape[0]} (shape {W_shape})")
        width = W_shape[1]
    return exc


def _apply(name, Z):
    if name == "sigmoid":
        # scipy's expit never overflows (unlike 1 / (1 + exp(-Z)) for Z << 0) and is one
        # call, twice as fast here as the tanh form.
        return expit(Z)
    if name == "tanh":
        return np.tanh(Z)
    if name == "relu":
        return np.maximum(Z, 0.0)
    if name == "linear":
        return Z
    raise ValueError(f"activation must be one of {ACTIVATIONS}, got {name!r}")


def _derivative(name, A):
    """f'(Z) written in terms of the layer's output A = f(Z), so the backward pass needs no Z."""
    if name == "sigmoid":
        return A * (1.0 - A)
    if name == "tanh":
        return 1.0 - A * A
    if name == "relu":
        return (A > 0.0).astype(A.dtype)
    if name == "linear":
        return None  # the derivative is 1, nothing to multiply
    raise ValueError(f"activation must be one of {ACTIVATIONS}, got {name!r}")


def init_params(layer_sizes, rng):
    """Glorot-uniform weights and zero biases for ``layer_sizes`` = [n_in, ..., n_out]."""
    layer_sizes = check_layer_sizes(layer_sizes)
    check_rng(rng)
    params = []
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        limit = np.sqrt(6.0 / (n_in + n_out))
        params.append((rng.uniform(-limit, limit, size=(n_in, n_out)), np.zeros(n_out)))
    return params


def forward_all(params, X, activations):
    """Activations of every layer: a list [X, A_1, ..., A_L], each (n_samples, n_units)."""
    _check_activations(params, activations)
    outputs = [X]
    A = X
    try:
        for (W, b), name in zip(params, activations):
            A = _apply(name, A @ W + b)
            outputs.append(A)
    except (ValueError, TypeError) as exc:
        raise _shape_error(params, X, exc) from None
    return outputs


def forward(params, X, activations):
    """The network's output for X: (n_samples, n_in) -> (n_samples, n_out)."""
    _check_activations(params, activations)
    A = X
    try:
        for (W, b), name in zip(params, activations):
            A = _apply(name, A @ W + b)
    except (ValueError, TypeError) as exc:
        raise _shape_error(params, X, exc) from None
    return A


def loss_value(Y_hat, Y, loss, check=True):
    """The loss of predictions Y_hat against targets Y, both (n_samples, n_out).

    sse: sum of squared errors over every sample and pixel (the original assignment's error);
    mse: the mean of the squared errors; bce: binary cross-entropy summed over every sample
    and pixel, in nats (targets and predictions in [0, 1]). ``check`` verifies the shapes and,
    for bce, that the targets lie in [0, 1]; the training loops check once and pass False.
    """
    if check:
        _check_targets(Y_hat, Y, loss)
    if loss == "sse":
        D = Y_hat - Y
        return float(np.vdot(D, D))
    if loss == "mse":
        D = Y_hat - Y
        return float(np.vdot(D, D)) / D.size
    if loss != "bce":
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    P = np.clip(Y_hat, _EPS, 1.0 - _EPS)
    return float(-np.sum(Y * np.log(P) + (1.0 - Y) * np.log(1.0 - P)))


def _check_targets(Y_hat, Y, loss):
    check_loss(loss)
    if np.shape(Y_hat) != np.shape(Y):
        raise ValueError(f"Y_hat and Y must have the same shape, got {np.shape(Y_hat)} and "
                         f"{np.shape(Y)}")
    if loss == "bce" and np.size(Y) and (np.min(Y) < 0.0 or np.max(Y) > 1.0):
        raise ValueError(f"loss='bce' needs targets Y in [0, 1] (it is a cross-entropy of "
                         f"probabilities), got values in [{np.min(Y):g}, {np.max(Y):g}]")


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
    elif loss == "mse":
        dY = (2.0 / Y_hat.size) * (Y_hat - Y)
    else:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    d = _derivative(output_activation, Y_hat)
    return dY if d is None else dY * d


def backward(params, outputs, Y, activations, loss="sse", out=None):
    """The gradient [(dW, db), ...] from the stored layer outputs of ``forward_all``.

    The chain rule, layer by layer: delta_L = dLoss/dZ_L, dW_l = A_{l-1}^T delta_l,
    db_l = sum over samples of delta_l, delta_{l-1} = (delta_l W_l^T) * f'(Z_{l-1}).
    ``out``, a list of (dW, db) arrays shaped like ``params`` (e.g. views into one flat
    vector), receives the gradient in place; the training loop uses it to skip a copy.
    """
    _check_activations(params, activations)
    if len(outputs) != len(params) + 1:
        raise ValueError(f"outputs must be forward_all's list of {len(params) + 1} arrays, "
                         f"got {len(outputs)}")
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
    _check_params(params)
    return [(W.shape, b.shape) for W, b in params]


def pack(params):
    """Flatten a list of (W, b) into one float64 vector (W row-major, then b, layer by layer)."""
    _check_params(params)
    return np.concatenate([np.concatenate([W.ravel(), b.ravel()]) for W, b in params])


def _check_params(params):
    if isinstance(params, (str, bytes, np.ndarray)) or not hasattr(params, "__len__"):
        raise TypeError(f"params must be a list of (W, b) pairs, got {type(params).__name__}")
    if not len(params):
        raise ValueError("params is empty: a network has at least one (W, b) layer")
    for i, layer in enumerate(params):
        if not isinstance(layer, (tuple, list)) or len(layer) != 2:
            raise TypeError(f"params[{i}] must be a (W, b) pair, got {type(layer).__name__}")
        W, b = layer
        if not (isinstance(W, np.ndarray) and isinstance(b, np.ndarray)):
            raise TypeError(f"params[{i}] must hold numpy arrays, got {type(W).__name__} "
                            f"and {type(b).__name__}")


def unpack(theta, shapes):
    """Inverse of ``pack``: a flat vector and ``param_shapes`` back to a list of (W, b)."""
    if np.iscomplexobj(theta):
        raise TypeError("theta must hold real numbers, got complex values")
    try:
        theta = np.asarray(theta, dtype=np.float64)
        expected = sum(int(np.prod(sw)) + int(np.prod(sb)) for sw, sb in shapes)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"unpack needs theta, a vector of numbers, and shapes, param_shapes' "
                        f"list of (W shape, b shape): {exc}") from None
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
