"""Tests of tplib.studies.optimizer_comparison: same initial weights per seed, equal budgets,
plain-array results."""

import numpy as np
import pytest

import tplib
from tplib.studies import optimizer_comparison as comparison

LAYERS = (35, 6, 2, 6, 35)


@pytest.fixture(scope="module")
def glyphs():
    X, _ = tplib.datasets.load_font(2)
    return X


@pytest.fixture(scope="module")
def result(glyphs):
    return comparison.compare_methods(glyphs, ["L-BFGS-B", "Powell", "Momentum", "Adam"],
                                      [0, 1], 60, layer_sizes=LAYERS)


def test_shapes_and_budget(result, glyphs):
    m, s = 4, 2
    assert result["losses"].shape == (m, s, 60)
    assert result["outputs"].shape == (m, s) + glyphs.shape
    for key in ("best_loss", "seconds", "evaluations", "gradient_calls", "max_pixel_errors",
                "total_pixel_errors"):
        assert result[key].shape == (m, s), key
    np.testing.assert_array_equal(result["evaluations"], 60)
    assert np.all(np.isfinite(result["losses"]))
    assert result["methods"] == ["L-BFGS-B", "Powell", "Momentum", "Adam"]
    np.testing.assert_array_equal(result["seeds"], [0, 1])


def test_every_method_starts_from_the_same_weights(result, glyphs):
    # The first evaluation of every method is the loss of the seed's initial weights.
    for j, seed in enumerate([0, 1]):
        initial = tplib.Autoencoder(list(LAYERS), seed=seed).loss_value(glyphs)
        np.testing.assert_allclose(result["losses"][:, j, 0], initial, rtol=1e-12)
    assert result["losses"][0, 0, 0] != result["losses"][0, 1, 0]


def test_best_loss_and_gradient_calls(result):
    np.testing.assert_allclose(result["best_loss"], result["losses"].min(axis=2))
    # Every momentum/Adam epoch and every exact L-BFGS-B evaluation computes a gradient.
    np.testing.assert_array_equal(result["gradient_calls"][[0, 2, 3]], 60)
    np.testing.assert_array_equal(result["gradient_calls"][1], 0)


def test_scipy_runs_match_fit_with_a_scipy_method(glyphs, result):
    model = tplib.Autoencoder(list(LAYERS), seed=0)
    history = model.fit(glyphs, optimizer=tplib.ScipyMethod("L-BFGS-B"), max_evals=60)
    np.testing.assert_array_equal(result["losses"][0, 0], history["loss"])
    np.testing.assert_allclose(result["outputs"][0, 0], model.predict(glyphs))


def test_font_layers_are_the_default():
    import inspect

    default = inspect.signature(comparison.compare_methods).parameters["layer_sizes"].default
    assert default == tplib.FONT_LAYERS


def test_gradient_descent_matches_fit(glyphs, result):
    model = tplib.Autoencoder(list(LAYERS), seed=1)
    history = model.fit(glyphs, optimizer=tplib.Adam(lr=0.01), epochs=60)
    np.testing.assert_allclose(result["losses"][3, 1], history["loss"])
    np.testing.assert_allclose(result["outputs"][3, 1], model.predict(glyphs))


def test_pixel_errors_match_outputs(result, glyphs):
    wrong = ((result["outputs"] > 0.5) != (glyphs > 0.5)).sum(axis=-1)
    np.testing.assert_array_equal(result["total_pixel_errors"], wrong.sum(axis=-1))
    np.testing.assert_array_equal(result["max_pixel_errors"], wrong.max(axis=-1))


def test_deterministic(glyphs, result):
    again = comparison.compare_methods(glyphs, ["L-BFGS-B"], [0], 60, layer_sizes=LAYERS)
    np.testing.assert_array_equal(again["losses"][0, 0], result["losses"][0, 0])


def test_finite_round_and_options(glyphs):
    r = comparison.compare_methods(glyphs, ["CG"], [0], 3000, gradient="finite",
                                   layer_sizes=LAYERS, options={"CG": {"maxiter": 1}})
    assert r["gradient"] == "finite"
    assert r["gradient_calls"][0, 0] == 0
    assert r["evaluations"][0, 0] < 3000
    assert np.isnan(r["losses"][0, 0, -1])


def test_snapshots_are_prefixes(glyphs):
    snaps = comparison.snapshots(glyphs, "Adam", 0, [5, 20], layer_sizes=LAYERS)
    assert snaps.shape == (2,) + glyphs.shape
    model = tplib.Autoencoder(list(LAYERS), seed=0)
    model.fit(glyphs, optimizer=tplib.Adam(lr=0.01), epochs=20)
    np.testing.assert_allclose(snaps[1], model.predict(glyphs))


