"""Tests of tplib.studies.linear_baseline: reconstruction scores and distance agreement."""

import numpy as np
import pytest

from tplib.datasets import load_font
from tplib.pca import PCA
from tplib.studies import linear_baseline


def test_scores_of_a_perfect_and_of_a_flipped_reconstruction():
    X, _ = load_font(2)
    exact = linear_baseline.reconstruction_scores(X, X)
    assert exact["sse"][0] == 0 and exact["wrong"][0] == 0 and exact["worst"][0] == 0
    assert exact["recognised"][0] == 32
    flipped = X.copy()
    flipped[0, :3] = 1 - flipped[0, :3]
    out = linear_baseline.reconstruction_scores(np.stack([X, flipped]), X)
    assert list(out["wrong"]) == [0, 3] and list(out["worst"]) == [0, 3]
    assert list(out["sse"]) == [0, 3]


def test_recognised_needs_strictly_nearer_own_glyph():
    X = np.array([[1, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 1]], dtype=float)
    # Row 0 rebuilt as [1, 0, 1, 0]: 2 pixels from itself, 1 from glyph 1 -> not recognised;
    # row 1 rebuilt as [1, 1, 0, 0]: a tie (1 from itself, 0 from glyph 0) -> not recognised.
    out = np.array([[1, 0, 1, 0], [1, 1, 0, 0], [0, 0, 1, 1]], dtype=float)
    assert linear_baseline.reconstruction_scores(out, X)["recognised"][0] == 1
    Y = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 1]], dtype=float)
    # Y's row 0 rebuilt as [1, 1, 0, 0]: 1 pixel from itself and from glyph 1, a tie.
    tie = np.array([[1, 1, 0, 0], [0, 1, 0, 0], [0, 0, 1, 1]], dtype=float)
    assert linear_baseline.reconstruction_scores(tie, Y)["recognised"][0] == 2


def test_outputs_outside_unit_interval_are_allowed():
    X, _ = load_font(2)
    pca = PCA(2).fit(X)
    scores = linear_baseline.model_scores(pca, X)
    assert scores["sse"][0] == pytest.approx(pca.loss_value(X))
    assert scores["wrong"][0] == pca.pixel_errors(X).sum()
    assert scores["worst"][0] == pca.pixel_errors(X).max()
    twice = linear_baseline.model_scores([pca, pca], X)
    assert twice["wrong"].shape == (2,)


def test_distance_agreement_matches_spearman():
    from scipy.stats import spearmanr
    X, _ = load_font(2)
    Z = np.random.default_rng(0).normal(size=(32, 2))
    upper = np.triu_indices(32, 1)
    gaps = np.linalg.norm(Z[:, None] - Z[None], axis=2)[upper]
    pixels = (X[:, None] != X[None]).sum(axis=2)[upper]
    ours = linear_baseline.distance_agreement(Z, X)
    assert ours.shape == (1,)
    assert ours[0] == pytest.approx(spearmanr(gaps, pixels).statistic, abs=1e-12)
    # Invariant to rotation, reflection and scale of the plane.
    R = np.array([[0.0, -2.0], [2.0, 0.0]])
    same = linear_baseline.distance_agreement(np.stack([Z, -Z @ R]), X)
    assert np.allclose(same, ours[0])


def test_closest_pairs_in_units_of_the_median_distance():
    Z = np.array([[0.0, 0.0], [0.1, 0.0], [4.0, 0.0], [4.0, 3.0]])
    pairs = linear_baseline.closest_pairs(Z, k=2)
    gaps = np.linalg.norm(Z[:, None] - Z[None], axis=2)[np.triu_indices(4, 1)]
    assert [(i, j) for i, j, _ in pairs] == [(0, 1), (2, 3)]
    assert pairs[0][2] == pytest.approx(0.1 / np.median(gaps))
    scaled = linear_baseline.closest_pairs(Z * 7, k=2)
    assert np.allclose(np.array(scaled), np.array(pairs))
    with pytest.raises(ValueError, match="k"):
        linear_baseline.closest_pairs(Z, k=7)
    with pytest.raises(ValueError, match="codes"):
        linear_baseline.closest_pairs(Z[:2])
    with pytest.raises(ValueError, match="coincide"):
        linear_baseline.closest_pairs(np.zeros((4, 2)))


def test_bad_arguments_are_refused_by_name():
    X, _ = load_font(2)
    with pytest.raises(ValueError, match="outputs"):
        linear_baseline.reconstruction_scores(np.zeros((31, 35)), X)
    with pytest.raises(ValueError, match="X"):
        linear_baseline.reconstruction_scores(X, X * 2)
    with pytest.raises(ValueError, match="codes"):
        linear_baseline.distance_agreement(np.zeros((31, 2)), X)
    with pytest.raises(TypeError, match="model"):
        linear_baseline.model_scores([object()], X)
    with pytest.raises(ValueError, match="models"):
        linear_baseline.model_scores([], X)
