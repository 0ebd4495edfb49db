"""Tests of tplib.studies.seed_runs: repeated runs over seeds and what summarises them."""

import numpy as np
import pytest

import tplib
from tplib.studies import seed_runs
from tplib.datasets import load_font


@pytest.fixture(scope="module")
def font():
    return load_font(2)


# ---------------------------------------------------------------------------------------------
# seed runs


def test_architecture_name():
    assert seed_runs.architecture_name([35, 25, 2, 25, 35]) == "35-25-2-25-35"
    assert seed_runs.architecture_name(np.array([3, 1, 3])) == "3-1-3"


def test_train_runs_shapes_and_reproducibility(font):
    X, _ = font
    runs = [seed_runs.train_runs(X, [35, 4, 2, 4, 35], [0, 1], 20, tplib.Momentum,
                                 keep_histories=True, keep_models=True) for _ in range(2)]
    r = runs[0]
    assert r["loss"].shape == r["max_pixel_errors"].shape == (2,)
    assert r["codes"].shape == (2, 32, 2)
    assert r["pixel_errors"].shape == (2, 32)
    np.testing.assert_array_equal(r["pixel_errors"].max(axis=1), r["max_pixel_errors"])
    assert list(r["seeds"]) == [0, 1]
    assert list(r["epochs"]) == [20, 20]
    assert not r["reached_target"].any()
    assert len(r["histories"]) == len(r["models"]) == 2
    # The final loss is measured after the last update, so it matches the model, not the history.
    assert r["loss"][0] == pytest.approx(r["models"][0].loss_value(X))
    np.testing.assert_array_equal(runs[0]["loss"], runs[1]["loss"])
    np.testing.assert_array_equal(runs[0]["codes"], runs[1]["codes"])
    assert r["loss"][0] != r["loss"][1]  # different seeds, different runs


def test_train_runs_fresh_optimizer_per_run(font):
    X, _ = font
    a = seed_runs.train_runs(X, [35, 3, 35], [5], 30, lambda: tplib.Adam(lr=0.01))
    b = seed_runs.train_runs(X, [35, 3, 35], [7, 5], 30, lambda: tplib.Adam(lr=0.01))
    # Seed 5 gives the same result whether or not another run came first.
    assert a["loss"][0] == b["loss"][1]


def test_train_runs_target_stops_early():
    X = np.eye(4)
    r = seed_runs.train_runs(X, [4, 3, 4], [0, 1], 5000, lambda: tplib.Adam(lr=0.05),
                             target_pixel_errors=0, loss="bce")
    assert r["reached_target"].all()
    assert (r["max_pixel_errors"] == 0).all()
    assert (r["epochs"] < 5000).all()


def test_train_runs_bad_arguments(font):
    X, _ = font
    with pytest.raises(ValueError, match="seeds"):
        seed_runs.train_runs(X, [35, 2, 35], [], 5, tplib.Momentum)
    with pytest.raises(TypeError, match="seeds"):
        seed_runs.train_runs(X, [35, 2, 35], [0.5], 5, tplib.Momentum)
    with pytest.raises(TypeError, match="optimizer_factory"):
        seed_runs.train_runs(X, [35, 2, 35], [0], 5, tplib.Momentum())


def test_compare_architectures_keys_in_order(font):
    X, _ = font
    res = seed_runs.compare_architectures(X, [[35, 2, 35], [35, 3, 2, 3, 35]], [0], 5,
                                          tplib.Momentum)
    assert list(res) == ["35-2-35", "35-3-2-3-35"]
    assert res["35-2-35"]["codes"].shape == (1, 32, 2)
    with pytest.raises(ValueError, match="architectures"):
        seed_runs.compare_architectures(X, [], [0], 5, tplib.Momentum)


def test_first_epoch_at_most():
    hists = [{"max_pixel_errors": np.array([5, 3, 1, 0])}, {"max_pixel_errors": np.array([4, 2])}]
    out = seed_runs.first_epoch_at_most(hists, 1)
    assert out[0] == 2 and np.isnan(out[1])
    assert seed_runs.first_epoch_at_most(hists[0], 0)[0] == 3


