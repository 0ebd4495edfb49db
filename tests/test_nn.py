"""The numerical core: gradients against finite differences, packing, stability."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tplib import nn

COMBINATIONS = [(act, out, loss)
                for act in nn.ACTIVATIONS
                for out in nn.ACTIVATIONS
                for loss in nn.LOSSES
                if loss != "bce" or out == "sigmoid"]


def numeric_grad(params, X, Y, acts, loss, eps=1e-6):
    shapes = nn.param_shapes(params)
    theta = nn.pack(params)
    g = np.zeros_like(theta)
    for i in range(theta.size):
        up, down = theta.copy(), theta.copy()
        up[i] += eps
        down[i] -= eps
        g[i] = (nn.loss_value(nn.forward(nn.unpack(up, shapes), X, acts), Y, loss)
                - nn.loss_value(nn.forward(nn.unpack(down, shapes), X, acts), Y, loss)) / (2 * eps)
    return g


@pytest.mark.parametrize("act,out,loss", COMBINATIONS)
@settings(max_examples=8, deadline=None)
@given(sizes=st.lists(st.integers(1, 5), min_size=2, max_size=4),
       n=st.integers(1, 4), seed=st.integers(0, 2**32 - 1))
def test_gradient_matches_central_differences(act, out, loss, sizes, n, seed):
    rng = np.random.default_rng(seed)
    params = nn.init_params(sizes, rng)
    # Non-zero biases so relu kinks are not all at the origin.
    params = [(W, rng.normal(0, 0.3, b.shape)) for W, b in params]
    X = rng.normal(size=(n, sizes[0]))
    Y = rng.uniform(size=(n, sizes[-1]))
    acts = [act] * (len(sizes) - 2) + [out]
    value, grads = nn.loss_and_grad(params, X, Y, acts, loss)
    assert value == pytest.approx(nn.loss_value(nn.forward(params, X, acts), Y, loss))
    exact = nn.pack(grads)
    approx = numeric_grad(params, X, Y, acts, loss)
    scale = max(1.0, np.abs(approx).max())
    np.testing.assert_allclose(exact, approx, rtol=1e-4, atol=1e-5 * scale)


def test_sigmoid_is_stable_for_huge_inputs():
    params = [(np.array([[1.0]]), np.array([0.0]))]
    out = nn.forward(params, np.array([[-1e4], [1e4]]), ["sigmoid"])
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(out.ravel(), [0.0, 1.0])


def test_bce_of_saturated_wrong_output_is_large_but_finite():
    value = nn.loss_value(np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]]), "bce")
    assert np.isfinite(value) and value > 50


def test_losses_on_a_hand_example():
    Y_hat, Y = np.array([[0.5, 1.0]]), np.array([[1.0, 1.0]])
    assert nn.loss_value(Y_hat, Y, "sse") == pytest.approx(0.25)
    assert nn.loss_value(Y_hat, Y, "mse") == pytest.approx(0.125)
    assert nn.loss_value(Y_hat, Y, "bce") == pytest.approx(np.log(2), rel=1e-9)


@given(sizes=st.lists(st.integers(1, 6), min_size=2, max_size=5), seed=st.integers(0, 1000))
def test_pack_unpack_round_trip_is_exact(sizes, seed):
    params = nn.init_params(sizes, np.random.default_rng(seed))
    params = [(W, b + seed) for W, b in params]
    back = nn.unpack(nn.pack(params), nn.param_shapes(params))
    for (W, b), (W2, b2) in zip(params, back):
        assert np.array_equal(W, W2) and np.array_equal(b, b2)


def test_unpack_rejects_a_vector_of_the_wrong_size():
    shapes = nn.param_shapes(nn.init_params([3, 2], np.random.default_rng(0)))
    with pytest.raises(ValueError, match="theta must be a vector of 8 values"):
        nn.unpack(np.zeros(7), shapes)


@pytest.mark.parametrize("bad,match", [
    ("sigmoidd", "activation must be one of"), (None, "activation must be one of")])
def test_unknown_activation(bad, match):
    with pytest.raises(ValueError, match=match):
        nn.check_activation(bad)


@pytest.mark.parametrize("X,exc,match", [
    (np.zeros((0, 3)), ValueError, "empty"),
    (np.zeros((2, 4)), ValueError, "must have 3 columns"),
    (np.zeros((2, 3, 1)), ValueError, "must be 2-D"),
    (np.array([[1.0, np.nan, 0.0]]), ValueError, "NaN or infinite"),
    (np.array([[1.0, np.inf, 0.0]]), ValueError, "NaN or infinite"),
    ("abc", TypeError, "2-D array of numbers"),
    ([["a", "b", "c"]], TypeError, "2-D array of numbers"),
])
def test_check_matrix_names_the_problem(X, exc, match):
    with pytest.raises(exc, match=match):
        nn.check_matrix(X, "X", 3)
