"""Tests of tplib.noise: the corruption models of the denoising chapter."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tplib import noise

X = (np.random.default_rng(0).random((32, 35)) < 0.4).astype(float)


def rng(seed=0):
    return np.random.default_rng(seed)


@pytest.mark.parametrize("corrupt", [noise.flip, noise.salt, noise.pepper])
def test_p_zero_is_identity_and_input_untouched(corrupt):
    before = X.copy()
    assert np.array_equal(corrupt(X, 0.0, rng()), X)
    assert np.array_equal(X, before)


def test_flip_p_one_inverts_every_pixel():
    assert np.array_equal(noise.flip(X, 1.0, rng()), 1.0 - X)


def test_salt_and_pepper_only_turn_pixels_on_or_off():
    assert np.all(noise.salt(X, 0.5, rng()) >= X)
    assert np.all(noise.pepper(X, 0.5, rng()) <= X)
    assert np.all(noise.salt(X, 1.0, rng()) == 1.0)
    assert np.all(noise.pepper(X, 1.0, rng()) == 0.0)


def test_flip_rate_matches_p():
    big = np.zeros((2000, 35))
    rate = noise.flip(big, 0.1, rng()).mean()
    assert abs(rate - 0.1) < 0.005  # 70,000 Bernoulli draws: sd about 0.0011


def test_same_seed_same_noise_and_different_seed_differs():
    assert np.array_equal(noise.flip(X, 0.2, rng(3)), noise.flip(X, 0.2, rng(3)))
    assert not np.array_equal(noise.flip(X, 0.2, rng(3)), noise.flip(X, 0.2, rng(4)))


@settings(max_examples=40, deadline=None)
@given(p=st.floats(0.0, 1.0), seed=st.integers(0, 2**32 - 1))
def test_flip_stays_binary_and_shape(p, seed):
    out = noise.flip(X, p, rng(seed))
    assert out.shape == X.shape
    assert set(np.unique(out)) <= {0.0, 1.0}


def test_gaussian_is_clipped_and_zero_sigma_is_identity():
    out = noise.gaussian(X, 0.5, rng())
    assert out.min() >= 0.0 and out.max() <= 1.0
    assert np.array_equal(noise.gaussian(X, 0.0, rng()), X)


def test_noisy_copies_layout():
    X_noisy, Y_clean, index = noise.noisy_copies(X[:4], 3, 0.2, rng())
    assert X_noisy.shape == Y_clean.shape == (12, 35)
    assert index.tolist() == [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]
    assert np.array_equal(Y_clean, X[:4][index])
    clean_copies, _, _ = noise.noisy_copies(X[:4], 2, 0.0, rng())
    assert np.array_equal(clean_copies, np.repeat(X[:4], 2, axis=0))


@pytest.mark.parametrize("p", [-0.1, 1.5, float("nan"), float("inf")])
@pytest.mark.parametrize("corrupt", [noise.flip, noise.salt, noise.pepper])
def test_invalid_probability_is_a_value_error_naming_p(corrupt, p):
    with pytest.raises(ValueError, match="p must be"):
        corrupt(X, p, rng())


@pytest.mark.parametrize("p", ["0.1", None, True, [0.1]])
def test_non_number_probability_is_a_type_error(p):
    with pytest.raises(TypeError, match="p must be"):
        noise.flip(X, p, rng())


@pytest.mark.parametrize("bad", [None, 0, np.random.RandomState(0)])
def test_rng_must_be_a_generator(bad):
    with pytest.raises(TypeError, match="rng"):
        noise.flip(X, 0.1, bad)


@pytest.mark.parametrize("bad, error", [(np.zeros(35), ValueError), (np.zeros((0, 35)), ValueError),
                                        (np.full((2, 35), 2.0), ValueError),
                                        (np.full((2, 35), np.nan), ValueError),
                                        ("glyphs", TypeError), (None, TypeError)])
def test_bad_glyph_arrays_name_x(bad, error):
    with pytest.raises(error, match="X must"):
        noise.flip(bad, 0.1, rng())


def test_bad_sigma_and_copies():
    with pytest.raises(ValueError, match="sigma"):
        noise.gaussian(X, -1.0, rng())
    with pytest.raises(TypeError, match="sigma"):
        noise.gaussian(X, "0.1", rng())
    with pytest.raises(ValueError, match="n_copies"):
        noise.noisy_copies(X, 0, 0.1, rng())
    with pytest.raises(TypeError, match="n_copies"):
        noise.noisy_copies(X, 2.5, 0.1, rng())
    with pytest.raises(ValueError, match="p must"):
        noise.noisy_copies(X, 3, 2.0, rng())


@pytest.mark.parametrize("bad, error, match", [
    (X + 1j, TypeError, "X must hold real numbers"),
    ((X * 255).astype(np.uint8), ValueError, "X must .*255"),
    (np.zeros((2, 0)), ValueError, "X must have at least one pixel"),
    ([[0, 1], [1]], TypeError, "X must be a rectangular"),
    (3.0, ValueError, "X must"),
])
def test_complex_ragged_and_0_255_glyphs_are_refused(bad, error, match):
    with pytest.raises(error, match=match):
        noise.flip(bad, 0.1, rng())


def test_bad_counts_and_levels():
    with pytest.raises(ValueError, match="n_copies must be at most"):
        noise.noisy_copies(X, 10**12, 0.1, rng())
    with pytest.raises(TypeError, match="n_copies"):
        noise.noisy_copies(X, True, 0.1, rng())
    with pytest.raises(ValueError, match="sigma"):
        noise.gaussian(X, float("nan"), rng())
    with pytest.raises(TypeError, match="p must"):
        noise.salt(X, None, rng())
    with pytest.raises(TypeError, match="rng is required"):
        noise.pepper(X, 0.1, None)
