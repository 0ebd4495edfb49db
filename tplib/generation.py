"""How good is a generated glyph? Distances to the nearest real glyph, and latent-plane sampling.

A generator of 5x7 glyphs is judged here by two plain measures:

- the Hamming distance from each generated glyph (thresholded at 0.5) to the nearest glyph of
  the training set: 0 means it reproduced a real glyph, a few pixels means a plausible variant,
  many pixels means something no font holds;
- how undecided its pixels are: the fraction of pixels whose value lies within `margin` of 0.5,
  i.e. grey smudges rather than ink or paper.
"""
import numbers

import numpy as np

from .checks import check_array, check_glyphs, check_int, check_number, check_seeds
from .latent import interpolate

__all__ = [
    "nearest_real",
    "fraction_within",
    "undecided_pixels",
    "generation_report",
    "latent_box",
    "latent_grid",
    "grid_maps",
    "region_shares",
    "outer_glyphs",
    "pair_walks",
    "pick_walks",
    "walk_summary",
    "grid_report",
    "REPORT_COLUMNS",
    "longest_sides",
    "centre_shift",
    "isolation",
    "lower_bound",
    "gap_in_se",
    "sheet_counts",
    "map_counts",
    "box_report",
    "gaussian_report",
    "walk_nearest",
    "stack_reports",
    "over_runs",
    "report_cells",
]


# Grids finer than this decode millions of points; samples beyond this are typos.
_MAX_GRID = 1000
_MAX_SAMPLES = 10_000_000


def _check_points(codes, name="codes", min_rows=1, dim=2):
    """(n, dim) finite latent codes as float64; n >= min_rows."""
    codes = check_array(codes, name, ndim=2, min_rows=min_rows)
    if dim is not None and codes.shape[1] != dim:
        raise ValueError(f"{name} must have shape (n, {dim}); got {codes.shape}")
    return codes


def _check_grid_size(n, name="n"):
    if isinstance(n, (numbers.Integral, np.integer)) and not isinstance(n, bool) and n < 2:
        raise ValueError(f"{name} must be at least 2; got {n}")
    return check_int(n, name, minimum=2, maximum=_MAX_GRID)


def _check_box(box):
    """((x0, x1), (y0, y1)) with finite x0 <= x1 and y0 <= y1, as floats."""
    try:
        b = check_array(box, "box", min_rows=0)
    except (TypeError, ValueError):
        b = None
    if b is None or b.shape != (2, 2) or not np.all(np.isfinite(b)) or np.any(b[:, 0] > b[:, 1]):
        raise ValueError(f"box must be ((x0, x1), (y0, y1)) with finite x0 <= x1 and y0 <= y1; "
                         f"got {box!r}")
    return box


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
    if isinstance(k, (numbers.Real, np.number)) and not isinstance(k, bool) and k < 0:
        raise ValueError(f"k must be >= 0; got {k}")
    check_number(k, "k")
    if k < 0:
        raise ValueError(f"k must be >= 0; got {k}")
    return float(np.mean(distances <= k))


def undecided_pixels(generated, margin=0.25):
    """Per glyph, the fraction of pixels with |value - 0.5| < margin: (n,) floats in [0, 1]."""
    if not isinstance(margin, (numbers.Real, np.number)) or isinstance(margin, bool):
        raise TypeError(f"margin must be a number in (0, 0.5]; got {margin!r}")
    if not 0 < margin <= 0.5:  # NaN fails this test too
        raise ValueError(f"margin must be in (0, 0.5]; got {margin}")
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
    ks = list(ks)
    for i, k in enumerate(ks):
        check_int(k, f"ks[{i}]", minimum=0)
    distances, index = nearest_real(generated, real)
    report = {"mean_distance": float(distances.mean())}
    for k in ks:
        report[f"within_{k}"] = fraction_within(distances, k)
    report["undecided"] = float(undecided_pixels(generated, margin).mean())
    report["distinct_real"] = int(len(np.unique(index)))
    return report


def latent_box(codes, margin=0.1):
    """The rectangle around 2-D codes, widened by `margin` of its size: ((x0, x1), (y0, y1))."""
    codes = _check_points(codes)
    margin = check_number(margin, "margin", minimum=0.0)
    lo, hi = codes.min(axis=0), codes.max(axis=0)
    pad = margin * (hi - lo)
    return (lo[0] - pad[0], hi[0] + pad[0]), (lo[1] - pad[1], hi[1] + pad[1])


