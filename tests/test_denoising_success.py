"""Tests of tplib.studies.denoising_success: success rates, the nearest-glyph ceiling, failures."""

from functools import partial

import numpy as np
import pytest

from identity_denoiser import Identity
from tplib import Autoencoder, noise
from tplib.datasets import load_font
from tplib.studies import denoising as dn
from tplib.studies import denoising_success as ds

X, LABELS = load_font()


def test_success_rate_of_identity_is_the_chance_of_at_most_one_flip():
    # An identity map is wrong exactly where the noise flipped: P(at most 1 of 35 flips).
    p = 0.02
    expected = (1 - p) ** 35 + 35 * p * (1 - p) ** 34
    rate = ds.success_rate(Identity(), X, p, 200, np.random.default_rng(0))
    assert abs(rate - expected) < 0.02
    assert ds.success_rate(Identity(), X, 0.0, 2, np.random.default_rng(0)) == 1.0


def test_nearest_glyph_is_perfect_without_noise_and_splits_ties():
    index = np.arange(32)
    assert ds.nearest_glyph_success(X, X, index) == 1.0
    # Two identical glyphs: the nearest one is a coin flip between them.
    twins = np.array([[1.0] * 35, [1.0] * 35])
    assert ds.nearest_glyph_success(twins, twins, np.array([0, 1])) == 0.5


def test_success_curves_shapes_ceiling_and_determinism():
    trainers = {"identity": lambda X, seed: Identity(),
                "tiny": partial(dn.train_noisy_copies, p=0.1, epochs=20)}
    ps = [0.0, 0.1, 0.3]
    r1, models = ds.success_curves(X, trainers, ps, seeds=[0, 1], n_copies=3, return_models=True)
    r2 = ds.success_curves(X, trainers, ps, seeds=[0, 1], n_copies=3)
    assert set(r1) == {"identity", "tiny", "nearest glyph"}
    assert all(v.shape == (2, 3) for v in r1.values())
    assert all(np.array_equal(r1[k], r2[k]) for k in r1)
    assert np.all(r1["identity"][:, 0] == 1.0) and np.all(r1["nearest glyph"][:, 0] == 1.0)
    # The nearest-glyph decoder is the ceiling: at least as good as doing nothing.
    assert np.all(r1["nearest glyph"] >= r1["identity"] - 1e-12)
    assert len(models["tiny"]) == 2
    with pytest.raises(ValueError, match="ps entry"):
        ds.success_curves(X, trainers, [0.5, -1.0], seeds=[0])


def test_first_per_glyph_keeps_the_first_row_of_each_glyph_in_order():
    index = np.array([0, 0, 1, 1, 2, 2])
    order = np.array([1, 0, 3, 5, 2, 4])  # glyphs 0, 0, 1, 2, 1, 2
    assert ds.first_per_glyph(order, index).tolist() == [1, 3, 5]
    assert ds.first_per_glyph(order, index, n=2).tolist() == [1, 3]
    assert ds.first_per_glyph(order[::-1], index).tolist() == [4, 2, 0]
    with pytest.raises(ValueError, match="order"):
        ds.first_per_glyph(np.array([0, 6]), index)
    with pytest.raises(TypeError, match="order"):
        ds.first_per_glyph(np.array([0.5, 1.0]), index)
    with pytest.raises(ValueError, match="n must"):
        ds.first_per_glyph(order, index, n=0)


