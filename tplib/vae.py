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
import math
import numbers
import os
import sys
import time
import zipfile
from zlib import error as zlib_error

if "keras" not in sys.modules:
    os.environ["KERAS_BACKEND"] = "jax"

import jax  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
from scipy.special import expit  # noqa: E402
from scipy.stats import norm  # noqa: E402

if keras.backend.backend() != "jax":
    raise ImportError(
        "tplib.vae needs Keras on the JAX backend, but keras was already imported with the "
        f"{keras.backend.backend()!r} backend; set KERAS_BACKEND=jax (or import tplib first) "
        "before anything imports keras"
    )

from keras import ops  # noqa: E402

from .checks import (  # noqa: E402
    check_array,
    check_choice,
    check_int,
    check_number,
    check_seed,
)

__all__ = [
    "ARCHITECTURES",
    "VAE",
    "build_vae",
    "vae_loss",
    "negative_elbo",
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
# A model above this many weights (1.6 GB as float32 with Adam's two moments) is refused before
# anything is allocated: the chapter's models have about 0.4 million, and a typo such as
# latent_dim=10**9 would otherwise ask JAX for terabytes and abort the process.
_MAX_WEIGHTS = 10**8
# Arrays that one call may allocate at once (decode_grid's images, nearest_code's distances).
_MAX_ELEMENTS = 2 * 10**8
_MAX_FRAMES = 10**6
_CONFIG_KEYS = ("input_dim", "latent_dim", "hidden", "seed")


def _check_config(input_dim, latent_dim, hidden, seed):
    """The VAE's constructor arguments checked; returns them as (int, int, [int], int)."""
    input_dim = check_int(input_dim, "input_dim", minimum=1)
    latent_dim = check_int(latent_dim, "latent_dim", minimum=1)
    if isinstance(hidden, (str, bytes)) or not hasattr(hidden, "__iter__"):
        raise TypeError(f"hidden must be a list of layer widths (or a name in ARCHITECTURES), "
                        f"got {hidden!r}")
    hidden = [check_int(h, f"hidden[{i}]", minimum=1) for i, h in enumerate(hidden)]
    seed = _check_keras_seed(seed)
    widths = [input_dim, *hidden, 2 * latent_dim]
    back = [latent_dim, *reversed(hidden), input_dim]
    weights = sum((a + 1) * b for path in (widths, back) for a, b in zip(path, path[1:]))
    if weights > _MAX_WEIGHTS:
        raise ValueError(f"input_dim={input_dim:,}, latent_dim={latent_dim:,} and hidden={hidden} "
                         f"make a VAE of {weights:,} weights, more than the {_MAX_WEIGHTS:,} "
                         f"this library builds (the chapter's have under a million)")
    return input_dim, latent_dim, hidden, seed


def _check_keras_seed(seed):
    # Keras' seeds are 32-bit (keras.utils.set_random_seed refuses more, without naming seed)
    return check_int(check_seed(seed), "seed", maximum=2**32 - 1)


def _check_vae(vae):
    if not isinstance(vae, VAE):
        raise TypeError(f"vae must be a tplib.vae.VAE (from build_vae or load_vae), "
                        f"got {type(vae).__name__}")
    return vae


def _check_path(path, name="path"):
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a file path (str or pathlib.Path), "
                        f"got {type(path).__name__}")
    return os.fspath(path)


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
        input_dim, latent_dim, hidden, seed = _check_config(input_dim, latent_dim, hidden, seed)
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
        X = _check_images(X, self.input_dim, min_rows=0)
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
        """Write the configuration and weights to an .npz file (no pickle)."""
        path = _check_path(path)
        if not path.endswith(".npz"):
            raise ValueError(f"path must end with .npz; got {path!r}")
        weights = self.get_weights()
        if not all(np.all(np.isfinite(w)) for w in weights):
            raise ValueError(f"this VAE's weights hold NaN or infinite values (a diverged "
                             f"training run?); not saving them to {path}, load_vae would "
                             f"refuse the file")
        arrays = {f"w{i}": w for i, w in enumerate(weights)}
        np.savez(path, config=np.array(json.dumps(self.config)), **arrays)


