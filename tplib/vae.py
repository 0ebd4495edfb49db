"""The variational autoencoder of chapter 5, in Keras 3 on the JAX backend.

An encoder maps an image x (flattened to D pixels in [0, 1]) to the mean and log-variance of a
Gaussian q(z | x) over a small latent space; a sample z = mean + exp(log_var / 2) * eps with
eps ~ N(0, I) (the reparameterisation) goes through the decoder to Bernoulli logits. The loss of
one image, in nats, is the negative evidence lower bound (ELBO)::

    loss = sum_d BCE(x_d, sigmoid(logit_d)) + KL(q(z | x) || N(0, I))
         = sum_d [softplus(logit_d) - x_d * logit_d]
           - 1/2 sum_j [1 + log_var_j - mean_j**2 - exp(log_var_j)]

The first term is the original's "784 x binary cross-entropy" (Keras' mean over pixels times the
number of pixels); it is computed from logits, which is the same number without the clipping
Keras needs on probabilities.
"""
import json
import os
import sys
import time

if "keras" not in sys.modules:
    os.environ["KERAS_BACKEND"] = "jax"

import jax  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
from scipy.stats import norm  # noqa: E402

if keras.backend.backend() != "jax":
    raise ImportError(
        "tplib.vae needs Keras on the JAX backend, but keras was already imported with the "
        f"{keras.backend.backend()!r} backend; set KERAS_BACKEND=jax (or import tplib first) "
        "before anything imports keras"
    )

from keras import ops  # noqa: E402

__all__ = [
    "ARCHITECTURES",
    "VAE",
    "build_vae",
    "vae_loss",
    "train_vae",
    "evaluate_elbo",
    "decode_grid",
    "latent_walk",
    "load_vae",
    "nearest_code",
    "neighbour_agreement",
    "adjacent_label_pairs",
]

# The original's model and the chapter's better one. "hidden" lists the dense widths of the
# encoder; the decoder mirrors them.
ARCHITECTURES = {
    "original": {"hidden": [256]},
    "deep": {"hidden": [256, 128]},
}


def vae_loss(x, logits, mean, log_var):
    """Negative ELBO of each image in nats: summed binary cross-entropy + KL; shape (n,).

    x, logits: (n, D); mean, log_var: (n, latent_dim). Works on NumPy or backend tensors.
    """
    reconstruction = ops.sum(ops.softplus(logits) - x * logits, axis=-1)
    kl = -0.5 * ops.sum(1.0 + log_var - ops.square(mean) - ops.exp(log_var), axis=-1)
    return reconstruction, kl


