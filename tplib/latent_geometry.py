"""Latent geometry: the code plane's box and grid, neighbours across seeds, gaps, paths.

Codes are plain arrays ``Z`` (n_samples, latent_dim); several training runs stack into
``codes`` (n_runs, n_samples, latent_dim), checked by ``tplib.checks.check_codes``. Everything
here is a function of codes (and their labels) only: nothing trains, decodes or looks at a
glyph. The chapters pass the points these functions make to a decoder (``Autoencoder.decode``,
``VAE.decode``); what the decoded glyphs look like is measured in
``tplib.studies.glyph_quality``.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from .checks import (check_array, check_codes, check_indices, check_int, check_list,
                     check_number)

__all__ = [
    "latent_box",
    "latent_grid",
    "neighbour_ranks",
    "pair_ranks",
    "mutual_nearest_pairs",
    "pair_recurrence",
    "interpolate",
    "nearest_code",
    "neighbour_agreement",
    "adjacent_label_pairs",
]


# A path longer than this decodes millions of points: a typo.
_MAX_STEPS = 1_000_000
# Distances one call may hold at once (nearest_code's batches): 1.6 GB of float64.
_MAX_ELEMENTS = 2 * 10**8
# Grids finer than this decode millions of points: a typo, not a figure.
_MAX_GRID = 1000


def _check_point(z, name):
    """One latent point (dim,) (a (1, dim) row is accepted) as float64."""
    z = check_array(z, name)
    if z.ndim == 2 and len(z) == 1:
        z = z[0]
    if z.ndim != 1 or z.size == 0:
        raise ValueError(f"{name} must be one latent point of shape (dim,), got shape {z.shape}")
    return z


def _check_box(box):
    """((x0, x1), (y0, y1)) with finite x0 <= x1 and y0 <= y1."""
    try:
        b = check_array(box, "box", min_rows=0)
    except (TypeError, ValueError):
        b = None
    if b is None or b.shape != (2, 2) or np.any(b[:, 0] > b[:, 1]):
        raise ValueError(f"box must be ((x0, x1), (y0, y1)) with finite x0 <= x1 and y0 <= y1; "
                         f"got {box!r}")
    return box


def latent_box(codes, margin=0.1):
    """The rectangle around 2-D codes, widened by `margin` of its size: ((x0, x1), (y0, y1))."""
    codes = check_codes(codes, dim=2)
    margin = check_number(margin, "margin", minimum=0.0)
    lo, hi = codes.min(axis=0), codes.max(axis=0)
    pad = margin * (hi - lo)
    return (lo[0] - pad[0], hi[0] + pad[0]), (lo[1] - pad[1], hi[1] + pad[1])


def latent_grid(box, n=15):
    """n x n points evenly over box ((x0, x1), (y0, y1)), row by row from the top: (n*n, 2)."""
    (x0, x1), (y0, y1) = _check_box(box)
    n = check_int(n, "n", minimum=2, maximum=_MAX_GRID)
    z1, z2 = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y1, y0, n))
    return np.column_stack([z1.ravel(), z2.ravel()])


def neighbour_ranks(Z):
    """rank[i, j] = position of j among i's neighbours by distance (1 = nearest), 0 on the diagonal.

    Z: (n, dim) codes -> (n, n) ints. Ties are broken by index, so ranks are a permutation.
    """
    Z = check_codes(Z, "Z", min_rows=2)
    D = np.linalg.norm(Z[:, None, :] - Z[None, :, :], axis=-1)
    np.fill_diagonal(D, -np.inf)  # each point first in its own list, at rank 0
    order = np.argsort(D, axis=1, kind="stable")
    ranks = np.empty_like(order)
    rows = np.arange(len(Z))[:, None]
    ranks[rows, order] = np.arange(len(Z))[None, :]
    return ranks


def pair_ranks(codes, pairs):
    """How close each pair (i, j) sits in each run: (n_pairs, n_runs) ints.

    The entry is min(rank of j among i's neighbours, rank of i among j's): 1 means one of the
    two is the other's nearest neighbour. codes: (n_runs, n, dim) or (n, dim).
    """
    codes = check_codes(codes, min_rows=2, runs=True)
    n = codes.shape[1]
    pairs = check_list(pairs, "pairs", "(i, j) index pairs")
    for k, pair in enumerate(pairs):
        if isinstance(pair, (str, bytes)) or not hasattr(pair, "__len__") or len(pair) != 2:
            raise ValueError(f"pairs must be a list of (i, j) index pairs; pairs[{k}] is {pair!r}")
        pairs[k] = tuple(check_int(index, f"pairs[{k}] entry", 0, n - 1) for index in pair)
        if pairs[k][0] == pairs[k][1]:
            raise ValueError(f"pairs must hold two different indices, got pairs[{k}] = {pair!r}")
    out = np.empty((len(pairs), len(codes)), dtype=np.int64)
    for r, Z in enumerate(codes):
        ranks = neighbour_ranks(Z)
        for p, (i, j) in enumerate(pairs):
            out[p, r] = min(ranks[i, j], ranks[j, i])
    return out


def mutual_nearest_pairs(Z):
    """Pairs (i, j), i < j, that are each other's nearest neighbour in Z (n, dim); sorted."""
    ranks = neighbour_ranks(Z)
    nearest = np.argmax(ranks == 1, axis=1)
    return [(i, int(j)) for i, j in enumerate(nearest) if i < j and nearest[j] == i]


