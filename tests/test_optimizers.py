"""Optimizers: their update rules on a hand example, and their argument checks."""

import numpy as np
import pytest

from tplib import Adam, Momentum


def test_momentum_update_rule():
    opt = Momentum(lr=0.1, alpha=0.5)
    theta, g = np.array([1.0, -1.0]), np.array([2.0, 4.0])
    opt.reset(2)
    opt.step(theta, g)  # v = -0.1 g
    np.testing.assert_allclose(theta, [0.8, -1.4])
    opt.step(theta, g)  # v = 0.5 v - 0.1 g
    np.testing.assert_allclose(theta, [0.8 - 0.3, -1.4 - 0.6])


def test_adam_first_step_moves_each_parameter_by_lr():
    # With bias correction, Adam's first step is lr * sign(g) (up to eps).
    opt = Adam(lr=0.01)
    theta = np.zeros(3)
    opt.reset(3)
    opt.step(theta, np.array([5.0, -0.1, 200.0]))
    np.testing.assert_allclose(theta, [-0.01, 0.01, -0.01], rtol=1e-4)


def test_adam_minimises_a_quadratic():
    opt, theta = Adam(lr=0.05), np.array([3.0, -2.0])
    opt.reset(2)
    for _ in range(2000):
        opt.step(theta, 2 * theta)
    np.testing.assert_allclose(theta, 0, atol=1e-3)


@pytest.mark.parametrize("make,exc,match", [
    (lambda: Momentum(lr=0), ValueError, r"lr must be in \(0, inf\), got 0"),
    (lambda: Momentum(lr=float("nan")), ValueError, "lr must be finite"),
    (lambda: Adam(eps=-1e-8), ValueError, r"eps must be in \(0, inf\)"),
    (lambda: Momentum(lr="0.1"), TypeError, "lr must be a number"),
    (lambda: Momentum(alpha=1.0), ValueError, r"alpha must be in \[0, 1\)"),
    (lambda: Momentum(alpha=-0.1), ValueError, "alpha must be in"),
    (lambda: Adam(beta1=1.0), ValueError, r"beta1 must be in \(0, 1\)"),
    (lambda: Adam(beta2=0), ValueError, "beta2 must be in"),
    (lambda: Adam(lr=True), TypeError, "lr must be a number"),
])
def test_bad_hyperparameters_are_named(make, exc, match):
    with pytest.raises(exc, match=match):
        make()
