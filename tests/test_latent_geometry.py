"""Tests of tplib.latent_geometry: neighbour ranks across runs, paths, gaps and label areas."""

import numpy as np
import pytest

from tplib import latent_geometry


def test_neighbour_ranks_on_a_line():
    Z = np.array([[0.0, 0.0], [1.0, 0.0], [3.0, 0.0], [7.0, 0.0]])
    ranks = latent_geometry.neighbour_ranks(Z)
    assert list(ranks[0]) == [0, 1, 2, 3]
    assert list(ranks[2]) == [2, 1, 0, 3]
    assert (np.sort(ranks, axis=1) == np.arange(4)).all()


def test_pair_ranks_are_symmetric_minimum():
    Z = np.array([[0.0, 0.0], [1.0, 0.0], [3.0, 0.0], [7.0, 0.0]])
    # 3 is 3rd for 0, and 0 is 3rd for 3: rank 3; (2, 3): 3 is 3rd for 2, 2 is 1st for 3: 1.
    codes = np.stack([Z, Z[::-1]])
    out = latent_geometry.pair_ranks(codes, [(0, 3), (2, 3)])
    assert out.shape == (2, 2)
    assert list(out[:, 0]) == [3, 1]
    with pytest.raises(ValueError, match="pairs"):
        latent_geometry.pair_ranks(Z, [(0, 0)])
    with pytest.raises(ValueError, match="pairs"):
        latent_geometry.pair_ranks(Z, [(0, 4)])


def test_mutual_nearest_pairs_and_recurrence():
    Z = np.array([[0.0, 0.0], [1.0, 0.0], [5.0, 0.0], [5.5, 0.0]])
    assert latent_geometry.mutual_nearest_pairs(Z) == [(0, 1), (2, 3)]
    Z2 = np.array([[0.0, 0.0], [9.0, 0.0], [0.5, 0.0], [9.2, 0.0]])  # pairs (0, 2), (1, 3)
    counts = latent_geometry.pair_recurrence(np.stack([Z, Z2, Z]))
    assert counts == [((0, 1), 2), ((2, 3), 2), ((0, 2), 1), ((1, 3), 1)]


def test_rank_analysis_is_rotation_invariant():
    rng = np.random.default_rng(0)
    Z = rng.normal(size=(10, 2))
    angle = 0.7
    R = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    np.testing.assert_array_equal(latent_geometry.neighbour_ranks(Z),
                                  latent_geometry.neighbour_ranks(3 * Z @ R))


def test_codes_validation():
    with pytest.raises(ValueError, match="Z"):
        latent_geometry.neighbour_ranks(np.zeros((1, 2)))
    with pytest.raises(ValueError, match="NaN"):
        latent_geometry.pair_recurrence(np.full((1, 3, 2), np.nan))


def test_interpolate_endpoints():
    path = latent_geometry.interpolate([0, 0], [1, 2], 5)
    assert path.shape == (5, 2)
    np.testing.assert_allclose(path[0], [0, 0])
    np.testing.assert_allclose(path[-1], [1, 2])
    np.testing.assert_allclose(path[2], [0.5, 1])
    with pytest.raises(ValueError, match="same shape"):
        latent_geometry.interpolate([0, 0], [1, 2, 3], 5)
    with pytest.raises(ValueError, match="steps"):
        latent_geometry.interpolate([0, 0], [1, 1], 1)


def test_nearest_code():
    codes = np.array([[0.0, 0.0], [3.0, 4.0]])
    d, i = latent_geometry.nearest_code([[0.0, 1.0], [3.0, 3.0], [10.0, 4.0]], codes, batch_size=2)
    np.testing.assert_allclose(d, [1.0, 1.0, 7.0])
    np.testing.assert_array_equal(i, [0, 1, 1])
    with pytest.raises(ValueError, match="same width"):
        latent_geometry.nearest_code(np.zeros((2, 3)), codes)
    with pytest.raises(TypeError, match="Z"):
        latent_geometry.nearest_code(np.array([["a", "b"]]), codes)


def test_neighbour_agreement_separates_clusters_from_mixtures():
    rng = np.random.default_rng(0)
    apart = np.vstack([rng.normal(0, 0.1, (50, 2)), rng.normal(5, 0.1, (50, 2))])
    labels = np.repeat([0, 1], 50)
    np.testing.assert_array_equal(latent_geometry.neighbour_agreement(apart, labels, k=5), 1.0)
    mixed = rng.normal(0, 1, (100, 2))
    assert latent_geometry.neighbour_agreement(mixed, labels, k=5, queries=np.arange(0, 100, 2)).mean() < 0.8
    with pytest.raises(ValueError, match="labels"):
        latent_geometry.neighbour_agreement(apart, labels[:10])
    with pytest.raises(ValueError, match="k must"):
        latent_geometry.neighbour_agreement(apart, labels, k=100)
    with pytest.raises(ValueError, match="queries"):
        latent_geometry.neighbour_agreement(apart, labels, queries=np.array([100]))


