"""Bad input to the numpy core (nn, Autoencoder, optimizers, minimize): refused clearly, by name,
before any work; runs that diverge raise; loaders refuse any file they cannot fully validate."""

import json
import pickle
import tracemalloc
import zipfile

import numpy as np
import pytest

from tplib import Adam, Autoencoder, Momentum, ScipyMethod, minimize, nn
from tplib.datasets import load_font
from tplib.optimizers import Optimizer
from tplib.training import train

SMALL = [35, 6, 2, 6, 35]
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")  # overflow on divergence


@pytest.fixture(scope="module")
def X():
    return load_font(2)[0]


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "model.npz"
    Autoencoder(SMALL, seed=0).save(path)
    return path


# --- the abstract Optimizer -------------------------------------------------------------------

def test_abstract_optimizer_is_refused_with_a_message(X):
    with pytest.raises(TypeError, match="abstract base class: use Momentum"):
        Optimizer()

    class Half(Optimizer):
        def reset(self, n_params):
            pass

    with pytest.raises(NotImplementedError, match="Half must define step"):
        Half().step(np.zeros(2), np.zeros(2))
    with pytest.raises(TypeError, match="does not define step"):
        Autoencoder(SMALL, seed=0).fit(X, optimizer=Half(), epochs=2)
    with pytest.raises(TypeError, match=r"an instance, e.g. Adam\(\)"):
        Autoencoder(SMALL, seed=0).fit(X, optimizer=Adam, epochs=2)


def test_optimizer_step_before_reset_or_on_the_wrong_size():
    with pytest.raises(ValueError, match=r"call reset\(n_params\) first"):
        Adam().step(np.zeros(2), np.zeros(2))
    opt = Momentum()
    opt.reset(2)
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        opt.step(np.zeros(3), np.zeros(3))
    with pytest.raises(ValueError, match="n_params must be at least 1"):
        Adam().reset(0)


# --- budgets: no allocation proportional to a huge budget -------------------------------------

def test_huge_epoch_budget_with_a_target_allocates_nothing_up_front(X):
    model = Autoencoder([35, 25, 2, 25, 35], loss="bce", latent_activation="linear", seed=0)
    tracemalloc.start()
    hist = model.fit(X, optimizer=Adam(lr=0.01), epochs=10**12, target_pixel_errors=0)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert hist["stopped_early"] and peak < 50e6


def test_history_grows_past_its_first_chunk_with_the_same_numbers(X):
    # 5000 epochs cross the 4096-epoch chunk; the history must be complete and consistent.
    model = Autoencoder([35, 3, 35], seed=0)
    hist = model.fit(X, optimizer=Momentum(), epochs=5000)
    assert len(hist["loss"]) == 5000 and np.all(hist["loss"] > 0)
    np.testing.assert_array_equal(hist["evaluations"], np.arange(1, 5001))


def test_huge_evaluation_budget_allocates_nothing_up_front(X):
    tracemalloc.start()
    result = minimize(Autoencoder(SMALL, seed=0), X, max_evals=10**12, options={"maxiter": 3})
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result["evaluations"][-1] < 50 and peak < 50e6


# --- divergence: raise, naming the step and the learning rate; model left unchanged -----------

def test_divergence_on_the_last_step_raises_and_leaves_the_model(X):
    model = Autoencoder([35, 25, 2, 25, 35], activation="relu", output_activation="linear",
                        seed=0)
    before = nn.pack(model.params).copy()
    with pytest.raises(FloatingPointError, match=r"last update \(epoch 0\).*lr=0.001"):
        model.fit(X * 1e60, optimizer=Momentum(lr=0.001), epochs=1)
    assert np.array_equal(nn.pack(model.params), before)


def test_divergence_mid_run_names_the_epoch_and_the_learning_rate(X):
    model = Autoencoder([35, 25, 2, 25, 35], activation="relu", output_activation="linear",
                        seed=0)
    with pytest.raises(FloatingPointError,
                       match=r"at epoch \d+ with Momentum\(lr=0.001.*lower the learning rate"):
        model.fit(X * 1e60, optimizer=Momentum(lr=0.001), epochs=5, batch_size=8)