def pair_recurrence(codes):
    """How many runs have each mutual-nearest pair: [((i, j), count), ...], most frequent first.

    codes: (n_runs, n, dim). Ties in count keep the order of (i, j).
    """
    codes = check_codes(codes, min_rows=2, runs=True)
    counts = Counter(p for Z in codes for p in mutual_nearest_pairs(Z))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def interpolate(z_start, z_end, steps):
    """``steps`` evenly spaced points from z_start to z_end, both included: (steps, dim)."""
    a, b = _check_point(z_start, "z_start"), _check_point(z_end, "z_end")
    if a.shape != b.shape:
        raise ValueError(f"z_start and z_end must have the same shape, got {a.shape} and {b.shape}")
    steps = check_int(steps, "steps", minimum=2, maximum=_MAX_STEPS)
    t = np.linspace(0.0, 1.0, steps)[:, None]
    return (1.0 - t) * a + t * b


def _squared_distances(A, B):
    """Squared Euclidean distances between the rows of A (n, d) and B (m, d): (n, m)."""
    d2 = (A**2).sum(axis=1)[:, None] + (B**2).sum(axis=1)[None, :] - 2 * A @ B.T
    return np.maximum(d2, 0)


def nearest_code(Z, codes, batch_size=1000):
    """Euclidean distance from each row of Z to the nearest row of codes, and its index.

    Z: (n, d), codes: (m, d). Returns (distances (n,), indices (n,)). Used to find latent
    points that no item's code is near (the gaps of the plane).
    """
    Z, codes = check_array(Z, "Z", ndim=2), check_array(codes, "codes", ndim=2)
    if Z.shape[1] != codes.shape[1]:
        raise ValueError(f"Z and codes must have the same width; got {Z.shape} and "
                         f"{codes.shape}")
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    if min(batch_size, len(Z)) * len(codes) > _MAX_ELEMENTS:
        raise ValueError(f"batch_size must keep batch_size * len(codes) under "
                         f"{_MAX_ELEMENTS:,} distances at once; got {batch_size:,} * "
                         f"{len(codes):,}: pass a smaller batch_size")
    distances, indices = [], []
    for i in range(0, len(Z), batch_size):
        d2 = _squared_distances(Z[i : i + batch_size], codes)
        j = d2.argmin(axis=1)
        indices.append(j)
        distances.append(np.sqrt(d2[np.arange(len(j)), j]))
    return np.concatenate(distances), np.concatenate(indices)


def neighbour_agreement(Z, labels, k=10, queries=None):
    """Share of each query code's k nearest other codes that carry the same label.

    Z: (n, d) codes, labels: (n,) class (or group) of each code, queries: indices into Z
    (default all). Returns (len(queries),) fractions in [0, 1]: near 1 where a class owns its
    area of the plane, low where classes overlap.
    """
    Z = check_array(Z, "Z", ndim=2)
    labels = np.asarray(labels)
    if labels.shape != (len(Z),):
        raise ValueError(f"labels must have shape ({len(Z)},); got {labels.shape}")
    k = check_number(k, "k", minimum=1, maximum=max(len(Z) - 1, 1))
    if k != int(k) or k >= len(Z):
        raise ValueError(f"k must be an integer in [1, {len(Z) - 1}]; got {k:g}")
    k = int(k)
    queries = np.arange(len(Z)) if queries is None else check_indices(
        queries, "queries", np.size(queries), len(Z))
    shares = []
    for i in range(0, len(queries), 500):
        q = queries[i : i + 500]
        d2 = _squared_distances(Z[q], Z)
        d2[np.arange(len(q)), q] = np.inf  # a code is not its own neighbour
        nearest = np.argpartition(d2, k, axis=1)[:, :k]
        shares.append((labels[nearest] == labels[q, None]).mean(axis=1))
    return np.concatenate(shares) if shares else np.zeros(0)


def adjacent_label_pairs(labels):
    """The pairs of different labels that sit in edge-adjacent cells of a grid.

    labels: (rows, cols) integers, e.g. the class of the item nearest to each grid cell.
    Returns a set of (a, b) tuples with a < b.
    """
    labels = np.asarray(labels)
    if labels.ndim != 2 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be a 2-D integer array; got {labels.dtype} "
                         f"{labels.shape}")
    pairs = set()
    for a, b in ((labels[:, :-1], labels[:, 1:]), (labels[:-1, :], labels[1:, :])):
        for u, v in zip(a.ravel(), b.ravel()):
            if u != v:
                pairs.add((int(min(u, v)), int(max(u, v))))
    return pairs
