"""The file format of a saved ``Autoencoder``: one .npz archive, no pickle, checked on reading.

The archive holds a JSON ``config`` entry (the constructor's arguments and a format version)
and the arrays ``W0, b0, W1, b1 ...``. ``Autoencoder.save`` and ``Autoencoder.load`` call the
two functions here; reading refuses anything it cannot fully validate (empty, truncated or
corrupted files, other archives, pickles, weights that are not finite or have the wrong shape)
with a ValueError naming the file.
"""

from __future__ import annotations

import json
import os

import numpy as np

__all__ = ["FORMAT_VERSION", "save_model_file", "load_model_file"]

FORMAT_VERSION = 1
# What a file written by save holds: the config's keys, and their types.
_CONFIG_KEYS = {"format": int, "layer_sizes": list, "activation": str,
                "output_activation": str, "latent_activation": str, "loss": str,
                "seed": (int, type(None))}


def _npz_path(path):
    """``path`` as a str ending in .npz (numpy's savez adds the extension; load mirrors it)."""
    if isinstance(path, (bool, int)) or not isinstance(path, (str, bytes, os.PathLike)):
        raise TypeError(f"path must be a file name (str or pathlib.Path), got {path!r}")
    path = os.fsdecode(path)
    return path if path.endswith(".npz") else path + ".npz"


def save_model_file(path, config, params):
    """Write ``config`` (a dict of the constructor's arguments) and ``params`` to an .npz file.

    ".npz" is appended to ``path`` if it lacks it (as numpy does); ``load_model_file`` accepts
    either.
    """
    given_a_folder = isinstance(path, (str, bytes, os.PathLike)) and os.path.isdir(path)
    path = os.fsdecode(path) if given_a_folder else _npz_path(path)
    if os.path.isdir(path):
        raise IsADirectoryError(f"cannot save to {path!r}: it is a directory; give a file "
                                f"name, e.g. {os.path.join(path, 'model.npz')!r}")
    folder = os.path.dirname(path)
    if folder and not os.path.isdir(folder):
        raise FileNotFoundError(f"cannot save to {path!r}: the folder {folder!r} does not "
                                f"exist")
    config = {"format": FORMAT_VERSION, **config}
    arrays = {"config": np.array(json.dumps(config))}
    for i, (W, b) in enumerate(params):
        arrays[f"W{i}"], arrays[f"b{i}"] = W, b
    np.savez(path, **arrays)


def load_model_file(path, build):
    """Read a file written by ``save_model_file``; ``build(config)`` makes the model.

    The model ``build`` returns has parameters of the right shapes; they are replaced by the
    file's, which round-trip exactly.
    """
    if isinstance(path, (bool, int)) or not isinstance(path, (str, bytes, os.PathLike)):
        raise TypeError(f"path must be a file name (str or pathlib.Path), got {path!r}")
    path = os.fsdecode(path)
    if not os.path.exists(path) and os.path.exists(_npz_path(path)):
        path = _npz_path(path)  # save("dir/model") wrote dir/model.npz
    if not os.path.exists(path):
        raise FileNotFoundError(f"no saved autoencoder at {path!r}")
    if os.path.isdir(path):
        raise IsADirectoryError(f"{path!r} is a directory, not an autoencoder saved by tplib")
    config, arrays = _read_archive(path)
    try:
        config = _check_config(config, arrays)
        model = build(config)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{path!r} is not an autoencoder saved by tplib: {exc}") from None
    params = []
    for i, (W0, b0) in enumerate(model.params):
        W, b = arrays.get(f"W{i}"), arrays.get(f"b{i}")
        if W is None or b is None or W.shape != W0.shape or b.shape != b0.shape:
            raise ValueError(f"{path!r}: layer {i} is missing or has the wrong shape")
        for name, A in ((f"W{i}", W), (f"b{i}", b)):
            if A.dtype.kind != "f":
                raise ValueError(f"{path!r}: {name} must hold floats, got dtype {A.dtype}")
            if not np.all(np.isfinite(A)):
                raise ValueError(f"{path!r}: {name} holds NaN or infinite values (was the "
                                 f"model saved after training diverged?)")
        params.append((W.astype(np.float64), b.astype(np.float64)))
    extra = sorted(set(arrays) - {"config"} - {f"{c}{i}" for i in range(len(params))
                                                for c in "Wb"})
    if extra:
        raise ValueError(f"{path!r} is not an autoencoder saved by tplib: unexpected "
                         f"arrays {extra}")
    model.params = params
    return model

def _read_archive(path):
    """The config (str) and arrays of an .npz written by save, or a ValueError naming path."""
    refused = f"{path!r} is not an autoencoder saved by tplib"
    with open(path, "rb") as file:
        head = file.read(6)
    if not head:
        raise ValueError(f"{refused}: the file is empty (0 bytes)")
    if head.startswith(b"\x93NUMPY"):
        raise ValueError(f"{refused}: it is a single .npy array, not an .npz archive")
    if head[:1] == b"\x80":
        raise ValueError(f"{refused}: it is a pickle, which tplib never loads (unpickling can "
                         f"run any code)")
    if not head.startswith(b"PK"):
        raise ValueError(f"{refused}: it is not an .npz (zip) archive")
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
    except Exception as exc:  # a damaged zip fails in many ways (BadZipFile, zlib, EOF ...)
        raise ValueError(f"{refused}: the archive is damaged or truncated "
                         f"({type(exc).__name__}: {exc})") from exc
    config = arrays.get("config")
    if config is None:
        raise ValueError(f"{refused}: it has no 'config' array (arrays: {sorted(arrays)})")
    if config.shape != () or config.dtype.kind != "U":
        raise ValueError(f"{refused}: its 'config' is not a text entry")
    return str(config), arrays


def _check_config(text, arrays):
    """The parsed config dict, every key present and of the right type, or a ValueError."""
    try:
        config = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"its config is not valid JSON ({exc})") from None
    if not isinstance(config, dict) or set(config) != set(_CONFIG_KEYS):
        keys = sorted(config) if isinstance(config, dict) else type(config).__name__
        raise ValueError(f"its config must have the keys {sorted(_CONFIG_KEYS)}, got {keys}")
    fmt = config["format"]
    if isinstance(fmt, bool) or fmt != FORMAT_VERSION:
        raise ValueError(f"it has format {fmt!r}, expected {FORMAT_VERSION}")
    for key, kind in _CONFIG_KEYS.items():
        if isinstance(config[key], bool) or not isinstance(config[key], kind):
            raise ValueError(f"its config entry {key!r} has the wrong type: {config[key]!r}")
    return config
