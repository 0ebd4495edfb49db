"""Training and measuring a VAE: ``train_vae`` (Adam on the negative ELBO) and ``evaluate_elbo``.

``train_vae`` returns tplib's one history format (``tplib.history``): one entry per epoch,
"evaluations" counting minibatch steps, "seconds" cumulative, plus the VAE's "reconstruction",
"kl" and, with validation data, "val_loss". Its Keras callbacks (a progress bar, a watch for a
loss that stops being finite) and the divergence diagnosis live here too, as private helpers.
"""
import math
import time

import keras
import numpy as np

from ..checks import check_choice, check_flag, check_int, check_number, check_seed
from ..history import make_history
from .model import MAX_SEED, check_images, check_vae, vae_loss

__all__ = ["train_vae", "evaluate_elbo"]


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


class _Clock(keras.callbacks.Callback):
    """Records the wall seconds from ``start`` (set just before fit) to the end of each epoch."""

    def __init__(self):
        super().__init__()
        self.start = None
        self.seconds = []

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self.start)


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
    """Train with Adam on the negative ELBO; returns a history (``tplib.history``), per epoch.

    X: (n, D) floats in [0, 1]. schedule: "constant" (Adam at lr throughout) or "cosine" (lr
    decays along a half cosine to 0 at the last step). The history's "step" is "epoch"; "loss",
    "reconstruction" and "kl" are training means over each epoch (nats per image, each from one
    sample of z per image, as the original reported); "val_loss" is there if validation_data is
    given (measured after each epoch, in batches of 1,000); "evaluations" counts the minibatch
    steps taken (cumulative) and "seconds" the wall time since training started (cumulative, so
    the first epoch includes JAX's compilation). Training always runs every epoch ("budget
    spent"). steps_per_execution > 1 runs that many batches per call of Keras' training
    function, which saves per-batch bookkeeping when batches are tiny (the results are the
    same). A run whose loss, validation loss or weights stop being finite (lr far too large)
    stops after that epoch and raises FloatingPointError naming the epoch and lr. Calling it
    again on a trained VAE continues training from its weights (with a fresh Adam and
    schedule over the new epochs; the history counts from zero again).
    """
    vae = check_vae(vae)
    X = check_images(X, vae.input_dim)
    epochs = check_int(epochs, "epochs", minimum=1)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    lr = check_number(lr, "lr", minimum=0, strict=True)
    seed = check_int(seed, "seed", minimum=0, maximum=MAX_SEED)
    check_flag(progress, "progress")
    schedule = check_choice(schedule, "schedule", ("constant", "cosine"))
    steps_per_execution = check_int(steps_per_execution, "steps_per_execution", minimum=1)
    if validation_data is not None:
        validation_data = check_images(validation_data, vae.input_dim, "validation_data")
    keras.utils.set_random_seed(seed)
    steps_per_epoch = -(-len(X) // batch_size)
    rate = lr
    if schedule == "cosine":
        rate = keras.optimizers.schedules.CosineDecay(lr, decay_steps=epochs * steps_per_epoch)
    vae.compile(optimizer=keras.optimizers.Adam(learning_rate=rate),
                steps_per_execution=steps_per_execution)
    watch = _WatchLoss()
    clock = _Clock()
    callbacks = [clock, watch] + ([_ProgressBar(epochs)] if progress else [])
    clock.start = time.perf_counter()
    fit = vae.fit(X, epochs=epochs, batch_size=batch_size, shuffle=True, verbose=0,
                  callbacks=callbacks, validation_batch_size=1000, validation_data=(
                      None if validation_data is None else (validation_data,)))
    error = _diverged(vae, X, epochs, lr, watch)
    if error is not None:
        raise error
    extra = {k: np.asarray(v, dtype=float) for k, v in fit.history.items()
             if k in ("reconstruction", "kl", "val_loss")}
    done = np.arange(1, len(clock.seconds) + 1)
    return make_history("epoch", fit.history["loss"], evaluations=done * steps_per_epoch,
                        seconds=clock.seconds, message="budget spent", stopped_early=False,
                        **extra)


def evaluate_elbo(vae, X, seed=0, batch_size=1000):
    """Mean negative ELBO of the rows of X in nats per image, with its two terms.

    Uses one sample of z per image (drawn with `seed`), the same estimator the training loss
    uses, so test and training numbers are comparable. Returns a dict with 'nelbo',
    'reconstruction' and 'kl' (floats).
    """
    vae = check_vae(vae)
    X = check_images(X, vae.input_dim)
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
