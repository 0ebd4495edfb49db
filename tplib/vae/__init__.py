"""The variational autoencoder of chapter 5, in Keras 3 on the JAX backend.

An encoder maps an image x (flattened to D pixels in [0, 1]) to the mean and log-variance of a
Gaussian q(z | x) over a small latent space; a sample z = mean + exp(log_var / 2) * eps with
eps ~ N(0, I) (the reparameterisation) goes through the decoder to Bernoulli logits, and the loss
of one image is the negative evidence lower bound (ELBO) in nats. The package is split by what
each part holds: ``model`` (the ``VAE`` model, ``build_vae``, the loss ``vae_loss`` and its
checked twin ``negative_elbo``), ``training`` (``train_vae``, ``evaluate_elbo``), ``files``
(``load_vae``; ``VAE.save`` writes the files) and ``sampling`` (``decode_grid``,
``latent_walk``). Every public name is re-exported here, so ``from tplib import vae as V;
V.train_vae(...)`` works. tplib selects Keras' JAX backend when it is imported (before this
package); ``model`` refuses to load if Keras was already imported with another backend.
"""

from .files import load_vae
from .model import ARCHITECTURES, VAE, build_vae, negative_elbo, vae_loss
from .sampling import decode_grid, latent_walk
from .training import evaluate_elbo, train_vae

__all__ = [
    "ARCHITECTURES",
    "VAE",
    "build_vae",
    "vae_loss",
    "negative_elbo",
    "train_vae",
    "evaluate_elbo",
    "decode_grid",
    "latent_walk",
    "load_vae",
]
