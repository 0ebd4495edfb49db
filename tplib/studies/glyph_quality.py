"""Glyph quality: how close decoded glyphs come to real ones, per glyph, per sample and over runs.

A generator of glyphs (``tplib.datasets.GLYPH_SHAPE`` pixels each) is judged here by two plain
measures:

- the Hamming distance from each generated glyph (thresholded at 0.5) to the nearest glyph of
  the training set: 0 means it reproduced a real glyph, a few pixels means a plausible variant,
  many pixels means something no font holds;
- how undecided its pixels are: the fraction of pixels whose value lies within `margin` of 0.5,
  i.e. grey smudges rather than ink or paper.

``generation_report`` sums a sample up with both, ``stack_reports`` gathers one report per
trained model into arrays over the runs, and ``latent_patches`` measures how a 2-D decoder's
plane forms patches around the codes. The plane itself (boxes, grids, nearest codes) is
``tplib.latent_geometry``.
"""
import numpy as np

from ..checks import check_array, check_glyphs, check_int, check_model, check_number
from ..latent_geometry import latent_box, latent_grid, nearest_code

__all__ = [
    "nearest_real",
    "fraction_within",
    "undecided_pixels",
    "generation_report",
    "stack_reports",
    "latent_patches",
]


# Grids finer than this decode millions of points: a typo.
_MAX_GRID = 1000


def nearest_real(generated, real, threshold=0.5):
    """Wrong pixels between each generated glyph and its nearest real glyph, after thresholding.

    generated: (n, P), real: (m, P), values in [0, 1]. Returns (distances (n,) ints,
    index (n,) ints into real).
    """
    G = check_glyphs(generated, "generated") > threshold
    R = check_glyphs(real, "real", G.shape[1]) > threshold
    # (n, m) Hamming distances in one broadcast: the sets here are small (thousands x 32).
    d = (G[:, None, :] != R[None, :, :]).sum(axis=2)
    index = d.argmin(axis=1)
    return d[np.arange(len(G)), index], index


def fraction_within(distances, k):
    """Fraction of generated glyphs within k wrong pixels of a real one: a float in [0, 1]."""
    distances = check_array(distances, "distances", dtype=None, min_rows=0)
    if distances.ndim != 1 or distances.size == 0:
        raise ValueError(f"distances must be a non-empty 1-D array; got shape {distances.shape}")
    k = check_number(k, "k", minimum=0)
    return float(np.mean(distances <= k))


def undecided_pixels(generated, margin=0.25):
    """Per glyph, the fraction of pixels with |value - 0.5| < margin: (n,) floats in [0, 1]."""
    margin = check_number(margin, "margin", 0.0, 0.5)
    if margin == 0:
        raise ValueError("margin must be in (0, 0.5]; got 0")
    G = check_glyphs(generated, "generated")
    return np.mean(np.abs(G - 0.5) < margin, axis=1)


def generation_report(generated, real, ks=(0, 1, 2, 3), margin=0.25):
    """Summary numbers of one generator: a dict of floats.

    'mean_distance' (wrong pixels to the nearest real glyph), 'within_k' for each k in ks,
    'undecided' (mean fraction of grey pixels) and 'distinct_real' (how many different real
    glyphs are nearest to some sample, out of len(real)).
    """
    if isinstance(ks, (str, bytes)) or not hasattr(ks, "__iter__"):
        raise TypeError(f"ks must be a list of pixel counts, e.g. (0, 1, 2, 3); got {ks!r}")
    ks = [check_int(k, f"ks[{i}]", minimum=0) for i, k in enumerate(ks)]
    distances, index = nearest_real(generated, real)
    report = {"mean_distance": float(distances.mean())}
    for k in ks:
        report[f"within_{k}"] = fraction_within(distances, k)
    report["undecided"] = float(undecided_pixels(generated, margin).mean())
    report["distinct_real"] = int(len(np.unique(index)))
    return report


def stack_reports(reports):
    """One dict of (runs,) arrays from a list of dicts with the same keys (one per run)."""
    if isinstance(reports, (str, bytes, dict)) or not hasattr(reports, "__iter__"):
        raise TypeError(f"reports must be a list of dicts, got {type(reports).__name__}")
    reports = list(reports)
    if not all(isinstance(r, dict) for r in reports):
        raise TypeError("reports must be a list of dicts (one per run)")
    if not reports or any(set(r) != set(reports[0]) for r in reports):
        raise ValueError("reports must be a non-empty list of dicts with the same keys")
    return {key: np.array([r[key] for r in reports]) for key in reports[0]}


def latent_patches(model, X, n_sheet=14, n_map=60, margin=0.1):
    """How the decoded latent plane of a 2-D-code model forms patches around the codes.

    X: (n, d) glyphs. Decodes an ``n_sheet`` x ``n_sheet`` grid and a finer ``n_map`` x
    ``n_map`` grid over the codes' box (``latent_box`` with ``margin``). Returns a dict:
    "own", the share of exact copies of real glyphs on the sheet that lie nearer their own
    glyph's code than any other code (NaN if the sheet holds none); "pale", how many of the
    n codes have a nearest fine-grid point that decodes exactly to their own glyph.
    """
    n_sheet = check_int(n_sheet, "n_sheet", minimum=2, maximum=_MAX_GRID)
    n_map = check_int(n_map, "n_map", minimum=2, maximum=_MAX_GRID)
    check_model(model, ("encode", "decode"))
    margin = check_number(margin, "margin", minimum=0.0)
    X = check_glyphs(X)
    Z = np.asarray(model.encode(X), dtype=float)
    if Z.ndim != 2 or Z.shape[1] != 2:
        raise ValueError(f"model must encode X to 2-D codes, got shape {Z.shape}")
    box = latent_box(Z, margin=margin)
    sheet = latent_grid(box, n_sheet)
    distance, nearest = nearest_real(model.decode(sheet), X)
    exact = distance == 0
    own = nearest_code(sheet, Z)[1] == nearest
    fine = latent_grid(box, n_map)
    fine_distance, fine_nearest = nearest_real(model.decode(fine), X)
    at_code = nearest_code(Z, fine)[1]
    pale = (fine_distance[at_code] == 0) & (fine_nearest[at_code] == np.arange(len(X)))
    return {"own": float(own[exact].mean()) if exact.any() else float("nan"),
            "pale": int(pale.sum())}
