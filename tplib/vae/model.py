"""The VAE model: its loss, the Keras ``VAE`` class, ``build_vae`` and the input checks it uses.

The loss of one image, in nats, is the negative evidence lower bound (ELBO)::

    loss = sum_d BCE(x_d, sigmoid(logit_d)) + KL(q(z | x) || N(0, I))
         = sum_d [softplus(logit_d) - x_d * logit_d]
           - 1/2 sum_j [1 + log_var_j - mean_j**2 - exp(log_var_j)]

The first term is the original's "784 x binary cross-entropy" (Keras' mean over pixels times the
number of pixels); it is computed from logits, which is the same number without the clipping
Keras needs on probabilities. ``check_config``, ``check_vae`` and ``check_images`` are public for
the package's other modules (training, files, sampling); the package does not re-export them.
This module is about 260 lines because the VAE class and the checks of its inputs belong together.
"""
import jax
import keras
import numpy as np
from scipy.special import expit

if keras.backend.backend() != "jax":
    raise ImportError(
        "tplib.vae needs Keras on the JAX backend, but keras was already imported with the "
        f"{keras.backend.backend()!r} backend; set KERAS_BACKEND=jax (or import tplib first) "
        "before anything imports keras"
    )

from keras import ops  # noqa: E402

from ..checks import check_array, check_int  # noqa: E402

__all__ = [
    "ARCHITECTURES",
    "CONFIG_KEYS",
    "MAX_SEED",
    "VAE",
    "build_vae",
    "vae_loss",
    "negative_elbo",
    "check_config",
    "check_vae",
    "check_images",
]

# Encoder widths (the decoder mirrors them) of the original's model and deeper ones, whose
# narrow added layers cost little; chapter 5 trains "original" and "deeper".
ARCHITECTURES = {"original": {"hidden": [256]}, "deep": {"hidden": [256, 128]},
                 "deeper": {"hidden": [256, 128, 64]}}
# The constructor arguments, as VAE.config returns them and files.py stores them.
CONFIG_KEYS = ("input_dim", "latent_dim", "hidden", "seed")
# Keras' seeds are 32-bit (keras.utils.set_random_seed refuses more, without naming seed).
MAX_SEED = 2**32 - 1
# A model above this many weights (1.6 GB as float32 with Adam's two moments) is refused before
# anything is allocated: the chapter's models have about 0.4 million, and a typo such as
# latent_dim=10**9 would otherwise ask JAX for terabytes and abort the process.
_MAX_WEIGHTS = 10**8


def check_config(input_dim, latent_dim, hidden, seed):
    """The VAE's constructor arguments checked; returns them as (int, int, [int], int)."""
    input_dim = check_int(input_dim, "input_dim", minimum=1)
    latent_dim = check_int(latent_dim, "latent_dim", minimum=1)
    if isinstance(hidden, (str, bytes)) or not hasattr(hidden, "__iter__"):
        raise TypeError(f"hidden must be a list of layer widths (or a name in ARCHITECTURES), "
                        f"got {hidden!r}")
    hidden = [check_int(h, f"hidden[{i}]", minimum=1) for i, h in enumerate(hidden)]
    seed = check_int(seed, "seed", minimum=0, maximum=MAX_SEED)
    widths = [input_dim, *hidden, 2 * latent_dim]
    back = [latent_dim, *reversed(hidden), input_dim]
    weights = sum((a + 1) * b for path in (widths, back) for a, b in zip(path, path[1:]))
    if weights > _MAX_WEIGHTS:
        raise ValueError(f"input_dim={input_dim:,}, latent_dim={latent_dim:,} and hidden={hidden} "
                         f"make a VAE of {weights:,} weights, more than the {_MAX_WEIGHTS:,} "
                         f"this library builds (the chapter's have under a million)")
    return input_dim, latent_dim, hidden, seed


def check_vae(vae):
    """vae itself if it is a ``VAE``; a TypeError naming what it is otherwise."""
    if not isinstance(vae, VAE):
        raise TypeError(f"vae must be a tplib.vae.VAE (from build_vae or load_vae), "
                        f"got {type(vae).__name__}")
    return vae


