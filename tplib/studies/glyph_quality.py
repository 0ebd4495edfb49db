"""Glyph quality: how close decoded glyphs come to real ones, over samples, grids and runs.

A generator of glyphs (``tplib.datasets.GLYPH_SHAPE`` pixels each) is judged here by two plain
measures:

- the Hamming distance from each generated glyph (thresholded at 0.5) to the nearest glyph of
  the training set: 0 means it reproduced a real glyph, a few pixels means a plausible variant,
  many pixels means something no font holds;
- how undecided its pixels are: the fraction of pixels whose value lies within `margin` of 0.5,
  i.e. grey smudges rather than ink or paper.

The studies below apply them to what a decoder makes of the latent plane (grids, boxes around
the codes, samples of a Gaussian fitted to them) and repeat that over trained models. The plane
itself (boxes, grids, hulls) is ``tplib.latent_geometry``; straight walks between codes are
``tplib.studies.latent_walks``.
"""
import numpy as np

from ..checks import (check_array, check_callable, check_codes, check_glyphs, check_int,
                      check_model, check_number, check_seeds)
from ..latent_geometry import latent_box, latent_grid, nearest_code, outer_glyphs

__all__ = [
    "nearest_real",
    "fraction_within",
    "undecided_pixels",
    "generation_report",
    "grid_maps",
    "region_shares",
    "grid_report",
    "sheet_counts",
    "map_counts",
    "box_report",
    "gaussian_report",
    "stack_reports",
    "over_runs",
    "latent_patches",
]


# Grids finer than this decode millions of points; samples beyond this are typos.
_MAX_GRID = 1000
_MAX_SAMPLES = 10_000_000
_DECODER = "codes -> glyphs"


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


def grid_maps(decode, box, real, n=60):
    """Decode an n x n grid over box and compare each glyph with the real ones.

    decode: (k, 2) codes -> (k, P) glyphs; real: (m, P). Returns (distances, nearest), two
    (n, n) int arrays laid out like ``latent_grid`` (row 0 at the top): wrong pixels to the
    nearest real glyph and that glyph's index.
    """
    check_callable(decode, "decode", _DECODER)
    distances, nearest = nearest_real(decode(latent_grid(box, n)), real)
    return distances.reshape(n, n), nearest.reshape(n, n)


def region_shares(nearest, n_real):
    """Fraction of points whose nearest real glyph is each of the n_real glyphs: (n_real,)."""
    n_real = check_int(n_real, "n_real", minimum=1, maximum=_MAX_SAMPLES)
    nearest = np.asarray(nearest).ravel()
    if nearest.size == 0 or not np.issubdtype(nearest.dtype, np.integer):
        raise ValueError(f"nearest must be a non-empty array of indices; got {nearest.dtype}")
    if nearest.min() < 0 or nearest.max() >= n_real:
        raise ValueError(f"nearest must hold indices in [0, n_real={n_real}); "
                         f"got {nearest.min()}..{nearest.max()}")
    return np.bincount(nearest, minlength=n_real) / nearest.size


def grid_report(decode, box, real, n=60):
    """``generation_report`` of the glyphs decoded over an n x n grid on box, plus
    'largest_share': the fraction of grid points whose nearest real glyph is the most common one.
    """
    check_callable(decode, "decode", _DECODER)
    glyphs = decode(latent_grid(box, n))
    report = generation_report(glyphs, real)
    _, nearest = nearest_real(glyphs, real)
    report["largest_share"] = float(region_shares(nearest, len(real)).max())
    return report


# Studies over several trained models: the chapter's claims rest on these, not on one run.
# Each takes (decode, codes, real, ...), the signature ``over_runs`` calls.

def sheet_counts(decode, codes, real, n=15, margin=0.05):
    """What an n x n sheet over the codes' rectangle holds: a dict.

    decode: (k, 2) -> (k, P); codes: (m, 2), the codes of real (m, P). 'copies': fraction of
    cells that copy a real glyph; 'most_cells': cells of the most copied glyph; 'sparse': glyphs
    copied in one cell or none; 'sparse_inside': the fraction of those not on the convex hull
    of the codes; 'smudges': cells with more than a fifth of their pixels undecided.
    """
    check_callable(decode, "decode", _DECODER)
    Z = check_codes(codes, dim=2, min_rows=2)
    S = decode(latent_grid(latent_box(Z, margin=margin), n=n))
    d, nearest = nearest_real(S, real)
    cells = np.bincount(nearest[d == 0], minlength=len(real))
    sparse = np.flatnonzero(cells <= 1)
    inside = np.setdiff1d(sparse, outer_glyphs(Z))
    inner = inside.size / max(sparse.size, 1)
    smudges = int((undecided_pixels(S) > 0.2).sum())
    return {"copies": np.mean(d == 0), "most_cells": cells.max(),
            "sparse": sparse.size, "sparse_inside": inner, "smudges": smudges}


def map_counts(decode, codes, real, n=60, margin=0.5):
    """How the plane around the codes is shared among the real glyphs: a dict.

    decode: (k, 2) -> (k, P); codes: (m, 2), the codes of real (m, P); the map is ``grid_maps``
    over ``latent_box(codes, margin)``. 'largest' and 'smallest': shares of the grid of the
    largest and smallest region; 'outer_vs_inner': mean share of the glyphs on the convex hull
    over that of the others; 'border_outer': fraction of the map's border points owned by hull
    glyphs; 'worst': the most wrong pixels at any point.
    """
    check_callable(decode, "decode", _DECODER)
    Z = check_codes(codes, dim=2, min_rows=2)
    d, nearest = grid_maps(decode, latent_box(Z, margin=margin), real, n=n)
    shares = region_shares(nearest, len(real))
    outer = np.isin(np.arange(len(real)), outer_glyphs(Z))
    border = np.concatenate([nearest[[0, -1]].ravel(),
                             nearest[:, [0, -1]].ravel()])
    return {"largest": shares.max(), "smallest": shares.min(),
            "outer_vs_inner": shares[outer].mean() / shares[~outer].mean(),
            "border_outer": outer[border].mean(), "worst": d.max()}


def box_report(decode, codes, real, margin=0.05, n=60):
    """``grid_report`` over the rectangle ``latent_box(codes, margin)``: a dict of floats."""
    return grid_report(decode, latent_box(check_codes(codes, dim=2, min_rows=2), margin), real,
                       n=n)


def gaussian_report(decode, codes, real, seed, size=1000):
    """``generation_report`` of ``size`` samples of the Gaussian fitted to the (m, 2) codes
    (their mean and covariance), drawn with ``numpy.random.default_rng(seed)``."""
    check_callable(decode, "decode", _DECODER)
    check_seeds(seed, "seed")  # one seed or a list of them, as default_rng takes
    size = check_int(size, "size", minimum=1, maximum=_MAX_SAMPLES)
    Z, rng = check_codes(codes, dim=2, min_rows=2), np.random.default_rng(seed)
    Zs = rng.multivariate_normal(Z.mean(axis=0), np.cov(Z.T), size=size)
    return generation_report(decode(Zs), real)


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


def over_runs(study, models, real, **kwargs):
    """Run ``study(model.decode, model.encode(real), real, **kwargs)`` for every trained model
    (one per seed) and stack the dicts it returns: {key: (runs,) array}."""
    check_callable(study, "study", "decode, codes, real -> dict")
    models = list(models)
    if not models or not all(hasattr(m, "encode") and hasattr(m, "decode") for m in models):
        raise TypeError("models must be a non-empty list of models with encode and decode")
    return stack_reports(study(m.decode, m.encode(real), real, **kwargs) for m in models)


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
