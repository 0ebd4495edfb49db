"""The thin ``Autoencoder`` class the chapters use: a stack of dense layers over ``tplib.nn``."""

from __future__ import annotations

import json
import os

import numpy as np

from . import nn
from .checks import check_seed
from .optimizers import Adam, train

__all__ = ["Autoencoder"]

_FORMAT_VERSION = 1


# The range of each output activation: targets outside it can never be reproduced.
_OUTPUT_RANGE = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, None),
                 "linear": (None, None)}
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


class Autoencoder:
    """A dense network, e.g. ``Autoencoder([35, 25, 2, 25, 35])``, trained to reproduce its input.

    The latent layer is the narrowest hidden layer (the first one, if several tie). Hidden
    layers use ``activation``, the latent layer ``latent_activation`` (default: the same) and
    the last layer ``output_activation``. ``loss`` is "sse" (sum of squared errors, the
    original assignment's error), "mse" or "bce" (binary cross-entropy, summed).
    """

    def __init__(self, layer_sizes, activation="sigmoid", output_activation="sigmoid",
                 loss="sse", seed=None, latent_activation=None):
        self.layer_sizes = nn.check_layer_sizes(layer_sizes)
        nn.check_activation(activation, "activation")
        nn.check_activation(output_activation, "output_activation")
        if latent_activation is not None:
            nn.check_activation(latent_activation, "latent_activation")
        self.activation = activation
        self.output_activation = output_activation
        self.latent_activation = latent_activation or activation
        self.loss = nn.check_loss(loss)
        if loss == "bce" and output_activation != "sigmoid":
            # Cross-entropy needs outputs that are probabilities; tanh/relu/linear are not.
            raise ValueError(f"loss='bce' needs output_activation='sigmoid', "
                             f"got {output_activation!r}")
        if seed is not None:
            check_seed(seed)  # a whole number >= 0, or None for a fresh random start
        self.seed = seed
        self._rng = np.random.default_rng(seed)
        hidden = self.layer_sizes[1:-1]
        # Index into layer_sizes of the code layer; a network with no hidden layer has none.
        self.latent_index = 1 + int(np.argmin(hidden)) if hidden else None
        self.activations = [
            self.latent_activation if i + 1 == self.latent_index else activation
            for i in range(len(self.layer_sizes) - 2)
        ] + [output_activation]
        self.params = nn.init_params(self.layer_sizes, self._rng)

    def __repr__(self):
        sizes = "-".join(map(str, self.layer_sizes))
        return (f"Autoencoder({sizes}, activation={self.activation!r}, "
                f"output_activation={self.output_activation!r}, loss={self.loss!r})")

    @property
    def n_params(self):
        """How many weights and biases the network has."""
        return sum(W.size + b.size for W, b in self.params)

    @property
    def latent_dim(self):
        """Width of the latent (code) layer."""
        self._require_latent()
        return self.layer_sizes[self.latent_index]

    def _require_latent(self):
        if self.latent_index is None:
            raise ValueError("this network has no hidden layer, so no latent space")

    def _inputs(self, X, name="X"):
        return nn.check_matrix(X, name, self.layer_sizes[0])

    def _targets(self, X, Y):
        if Y is None:
            if self.layer_sizes[0] != self.layer_sizes[-1]:
                raise ValueError("Y is required when the output size differs from the input size")
            self._check_range(X, "X (the targets, as Y is not given)")
            return X
        Y = nn.check_matrix(Y, "Y", self.layer_sizes[-1])
        if Y.shape[0] != X.shape[0]:
            raise ValueError(f"X and Y must have as many samples: got {X.shape[0]} and {Y.shape[0]}")
        self._check_range(Y, "Y")
        return Y

    def _check_range(self, Y, name):
        """Targets the output layer can reach (and cross-entropy needs): [0, 1] for sigmoid."""
        low, high = _OUTPUT_RANGE[self.output_activation]
        y_min, y_max = Y.min(), Y.max()
        if (low is not None and y_min < low) or (high is not None and y_max > high):
            lo = "-inf" if low is None else f"{low:g}"
            hi = "inf" if high is None else f"{high:g}"
            why = ("loss='bce' needs targets in [0, 1]" if self.loss == "bce" else
                   f"output_activation={self.output_activation!r} only reaches [{lo}, {hi}]")
            hint = " (images in 0..255? divide by 255)" if high == 1.0 and y_max > 1 else ""
            raise ValueError(f"{name} must lie in [{lo}, {hi}]: {why}; got values in "
                             f"[{y_min:g}, {y_max:g}]{hint}")

    def _check_params(self, what):
        """The parameters match layer_sizes and are finite (a diverged or hand-edited model)."""
        expected = [((a, b), (b,)) for a, b in zip(self.layer_sizes[:-1], self.layer_sizes[1:])]
        try:
            shapes = nn.param_shapes(self.params)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"cannot {what}: model.params is not a list of (W, b): {exc}") from None
        if shapes != expected:
            raise ValueError(f"cannot {what}: model.params has shapes {shapes}, layer_sizes "
                             f"{self.layer_sizes} needs {expected}")
        if not all(np.all(np.isfinite(W)) and np.all(np.isfinite(b)) for W, b in self.params):
            raise ValueError(f"cannot {what}: model.params holds NaN or infinite values")

    def fit(self, X, Y=None, optimizer=None, epochs=1000, batch_size=None,
            target_pixel_errors=None, progress=False, corrupt=None):
        """Train on X (n_samples, n_in) towards Y (default X); return the history dict.

        ``optimizer`` defaults to Adam(lr=0.001). ``batch_size=None`` is full batch. With
        ``target_pixel_errors=k`` training stops as soon as every sample is within k wrong
        pixels. ``corrupt`` (X -> noisy X) draws fresh noisy inputs every epoch, for a
        denoiser. See ``tplib.optimizers.train`` for what the history holds. A run whose loss
        or weights become NaN or infinite raises FloatingPointError and leaves the model as it was.
        """
        X = self._inputs(X)
        Y = self._targets(X, Y)
        self._check_params("fit")
        optimizer = Adam() if optimizer is None else optimizer
        shapes = nn.param_shapes(self.params)
        theta = nn.pack(self.params)
        history = train(theta, shapes, X, Y, self.activations, self.loss, optimizer, epochs,
                        batch_size=batch_size, rng=self._rng,
                        target_pixel_errors=target_pixel_errors, progress=progress,
                        corrupt=corrupt)
        self.params = nn.unpack(theta, shapes)
        return history

    def predict(self, X):
        """Reconstructions of X: (n_samples, n_in) -> (n_samples, n_out)."""
        return nn.forward(self.params, self._inputs(X), self.activations)

    def encode(self, X):
        """Latent codes of X: (n_samples, n_in) -> (n_samples, latent_dim)."""
        self._require_latent()
        k = self.latent_index
        return nn.forward(self.params[:k], self._inputs(X), self.activations[:k])

    def decode(self, Z):
        """Outputs decoded from latent codes: (n_samples, latent_dim) -> (n_samples, n_out)."""
        self._require_latent()
        k = self.latent_index
        Z = nn.check_matrix(Z, "Z", self.layer_sizes[k])
        return nn.forward(self.params[k:], Z, self.activations[k:])

    @property
    def decoder(self):
        """The decoder's parameters and activations: ([(W, b), ...], [name, ...])."""
        self._require_latent()
        k = self.latent_index
        return [(W.copy(), b.copy()) for W, b in self.params[k:]], list(self.activations[k:])

    def loss_value(self, X, Y=None):
        """The training loss on X (towards Y, default X), as ``fit`` measures it."""
        X = self._inputs(X)
        return nn.loss_value(nn.forward(self.params, X, self.activations),
                             self._targets(X, Y), self.loss)

    def pixel_errors(self, X, Y=None):
        """Wrong pixels per sample after thresholding the output at 0.5: (n_samples,) ints."""
        X = self._inputs(X)
        Y = self._targets(X, Y)
        Y_hat = nn.forward(self.params, X, self.activations)
        return ((Y_hat > 0.5) != (Y > 0.5)).sum(axis=1)

    def save(self, path):
        """Write the architecture and parameters to an .npz file (no pickle).

        ".npz" is appended to ``path`` if it lacks it (as numpy does); ``load`` accepts either.
        """
        if isinstance(path, (str, bytes, os.PathLike)) and os.path.isdir(path):
            path = os.fsdecode(path)
            raise IsADirectoryError(f"cannot save to {path!r}: it is a directory; give a file "
                                    f"name, e.g. {os.path.join(path, 'model.npz')!r}")
        path = _npz_path(path)
        if os.path.isdir(path):
            raise IsADirectoryError(f"cannot save to {path!r}: it is a directory; give a file "
                                    f"name, e.g. {os.path.join(path, 'model.npz')!r}")
        folder = os.path.dirname(path)
        if folder and not os.path.isdir(folder):
            raise FileNotFoundError(f"cannot save to {path!r}: the folder {folder!r} does not "
                                    f"exist")
        self._check_params("save")
        config = {"format": _FORMAT_VERSION, "layer_sizes": self.layer_sizes,
                  "activation": self.activation, "output_activation": self.output_activation,
                  "latent_activation": self.latent_activation, "loss": self.loss,
                  "seed": None if self.seed is None else int(self.seed)}
        arrays = {"config": np.array(json.dumps(config))}
        for i, (W, b) in enumerate(self.params):
            arrays[f"W{i}"], arrays[f"b{i}"] = W, b
        np.savez(path, **arrays)

    @classmethod
    def load(cls, path):
        """Read a model written by ``save``; the parameters round-trip exactly.

        Anything else (empty, truncated or corrupted files, other archives, pickles, weights
        that are not finite or have the wrong shape) is refused with a ValueError naming it.
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
            model = cls(config["layer_sizes"], config["activation"],
                        config["output_activation"], config["loss"], config["seed"],
                        config["latent_activation"])
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
    if isinstance(fmt, bool) or fmt != _FORMAT_VERSION:
        raise ValueError(f"it has format {fmt!r}, expected {_FORMAT_VERSION}")
    for key, kind in _CONFIG_KEYS.items():
        if isinstance(config[key], bool) or not isinstance(config[key], kind):
            raise ValueError(f"its config entry {key!r} has the wrong type: {config[key]!r}")
    return config
