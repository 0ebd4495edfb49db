"""Three measures of a generated glyph, each a number a reader can check by eye.

A generated glyph g holds 35 values in [0, 1] (``tplib.datasets.GLYPH_SHAPE``, row by row).

- **decisiveness** delta(g) = mean over pixels of |2 g_p - 1|: 1 when every pixel is pure ink
  or paper, 0 when every pixel is 0.5. A glyph is *grey* when delta < ``GREY_BELOW`` = 0.8,
  the value of a glyph with 7 of its 35 pixels at 0.5 and the rest pure ink or paper.
- **novelty** nu(g) = wrong pixels between g (thresholded at 0.5) and the nearest glyph of the
  training set: 0 is a copy, 1 a one-pixel variant, ``NEW_FROM`` = 2 or more a new glyph.
- **plausibility** pi(g) = the fraction of the 35 neighbourhoods of 3 x 3 pixels of g
  (thresholded, padded with paper) whose pattern occurs somewhere in a reference set of
  glyphs. With fonts 1 and 3 as the reference, the judge never saw Font 2: it asks whether g is
  drawn with the strokes, corners and ends that fonts are made of, not whether g is a copy.

``kinds`` sorts glyphs into four kinds from the three numbers; ``rates`` summarises a set of
generated glyphs as fractions of each kind and mean measures.
"""
import numpy as np

from ..checks import check_glyphs, check_int, check_number
from ..datasets import GLYPH_SHAPE
from .glyph_quality import nearest_real

__all__ = [
    "GREY_BELOW",
    "NEW_FROM",
    "KINDS",
    "decisiveness",
    "novelty",
    "neighbourhoods",
    "stroke_table",
    "plausibility",
    "glyph_measures",
    "kinds",
    "rates",
]

GREY_BELOW = 0.8
NEW_FROM = 2
# The four kinds, in the order of the codes ``kinds`` returns.
KINDS = ("copy or variant", "new glyph", "new, implausible", "grey")
_PATTERNS = 2 ** 9  # 3 x 3 binary neighbourhoods


def decisiveness(generated):
    """Mean |2 g_p - 1| over the pixels of each glyph: (n, P) in [0, 1] -> (n,) in [0, 1]."""
    G = check_glyphs(generated, "generated")
    return np.abs(2.0 * G - 1.0).mean(axis=1)


def novelty(generated, real):
    """Wrong pixels to the nearest real glyph and its index: two (n,) int arrays.

    generated (n, P), real (m, P), both in [0, 1], compared after thresholding at 0.5.
    """
    return nearest_real(generated, real)


def neighbourhoods(generated, shape=GLYPH_SHAPE):
    """The 3 x 3 pattern around every pixel, as a number in [0, 512): (n, P) ints.

    Glyphs are thresholded at 0.5 and padded with paper; bit 3 * dr + dc of the number is the
    pixel at row offset dr, column offset dc (0..2) of the neighbourhood's top-left corner.
    """
    rows, cols = (check_int(v, name, minimum=1) for name, v in zip(("rows", "cols"), shape))
    G = check_glyphs(generated, "generated", rows * cols) > 0.5
    padded = np.pad(G.reshape(-1, rows, cols), ((0, 0), (1, 1), (1, 1)))
    codes = np.zeros((len(G), rows, cols), dtype=np.int64)
    for dr in range(3):
        for dc in range(3):
            codes |= padded[:, dr:dr + rows, dc:dc + cols].astype(np.int64) << (3 * dr + dc)
    return codes.reshape(len(G), rows * cols)


def stroke_table(reference, shape=GLYPH_SHAPE):
    """Which of the 512 neighbourhood patterns occur in the reference glyphs: (512,) bools."""
    return np.bincount(neighbourhoods(reference, shape).ravel(), minlength=_PATTERNS) > 0


def _check_table(table):
    table = np.asarray(table)
    if table.shape != (_PATTERNS,) or table.dtype != bool:
        raise ValueError(f"table must be the (512,) bools stroke_table returns; got "
                         f"{table.dtype} {table.shape}")
    return table


def plausibility(generated, table, shape=GLYPH_SHAPE):
    """Fraction of each glyph's neighbourhoods whose pattern the table has seen: (n,) in [0, 1]."""
    return _check_table(table)[neighbourhoods(generated, shape)].mean(axis=1)


def glyph_measures(generated, real, table):
    """The three measures of every generated glyph: a dict of (n,) arrays.

    'decisiveness', 'novelty' (wrong pixels to the nearest of ``real``), 'nearest' (its
    index) and 'plausibility' (against ``table``, from ``stroke_table``).
    """
    distances, nearest = novelty(generated, real)
    return {"decisiveness": decisiveness(generated), "novelty": distances,
            "nearest": nearest, "plausibility": plausibility(generated, table)}


def kinds(measures, plausible_from):
    """The kind of each glyph, an index into ``KINDS``: (n,) ints.

    Grey (decisiveness below ``GREY_BELOW``) comes first, whatever the rest; then a copy or
    one-pixel variant (novelty below ``NEW_FROM``); then a new glyph, plausible when its
    plausibility is at least ``plausible_from``, implausible otherwise.
    """
    plausible_from = check_number(plausible_from, "plausible_from", 0.0, 1.0)
    grey = measures["decisiveness"] < GREY_BELOW
    old = measures["novelty"] < NEW_FROM
    implausible = measures["plausibility"] < plausible_from
    return np.where(grey, 3, np.where(old, 0, np.where(implausible, 2, 1)))


def rates(measures, plausible_from, n_real):
    """Summary of one set of generated glyphs: a dict of floats.

    Means of the three measures; the fractions of each kind ('variant', 'good', 'implausible',
    'grey'), of copies ('copies', novelty 0) and of new glyphs whatever their ink ('new');
    among the good new glyphs, the share within 3 pixels of a real one ('good_close', NaN
    without any); and among the copies, how many real glyphs appear ('reached', of ``n_real``) and the
    share of the most copied one ('largest_share', NaN without copies).
    """
    n_real = check_int(n_real, "n_real", minimum=1)
    kind = kinds(measures, plausible_from)
    copies = measures["novelty"] == 0
    counts = np.bincount(measures["nearest"][copies], minlength=n_real)
    share = counts.max() / copies.sum() if copies.any() else float("nan")
    out = {key: float(np.mean(measures[key]))
           for key in ("decisiveness", "novelty", "plausibility")}
    out.update({name: float(np.mean(kind == k))
                for k, name in enumerate(("variant", "good", "implausible", "grey"))})
    good = kind == 1
    close = np.mean(measures["novelty"][good] <= 3) if good.any() else float("nan")
    out.update({"copies": float(copies.mean()), "good_close": float(close),
                "new": float(np.mean(measures["novelty"] >= NEW_FROM)),
                "reached": int((counts > 0).sum()), "largest_share": float(share)})
    return out
