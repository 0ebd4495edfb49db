"""Bad input to tplib.latent is refused by name (its other tests are in test_experiments.py)."""

import numpy as np
import pytest

from tplib import latent


@pytest.mark.parametrize("call, error, match", [
    (lambda: latent.interpolate(1.0, 2.0, 3), ValueError, "z_start"),
    (lambda: latent.interpolate([0.0, 0.0], [[1, 2], [3, 4]], 3), ValueError, "z_end"),
    (lambda: latent.interpolate([0, 0], [1, 1j], 3), TypeError, "z_end"),
    (lambda: latent.interpolate([0, 0], [1, 1], 10**12), ValueError, "steps"),
    (lambda: latent.interpolate([0, 0], [1, 1], True), ValueError, "steps"),
    (lambda: latent.pair_ranks(np.zeros((3, 2)), 5), TypeError, "pairs"),
    (lambda: latent.pair_ranks(np.zeros((3, 2)), [(0, 1, 2)]), ValueError, "pairs"),
    (lambda: latent.pair_ranks(np.zeros((3, 2)), [(0.5, 1)]), TypeError, "pairs"),
    (lambda: latent.neighbour_ranks("abc"), TypeError, "Z"),
    (lambda: latent.neighbour_ranks(np.zeros((3, 2)) + 1j), TypeError, "Z"),
    (lambda: latent.pair_recurrence(None), TypeError, "codes"),
])
def test_latent_bad_input_is_refused_by_name(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_interpolate_accepts_one_row_points_as_before():
    np.testing.assert_array_equal(latent.interpolate([[0.0, 0.0]], [[2.0, 4.0]], 3),
                                  [[0, 0], [1, 2], [2, 4]])
