"""Chapter 4's figures: the kinds of glyph over a generator's plane, rates over seeds and rings.

The kinds and measures are ``tplib.studies.glyph_measures``'s; every function takes ``ax=None``
(or a row of axes) and returns the figure, never shows it.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.patches import Circle, Patch

from ..checks import check_array
from ._common import check_curves, check_points, new_axes

__all__ = ["KIND_COLORS", "plot_kind_map", "plot_seed_rates", "plot_radius_profile"]

# One colour per kind of glyph: copy or variant, new glyph, new but implausible, grey.
KIND_COLORS = ("#d9d9d9", "#2ca02c", "#ff7f0e", "#6a3d9a")


def plot_kind_map(kind_map, extent, codes=None, kind_names=None, ax=None, title=None,
                  radii=(1, 2)):
    """A (n, n) map of kinds (ints 0..3, row 0 at the top) over extent ((u0, u1), (v0, v1)).

    ``codes`` (m, 2): the training glyphs' codes, drawn as dots; ``radii``: circles of those
    radii around the origin (where N(0, I) puts 39% and 86% of its samples for 1 and 2);
    ``kind_names``: the legend (none without them).
    """
    kind_map = check_array(kind_map, "kind_map", ndim=2, dtype=None)
    if not np.issubdtype(kind_map.dtype, np.integer) or kind_map.min() < 0 or (
            kind_map.max() >= len(KIND_COLORS)):
        raise ValueError(f"kind_map must hold kinds 0..{len(KIND_COLORS) - 1}, got "
                         f"{kind_map.dtype} in {kind_map.min()}..{kind_map.max()}")
    (u0, u1), (v0, v1) = np.asarray(extent, dtype=float)
    fig, ax = new_axes(ax, (4, 4))
    cmap = ListedColormap(KIND_COLORS)
    ax.imshow(kind_map, extent=(u0, u1, v0, v1), cmap=cmap, interpolation="nearest",
              norm=BoundaryNorm(np.arange(len(KIND_COLORS) + 1) - 0.5, len(KIND_COLORS)))
    for r in radii:
        ax.add_patch(Circle((0, 0), r, fill=False, ls="--", lw=0.8, color="k"))
    if codes is not None:
        codes = check_points(codes, "codes")
        ax.scatter(codes[:, 0], codes[:, 1], s=8, color="k")
    if kind_names is not None:
        ax.legend([Patch(color=c) for c in KIND_COLORS], kind_names, fontsize=7,
                  loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)
    ax.set_xlim(u0, u1)
    ax.set_ylim(v0, v1)
    ax.set_xlabel("$u_1$")
    ax.set_ylabel("$u_2$")
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def plot_seed_rates(rates, panels, axes=None):
    """One panel per measure: each generator's runs as dots, their mean as a bar.

    rates: {generator: {key: (runs,) array}}; panels: {panel title: key}. Returns the figure.
    """
    if not isinstance(rates, dict) or not isinstance(panels, dict) or not panels:
        raise TypeError("rates must be {generator: {key: (runs,)}} and panels {title: key}")
    if axes is None:
        fig, axes = plt.subplots(1, len(panels), figsize=(2.6 * len(panels), 2.8))
    axes = np.atleast_1d(axes)
    names = list(rates)
    for ax, (title, key) in zip(axes, panels.items()):
        for k, name in enumerate(names):
            values = check_curves(rates[name][key], f"rates[{name!r}][{key!r}]")
            ax.bar(k, np.mean(values), color=f"C{k}", alpha=0.35, width=0.6)
            jitter = np.linspace(-0.12, 0.12, len(values))
            ax.scatter(k + jitter, values, s=12, color=f"C{k}", zorder=3)
        ax.set_xticks(range(len(names)), names, rotation=20, fontsize=8)
        ax.set_title(title, fontsize=9)
        ax.set_ylim(0, max(1e-9, ax.get_ylim()[1]))
    fig = axes[0].figure
    fig.tight_layout()
    return fig


def plot_radius_profile(profiles, edges, key, ax=None, ylabel=None):
    """A rate per ring of the plane: mean over runs (line) and the runs' range (band).

    profiles: {generator: (runs, rings) array of the rate ``key`` names (for the y label)};
    edges: the rings' radii (rings + 1,).
    """
    edges = check_curves(edges, "edges")
    centres = (edges[:-1] + edges[1:]) / 2
    fig, ax = new_axes(ax, (4.5, 3))
    for k, (name, values) in enumerate(profiles.items()):
        values = check_curves(values, f"profiles[{name!r}]")
        if values.ndim != 2 or values.shape[1] != len(centres):
            raise ValueError(f"profiles[{name!r}] must be (runs, {len(centres)}), "
                             f"got {values.shape}")
        ax.plot(centres, values.mean(axis=0), "o-", color=f"C{k}", label=name)
        ax.fill_between(centres, values.min(axis=0), values.max(axis=0), color=f"C{k}",
                        alpha=0.2)
    ax.set_xticks(centres, [f"{a:g}-{b:g}" for a, b in zip(edges[:-1], edges[1:])])
    ax.set_xlabel("ring of the standard plane, $|u|$")
    ax.set_ylabel(ylabel or key)
    ax.set_ylim(0, None)
    ax.legend(fontsize=8)
    return fig
