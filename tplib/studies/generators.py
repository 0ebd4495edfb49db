"""Three generators of glyphs, each a decoder over a plane with its own sampling distribution.

Chapter 4 compares, on Font 2, the recipes of three chapters:

- ``"autoencoder"``: chapter 1's 35-25-2-25-35 (sigmoid units, linear code, cross-entropy,
  Adam at lr 0.01), trained until no pixel is wrong (at most 3,000 epochs);
- ``"denoising AE"``: the same network trained on fresh flips at p = 0.1 every epoch for 2,000
  epochs (chapter 3's ``train_fresh_noise``);
- ``"VAE"``: chapter 5's glyph VAE (35-64-32-2 and back, 25 epochs of 100 copies of the font).

A plain autoencoder has no distribution to sample from; the fairest stand-in is the Gaussian
fitted to its 32 codes (their mean mu and covariance C = L L^T). Each generator is therefore
given in *standard coordinates* u, where its sampling distribution is N(0, I): z = mu + L u for
the autoencoders, z = u for the VAE (its prior). The map u -> z is folded into the decoder's
first layer, so a ``Generator`` is a plain dense decoder (``tplib.nn.forward``) that the book's
pages can also run in JavaScript.
"""
import numpy as np

from .. import nn
from ..autoencoder import Autoencoder
from ..checks import check_choice, check_glyphs, check_int, check_number, check_seed
from ..latent_geometry import latent_grid
from ..optimizers import Adam
from .denoising import train_fresh_noise
from .glyph_measures import glyph_measures, kinds, rates

__all__ = ["GENERATORS", "Generator", "train_generator", "sample_measures", "sample_rates",
           "radius_profile", "kind_map"]

GENERATORS = ("autoencoder", "denoising AE", "VAE")
_MAX_SAMPLES = 1_000_000


class Generator:
    """A decoder in standard coordinates: ``decode(U)`` maps (n, 2) points to (n, P) glyphs.

    ``params``: [(W, b), ...] with the first W of 2 rows; ``activations``: one name per layer;
    ``codes``: the (m, 2) training glyphs' codes in the same coordinates.
    """

    def __init__(self, name, params, activations, codes):
        self.name = str(name)
        self.params = [(np.asarray(W, np.float64), np.asarray(b, np.float64).ravel())
                       for W, b in params]
        self.activations = list(activations)
        self.codes = nn.check_matrix(codes, "codes", 2)
        self.decode(self.codes[:1])  # fails now, by name, if the layers do not fit

    def decode(self, U):
        """Glyphs for points of the standard plane: (n, 2) -> (n, P) values in [0, 1]."""
        return nn.forward(self.params, nn.check_matrix(U, "U", 2), self.activations)

    def __repr__(self):
        sizes = "-".join(str(n) for n in [2] + [W.shape[1] for W, _ in self.params])
        return f"Generator({self.name!r}, decoder {sizes})"


def _standardised(name, decoder, codes):
    """Fold z = mu + L u into the first layer, for the Gaussian fitted to the codes."""
    (params, activations), Z = decoder, np.asarray(codes, np.float64)
    mu, L = Z.mean(axis=0), np.linalg.cholesky(np.cov(Z.T))
    (W, b), rest = params[0], params[1:]
    first = (L.T @ W, mu @ W + b)  # (mu + u L^T) W + b
    U = np.linalg.solve(L, (Z - mu).T).T
    return Generator(name, [first, *rest], activations, U)


def _vae_generator(X, seed):
    from .. import vae as V  # Keras and JAX load only when a VAE is asked for

    model = V.build_vae(X.shape[1], latent_dim=2, hidden=[64, 32], seed=seed)
    V.train_vae(model, np.tile(X, (100, 1)), epochs=25, batch_size=32, lr=3e-3, seed=seed,
                progress=False, steps_per_execution=25)
    params = [(np.asarray(layer.kernel.value, np.float64), np.asarray(layer.bias.value, np.float64))
              for layer in model.decoder.layers]
    activations = ["relu"] * (len(params) - 1) + ["sigmoid"]  # sigmoid of the logits
    return Generator("VAE", params, activations, model.encode(X)[0])


def train_generator(name, X, seed):
    """Train one of ``GENERATORS`` on the glyphs X (n, 35) from ``seed``: a ``Generator``."""
    check_choice(name, "name", GENERATORS)
    X, seed = check_glyphs(X), check_seed(seed)
    if name == "VAE":
        return _vae_generator(X, seed)
    if name == "autoencoder":
        model = Autoencoder([X.shape[1], 25, 2, 25, X.shape[1]], loss="bce",
                            latent_activation="linear", seed=seed)
        model.fit(X, optimizer=Adam(lr=0.01), epochs=3000, target_pixel_errors=0)
    else:
        model = train_fresh_noise(X, seed, p=0.1)
    return _standardised(name, model.decoder, model.encode(X))


def _samples(seed, size):
    size = check_int(size, "size", minimum=1, maximum=_MAX_SAMPLES)
    return np.random.default_rng(check_seed(seed)).standard_normal((size, 2))


def sample_measures(generator, real, table, seed, size=2000):
    """``glyph_measures.glyph_measures`` of ``size`` glyphs decoded from u ~ N(0, I), drawn
    with ``numpy.random.default_rng(seed)``: a dict of (size,) arrays."""
    return glyph_measures(generator.decode(_samples(seed, size)), real, table)


def sample_rates(generator, real, table, plausible_from, seed, size=2000):
    """``glyph_measures.rates`` of the glyphs ``sample_measures`` draws: a dict of floats."""
    measures = sample_measures(generator, real, table, seed, size)
    return rates(measures, plausible_from, len(real))


def radius_profile(generator, real, table, plausible_from, seed, edges=(0, 1, 2, 3),
                   size=2000):
    """``rates`` of the samples in each ring edges[k] <= |u| < edges[k + 1]: a list of dicts.

    The samples are spread uniformly over each ring's area (u = r (cos t, sin t) with r^2 and
    t uniform), so every ring gets ``size`` points however rarely N(0, I) reaches it.
    """
    edges = np.asarray(edges, dtype=np.float64)
    if edges.ndim != 1 or len(edges) < 2 or np.any(np.diff(edges) <= 0) or edges[0] < 0:
        raise ValueError(f"edges must be increasing radii >= 0, at least two; got {edges}")
    size = check_int(size, "size", minimum=1, maximum=_MAX_SAMPLES)
    rng, out = np.random.default_rng(check_seed(seed)), []
    for lo, hi in zip(edges[:-1], edges[1:]):
        r, t = np.sqrt(rng.uniform(lo**2, hi**2, size)), rng.uniform(0, 2 * np.pi, size)
        U = np.column_stack([r * np.cos(t), r * np.sin(t)])
        out.append(rates(glyph_measures(generator.decode(U), real, table), plausible_from,
                         len(real)))
    return out


def kind_map(generator, real, table, plausible_from, extent=3.0, n=80):
    """The kind (``glyph_measures.KINDS``) of the glyph at each point of an n x n grid over
    [-extent, extent]^2 of the standard plane: (n, n) ints, row 0 at the top."""
    extent = check_number(extent, "extent", minimum=0, strict=True)
    n = check_int(n, "n", minimum=2, maximum=1000)
    U = latent_grid(((-extent, extent), (-extent, extent)), n)
    return kinds(glyph_measures(generator.decode(U), real, table), plausible_from).reshape(n, n)
