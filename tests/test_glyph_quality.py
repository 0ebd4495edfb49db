"""Tests of tplib.studies.glyph_quality: distances to the nearest real glyph, over grids and runs."""
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


def _decode_first_coordinate(Z):
    """A toy decoder: 4 pixels, all on when z1 > 0.5, all off otherwise."""
    return np.repeat((np.asarray(Z)[:, :1] > 0.5).astype(float), 4, axis=1)


def test_grid_maps_and_report():
    real = np.array([[0, 0, 0, 0], [1, 1, 1, 1]], dtype=float)
    d, nearest = g.grid_maps(_decode_first_coordinate, ((0, 1), (0, 1)), real, n=4)
    assert d.shape == nearest.shape == (4, 4)
    assert (d == 0).all()
    np.testing.assert_array_equal(nearest[0], [0, 0, 1, 1])   # left half off, right half on
    report = g.grid_report(_decode_first_coordinate, ((0, 1), (0, 1)), real, n=4)
    assert report["within_0"] == 1.0 and report["largest_share"] == 0.5
    with pytest.raises(TypeError, match="decode"):
        g.grid_maps("not a function", ((0, 1), (0, 1)), real)


def test_region_shares():
    np.testing.assert_allclose(g.region_shares(np.array([0, 0, 2, 1]), 3), [0.5, 0.25, 0.25])
    with pytest.raises(ValueError, match="n_real"):
        g.region_shares(np.array([0, 3]), 3)


class _ToyModel:
    """Codes are the first two pixels; the toy decoder switches all pixels on when z1 > 0.5."""

    def encode(self, X):
        return np.asarray(X, dtype=float)[:, :2]

    def decode(self, Z):
        return _decode_first_coordinate(Z)


# Four glyphs whose codes (first two pixels) are the corners of the unit square.
CORNERS = np.array([[0, 0, 0, 0], [1, 0, 1, 1], [0, 1, 0, 0], [1, 1, 1, 1]], dtype=float)


def _three_bands(Z):
    """A toy decoder: all off for z1 < 0.3, all on for z1 > 0.7, else the glyph 0 0 0 1."""
    z1 = np.asarray(Z)[:, :1]
    return np.where(z1 < 0.3, 0.0, np.where(z1 > 0.7, 1.0, [[0.0, 0.0, 0.0, 1.0]]))


def test_sheet_and_map_counts():
    # a fifth glyph 0 0 0 1, its code (0.4, 0.5) inside the square of the four corners
    real = np.vstack([CORNERS, [0.4, 0.5, 0.0, 1.0]])
    codes = real[:, :2]
    sheet = g.sheet_counts(_three_bands, codes, real, n=4)
    # grid columns z1 = 0, 1/3, 2/3, 1 copy glyphs 0, 4, 4 and 3; glyphs 1 and 2 get no cell
    assert sheet["copies"] == 1.0 and sheet["most_cells"] == 8
    assert sheet["sparse"] == 2 and sheet["sparse_inside"] == 0.0   # both on the hull
    assert sheet["smudges"] == 0
    counts = g.map_counts(_three_bands, codes, real, n=4, margin=0.0)
    assert counts["largest"] == 0.5 and counts["smallest"] == 0.0
    assert counts["outer_vs_inner"] == 0.25   # hull glyphs own 0.125 on average, glyph 4 0.5
    assert counts["border_outer"] == 0.75 and counts["worst"] == 0
    with pytest.raises(TypeError, match="decode"):
        g.map_counts(None, codes, real)


def test_box_and_gaussian_reports():
    codes = CORNERS[:, :2]
    report = g.box_report(_decode_first_coordinate, codes, CORNERS, margin=0.0, n=4)
    assert report == g.grid_report(_decode_first_coordinate, ((0, 1), (0, 1)), CORNERS, n=4)
    sampled = g.gaussian_report(_decode_first_coordinate, codes, CORNERS, seed=0, size=50)
    assert sampled["within_0"] == 1.0 and sampled["distinct_real"] <= 2
    assert sampled == g.gaussian_report(_decode_first_coordinate, codes, CORNERS, 0, 50)


def test_over_runs_stacks_reports():
    stacked = g.over_runs(g.box_report, [_ToyModel(), _ToyModel()], CORNERS, n=4)
    assert set(stacked) >= {"mean_distance", "within_0", "distinct_real", "largest_share"}
    assert all(v.shape == (2,) for v in stacked.values())
    spread = g.stack_reports([{"distinct_real": 3}, {"distinct_real": 4}])
    np.testing.assert_array_equal(spread["distinct_real"], [3, 4])
    with pytest.raises(ValueError, match="same keys"):
        g.stack_reports([{"a": 1}, {"b": 2}])
    with pytest.raises(TypeError, match="models"):
        g.over_runs(g.box_report, [object()], CORNERS)


def _decode(Z):
    return np.tile(np.asarray(Z)[:, :1] > 0, (1, 4)).astype(float)


@pytest.mark.parametrize("call, error, match", [
    (lambda: g.nearest_real(REAL * 255, REAL), ValueError, "generated must .*255"),
    (lambda: g.nearest_real(REAL + 1j, REAL), TypeError, "generated must hold real"),
    (lambda: g.nearest_real(REAL, np.zeros((0, 4))), ValueError, "real must"),
    (lambda: g.fraction_within([0, 1], "1"), TypeError, "k must"),
    (lambda: g.fraction_within([0, 1j], 1), TypeError, "distances"),
    (lambda: g.undecided_pixels(REAL, margin="0.2"), TypeError, "margin"),
    (lambda: g.generation_report(REAL, REAL, ks=3), TypeError, "ks"),
    (lambda: g.grid_maps(_decode, ((0, 1), (0, 1)), REAL, n=10**6), ValueError, "n must"),
    (lambda: g.region_shares([0, 1], "3"), TypeError, "n_real"),
    (lambda: g.sheet_counts(_decode, np.random.default_rng(0).random((5, 2)), REAL, n=10**6),
     ValueError, "n must"),
    (lambda: g.gaussian_report(_decode, np.random.default_rng(0).random((5, 2)), REAL, -1),
     ValueError, "seed"),
    (lambda: g.gaussian_report(_decode, np.random.default_rng(0).random((5, 2)), REAL, 0,
                               size=10**12), ValueError, "size"),
    (lambda: g.region_shares([0, 1], 10**12), ValueError, "n_real"),
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
