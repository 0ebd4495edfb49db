"""Principal component analysis: the linear autoencoder's optimum, as a baseline.

A linear autoencoder with a k-unit code, trained on squared error, can do no better than
projecting the centred data onto its first k principal components and back (Baldi & Hornik,
1989): its best encoder and decoder span the same subspace. So PCA is the baseline any
nonlinear autoencoder must beat, and here it is computed directly, by one SVD, not trained.

``PCA`` mirrors the ``Autoencoder`` interface the chapters use (``encode``, ``decode``,
``predict``, ``pixel_errors``, ``loss_value``), so the two can be compared line for line.
Signs are fixed (each component's largest entry in absolute value is positive), so the plane
is the same on every machine, whichever way the SVD routine turned its vectors.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import subspace_angles

from .checks import check_array, check_int

__all__ = ["PCA", "subspace_angle"]


class PCA:
    """Principal component analysis with ``n_components`` components, fitted by ``fit(X)``.

    After ``fit``: ``mean`` (d,), ``components`` (k, d) orthonormal rows, most variance first,
    ``explained_variance_ratio`` (k,): each component's share of the total variance.
    """

    def __init__(self, n_components=2):
        self.n_components = check_int(n_components, "n_components", minimum=1)
        self.mean = self.components = self.explained_variance_ratio = None

    def __repr__(self):
        state = "fitted" if self.components is not None else "not fitted"
        return f"PCA(n_components={self.n_components}, {state})"

    def fit(self, X):
        """Fit to X (n_samples, d) with at least n_components + 1 rows; return self."""
        X = check_array(X, "X", ndim=2, min_rows=self.n_components + 1)
        k, d = self.n_components, X.shape[1]
        if k > d:
            raise ValueError(f"n_components must be at most X's {d} columns, got {k}")
        self.mean = X.mean(axis=0)
        _, S, Vt = np.linalg.svd(X - self.mean, full_matrices=False)
        # One sign per component, fixed by the data rather than by the LAPACK build.
        biggest = np.argmax(np.abs(Vt), axis=1)
        Vt = Vt * np.sign(Vt[np.arange(len(Vt)), biggest])[:, None]
        total = float(np.sum(S ** 2))
        self.components = Vt[:k].copy()
        self.explained_variance_ratio = (S[:k] ** 2 / total if total > 0
                                         else np.zeros(k))
        return self

    def _require_fit(self):
        if self.components is None:
            raise ValueError("this PCA is not fitted yet: call fit(X) first")

    @property
    def latent_dim(self):
        """Width of the code: n_components."""
        return self.n_components

    def encode(self, X):
        """Codes of X: (n_samples, d) -> (n_samples, k), coordinates on the components."""
        self._require_fit()
        X = check_array(X, "X", ndim=2, columns=self.components.shape[1])
        return (X - self.mean) @ self.components.T

    def decode(self, Z):
        """Points of the principal subspace for codes Z: (n_samples, k) -> (n_samples, d)."""
        self._require_fit()
        Z = check_array(Z, "Z", ndim=2, columns=self.n_components)
        return self.mean + Z @ self.components

    def predict(self, X):
        """Reconstructions of X (n_samples, d): its projection onto the principal subspace.

        Not clipped: the projection is the squared-error optimum, and may leave [0, 1].
        """
        return self.decode(self.encode(X))

    def pixel_errors(self, X, threshold=0.5):
        """Wrong pixels per sample (n_samples,): reconstruction and X on opposite sides of 0.5."""
        X = check_array(X, "X", ndim=2)
        return np.sum((self.predict(X) > threshold) != (X > threshold), axis=1)

    def loss_value(self, X):
        """The sum of squared errors over X's samples and pixels, as the font chapters report."""
        X = check_array(X, "X", ndim=2)
        return float(np.sum((self.predict(X) - X) ** 2))


def subspace_angle(A, B):
    """The largest principal angle, in degrees, between the spans of the rows of A and of B.

    A: (k, d), B: (m, d). 0 means one span contains the other (e.g. a linear decoder's weight
    rows and the principal components span the same plane); 90 means some direction of the
    smaller span is orthogonal to the other.
    """
    A = check_array(A, "A", ndim=2)
    B = check_array(B, "B", ndim=2, columns=A.shape[1])
    for name, M in (("A", A), ("B", B)):
        rank = np.linalg.matrix_rank(M)
        if rank < len(M):
            raise ValueError(f"{name}'s rows must be linearly independent, got rank {rank} "
                             f"for shape {M.shape}")
    # scipy switches between cosines and sines so that small angles stay accurate.
    return float(np.degrees(subspace_angles(A.T, B.T).max()))
