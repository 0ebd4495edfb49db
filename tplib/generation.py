"""How good is a generated glyph? Distances to the nearest real glyph, and latent-plane sampling.

A generator of 5x7 glyphs is judged here by two plain measures:

- the Hamming distance from each generated glyph (thresholded at 0.5) to the nearest glyph of
  the training set: 0 means it reproduced a real glyph, a few pixels means a plausible variant,
  many pixels means something no font holds;
- how undecided its pixels are: the fraction of pixels whose value lies within `margin` of 0.5,
  i.e. grey smudges rather than ink or paper.
"""
import numpy as np

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
]


def _check_glyphs(X, name, n_pixels=None):
    X = np.asarray(X)
    if not (np.issubdtype(X.dtype, np.number) or X.dtype == np.bool_):
        raise TypeError(f"{name} must hold numbers; got dtype {X.dtype}")
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"{name} must have shape (n, n_pixels) with n >= 1; got {X.shape}")
    if n_pixels is not None and X.shape[1] != n_pixels:
        raise ValueError(f"{name} must have {n_pixels} pixels per row like the other argument; "
                         f"got shape {X.shape}")
    X = X.astype(np.float64)
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{name} must be finite; got NaN or infinite values")
    return X


def nearest_real(generated, real, threshold=0.5):
    """Wrong pixels between each generated glyph and its nearest real glyph, after thresholding.

    generated: (n, P), real: (m, P), values in [0, 1]. Returns (distances (n,) ints,
    index (n,) ints into real).
    """
    G = _check_glyphs(generated, "generated") > threshold
    R = _check_glyphs(real, "real", G.shape[1]) > threshold
    # (n, m) Hamming distances in one broadcast: the sets here are small (thousands x 32).
    d = (G[:, None, :] != R[None, :, :]).sum(axis=2)
    index = d.argmin(axis=1)
    return d[np.arange(len(G)), index], index


def fraction_within(distances, k):
    """Fraction of generated glyphs within k wrong pixels of a real one: a float in [0, 1]."""
    distances = np.asarray(distances)
    if distances.ndim != 1 or distances.size == 0:
        raise ValueError(f"distances must be a non-empty 1-D array; got shape {distances.shape}")
    if k < 0:
        raise ValueError(f"k must be >= 0; got {k}")
    return float(np.mean(distances <= k))


def undecided_pixels(generated, margin=0.25):
    """Per glyph, the fraction of pixels with |value - 0.5| < margin: (n,) floats in [0, 1]."""
    if not 0 < margin <= 0.5:
        raise ValueError(f"margin must be in (0, 0.5]; got {margin}")
    G = _check_glyphs(generated, "generated")
    return np.mean(np.abs(G - 0.5) < margin, axis=1)


def generation_report(generated, real, ks=(0, 1, 2, 3), margin=0.25):
    """Summary numbers of one generator: a dict of floats.

    'mean_distance' (wrong pixels to the nearest real glyph), 'within_k' for each k in ks,
    'undecided' (mean fraction of grey pixels) and 'distinct_real' (how many different real
    glyphs are nearest to some sample, out of len(real)).
    """
    distances, index = nearest_real(generated, real)
    report = {"mean_distance": float(distances.mean())}
    for k in ks:
        report[f"within_{k}"] = fraction_within(distances, k)
    report["undecided"] = float(undecided_pixels(generated, margin).mean())
    report["distinct_real"] = int(len(np.unique(index)))
    return report


def latent_box(codes, margin=0.1):
    """The rectangle around 2-D codes, widened by `margin` of its size: ((x0, x1), (y0, y1))."""
    codes = _check_glyphs(codes, "codes")
    if codes.shape[1] != 2:
        raise ValueError(f"codes must have shape (n, 2); got {codes.shape}")
    lo, hi = codes.min(axis=0), codes.max(axis=0)
    pad = margin * (hi - lo)
    return (lo[0] - pad[0], hi[0] + pad[0]), (lo[1] - pad[1], hi[1] + pad[1])


def latent_grid(box, n=15):
    """n x n points evenly over box ((x0, x1), (y0, y1)), row by row from the top: (n*n, 2)."""
    (x0, x1), (y0, y1) = box
    if n < 2:
        raise ValueError(f"n must be at least 2; got {n}")
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
    distances, nearest = nearest_real(decode(latent_grid(box, n)), real)
    return distances.reshape(n, n), nearest.reshape(n, n)


def region_shares(nearest, n_real):
    """Fraction of points whose nearest real glyph is each of the n_real glyphs: (n_real,)."""
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

    codes = _check_glyphs(codes, "codes")
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
    codes = _check_glyphs(codes, "codes")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 3:
        raise ValueError(f"steps must be a whole number of at least 3; got {steps!r}")
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
    glyphs = decode(latent_grid(box, n))
    report = generation_report(glyphs, real)
    _, nearest = nearest_real(glyphs, real)
    report["largest_share"] = float(region_shares(nearest, len(real)).max())
    return report