def test_classify_outputs_tells_right_other_glyph_and_blend_apart():
    glyphs = X[:2]
    blend = np.where(glyphs[0] != glyphs[1], 0.5, glyphs[0])  # grey wherever they differ
    one_off = glyphs[0].copy()
    one_off[0] = 1 - one_off[0]
    denoised = np.array([one_off, glyphs[1], blend])
    out = ds.classify_outputs(denoised, glyphs, np.array([0, 0, 1]))
    assert out["failed"].tolist() == [False, True, True]
    assert out["other_glyph"].tolist() == [False, True, False]
    assert out["grey"].tolist() == [0, 0, int((glyphs[0] != glyphs[1]).sum())]
    strict = ds.classify_outputs(denoised, glyphs, np.array([0, 0, 1]), max_wrong=0)
    assert strict["failed"].tolist() == [True, True, True]
    with pytest.raises(ValueError, match="index"):
        ds.classify_outputs(denoised, glyphs, np.array([0, 0, 2]))
    with pytest.raises(ValueError, match="share d"):
        ds.classify_outputs(denoised[:, :30], glyphs, np.array([0, 0, 1]))
    with pytest.raises(ValueError, match="grey"):
        ds.classify_outputs(denoised, glyphs, np.array([0, 0, 1]), grey=(0.8, 0.2))
    with pytest.raises(TypeError, match="max_wrong"):
        ds.classify_outputs(denoised, glyphs, np.array([0, 0, 1]), max_wrong=1.5)


def test_nearest_is_own_needs_a_strictly_closer_reference_of_the_same_label():
    references = np.array([[0.0, 0.0], [1.0, 0.0], [5.0, 5.0]])
    reference_labels = np.array([0, 0, 1])
    points = np.array([[0.2, 0.0], [4.0, 4.0], [4.0, 4.0], [3.0, 2.5]])
    out = ds.nearest_is_own(points, np.array([0, 1, 0, 2]), references, reference_labels)
    assert out.tolist() == [True, True, False, False]
    # A tie between an own and another reference is not "own".
    tie = ds.nearest_is_own(np.array([[0.5, 0.0]]), np.array([0]),
                            np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([0, 1]))
    assert tie.tolist() == [False]
    with pytest.raises(ValueError, match="share k"):
        ds.nearest_is_own(points[:, :1], np.zeros(4), references, reference_labels)
    with pytest.raises(ValueError, match="reference_labels"):
        ds.nearest_is_own(points, np.zeros(4), references, np.zeros(2))
    with pytest.raises(ValueError, match="labels must"):
        ds.nearest_is_own(points, np.zeros(3), references, reference_labels)


def test_code_clusters_tells_tight_copies_and_clean_codes_off_to_one_side():
    codes = np.array([[0.0, 0.0], [0.2, 0.0], [5.0, 5.0], [5.0, 9.0]])
    index = np.array([0, 0, 1, 1])
    clean = np.array([[0.1, 0.0], [9.0, 7.0]])
    tight, off_side = ds.code_clusters(codes, index, clean)
    # glyph 1's copies are 4 apart but only ~6.4 from glyph 0: still tight
    assert tight.tolist() == [True, True]
    assert off_side.tolist() == [False, True]
    far = np.array([[0.0, 0.0], [6.0, 0.0], [3.0, 1.0], [9.0, 1.0]])
    tight, _ = ds.code_clusters(far, index, clean)
    assert tight.tolist() == [False, False]


def test_code_clusters_rejects_bad_shapes_and_glyphs_without_copies():
    codes, clean = np.zeros((4, 2)), np.zeros((2, 2))
    with pytest.raises(ValueError, match="clean_codes"):
        ds.code_clusters(codes, [0, 0, 1, 1], np.zeros((2, 3)))
    with pytest.raises(ValueError, match="index"):
        ds.code_clusters(codes, [0, 1], clean)
    with pytest.raises(ValueError, match="at least"):
        ds.code_clusters(codes, [0, 0, 0, 0], clean)


def test_shape_checks_name_both_arrays():
    with pytest.raises(ValueError, match=r"denoised \(n, d\) and glyphs \(g, d\) must share d"):
        ds.classify_outputs(np.zeros(35), X[:2], np.array([0]))
    with pytest.raises(ValueError, match=r"references \(m >= 1, k\)"):
        ds.nearest_is_own(np.zeros((2, 3)), np.zeros(2), np.zeros((0, 3)), np.zeros(0))
    with pytest.raises(ValueError, match=r"codes \(m, k\) and clean_codes \(n, k\)"):
        ds.code_clusters(np.zeros((4, 2, 1)), [0, 0, 1, 1], np.zeros((2, 2)))


