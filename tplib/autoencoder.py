"""The thin ``Autoencoder`` class the chapters use: a stack of dense layers over ``tplib.nn``."""

from __future__ import annotations

import json
import os

import numpy as np

from . import nn
from .optimizers import Adam, train

__all__ = ["Autoencoder"]

_FORMAT_VERSION = 1


def _check_layer_sizes(layer_sizes):
    if isinstance(layer_sizes, (str, bytes)) or not hasattr(layer_sizes, "__len__"):
        raise TypeError(f"layer_sizes must be a list of whole numbers, got {layer_sizes!r}")
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes needs at least an input and an output size, got {sizes}")
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)):
            raise TypeError(f"layer_sizes must hold whole numbers, got {size!r} in {sizes}")
        if size < 1:
            raise ValueError(f"every layer needs at least 1 unit, got {sizes}")
    return [int(s) for s in sizes]


class Autoencoder:
    """A dense network, e.g. ``Autoencoder([35, 25, 2, 25, 35])``, trained to reproduce its input.

    The latent layer is the narrowest hidden layer (the first one, if several tie). Hidden
    layers use ``activation``, the latent layer ``latent_activation`` (default: the same) and
    the last layer ``output_activation``. ``loss`` is "sse" (sum of squared errors, the
    original assignment's error), "mse" or "bce" (binary cross-entropy, summed).
    """

    def __init__(self, layer_sizes, activation="sigmoid", output_activation="sigmoid",
                 loss="sse", seed=None, latent_activation=None):
        self.layer_sizes = _check_layer_sizes(layer_sizes)
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
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
            raise TypeError(f"seed must be a whole number or None, got {seed!r}")
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
            return X
        Y = nn.check_matrix(Y, "Y", self.layer_sizes[-1])
        if Y.shape[0] != X.shape[0]:
            raise ValueError(f"X and Y must have as many samples: got {X.shape[0]} and {Y.shape[0]}")
        return Y

    def fit(self, X, Y=None, optimizer=None, epochs=1000, batch_size=None,
            target_pixel_errors=None, progress=False, corrupt=None):
        """Train on X (n_samples, n_in) towards Y (default X); return the history dict.

        ``optimizer`` defaults to Adam(lr=0.001). ``batch_size=None`` is full batch. With
        ``target_pixel_errors=k`` training stops as soon as every sample is within k wrong
        pixels. ``corrupt`` (X -> noisy X) draws fresh noisy inputs every epoch, for a
        denoiser. See ``tplib.optimizers.train`` for what the history holds.
        """
        X = self._inputs(X)
        Y = self._targets(X, Y)
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
        """Write the architecture and parameters to an .npz file (no pickle)."""
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
        """Read a model written by ``save``; the parameters round-trip exactly."""
        if not os.path.exists(path):
            raise FileNotFoundError(f"no saved autoencoder at {path!r}")
        try:
            with np.load(path, allow_pickle=False) as data:
                config = json.loads(str(data["config"]))
                arrays = {k: data[k] for k in data.files}
        except (ValueError, KeyError, OSError) as exc:
            raise ValueError(f"{path!r} is not an autoencoder saved by tplib: {exc}") from None
        if config.get("format") != _FORMAT_VERSION:
            raise ValueError(f"{path!r} has format {config.get('format')!r}, "
                             f"expected {_FORMAT_VERSION}")
        model = cls(config["layer_sizes"], config["activation"], config["output_activation"],
                    config["loss"], config["seed"], config["latent_activation"])
        params = []
        for i, (W0, b0) in enumerate(model.params):
            W, b = arrays.get(f"W{i}"), arrays.get(f"b{i}")
            if W is None or b is None or W.shape != W0.shape or b.shape != b0.shape:
                raise ValueError(f"{path!r}: layer {i} is missing or has the wrong shape")
            params.append((W.astype(np.float64), b.astype(np.float64)))
        model.params = params
        return model
