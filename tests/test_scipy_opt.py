"""Tests of scipy methods (fit with ScipyMethod, and its shortcut tplib.minimize): exact budgets,
the recorded losses, the best parameters left in the model, the cost of finite-difference
gradients, and clear errors for bad input."""

import numpy as np
import pytest

import tplib
from tplib import nn

BUDGET = 300
GRADIENT_METHODS = ["L-BFGS-B", "BFGS", "CG", "TNC"]
ALL_METHODS = GRADIENT_METHODS + ["Powell", "Nelder-Mead"]


@pytest.fixture(scope="module")
def glyphs():
    X, _ = tplib.datasets.load_font(2)
    return X  # all 32 glyphs: on 8, BFGS stops early (precision loss) before 300 evaluations


def small_model(seed=0):
    # 35-6-2-6-35: 535 parameters, small enough that BFGS's dense update is fast.
    return tplib.Autoencoder([35, 6, 2, 6, 35], seed=seed)


@pytest.mark.parametrize("gradient", ["exact", "finite"])
@pytest.mark.parametrize("method", ALL_METHODS)
def test_budget_is_honoured_exactly(glyphs, method, gradient):
    model = small_model()
    result = tplib.minimize(model, glyphs, method=method, max_evals=BUDGET, gradient=gradient)
    assert result["step"] == "evaluation"
    np.testing.assert_array_equal(result["evaluations"], np.arange(1, BUDGET + 1))
    assert result["message"] == "budget spent" and not result["stopped_early"]
    assert result["loss"].shape == (BUDGET,)
    assert np.all(np.isfinite(result["loss"]))
    assert result["seconds"].shape == (BUDGET,)
    assert np.all(np.diff(result["seconds"]) >= 0)
    np.testing.assert_array_equal(result["best_loss"], np.minimum.accumulate(result["loss"]))


@pytest.mark.parametrize("gradient", ["exact", "finite"])
@pytest.mark.parametrize("method", ALL_METHODS)
def test_model_is_left_at_the_best_parameters(glyphs, method, gradient):
    model = small_model()
    result = tplib.minimize(model, glyphs, method=method, max_evals=BUDGET, gradient=gradient)
    assert model.loss_value(glyphs) == pytest.approx(result["best_loss"][-1], rel=1e-12)
    assert result["best_loss"][-1] <= result["loss"][0]


def test_first_loss_is_the_initial_loss(glyphs):
    model = small_model()
    initial = model.loss_value(glyphs)
    result = tplib.minimize(model, glyphs, method="L-BFGS-B", max_evals=10)
    assert result["loss"][0] == pytest.approx(initial, rel=1e-12)


@pytest.mark.parametrize("method", GRADIENT_METHODS)
def test_exact_gradient_is_computed_at_every_evaluation(glyphs, method):
    result = tplib.minimize(small_model(), glyphs, method=method, max_evals=50)
    assert result["gradient"] == "exact"
    assert result["gradient_calls"] == result["evaluations"][-1] == 50


@pytest.mark.parametrize("method", GRADIENT_METHODS)
def test_finite_differences_cost_one_evaluation_per_parameter(glyphs, method):
    model = small_model()
    n = model.n_params
    budget = 3 * (n + 1) + 40
    result = tplib.minimize(model, glyphs, method=method, max_evals=budget, gradient="finite")
    assert result["gradient"] == "finite"
    assert result["gradient_calls"] == 0
    losses = result["loss"]
    # The first n + 1 evaluations are the loss and the n probes of the first gradient, each a
    # step of ~1e-8 in one parameter: the loss barely moves across the whole sweep.
    sweep = losses[:n + 1]
    assert np.ptp(sweep) < 1e-5 * sweep[0]
    # No method can take a step before its first gradient is complete.
    assert np.all(losses[:n + 1] >= losses[0] - 1e-5 * losses[0])
    if method != "TNC":  # TNC spends more gradients on Hessian-vector products before stepping
        # ...and the first trial step comes right after the n + 1 evaluations of the gradient.
        assert abs(losses[n + 1] - losses[0]) > 1000 * np.ptp(sweep)


def test_finite_difference_gradient_matches_backprop(glyphs):
    # Recover scipy's probes from the losses: (f(x + h e_i) - f(x)) / h for every parameter.
    model = small_model()
    theta = nn.pack(model.params)
    _, grads = nn.loss_and_grad(model.params, glyphs, glyphs, model.activations, "sse")
    exact = nn.pack(grads)
    result = tplib.minimize(model, glyphs, method="L-BFGS-B", max_evals=model.n_params + 1,
                            gradient="finite")
    diffs = result["loss"][1:] - result["loss"][0]
    h = np.sqrt(np.finfo(float).eps) * np.maximum(1.0, np.abs(theta))  # scipy's 2-point step
    estimate = diffs / h
    assert np.corrcoef(estimate, exact)[0, 1] > 0.999


