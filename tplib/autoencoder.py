"""The thin ``Autoencoder`` class the chapters use: a stack of dense layers over ``tplib.nn``.

``fit`` is the one way to train it, with a gradient optimizer (``tplib.Momentum``,
``tplib.Adam``: budget ``epochs``, loop in ``tplib.training``) or a scipy method
(``tplib.ScipyMethod``: budget ``max_evals``); both return the history of ``tplib.history``.
Its file format (``save``/``load``) lives in ``tplib.model_files``.
"""

from __future__ import annotations

import numpy as np

from . import nn
from .checks import check_seed
from .model_files import load_model_file, save_model_file
from .optimizers import Adam
from .scipy_opt import ScipyMethod
from .training import train

__all__ = ["Autoencoder", "FONT_LAYERS"]

# The original assignment's network for the 7x5 font glyphs: a 2-D code between 25-unit layers.
FONT_LAYERS = (35, 25, 2, 25, 35)


# The range of each output activation: targets outside it can never be reproduced.
_OUTPUT_RANGE = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, None),
                 "linear": (None, None)}


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

    def check_data(self, X, Y=None):
        """Checked (X, Y) float arrays for training or scoring: Y defaults to X (an autoencoder).

        X: (n_samples, n_in), Y: (n_samples, n_out) within the output activation's range.
        """
        X = self._inputs(X)
        if Y is None:
            if self.layer_sizes[0] != self.layer_sizes[-1]:
                raise ValueError("Y is required when the output size differs from the input size")
            self._check_range(X, "X (the targets, as Y is not given)")
            return X, X
        Y = nn.check_matrix(Y, "Y", self.layer_sizes[-1])
        if Y.shape[0] != X.shape[0]:
            raise ValueError(f"X and Y must have as many samples: got {X.shape[0]} and {Y.shape[0]}")
        self._check_range(Y, "Y")
        return X, Y

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

    def fit(self, X, Y=None, optimizer=None, epochs=None, batch_size=None,
            target_pixel_errors=None, progress=False, corrupt=None, max_evals=None):
        """Train on X (n_samples, n_in) towards Y (default X); return the history dict.

        ``optimizer`` is a gradient optimizer (default ``Adam(lr=0.001)``), trained for
        ``epochs`` (default 1000), or a ``ScipyMethod``, run for ``max_evals`` objective
        evaluations (default 15,000). Gradient descent only: ``batch_size`` (None is full
        batch); ``target_pixel_errors=k``, stop as soon as every sample is within k wrong
        pixels; ``corrupt`` (X -> noisy X), fresh noisy inputs every epoch, for a denoiser.
        The history format is ``tplib.history``'s. A run whose loss or weights become NaN or
        infinite raises FloatingPointError and leaves the model as it was.
        """
        optimizer = Adam() if optimizer is None else optimizer
        if isinstance(optimizer, ScipyMethod):
            # What only the gradient-descent loop has is refused, by name, not ignored.
            only_gd = {"epochs": epochs, "batch_size": batch_size,
                       "target_pixel_errors": target_pixel_errors, "corrupt": corrupt}
            for name, value in only_gd.items():
                if value is not None:
                    budget = "; its budget is max_evals=" if name == "epochs" else ""
                    raise TypeError(f"{name}= is an option of gradient descent (Momentum, "
                                    f"Adam), not of {optimizer!r}{budget}")
        elif max_evals is not None:
            raise TypeError(f"max_evals= is the budget of a scipy method (ScipyMethod); "
                            f"{optimizer!r} trains for epochs=")
        X, Y = self.check_data(X, Y)
        self._check_params("fit")
        shapes = nn.param_shapes(self.params)
        theta = nn.pack(self.params)
        if isinstance(optimizer, ScipyMethod):
            history = optimizer.run(theta, shapes, X, Y, self.activations, self.loss,
                                    15_000 if max_evals is None else max_evals, progress)
        else:
            history = train(theta, shapes, X, Y, self.activations, self.loss, optimizer,
                            1000 if epochs is None else epochs, batch_size=batch_size,
                            rng=self._rng, target_pixel_errors=target_pixel_errors,
                            progress=progress, corrupt=corrupt)
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
        X, Y = self.check_data(X, Y)
        return nn.loss_value(nn.forward(self.params, X, self.activations), Y, self.loss)

    def pixel_errors(self, X, Y=None):
        """Wrong pixels per sample after thresholding the output at 0.5: (n_samples,) ints."""
        X, Y = self.check_data(X, Y)
        Y_hat = nn.forward(self.params, X, self.activations)
        return ((Y_hat > 0.5) != (Y > 0.5)).sum(axis=1)

    def save(self, path):
        """Write the architecture and parameters to an .npz file (no pickle; see model_files).

        ".npz" is appended to ``path`` if it lacks it (as numpy does); ``load`` accepts either.
        """
        self._check_params("save")
        config = {"layer_sizes": self.layer_sizes, "activation": self.activation,
                  "output_activation": self.output_activation,
                  "latent_activation": self.latent_activation, "loss": self.loss,
                  "seed": None if self.seed is None else int(self.seed)}
        save_model_file(path, config, self.params)

    @classmethod
    def load(cls, path):
        """Read a model written by ``save``; the parameters round-trip exactly.

        Anything else (empty, truncated or corrupted files, other archives, pickles, weights
        that are not finite or have the wrong shape) is refused with a ValueError naming it.
        """
        return load_model_file(path, lambda config: cls(
            config["layer_sizes"], config["activation"], config["output_activation"],
            config["loss"], config["seed"], config["latent_activation"]))