@pytest.mark.parametrize("kwargs, error, match", [
    ({"methods": "Adam"}, TypeError, "methods must be a list"),
    ({"methods": []}, ValueError, "methods is empty"),
    ({"methods": ["SGD"]}, ValueError, "unknown method 'SGD'"),
    ({"seeds": []}, ValueError, "seeds is empty"),
    ({"seeds": [0.5]}, TypeError, r"seeds\[0\] must be a whole number"),
    ({"max_evals": 0}, ValueError, "max_evals must be at least 1"),
    ({"max_evals": 2.5}, TypeError, "max_evals must be a whole number"),
    ({"gradient": "foo"}, ValueError, "gradient must be 'exact' or 'finite'"),
    ({"options": [1]}, TypeError, "options must be a dict"),
])
def test_bad_arguments(glyphs, kwargs, error, match):
    args = {"methods": ["Adam"], "seeds": [0], "max_evals": 5}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        comparison.compare_methods(glyphs, layer_sizes=LAYERS, **args)


def test_chapter_plots_and_explorer(result, glyphs):
    import matplotlib

    matplotlib.use("Agg")
    from tplib import plots
    from tplib.explorers import optimizer_runs

    names = result["methods"]
    fig = plots.plot_evaluation_curves(result["losses"][:, 0], names, scale=len(glyphs))
    assert len(fig.axes[0].lines) == 2 * len(names)
    fig = plots.plot_method_bars(names, result["best_loss"].mean(axis=1),
                                 reference={"L-BFGS-B": 1.0})
    assert len(fig.axes[0].patches) == 2 * len(names)
    with pytest.raises(ValueError, match="one name per method"):
        plots.plot_evaluation_curves(result["losses"][:, 0], names[:1])
    outputs = result["outputs"][:, :1]  # one "budget": the end of each run
    explorer = optimizer_runs(result["losses"][:, 0], outputs, glyphs, names, [60])
    np.testing.assert_array_equal(explorer.best[:, 0], np.nanmin(result["losses"][:, 0], 1))
    with pytest.raises(ValueError, match="outputs must be"):
        optimizer_runs(result["losses"][:, 0], outputs, glyphs, names, [30, 60])


def test_params_messages_and_settings(result, glyphs):
    assert result["params"].shape == result["messages"].shape == (4, 2)
    assert result["layer_sizes"] == LAYERS
    assert (result["activation"], result["loss"]) == ("sigmoid", "sse")
    model = tplib.Autoencoder(list(LAYERS))
    for i in range(4):
        for j in range(2):
            model.params = result["params"][i, j]
            np.testing.assert_allclose(model.predict(glyphs), result["outputs"][i, j])
            assert isinstance(result["messages"][i, j], str)
    # Momentum and Adam always run their whole budget.
    assert list(result["messages"][2:, 0]) == ["budget spent", "budget spent"]


def test_final_saturation_matches_output_saturation(result, glyphs):
    from tplib.studies import seed_runs

    sat = comparison.final_saturation(result, glyphs)
    for key in ("saturated", "wrong", "wrong_saturated", "grad_sse", "grad_bce"):
        assert sat[key].shape == (4, 2), key
    model = tplib.Autoencoder(list(LAYERS))
    model.params = result["params"][3, 1]
    expected = seed_runs.output_saturation(model, glyphs, margin=0.05)
    assert sat["saturated"][3, 1] == pytest.approx(expected["saturated"])
    assert sat["wrong"][3, 1] == expected["wrong"] == result["total_pixel_errors"][3, 1]
    outputs = result["outputs"][3, 1]
    stuck = (np.minimum(outputs, 1 - outputs) < 0.05) & ((outputs > 0.5) != (glyphs > 0.5))
    assert sat["wrong_saturated"][3, 1] == stuck.sum()
    wider = comparison.final_saturation(result, glyphs, margin=0.2)
    assert (wider["saturated"] >= sat["saturated"]).all()


@pytest.mark.parametrize("args, error, match", [
    (({"losses": 1}, None), TypeError, "result must be the dict"),
    ((None, None, "0.1"), TypeError, "margin must be a number"),
    ((None, None, 0.6), ValueError, r"margin must be in \(0, 0.5\)"),
])
def test_final_saturation_bad_arguments(result, glyphs, args, error, match):
    res = args[0] if args[0] is not None else result
    margin = args[2] if len(args) > 2 else 0.05
    with pytest.raises(error, match=match):
        comparison.final_saturation(res, glyphs, margin=margin)


def test_time_per_call_is_the_best_block():
    calls = []
    seconds = comparison.time_per_call(lambda: calls.append(1), repeats=4, blocks=3)
    assert len(calls) == 12
    assert 0 <= seconds < 0.01
    with pytest.raises(TypeError, match="f must be callable"):
        comparison.time_per_call(3)
    with pytest.raises(ValueError, match="repeats must be at least 1"):
        comparison.time_per_call(lambda: None, repeats=0)
    with pytest.raises(TypeError, match="blocks must be a whole number"):
        comparison.time_per_call(lambda: None, blocks=2.5)


