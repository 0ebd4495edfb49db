"""tplib.plots.generation: chapter 4's figures draw, return their figure, refuse bad input."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from tplib.plots import generation as gp  # noqa: E402
from tplib.studies.glyph_measures import KINDS  # noqa: E402


def test_kind_map_draws_kinds_codes_and_circles():
    kind_map = np.arange(16).reshape(4, 4) % 4
    fig = gp.plot_kind_map(kind_map, ((-3, 3), (-3, 3)), codes=np.zeros((5, 2)),
                           kind_names=KINDS, title="t")
    ax = fig.axes[0]
    assert len(ax.patches) == 2 and ax.get_title() == "t"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(KINDS)
    assert ax.get_xlim() == (-3, 3)
    plt.close(fig)
    with pytest.raises(ValueError, match="kind_map"):
        gp.plot_kind_map(np.full((3, 3), 7), ((-1, 1), (-1, 1)))


def test_seed_rates_one_panel_per_measure():
    rates = {"a": {"grey": np.array([0.1, 0.2]), "good": np.array([0.3, 0.4])},
             "b": {"grey": np.array([0.5, 0.6]), "good": np.array([0.1, 0.1])}}
    fig = gp.plot_seed_rates(rates, {"grey": "grey", "good new": "good"})
    assert [ax.get_title() for ax in fig.axes] == ["grey", "good new"]
    assert len(fig.axes[0].patches) == 2  # one bar per generator
    plt.close(fig)
    with pytest.raises(TypeError, match="panels"):
        gp.plot_seed_rates(rates, [])


def test_radius_profile_checks_the_rings():
    edges = (0, 1, 2, 3)
    fig = gp.plot_radius_profile({"a": np.random.default_rng(0).random((5, 3))}, edges, "good")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0-1", "1-2", "2-3"]
    assert ax.get_ylabel() == "good"
    plt.close(fig)
    with pytest.raises(ValueError, match="profiles"):
        gp.plot_radius_profile({"a": np.zeros((5, 2))}, edges, "good")
