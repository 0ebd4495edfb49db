"""A perfect 'denoiser' for the denoising tests: the model that returns its input unchanged."""

import numpy as np


class Identity:
    """A perfect 'denoiser' for clean inputs: it returns its input unchanged."""

    layer_sizes = [35, 35]

    def predict(self, X):
        return np.asarray(X, dtype=float)

    def pixel_errors(self, X, Y):
        return ((np.asarray(X) > 0.5) != (np.asarray(Y) > 0.5)).sum(axis=1)