def latent_grid(box, n=15):
    """n x n points evenly over box ((x0, x1), (y0, y1)), row by row from the top: (n*n, 2)."""
    (x0, x1), (y0, y1) = _check_box(box)
    n = _check_grid_size(n)
    z1, z2 = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y1, y0, n))
    return np.column_stack([z1.ravel(), z2.ravel()])


# Studies over several trained models: the chapter's claims rest on these, not on one run.

def grid_maps(decode, box, real, n=60):
    """Decode an n x n grid over box and compare each glyph with the real ones.

    decode: (k, 2) codes -> (k, P) glyphs; real: (m, P). Returns (distances, nearest), two
    (n, n) int arrays laid out like ``latent_grid`` (row 0 at the top): wrong pixels to the
    nearest real glyph and that glyph's index.
    """
    if not callable(decode):
        raise TypeError(f"decode must be callable (codes -> glyphs); got {type(decode).__name__}")
    n = _check_grid_size(n)
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


def outer_glyphs(codes):
    """Indices of the codes on the convex hull of the (n, 2) codes (the outside of the cloud)."""
    from scipy.spatial import ConvexHull

    codes = _check_points(codes, dim=None)
    if codes.shape[1] != 2 or len(codes) < 3:
        raise ValueError(f"codes must have shape (n, 2) with n >= 3; got {codes.shape}")
    return np.sort(ConvexHull(codes).vertices)


def pair_walks(decode, codes, real, steps=7):
    """Walk in a straight line between the codes of every pair of glyphs and decode each step.

    decode: (k, 2) -> (k, P); codes: (n, 2); real: (m, P). Returns (pairs, distances, nearest):
    pairs (p, 2) with i < j in order, and for each walk's ``steps`` glyphs (ends included) the
    wrong pixels to the nearest real glyph and its index, both (p, steps) ints.
    """
    if not callable(decode):
        raise TypeError(f"decode must be callable (codes -> glyphs); got {type(decode).__name__}")
    codes = _check_points(codes, min_rows=2, dim=None)
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 3:
        raise ValueError(f"steps must be a whole number of at least 3; got {steps!r}")
    check_int(steps, "steps", maximum=_MAX_GRID)
    pairs = np.array([(i, j) for i in range(len(codes)) for j in range(i + 1, len(codes))])
    t = np.linspace(0.0, 1.0, steps)[None, :, None]
    points = (1 - t) * codes[pairs[:, 0], None, :] + t * codes[pairs[:, 1], None, :]
    distances, nearest = nearest_real(decode(points.reshape(-1, codes.shape[1])), real)
    return pairs, distances.reshape(len(pairs), steps), nearest.reshape(len(pairs), steps)


def pick_walks(pairs, distances, k=2):
    """The k walks with the most inner steps not in the font, no two sharing a glyph.

    pairs (p, 2) and distances (p, steps) as ``pair_walks`` returns them; ties keep the
    order of pairs. Returns a list of k (i, j) tuples.
    """
    pairs, distances = np.asarray(pairs), np.asarray(distances)
    if pairs.ndim != 2 or distances.shape[:1] != pairs.shape[:1] or distances.ndim != 2:
        raise ValueError(f"pairs (p, 2) and distances (p, steps) must match; got "
                         f"{pairs.shape} and {distances.shape}")
    k = check_int(k, "k", minimum=1)
    new_steps = (distances[:, 1:-1] > 0).sum(axis=1)
    chosen = []
    for index in np.argsort(-new_steps, kind="stable"):
        if not set(pairs[index].tolist()) & {g for pair in chosen for g in pair}:
            chosen.append(tuple(int(g) for g in pairs[index]))
        if len(chosen) == k:
            return chosen
    raise ValueError(f"k={k} walks sharing no glyph do not exist among {len(pairs)} pairs")


def walk_summary(pairs, distances, nearest):
    """What the inner steps of many walks are, as fractions: a dict of floats.

    'with_new': walks with at least one inner step not in the font; among the inner steps
    not in the font, 'one_pixel' (one wrong pixel from a real glyph) and 'several' (three or
    more); 'one_pixel_other': of the one-pixel steps, those nearest to neither end's glyph.
    """
    pairs, distances, nearest = (np.asarray(a) for a in (pairs, distances, nearest))
    if distances.shape != nearest.shape or distances.shape[0] != len(pairs):
        raise ValueError(f"pairs, distances and nearest must match; got {pairs.shape}, "
                         f"{distances.shape} and {nearest.shape}")
    inner, near = distances[:, 1:-1], nearest[:, 1:-1]
    new = inner > 0
    other = (near != pairs[:, :1]) & (near != pairs[:, 1:])
    one = inner == 1
    return {"with_new": float(new.any(axis=1).mean()),
            "one_pixel": float(one[new].mean()) if new.any() else 0.0,
            "several": float((inner >= 3)[new].mean()) if new.any() else 0.0,
            "one_pixel_other": float(other[one].mean()) if one.any() else 0.0}


