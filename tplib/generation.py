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
