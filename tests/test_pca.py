"""Tests of tplib.pca: PCA against a direct least-squares check, fixed signs, and its angle."""

import numpy as np
import pytest

import tplib
from tplib.datasets import load_font
from tplib.pca import PCA, subspace_angle


def _data(n=40, d=6, seed=0):
    rng = np.random.default_rng(seed)
    # Decreasing variances, so the components are well separated.
    return rng.normal(size=(n, d)) * np.array([5.0, 3.0, 2.0, 1.0, 0.5, 0.2]) + 1.0


def test_components_are_orthonormal_and_explain_most_variance_first():
    X = _data()
    pca = PCA(3).fit(X)
    assert np.allclose(pca.components @ pca.components.T, np.eye(3), atol=1e-12)
    ratios = pca.explained_variance_ratio
    assert np.all(np.diff(ratios) <= 0) and 0 < ratios.sum() < 1
    full = PCA(6).fit(X)
    assert full.explained_variance_ratio.sum() == pytest.approx(1.0)
    assert np.allclose(full.predict(X), X)  # all components: nothing is lost
    assert full.loss_value(X) == pytest.approx(0.0, abs=1e-18 * X.size + 1e-20)


def test_projection_is_the_least_squares_optimum_of_its_rank():
    """No other rank-2 affine reconstruction (here: random subspaces) has a smaller error."""
    X = _data()
    pca = PCA(2).fit(X)
    best = pca.loss_value(X)
    rng = np.random.default_rng(1)
    for _ in range(50):
        Q = np.linalg.qr(rng.normal(size=(6, 2)))[0]
        centred = X - X.mean(axis=0)
        other = X.mean(axis=0) + centred @ Q @ Q.T
        assert np.sum((other - X) ** 2) >= best - 1e-9
    # The discarded variance is exactly the error: the squared singular values left out.
    S = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    assert best == pytest.approx(np.sum(S[2:] ** 2))


def test_encode_decode_shapes_and_fixed_signs():
    X = _data()
    pca = PCA(2).fit(X)
    Z = pca.encode(X)
    assert Z.shape == (40, 2) and pca.decode(Z).shape == (40, 6)
    assert np.allclose(Z.mean(axis=0), 0.0)
    # Each component's largest entry (in absolute value) is positive, whatever the SVD gave.
    for row in pca.components:
        assert row[np.argmax(np.abs(row))] > 0
    flipped = PCA(2).fit(X * np.array([-1, 1, 1, 1, 1, 1]))
    assert np.allclose(np.abs(flipped.components), np.abs(pca.components))


def test_pixel_errors_threshold_the_reconstruction():
    X, _ = load_font(2)
    pca = PCA(2).fit(X)
    wrong = pca.pixel_errors(X)
    assert wrong.shape == (32,)
    assert wrong.sum() == np.sum((pca.predict(X) > 0.5) != (X > 0.5))
    assert PCA(31).fit(X).pixel_errors(X).sum() == 0  # 32 glyphs span 31 centred directions


def test_a_trained_linear_autoencoder_lands_on_pca():
    """Baldi & Hornik (1989): a linear 2-unit code trained on squared error spans PCA's plane."""
    X, _ = load_font(2)
    pca = PCA(2).fit(X)
    model = tplib.Autoencoder([35, 2, 35], activation="linear",
                              output_activation="linear", seed=0)
    model.fit(X, optimizer=tplib.Adam(lr=0.01), epochs=2000)
    assert model.loss_value(X) == pytest.approx(pca.loss_value(X), rel=1e-3)
    assert subspace_angle(model.params[1][0], pca.components) < 1.0


def test_subspace_angle():
    e = np.eye(4)
    assert subspace_angle(e[:2], e[:2] * 3 + 0) == pytest.approx(0.0, abs=1e-6)
    assert subspace_angle(e[:2], np.array([e[0] + e[1], e[0] - e[1]])) == pytest.approx(
        0.0, abs=1e-6)
    assert subspace_angle(e[:2], e[2:]) == pytest.approx(90.0)
    tilted = np.array([e[0], np.cos(0.3) * e[1] + np.sin(0.3) * e[2]])
    assert subspace_angle(e[:2], tilted) == pytest.approx(np.degrees(0.3))
    with pytest.raises(ValueError, match="linearly independent"):
        subspace_angle(np.array([e[0], 2 * e[0]]), e[:2])
    with pytest.raises(ValueError, match="columns"):
        subspace_angle(e[:2], np.eye(3)[:2])


def test_bad_arguments_are_refused_by_name():
    with pytest.raises(ValueError, match="n_components"):
        PCA(0)
    with pytest.raises(TypeError, match="n_components"):
        PCA(2.0)
    with pytest.raises(ValueError, match="not fitted"):
        PCA(2).encode(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="n_components must be at most"):
        PCA(5).fit(np.zeros((10, 4)))
    with pytest.raises(ValueError, match="X"):
        PCA(2).fit(np.zeros((2, 4)))  # needs n_components + 1 rows
    pca = PCA(2).fit(_data())
    with pytest.raises(ValueError, match="Z"):
        pca.decode(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="X"):
        pca.encode(np.zeros((3, 5)))
    assert "fitted" in repr(pca) and "not fitted" in repr(PCA(2))
