"""tplib: the helper package of the executable autoencoder book.

Importing tplib selects Keras' JAX backend before anything imports Keras, so the VAE chapter
runs the same way whatever the reader's environment says.
"""

import os as _os
import sys as _sys

if "keras" not in _sys.modules:
    _os.environ["KERAS_BACKEND"] = "jax"

from . import datasets, nn, optimizers, plots  # noqa: E402
from .autoencoder import Autoencoder  # noqa: E402
from .optimizers import Adam, Momentum  # noqa: E402
from .scipy_opt import minimize  # noqa: E402

__all__ = ["Autoencoder", "Adam", "Momentum", "minimize", "datasets", "nn", "optimizers", "plots"]
__version__ = "0.1.0"