class VAE(keras.Model):
    """Dense VAE: D -> hidden... -> (mean, log_var) in R^latent_dim; z -> ...hidden -> D logits."""

    def __init__(self, input_dim, latent_dim=2, hidden=(256,), seed=0, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = int(input_dim)
        self.latent_dim = int(latent_dim)
        self.hidden = [int(h) for h in hidden]
        self.seed = int(seed)
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
        if int(batch_size) != batch_size or batch_size < 1:
            raise ValueError(f"batch_size must be a positive integer; got {batch_size!r}")
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
        X = _check_images(X, self.input_dim)
        h = self._apply(self.encoder, X, batch_size)
        return h[:, : self.latent_dim], h[:, self.latent_dim :]

    def decode_logits(self, Z, batch_size=1000):
        """Decoder logits for each row of Z: (n, latent_dim) -> float32 (n, D)."""
        Z = np.asarray(Z, dtype=np.float32)
        if Z.ndim != 2 or Z.shape[1] != self.latent_dim:
            raise ValueError(f"Z must have shape (n, {self.latent_dim}); got {Z.shape}")
        return self._apply(self.decoder, Z, batch_size)

    def decode(self, Z, batch_size=1000):
        """Pixel probabilities sigmoid(decoder(z)) for each row of Z: (n, latent_dim) -> (n, D)."""
        logits = self.decode_logits(Z, batch_size)
        return 1.0 / (1.0 + np.exp(-logits.astype(np.float64)))

    def reconstruct(self, X):
        """Decode the mean code of each row of X: (n, D) -> (n, D) probabilities."""
        return self.decode(self.encode(X)[0])

    def save(self, path):
        """Write the configuration and weights to an .npz file (no pickle)."""
        path = os.fspath(path)
        if not path.endswith(".npz"):
            raise ValueError(f"path must end with .npz; got {path!r}")
        arrays = {f"w{i}": w for i, w in enumerate(self.get_weights())}
        np.savez(path, config=np.array(json.dumps(self.config)), **arrays)


def build_vae(input_dim=784, latent_dim=2, hidden="original", seed=0):
    """A compiled-ready VAE. hidden: a name in ARCHITECTURES or a list of encoder widths."""
    if isinstance(hidden, str):
        if hidden not in ARCHITECTURES:
            raise ValueError(f"hidden must be one of {sorted(ARCHITECTURES)} or a list of "
                             f"widths; got {hidden!r}")
        hidden = ARCHITECTURES[hidden]["hidden"]
    if not all(int(h) == h and h > 0 for h in hidden):
        raise ValueError(f"hidden widths must be positive integers; got {hidden!r}")
    for name, value in (("input_dim", input_dim), ("latent_dim", latent_dim)):
        if int(value) != value or value < 1:
            raise ValueError(f"{name} must be a positive integer; got {value!r}")
    keras.utils.set_random_seed(seed)
    vae = VAE(input_dim, latent_dim, hidden, seed=seed)
    vae.build((None, input_dim))
    return vae


def load_vae(path):
    """Rebuild a VAE saved with VAE.save(path)."""
    with np.load(os.fspath(path), allow_pickle=False) as data:
        if "config" not in data:
            raise ValueError(f"{path} is not a saved VAE (no 'config' entry)")
        config = json.loads(str(data["config"]))
        weights = [data[f"w{i}"] for i in range(len(data.files) - 1)]
    vae = VAE(**config)
    vae.build((None, config["input_dim"]))
    if len(weights) != len(vae.get_weights()):
        raise ValueError(f"{path} holds {len(weights)} weight arrays; the architecture "
                         f"{config} needs {len(vae.get_weights())}")
    vae.set_weights(weights)
    return vae


def _check_images(X, input_dim):
    """Validate X as floats in [0, 1] with input_dim pixels per row; returns (n, D) float32."""
    X = np.asarray(X)
    if X.dtype == np.uint8:
        raise ValueError("X must be floats in [0, 1]; got uint8 (divide by 255 first)")
    if not np.issubdtype(X.dtype, np.floating):
        raise ValueError(f"X must be a float array; got dtype {X.dtype}")
    if X.ndim < 2 or int(np.prod(X.shape[1:])) != input_dim:
        raise ValueError(f"X must have shape (n, {input_dim}) or (n, ...) with {input_dim} "
                         f"pixels per item; got {X.shape}")
    X = X.reshape(len(X), input_dim).astype(np.float32)
    if X.size and (not np.all(np.isfinite(X)) or X.min() < 0 or X.max() > 1):
        raise ValueError(f"X values must lie in [0, 1]; got range [{X.min()}, {X.max()}]")
    return X


class _ProgressBar(keras.callbacks.Callback):
    """One tqdm.auto bar over the epochs, showing the latest loss."""

    def __init__(self, epochs):
        super().__init__()
        from tqdm.auto import tqdm

        self.bar = tqdm(total=epochs, desc="VAE", unit="epoch")

    def on_epoch_end(self, epoch, logs=None):
        self.bar.set_postfix(loss=f"{logs['loss']:.1f}")
        self.bar.update(1)

    def on_train_end(self, logs=None):
        self.bar.close()


def train_vae(vae, X, epochs=10, batch_size=100, lr=1e-3, seed=0, progress=True,
              validation_data=None, schedule="constant", steps_per_execution=1):
    """Train with Adam on the negative ELBO; returns a history of per-epoch arrays.

    X: (n, D) floats in [0, 1]. schedule: "constant" (Adam at lr throughout) or "cosine" (lr
    decays along a half cosine to 0 at the last step). The history holds 'loss',
    'reconstruction' and 'kl' (training means over the epoch, nats per image, each from one
    sample of z per image, as the original reported), 'val_loss' if validation_data is given
    (measured after each epoch, in batches of 1,000), and 'seconds' (wall time per epoch).
    steps_per_execution > 1 runs that many batches per call of Keras' training function,
    which saves per-batch bookkeeping when batches are tiny (the results are the same).
    """
    X = _check_images(X, vae.input_dim)
    if int(epochs) != epochs or epochs < 1:
        raise ValueError(f"epochs must be a positive integer; got {epochs!r}")
    if int(batch_size) != batch_size or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer; got {batch_size!r}")
    if not lr > 0:
        raise ValueError(f"lr must be positive; got {lr!r}")
    if schedule not in ("constant", "cosine"):
        raise ValueError(f"schedule must be 'constant' or 'cosine'; got {schedule!r}")
    if validation_data is not None:
        validation_data = _check_images(validation_data, vae.input_dim)
    keras.utils.set_random_seed(seed)
    if schedule == "cosine":
        steps = int(epochs) * -(-len(X) // int(batch_size))
        lr = keras.optimizers.schedules.CosineDecay(lr, decay_steps=steps)
    if int(steps_per_execution) != steps_per_execution or steps_per_execution < 1:
        raise ValueError(f"steps_per_execution must be a positive integer; "
                         f"got {steps_per_execution!r}")
    vae.compile(optimizer=keras.optimizers.Adam(learning_rate=lr),
                steps_per_execution=int(steps_per_execution))
    times = []

    class _Timer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.t0 = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.t0)

    callbacks = [_Timer()] + ([_ProgressBar(int(epochs))] if progress else [])
    fit = vae.fit(X, epochs=int(epochs), batch_size=int(batch_size), shuffle=True, verbose=0,
                  callbacks=callbacks, validation_batch_size=1000, validation_data=(
                      None if validation_data is None else (validation_data,)))
    history = {k: np.asarray(v, dtype=float) for k, v in fit.history.items()
               if k in ("loss", "reconstruction", "kl", "val_loss")}
    history["seconds"] = np.asarray(times)
    return history


def evaluate_elbo(vae, X, seed=0, batch_size=1000):
    """Mean negative ELBO of the rows of X in nats per image, with its two terms.

    Uses one sample of z per image (drawn with `seed`), the same estimator the training loss
    uses, so test and training numbers are comparable. Returns a dict with 'nelbo',
    'reconstruction' and 'kl' (floats).
    """
    X = _check_images(X, vae.input_dim)
    rng = np.random.default_rng(seed)
    totals = np.zeros(2)
    for i in range(0, len(X), batch_size):
        x = X[i : i + batch_size]
        mean, log_var = vae.encode(x)
        z = mean + np.exp(0.5 * log_var) * rng.standard_normal(mean.shape, dtype=np.float32)
        logits = vae.decode_logits(z, batch_size).astype(np.float64)
        rec, kl = vae_loss(x.astype(np.float64), logits, mean.astype(np.float64),
                           log_var.astype(np.float64))
        totals += [np.sum(rec), np.sum(kl)]
    rec, kl = totals / len(X)
    return {"nelbo": float(rec + kl), "reconstruction": float(rec), "kl": float(kl)}


def decode_grid(vae, n=15, image_shape=(28, 28), quantiles=(0.05, 0.95)):
    """Decode an n x n grid over the latent plane spaced by the inverse normal CDF.

    The grid's values are norm.ppf(linspace(*quantiles, n)), so equal steps in probability under
    the prior N(0, I). Returns (images (n, n, *image_shape), values (n,)); row i has
    z2 = values[::-1][i] (high at the top), column j has z1 = values[j].
    """
    if vae.latent_dim != 2:
        raise ValueError(f"decode_grid needs a 2-D latent space; this VAE has {vae.latent_dim}")
    if int(np.prod(image_shape)) != vae.input_dim:
        raise ValueError(f"image_shape {image_shape} does not hold {vae.input_dim} pixels")
    lo, hi = quantiles
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
    t = np.linspace(0, 2 * np.pi * turns, n_frames, endpoint=False)
    r = radius * np.sin(2 * t)
    return np.column_stack([r * np.cos(t), r * np.sin(t)])


def _check_points(Z, name):
    """Validate Z as a finite float array (n, d) with n >= 1; returns float64."""
    Z = np.asarray(Z)
    if not np.issubdtype(Z.dtype, np.number):
        raise TypeError(f"{name} must hold numbers; got dtype {Z.dtype}")
    if Z.ndim != 2 or len(Z) == 0:
        raise ValueError(f"{name} must have shape (n, d) with n >= 1; got {Z.shape}")
    Z = Z.astype(np.float64)
    if not np.all(np.isfinite(Z)):
        raise ValueError(f"{name} must be finite")
    return Z


def _squared_distances(A, B):
    """Squared Euclidean distances between the rows of A (n, d) and B (m, d): (n, m)."""
    d2 = (A**2).sum(axis=1)[:, None] + (B**2).sum(axis=1)[None, :] - 2 * A @ B.T
    return np.maximum(d2, 0)


def nearest_code(Z, codes, batch_size=1000):
    """Euclidean distance from each row of Z to the nearest row of codes, and its index.

    Z: (n, d), codes: (m, d). Returns (distances (n,), indices (n,)). Used to find latent
    points that no item's code is near (the gaps of the plane).
    """
    Z, codes = _check_points(Z, "Z"), _check_points(codes, "codes")
    if Z.shape[1] != codes.shape[1]:
        raise ValueError(f"Z and codes must have the same width; got {Z.shape} and "
                         f"{codes.shape}")
    if int(batch_size) != batch_size or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer; got {batch_size!r}")
    distances, indices = [], []
    for i in range(0, len(Z), int(batch_size)):
        d2 = _squared_distances(Z[i : i + int(batch_size)], codes)
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
    Z = _check_points(Z, "Z")
    labels = np.asarray(labels)
    if labels.shape != (len(Z),):
        raise ValueError(f"labels must have shape ({len(Z)},); got {labels.shape}")
    if int(k) != k or not 1 <= k < len(Z):
        raise ValueError(f"k must be an integer in [1, {len(Z) - 1}]; got {k!r}")
    queries = np.arange(len(Z)) if queries is None else np.asarray(queries)
    if queries.ndim != 1 or not np.issubdtype(queries.dtype, np.integer) or (
            queries.size and (queries.min() < 0 or queries.max() >= len(Z))):
        raise ValueError(f"queries must be a 1-D array of indices into Z (0..{len(Z) - 1})")
    shares = []
    for i in range(0, len(queries), 500):
        q = queries[i : i + 500]
        d2 = _squared_distances(Z[q], Z)
        d2[np.arange(len(q)), q] = np.inf  # a code is not its own neighbour
        nearest = np.argpartition(d2, int(k), axis=1)[:, : int(k)]
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