def grid_report(decode, box, real, n=60):
    """``generation_report`` of the glyphs decoded over an n x n grid on box, plus
    'largest_share': the fraction of grid points whose nearest real glyph is the most common one.
    """
    if not callable(decode):
        raise TypeError(f"decode must be callable (codes -> glyphs); got {type(decode).__name__}")
    glyphs = decode(latent_grid(box, _check_grid_size(n)))
    report = generation_report(glyphs, real)
    _, nearest = nearest_real(glyphs, real)
    report["largest_share"] = float(region_shares(nearest, len(real)).max())
    return report


# Measurements over several runs: the plumbing behind the chapter's tables and checks.

def _check_codes(codes, name="codes"):
    raw = np.asarray(codes) if isinstance(codes, (list, tuple, np.ndarray)) else None
    if raw is not None and raw.dtype != object and (
            raw.ndim != 2 or raw.shape[1] != 2 or len(raw) < 2):
        raise ValueError(f"{name} must have shape (n, 2) with n >= 2; got {raw.shape}")
    return _check_points(codes, name, min_rows=2)


def _check_runs(codes_per_run):
    if isinstance(codes_per_run, (str, bytes, dict)) or not hasattr(codes_per_run, "__len__"):
        raise TypeError(f"codes_per_run must be a list of (n, 2) code arrays, one per run; "
                        f"got {type(codes_per_run).__name__}")
    if len(codes_per_run) < 2:
        raise ValueError(f"codes_per_run must hold at least 2 runs; got {len(codes_per_run)}")
    return [_check_codes(Z, f"codes_per_run[{k}]") for k, Z in enumerate(codes_per_run)]


def longest_sides(codes_per_run):
    """Longest side of the rectangle around each run's (n, 2) codes: (runs,) floats."""
    return np.array([np.ptp(Z, axis=0).max() for Z in _check_runs(codes_per_run)])


def centre_shift(codes_per_run):
    """How far the centre (mean) of the codes moves between runs: the largest distance
    between two runs' centres over the median longest side (``longest_sides``), a float."""
    runs = _check_runs(codes_per_run)
    C = np.array([Z.mean(axis=0) for Z in runs])  # (runs, 2) centres
    D = np.linalg.norm(C[:, None] - C[None], axis=2)
    return float(D.max() / np.median(longest_sides(runs)))


def isolation(codes):
    """Nearest-neighbour distance of the most isolated code over the median one, for (n, 2)
    codes (n >= 3): 1 for evenly spread codes, large when some sit far from all others."""
    Z = _check_codes(codes)
    if len(Z) < 3:
        raise ValueError(f"codes must hold at least 3 points; got {len(Z)}")
    D = np.linalg.norm(Z[:, None] - Z[None], axis=2)
    D[np.diag_indices(len(Z))] = np.inf
    return D.min(axis=1).max() / np.median(D.min(axis=1))


def _check_sample(values, name):
    values = check_array(values, name, min_rows=0, dtype=None)
    if values.ndim != 1 or len(values) < 2:
        raise ValueError(f"{name} must be a 1-D sample of at least 2 values; "
                         f"got shape {values.shape}")
    return values


def lower_bound(values, k=2):
    """Mean of a (runs,) sample minus k standard errors (ddof=1): a float."""
    values = _check_sample(values, "values")
    k = check_number(k, "k")
    return np.mean(values) - k * np.std(values, ddof=1) / np.sqrt(len(values))


def gap_in_se(a, b):
    """Difference of the means of two samples (runs,) in standard errors of the difference
    (Welch): positive when a is larger."""
    a, b = _check_sample(a, "a"), _check_sample(b, "b")
    se = np.sqrt(np.var(a, ddof=1) / len(a) + np.var(b, ddof=1) / len(b))
    return (np.mean(a) - np.mean(b)) / se


def _check_decode(decode):
    if not callable(decode):
        raise TypeError(f"decode must be callable (codes -> glyphs); got {type(decode).__name__}")


