"""The one training-history format every tplib trainer returns, and its constructor.

``Autoencoder.fit`` (with a gradient optimizer or a scipy method), ``tplib.minimize`` and
``tplib.vae.train_vae`` all return a plain dict with the same keys and meanings. ``"step"`` says
what one entry of every series stands for: ``"epoch"`` (fit with Momentum or Adam, train_vae) or
``"evaluation"`` (scipy methods). The series, one entry per step, are ``"loss"`` (the training
loss), ``"best_loss"`` (its running minimum), ``"evaluations"`` (the CUMULATIVE number of
objective evaluations -- one loss, with or without gradient, on one batch -- up to and including
that step) and ``"seconds"`` (CUMULATIVE wall seconds since training started). ``"stopped_early"``
(bool) says whether training stopped before its budget was spent (target reached, scipy
converged ...) and ``"message"`` (str) says why it stopped ("budget spent", "target reached",
scipy's own message ...). Trainers add documented extras: fit on glyphs ``"max_pixel_errors"``
and ``"total_pixel_errors"`` (per step); scipy methods ``"method"``, ``"gradient"`` and
``"gradient_calls"`` (int); the VAE ``"reconstruction"``, ``"kl"`` and, with validation data,
``"val_loss"`` (per epoch). ``make_history`` builds and checks such a dict; nothing else lives here.
"""

from __future__ import annotations

import numpy as np

from .checks import check_choice, check_flag

__all__ = ["STEPS", "make_history"]

# What one entry of a history's series can stand for.
STEPS = ("epoch", "evaluation")


def make_history(step, loss, evaluations, seconds, message, stopped_early, **extra):
    """Build a checked history dict: the common keys, ``best_loss`` computed, then ``extra``.

    loss, seconds: (n_steps,) floats; evaluations: (n_steps,) non-decreasing ints; extras that
    are 1-D arrays must have n_steps entries too (scalars and strings pass through unchanged).
    """
    check_choice(step, "step", STEPS)
    loss = _series(loss, "loss", np.float64)
    n = loss.size
    evaluations = _series(evaluations, "evaluations", np.int64, n)
    seconds = _series(seconds, "seconds", np.float64, n)
    if n and (evaluations[0] < 0 or np.any(np.diff(evaluations) < 0)):
        raise ValueError("evaluations must be cumulative counts (non-negative, non-decreasing), "
                         f"got {evaluations[:5]}...")
    if n and (seconds[0] < 0 or np.any(np.diff(seconds) < 0)):
        raise ValueError("seconds must be cumulative (non-negative, non-decreasing), "
                         f"got {seconds[:5]}...")
    if not isinstance(message, str):
        raise TypeError(f"message must be a string, got {message!r}")
    check_flag(stopped_early, "stopped_early")
    history = {
        "step": step,
        "loss": loss,
        "best_loss": np.minimum.accumulate(loss) if n else loss.copy(),
        "evaluations": evaluations,
        "seconds": seconds,
        "stopped_early": bool(stopped_early),
        "message": message,
    }
    for key, value in extra.items():
        if isinstance(value, (list, tuple, np.ndarray)) and np.ndim(value) == 1:
            value = np.asarray(value)
            if value.shape != (n,):
                raise ValueError(f"{key} must have one entry per {step} ({n}), "
                                 f"got shape {value.shape}")
        history[key] = value
    return history


def _series(values, name, dtype, n=None):
    """A 1-D array of ``dtype`` (n entries if n is given), refusing what would not convert."""
    array = np.asarray(values)
    if array.ndim != 1 or (n is not None and array.size != n):
        wanted = "a 1-D array" if n is None else f"a 1-D array of {n} entries (one per step)"
        raise ValueError(f"{name} must be {wanted}, got shape {array.shape}")
    if not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if dtype is np.int64 and array.size and not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"{name} must hold whole numbers (counts), got dtype {array.dtype}")
    return array.astype(dtype, copy=False)
