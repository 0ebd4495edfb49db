"""Tests of tplib.studies.latent_walks: straight walks between codes, decoded and measured."""
import numpy as np
import pytest

from tplib.studies import latent_walks as w

REAL = np.array([[0, 0, 0, 0], [1, 1, 1, 1], [1, 0, 1, 0]], dtype=float)
# Four glyphs whose codes (first two pixels) are the corners of the unit square.
CORNERS = np.array([[0, 0, 0, 0], [1, 0, 1, 1], [0, 1, 0, 0], [1, 1, 1, 1]], dtype=float)


def _decode_first_coordinate(Z):
    """A toy decoder: 4 pixels, all on when z1 > 0.5, all off otherwise."""
    return np.repeat((np.asarray(Z)[:, :1] > 0.5).astype(float), 4, axis=1)


def _decode(Z):
    return np.tile(np.asarray(Z)[:, :1] > 0, (1, 4)).astype(float)


def test_pair_walks_pick_walks_and_summary():
    real = np.array([[0, 0, 0, 0], [1, 1, 1, 1], [1, 1, 0, 0]], dtype=float)
    codes = np.array([[0.0, 0.0], [1.0, 0.0], [0.2, 0.0]])
    pairs, d, nearest = w.pair_walks(_decode_first_coordinate, codes, real, steps=5)
    np.testing.assert_array_equal(pairs, [[0, 1], [0, 2], [1, 2]])
    assert d.shape == nearest.shape == (3, 5) and (d == 0).all()
    # The toy decoder only ever copies glyphs 0 and 1: no walk has a new step.
    summary = w.walk_summary(pairs, d, nearest)
    assert summary["with_new"] == 0.0 and summary["one_pixel"] == 0.0
    d2 = d.copy()
    d2[2, 1:-1] = [1, 3, 0]   # the walk 1-2 passes one new step of each kind
    assert w.pick_walks(pairs, d2, k=1) == [(1, 2)]
    summary = w.walk_summary(pairs, d2, nearest)
    assert summary["with_new"] == 1 / 3
    assert summary["one_pixel"] == 0.5 and summary["several"] == 0.5
    with pytest.raises(ValueError, match="k=2"):
        w.pick_walks(pairs, d2, k=2)   # every pair shares a glyph with every other
    with pytest.raises(ValueError, match="steps"):
        w.pair_walks(_decode_first_coordinate, codes, real, steps=2)


def test_walk_nearest():
    codes = CORNERS[:, :2]
    # from glyph 0 at (0, 0) to glyph 1 at (1, 0): off for z1 <= 0.5, then all on (glyph 3)
    np.testing.assert_array_equal(
        w.walk_nearest(_decode_first_coordinate, codes, CORNERS, 0, 1, steps=5), [0, 0, 3])
    with pytest.raises(ValueError, match="j must"):
        w.walk_nearest(_decode_first_coordinate, codes, CORNERS, 0, 4)


@pytest.mark.parametrize("call, error, match", [
    (lambda: w.pair_walks(_decode, np.zeros((3, 2)), REAL, steps=10**6), ValueError, "steps"),
    (lambda: w.pick_walks(np.array([[0, 1]]), np.zeros((1, 3)), k=0), ValueError, "k must"),
    (lambda: w.walk_nearest(_decode, np.random.default_rng(0).random((5, 2)), REAL, 0.5, 1),
     TypeError, "i must"),
])
def test_bad_input_is_refused_by_name(call, error, match):
    with pytest.raises(error, match=match):
        call()
