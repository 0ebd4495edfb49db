"""Unit tests of tplib.generation: distances to the nearest real glyph and latent grids."""
import numpy as np
import pytest

from tplib import generation as g

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


def test_latent_box_and_grid():
    codes = np.array([[0.0, 0.0], [1.0, 2.0]])
    box = g.latent_box(codes, margin=0.5)
    assert box == ((-0.5, 1.5), (-1.0, 3.0))
    grid = g.latent_grid(box, n=3)
    assert grid.shape == (9, 2)
    np.testing.assert_allclose(grid[0], [-0.5, 3.0])   # top left
    np.testing.assert_allclose(grid[-1], [1.5, -1.0])  # bottom right


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
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        g.latent_box(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="n must"):
        g.latent_grid(((0, 1), (0, 1)), n=1)