@pytest.mark.parametrize("method", ["Powell", "Nelder-Mead"])
def test_gradient_free_methods_ignore_the_gradient_argument(glyphs, method):
    a = tplib.minimize(small_model(), glyphs, method=method, max_evals=100, gradient="exact")
    b = tplib.minimize(small_model(), glyphs, method=method, max_evals=100, gradient="finite")
    assert a["gradient"] == b["gradient"] == "none"
    assert a["gradient_calls"] == 0
    np.testing.assert_array_equal(a["loss"], b["loss"])


def test_runs_are_deterministic_and_prefixes_of_longer_runs(glyphs):
    short = tplib.minimize(small_model(), glyphs, method="CG", max_evals=100)
    long = tplib.minimize(small_model(), glyphs, method="CG", max_evals=200)
    np.testing.assert_array_equal(short["loss"], long["loss"][:100])


def test_options_are_passed_to_scipy(glyphs):
    result = tplib.minimize(small_model(), glyphs, method="CG", max_evals=BUDGET,
                            options={"maxiter": 2})
    assert result["evaluations"][-1] < BUDGET
    assert result["message"] != "budget spent" and result["stopped_early"]


def test_targets_other_than_the_inputs(glyphs):
    model = small_model()
    Y = 1.0 - glyphs
    result = tplib.minimize(model, glyphs, Y, method="L-BFGS-B", max_evals=100)
    assert model.loss_value(glyphs, Y) == pytest.approx(result["best_loss"][-1], rel=1e-12)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"method": "Adamax"}, ValueError, "method must be one of"),
    ({"method": "l-bfgs-b"}, ValueError, "method must be one of"),
    ({"gradient": "foo"}, ValueError, "gradient must be 'exact' or 'finite'"),
    ({"gradient": None}, ValueError, "gradient must be 'exact' or 'finite'"),
    ({"max_evals": 0}, ValueError, "max_evals must be at least 1"),
    ({"max_evals": -1}, ValueError, "max_evals must be at least 1"),
    ({"max_evals": 2.5}, TypeError, "max_evals must be a whole number"),
    ({"max_evals": True}, TypeError, "max_evals must be a whole number"),
    ({"max_evals": "100"}, TypeError, "max_evals must be a whole number"),
    ({"options": [("maxiter", 3)]}, TypeError, "options must be a dict"),
    ({"options": "maxiter=3"}, TypeError, "options must be a dict"),
])
def test_bad_arguments_give_clear_errors(glyphs, kwargs, error, match):
    with pytest.raises(error, match=match):
        tplib.minimize(small_model(), glyphs, **kwargs)


def test_bad_data_gives_clear_errors(glyphs):
    with pytest.raises(ValueError, match="35 columns"):
        tplib.minimize(small_model(), glyphs[:, :30])
    with pytest.raises(ValueError, match="NaN"):
        tplib.minimize(small_model(), np.full((2, 35), np.nan))


def test_numpy_integer_budget_is_accepted(glyphs):
    result = tplib.minimize(small_model(), glyphs, max_evals=np.int64(20))
    assert result["evaluations"][-1] == 20


# --- fit with a ScipyMethod: the one way to train ----------------------------------------------

def test_fit_with_a_scipy_method_is_minimize(glyphs):
    model = small_model()
    history = model.fit(glyphs, optimizer=tplib.ScipyMethod("CG"), max_evals=120)
    result = tplib.minimize(small_model(), glyphs, method="CG", max_evals=120)
    np.testing.assert_array_equal(history["loss"], result["loss"])
    assert history["method"] == "CG" and history["gradient"] == "exact"
    assert model.loss_value(glyphs) == pytest.approx(history["best_loss"][-1], rel=1e-12)


def test_fit_with_a_scipy_method_defaults_to_the_original_budget(glyphs):
    history = small_model().fit(glyphs, optimizer=tplib.ScipyMethod("CG", options={"maxiter": 2}))
    assert history["stopped_early"] and history["evaluations"][-1] < 15_000


def test_scipy_method_repr_and_checks():
    assert repr(tplib.ScipyMethod("Powell", options={"xtol": 1e-3})) == (
        "ScipyMethod('Powell', gradient='exact', options={'xtol': 0.001})")
    with pytest.raises(ValueError, match="method must be one of"):
        tplib.ScipyMethod("Adam")
    with pytest.raises(ValueError, match="gradient must be 'exact' or 'finite'"):
        tplib.ScipyMethod("CG", gradient="backprop")