def test_training_copies_success_redraws_the_training_copies():
    model = dn.train_noisy_copies(X[:4], seed=3, p=0.1, epochs=20)
    X_noisy, Y_clean, _ = noise.noisy_copies(X[:4], 3, 0.1, np.random.default_rng([3, 1]))
    expected = np.mean(model.pixel_errors(X_noisy, Y_clean) <= 1)
    assert ds.training_copies_success([model], X[:4], [3], 0.1) == [expected]
    assert ds.training_copies_success([Identity()], X[:4], [0], 0.0) == [1.0]
    with pytest.raises(ValueError, match="pair up"):
        ds.training_copies_success([model], X[:4], [0, 1], 0.1)


def test_success_by_corruption_matches_success_rate_per_model():
    models = {"flip": noise.flip, "salt": noise.salt}
    out = ds.success_by_corruption([Identity(), Identity()], X, 0.05, 4, models, [0, 6])
    assert list(out) == ["flip", "salt"] and all(len(v) == 2 for v in out.values())
    expected = ds.success_rate(Identity(), X, 0.05, 4, np.random.default_rng([0, 6]),
                               corrupt=noise.salt)
    assert out["salt"] == [expected, expected]
    with pytest.raises(TypeError, match="corruptions"):
        ds.success_by_corruption([Identity()], X, 0.05, 4, [noise.flip], 0)
    with pytest.raises(ValueError, match="models"):
        ds.success_by_corruption([], X, 0.05, 4, models, 0)


# ---------------------------------------------------------------------------------------------
# Bad input: refused up front, by name (issue 12)

AE = Autoencoder([35, 4, 2, 4, 35], seed=0)
RNG = np.random.default_rng

@pytest.mark.parametrize("call, error, match", [
    (lambda: ds.success_rate(AE, X, 0.1, 10**12, RNG(0)), ValueError, "n_copies"),
    (lambda: ds.success_rate(AE, X, 0.1, 2, RNG(0), max_wrong=-1), ValueError, "max_wrong"),
    (lambda: ds.nearest_glyph_success(X, X, np.arange(31)), ValueError, "index"),
    (lambda: ds.nearest_glyph_success(X, X[:, :5], np.arange(32)), ValueError, "share d"),
    (lambda: ds.success_curves(X, {"a": lambda X, s: AE}, [0.1], -1), ValueError, "seeds"),
    (lambda: ds.success_curves(X, {"a": 3}, [0.1], [0]), TypeError, "trainers"),
    (lambda: ds.success_curves(X, {"a": lambda X, s: AE}, 0.1, [0]), TypeError, "ps"),
    (lambda: ds.training_copies_success([AE], X, [-1], 0.1), ValueError, "seeds"),
    (lambda: ds.success_by_corruption([AE], X, 0.1, 2, {"flip": noise.flip}, -1), ValueError,
     "rng_seed"),
    (lambda: ds.success_by_corruption([AE], X, 0.1, 10**12, {"flip": noise.flip}, 0),
     ValueError, "n_copies"),
    (lambda: ds.success_rate("model", X, 0.1, 2, RNG(0)), TypeError, "model"),
    (lambda: ds.classify_outputs(X + 1j, X, np.arange(32)), TypeError, "denoised"),
    (lambda: ds.code_clusters(np.zeros((2, 2)), [0, 1], "ab"), TypeError, "clean_codes"),
    (lambda: ds.success_by_corruption([1, 2], X, 0.1, 2, {"flip": noise.flip}, 0), TypeError,
     "model"),
])
def test_bad_input_is_refused_by_name(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_seed_lists_still_work():
    # success_by_corruption takes a seed list for default_rng.
    rates = ds.success_by_corruption([Identity()], X, 0.0, 1, {"flip": noise.flip}, [0, 6])
    assert rates == {"flip": [1.0]}