def test_output_saturation_counts_and_gradients():
    model = tplib.Autoencoder([2, 2])
    # Output z = X @ W + b: identity weights, large gain, so outputs are saturated.
    model.params = [(np.array([[20.0, 0.0], [0.0, -20.0]]), np.zeros(2))]
    X = np.array([[1.0, 1.0]])
    s = seed_runs.output_saturation(model, X)
    # Pixel 0: y ~ 1, right; pixel 1: y ~ 0 but the target is 1, wrong and saturated.
    assert s["wrong"] == 1
    assert s["saturated"] == 1.0
    assert s["wrong_saturated"] == 1.0
    assert s["grad_sse"] < 1e-6  # squared error: no signal through a saturated sigmoid
    assert s["grad_bce"] == pytest.approx(1.0)  # cross-entropy: full signal


def test_output_saturation_needs_sigmoid_and_handles_no_errors():
    with pytest.raises(ValueError, match="sigmoid"):
        seed_runs.output_saturation(tplib.Autoencoder([2, 2], output_activation="tanh"),
                                    np.zeros((1, 2)))
    model = tplib.Autoencoder([2, 2])
    model.params = [(np.eye(2) * 20.0, np.full(2, -10.0))]
    s = seed_runs.output_saturation(model, np.eye(2))
    assert s["wrong"] == 0 and np.isnan(s["grad_sse"])


def test_recipe_summary():
    result = {"max_pixel_errors": np.array([0, 1, 3]),
              "histories": [{"max_pixel_errors": np.array([4, 1, 0])},
                            {"max_pixel_errors": np.array([2, 1])},
                            {"max_pixel_errors": np.array([5, 3])}]}
    s = seed_runs.recipe_summary(result)
    assert (s["runs"], s["within_one"], s["exact"]) == (3, 2, 1)
    np.testing.assert_array_equal(s["epochs_to_one"], [1, 1, np.nan])
    np.testing.assert_array_equal(s["epochs_to_zero"], [2, np.nan, np.nan])
    assert "epochs_to_one" not in seed_runs.recipe_summary({"max_pixel_errors": [1]})


# ---------------------------------------------------------------------------------------------
# the chapter's figures


def test_plot_architecture_comparison_and_latent_runs():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from tplib import plots

    results = {"35-2-35": {"loss": np.array([3.0, 5.0]), "max_pixel_errors": np.array([1, 2])},
               "35-9-35": {"loss": np.array([1.0, 1.0]), "max_pixel_errors": np.array([0, 0])}}
    fig = plots.plot_architecture_comparison(results)
    assert len(fig.axes) == 2
    heights = [bar.get_height() for bar in fig.axes[0].patches]
    assert heights == [4.0, 1.0]
    plt.close(fig)
    with pytest.raises(ValueError, match="empty"):
        plots.plot_architecture_comparison({})
    fig = plots.plot_latent_runs(np.zeros((3, 4, 2)), list("abcd"), titles=["x", "y", "z"])
    assert len(fig.axes) == 3 and fig.axes[1].get_title() == "y"
    plt.close(fig)
    with pytest.raises(ValueError, match="codes"):
        plots.plot_latent_runs(np.zeros((4, 2)), list("abcd"))
    with pytest.raises(ValueError, match="titles"):
        plots.plot_latent_runs(np.zeros((2, 4, 2)), list("abcd"), titles=["x"])


def test_longest_plateau():
    h = {"max_pixel_errors": [5, 5, 4, 4, 4, 4, 3, 3]}
    np.testing.assert_array_equal(seed_runs.longest_plateau(h), [4])
    hs = [h, {"max_pixel_errors": [2]}, {"max_pixel_errors": [3, 2, 1]}]
    np.testing.assert_array_equal(seed_runs.longest_plateau(hs), [4, 1, 1])
    assert seed_runs.longest_plateau({"loss": [1.0, 1.0]}, key="loss")[0] == 2
    with pytest.raises(ValueError, match="key"):
        seed_runs.longest_plateau({"loss": [1.0]})
    with pytest.raises(ValueError, match="non-empty"):
        seed_runs.longest_plateau({"max_pixel_errors": []})


