"""Argument checks shared by every tplib module: one place, one wording.

Each check takes the value and the argument's name, returns the value in the form the caller
works with (a Python int, a float, a float64 array ...), and otherwise raises a ``TypeError``
(wrong kind of value) or ``ValueError`` (right kind, wrong value) whose message names the
argument, says what was expected and shows what was given. Checks run before any work, so a bad
call fails at once and never deep inside numpy.
"""

import math
import numbers

import numpy as np

__all__ = [
    "check_int",
    "check_number",
    "check_probability",
    "check_seed",
    "check_seeds",
    "check_rng",
    "check_array",
    "check_choice",
    "check_glyphs",
    "check_model",
    "check_list",
    "check_indices",
    "check_codes",
    "check_callable",
    "check_flag",
]


def _shown(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_int(value, name, minimum=None, maximum=None):
    """A whole number (not a bool, not 2.0) within [minimum, maximum]; returns an int."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {_shown(value)} "
                        f"({type(value).__name__})")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum:,}, got {value:,}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum:,}, got {value:,}")
    return value


def check_number(value, name, minimum=None, maximum=None, strict=False):
    """A finite real number (not a bool or a string) within its bounds; returns a float.

    ``strict`` makes the bounds exclusive: ``check_number(lr, "lr", 0, strict=True)`` refuses 0.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {_shown(value)} ({type(value).__name__})")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    below = minimum is not None and (value <= minimum if strict else value < minimum)
    above = maximum is not None and (value >= maximum if strict else value > maximum)
    if below or above:
        lo = "-inf" if minimum is None else f"{minimum:g}"
        hi = "inf" if maximum is None else f"{maximum:g}"
        brackets = "()" if strict else "[]"
        raise ValueError(f"{name} must be in {brackets[0]}{lo}, {hi}{brackets[1]}, got {value:g}")
    return value


def check_probability(value, name="p"):
    """A probability in [0, 1]; returns a float."""
    return check_number(value, name, 0.0, 1.0)


def check_seed(value, name="seed"):
    """A seed numpy accepts: a whole number >= 0; returns an int."""
    return check_int(value, name, minimum=0)


def check_seeds(values, name="seeds"):
    """One seed or a non-empty sequence of them; returns a list of ints."""
    if isinstance(values, (numbers.Integral, np.integer)) and not isinstance(values, bool):
        values = [values]
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a seed or a list of seeds, got {_shown(values)}")
    values = list(values)
    if not values:
        raise ValueError(f"{name} is empty: give at least one seed")
    return [check_seed(v, f"{name}[{i}]") for i, v in enumerate(values)]


def check_rng(rng, name="rng"):
    """A numpy.random.Generator (the library never draws from global state)."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"{name} must be a numpy.random.Generator, e.g. "
                        f"np.random.default_rng(0); got {type(rng).__name__}")
    return rng


def check_array(value, name, ndim=None, columns=None, min_rows=1, low=None, high=None,
                dtype=np.float64):
    """A real, finite array (converted to ``dtype``) of the given rank, width and value range.

    ``ndim``: required number of dimensions; ``columns``: required size of the last axis;
    ``min_rows``: required length of the first axis; ``low``/``high``: bounds on every value.
    Complex, boolean-looking strings, objects and ragged lists are refused by name.
    """
    if value is None or isinstance(value, (str, bytes, dict)):
        raise TypeError(f"{name} must be an array of numbers, got {type(value).__name__}")
    try:
        raw = value if isinstance(value, np.ndarray) else np.asarray(value)
    except ValueError:  # numpy refuses ragged nested lists outright
        raw = np.empty(0, dtype=object)
    if raw.dtype == object:
        raise TypeError(f"{name} must be a rectangular array of numbers (a ragged list or "
                        f"objects were given)")
    if np.iscomplexobj(raw):
        raise TypeError(f"{name} must hold real numbers, got complex values")
    if not (np.issubdtype(raw.dtype, np.number) or raw.dtype == bool):
        raise TypeError(f"{name} must hold numbers, got dtype {raw.dtype}")
    array = np.asarray(raw, dtype=dtype)
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {array.shape}")
    if array.ndim and len(array) < min_rows:
        raise ValueError(f"{name} must have at least {min_rows} row(s), got shape {array.shape}")
    if columns is not None and (array.ndim == 0 or array.shape[-1] != columns):
        raise ValueError(f"{name} must have {columns} columns, got shape {array.shape}")
    if array.size and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} holds NaN or infinite values")
    if array.size and low is not None and array.min() < low:
        raise ValueError(f"{name} must hold values >= {low:g}, got a minimum of "
                         f"{array.min():g}")
    if array.size and high is not None and array.max() > high:
        hint = " (images in 0..255? divide by 255)" if high == 1 and array.max() > 1 else ""
        raise ValueError(f"{name} must hold values <= {high:g}, got a maximum of "
                         f"{array.max():g}{hint}")
    return array


def check_choice(value, name, choices):
    """One of ``choices`` (strings); returns it."""
    if not isinstance(value, str) or value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {options}; got {_shown(value)}")
    return value


def check_glyphs(X, name="X", n_pixels=None):
    """Glyphs or images as rows of pixel values in [0, 1]: float64 (n_samples, n_pixels).

    ``n_pixels``, if given, is the row width another argument already fixed.
    """
    try:
        X = check_array(X, name, ndim=2, low=0.0, high=1.0)
    except ValueError as error:  # the argument's role first, then check_array's reason
        raise ValueError(f"{name} must be glyphs (n_samples, n_pixels) of finite pixel values "
                         f"in [0, 1]: {error}") from None
    if X.shape[1] == 0:
        raise ValueError(f"{name} must have at least one pixel per row, got shape {X.shape}")
    if n_pixels is not None and X.shape[1] != n_pixels:
        raise ValueError(f"{name} must have {n_pixels} pixels per row like the other argument; "
                         f"got shape {X.shape}")
    return X


def check_model(model, needs=("encode", "decode", "predict")):
    """A trained model: anything with the methods ``needs`` (a tplib.Autoencoder, typically)."""
    missing = [method for method in needs if not callable(getattr(model, method, None))]
    if missing:
        raise TypeError(f"model must be a trained Autoencoder (with {', '.join(needs)}), "
                        f"got {type(model).__name__}")
    return model


def check_list(values, name, what):
    """A non-empty list of ``what`` (any iterable but a string, bytes or a dict); returns a list.

    Only the container is checked: each entry is the caller's to check, by its own rule.
    """
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a list of {what}, got {_shown(values)}")
    values = list(values)
    if not values:
        raise ValueError(f"{name} is empty: give at least one of {what}")
    return values


def check_indices(index, name, length, n):
    """(length,) integers in [0, n): one row number into an n-row array per item; an int array."""
    index = np.asarray(index)
    if index.shape != (length,) or not np.issubdtype(index.dtype, np.integer) or (
            length and (index.min() < 0 or index.max() >= n)):
        raise ValueError(f"{name} must hold {length} indices in 0..{n - 1}, got {index.dtype} "
                         f"of shape {index.shape}")
    return index


def check_codes(codes, name="codes", dim=None, min_rows=1, runs=False):
    """Latent codes as float64: (n, dim) points, or with ``runs`` (n_runs, n, dim), one (n, dim)
    array per training run (a single (n, dim) array is then a stack of one run).

    ``dim`` fixes the width (2 for points of a plane), ``min_rows`` the fewest codes per run.
    """
    codes = check_array(codes, name, min_rows=0)
    if runs and codes.ndim == 2:
        codes = codes[None]
    rank = 3 if runs else 2
    if codes.ndim != rank or codes.shape[-2] < min_rows or (
            dim is not None and codes.shape[-1] != dim):
        width = "dim" if dim is None else dim
        shape = f"(n, {width}) or (n_runs, n, {width})" if runs else f"(n, {width})"
        raise ValueError(f"{name} must be latent codes of shape {shape} with n >= {min_rows}, "
                         f"got shape {codes.shape}")
    return codes


def check_callable(value, name, what):
    """A function; ``what`` says what it maps, e.g. "codes -> glyphs"; returns it."""
    if not callable(value):
        raise TypeError(f"{name} must be callable ({what}); got {type(value).__name__}")
    return value


def check_flag(value, name):
    """True or False (numpy's bool too), nothing else: ``1`` or ``"yes"`` is refused; returns a bool."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_shown(value)}")
    return bool(value)
