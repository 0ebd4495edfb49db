"""Chapter 4's explorer, with no kernel: pick a generator and a seed, move through its plane.

``generation_explorer(generators, X, labels, table, plausible_from)`` shows the standard plane
of the chosen generator (``tplib.studies.generators``: N(0, I) is its sampling distribution)
with its training codes as dots, the glyph decoded at the marked point and its three measures
(``tplib.studies.glyph_measures``): decisiveness, novelty (and the nearest real glyph),
plausibility, and the kind they make; behind the plane, optionally, the kind of every point
of a 60 x 60 grid, as ``tplib.studies.generators.kind_map`` computes it. The decoders'
weights, the real glyphs and the table of stroke patterns travel as JSON;
``generation_explorer.js`` (beside this file, with the forward pass of ``dense.js``) computes
everything in the page, the same formulas as numpy. Until the script runs, the HTML shows a
still of the first frame (``_still.py``): the first generator's plane and glyph at u = (0, 0).
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json

import numpy as np

from .. import nn
from ..checks import check_glyphs, check_int, check_number
from ..datasets import GLYPH_SHAPE
from ..plots.generation import KIND_COLORS
from ..latent_geometry import latent_grid
from ..studies.glyph_measures import GREY_BELOW, KINDS, NEW_FROM, glyph_measures, kinds
from ._scripts import read_script
from ._still import gray, png_uri, still, svg_image

__all__ = ["GenerationExplorer", "generation_explorer"]

_serial = itertools.count(1)  # one number per output: explorers on one page never share ids
_PLANE = 240  # side of the plane in SVG units
_MARGIN = 30
_CELL = 22  # side of one glyph pixel
_MAP = 60  # the kind map behind the plane: _MAP x _MAP points, computed in the page


def _round(values, digits):
    return [float(f"{v:.{digits}g}") for v in np.asarray(values, dtype=np.float64).ravel()]


class GenerationExplorer:
    """The explorer's data and HTML; see ``generation_explorer`` for the arguments."""

    def __init__(self, generators, X, labels, table, plausible_from, extent=3.0, digits=4):
        if not isinstance(generators, dict) or not generators or not all(
                isinstance(runs, (list, tuple)) and runs for runs in generators.values()):
            raise TypeError("generators must be {name: [Generator, ...]}, one per seed, "
                            f"got {type(generators).__name__}")
        self.X = check_glyphs(X) > 0.5
        if len(labels) != len(self.X):
            raise ValueError(f"labels must name the {len(self.X)} glyphs of X, got {len(labels)}")
        self.labels = [str(label) for label in labels]
        self.table = np.asarray(table)
        if self.table.shape != (512,) or self.table.dtype != bool:
            raise ValueError("table must be the (512,) bools of glyph_measures.stroke_table")
        self.plausible_from = check_number(plausible_from, "plausible_from", 0.0, 1.0)
        self.extent = check_number(extent, "extent", minimum=0, strict=True)
        self.digits = check_int(digits, "digits", minimum=3, maximum=17)
        # The page gets rounded weights, and decode() uses the same ones.
        self.runs = {str(name): [self._rounded(g) for g in runs]
                     for name, runs in generators.items()}
        self._json = self._payload()
        digest = hashlib.sha1(self._json.encode()).hexdigest()[:8]
        self.element_id = f"tplib-generation-{digest}-{next(_serial)}"

    def _rounded(self, generator):
        params = [(np.reshape(_round(W, self.digits), W.shape), np.asarray(_round(b, self.digits)))
                  for W, b in generator.params]
        if params[0][0].shape[0] != 2 or params[-1][0].shape[1] != self.X.shape[1]:
            raise ValueError(f"{generator!r} must decode 2-D points to {self.X.shape[1]} pixels")
        codes = np.reshape(_round(generator.codes, 4), generator.codes.shape)
        return params, list(generator.activations), codes

    def decode(self, name, run, U):
        """The glyphs the page draws for generator ``name``, run (seed index) ``run``:
        U (n, 2) -> (n, P)."""
        params, activations, _ = self.runs[name][run]
        return nn.forward(params, nn.check_matrix(U, "U", 2), activations)

    def _payload(self):
        runs = {name: [{"layers": [{"n_in": W.shape[0], "n_out": W.shape[1],
                                    "W": W.ravel().tolist(), "b": b.tolist(), "activation": a}
                                   for (W, b), a in zip(params, acts)],
                        "codes": codes.tolist()} for params, acts, codes in runs]
                for name, runs in self.runs.items()}
        data = {"runs": runs, "real": ["".join("1" if p else "0" for p in x) for x in self.X],
                "labels": self.labels, "table": "".join("1" if t else "0" for t in self.table),
                "rows": GLYPH_SHAPE[0], "cols": GLYPH_SHAPE[1], "extent": self.extent,
                "plausibleFrom": self.plausible_from, "greyBelow": GREY_BELOW,
                "newFrom": NEW_FROM, "kinds": list(KINDS), "colors": list(KIND_COLORS),
                "mapSize": _MAP, "plane": _PLANE, "margin": _MARGIN}
        return json.dumps(data, separators=(",", ":")).replace("</", "<\\/")

    def _measures(self, values):
        """The page's three measures and kind of glyphs ``values`` (n, P), by numpy."""
        m = glyph_measures(values, self.X.astype(float), self.table)
        return m, kinds(m, self.plausible_from)

    def _plane_svg(self, name, run):
        """The plane as the page draws it (the kind map behind, as a PNG), marker at (0, 0)."""
        E, M, size = self.extent, _MARGIN, _PLANE + 2 * _MARGIN
        U = latent_grid(((-E, E), (-E, E)), _MAP)  # row by row from the top, as the page's map
        _, kind = self._measures(self.decode(name, run, U))
        rgb = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in KIND_COLORS], np.uint8)
        to = lambda v: M + (v + E) / (2 * E) * _PLANE  # noqa: E731 (x; y is to(-v))
        parts = [f'<rect x="{M}" y="{M}" width="{_PLANE}" height="{_PLANE}" fill="#f7f7f7" '
                 f'stroke="#999"/><image x="{M}" y="{M}" width="{_PLANE}" height="{_PLANE}" '
                 f'href="{png_uri(rgb[kind.reshape(_MAP, _MAP)])}" preserveAspectRatio="none" '
                 'style="image-rendering:pixelated"/>']
        parts += [f'<circle cx="{to(0)}" cy="{to(0)}" r="{r / (2 * E) * _PLANE}" fill="none" '
                  'stroke="#bbb" stroke-dasharray="3,3"/>' for r in (1, 2)]
        for (u1, u2), label in zip(self.runs[name][run][2], self.labels):
            parts.append(f'<circle cx="{to(u1):.1f}" cy="{to(-u2):.1f}" r="2.2" fill="#1f77b4"/>'
                         f'<text x="{to(u1) + 3:.1f}" y="{to(-u2) - 2:.1f}" font-size="9" '
                         f'fill="#1f4e79">{html.escape(label)}</text>')
        parts.append(f'<text x="{M}" y="{M + _PLANE + 14}" font-size="10">{-E:g}</text>'
                     f'<text x="{M + _PLANE}" y="{M + _PLANE + 14}" font-size="10" '
                     f'text-anchor="end">{E:g}</text><text x="{M + _PLANE / 2}" '
                     f'y="{M + _PLANE + 24}" font-size="11">u\u2081</text><text x="4" '
                     f'y="{M + _PLANE / 2}" font-size="11">u\u2082</text><circle cx="{to(0)}" '
                     f'cy="{to(0)}" r="6" fill="none" stroke="#d62728" stroke-width="2.5"/>')
        return (f'<svg viewBox="0 0 {size} {size}" width="{size}" height="{size}">'
                + "".join(parts) + "</svg>")

    def _still(self):
        """The first frame as the page first draws it: first generator, seed 0, u = (0, 0)."""
        name = next(iter(self.runs))
        values = self.decode(name, 0, np.zeros((1, 2)))
        m, kind = self._measures(values)
        w, h = GLYPH_SHAPE[1] * _CELL, GLYPH_SHAPE[0] * _CELL
        cells = "".join(f'<rect x="{c * _CELL}" y="{r * _CELL}" width="{_CELL}" height="{_CELL}" '
                        f'fill="{gray(v)}" stroke="#ccc" stroke-width="0.5"/>' for (r, c), v in
                        zip(np.ndindex(*GLYPH_SHAPE), np.clip(values[0], 0, 1)))
        n_cells = GLYPH_SHAPE[0] * GLYPH_SHAPE[1]
        text = (f"generator {name}, seed 0\nu = (0.00, 0.00)\n"
                f"decisiveness {m['decisiveness'][0]:.2f}\nnovelty {m['novelty'][0]} px from "
                f"{self.labels[m['nearest'][0]]}\nplausibility "
                f"{round(m['plausibility'][0] * n_cells)}/{n_cells}\nkind: {KINDS[kind[0]]}")
        legend = ", ".join(f"{kind_name} {c}" for kind_name, c in zip(KINDS, ("grey", "green",
                                                                             "orange", "purple")))
        pictures = [svg_image(self._plane_svg(name, 0), f"The standard plane of generator {name} "
                              f"(seed 0), coloured by the kind of glyph each point decodes to "
                              f"({legend}), the training codes as labelled dots, the marker at "
                              "u = (0, 0)."),
                    svg_image(f'<svg viewBox="0 0 {w} {h}" width="{w}" height="{h}">{cells}</svg>',
                              f"The glyph decoded at u = (0, 0): kind {KINDS[kind[0]]}.")]
        return pictures, text

    def _controls(self):
        i = self.element_id
        names = "".join(f'<option value="{html.escape(n)}">{html.escape(n)}</option>'
                        for n in self.runs)
        seeds = "".join(f'<option value="{k}">{k}</option>'
                        for k in range(len(next(iter(self.runs.values())))))
        e = self.extent
        sliders = "".join(
            f'<span style="display:block"><label for="{i}-u{k + 1}">u{"₁₂"[k]}</label> <input '
            f'id="{i}-u{k + 1}" type="range" class="tplib-u{k + 1}" min="{-e!r}" max="{e!r}" '
            f'step="any" value="0" aria-valuetext="u{"₁₂"[k]} = 0.00" style="width:170px;'
            'vertical-align:middle"></span>' for k in range(2))
        legend = " ".join(f'<span style="white-space:nowrap"><span style="display:inline-block;'
                          f'width:9px;height:9px;background:{c}"></span> {html.escape(k)}</span>'
                          for k, c in zip(KINDS, KIND_COLORS))
        return (f'<span><label for="{i}-generator">generator</label> <select id="{i}-generator" '
                f'class="tplib-generator">{names}</select></span> <span><label for="{i}-seed">'
                f'seed</label> <select id="{i}-seed" class="tplib-seed">{seeds}</select></span>'
                f'{sliders}'
                '<label><input type="checkbox" class="tplib-shade" checked> colour the plane '
                f'by kind</label><div style="max-width:230px;line-height:1.5">{legend}</div>')

    def to_html(self):
        """The explorer as one self-contained HTML fragment (markup, JSON data, script)."""
        i, size = self.element_id, _PLANE + 2 * _MARGIN
        w, h = GLYPH_SHAPE[1] * _CELL, GLYPH_SHAPE[0] * _CELL
        cells = "".join(f'<rect data-pixel="{k}" x="{(k % GLYPH_SHAPE[1]) * _CELL}" '
                        f'y="{(k // GLYPH_SHAPE[1]) * _CELL}" width="{_CELL}" height="{_CELL}" '
                        'fill="#fff" stroke="#ccc" stroke-width="0.5"/>'
                        for k in range(GLYPH_SHAPE[0] * GLYPH_SHAPE[1]))
        pictures, text = self._still()
        return (
            f'{still(i, pictures, text)}'
            f'<div id="{i}" class="tplib-generation mathjax_ignore tex2jax_ignore" '
            'style="display:none;flex-wrap:wrap;gap:14px;align-items:flex-start;padding:8px;'
            'background:#fff;color:#222;font:12px sans-serif;border:1px solid #ddd;'
            'border-radius:4px;max-width:600px;margin:0 0 8px">'
            f'<svg class="tplib-plane" viewBox="0 0 {size} {size}" width="{size}" '
            f'height="{size}" role="img" aria-label="standard plane of the generator" '
            'style="cursor:crosshair;touch-action:none;user-select:none"></svg>'
            '<div style="display:flex;flex-direction:column;gap:6px">'
            f'{self._controls()}<svg class="tplib-glyph" viewBox="0 0 {w} {h}" width="{w}" '
            f'height="{h}" role="img" aria-label="decoded glyph">{cells}</svg>'
            '<output class="tplib-readout" style="white-space:pre-line;min-height:5em">'
            f'{html.escape(text)}</output></div></div>'
            f'<script type="application/json" id="{i}-data">{self._json}</script>'
            f'<script>{read_script("page.js")}</script><script>{read_script("dense.js")}</script>'
            f'<script data-for="{i}">'
            f'{read_script("generation_explorer.js")}</script>')

    _repr_html_ = to_html

    def __repr__(self):
        seeds = len(next(iter(self.runs.values())))
        return f"GenerationExplorer({', '.join(self.runs)}; {seeds} seeds each)"


def generation_explorer(generators, X, labels, table, plausible_from, extent=3.0, digits=4):
    """A kernel-free explorer of generators' standard planes, shown as HTML.

    ``generators``: {name: [``Generator``, one per seed]}; ``X`` (m, 35): the training glyphs
    novelty is measured against, named by ``labels``; ``table``: ``stroke_table``'s (512,)
    bools; ``plausible_from``: the plausibility a new glyph needs. The plane spans
    [-extent, extent]^2; weights are rounded to ``digits`` significant digits (4 keep every
    pixel within 0.01 of the unrounded decoder, and the page small).
    """
    return GenerationExplorer(generators, X, labels, table, plausible_from, extent=extent,
                              digits=digits)
