"""Unit tests of tplib.vae: shapes, the loss written out, training, saving, input checks."""
import numpy as np
import pytest
from scipy.stats import norm

import tplib  # noqa: F401  (selects the JAX backend before keras is imported)
from tplib import vae as V
from tplib.datasets import load_font

# Keras' own Variable.__array__ predates NumPy 2's copy keyword; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")


@pytest.fixture(scope="module")
def glyphs():
    return load_font(2)[0]


@pytest.fixture(scope="module")
def small_vae():
    return V.build_vae(input_dim=35, latent_dim=2, hidden=[16], seed=3)


def _relu(a):
    return np.maximum(a, 0)


def _numpy_nelbo(vae, X, eps):
    """The negative ELBO recomputed from the weights with NumPy, probabilities and logs."""
    W = vae.get_weights()
    h = _relu(X @ W[0] + W[1])
    out = h @ W[2] + W[3]
    mean, log_var = out[:, :2], out[:, 2:]
    z = mean + np.exp(0.5 * log_var) * eps
    p = 1 / (1 + np.exp(-(_relu(z @ W[4] + W[5]) @ W[6] + W[7])))
    bce = -np.sum(X * np.log(p) + (1 - X) * np.log(1 - p), axis=1)
    kl = 0.5 * np.sum(mean**2 + np.exp(log_var) - 1 - log_var, axis=1)
    return np.mean(bce + kl)


def test_shapes(small_vae, glyphs):
    mean, log_var = small_vae.encode(glyphs)
    assert mean.shape == log_var.shape == (32, 2)
    decoded = small_vae.decode(mean)
    assert decoded.shape == (32, 35)
    assert np.all((decoded > 0) & (decoded < 1))
    logits, m, lv = small_vae(glyphs.astype(np.float32))
    assert logits.shape == (32, 35) and m.shape == lv.shape == (32, 2)
    assert small_vae.reconstruct(glyphs).shape == (32, 35)


def test_loss_matches_hand_computation():
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(4, 6))
    logits = rng.normal(size=(4, 6))
    mean, log_var = rng.normal(size=(4, 2)), rng.normal(size=(4, 2))
    rec, kl = V.vae_loss(x, logits, mean, log_var)
    p = 1 / (1 + np.exp(-logits))
    expected_rec = -np.sum(x * np.log(p) + (1 - x) * np.log(1 - p), axis=1)
    # KL(N(m, s^2) || N(0, 1)) = (m^2 + s^2 - 1 - log s^2) / 2 per dimension
    expected_kl = 0.5 * np.sum(mean**2 + np.exp(log_var) - 1 - log_var, axis=1)
    np.testing.assert_allclose(np.asarray(rec), expected_rec, rtol=1e-5)
    np.testing.assert_allclose(np.asarray(kl), expected_kl, rtol=1e-5)


def test_kl_of_standard_normal_is_zero():
    _, kl = V.vae_loss(np.zeros((3, 4)), np.zeros((3, 4)), np.zeros((3, 2)), np.zeros((3, 2)))
    np.testing.assert_allclose(np.asarray(kl), 0.0, atol=1e-7)


def test_evaluate_elbo_is_the_written_out_loss(small_vae, glyphs):
    result = V.evaluate_elbo(small_vae, glyphs, seed=5)
    eps = np.random.default_rng(5).standard_normal((32, 2), dtype=np.float32)
    expected = _numpy_nelbo(small_vae, glyphs, eps)
    assert result["nelbo"] == pytest.approx(expected, rel=1e-4)
    assert result["nelbo"] == pytest.approx(result["reconstruction"] + result["kl"])


