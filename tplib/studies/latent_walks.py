"""Latent walks: what a decoder makes of the straight paths between the codes of two glyphs.

Chapter 4 walks from the code of one real glyph to the code of another and decodes each step:
does the path pass through glyphs no font holds (new steps), or only copies of real ones? The
steps are measured with ``tplib.studies.glyph_quality.nearest_real`` (wrong pixels to the
nearest real glyph); the paths are ``tplib.latent_geometry.interpolate``'s straight lines.
"""
import numpy as np

from ..checks import check_callable, check_codes, check_int
from ..latent_geometry import interpolate
from .glyph_quality import nearest_real

__all__ = ["pair_walks", "pick_walks", "walk_summary", "walk_nearest"]


# Walks of more steps than this decode millions of glyphs: a typo.
_MAX_STEPS = 1000
_DECODER = "codes -> glyphs"


def pair_walks(decode, codes, real, steps=7):
    """Walk in a straight line between the codes of every pair of glyphs and decode each step.

    decode: (k, 2) -> (k, P); codes: (n, 2); real: (m, P). Returns (pairs, distances, nearest):
    pairs (p, 2) with i < j in order, and for each walk's ``steps`` glyphs (ends included) the
    wrong pixels to the nearest real glyph and its index, both (p, steps) ints.
    """
    check_callable(decode, "decode", _DECODER)
    codes = check_codes(codes, min_rows=2)
    steps = check_int(steps, "steps", minimum=3, maximum=_MAX_STEPS)
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


def walk_nearest(decode, codes, real, i, j, steps=7):
    """Index into real of the nearest real glyph to each inner step of the straight walk
    from codes[i] to codes[j] (``steps`` points, ends included): (steps - 2,) ints."""
    check_callable(decode, "decode", _DECODER)
    Z = check_codes(codes, dim=2, min_rows=2)
    steps = check_int(steps, "steps", minimum=3, maximum=_MAX_STEPS)
    i, j = (check_int(index, name, 0, len(Z) - 1) for name, index in (("i", i), ("j", j)))
    W = decode(interpolate(Z[i], Z[j], steps))
    return nearest_real(W[1:-1], real)[1]
