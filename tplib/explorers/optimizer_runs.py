"""Optimizer runs replayed with no kernel: pick a method and a budget, see its curve and glyphs.

``optimizer_runs(losses, outputs, X, methods, budgets)`` returns an object that Jupyter and the
static site both show as HTML: every method's loss curve (best so far, log scale; the chosen one
in colour, the others faint), a marker at the chosen budget, and the glyphs the chosen method
reconstructs at that budget with their wrong pixels outlined. The runs are far too costly for a
page (scipy minimizers), so everything the page can show is computed here, by numpy, at
execution time: the curves are drawn in the HTML, and each (method, budget) state -- grey
levels, wrong pixels, marker position, readout -- travels as JSON; ``optimizer_runs.js`` only
swaps them in. The first frame is drawn in the HTML, and a still of it (``_still.py``) shows
before any script runs.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json

import numpy as np

from ..checks import (check_array, check_choice, check_glyphs, check_int, check_list,
                      check_number)
from ..datasets import GLYPH_SHAPE
from ._log_plot import LogPlot, check_losses
from ._scripts import read_script
from ._still import png_uri, still, svg_image

__all__ = ["OptimizerRuns", "optimizer_runs"]

_serial = itertools.count(1)  # one number per output: several explorers never share ids
_CELL, _GAP, _PER_ROW = 7, 8, 8  # glyph pixel side, space between glyphs, glyphs per row
_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf"]  # matplotlib's tab10, as the chapter's figures
_OUTLINE = {"stroke": "#d62728", "stroke-width": "1.4"}  # a wrong pixel's red outline
_WRONG = " ".join(f'{key}="{value}"' for key, value in _OUTLINE.items())


def _levels(ink):
    """Grey levels of the page, 0 (black) to 255 (white), as glyph_explorer draws them."""
    return np.floor(255 * (1.0 - np.clip(ink, 0.0, 1.0)) + 0.5).astype(np.uint8)


class OptimizerRuns:
    """The explorer's precomputed states and its HTML; see ``optimizer_runs`` for the arguments."""

    def __init__(self, losses, outputs, X, methods, budgets, scale=1.0, labels=None,
                 method=None, budget=None, loss_name="loss"):
        self.methods = check_list(methods, "methods", "method names")
        if not all(isinstance(name, str) for name in self.methods):
            raise TypeError(f"methods must be a list of names (strings), got {methods!r}"[:200])
        self.losses = check_losses(losses, len(self.methods))
        self.budgets = [check_int(b, f"budgets[{k}]", minimum=1, maximum=self.losses.shape[1])
                        for k, b in enumerate(check_list(budgets, "budgets", "evaluations"))]
        if any(a >= b for a, b in zip(self.budgets, self.budgets[1:])):
            raise ValueError(f"budgets must be strictly ascending, got {self.budgets}")
        self.height, self.width = GLYPH_SHAPE
        self.X = check_glyphs(X, "X", n_pixels=self.width * self.height)
        self.outputs = check_array(outputs, "outputs", ndim=4, low=0.0, high=1.0)
        if self.outputs.shape != (len(self.methods), len(self.budgets)) + self.X.shape:
            raise ValueError(f"outputs must be (n_methods, n_budgets, n_glyphs, n_pixels) = "
                             f"{(len(self.methods), len(self.budgets)) + self.X.shape}, got "
                             f"{self.outputs.shape}")
        self.scale = check_number(scale, "scale", 0.0, strict=True)
        if labels is not None and (isinstance(labels, (str, bytes, dict)) or np.ndim(labels) != 1
                                   or len(labels) != len(self.X)):
            raise ValueError(f"labels must be a list of {len(self.X)} names, one per glyph, "
                             f"got {labels!r}"[:200])
        self.labels = None if labels is None else [str(label) for label in labels]
        if not isinstance(loss_name, str):
            raise TypeError(f"loss_name must be a string, got {loss_name!r}")
        self.loss_name = loss_name
        if budget is not None and budget not in self.budgets:
            raise ValueError(f"budget must be one of budgets {self.budgets}, got {budget!r}")
        self.start = (0 if method is None else self.methods.index(
                          check_choice(method, "method", self.methods)),
                      len(self.budgets) - 1 if budget is None else self.budgets.index(budget))
        self._states()
        self._json = json.dumps(self._payload(), separators=(",", ":")).replace("</", "<\\/")
        digest = hashlib.sha1(self._json.encode()).hexdigest()[:8]
        self.element_id = f"tplib-runs-{digest}-{next(_serial)}"

    def _states(self):
        """Everything the page shows, for every (method, budget), computed here by numpy."""
        self.best_so_far = np.fmin.accumulate(self.losses / self.scale, axis=1)  # NaN stays NaN
        self.plot = LogPlot(self.losses.shape[1], np.nanmin(self.best_so_far),
                            np.max(self.best_so_far[:, 0]))
        self.best = self.best_so_far[:, np.array(self.budgets) - 1]  # (n_methods, n_budgets)
        self.levels = _levels(self.outputs)
        self.wrong = (self.outputs > 0.5) != (self.X > 0.5)  # (m, b, n_glyphs, n_pixels)

    def curve_points(self, i):
        """Method i's best-so-far curve, as the points attribute of the page's polyline."""
        return self.plot.points(self.best_so_far[i][np.isfinite(self.best_so_far[i])])

    def readout(self, i, k):
        """The sentence the page shows for method i at budget k."""
        wrong = self.wrong[i, k].sum(axis=1)
        return (f"{self.methods[i]} after {self.budgets[k]:,} evaluations: best {self.loss_name} "
                f"{self.best[i, k]:.3g}; {int(wrong.sum())} wrong pixels, "
                f"at most {int(wrong.max())} in one glyph")

    def _payload(self):
        """The page's data. Per (method, budget): the grey levels (one byte per pixel) and the
        wrong pixels (one bit per pixel, numpy.packbits' order) in base64, the rest as JSON."""
        m, b = len(self.methods), len(self.budgets)
        markers = [[[round(float(v), 1) for v in self.plot.to_plot(self.budgets[k], self.best[i, k])]
                    for k in range(b)] for i in range(m)]

        def b64(array):
            return base64.b64encode(array.tobytes()).decode("ascii")

        return {
            "methods": self.methods, "budgets": self.budgets, "start": list(self.start),
            "budget_text": [f"{n:,} evaluations" for n in self.budgets],
            "best": self.best.tolist(), "marker": markers,
            "colors": [_COLORS[i % len(_COLORS)] for i in range(m)], "outline": _OUTLINE,
            "levels": [[b64(self.levels[i, k]) for k in range(b)] for i in range(m)],
            "wrong": [[b64(np.packbits(self.wrong[i, k])) for k in range(b)] for i in range(m)],
            "readout": [[self.readout(i, k) for k in range(b)] for i in range(m)],
        }

    def _curve_svg(self):
        i, k = self.start
        _, top, _, height = self.plot.box
        parts = [self.plot.frame(f"best {self.loss_name} so far (log scale)",
                                 [1, *self.budgets], "tplib-runs-plot")]
        parts += [f'<polyline data-method="{n}" points="{self.curve_points(n)}" fill="none" '
                  'stroke="#bbb" stroke-width="1"/>' for n in range(len(self.methods))]
        x, y = self.plot.to_plot(self.budgets[k], self.best[i, k])
        color = _COLORS[i % len(_COLORS)]
        parts.append(f'<polyline class="tplib-runs-curve" points="{self.curve_points(i)}" '
                     f'fill="none" stroke="{color}" stroke-width="2"/>'
                     f'<line class="tplib-runs-budget-line" x1="{x:.1f}" x2="{x:.1f}" '
                     f'y1="{top}" y2="{top + height}" stroke="#444" stroke-dasharray="3,3"/>'
                     f'<circle class="tplib-runs-marker" cx="{x:.1f}" cy="{y:.1f}" r="5" '
                     f'fill="{color}" stroke="#222"/></svg>')
        return "".join(parts)

    def _grid(self):
        """A glyph's width and height (with its label) and the whole grid's, in SVG units."""
        gw, gh = self.width * _CELL, self.height * _CELL + (14 if self.labels else 0)
        return gw, gh, _PER_ROW * (gw + _GAP), -(-len(self.X) // _PER_ROW) * (gh + _GAP)

    def _glyphs_svg(self):
        i, k = self.start
        gw, gh, w, h = self._grid()
        parts = [f'<svg class="tplib-runs-glyphs" viewBox="0 0 {w} {h}" width="{w}" '
                 f'height="{h}" role="img" aria-label="{html.escape(self._glyphs_alt())}">']
        for g, (levels, wrong) in enumerate(zip(self.levels[i, k], self.wrong[i, k])):
            # Cells 1 unit apart on a grey ground: a wrong cell's red outline fits in the gap.
            parts.append(f'<g transform="translate({(g % _PER_ROW) * (gw + _GAP)} '
                         f'{(g // _PER_ROW) * (gh + _GAP)})"><path d="M0 0h{self.width * _CELL}'
                         f'v{self.height * _CELL}h-{self.width * _CELL}z" fill="#ccc"/>')
            parts += [f'<rect x="{p % self.width * _CELL + 0.5}" '
                      f'y="{p // self.width * _CELL + 0.5}" width="{_CELL - 1}" '
                      f'height="{_CELL - 1}" fill="#{level:02x}{level:02x}{level:02x}"'
                      + (f' {_WRONG}/>' if wrong[p] else '/>') for p, level in enumerate(levels)]
            if self.labels:
                parts.append(f'<text x="{gw / 2}" y="{gh - 3}" font-size="10" '
                             f'text-anchor="middle">{html.escape(self.labels[g])}</text>')
            parts.append("</g>")
        return "".join(parts) + "</svg>"

    def _glyphs_alt(self):
        i, k = self.start
        return (f"the {len(self.X)} glyphs {self.methods[i]} reconstructs after "
                f"{self.budgets[k]:,} evaluations, {int(self.wrong[i, k].sum())} wrong pixels "
                "outlined in red")

    def _glyphs_still(self):
        """The still's glyphs: the grey levels as one PNG (a pixel per SVG unit), the red
        outlines and the labels over it; a tenth of the size of _glyphs_svg's <rect>s."""
        i, k = self.start
        gw, gh, w, h = self._grid()
        ground, parts = np.full((h, w), 255, np.uint8), []
        for g, (levels, wrong) in enumerate(zip(self.levels[i, k], self.wrong[i, k])):
            x0, y0 = (g % _PER_ROW) * (gw + _GAP), (g // _PER_ROW) * (gh + _GAP)
            cells = np.repeat(np.repeat(levels.reshape(self.height, self.width), _CELL, 0), _CELL, 1)
            cells[::_CELL], cells[:, ::_CELL] = 0xCC, 0xCC  # the grey ground between cells
            ground[y0:y0 + cells.shape[0], x0:x0 + gw] = cells
            parts += [f'<rect x="{x0 + c * _CELL + 1}" y="{y0 + r * _CELL + 1}" width="{_CELL - 1}" '
                      f'height="{_CELL - 1}" fill="none" {_WRONG}/>'
                      for r, c in zip(*np.divmod(np.flatnonzero(wrong), self.width))]
            if self.labels:
                parts.append(f'<text x="{x0 + gw / 2}" y="{y0 + gh - 3}" font-size="10" '
                             f'text-anchor="middle">{html.escape(self.labels[g])}</text>')
        return (f'<svg viewBox="0 0 {w} {h}" width="{w}" height="{h}"><image width="{w}" '
                f'height="{h}" href="{png_uri(ground)}" style="image-rendering:pixelated"/>'
                f'{"".join(parts)}</svg>')

    def _controls(self):
        i, k = self.start
        uid = self.element_id
        options = "".join(f'<option value="{n}"{" selected" if n == i else ""}>'
                          f'{html.escape(name)}</option>' for n, name in enumerate(self.methods))
        text = f"{self.budgets[k]:,} evaluations"
        return (f'<div style="display:flex;flex-wrap:wrap;gap:16px;align-items:center;'
                f'font-size:13px"><label for="{uid}-method">method</label>'
                f'<select id="{uid}-method" class="tplib-runs-method">{options}</select>'
                f'<label for="{uid}-budget">budget</label>'
                f'<input id="{uid}-budget" class="tplib-runs-budget" type="range" min="0" '
                f'max="{len(self.budgets) - 1}" step="1" value="{k}" aria-valuetext="{text}" '
                f'style="width:{60 + 40 * len(self.budgets)}px;vertical-align:middle">'
                f'<output class="tplib-runs-budget-value" for="{uid}-budget">{text}</output>'
                '</div>')

    def to_html(self):
        """The explorer as one self-contained HTML fragment (markup, JSON states, script)."""
        i, k = self.start
        uid = self.element_id
        curve = self._curve_svg()
        pictures = [svg_image(curve, f"Best {self.loss_name} so far (log scale) against "
                              f"evaluations for every method; {self.methods[i]} in colour, "
                              f"marked at {self.budgets[k]:,} evaluations: "
                              f"{self.best[i, k]:.3g}."),
                    svg_image(self._glyphs_still(), f"Reconstructions: {self._glyphs_alt()}.")]
        text = f"method {self.methods[i]}, budget {self.budgets[k]:,} evaluations\n"
        return (f'{still(uid, pictures, text + self.readout(i, k))}'
                f'<div id="{uid}" class="tplib-optimizer-runs mathjax_ignore tex2jax_ignore" '
                'style="display:none;flex-direction:column;gap:8px;padding:8px;background:#fff;'
                'color:#222;font-family:sans-serif;border:1px solid #ddd;border-radius:4px;'
                f'max-width:760px;margin:0 0 8px">{self._controls()}'
                '<div style="display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start">'
                f'{curve}{self._glyphs_svg()}</div>'
                '<output class="tplib-runs-readout" aria-live="polite" style="font-size:13px">'
                f'{html.escape(self.readout(i, k))}</output></div>'
                f'<script type="application/json" id="{uid}-data">{self._json}</script>'
                f'<script>{read_script("page.js")}</script>'
                f'<script data-for="{uid}">{read_script("optimizer_runs.js")}</script>')

    _repr_html_ = to_html

    def __repr__(self):
        return (f"OptimizerRuns({len(self.methods)} methods, budgets {self.budgets}, "
                f"{len(self.X)} glyphs)")


def optimizer_runs(losses, outputs, X, methods, budgets, scale=1.0, labels=None, method=None,
                   budget=None, loss_name="loss"):
    """A kernel-free explorer of precomputed optimizer runs, shown as HTML in Jupyter and the book.

    losses: (n_methods, n_evals) the loss at every evaluation (NaN-padded after a run that
    stopped early), divided by ``scale`` for display (e.g. 32 glyphs: ``loss_name`` says what
    it is then). outputs: (n_methods, n_budgets, n_glyphs, 35) the reconstructions after each
    of ``budgets`` (ascending evaluation counts); X: (n_glyphs, 35) the glyphs they should be,
    for the wrong pixels (outputs and X on either side of 0.5); methods: one name per row;
    labels: one name per glyph. ``method``/``budget``: the state shown first (default: the
    first method, the largest budget).
    """
    return OptimizerRuns(losses, outputs, X, methods, budgets, scale=scale, labels=labels,
                         method=method, budget=budget, loss_name=loss_name)
