"""Tests of tplib.studies.denoising: subset search, denoisers trained on noisy glyphs."""

import numpy as np
import pytest

from identity_denoiser import Identity
from tplib import Adam, Autoencoder, noise
from tplib.datasets import load_font
from tplib.studies import denoising as dn

X, LABELS = load_font()


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
    (lambda: dn.corruption_panels(X[0] * 255, {"flip": noise.flip}, [0.1], 0), ValueError,
     "x must hold values <= 1"),
    (lambda: dn.corruption_panels(X[0], {"flip": noise.flip}, [0.1], -1), ValueError, "seed"),
    (lambda: dn.per_glyph_loss(None, X, X, np.arange(32), 32), TypeError, "model"),
    (lambda: dn.per_glyph_loss(AE, X, X, np.arange(32), 10**12), ValueError, "n_glyphs"),
    (lambda: dn.random_subsets(32, [2], 10**12, RNG(0)), ValueError, "n_per_size"),
])
def test_bad_input_is_refused_by_name(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_a_fresh_seed_still_works():
    # subset_losses takes a None seed: a fresh random start.
    losses, worst = dn.subset_losses(X, [[0, 1]], epochs=2, seed=None)
    assert losses.shape == worst.shape == (1,)