# ---------------------------------------------------------------------------------------------
# Bad input: refused up front, by name (issue 12)


@pytest.mark.parametrize("call, error, match", [
    (lambda X: seed_runs.architecture_name(35), TypeError, "layer_sizes"),
    (lambda X: seed_runs.architecture_name([35, -2, 35]), ValueError, "at least 1 unit"),
    (lambda X: seed_runs.compare_architectures(X, [35, 4, 2, 4, 35], [0], 2, tplib.Adam),
     TypeError, r"architectures must be a list of layer-size lists"),
    (lambda X: seed_runs.compare_architectures(X, [[35, 4, 2, 4, 35], 7], [0], 2, tplib.Adam),
     TypeError, r"architectures\[1\]"),
    (lambda X: seed_runs.compare_architectures(X, [[35, 2, 35]], [0], 10**12, tplib.Adam),
     ValueError, "epochs must be at most"),
    (lambda X: seed_runs.train_runs(X, [35, 2, 35], -1, 2, tplib.Adam), ValueError, "seeds"),
    (lambda X: seed_runs.train_runs(X, [35, 2, 35], 1.5, 2, tplib.Adam), TypeError, "seeds"),
    (lambda X: seed_runs.train_runs(X, [35, 2, 35], None, 2, tplib.Adam), TypeError, "seeds"),
    (lambda X: seed_runs.train_runs(X, [35, 2, 35], [0], "10", tplib.Adam), TypeError,
     "epochs"),
    (lambda X: seed_runs.train_runs(X, [35, 2, 35], [0], True, tplib.Adam), TypeError,
     "epochs"),
    (lambda X: seed_runs.train_runs(X + 1j, [35, 2, 35], [0], 2, tplib.Adam), TypeError,
     "complex"),
    (lambda X: seed_runs.train_runs((X * 255).astype(np.uint8), [35, 2, 35], [0], 2,
                                    tplib.Adam), ValueError, "255"),
    (lambda X: seed_runs.train_runs(X[:, :4], [35, 2, 35], [0], 2, tplib.Adam), ValueError,
     "layer_sizes"),
    (lambda X: seed_runs.first_epoch_at_most(3.0, 1), TypeError, "histories"),
    (lambda X: seed_runs.first_epoch_at_most([{"loss": [1]}], 1), ValueError, "key"),
    (lambda X: seed_runs.first_epoch_at_most({"max_pixel_errors": [1]}, "1"), TypeError,
     "level"),
    (lambda X: seed_runs.first_epoch_at_most({"max_pixel_errors": [1]}, np.nan), ValueError,
     "level"),
    (lambda X: seed_runs.output_saturation(None, X), TypeError, "model"),
    (lambda X: seed_runs.recipe_summary([1, 2]), TypeError, "result"),
    (lambda X: seed_runs.longest_plateau(None), TypeError, "histories"),
])
def test_bad_input_is_refused_by_name(font, call, error, match):
    X, _ = font
    with pytest.raises(error, match=match):
        call(X)


def test_gap_in_se():
    values = np.array([1.0, 2.0, 3.0])   # mean 2, sd 1
    # means 3 and 2, variances 1 and 1, three runs each: se = sqrt(2 / 3)
    assert seed_runs.gap_in_se(values + 1, values) == pytest.approx(1 / np.sqrt(2 / 3))
    assert seed_runs.gap_in_se(values, values + 1) == pytest.approx(-1 / np.sqrt(2 / 3))
    with pytest.raises(ValueError, match="a must"):
        seed_runs.gap_in_se([1.0], values)
    with pytest.raises(ValueError, match="b must"):
        seed_runs.gap_in_se(values, np.zeros((2, 2)))
    with pytest.raises(ValueError, match="a holds NaN"):
        seed_runs.gap_in_se([1.0, np.nan], values)
    with pytest.raises(TypeError, match="b must"):
        seed_runs.gap_in_se([1.0, 2.0], [1j, 2])
