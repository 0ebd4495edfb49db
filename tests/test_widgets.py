"""Bad input to tplib.widgets is refused by name, before any widget is built (issue 12)."""

import numpy as np
import pytest

from tplib import widgets

pytest.importorskip("ipywidgets")

G = (np.random.default_rng(0).random((4, 35)) < 0.5).astype(float)


class Model:
    def predict(self, X):
        return np.asarray(X, dtype=float)


def decode(Z):
    return np.full((len(Z), 35), 0.5)


@pytest.mark.parametrize("call, error, match", [
    (lambda: widgets.latent_sliders(None, (7, 5)), TypeError, "decode"),
    (lambda: widgets.latent_sliders(decode, 35), TypeError, "image_shape"),
    (lambda: widgets.latent_sliders(decode, (7, 5), extent=3.0), TypeError, "extent"),
    (lambda: widgets.latent_sliders(decode, (7, 5), extent=(0, np.nan)), ValueError, "extent"),
    (lambda: widgets.latent_sliders(decode, (7, 5), scale=10**12), ValueError, "scale"),
    (lambda: widgets.latent_sliders(decode, (7, 5), start=0.0), TypeError, "start"),
    (lambda: widgets.latent_sliders(decode, (7, 5), start=()), TypeError, "start"),
    (lambda: widgets.latent_sliders(decode, (7, 5), start=("a", "b")), TypeError, "start"),
    (lambda: widgets.latent_grid_html(np.zeros((2, 2, 7, 5)) + 1j, [0.0, 1.0]), TypeError,
     "images"),
    (lambda: widgets.latent_grid_html(np.zeros((2, 2, 7, 5)), ["a", "b"]), TypeError, "values"),
    (lambda: widgets.latent_grid_html(np.zeros((2, 2, 7, 5)), [0.0, 1.0], scale=10**6),
     ValueError, "scale"),
    (lambda: widgets.denoise_explorer(None, G, list("ABCD")), TypeError, "model"),
    (lambda: widgets.denoise_explorer(Model(), G * 255, list("ABCD")), ValueError, "X must"),
    (lambda: widgets.denoise_explorer(Model(), G, "ABCD"), TypeError, "labels"),
    (lambda: widgets.denoise_explorer(Model(), G, G), TypeError, "labels"),
    (lambda: widgets.denoise_explorer(Model(), G, list("ABCD"), seed=-1), ValueError, "seed"),
    (lambda: widgets.denoise_explorer(Model(), G, list("ABCD"), seed=500), ValueError, "seed"),
    (lambda: widgets.denoise_explorer(Model(), G, list("ABCD"), scale=2.5), TypeError, "scale"),
    (lambda: widgets.denoise_explorer(Model(), G, list("ABCD"), p_max="0.3"), TypeError,
     "p_max"),
    (lambda: widgets.optimizer_explorer(np.ones(5), np.zeros((1, 1, 4, 35)), ["a"], [5]),
     ValueError, "losses"),
    (lambda: widgets.optimizer_explorer(np.ones((1, 5)) + 1j, np.zeros((1, 1, 4, 35)), ["a"],
                                        [5]), TypeError, "losses"),
    (lambda: widgets.optimizer_explorer(np.ones((1, 5)), np.zeros((1, 1, 4, 35)), ["a"], [9]),
     ValueError, "budgets"),
    (lambda: widgets.optimizer_explorer(np.ones((1, 5)), np.zeros((1, 2, 4, 35)), ["a"],
                                        [5, 2]), ValueError, "ascending"),
    (lambda: widgets.optimizer_explorer(np.ones((1, 5)), np.zeros((1, 1, 4, 35)), ["a"], 5),
     TypeError, "budgets"),
])
def test_bad_input_is_refused_by_name(call, error, match):
    with pytest.raises(error, match=match):
        call()