def check_images(X, input_dim, name="X", min_rows=1):
    """Validate X as floats in [0, 1] with input_dim pixels per row; returns (n, D) float32."""
    if isinstance(X, tuple) and len(X) == 1 and name == "validation_data":
        raise ValueError("validation_data must be the array of validation images itself, "
                         "not a tuple (X_val,)")
    try:
        raw = check_array(X, name, min_rows=0, dtype=None)
    except ValueError as error:  # the only one check_array raises here: NaN or infinity
        raise ValueError(f"{name} values must lie in [0, 1]; {error}") from None
    if raw.dtype == np.uint8:
        raise ValueError(f"{name} must be floats in [0, 1]; got uint8 (divide by 255 first)")
    if not np.issubdtype(raw.dtype, np.floating):
        raise ValueError(f"{name} must be a float array; got dtype {raw.dtype}")
    if raw.ndim < 2 or int(np.prod(raw.shape[1:])) != input_dim:
        raise ValueError(f"{name} must have shape (n, {input_dim}) or (n, ...) with {input_dim} "
                         f"pixels per item; got {raw.shape}")
    if len(raw) < min_rows:
        raise ValueError(f"{name} must have at least {min_rows} row(s), got shape {raw.shape}")
    X = raw.reshape(len(raw), input_dim).astype(np.float32)
    if X.size and (not np.all(np.isfinite(X)) or X.min() < 0 or X.max() > 1):
        raise ValueError(f"{name} values must lie in [0, 1]; got range [{X.min()}, {X.max()}]")
    return X


def vae_loss(x, logits, mean, log_var):
    """Negative ELBO of each image in nats: summed binary cross-entropy + KL; shape (n,).

    x, logits: (n, D); mean, log_var: (n, latent_dim). Works on NumPy or backend tensors.
    """
    reconstruction = ops.sum(ops.softplus(logits) - x * logits, axis=-1)
    kl = -0.5 * ops.sum(1.0 + log_var - ops.square(mean) - ops.exp(log_var), axis=-1)
    return reconstruction, kl


def negative_elbo(x, logits, mean, log_var):
    """``vae_loss`` on NumPy arrays, with its inputs checked first: (reconstruction, kl), each (n,).

    ``vae_loss`` itself is the bare formula that the compiled training step traces; called by
    hand on pixels outside [0, 1] it would return a meaningless, even negative, "loss".
    """
    x = check_array(x, "x", min_rows=0, low=0, high=1, dtype=None)
    logits = check_array(logits, "logits", min_rows=0, dtype=None)
    mean = check_array(mean, "mean", min_rows=0, dtype=None)
    log_var = check_array(log_var, "log_var", min_rows=0, dtype=None)
    if x.ndim == 0 or logits.shape != x.shape:
        raise ValueError(f"logits must have the shape of x (n, D); got {logits.shape} and "
                         f"{x.shape}")
    if mean.ndim == 0 or log_var.shape != mean.shape:
        raise ValueError(f"log_var must have the shape of mean (n, latent_dim); got "
                         f"{log_var.shape} and {mean.shape}")
    if mean.shape[:-1] != x.shape[:-1]:
        raise ValueError(f"mean must have one row per row of x; got {mean.shape} and "
                         f"{x.shape}")
    return vae_loss(x, logits, mean, log_var)


