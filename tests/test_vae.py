"""Unit tests of tplib.vae: shapes, the loss written out, training, saving, input checks."""
import os
import re
import subprocess
import sys
import warnings

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
        runs.append(vae.get_weights())
    for a, b in zip(*runs):
        np.testing.assert_array_equal(a, b)


def test_training_again_continues_from_the_weights(glyphs):
    X = np.tile(glyphs, (8, 1))
    vae = V.build_vae(35, 2, [16], seed=1)
    first = V.train_vae(vae, X, epochs=3, batch_size=32, lr=3e-3, seed=1, progress=False)
    trained = [w.copy() for w in vae.get_weights()]
    again = V.train_vae(vae, X, epochs=1, batch_size=32, lr=1e-4, seed=1, progress=False)
    # the second call starts where the first ended, not from fresh weights
    assert again["loss"][0] < first["loss"][0]
    assert abs(again["loss"][0] - first["loss"][-1]) < 0.2 * first["loss"][-1]
    assert again["evaluations"][0] == 8  # its history counts from zero again
    moved = max(np.abs(a - b).max() for a, b in zip(vae.get_weights(), trained))
    assert 0 < moved < 0.05  # a small rate nudges the weights, it does not reset them


def test_deeper_architecture_mirrors_its_layers():
    vae = V.build_vae(784, 2, "deeper", seed=0)
    assert vae.hidden == V.ARCHITECTURES["deeper"]["hidden"] == [256, 128, 64]
    shapes = [w.shape for w in vae.get_weights()[::2]]
    assert shapes == [(784, 256), (256, 128), (128, 64), (64, 4),
                      (2, 64), (64, 128), (128, 256), (256, 784)]


def test_train_vae_returns_the_shared_history_format(glyphs):
    X = np.tile(glyphs, (8, 1))  # 256 rows: 8 minibatch steps of 32 per epoch
    vae = V.build_vae(35, 2, [8], seed=1)
    history = V.train_vae(vae, X, epochs=3, batch_size=32, seed=1, progress=False)
    assert set(history) == {"step", "loss", "best_loss", "evaluations", "seconds",
                            "stopped_early", "message", "reconstruction", "kl"}
    assert history["step"] == "epoch"
    np.testing.assert_array_equal(history["evaluations"], [8, 16, 24])
    np.testing.assert_array_equal(history["best_loss"], np.minimum.accumulate(history["loss"]))
    assert np.all(np.diff(history["seconds"]) >= 0) and history["seconds"][0] > 0
    assert history["stopped_early"] is False and history["message"] == "budget spent"
    np.testing.assert_allclose(history["loss"], history["reconstruction"] + history["kl"],
                               rtol=1e-5)
    with_validation = V.train_vae(vae, X, epochs=2, batch_size=100, seed=1, progress=False,
                                  validation_data=glyphs)
    assert with_validation["val_loss"].shape == (2,)
    np.testing.assert_array_equal(with_validation["evaluations"], [3, 6])