def build_vae(input_dim=784, latent_dim=2, hidden="original", seed=0):
    """A compiled-ready VAE. hidden: a name in ARCHITECTURES or a list of encoder widths."""
    if isinstance(hidden, str):
        if hidden not in ARCHITECTURES:
            raise ValueError(f"hidden must be one of {sorted(ARCHITECTURES)} or a list of "
                             f"widths; got {hidden!r}")
        hidden = ARCHITECTURES[hidden]["hidden"]
    input_dim, latent_dim, hidden, seed = _check_config(input_dim, latent_dim, hidden, seed)
    keras.utils.set_random_seed(seed)
    vae = VAE(input_dim, latent_dim, hidden, seed=seed)
    vae.build((None, input_dim))
    return vae


def load_vae(path):
    """Rebuild a VAE saved with VAE.save(path); any file that is not one is refused by name."""
    path = _check_path(path)
    if not os.path.exists(path) and os.path.isfile(path + ".npz"):
        raise FileNotFoundError(f"no file {path}; VAE.save writes .npz files: did you mean "
                                f"{path}.npz?")

    def refuse(reason):
        raise ValueError(f"{path} is not a saved VAE ({reason}); make one with VAE.save")

    try:
        data = np.load(path, allow_pickle=False)
        if not isinstance(data, np.lib.npyio.NpzFile):
            refuse("a single NumPy array, not an .npz archive")
        with data:
            names = set(data.files)
            if "config" not in names:
                refuse("no 'config' entry")
            config = data["config"]
            if config.shape != () or config.dtype.kind != "U":
                refuse("its 'config' entry is not a text")
            config = json.loads(str(config))
            if isinstance(config, dict) and "layer_sizes" in config:
                refuse("it holds an Autoencoder: use tplib.Autoencoder.load")
            n_weights = len(names) - 1
            expected = {"config"} | {f"w{i}" for i in range(n_weights)}
            if names != expected:
                refuse(f"unexpected entries {sorted(names - expected)}")
            weights = [data[f"w{i}"] for i in range(n_weights)]
    except (EOFError, zipfile.BadZipFile, zlib_error, json.JSONDecodeError, KeyError) as error:
        refuse(f"{type(error).__name__}: {error}")
    except ValueError as error:
        if str(error).startswith(f"{path} is not a saved VAE"):
            raise
        refuse(f"{type(error).__name__}: {error}")  # pickled data, a bad .npy header, ...
    # an OSError (no such file, a directory, no permission) propagates: it names the file
    if not isinstance(config, dict) or sorted(config) != sorted(_CONFIG_KEYS):
        refuse(f"its config {str(config)[:80]} does not hold exactly the keys "
               f"{', '.join(_CONFIG_KEYS)}")
    try:
        checked = _check_config(**config)
    except (TypeError, ValueError) as error:
        refuse(f"a bad config: {error}")
    vae = VAE(*checked)
    vae.build((None, checked[0]))
    shapes = [w.shape for w in vae.get_weights()]
    if len(weights) != len(shapes):
        refuse(f"it holds {len(weights)} weight arrays; the architecture {config} needs "
               f"{len(shapes)}")
    for i, (w, shape) in enumerate(zip(weights, shapes)):
        if w.dtype != np.float32 or w.shape != shape:
            refuse(f"weight array w{i} is {w.dtype} {w.shape}, expected float32 {shape}")
        if not np.all(np.isfinite(w)):
            refuse(f"weight array w{i} holds NaN or infinite values")
    vae.set_weights(weights)
    return vae


def _check_images(X, input_dim, name="X", min_rows=1):
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


class _WatchLoss(keras.callbacks.Callback):
    """Stops training after the first epoch whose mean loss (or validation loss) is not finite.

    An epoch's logged loss is the mean over its batches, so one non-finite batch shows here;
    looking once per epoch keeps Keras' batches asynchronous (a per-batch hook would make it
    wait for every step).
    """

    def __init__(self):
        super().__init__()
        self.bad = None

    def on_epoch_end(self, epoch, logs=None):
        for key in ("loss", "val_loss"):
            value = (logs or {}).get(key)
            if value is not None and not math.isfinite(value):
                self.bad = (epoch + 1, key, value)
                self.model.stop_training = True
                return


def _usable(vae, X, rows=16):
    """Whether the weights are finite and give finite codes, spreads and logits on a few rows.

    A plain NumPy pass over the dense layers: no compilation, microseconds.
    """
    weights = vae.get_weights()
    if not all(np.all(np.isfinite(w)) for w in weights):
        return False
    n_layers = len(vae.hidden) + 1

    def dense(h, params):
        for i in range(n_layers):
            h = h @ params[2 * i] + params[2 * i + 1]
            if i < n_layers - 1:
                h = np.maximum(h, 0)
        return h

    with np.errstate(all="ignore"):
        h = dense(X[:rows], weights[: 2 * n_layers])
        mean, log_var = h[:, : vae.latent_dim], h[:, vae.latent_dim :]
        logits = dense(mean, weights[2 * n_layers :])
        return bool(np.all(np.isfinite(h)) and np.all(np.isfinite(np.exp(0.5 * log_var)))
                    and np.all(np.isfinite(logits)))


