"""Tests of tplib.denoising: subset search, noisy training, success rates, nearest-glyph ceiling."""

from functools import partial

import numpy as np
import pytest

from tplib import Autoencoder, Adam, denoising as dn, noise
from tplib.datasets import load_font

X, LABELS = load_font()


class Identity:
    """A perfect 'denoiser' for clean inputs: it returns its input unchanged."""

    layer_sizes = [35, 35]

    def predict(self, X):
        return np.asarray(X, dtype=float)

    def pixel_errors(self, X, Y):
        return ((np.asarray(X) > 0.5) != (np.asarray(Y) > 0.5)).sum(axis=1)


def test_random_subsets_sizes_distinct_and_reproducible():
    subsets = dn.random_subsets(32, (5, 7), 3, np.random.default_rng(1))
    assert [size for size, _ in subsets] == [5, 5, 5, 7, 7, 7]
    for size, idx in subsets:
        assert len(np.unique(idx)) == size and idx.max() < 32
    again = dn.random_subsets(32, (5, 7), 3, np.random.default_rng(1))
    assert all(np.array_equal(a, b) for (_, a), (_, b) in zip(subsets, again))
    with pytest.raises(ValueError, match="cannot be drawn"):
        dn.random_subsets(4, (5,), 1, np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng"):
        dn.random_subsets(32, (5,), 1, 0)


def test_subset_losses_shapes_and_small_subset_learns():
    losses, worst = dn.subset_losses(X, [[1, 2], [3, 4, 5]], epochs=300, lr=0.01)
    assert losses.shape == worst.shape == (2,)
    assert worst[0] == 0  # two glyphs are easy


def test_success_rate_of_identity_is_the_chance_of_at_most_one_flip():
    # An identity map is wrong exactly where the noise flipped: P(at most 1 of 35 flips).
    p = 0.02
    expected = (1 - p) ** 35 + 35 * p * (1 - p) ** 34
    rate = dn.success_rate(Identity(), X, p, 200, np.random.default_rng(0))
    assert abs(rate - expected) < 0.02
    assert dn.success_rate(Identity(), X, 0.0, 2, np.random.default_rng(0)) == 1.0


def test_nearest_glyph_is_perfect_without_noise_and_splits_ties():
    index = np.arange(32)
    assert dn.nearest_glyph_success(X, X, index) == 1.0
    # Two identical glyphs: the nearest one is a coin flip between them.
    twins = np.array([[1.0] * 35, [1.0] * 35])
    assert dn.nearest_glyph_success(twins, twins, np.array([0, 1])) == 0.5


def test_per_glyph_loss_averages_over_copies():
    X_noisy, Y_clean, index = noise.noisy_copies(X[:3], 4, 0.0, np.random.default_rng(0))
    assert np.allclose(dn.per_glyph_loss(Identity(), X_noisy, Y_clean, index, 3), 0.0)
    flipped = 1.0 - Y_clean
    assert np.allclose(dn.per_glyph_loss(Identity(), flipped, Y_clean, index, 3), 35.0)


def test_fit_fresh_noise_lowers_the_loss_and_is_reproducible():
    def run():
        model = Autoencoder([35, 10, 35], loss="bce", seed=0)
        losses = dn.fit_fresh_noise(model, X[:4], 0.05, 200, Adam(0.01), np.random.default_rng(0))
        return model, losses

    (m1, l1), (m2, l2) = run(), run()
    assert l1.shape == (200,) and l1[-20:].mean() < l1[:20].mean()
    assert np.array_equal(l1, l2)
    assert all(np.array_equal(a, b) for (a, _), (b, _) in zip(m1.params, m2.params))
    with pytest.raises(TypeError, match="optimizer"):
        dn.fit_fresh_noise(m1, X[:4], 0.05, 10, "adam", np.random.default_rng(0))
    with pytest.raises(ValueError, match="p must"):
        dn.fit_fresh_noise(m1, X[:4], 1.5, 10, Adam(), np.random.default_rng(0))


def test_noise_level_runs_shapes():
    out = dn.noise_level_runs(X[:3], [0.0, 0.1], seed=0, epochs=50)
    assert out["train_loss"].shape == out["test_loss"].shape == (2, 3)
    assert out["success"].shape == (2,) and out["history"].shape == (2, 50)
    assert len(out["models"]) == len(out["train_sets"]) == 2
    assert out["train_sets"][1][0].shape == (9, 35)


def test_success_curves_shapes_ceiling_and_determinism():
    trainers = {"identity": lambda X, seed: Identity(),
                "tiny": partial(dn.train_noisy_copies, p=0.1, epochs=20)}
    ps = [0.0, 0.1, 0.3]
    r1, models = dn.success_curves(X, trainers, ps, seeds=[0, 1], n_copies=3, return_models=True)
    r2 = dn.success_curves(X, trainers, ps, seeds=[0, 1], n_copies=3)
    assert set(r1) == {"identity", "tiny", "nearest glyph"}
    assert all(v.shape == (2, 3) for v in r1.values())
    assert all(np.array_equal(r1[k], r2[k]) for k in r1)
    assert np.all(r1["identity"][:, 0] == 1.0) and np.all(r1["nearest glyph"][:, 0] == 1.0)
    # The nearest-glyph decoder is the ceiling: at least as good as doing nothing.
    assert np.all(r1["nearest glyph"] >= r1["identity"] - 1e-12)
    assert len(models["tiny"]) == 2
    with pytest.raises(ValueError, match="ps entry"):
        dn.success_curves(X, trainers, [0.5, -1.0], seeds=[0])


def test_first_per_glyph_keeps_the_first_row_of_each_glyph_in_order():
    index = np.array([0, 0, 1, 1, 2, 2])
    order = np.array([1, 0, 3, 5, 2, 4])  # glyphs 0, 0, 1, 2, 1, 2
    assert dn.first_per_glyph(order, index).tolist() == [1, 3, 5]
    assert dn.first_per_glyph(order, index, n=2).tolist() == [1, 3]
    assert dn.first_per_glyph(order[::-1], index).tolist() == [4, 2, 0]
    with pytest.raises(ValueError, match="order"):
        dn.first_per_glyph(np.array([0, 6]), index)
    with pytest.raises(TypeError, match="order"):
        dn.first_per_glyph(np.array([0.5, 1.0]), index)
    with pytest.raises(ValueError, match="n must"):
        dn.first_per_glyph(order, index, n=0)


def test_classify_outputs_tells_right_other_glyph_and_blend_apart():
    glyphs = X[:2]
    blend = np.where(glyphs[0] != glyphs[1], 0.5, glyphs[0])  # grey wherever they differ
    one_off = glyphs[0].copy()
    one_off[0] = 1 - one_off[0]
    denoised = np.array([one_off, glyphs[1], blend])
    out = dn.classify_outputs(denoised, glyphs, np.array([0, 0, 1]))
    assert out["failed"].tolist() == [False, True, True]
    assert out["other_glyph"].tolist() == [False, True, False]
    assert out["grey"].tolist() == [0, 0, int((glyphs[0] != glyphs[1]).sum())]
    strict = dn.classify_outputs(denoised, glyphs, np.array([0, 0, 1]), max_wrong=0)
    assert strict["failed"].tolist() == [True, True, True]
    with pytest.raises(ValueError, match="index"):
        dn.classify_outputs(denoised, glyphs, np.array([0, 0, 2]))
    with pytest.raises(ValueError, match="share d"):
        dn.classify_outputs(denoised[:, :30], glyphs, np.array([0, 0, 1]))
    with pytest.raises(ValueError, match="grey"):
        dn.classify_outputs(denoised, glyphs, np.array([0, 0, 1]), grey=(0.8, 0.2))
    with pytest.raises(TypeError, match="max_wrong"):
        dn.classify_outputs(denoised, glyphs, np.array([0, 0, 1]), max_wrong=1.5)


def test_nearest_is_own_needs_a_strictly_closer_reference_of_the_same_label():
    references = np.array([[0.0, 0.0], [1.0, 0.0], [5.0, 5.0]])
    reference_labels = np.array([0, 0, 1])
    points = np.array([[0.2, 0.0], [4.0, 4.0], [4.0, 4.0], [3.0, 2.5]])
    out = dn.nearest_is_own(points, np.array([0, 1, 0, 2]), references, reference_labels)
    assert out.tolist() == [True, True, False, False]
    # A tie between an own and another reference is not "own".
    tie = dn.nearest_is_own(np.array([[0.5, 0.0]]), np.array([0]),
                            np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([0, 1]))
    assert tie.tolist() == [False]
    with pytest.raises(ValueError, match="share k"):
        dn.nearest_is_own(points[:, :1], np.zeros(4), references, reference_labels)
    with pytest.raises(ValueError, match="reference_labels"):
        dn.nearest_is_own(points, np.zeros(4), references, np.zeros(2))
    with pytest.raises(ValueError, match="labels must"):
        dn.nearest_is_own(points, np.zeros(3), references, reference_labels)


def test_code_clusters_tells_tight_copies_and_clean_codes_off_to_one_side():
    codes = np.array([[0.0, 0.0], [0.2, 0.0], [5.0, 5.0], [5.0, 9.0]])
    index = np.array([0, 0, 1, 1])
    clean = np.array([[0.1, 0.0], [9.0, 7.0]])
    tight, off_side = dn.code_clusters(codes, index, clean)
    # glyph 1's copies are 4 apart but only ~6.4 from glyph 0: still tight
    assert tight.tolist() == [True, True]
    assert off_side.tolist() == [False, True]
    far = np.array([[0.0, 0.0], [6.0, 0.0], [3.0, 1.0], [9.0, 1.0]])
    tight, _ = dn.code_clusters(far, index, clean)
    assert tight.tolist() == [False, False]


def test_code_clusters_rejects_bad_shapes_and_glyphs_without_copies():
    codes, clean = np.zeros((4, 2)), np.zeros((2, 2))
    with pytest.raises(ValueError, match="clean_codes"):
        dn.code_clusters(codes, [0, 0, 1, 1], np.zeros((2, 3)))
    with pytest.raises(ValueError, match="index"):
        dn.code_clusters(codes, [0, 1], clean)
    with pytest.raises(ValueError, match="at least"):
        dn.code_clusters(codes, [0, 0, 0, 0], clean)


def test_shape_checks_name_both_arrays():
    with pytest.raises(ValueError, match=r"denoised \(n, d\) and glyphs \(g, d\) must share d"):
        dn.classify_outputs(np.zeros(35), X[:2], np.array([0]))
    with pytest.raises(ValueError, match=r"references \(m >= 1, k\)"):
        dn.nearest_is_own(np.zeros((2, 3)), np.zeros(2), np.zeros((0, 3)), np.zeros(0))
    with pytest.raises(ValueError, match=r"codes \(m, k\) and clean_codes \(n, k\)"):
        dn.code_clusters(np.zeros((4, 2, 1)), [0, 0, 1, 1], np.zeros((2, 2)))


def test_range_text_collapses_equal_values_and_checks_arguments():
    assert dn.range_text([3, 1, 2]) == "1 to 3"
    assert dn.range_text(np.array([0.251, 0.249]), "{:.0%}") == "25%"
    assert dn.range_text((v for v in [0.2, 0.3]), "{:.1f}") == "0.2 to 0.3"
    with pytest.raises(ValueError, match="values"):
        dn.range_text([])
    with pytest.raises(TypeError, match="fmt"):
        dn.range_text([1], fmt=None)


def test_corruption_panels_share_the_random_numbers():
    x = X[1]
    models = {"flip": noise.flip, "salt": noise.salt, "pepper": noise.pepper}
    rows, titles, changed = dn.corruption_panels(x, models, (0.1, 0.3), seed=4)
    assert rows.shape == (9, 35) and len(titles) == 9
    assert np.array_equal(rows[0], x) and titles[0] == "clean"
    assert titles[1] == f"flip p=0.1\n{changed['flip'][0]} px changed"
    assert np.array_equal(rows[1], noise.flip(x[None], 0.1, np.random.default_rng(4))[0])
    # the same random numbers: salt and pepper split the flips between them
    assert np.array_equal(np.add(changed["salt"], changed["pepper"]), changed["flip"])
    with pytest.raises(ValueError, match="x must"):
        dn.corruption_panels(X[:2], models, (0.1,), seed=0)
    with pytest.raises(TypeError, match="corruptions"):
        dn.corruption_panels(x, {"flip": 0.1}, (0.1,), seed=0)
    with pytest.raises(ValueError, match="levels"):
        dn.corruption_panels(x, models, (), seed=0)


def test_subset_table_one_line_per_subset():
    text = dn.subset_table([" 2 glyphs", "best"], [[0, 1], np.array([2])], [0.5, 1.25],
                           [0, 3], ["A", "B", "C"])
    assert text.splitlines() == [
        f" 2 glyphs  {'A B':20}  loss/glyph 0.500  worst 0 px",
        f"best  {'C':20}  loss/glyph 1.250  worst 3 px"]
    with pytest.raises(ValueError, match="one entry per subset"):
        dn.subset_table(["a"], [[0], [1]], [0.1], [0], ["A", "B"])


def test_training_copies_success_redraws_the_training_copies():
    model = dn.train_noisy_copies(X[:4], seed=3, p=0.1, epochs=20)
    X_noisy, Y_clean, _ = noise.noisy_copies(X[:4], 3, 0.1, np.random.default_rng([3, 1]))
    expected = np.mean(model.pixel_errors(X_noisy, Y_clean) <= 1)
    assert dn.training_copies_success([model], X[:4], [3], 0.1) == [expected]
    assert dn.training_copies_success([Identity()], X[:4], [0], 0.0) == [1.0]
    with pytest.raises(ValueError, match="pair up"):
        dn.training_copies_success([model], X[:4], [0, 1], 0.1)


def test_success_by_corruption_matches_success_rate_per_model():
    models = {"flip": noise.flip, "salt": noise.salt}
    out = dn.success_by_corruption([Identity(), Identity()], X, 0.05, 4, models, [0, 6])
    assert list(out) == ["flip", "salt"] and all(len(v) == 2 for v in out.values())
    expected = dn.success_rate(Identity(), X, 0.05, 4, np.random.default_rng([0, 6]),
                               corrupt=noise.salt)
    assert out["salt"] == [expected, expected]
    with pytest.raises(TypeError, match="corruptions"):
        dn.success_by_corruption([Identity()], X, 0.05, 4, [noise.flip], 0)
    with pytest.raises(ValueError, match="models"):
        dn.success_by_corruption([], X, 0.05, 4, models, 0)


# ---------------------------------------------------------------------------------------------
# Bad input: refused up front, by name (issue 12)

AE = Autoencoder([35, 4, 2, 4, 35], seed=0)
RNG = np.random.default_rng


@pytest.mark.parametrize("call, error, match", [
    (lambda: dn.random_subsets(32, 5, 1, RNG(0)), TypeError, "sizes"),
    (lambda: dn.random_subsets(32, [], 1, RNG(0)), ValueError, "sizes"),
    (lambda: dn.subset_losses(3.0, [[0, 1]], epochs=2), ValueError, "X must"),
    (lambda: dn.subset_losses(X + 1j, [[0, 1]], epochs=2), TypeError, "X must hold real"),
    (lambda: dn.subset_losses(X, [[0, 99]], epochs=2), ValueError, r"subsets\[0\]"),
    (lambda: dn.subset_losses(X, [0, 1], epochs=2), ValueError, r"subsets\[0\]"),
    (lambda: dn.subset_losses(X, [[0.5, 1.5]], epochs=2), ValueError, r"subsets\[0\]"),
    (lambda: dn.subset_losses(X, 3, epochs=2), TypeError, "subsets"),
    (lambda: dn.subset_losses(X, [[0, 1]], epochs=10**12), ValueError, "epochs"),
    (lambda: dn.subset_losses(X, [[0, 1]], epochs=2, lr=np.inf), ValueError, "lr"),
    (lambda: dn.subset_losses(X, [[0, 1]], epochs=2, lr="0.1"), TypeError, "lr"),
    (lambda: dn.train_plain((X * 255).astype(np.uint8), 0, max_epochs=2), ValueError, "255"),
    (lambda: dn.train_plain(X, -1, max_epochs=2), ValueError, "seed"),
    (lambda: dn.train_noisy_copies(X, -1, 0.1, epochs=2), ValueError, "seed"),
    (lambda: dn.train_noisy_copies(X, None, 0.1, epochs=2), TypeError, "seed"),
    (lambda: dn.train_noisy_copies(X, "0", 0.1, epochs=2), TypeError, "seed"),
    (lambda: dn.train_noisy_copies(X, 0, 0.1, epochs=10**12), ValueError, "epochs"),
    (lambda: dn.train_fresh_noise(X, 0, 0.1, epochs=True), TypeError, "epochs"),
    (lambda: dn.noise_level_runs(X, 0.1, 0, epochs=2), TypeError, "ps"),
    (lambda: dn.noise_level_runs(3.0, [0.1], 0, epochs=2), ValueError, "X must"),
    (lambda: dn.noise_level_runs(X, [0.1], 0, n_test=10**12, epochs=2), ValueError, "n_test"),
    (lambda: dn.fit_fresh_noise(None, X, 0.1, 2, Adam(0.01), RNG(0)), TypeError, "model"),
    (lambda: dn.fit_fresh_noise(AE, X, 0.1, 10**12, Adam(0.01), RNG(0)), ValueError, "epochs"),
    (lambda: dn.fit_fresh_noise(AE, X, 0.1, 2, Adam(0.01), 0), TypeError, "rng"),
    (lambda: dn.per_glyph_loss(AE, X, X, np.arange(32) + 0.5, 32), ValueError, "index"),
    (lambda: dn.per_glyph_loss(AE, X, X[:3], np.arange(32), 32), ValueError, "same shape"),
    (lambda: dn.success_rate(AE, X, 0.1, 10**12, RNG(0)), ValueError, "n_copies"),
    (lambda: dn.success_rate(AE, X, 0.1, 2, RNG(0), max_wrong=-1), ValueError, "max_wrong"),
    (lambda: dn.nearest_glyph_success(X, X, np.arange(31)), ValueError, "index"),
    (lambda: dn.nearest_glyph_success(X, X[:, :5], np.arange(32)), ValueError, "share d"),
    (lambda: dn.success_curves(X, {"a": lambda X, s: AE}, [0.1], -1), ValueError, "seeds"),
    (lambda: dn.success_curves(X, {"a": 3}, [0.1], [0]), TypeError, "trainers"),
    (lambda: dn.success_curves(X, {"a": lambda X, s: AE}, 0.1, [0]), TypeError, "ps"),
    (lambda: dn.corruption_panels(X[0] * 255, {"flip": noise.flip}, [0.1], 0), ValueError,
     "x must hold values <= 1"),
    (lambda: dn.corruption_panels(X[0], {"flip": noise.flip}, [0.1], -1), ValueError, "seed"),
    (lambda: dn.training_copies_success([AE], X, [-1], 0.1), ValueError, "seeds"),
    (lambda: dn.success_by_corruption([AE], X, 0.1, 2, {"flip": noise.flip}, -1), ValueError,
     "rng_seed"),
    (lambda: dn.success_by_corruption([AE], X, 0.1, 10**12, {"flip": noise.flip}, 0),
     ValueError, "n_copies"),
    (lambda: dn.per_glyph_loss(None, X, X, np.arange(32), 32), TypeError, "model"),
    (lambda: dn.per_glyph_loss(AE, X, X, np.arange(32), 10**12), ValueError, "n_glyphs"),
    (lambda: dn.success_rate("model", X, 0.1, 2, RNG(0)), TypeError, "model"),
    (lambda: dn.random_subsets(32, [2], 10**12, RNG(0)), ValueError, "n_per_size"),
    (lambda: dn.classify_outputs(X + 1j, X, np.arange(32)), TypeError, "denoised"),
    (lambda: dn.code_clusters(np.zeros((2, 2)), [0, 1], "ab"), TypeError, "clean_codes"),
    (lambda: dn.subset_table(["a"], [[0, 40]], [0.1], [1], list("AB")), ValueError,
     r"subsets\[0\]"),
    (lambda: dn.success_by_corruption([1, 2], X, 0.1, 2, {"flip": noise.flip}, 0), TypeError,
     "model"),
])
def test_bad_input_is_refused_by_name(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_seed_lists_and_fresh_seeds_still_work():
    # success_by_corruption takes a seed list for default_rng; subset_losses a None seed.
    rates = dn.success_by_corruption([Identity()], X, 0.0, 1, {"flip": noise.flip}, [0, 6])
    assert rates == {"flip": [1.0]}
    losses, worst = dn.subset_losses(X, [[0, 1]], epochs=2, seed=None)
    assert losses.shape == worst.shape == (1,)
