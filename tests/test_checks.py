"""tplib.checks: every refusal names the argument; accepted values come back normalised."""

import numpy as np
import pytest

from tplib import checks


@pytest.mark.parametrize("value", [True, 2.0, "3", None, [1]])
def test_check_int_refuses_what_is_not_a_whole_number(value):
    with pytest.raises(TypeError, match="epochs"):
        checks.check_int(value, "epochs")


def test_check_int_bounds_and_result():
    assert checks.check_int(np.int64(5), "n", minimum=1) == 5
    assert type(checks.check_int(np.int64(5), "n")) is int
    with pytest.raises(ValueError, match="n must be at least 1"):
        checks.check_int(0, "n", minimum=1)
    with pytest.raises(ValueError, match="max_evals must be at most"):
        checks.check_int(10**12, "max_evals", maximum=10**7)


@pytest.mark.parametrize("value, error", [(True, TypeError), ("0.1", TypeError),
                                          (float("inf"), ValueError), (float("nan"), ValueError),
                                          (0.0, ValueError), (-1, ValueError)])
def test_check_number_refusals(value, error):
    with pytest.raises(error, match="lr"):
        checks.check_number(value, "lr", 0, strict=True)


def test_check_number_inclusive_bounds():
    assert checks.check_number(0, "p", 0, 1) == 0.0
    assert checks.check_probability(1) == 1.0
    with pytest.raises(ValueError, match=r"p must be in \[0, 1\]"):
        checks.check_probability(1.5)


def test_seeds():
    assert checks.check_seeds(3) == [3]
    assert checks.check_seeds((0, np.int32(2))) == [0, 2]
    with pytest.raises(ValueError, match=r"seeds\[1\] must be at least 0"):
        checks.check_seeds([0, -1])
    with pytest.raises(ValueError, match="seeds is empty"):
        checks.check_seeds([])
    with pytest.raises(TypeError, match="seeds must be a seed or a list"):
        checks.check_seeds("012")
    with pytest.raises(ValueError, match="seed must be at least 0"):
        checks.check_seed(-1)


def test_rng():
    rng = np.random.default_rng(0)
    assert checks.check_rng(rng) is rng
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        checks.check_rng(np.random.RandomState(0))


def test_check_array_refusals_name_the_argument():
    with pytest.raises(TypeError, match="X must hold real numbers"):
        checks.check_array(np.ones((2, 3)) * 1j, "X")
    with pytest.raises(TypeError, match="X must be a rectangular array"):
        checks.check_array([[1, 2], [3]], "X")
    with pytest.raises(TypeError, match="X must hold numbers"):
        checks.check_array(np.array(["a", "b"]), "X")
    with pytest.raises(ValueError, match="X must be 2-D"):
        checks.check_array(np.ones(3), "X", ndim=2)
    with pytest.raises(ValueError, match="X must have at least 1 row"):
        checks.check_array(np.ones((0, 35)), "X", ndim=2)
    with pytest.raises(ValueError, match="X must have 35 columns"):
        checks.check_array(np.ones((2, 34)), "X", ndim=2, columns=35)
    with pytest.raises(ValueError, match="X holds NaN"):
        checks.check_array([[np.nan]], "X")
    with pytest.raises(ValueError, match="divide by 255"):
        checks.check_array(np.full((2, 2), 255, np.uint8), "X", low=0, high=1)


def test_check_array_converts():
    out = checks.check_array(np.ones((2, 3), np.uint8), "X", ndim=2, low=0, high=1)
    assert out.dtype == np.float64 and out.shape == (2, 3)


def test_check_choice():
    assert checks.check_choice("sse", "loss", ("sse", "bce")) == "sse"
    with pytest.raises(ValueError, match="loss must be one of 'sse', 'bce'; got 'mse'"):
        checks.check_choice("mse", "loss", ("sse", "bce"))