def _diverged(vae, X, epochs, lr, watch):
    """The FloatingPointError of a run whose loss or weights stopped being finite, or None."""
    if watch.bad is not None:
        epoch, key, value = watch.bad
        what = "training loss" if key == "loss" else "validation loss"
        where = f"the {what} became {value} in epoch {epoch} of {epochs}"
    elif not _usable(vae, X):
        # the losses are measured before each step's update, so the last step shows only here
        where = (f"the weights became NaN, infinite or so large that the outputs overflow in "
                 f"the last step (epoch {epochs} of {epochs})")
    else:
        return None
    return FloatingPointError(
        f"training diverged: {where} (lr={lr:g}); the VAE's weights are no longer usable. "
        f"Build a new VAE and train it with a smaller lr (the chapter uses 1e-3 to 3e-3)")


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
    A run whose loss, validation loss or weights stop being finite (lr far too large) stops
    after that epoch and raises FloatingPointError naming the epoch and lr.
    """
    vae = _check_vae(vae)
    X = _check_images(X, vae.input_dim)
    epochs = check_int(epochs, "epochs", minimum=1)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    lr = check_number(lr, "lr", minimum=0, strict=True)
    seed = _check_keras_seed(seed)
    if not isinstance(progress, (bool, np.bool_)):
        raise TypeError(f"progress must be True or False, got {progress!r}")
    schedule = check_choice(schedule, "schedule", ("constant", "cosine"))
    steps_per_execution = check_int(steps_per_execution, "steps_per_execution", minimum=1)
    if validation_data is not None:
        validation_data = _check_images(validation_data, vae.input_dim, "validation_data")
    keras.utils.set_random_seed(seed)
    rate = lr
    if schedule == "cosine":
        steps = int(epochs) * -(-len(X) // int(batch_size))
        rate = keras.optimizers.schedules.CosineDecay(lr, decay_steps=steps)
    vae.compile(optimizer=keras.optimizers.Adam(learning_rate=rate),
                steps_per_execution=int(steps_per_execution))
    times = []

    class _Timer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.t0 = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.t0)

    watch = _WatchLoss()
    callbacks = [_Timer(), watch] + ([_ProgressBar(int(epochs))] if progress else [])
    fit = vae.fit(X, epochs=int(epochs), batch_size=int(batch_size), shuffle=True, verbose=0,
                  callbacks=callbacks, validation_batch_size=1000, validation_data=(
                      None if validation_data is None else (validation_data,)))
    error = _diverged(vae, X, epochs, lr, watch)
    if error is not None:
        raise error
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
    vae = _check_vae(vae)
    X = _check_images(X, vae.input_dim)
    seed = check_seed(seed)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
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
    if not np.isfinite(rec + kl):
        broken = not all(np.all(np.isfinite(w)) for w in vae.get_weights())
        raise FloatingPointError(
            f"the negative ELBO came out as {rec + kl}: " + (
                "the VAE's weights hold NaN or infinite values (a diverged training run?)"
                if broken else "the decoder's logits or the codes' variances overflow"))
    return {"nelbo": float(rec + kl), "reconstruction": float(rec), "kl": float(kl)}


def decode_grid(vae, n=15, image_shape=(28, 28), quantiles=(0.05, 0.95)):
    """Decode an n x n grid over the latent plane spaced by the inverse normal CDF.

    The grid's values are norm.ppf(linspace(*quantiles, n)), so equal steps in probability under
    the prior N(0, I). Returns (images (n, n, *image_shape), values (n,)); row i has
    z2 = values[::-1][i] (high at the top), column j has z1 = values[j].
    """
    vae = _check_vae(vae)
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
    Z = check_array(Z, "Z", ndim=2)
    labels = np.asarray(labels)
    if labels.shape != (len(Z),):
        raise ValueError(f"labels must have shape ({len(Z)},); got {labels.shape}")
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, numbers.Real):
        raise TypeError(f"k must be an integer in [1, {len(Z) - 1}]; got {k!r}")
    if not (math.isfinite(k) and int(k) == k and 1 <= k < len(Z)):
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
