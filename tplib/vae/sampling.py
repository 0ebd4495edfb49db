"""Points and pictures of a trained VAE's latent plane: ``decode_grid`` and ``latent_walk``.

``decode_grid`` decodes a square grid of codes spaced by the prior's inverse normal CDF (the
chapter's figure of the whole plane); ``latent_walk`` draws the closed path through the plane
that the chapter's animations follow.
"""
import numpy as np
from scipy.stats import norm

from ..checks import check_int, check_number
from .model import check_vae

__all__ = ["decode_grid", "latent_walk"]

# Pixels that one decode_grid call may allocate at once.
_MAX_ELEMENTS = 2 * 10**8
_MAX_FRAMES = 10**6


def decode_grid(vae, n=15, image_shape=(28, 28), quantiles=(0.05, 0.95)):
    """Decode an n x n grid over the latent plane spaced by the inverse normal CDF.

    The grid's values are norm.ppf(linspace(*quantiles, n)), so equal steps in probability under
    the prior N(0, I). Returns (images (n, n, *image_shape), values (n,)); row i has
    z2 = values[::-1][i] (high at the top), column j has z1 = values[j].
    """
    vae = check_vae(vae)
    if vae.latent_dim != 2:
        raise ValueError(f"decode_grid needs a 2-D latent space; this VAE has {vae.latent_dim}")
    n = check_int(n, "n", minimum=1)
    if n * n * vae.input_dim > _MAX_ELEMENTS:
        raise ValueError(f"n must keep the grid's n * n * {vae.input_dim} pixels under "
                         f"{_MAX_ELEMENTS:,}; got n={n:,}")
    if isinstance(image_shape, (str, bytes)) or not hasattr(image_shape, "__len__"):
        raise TypeError(f"image_shape must be a tuple of sizes such as (28, 28), "
                        f"got {image_shape!r}")
    image_shape = tuple(check_int(d, f"image_shape[{i}]", minimum=1)
                        for i, d in enumerate(image_shape))
    if int(np.prod(image_shape)) != vae.input_dim:
        raise ValueError(f"image_shape {image_shape} does not hold {vae.input_dim} pixels")
    if isinstance(quantiles, (str, bytes)) or not hasattr(quantiles, "__len__") or len(
            quantiles) != 2:
        raise ValueError(f"quantiles must be a pair (lo, hi); got {quantiles!r}")
    lo, hi = (check_number(q, f"quantiles[{i}]") for i, q in enumerate(quantiles))
    if not 0 < lo < hi < 1:
        raise ValueError(f"quantiles must satisfy 0 < lo < hi < 1; got {quantiles}")
    values = norm.ppf(np.linspace(lo, hi, n))
    z1, z2 = np.meshgrid(values, values[::-1])
    images = vae.decode(np.column_stack([z1.ravel(), z2.ravel()]))
    return images.reshape(n, n, *image_shape), values


def latent_walk(n_frames=36, radius=1.5, turns=1):
    """Points of a closed walk through the latent plane (a rose curve): (n_frames, 2).

    The walk passes through the prior's centre and out to `radius` in several directions.
    """
    n_frames = check_int(n_frames, "n_frames", minimum=1, maximum=_MAX_FRAMES)
    radius = check_number(radius, "radius", minimum=0, strict=True)
    turns = check_int(turns, "turns", minimum=1)
    t = np.linspace(0, 2 * np.pi * turns, n_frames, endpoint=False)
    r = radius * np.sin(2 * t)
    return np.column_stack([r * np.cos(t), r * np.sin(t)])