def test_check_glyphs_one_rule_for_every_module():
    assert checks.check_glyphs(np.ones((2, 35), np.uint8)).dtype == np.float64
    with pytest.raises(ValueError, match=r"real must be glyphs .*divide by 255"):
        checks.check_glyphs(np.full((2, 35), 255, np.uint8), "real")
    with pytest.raises(ValueError, match="at least one pixel per row"):
        checks.check_glyphs(np.ones((2, 0)))
    with pytest.raises(ValueError, match="must have 35 pixels per row"):
        checks.check_glyphs(np.ones((2, 34)), "real", n_pixels=35)


def test_check_model_names_the_missing_methods():
    class Half:
        def encode(self, X):
            return X

    with pytest.raises(TypeError, match=r"model must be a trained Autoencoder \(with encode, decode"):
        checks.check_model(Half())
    half = Half()
    assert checks.check_model(half, needs=("encode",)) is half


def test_check_list_takes_any_iterable_but_a_string():
    assert checks.check_list((p for p in (0.1, 0.2)), "ps", "noise levels") == [0.1, 0.2]
    with pytest.raises(TypeError, match="ps must be a list of noise levels, got 0.1"):
        checks.check_list(0.1, "ps", "noise levels")
    with pytest.raises(TypeError, match="ps must be a list"):
        checks.check_list("0.1", "ps", "noise levels")
    with pytest.raises(ValueError, match="ps is empty"):
        checks.check_list([], "ps", "noise levels")


def test_check_indices():
    np.testing.assert_array_equal(checks.check_indices([0, 2], "index", 2, 3), [0, 2])
    assert checks.check_indices(np.zeros(0, int), "index", 0, 3).size == 0
    for bad in ([0, 3], [0, -1], [0.0, 1.0], [0]):
        with pytest.raises(ValueError, match=r"index must hold 2 indices in 0..2"):
            checks.check_indices(bad, "index", 2, 3)


def test_check_codes_points_and_runs():
    assert checks.check_codes([[0, 1], [2, 3]], dim=2).dtype == np.float64
    assert checks.check_codes(np.zeros((4, 3)), runs=True).shape == (1, 4, 3)
    assert checks.check_codes(np.zeros((2, 4, 3)), runs=True, min_rows=2).shape == (2, 4, 3)
    with pytest.raises(ValueError, match=r"codes must be latent codes of shape \(n, 2\) with n >= 1"):
        checks.check_codes(np.zeros((3, 3)), dim=2)
    with pytest.raises(ValueError, match=r"Z must be latent codes .*n >= 2, got shape \(1, 2\)"):
        checks.check_codes(np.zeros((1, 2)), "Z", min_rows=2)
    with pytest.raises(ValueError, match=r"\(n_runs, n, dim\)"):
        checks.check_codes(np.zeros((1, 2, 3, 4)), runs=True)
    with pytest.raises(ValueError, match="codes must be latent codes"):
        checks.check_codes(1.0)
    with pytest.raises(TypeError, match="codes must hold real"):
        checks.check_codes(np.zeros((2, 2)) + 1j)
    with pytest.raises(ValueError, match="NaN"):
        checks.check_codes(np.full((2, 2), np.nan))


def test_check_callable_says_what_the_function_maps():
    assert checks.check_callable(len, "decode", "codes -> glyphs") is len
    with pytest.raises(TypeError, match=r"decode must be callable \(codes -> glyphs\); got str"):
        checks.check_callable("f", "decode", "codes -> glyphs")


@pytest.mark.parametrize("value", [True, False, np.bool_(True)])
def test_check_flag_accepts_booleans(value):
    assert checks.check_flag(value, "progress") is bool(value)


@pytest.mark.parametrize("value", [1, 0, "yes", None, np.array([True])])
def test_check_flag_refuses_what_is_not_a_boolean(value):
    with pytest.raises(TypeError, match="progress must be True or False"):
        checks.check_flag(value, "progress")