class VAE(keras.Model):
    """Dense VAE: D -> hidden... -> (mean, log_var) in R^latent_dim; z -> ...hidden -> D logits."""

    def __init__(self, input_dim, latent_dim=2, hidden=(256,), seed=0, **kwargs):
        input_dim, latent_dim, hidden, seed = check_config(input_dim, latent_dim, hidden, seed)
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.latent_dim = latent_dim
        self.hidden = hidden
        self.seed = seed
        self.encoder = keras.Sequential(
            [keras.Input((self.input_dim,))]
            + [keras.layers.Dense(h, activation="relu") for h in self.hidden]
            + [keras.layers.Dense(2 * self.latent_dim)],
            name="encoder",
        )
        self.decoder = keras.Sequential(
            [keras.Input((self.latent_dim,))]
            + [keras.layers.Dense(h, activation="relu") for h in reversed(self.hidden)]
            + [keras.layers.Dense(self.input_dim)],
            name="decoder",
        )
        self.seed_generator = keras.random.SeedGenerator(self.seed)
        self.reconstruction_tracker = keras.metrics.Mean(name="reconstruction")
        self.kl_tracker = keras.metrics.Mean(name="kl")
        self._compiled = {}  # jitted encoder/decoder applications, made on first use

    def call(self, x, training=False):
        h = self.encoder(x)
        mean, log_var = h[:, : self.latent_dim], h[:, self.latent_dim :]
        eps = keras.random.normal(ops.shape(mean), seed=self.seed_generator)
        z = mean + ops.exp(0.5 * log_var) * eps
        return self.decoder(z), mean, log_var

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        logits, mean, log_var = y_pred
        reconstruction, kl = vae_loss(x, logits, mean, log_var)
        self.reconstruction_tracker.update_state(reconstruction)
        self.kl_tracker.update_state(kl)
        return ops.mean(reconstruction + kl)

    @property
    def config(self):
        """The constructor arguments, as a plain dict (saved next to the weights)."""
        return {"input_dim": self.input_dim, "latent_dim": self.latent_dim,
                "hidden": self.hidden, "seed": self.seed}

    def _apply(self, part, X, batch_size):
        """Run the encoder or decoder on the rows of X: float32 (n, out), one compiled call per chunk.

        Each chunk is padded to a power of two (at least 64 rows), so the few compiled shapes
        are reused by every later call; eager per-operation dispatch would compile anew for
        every new number of rows.
        """
        batch_size = check_int(batch_size, "batch_size", minimum=1)
        if part.name not in self._compiled:
            self._compiled[part.name] = jax.jit(
                lambda weights, x: part.stateless_call(weights, [], x)[0])
        weights = [v.value for v in part.trainable_variables]
        chunks = []
        for i in range(0, len(X), int(batch_size)):
            x = X[i : i + int(batch_size)]
            rows = max(64, 1 << (len(x) - 1).bit_length())
            padded = np.zeros((rows, X.shape[1]), np.float32)
            padded[: len(x)] = x
            chunks.append(np.asarray(self._compiled[part.name](weights, padded))[: len(x)])
        if not chunks:
            width = 2 * self.latent_dim if part is self.encoder else self.input_dim
            return np.zeros((0, width), np.float32)
        return np.concatenate(chunks)

    def encode(self, X, batch_size=1000):
        """Mean and log-variance of q(z | x) for each row of X: two arrays (n, latent_dim)."""
        X = check_images(X, self.input_dim, min_rows=0)
        check_int(batch_size, "batch_size", minimum=1)
        h = self._apply(self.encoder, X, batch_size)
        return h[:, : self.latent_dim], h[:, self.latent_dim :]

    def decode_logits(self, Z, batch_size=1000):
        """Decoder logits for each row of Z: (n, latent_dim) -> float32 (n, D)."""
        # float32 as the decoder computes: a code beyond float32's range is refused as infinite
        with np.errstate(over="ignore"):  # the overflow is reported below, by name
            Z = check_array(Z, "Z", min_rows=0, dtype=np.float32)
        if Z.ndim != 2 or Z.shape[1] != self.latent_dim:
            raise ValueError(f"Z must have shape (n, {self.latent_dim}); got {Z.shape}")
        check_int(batch_size, "batch_size", minimum=1)
        return self._apply(self.decoder, Z, batch_size)

    def decode(self, Z, batch_size=1000):
        """Pixel probabilities sigmoid(decoder(z)) for each row of Z: (n, latent_dim) -> (n, D)."""
        logits = self.decode_logits(Z, batch_size)
        # expit, not 1 / (1 + exp(-x)): no overflow warning at large -x; elsewhere the two agree
        # to 2.2e-16 (checked over every float32 logit; 0.3% differ in the last bit or two)
        return expit(logits.astype(np.float64))

    def reconstruct(self, X):
        """Decode the mean code of each row of X: (n, D) -> (n, D) probabilities."""
        return self.decode(self.encode(X)[0])

    def save(self, path):
        """Write the configuration and weights to an .npz file (no pickle); see ``load_vae``."""
        from .files import save_vae  # files.py imports this module: import it on use

        save_vae(self, path)


def build_vae(input_dim=784, latent_dim=2, hidden="original", seed=0):
    """A compiled-ready VAE. hidden: a name in ARCHITECTURES or a list of encoder widths."""
    if isinstance(hidden, str):
        if hidden not in ARCHITECTURES:
            raise ValueError(f"hidden must be one of {sorted(ARCHITECTURES)} or a list of "
                             f"widths; got {hidden!r}")
        hidden = ARCHITECTURES[hidden]["hidden"]
    input_dim, latent_dim, hidden, seed = check_config(input_dim, latent_dim, hidden, seed)
    keras.utils.set_random_seed(seed)
    vae = VAE(input_dim, latent_dim, hidden, seed=seed)
    vae.build((None, input_dim))
    return vae
