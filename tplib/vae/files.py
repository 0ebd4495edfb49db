"""The VAE's file format: ``save_vae`` (what ``VAE.save`` runs) and ``load_vae``.

A saved VAE is an .npz archive (no pickle) holding a ``config`` entry, the JSON text of the
constructor arguments (``CONFIG_KEYS``), and the weights as ``w0``, ``w1``, ... in Keras' order,
float32. ``load_vae`` rebuilds the model from the config and refuses, by name, any file that is
not such an archive: another archive, an ``Autoencoder`` file, a truncated or corrupted file,
weights of the wrong shape or holding NaN.
"""
import json
import os
import zipfile
from zlib import error as zlib_error

import numpy as np

from .model import CONFIG_KEYS, VAE, check_config, check_vae

__all__ = ["save_vae", "load_vae"]


def _check_path(path, name="path"):
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a file path (str or pathlib.Path), "
                        f"got {type(path).__name__}")
    return os.fspath(path)


def save_vae(vae, path):
    """Write the VAE's configuration and weights to the .npz file ``path`` (no pickle)."""
    vae = check_vae(vae)
    path = _check_path(path)
    if not path.endswith(".npz"):
        raise ValueError(f"path must end with .npz; got {path!r}")
    weights = vae.get_weights()
    if not all(np.all(np.isfinite(w)) for w in weights):
        raise ValueError(f"this VAE's weights hold NaN or infinite values (a diverged "
                         f"training run?); not saving them to {path}, load_vae would "
                         f"refuse the file")
    arrays = {f"w{i}": w for i, w in enumerate(weights)}
    np.savez(path, config=np.array(json.dumps(vae.config)), **arrays)


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
    if not isinstance(config, dict) or sorted(config) != sorted(CONFIG_KEYS):
        refuse(f"its config {str(config)[:80]} does not hold exactly the keys "
               f"{', '.join(CONFIG_KEYS)}")
    try:
        checked = check_config(**config)
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
