"""The one history format: make_history's keys, computed best_loss and checks."""

import numpy as np
import pytest

from tplib.history import STEPS, make_history


def _history(**changes):
    args = dict(step="epoch", loss=[3.0, 1.0, 2.0], evaluations=[1, 2, 3],
                seconds=[0.1, 0.2, 0.3], message="budget spent", stopped_early=False)
    args.update(changes)
    return make_history(**args)


def test_common_keys_and_types():
    history = _history()
    assert list(history) == ["step", "loss", "best_loss", "evaluations", "seconds",
                             "stopped_early", "message"]
    assert history["step"] == "epoch"
    assert history["loss"].dtype == np.float64
    assert history["evaluations"].dtype == np.int64
    assert history["seconds"].dtype == np.float64
    assert history["stopped_early"] is False
    assert history["message"] == "budget spent"


def test_best_loss_is_the_running_minimum():
    np.testing.assert_array_equal(_history()["best_loss"], [3.0, 1.0, 1.0])


def test_extras_pass_through_and_series_are_checked():
    history = _history(max_pixel_errors=np.array([4, 2, 1]), method="L-BFGS-B",
                       gradient_calls=3)
    np.testing.assert_array_equal(history["max_pixel_errors"], [4, 2, 1])
    assert history["method"] == "L-BFGS-B" and history["gradient_calls"] == 3
    with pytest.raises(ValueError, match="max_pixel_errors must have one entry per epoch"):
        _history(max_pixel_errors=np.array([4, 2]))


def test_empty_history_is_allowed():
    history = _history(loss=[], evaluations=[], seconds=[])
    assert history["best_loss"].shape == (0,)


@pytest.mark.parametrize("changes, error, match", [
    ({"step": "batch"}, ValueError, "step"),
    ({"loss": [[1.0]]}, ValueError, "loss must be a 1-D array"),
    ({"loss": ["a", "b", "c"]}, TypeError, "loss must hold real numbers"),
    ({"evaluations": [1, 2]}, ValueError, "evaluations must be a 1-D array of 3"),
    ({"evaluations": [1.0, 2.0, 3.0]}, TypeError, "evaluations must hold whole numbers"),
    ({"evaluations": [1, 3, 2]}, ValueError, "evaluations must be cumulative"),
    ({"seconds": [0.1, 0.3, 0.2]}, ValueError, "seconds must be cumulative"),
    ({"seconds": [1j, 2j, 3j]}, TypeError, "seconds must hold real numbers"),
    ({"message": None}, TypeError, "message must be a string"),
    ({"stopped_early": 1}, TypeError, "stopped_early must be True or False"),
])
def test_bad_input_is_refused_by_name(changes, error, match):
    with pytest.raises(error, match=match):
        _history(**changes)


def test_steps():
    assert STEPS == ("epoch", "evaluation")
