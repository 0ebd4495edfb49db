"""tplib: the helper package of the executable autoencoder book.

Importing tplib selects Keras' JAX backend: this is the one place that sets KERAS_BACKEND.
Python runs this file before any tplib submodule, so tplib.vae and the Fashion-MNIST download in
tplib.datasets both find Keras on JAX, whatever the reader's environment says (tplib runs on JAX
only: an environment's KERAS_BACKEND=tensorflow is overridden). If Keras was already imported
with another backend it is too late to switch; tplib.vae then refuses to load, saying so.
"""

import os as _os
import sys as _sys

if "keras" not in _sys.modules:
    _os.environ["KERAS_BACKEND"] = "jax"

from . import datasets, history, nn, optimizers, plots  # noqa: E402
from .autoencoder import FONT_LAYERS, Autoencoder  # noqa: E402
from .optimizers import Adam, Momentum  # noqa: E402
from .scipy_opt import ScipyMethod, minimize  # noqa: E402

__all__ = ["Autoencoder", "FONT_LAYERS", "Adam", "Momentum", "ScipyMethod", "minimize",
           "datasets", "history", "nn", "optimizers", "plots"]
__version__ = "0.1.0"
