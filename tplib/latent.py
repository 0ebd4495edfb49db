"""Reading a latent space: which codes sit together, across seeds, and paths between them.

Codes are plain arrays ``Z`` (n_samples, latent_dim); several training runs stack into
``codes`` (n_runs, n_samples, latent_dim). Nothing here trains or decodes: the chapters pass
the points these functions make to ``Autoencoder.decode`` (grids over the plane and distances
to real glyphs are in ``tplib.generation``).
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from .checks import check_array, check_int

__all__ = [
    "neighbour_ranks",
    "pair_ranks",
    "mutual_nearest_pairs",
    "pair_recurrence",
    "interpolate",
]


# A path longer than this decodes millions of points: a typo.
_MAX_STEPS = 1_000_000


def _check_point(z, name):
    """One latent point (dim,) (a (1, dim) row is accepted) as float64."""
    z = check_array(z, name)
    if z.ndim == 2 and len(z) == 1:
        z = z[0]
    if z.ndim != 1 or z.size == 0:
        raise ValueError(f"{name} must be one latent point of shape (dim,), got shape {z.shape}")
    return z


def _check_codes(codes, name="codes"):
    codes = check_array(codes, name, min_rows=0)
    if codes.ndim == 2:
        codes = codes[None]
    if codes.ndim != 3 or codes.shape[1] < 2:
        raise ValueError(f"{name} must be (n_samples, dim) or (n_runs, n_samples, dim) with at "
                         f"least 2 samples, got shape {codes.shape}")
    return codes


def neighbour_ranks(Z):
    """rank[i, j] = position of j among i's neighbours by distance (1 = nearest), 0 on the diagonal.

    Z: (n, dim) codes -> (n, n) ints. Ties are broken by index, so ranks are a permutation.
    """
    Z = _check_codes(Z, "Z")[0]
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
    codes = _check_codes(codes)
    n = codes.shape[1]
    if isinstance(pairs, (str, bytes, dict)) or not hasattr(pairs, "__iter__"):
        raise TypeError(f"pairs must be a list of (i, j) index pairs, got {pairs!r}")
    pairs = list(pairs)
    for k, pair in enumerate(pairs):
        if isinstance(pair, (str, bytes)) or not hasattr(pair, "__len__") or len(pair) != 2:
            raise ValueError(f"pairs must be a list of (i, j) index pairs; pairs[{k}] is {pair!r}")
        for index in pair:
            check_int(index, f"pairs[{k}] entry")
    pairs = [(int(i), int(j)) for i, j in pairs]
    for i, j in pairs:
        if not (0 <= i < n and 0 <= j < n) or i == j:
            raise ValueError(f"pairs must hold two different indices in [0, {n}), got {(i, j)}")
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
    codes = _check_codes(codes)
    counts = Counter(p for Z in codes for p in mutual_nearest_pairs(Z))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def interpolate(z_start, z_end, steps):
    """``steps`` evenly spaced points from z_start to z_end, both included: (steps, dim)."""
    a, b = _check_point(z_start, "z_start"), _check_point(z_end, "z_end")
    if a.shape != b.shape:
        raise ValueError(f"z_start and z_end must have the same shape, got {a.shape} and {b.shape}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 2:
        raise ValueError(f"steps must be a whole number of at least 2, got {steps!r}")
    steps = check_int(steps, "steps", maximum=_MAX_STEPS)
    t = np.linspace(0.0, 1.0, steps)[:, None]
    return (1.0 - t) * a + t * b