def test_training_lowers_the_loss_and_is_reproducible(glyphs):
    X = np.tile(glyphs, (8, 1))
    runs = []
    for _ in range(2):
        vae = V.build_vae(35, 2, [16], seed=1)
        before = V.evaluate_elbo(vae, glyphs)["nelbo"]
        history = V.train_vae(vae, X, epochs=2, batch_size=32, lr=3e-3, seed=1, progress=False)
        after = V.evaluate_elbo(vae, glyphs)["nelbo"]
        assert after < before
        assert history["loss"][1] < history["loss"][0]
        assert set(history) == {"loss", "reconstruction", "kl", "seconds"}
        runs.append(vae.get_weights())
    for a, b in zip(*runs):
        np.testing.assert_array_equal(a, b)


def test_save_load_round_trip(tmp_path, small_vae, glyphs):
    path = tmp_path / "vae.npz"
    small_vae.save(path)
    loaded = V.load_vae(path)
    assert loaded.config == small_vae.config
    for a, b in zip(small_vae.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(loaded.encode(glyphs)[0], small_vae.encode(glyphs)[0])


def test_load_rejects_other_files(tmp_path):
    path = tmp_path / "other.npz"
    np.savez(path, a=np.zeros(3))
    with pytest.raises(ValueError, match="not a saved VAE"):
        V.load_vae(path)


def test_decode_grid_uses_inverse_normal_spacing():
    vae = V.build_vae(35, 2, [8], seed=0)
    images, values = V.decode_grid(vae, n=5, image_shape=(7, 5), quantiles=(0.1, 0.9))
    assert images.shape == (5, 5, 7, 5)
    np.testing.assert_allclose(values, norm.ppf(np.linspace(0.1, 0.9, 5)))
    # the top-left cell is (z1, z2) = (lowest, highest)
    np.testing.assert_allclose(images[0, 0].ravel(), vae.decode([[values[0], values[-1]]])[0])


@pytest.mark.parametrize("X, message", [
    (np.zeros((2, 35), dtype=np.uint8), "uint8"),
    (np.zeros((2, 34)), "shape"),
    (np.full((2, 35), 1.5), r"\[0, 1\]"),
    (np.full((2, 35), np.nan), r"\[0, 1\]"),
    (np.zeros((2, 35), dtype=int), "float"),
])
def test_bad_inputs_are_rejected(small_vae, X, message):
    with pytest.raises(ValueError, match=message):
        small_vae.encode(X)


def test_bad_arguments_are_rejected(small_vae, glyphs):
    with pytest.raises(ValueError, match="hidden"):
        V.build_vae(35, 2, "huge")
    with pytest.raises(ValueError, match="latent_dim"):
        V.build_vae(35, 0, [8])
    with pytest.raises(ValueError, match="epochs"):
        V.train_vae(small_vae, glyphs, epochs=0, progress=False)
    with pytest.raises(ValueError, match="Z must have shape"):
        small_vae.decode(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="2-D latent"):
        V.decode_grid(V.build_vae(35, 3, [8]), image_shape=(7, 5))
    with pytest.raises(ValueError, match=".npz"):
        small_vae.save("weights.h5")


def test_latent_walk_is_closed_and_passes_the_centre():
    path = V.latent_walk(n_frames=32, radius=2.0)
    assert path.shape == (32, 2)
    assert np.abs(path).max() <= 2.0 + 1e-12
    np.testing.assert_allclose(path[0], [0, 0], atol=1e-12)


def test_static_grid_explorer_is_self_contained():
    from tplib.widgets import latent_grid_html

    images = np.random.default_rng(0).uniform(size=(4, 4, 7, 5))
    markup = latent_grid_html(images, np.linspace(-1, 1, 4), title="glyphs").data
    assert "data:image/png;base64," in markup and "type='range'" in markup
    assert "http" not in markup and "src=" not in markup
    with pytest.raises(ValueError, match="values"):
        latent_grid_html(images, np.zeros(3))


def test_slider_explorer_redraws():
    from tplib.widgets import latent_sliders

    box = latent_sliders(lambda z: np.full((len(z), 35), 0.5), (7, 5))
    picture, sliders = box.children
    before = picture.value
    sliders.children[0].value = 1.0
    assert picture.value[:8] == b"\x89PNG\r\n\x1a\n" and len(before) > 0


def test_animation_player_is_offline():
    from tplib import plots

    anim = plots.animate_latent_walk(lambda z: np.full((len(z), 35), 0.5), V.latent_walk(4),
                                     (7, 5))
    markup = plots.animation_html(anim)
    assert "<script" in markup and "data:image/png;base64" in markup
    assert "http" not in markup and 'class="fa' not in markup


def test_encode_decode_match_the_layers_for_any_number_of_rows(small_vae, glyphs):
    # the compiled, row-padded path gives what calling the Keras layers eagerly gives
    for n in (1, 7, 32):
        h = np.asarray(small_vae.encoder(glyphs[:n].astype(np.float32)))
        mean, log_var = small_vae.encode(glyphs[:n], batch_size=5)
        np.testing.assert_allclose(np.column_stack([mean, log_var]), h, rtol=1e-5, atol=1e-6)
        logits = np.asarray(small_vae.decoder(mean))
        np.testing.assert_allclose(small_vae.decode_logits(mean), logits, rtol=1e-5, atol=1e-6)
    assert small_vae.decode(np.zeros((0, 2))).shape == (0, 35)
    with pytest.raises(ValueError, match="batch_size"):
        small_vae.encode(glyphs, batch_size=0)


def test_steps_per_execution_gives_the_same_weights(glyphs):
    runs = []
    for steps in (1, 4):
        vae = V.build_vae(35, 2, [8], seed=2)
        V.train_vae(vae, np.tile(glyphs, (4, 1)), epochs=2, batch_size=16, seed=2,
                    progress=False, steps_per_execution=steps)
        runs.append(vae.get_weights())
    for a, b in zip(*runs):
        np.testing.assert_array_equal(a, b)


def test_nearest_code():
    codes = np.array([[0.0, 0.0], [3.0, 4.0]])
    d, i = V.nearest_code([[0.0, 1.0], [3.0, 3.0], [10.0, 4.0]], codes, batch_size=2)
    np.testing.assert_allclose(d, [1.0, 1.0, 7.0])
    np.testing.assert_array_equal(i, [0, 1, 1])
    with pytest.raises(ValueError, match="same width"):
        V.nearest_code(np.zeros((2, 3)), codes)
    with pytest.raises(TypeError, match="Z"):
        V.nearest_code(np.array([["a", "b"]]), codes)


def test_neighbour_agreement_separates_clusters_from_mixtures():
    rng = np.random.default_rng(0)
    apart = np.vstack([rng.normal(0, 0.1, (50, 2)), rng.normal(5, 0.1, (50, 2))])
    labels = np.repeat([0, 1], 50)
    np.testing.assert_array_equal(V.neighbour_agreement(apart, labels, k=5), 1.0)
    mixed = rng.normal(0, 1, (100, 2))
    assert V.neighbour_agreement(mixed, labels, k=5, queries=np.arange(0, 100, 2)).mean() < 0.8
    with pytest.raises(ValueError, match="labels"):
        V.neighbour_agreement(apart, labels[:10])
    with pytest.raises(ValueError, match="k must"):
        V.neighbour_agreement(apart, labels, k=100)
    with pytest.raises(ValueError, match="queries"):
        V.neighbour_agreement(apart, labels, queries=np.array([100]))


def test_adjacent_label_pairs():
    grid = np.array([[0, 0, 1], [2, 2, 1]])
    assert V.adjacent_label_pairs(grid) == {(0, 1), (0, 2), (1, 2)}
    assert V.adjacent_label_pairs(np.zeros((3, 3), dtype=int)) == set()
    with pytest.raises(ValueError, match="labels"):
        V.adjacent_label_pairs(np.zeros(4, dtype=int))