def _run_python(code, **env):
    """Run code in a fresh interpreter with env added; returns the CompletedProcess."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=300)


def test_tplib_runs_keras_on_jax_whatever_the_environment_says():
    done = _run_python("import tplib.vae, keras; print(keras.backend.backend())",
                       KERAS_BACKEND="tensorflow")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "jax"


def test_vae_refuses_keras_already_imported_on_another_backend():
    done = _run_python("import keras; import tplib.vae", KERAS_BACKEND="numpy")
    assert done.returncode != 0
    assert "ImportError: tplib.vae needs Keras on the JAX backend" in done.stderr
    assert "'numpy' backend" in done.stderr


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
    from tplib.explorers import latent_grid_html

    images = np.random.default_rng(0).uniform(size=(4, 4, 7, 5))
    markup = latent_grid_html(images, np.linspace(-1, 1, 4), title="glyphs").data
    assert "data:image/png;base64," in markup and "type='range'" in markup
    # Nothing loaded from elsewhere: every source is a data: URI, every URL an XML namespace.
    assert re.findall(r"src=['\"]([a-z]+):", markup) and \
        set(re.findall(r"src=['\"]([a-z]+):", markup)) == {"data"}
    assert set(re.findall(r"https?://[^\s'\"]+", markup)) <= {"http://www.w3.org/2000/svg"}
    with pytest.raises(ValueError, match="values"):
        latent_grid_html(images, np.zeros(3))


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


# ---------------------------------------------------------------------------------------------
# Bad input is refused by name before any work; training that diverges says so (issue 12).


@pytest.mark.parametrize("lr, error", [
    (float("inf"), ValueError), (float("nan"), ValueError), (0.0, ValueError),
    (-1e-3, ValueError), ("1e-3", TypeError), (None, TypeError),
])
def test_learning_rate_must_be_a_finite_positive_number(small_vae, glyphs, lr, error):
    before = [w.copy() for w in small_vae.get_weights()]
    with pytest.raises(error, match="lr"):
        V.train_vae(small_vae, glyphs, epochs=1, lr=lr, progress=False)
    for a, b in zip(before, small_vae.get_weights()):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("epochs, bad_epoch", [(3, 2), (1, 1)])
def test_diverging_training_raises_naming_the_epoch_and_lr(glyphs, epochs, bad_epoch):
    # 32 glyphs in batches of 100: one step per epoch. The loss of epoch 1 is measured before
    # that step, so with one epoch only the weights show the divergence (the run's last step).
    vae = V.build_vae(35, 2, [8], seed=0)
    with pytest.raises(FloatingPointError,
                       match=rf"epoch {bad_epoch} of {epochs}.*lr=1e\+30.*smaller lr"):
        V.train_vae(vae, glyphs, epochs=epochs, lr=1e30, progress=False)


def test_empty_data_is_refused_and_leaves_the_vae_usable(glyphs):
    vae = V.build_vae(35, 2, [8], seed=0)
    before = [w.copy() for w in vae.get_weights()]
    with pytest.raises(ValueError, match=r"X must have at least 1 row"):
        V.train_vae(vae, np.zeros((0, 35)), epochs=1, progress=False)
    with pytest.raises(ValueError, match=r"validation_data must have at least 1 row"):
        V.train_vae(vae, glyphs, epochs=1, progress=False, validation_data=np.zeros((0, 35)))
    for a, b in zip(before, vae.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert vae.encode(glyphs)[0].shape == (32, 2)
    assert np.isfinite(V.evaluate_elbo(vae, glyphs)["nelbo"])


def test_evaluate_elbo_refuses_to_average_nan():
    vae = V.build_vae(35, 2, [8], seed=0)
    weights = vae.get_weights()
    weights[6][:] = np.nan  # the decoder's output layer
    vae.set_weights(weights)
    with pytest.raises(FloatingPointError, match="weights hold NaN"):
        V.evaluate_elbo(vae, np.full((4, 35), 0.5))


@pytest.mark.parametrize("kwargs, error, match", [
    ({"X": np.zeros((0, 35))}, ValueError, r"X must have at least 1 row"),
    ({"seed": -1}, ValueError, "seed"),
    ({"seed": "0"}, TypeError, "seed"),
    ({"batch_size": 0}, ValueError, "batch_size"),
    ({"batch_size": "100"}, TypeError, "batch_size"),
    ({"vae": "model.npz"}, TypeError, "vae must be a"),
])
def test_evaluate_elbo_refuses_bad_arguments(small_vae, glyphs, kwargs, error, match):
    arguments = {"vae": small_vae, "X": glyphs, **kwargs}
    with pytest.raises(error, match=match):
        V.evaluate_elbo(**arguments)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"vae": None}, TypeError, "vae must be a"),
    ({"epochs": 2.5}, TypeError, "epochs"),
    ({"epochs": "3"}, TypeError, "epochs"),
    ({"batch_size": 0}, ValueError, "batch_size"),
    ({"seed": -1}, ValueError, "seed"),
    ({"schedule": "linear"}, ValueError, "schedule"),
    ({"steps_per_execution": 0}, ValueError, "steps_per_execution"),
    ({"progress": "no"}, TypeError, "progress"),
    ({"validation_data": np.zeros((3, 34))}, ValueError, "validation_data must have shape"),
    ({"validation_data": (np.zeros((3, 35)),)}, ValueError, "validation_data"),
    ({"X": [[0.5] * 35, [0.5] * 34]}, TypeError, "X must be a rectangular"),
    ({"X": np.zeros((2, 35), dtype=complex)}, TypeError, "X must hold real"),
])
def test_train_vae_refuses_bad_arguments(small_vae, glyphs, kwargs, error, match):
    arguments = {"vae": small_vae, "X": glyphs, "epochs": 1, "progress": False, **kwargs}
    with pytest.raises(error, match=match):
        V.train_vae(**arguments)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"hidden": 16}, TypeError, "hidden"),
    ({"hidden": ["wide"]}, TypeError, r"hidden\[0\]"),
    ({"hidden": [16, 0]}, ValueError, r"hidden\[1\]"),
    ({"input_dim": None}, TypeError, "input_dim"),
    ({"input_dim": "35"}, TypeError, "input_dim"),
    ({"latent_dim": 2.5}, TypeError, "latent_dim"),
    ({"seed": -1}, ValueError, "seed"),
    ({"seed": 1.5}, TypeError, "seed"),
    ({"seed": 2**32}, ValueError, "seed must be at most"),
    # about 10^11 weights: refused by arithmetic, before any allocation
    ({"latent_dim": 10**9}, ValueError, "weights"),
    ({"input_dim": 10**10}, ValueError, "weights"),
])
def test_build_vae_refuses_bad_arguments(kwargs, error, match):
    arguments = {"input_dim": 35, "latent_dim": 2, "hidden": [8], "seed": 0, **kwargs}
    with pytest.raises(error, match=match):
        V.build_vae(**arguments)
    with pytest.raises(error, match=match):
        V.VAE(**arguments)


def test_decode_uses_a_sigmoid_that_cannot_overflow(small_vae):
    from scipy.special import expit

    Z = np.array([[0.0, 0.0], [1.0, -2.0], [1e6, -1e6], [-1e7, 1e7]])
    logits = small_vae.decode_logits(Z).astype(np.float64)
    assert np.abs(logits).max() > 800  # exp(800) overflows float64
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # 1 / (1 + exp(-x)) warned "overflow encountered in exp"
        decoded = small_vae.decode(Z)
    np.testing.assert_array_equal(decoded, expit(logits))
    assert np.all((decoded >= 0) & (decoded <= 1))
    # where nothing overflows, the formula it replaces to the last bit or two: over every
    # float32 logit, at most 2.2e-16 apart (0.3% of them differ at all)
    np.testing.assert_allclose(decoded[:2], 1.0 / (1.0 + np.exp(-logits[:2])), rtol=0,
                               atol=2.3e-16)


@pytest.mark.parametrize("Z, error, match", [
    (np.array([[np.nan, 0.0]]), ValueError, "Z holds NaN or infinite"),
    (np.array([[1e40, 0.0]]), ValueError, "Z holds NaN or infinite"),  # inf as float32
    (np.array([["a", "b"]]), TypeError, "Z must hold numbers"),
    (np.zeros((1, 2), dtype=complex), TypeError, "Z must hold real"),
    ([[0.0, 0.0], [1.0]], TypeError, "Z must be a rectangular"),
])
def test_decode_refuses_bad_codes(small_vae, Z, error, match):
    with pytest.raises(error, match=match):
        small_vae.decode(Z)


@pytest.mark.parametrize("batch_size, error", [("10", TypeError), (True, TypeError),
                                               (2.5, TypeError), (-1, ValueError)])
def test_encode_decode_refuse_bad_batch_size(small_vae, glyphs, batch_size, error):
    with pytest.raises(error, match="batch_size"):
        small_vae.encode(glyphs, batch_size=batch_size)
    with pytest.raises(error, match="batch_size"):
        small_vae.decode(np.zeros((2, 2)), batch_size=batch_size)


def test_encode_names_a_ragged_input(small_vae):
    with pytest.raises(TypeError, match="X must be a rectangular"):
        small_vae.encode([[0.5] * 35, [0.5] * 34])


def _saved(tmp_path, vae, name="vae.npz"):
    path = tmp_path / name
    vae.save(path)
    return path


def _npz(path, config, weights):
    np.savez(path, config=np.array(config), **{f"w{i}": w for i, w in enumerate(weights)})


def _damage(kind, path, vae):
    """Turn the good file at path into a bad one of the given kind."""
    import json

    good = path.read_bytes()
    config, weights = json.dumps(vae.config), vae.get_weights()
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif kind == "corrupted":  # one byte of the first weight array flipped: a CRC mismatch
        data = bytearray(good)
        data[1000] ^= 0xFF
        path.write_bytes(bytes(data))
    elif kind == "text":
        path.write_text("these are not weights\n")
    elif kind == "npy":
        with open(path, "wb") as handle:
            np.save(handle, np.zeros(3))
    elif kind == "pickle":
        with open(path, "wb") as handle:
            np.save(handle, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    elif kind == "autoencoder":
        np.savez(path, config=np.array(json.dumps({"format": 1, "layer_sizes": [35, 2, 35]})),
                 W0=np.zeros((35, 2)), b0=np.zeros(2))
    elif kind == "config not json":
        _npz(path, "{input_dim: 35", weights)
    elif kind == "config missing a key":
        _npz(path, json.dumps({"input_dim": 35, "latent_dim": 2, "hidden": [16]}), weights)
    elif kind == "config bad value":
        _npz(path, json.dumps({**vae.config, "latent_dim": -2}), weights)
    elif kind == "config huge":
        _npz(path, json.dumps({**vae.config, "latent_dim": 10**9}), weights)
    elif kind == "missing weight":
        _npz(path, config, weights[:-1])
    elif kind == "extra entry":
        np.savez(path, config=np.array(config), extra=np.zeros(1),
                 **{f"w{i}": w for i, w in enumerate(weights)})
    elif kind == "wrong shape":
        _npz(path, config, [weights[1], weights[0]] + weights[2:])
    elif kind == "nan weight":
        weights[2] = np.full_like(weights[2], np.nan)
        _npz(path, config, weights)
    elif kind == "integer weight":
        weights[0] = weights[0].astype(np.int64)
        _npz(path, config, weights)


@pytest.mark.parametrize("kind", [
    "empty", "truncated", "corrupted", "text", "npy", "pickle", "autoencoder",
    "config not json", "config missing a key", "config bad value", "config huge",
    "missing weight", "extra entry", "wrong shape", "nan weight", "integer weight",
])
def test_load_vae_refuses_bad_files_naming_them(tmp_path, small_vae, kind):
    path = _saved(tmp_path, small_vae, "model_file.npz")
    _damage(kind, path, small_vae)
    with pytest.raises(ValueError, match="not a saved VAE") as info:
        V.load_vae(path)
    assert "model_file.npz" in str(info.value)
    if kind == "autoencoder":
        assert "Autoencoder.load" in str(info.value)


def test_load_vae_refuses_bad_paths(tmp_path, small_vae):
    with pytest.raises(TypeError, match="path"):
        V.load_vae(3)
    with pytest.raises(FileNotFoundError, match="nowhere.npz"):
        V.load_vae(tmp_path / "nowhere.npz")
    _saved(tmp_path, small_vae, "model.npz")
    with pytest.raises(FileNotFoundError, match=r"model\.npz"):  # the saved name, not "model"
        V.load_vae(tmp_path / "model")
    with pytest.raises(IsADirectoryError):
        V.load_vae(tmp_path)


def test_save_refuses_bad_paths_and_broken_weights(tmp_path, small_vae):
    with pytest.raises(TypeError, match="path"):
        small_vae.save(3)
    broken = V.build_vae(35, 2, [8], seed=0)
    weights = broken.get_weights()
    weights[0][0, 0] = np.nan
    broken.set_weights(weights)
    with pytest.raises(ValueError, match="NaN"):
        broken.save(tmp_path / "broken.npz")
    assert not (tmp_path / "broken.npz").exists()


@pytest.mark.parametrize("kwargs, error, match", [
    ({"n": 0}, ValueError, "n must"),
    ({"n": 2.5}, TypeError, "n must"),
    ({"n": 10**6}, ValueError, "n must"),  # 10^12 images: refused before any allocation
    ({"quantiles": (0.5,)}, ValueError, "quantiles"),
    ({"quantiles": ("a", "b")}, TypeError, "quantiles"),
    ({"quantiles": (0.9, 0.1)}, ValueError, "quantiles"),
    ({"image_shape": 35}, TypeError, "image_shape"),
    ({"image_shape": (-7, -5)}, ValueError, "image_shape"),
    ({"image_shape": (7.0, 5.0)}, TypeError, "image_shape"),
    ({"vae": "vae.npz"}, TypeError, "vae must be a"),
])
def test_decode_grid_refuses_bad_arguments(small_vae, kwargs, error, match):
    arguments = {"vae": small_vae, "n": 3, "image_shape": (7, 5), **kwargs}
    with pytest.raises(error, match=match):
        V.decode_grid(**arguments)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"n_frames": 0}, ValueError, "n_frames"),
    ({"n_frames": 10**12}, ValueError, "n_frames"),  # was a MemoryError
    ({"n_frames": 3.0}, TypeError, "n_frames"),
    ({"radius": float("nan")}, ValueError, "radius"),
    ({"radius": -1.0}, ValueError, "radius"),
    ({"radius": "1.5"}, TypeError, "radius"),
    ({"turns": 0}, ValueError, "turns"),
    ({"turns": 1.5}, TypeError, "turns"),
])
def test_latent_walk_refuses_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        V.latent_walk(**kwargs)


@pytest.mark.parametrize("args, match", [
    ((np.full((2, 3), 2.0), np.zeros((2, 3)), np.zeros((2, 1)), np.zeros((2, 1))),
     r"x must hold values <= 1"),
    ((np.zeros((2, 3)), np.zeros((2, 4)), np.zeros((2, 1)), np.zeros((2, 1))),
     "logits must have the shape of x"),
    ((np.zeros((2, 3)), np.zeros((2, 3)), np.zeros((2, 1)), np.zeros((2, 2))),
     "log_var must have the shape of mean"),
    ((np.zeros((2, 3)), np.zeros((2, 3)), np.zeros((3, 1)), np.zeros((3, 1))),
     "mean must have one row per row of x"),
    ((np.zeros((2, 3)), np.full((2, 3), np.nan), np.zeros((2, 1)), np.zeros((2, 1))),
     "logits holds NaN"),
])
def test_negative_elbo_refuses_bad_arrays(args, match):
    with pytest.raises(ValueError, match=match):
        V.negative_elbo(*args)


def test_negative_elbo_is_vae_loss_on_good_arrays():
    rng = np.random.default_rng(0)
    x, logits = rng.random((4, 6)), rng.normal(size=(4, 6))
    mean, log_var = rng.normal(size=(4, 2)), rng.normal(size=(4, 2))
    for a, b in zip(V.negative_elbo(x, logits, mean, log_var), V.vae_loss(x, logits, mean, log_var)):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