def test_adjacent_label_pairs():
    grid = np.array([[0, 0, 1], [2, 2, 1]])
    assert latent_geometry.adjacent_label_pairs(grid) == {(0, 1), (0, 2), (1, 2)}
    assert latent_geometry.adjacent_label_pairs(np.zeros((3, 3), dtype=int)) == set()
    with pytest.raises(ValueError, match="labels"):
        latent_geometry.adjacent_label_pairs(np.zeros(4, dtype=int))


@pytest.mark.parametrize("call, error, match", [
    (lambda: latent_geometry.interpolate(1.0, 2.0, 3), ValueError, "z_start"),
    (lambda: latent_geometry.interpolate([0.0, 0.0], [[1, 2], [3, 4]], 3), ValueError, "z_end"),
    (lambda: latent_geometry.interpolate([0, 0], [1, 1j], 3), TypeError, "z_end"),
    (lambda: latent_geometry.interpolate([0, 0], [1, 1], 10**12), ValueError, "steps"),
    (lambda: latent_geometry.interpolate([0, 0], [1, 1], True), TypeError, "steps"),
    (lambda: latent_geometry.pair_ranks(np.zeros((3, 2)), 5), TypeError, "pairs"),
    (lambda: latent_geometry.pair_ranks(np.zeros((3, 2)), [(0, 1, 2)]), ValueError, "pairs"),
    (lambda: latent_geometry.pair_ranks(np.zeros((3, 2)), [(0.5, 1)]), TypeError, "pairs"),
    (lambda: latent_geometry.neighbour_ranks("abc"), TypeError, "Z"),
    (lambda: latent_geometry.neighbour_ranks(np.zeros((3, 2)) + 1j), TypeError, "Z"),
    (lambda: latent_geometry.pair_recurrence(None), TypeError, "codes"),
])
def test_latent_geometry_bad_input_is_refused_by_name(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_interpolate_accepts_one_row_points_as_before():
    np.testing.assert_array_equal(latent_geometry.interpolate([[0.0, 0.0]], [[2.0, 4.0]], 3),
                                  [[0, 0], [1, 2], [2, 4]])


def test_nearest_code_and_neighbour_agreement_refuse_bad_arguments():
    codes = np.zeros((4, 2))
    with pytest.raises(TypeError, match="Z must hold real"):
        latent_geometry.nearest_code(np.zeros((2, 2), dtype=complex), codes)
    with pytest.raises(TypeError, match="batch_size"):
        latent_geometry.nearest_code(codes, codes, batch_size="10")
    # 10^4 x 10^6 distances at once would be 80 GB: refused before allocating
    with pytest.raises(ValueError, match="batch_size"):
        latent_geometry.nearest_code(np.zeros((10**4, 2)), np.zeros((10**6, 2)), batch_size=10**4)
    labels = np.array([0, 0, 1, 1])
    with pytest.raises(ValueError, match="k must"):
        latent_geometry.neighbour_agreement(codes, labels, k=float("nan"))
    with pytest.raises(TypeError, match="k must"):
        latent_geometry.neighbour_agreement(codes, labels, k="2")
    with pytest.raises(TypeError, match="Z must hold real"):
        latent_geometry.neighbour_agreement(codes.astype(complex), labels, k=2)


def test_latent_box_and_grid():
    codes = np.array([[0.0, 0.0], [1.0, 2.0]])
    box = latent_geometry.latent_box(codes, margin=0.5)
    assert box == ((-0.5, 1.5), (-1.0, 3.0))
    grid = latent_geometry.latent_grid(box, n=3)
    assert grid.shape == (9, 2)
    np.testing.assert_allclose(grid[0], [-0.5, 3.0])   # top left
    np.testing.assert_allclose(grid[-1], [1.5, -1.0])  # bottom right
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        latent_geometry.latent_box(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="n must"):
        latent_geometry.latent_grid(((0, 1), (0, 1)), n=1)


@pytest.mark.parametrize("call, error, match", [
    (lambda: latent_geometry.latent_box(np.zeros((3, 2)), margin=np.nan), ValueError, "margin"),
    (lambda: latent_geometry.latent_box(1.0), ValueError, "codes"),
    (lambda: latent_geometry.latent_box([1.0, 2.0]), ValueError, "codes"),
    (lambda: latent_geometry.latent_grid((0, 1), n=3), ValueError, "box"),
    (lambda: latent_geometry.latent_grid(((0, 1), (0, np.nan)), n=3), ValueError, "box"),
    (lambda: latent_geometry.latent_grid(((0, 1), (0, 1)), n=10**6), ValueError, "n must be at most"),
    (lambda: latent_geometry.latent_grid(((0, 1), (0, 1)), n=3.0), TypeError, "n must"),
    (lambda: latent_geometry.latent_grid(((0, 1), (0, 1)), n=True), TypeError, "n must"),
    (lambda: latent_geometry.latent_grid(((0, 1j), (0, 1)), n=3), ValueError, "box"),
])
def test_plane_bad_input_is_refused_by_name(call, error, match):
    with pytest.raises(error, match=match):
        call()