def sheet_counts(decode, codes, real, n=15, margin=0.05):
    """What an n x n sheet over the codes' rectangle holds: a dict.

    decode: (k, 2) -> (k, P); codes: (m, 2), the codes of real (m, P). 'copies': fraction of
    cells that copy a real glyph; 'most_cells': cells of the most copied glyph; 'sparse': glyphs
    copied in one cell or none; 'sparse_inside': the fraction of those not on the convex hull
    of the codes; 'smudges': cells with more than a fifth of their pixels undecided.
    """
    _check_decode(decode)
    Z = _check_codes(codes)
    n = _check_grid_size(n)
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
    _check_decode(decode)
    Z = _check_codes(codes)
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
    return grid_report(decode, latent_box(_check_codes(codes), margin), real, n=n)


def gaussian_report(decode, codes, real, seed, size=1000):
    """``generation_report`` of ``size`` samples of the Gaussian fitted to the (m, 2) codes
    (their mean and covariance), drawn with ``numpy.random.default_rng(seed)``."""
    _check_decode(decode)
    check_seeds(seed, "seed")  # one seed or a list of them, as default_rng takes
    size = check_int(size, "size", minimum=1, maximum=_MAX_SAMPLES)
    Z, rng = _check_codes(codes), np.random.default_rng(seed)
    Zs = rng.multivariate_normal(Z.mean(axis=0), np.cov(Z.T), size=size)
    return generation_report(decode(Zs), real)


def walk_nearest(decode, codes, real, i, j, steps=7):
    """Index into real of the nearest real glyph to each inner step of the straight walk
    from codes[i] to codes[j] (``steps`` points, ends included): (steps - 2,) ints."""
    _check_decode(decode)
    Z = _check_codes(codes)
    steps = check_int(steps, "steps", minimum=3, maximum=_MAX_GRID)
    for name, index in (("i", i), ("j", j)):
        check_int(index, name)
        if not 0 <= index < len(Z):
            raise ValueError(f"{name} must index codes (0..{len(Z) - 1}); got {index}")
    W = decode(interpolate(*Z[[i, j]], steps))
    return nearest_real(W[1:-1], real)[1]


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
    if not callable(study):
        raise TypeError(f"study must be callable; got {type(study).__name__}")
    models = list(models)
    if not models or not all(hasattr(m, "encode") and hasattr(m, "decode") for m in models):
        raise TypeError("models must be a non-empty list of models with encode and decode")
    return stack_reports(study(m.decode, m.encode(real), real, **kwargs) for m in models)


# Columns of the chapter's table of grid reports: title -> (report key, number format); a
# format of None gives the range over the runs of a count of glyphs.
REPORT_COLUMNS = {"mean wrong pixels": ("mean_distance", "{:.2f}"),
                  "copies": ("within_0", "{:.0%}"), "within 3": ("within_3", "{:.0%}"),
                  "grey pixels": ("undecided", "{:.1%}"),
                  "glyphs reached": ("distinct_real", None),
                  "largest share": ("largest_share", "{:.0%}")}


def report_cells(reports, n_real, columns=None):
    """Table cells for stacked reports ({key: (runs,) array}, as ``over_runs`` returns): for
    each column of ``columns`` (default ``REPORT_COLUMNS``), 'mean ± sd' over the runs, or for
    a count 'lo-hi of n_real'. Returns a list of str."""
    columns = REPORT_COLUMNS if columns is None else columns
    n_real = check_int(n_real, "n_real", minimum=1)
    if not isinstance(reports, dict):
        raise TypeError(f"reports must be a dict of (runs,) arrays, as over_runs returns, "
                        f"got {type(reports).__name__}")
    if not isinstance(columns, dict) or not all(
            isinstance(v, tuple) and len(v) == 2 for v in columns.values()):
        raise TypeError("columns must be a dict of title -> (report key, format or None), "
                        f"got {type(columns).__name__}")
    missing = [key for key, _ in columns.values() if key not in reports]
    if missing:
        raise ValueError(f"reports lacks the keys {missing} that columns asks for")
    cells = []
    for key, spec in columns.values():
        v = reports[key]
        if spec is None:
            span = f"{min(v)}" if min(v) == max(v) else f"{min(v)}-{max(v)}"
            cells.append(f"{span} of {n_real}")
        else:
            cells.append(f"{spec.format(np.mean(v))} ± {spec.format(np.std(v, ddof=1))}")
    return cells