def test_minimize_divergence_raises_and_leaves_the_model(X):
    model = Autoencoder(SMALL, activation="relu", output_activation="linear", seed=0)
    before = nn.pack(model.params).copy()
    with pytest.raises(FloatingPointError, match="diverged: the loss became .* at evaluation"):
        minimize(model, X * 1e150, max_evals=50)
    assert np.array_equal(nn.pack(model.params), before)


# --- data the network cannot mean: complex, 0..255, BCE targets outside [0, 1] ----------------

@pytest.mark.parametrize("call", [
    lambda m, X: m.fit(X + 1j, epochs=2),
    lambda m, X: m.fit(X + 0j, epochs=2),
    lambda m, X: m.predict(X + 1j),
    lambda m, X: minimize(m, X + 1j, max_evals=5),
])
def test_complex_data_is_refused(X, call):
    with pytest.raises(TypeError, match="must hold real numbers, got complex"):
        call(Autoencoder(SMALL, seed=0), X)


@pytest.mark.parametrize("call", [
    lambda m, X: m.fit((X * 255).astype(np.uint8), epochs=2),
    lambda m, X: m.fit(X * 255, epochs=2),
    lambda m, X: minimize(m, (X * 255).astype(np.uint8), max_evals=5),
    lambda m, X: m.loss_value(X, X * 255),
])
def test_pixel_values_0_to_255_are_refused_with_a_hint(X, call):
    with pytest.raises(ValueError, match=r"must lie in \[0, 1\].*divide by 255"):
        call(Autoencoder(SMALL, seed=0), X)


@pytest.mark.parametrize("Y", [lambda X: 2 * X, lambda X: X - 1])
def test_bce_targets_outside_0_1_are_refused(X, Y):
    model = Autoencoder(SMALL, loss="bce", seed=0)
    with pytest.raises(ValueError, match="loss='bce' needs targets in"):
        model.fit(X, Y(X), epochs=2)
    with pytest.raises(ValueError, match="loss='bce' needs targets in"):
        minimize(model, X, Y(X), max_evals=5)
    with pytest.raises(ValueError, match="bce' needs targets Y in"):
        nn.loss_value(X, Y(X), "bce")


def test_strings_of_digits_are_not_numbers(X):
    with pytest.raises(TypeError, match="2-D array of numbers, got dtype <U1"):
        Autoencoder(SMALL, seed=0).fit(np.array([["1"] * 35]), epochs=2)


# --- arguments of fit, train and minimize ------------------------------------------------------

