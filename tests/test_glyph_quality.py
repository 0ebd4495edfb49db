"""Tests of tplib.studies.glyph_quality: distances to the nearest real glyph, reports, patches."""
import numpy as np
import pytest

from tplib.studies import glyph_quality as g

REAL = np.array([[0, 0, 0, 0], [1, 1, 1, 1], [1, 0, 1, 0]], dtype=float)


def test_nearest_real_counts_wrong_pixels_after_thresholding():
    generated = np.array([[0.1, 0.2, 0.0, 0.4],   # = REAL[0]
                          [0.9, 0.6, 0.8, 0.4],   # one pixel from REAL[1] and from REAL[2]
                          [0.9, 0.1, 0.2, 0.1]])  # one pixel from REAL[2] and from REAL[0]
    distances, index = g.nearest_real(generated, REAL)
    np.testing.assert_array_equal(distances, [0, 1, 1])
    assert index[0] == 0 and index[1] in (1, 2) and index[2] in (0, 2)


def test_fraction_within_and_report():
    assert g.fraction_within(np.array([0, 1, 2, 5]), 1) == 0.5
    report = g.generation_report(REAL, REAL, ks=(0, 2))
    assert report == {"mean_distance": 0.0, "within_0": 1.0, "within_2": 1.0,
                      "undecided": 0.0, "distinct_real": 3}


def test_undecided_pixels():
    X = np.array([[0.5, 0.0, 0.7, 1.0]])
    np.testing.assert_allclose(g.undecided_pixels(X, margin=0.25), [0.5])
    with pytest.raises(ValueError, match="margin"):
        g.undecided_pixels(X, margin=0.0)


def test_bad_inputs():
    with pytest.raises(ValueError, match="pixels"):
        g.nearest_real(np.zeros((2, 3)), REAL)
    with pytest.raises(ValueError, match="shape"):
        g.nearest_real(np.zeros(4), REAL)
    with pytest.raises(TypeError, match="numbers"):
        g.nearest_real(np.array([["a"] * 4]), REAL)
    with pytest.raises(ValueError, match="finite"):
        g.undecided_pixels(np.full((1, 4), np.nan))
    with pytest.raises(ValueError, match="k must"):
        g.fraction_within(np.array([1]), -1)


def test_stack_reports_gathers_one_array_per_key():
    spread = g.stack_reports([{"distinct_real": 3}, {"distinct_real": 4}])
    np.testing.assert_array_equal(spread["distinct_real"], [3, 4])
    with pytest.raises(ValueError, match="same keys"):
        g.stack_reports([{"a": 1}, {"b": 2}])
    with pytest.raises(TypeError, match="list of dicts"):
        g.stack_reports([{"a": 1}, 2])


@pytest.mark.parametrize("call, error, match", [
    (lambda: g.nearest_real(REAL * 255, REAL), ValueError, "generated must .*255"),
    (lambda: g.nearest_real(REAL + 1j, REAL), TypeError, "generated must hold real"),
    (lambda: g.nearest_real(REAL, np.zeros((0, 4))), ValueError, "real must"),
    (lambda: g.fraction_within([0, 1], "1"), TypeError, "k must"),
    (lambda: g.fraction_within([0, 1j], 1), TypeError, "distances"),
    (lambda: g.undecided_pixels(REAL, margin="0.2"), TypeError, "margin"),
    (lambda: g.generation_report(REAL, REAL, ks=3), TypeError, "ks"),
    (lambda: g.stack_reports(np.zeros((2, 3))), TypeError, "reports"),
])
def test_bad_input_is_refused_by_name(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_generation_and_noise_refuse_the_same_glyph_arrays():
    from tplib import noise

    bad_glyphs = [REAL * 255, REAL + 1j, np.full((2, 4), np.nan), np.zeros(4), np.zeros((0, 4)),
                  np.zeros((2, 0)), "glyphs", None, [[0, 1], [1]]]
    for bad in bad_glyphs:
        with pytest.raises((TypeError, ValueError)) as from_generation:
            g.undecided_pixels(bad)
        with pytest.raises((TypeError, ValueError)) as from_noise:
            noise.flip(bad, 0.1, np.random.default_rng(0))
        assert from_generation.type is from_noise.type, bad
    for good in (REAL, REAL.astype(bool), REAL.astype(np.uint8), REAL.tolist()):
        g.undecided_pixels(good)
        noise.flip(good, 0.1, np.random.default_rng(0))


class _VoronoiModel:
    """Codes fixed in advance; decodes every point to the glyph of its nearest code."""

    def __init__(self, X, codes):
        self.X, self.codes = np.asarray(X, float), np.asarray(codes, float)

    def encode(self, X):
        return self.codes

    def decode(self, Z):
        d = ((np.asarray(Z)[:, None] - self.codes[None]) ** 2).sum(axis=-1)
        return self.X[d.argmin(axis=1)]


def test_latent_patches_of_a_perfect_patch_decoder():
    X = np.eye(4, 35)
    codes = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    out = g.latent_patches(_VoronoiModel(X, codes), X, n_sheet=6, n_map=12)
    assert out == {"own": 1.0, "pale": 4}


def test_latent_patches_rejects_bad_grids_and_codes_that_are_not_2d():
    X = np.eye(4, 35)
    model = _VoronoiModel(X, np.zeros((4, 2)))
    with pytest.raises(ValueError, match="n_sheet"):
        g.latent_patches(model, X, n_sheet=1)
    with pytest.raises(TypeError, match="n_map"):
        g.latent_patches(model, X, n_map=2.5)
    with pytest.raises(ValueError, match="n_map"):
        g.latent_patches(model, X, n_map=10**6)
    with pytest.raises(TypeError, match="model"):
        g.latent_patches("model", X)
    with pytest.raises(ValueError, match="2-D codes"):
        g.latent_patches(_VoronoiModel(X, np.zeros((4, 3))), X)
