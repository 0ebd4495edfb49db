"""tplib.studies.glyph_measures: the three measures of a generated glyph, on hand-made glyphs."""

import numpy as np
import pytest

from tplib.datasets import load_font
from tplib.studies import glyph_measures as gm

X, LABELS = load_font(2)
REFERENCE = np.vstack([load_font(1)[0], load_font(3)[0]])


def test_decisiveness_is_one_for_ink_and_zero_for_grey():
    G = np.array([X[0], np.full(35, 0.5), np.where(np.arange(35) < 7, 0.5, X[0])])
    np.testing.assert_allclose(gm.decisiveness(G), [1.0, 0.0, 28 / 35])
    # the grey threshold is the glyph with 7 pixels at 0.5, the rest pure
    assert gm.decisiveness(G)[2] == pytest.approx(gm.GREY_BELOW)


def test_novelty_counts_wrong_pixels_to_the_nearest_real_glyph():
    a = LABELS.index("A")
    variant = X[a].copy()
    variant[:2] = 1 - variant[:2]
    d, nearest = gm.novelty(np.array([X[a], variant, X[a] * 0.9 + 0.05]), X)
    assert d.tolist()[:1] == [0] and nearest[0] == a and nearest[2] == a and d[2] == 0
    assert d[1] == min(2, ((variant > 0.5) != (X > 0.5)).sum(axis=1).min())


def test_neighbourhoods_encode_the_padded_3x3_pattern():
    g = np.zeros(35)
    g[0] = 1  # top-left pixel
    codes = gm.neighbourhoods(g[None])[0]
    assert codes[0] == 1 << 4  # the centre bit of its own neighbourhood
    assert codes[1] == 1 << 3  # seen from its right neighbour: the middle-left bit
    assert codes[5] == 1 << 1  # from the pixel below: the top-middle bit
    assert codes[6] == 1 << 0  # from below-right: the top-left bit
    assert (codes[[2, 3, 4]] == 0).all() and codes.max() == 16
    full = gm.neighbourhoods(np.ones((1, 35)))[0]
    assert full[2 * 5 + 2] == 511  # an inner pixel sees nine on


def test_plausibility_judges_strokes_not_copies():
    table = gm.stroke_table(REFERENCE)
    assert table.shape == (512,) and table[0]  # empty paper occurs in every font
    real = gm.plausibility(X, table)  # Font 2 was never shown to the judge
    rng = np.random.default_rng(0)
    scrambled = gm.plausibility(np.array([rng.permutation(x) for x in X]), table)
    assert real.min() >= 0.8 and np.median(real) == 1.0
    assert np.mean(scrambled < real.min()) > 0.5
    assert gm.plausibility(REFERENCE, table).min() == 1.0


def test_kinds_and_rates():
    table = gm.stroke_table(REFERENCE)
    m = gm.glyph_measures(np.vstack([X[:3], np.full((1, 35), 0.5)]), X, table)
    assert gm.kinds(m, 0.9).tolist() == [0, 0, 0, 3]
    m = {"decisiveness": np.array([1.0, 1.0, 1.0, 0.5]), "novelty": np.array([0, 3, 4, 5]),
         "nearest": np.array([2, 0, 1, 1]), "plausibility": np.array([1.0, 1.0, 0.5, 1.0])}
    assert gm.kinds(m, 0.9).tolist() == [0, 1, 2, 3]
    r = gm.rates(m, 0.9, n_real=3)
    assert (r["variant"], r["good"], r["implausible"], r["grey"]) == (0.25,) * 4
    assert r["copies"] == 0.25 and r["new"] == 0.75 and r["reached"] == 1
    assert r["largest_share"] == 1.0 and r["novelty"] == 3.0


def test_bad_input_is_refused_by_name():
    with pytest.raises(ValueError, match="table"):
        gm.plausibility(X, np.ones(10, bool))
    with pytest.raises(ValueError, match="plausible_from"):
        gm.kinds({}, 2.0)
    with pytest.raises(ValueError, match="generated"):
        gm.decisiveness(X * 255)