@pytest.mark.parametrize("kwargs,exc,match", [
    ({"target_pixel_errors": True}, TypeError, "target_pixel_errors must be a whole number"),
    ({"target_pixel_errors": 0.5}, TypeError, "target_pixel_errors must be a whole number"),
    ({"target_pixel_errors": 35}, ValueError, "below the 35 outputs"),
    ({"epochs": True}, TypeError, "epochs must be a whole number"),
    ({"batch_size": 2.0}, TypeError, "batch_size must be a whole number"),
    ({"progress": "yes"}, TypeError, "progress must be True or False"),
    ({"corrupt": lambda X: X + 1j}, TypeError, "corrupt must return real values"),
])
def test_fit_arguments_are_checked(X, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        Autoencoder(SMALL, seed=0).fit(X, **{"epochs": 3, **kwargs})


def test_fit_refuses_a_model_holding_nan(X):
    model = Autoencoder(SMALL, seed=0)
    model.params[0][0][0, 0] = np.nan
    with pytest.raises(ValueError, match="cannot fit: model.params holds NaN"):
        model.fit(X, epochs=2)


def test_train_refuses_a_theta_it_could_not_update_in_place(X):
    model = Autoencoder(SMALL, seed=0)
    shapes = nn.param_shapes(model.params)
    theta = nn.pack(model.params)
    for bad in (theta.astype(np.float32), list(theta)):
        with pytest.raises(TypeError, match="theta must be a writeable, contiguous float64"):
            train(bad, shapes, X, X, model.activations, "sse", Adam(), 2)
    with pytest.raises(ValueError, match="activations must list one name per layer"):
        train(theta, shapes, X, X, model.activations[:2], "sse", Adam(), 2)
    with pytest.raises(ValueError, match="loss must be one of"):
        train(theta, shapes, X, X, model.activations, "l2", Adam(), 2)


@pytest.mark.parametrize("kwargs,exc,match", [
    ({"options": {"maxiterr": 3}}, ValueError, "CG has no option.*maxiterr"),
    ({"options": {1: 3}}, TypeError, "option names"),
])
def test_minimize_refuses_unknown_options(X, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        minimize(Autoencoder(SMALL, seed=0), X, method="CG", max_evals=20, **kwargs)


# --- budgets and options that do not fit the optimizer: refused by name -------------------------

@pytest.mark.parametrize("kwargs,match", [
    ({"max_evals": 10}, r"max_evals= is the budget of a scipy method.*Adam\(.*epochs="),
    ({"optimizer": Momentum(), "max_evals": 10}, "max_evals= is the budget of a scipy method"),
    ({"optimizer": ScipyMethod("CG"), "epochs": 10}, "epochs= is an option of gradient "
     r"descent.*its budget is max_evals="),
    ({"optimizer": ScipyMethod("CG"), "batch_size": 8}, "batch_size= is an option of gradient"),
    ({"optimizer": ScipyMethod("CG"), "corrupt": lambda X: X}, "corrupt= is an option of"),
    ({"optimizer": ScipyMethod("CG"), "target_pixel_errors": 0},
     "target_pixel_errors= is an option of gradient descent"),
])
def test_fit_refuses_a_budget_or_option_the_optimizer_does_not_have(X, kwargs, match):
    with pytest.raises(TypeError, match=match):
        Autoencoder(SMALL, seed=0).fit(X, **kwargs)


def test_fit_with_a_scipy_method_checks_max_evals(X):
    with pytest.raises(ValueError, match="max_evals must be at least 1"):
        Autoencoder(SMALL, seed=0).fit(X, optimizer=ScipyMethod(), max_evals=0)


@pytest.mark.parametrize("model", [None, "model", Autoencoder])
def test_minimize_needs_an_autoencoder(X, model):
    with pytest.raises(TypeError, match="model must be a tplib.Autoencoder"):
        minimize(model, X)


# --- the constructor ---------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs,exc,match", [
    ({"layer_sizes": [35, 2, 35], "seed": -1}, ValueError, "seed must be at least 0"),
    ({"layer_sizes": [35, 2, 35], "seed": "1"}, TypeError, "seed must be a whole number"),
    ({"layer_sizes": [10**6, 10**6]}, ValueError, "parameters .* at most"),
    ({"layer_sizes": {35: 1, 2: 1}}, TypeError, "list of whole numbers"),
    ({"layer_sizes": {35, 2}}, TypeError, "list of whole numbers"),
])
def test_constructor_refuses(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        Autoencoder(**kwargs)


# --- nn kernels: unknown names and mismatched shapes are not silently something else ----------

def test_nn_kernels_refuse_unknown_names_and_mismatches(X):
    params = nn.init_params([35, 4, 35], np.random.default_rng(0))
    with pytest.raises(ValueError, match="activation must be one of"):
        nn.forward(params, X, ["sigmoid", "sigmod"])
    with pytest.raises(ValueError, match="one name per layer"):
        nn.forward(params, X, ["sigmoid"])
    with pytest.raises(ValueError, match="loss must be one of"):
        nn.loss_value(X, X, "l1")
    with pytest.raises(ValueError, match="loss must be one of"):
        nn.loss_and_grad(params, X, X, ["sigmoid", "sigmoid"], "mae")
    with pytest.raises(ValueError, match="same shape"):
        nn.loss_value(X, X[:1], "sse")
    with pytest.raises(ValueError, match=r"X has 30 columns but params\[0\] W expects 35"):
        nn.forward(params, X[:, :30], ["sigmoid", "sigmoid"])
    with pytest.raises(TypeError, match="numpy.random.Generator"):
        nn.init_params([3, 2], 0)
    with pytest.raises(TypeError, match="theta must hold real numbers"):
        nn.unpack(np.zeros(8) + 1j, nn.param_shapes(nn.init_params([3, 2],
                                                                    np.random.default_rng(0))))


# --- save and load -----------------------------------------------------------------------------

def test_save_without_extension_loads_with_the_same_name(tmp_path, X):
    model = Autoencoder(SMALL, seed=0)
    model.save(tmp_path / "model")
    back = Autoencoder.load(tmp_path / "model")
    assert np.array_equal(back.predict(X), model.predict(X))


def test_save_refuses_a_directory_a_missing_folder_and_nan(tmp_path):
    model = Autoencoder(SMALL, seed=0)
    with pytest.raises(IsADirectoryError, match="is a directory"):
        model.save(tmp_path)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        model.save(tmp_path / "nowhere" / "m.npz")
    with pytest.raises(TypeError, match="path must be a file name"):
        model.save(None)
    model.params[1][1][0] = np.inf
    with pytest.raises(ValueError, match="cannot save: model.params holds NaN"):
        model.save(tmp_path / "m.npz")


def _write(path, data):
    path.write_bytes(data)
    return path


def _npz(path, config, **arrays):
    text = config if isinstance(config, str) else json.dumps(config)
    np.savez(path, config=np.array(text), **arrays)
    return path


GOOD = {"format": 1, "layer_sizes": SMALL, "activation": "sigmoid",
        "output_activation": "sigmoid", "latent_activation": "sigmoid", "loss": "sse",
        "seed": 0}


def _weights(seed=0):
    model = Autoencoder(SMALL, seed=seed)
    return {f"{c}{i}": a for i, pair in enumerate(model.params) for c, a in zip("Wb", pair)}


@pytest.mark.parametrize("make,match", [
    (lambda p, raw: _write(p, b""), "empty"),
    (lambda p, raw: _write(p, raw[:len(raw) // 2]), "damaged or truncated"),
    (lambda p, raw: _write(p, raw[:-10]), "damaged or truncated"),
    (lambda p, raw: _write(p, raw[:200] + b"\0" * 60 + raw[260:]), "damaged or truncated"),
    (lambda p, raw: _write(p, b"hello"), "not an .npz"),
    (lambda p, raw: _write(p, pickle.dumps({"a": 1})), "pickle, which tplib never loads"),
    (lambda p, raw: (np.save(p.with_suffix(".npy"), np.zeros(3)),
                     p.with_suffix(".npy").rename(p), p)[-1], "single .npy array"),
    (lambda p, raw: (zipfile.ZipFile(p, "w").close(), p)[-1], "no 'config'"),
    (lambda p, raw: _npz(p, [1, 2]), "config must have the keys"),
    (lambda p, raw: _npz(p, {"format": 1}, **_weights()), "config must have the keys"),
    (lambda p, raw: _npz(p, GOOD | {"format": True}, **_weights()), "format True"),
    (lambda p, raw: _npz(p, GOOD | {"seed": -1}, **_weights()), "seed must be at least 0"),
    (lambda p, raw: _npz(p, GOOD | {"layer_sizes": [10**6, 10**6]}), "at most"),
    (lambda p, raw: _npz(p, GOOD, **(_weights() | {"W0": _weights()["W0"] * np.nan})),
     "W0 holds NaN"),
    (lambda p, raw: _npz(p, GOOD, **(_weights() | {"b2": _weights()["b2"] + np.inf})),
     "b2 holds NaN"),
    (lambda p, raw: _npz(p, GOOD, **(_weights() | {"W0": _weights()["W0"].T})),
     "layer 0 is missing or has the wrong shape"),
    (lambda p, raw: _npz(p, GOOD, **(_weights() | {"W0": _weights()["W0"] + 1j})),
     "W0 must hold floats"),
    (lambda p, raw: _npz(p, GOOD, **(_weights() | {"W9": np.zeros(3)})), "unexpected arrays"),
])
def test_load_refuses_what_it_cannot_validate_naming_the_file(tmp_path, saved, make, match):
    path = make(tmp_path / "bad.npz", saved.read_bytes())
    with pytest.raises(ValueError, match=match) as info:
        Autoencoder.load(path)
    assert "bad.npz" in str(info.value)


def test_load_refuses_a_directory_and_non_paths(tmp_path):
    with pytest.raises(IsADirectoryError, match="is a directory"):
        Autoencoder.load(tmp_path)
    for bad in (None, 3):
        with pytest.raises(TypeError, match="path must be a file name"):
            Autoencoder.load(bad)
