"""tplib.studies.generators: the three generators in standard coordinates, and their studies."""

import numpy as np
import pytest

from tplib.autoencoder import Autoencoder
from tplib.datasets import load_font
from tplib.optimizers import Adam
from tplib.studies import generators as gen
from tplib.studies import glyph_measures as gm

X, LABELS = load_font(2)
TABLE = gm.stroke_table(np.vstack([load_font(1)[0], load_font(3)[0]]))


@pytest.fixture(scope="module")
def autoencoder():
    return gen.train_generator("autoencoder", X, 0)


def test_standard_coordinates_fold_the_fitted_gaussian_into_the_decoder(autoencoder):
    model = Autoencoder([35, 25, 2, 25, 35], loss="bce", latent_activation="linear", seed=0)
    model.fit(X, optimizer=Adam(lr=0.01), epochs=3000, target_pixel_errors=0)
    Z = model.encode(X)
    mu, L = Z.mean(axis=0), np.linalg.cholesky(np.cov(Z.T))
    U = np.random.default_rng(1).standard_normal((50, 2))
    np.testing.assert_allclose(autoencoder.decode(U), model.decode(mu + U @ L.T), atol=1e-12)
    np.testing.assert_allclose(autoencoder.codes.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(np.cov(autoencoder.codes.T), np.eye(2), atol=1e-12)
    # the codes decode to the training glyphs, as the model's own codes do
    assert gm.novelty(autoencoder.decode(autoencoder.codes), X)[0].max() == 0
    assert repr(autoencoder) == "Generator('autoencoder', decoder 2-25-35)"


def test_vae_generator_decodes_as_the_keras_model():
    from tplib import vae as V

    g = gen.train_generator("VAE", X, 0)
    model = V.build_vae(35, latent_dim=2, hidden=[64, 32], seed=0)
    V.train_vae(model, np.tile(X, (100, 1)), epochs=25, batch_size=32, lr=3e-3, seed=0,
                progress=False, steps_per_execution=25)
    U = np.random.default_rng(2).standard_normal((40, 2))
    np.testing.assert_allclose(g.decode(U), model.decode(U), atol=1e-5)
    np.testing.assert_allclose(g.codes, model.encode(X)[0], atol=1e-6)
    assert g.activations == ["relu", "relu", "sigmoid"]


def test_sample_rates_repeat_and_match_the_measures(autoencoder):
    a = gen.sample_rates(autoencoder, X, TABLE, 0.9, seed=3, size=300)
    assert a == gen.sample_rates(autoencoder, X, TABLE, 0.9, seed=3, size=300)
    U = np.random.default_rng(3).standard_normal((300, 2))
    expected = gm.rates(gm.glyph_measures(autoencoder.decode(U), X, TABLE), 0.9, 32)
    assert a == expected
    kinds = sum(a[k] for k in ("variant", "good", "implausible", "grey"))
    assert kinds == pytest.approx(1.0)


def test_radius_profile_and_kind_map(autoencoder):
    rings = gen.radius_profile(autoencoder, X, TABLE, 0.9, seed=0, edges=(0, 1, 3), size=200)
    assert len(rings) == 2 and all(0 <= r["good"] <= 1 for r in rings)
    kind_map = gen.kind_map(autoencoder, X, TABLE, 0.9, extent=2, n=11)
    assert kind_map.shape == (11, 11) and set(np.unique(kind_map)) <= {0, 1, 2, 3}
    # row 0 is the top of the plane, as latent_grid lays it out
    top_left = gm.kinds(gm.glyph_measures(autoencoder.decode([[-2.0, 2.0]]), X, TABLE), 0.9)
    assert kind_map[0, 0] == top_left[0]


def test_bad_input_is_refused_by_name(autoencoder):
    with pytest.raises(ValueError, match="name"):
        gen.train_generator("GAN", X, 0)
    with pytest.raises(ValueError, match="seed"):
        gen.train_generator("autoencoder", X, -1)
    with pytest.raises(ValueError, match="edges"):
        gen.radius_profile(autoencoder, X, TABLE, 0.9, 0, edges=(2, 1))
    with pytest.raises(ValueError, match="size"):
        gen.sample_rates(autoencoder, X, TABLE, 0.9, 0, size=0)
    with pytest.raises(ValueError, match="U"):
        autoencoder.decode(np.zeros((3, 3)))
    with pytest.raises(ValueError):
        gen.Generator("bad", autoencoder.params, autoencoder.activations, np.zeros((4, 3)))