def test_first_below_counts_evaluations_from_one():
    losses = [5.0, 4.0, 6.0, 2.0, 7.0]
    assert comparison.first_below(losses, 4.5) == 2
    assert comparison.first_below(losses, 3.0) == 4
    assert comparison.first_below(losses, 6.0) == 1
    assert comparison.first_below(losses, 1.0) is None
    with pytest.raises(ValueError, match="losses must be one run"):
        comparison.first_below(np.ones((2, 3)), 1.0)
    with pytest.raises(TypeError, match="level must be a number"):
        comparison.first_below(losses, "1")


def test_spike_stats_share_and_worst():
    # Best so far: 4, 4, 2, 2; trials after the first: 6 (1.5x), 2, 3 (1.5x), NaN ignored.
    run = [4.0, 6.0, 2.0, 3.0, np.nan]
    share, worst = comparison.spike_stats(run)
    assert share == pytest.approx(2 / 3) and worst == pytest.approx(1.5)
    shares, worsts = comparison.spike_stats([run, [3.0, 2.0, 1.0, 1.0, 1.0]], factor=1.1)
    np.testing.assert_allclose(shares, [2 / 3, 0])
    np.testing.assert_allclose(worsts, [1.5, 1.0])
    assert comparison.spike_stats(run, factor=2.0)[0] == 0
    with pytest.raises(ValueError, match="losses must have shape"):
        comparison.spike_stats(np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match=r"factor must be in \(0, inf\)"):
        comparison.spike_stats(run, factor=0)
    with pytest.raises(ValueError, match="at least two finite losses"):
        comparison.spike_stats([1.0, np.nan])


@pytest.mark.parametrize("call, error, match", [
    (lambda X: comparison.compare_methods(X, ["Adam"], [0], 10**12, layer_sizes=LAYERS),
     ValueError, "max_evals must be at most"),
    (lambda X: comparison.compare_methods(X, ["Adam"] * 8, list(range(5)), 10_000_000,
                                          layer_sizes=LAYERS), ValueError, "loss table"),
    (lambda X: comparison.compare_methods(X, ["Adam"], -1, 2, layer_sizes=LAYERS),
     ValueError, "seeds"),
    (lambda X: comparison.compare_methods(X, ["Adam"], [0], 2, layer_sizes=35), TypeError,
     "layer_sizes"),
    (lambda X: comparison.compare_methods(X, ["Adam"], [0], 2, layer_sizes=(4, 2, 4)),
     ValueError, "layer_sizes"),
    (lambda X: comparison.compare_methods(X + 1j, ["Adam"], [0], 2, layer_sizes=LAYERS),
     TypeError, "X must hold real numbers"),
    (lambda X: comparison.compare_methods((X * 255).astype(np.uint8), ["Adam"], [0], 2,
                                          layer_sizes=LAYERS), ValueError, "255"),
    (lambda X: comparison.compare_methods(X, [np.zeros(3)], [0], 2, layer_sizes=LAYERS),
     ValueError, "unknown method"),
    (lambda X: comparison.snapshots(X, ["Adam"], 0, [1], layer_sizes=LAYERS), TypeError,
     "method"),
    (lambda X: comparison.snapshots(X, "Adam", -1, [1], layer_sizes=LAYERS), ValueError,
     "seed"),
    (lambda X: comparison.snapshots(X, "Adam", 0, 5, layer_sizes=LAYERS), TypeError,
     "budgets"),
    (lambda X: comparison.snapshots(X, "Adam", 0, [], layer_sizes=LAYERS), ValueError,
     "budgets"),
    (lambda X: comparison.snapshots(X, "Adam", 0, ["5"], layer_sizes=LAYERS), TypeError,
     r"budgets\[0\]"),
    (lambda X: comparison.time_per_call(lambda: None, repeats=10**12), ValueError, "repeats"),
    (lambda X: comparison.first_below([1.0, 2j], 1.0), TypeError, "losses"),
    (lambda X: comparison.first_below([], 1.0), ValueError, "losses"),
    (lambda X: comparison.first_below([1.0, 2.0], np.nan), ValueError, "level"),
    (lambda X: comparison.spike_stats([[0.0, 1.0]]), ValueError, "positive"),
    (lambda X: comparison.spike_stats([1.0, 2.0], factor=np.nan), ValueError, "factor"),
])
def test_bad_input_is_refused_before_any_work(glyphs, call, error, match):
    with pytest.raises(error, match=match):
        call(glyphs)


def test_first_below_still_reads_nan_padded_runs():
    assert comparison.first_below([3.0, 2.0, np.nan], 2.5) == 2
