"""A latent explorer that needs no kernel: the decoder runs in the page's JavaScript.

``glyph_explorer(*ae.decoder, codes=Z, labels=names)`` returns an object that Jupyter and the
static site both show as HTML: the latent plane (the training codes as labelled dots) beside
the decoded glyph. Dragging or clicking on the plane, or moving the two sliders, runs the
decoder's weights (embedded in the page as JSON) in the browser and redraws the glyph at once.
Before its script runs, the HTML shows a still of the first frame (``_still.py``). The page's
code is ``glyph_explorer.js`` beside this file (forward pass: ``dense.js``); data come as JSON.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json

import numpy as np

from .. import nn
from ..checks import check_int
from ..datasets import GLYPH_SHAPE
from ._scripts import read_script
from ._still import gray, still, svg_image

__all__ = ["GlyphExplorer", "glyph_explorer"]

_serial = itertools.count(1)  # one number per output: explorers on one page never share ids

_PLANE = 240  # side of the latent plane in SVG units
_MARGIN = 42  # room for the axis ticks
_CELL = 24  # side of one glyph pixel

def _check_decoder(decoder_params, activations):
    """Validated copies: params as float64 (W (n_in, n_out), b (n_out,)), activation names."""
    if not isinstance(decoder_params, (list, tuple)) or not decoder_params:
        raise ValueError("decoder_params must be a non-empty list of (W, b) pairs, "
                         f"got {type(decoder_params).__name__}")
    if isinstance(activations, str) or not isinstance(activations, (list, tuple)):
        raise ValueError("activations must be a list of names, one per layer, "
                         f"got {activations!r}")
    if len(activations) != len(decoder_params):
        raise ValueError(f"activations must name one activation per layer: {len(decoder_params)} "
                         f"layers but {len(activations)} activations")
    params = []
    n_in = None
    for i, layer in enumerate(decoder_params):
        if not isinstance(layer, (list, tuple)) or len(layer) != 2:
            raise ValueError(f"decoder_params[{i}] must be a (W, b) pair, got {type(layer).__name__}")
        W = np.asarray(layer[0], dtype=np.float64)
        b = np.asarray(layer[1], dtype=np.float64).reshape(-1)
        if W.ndim != 2:
            raise ValueError(f"decoder_params[{i}] W must be 2-D (n_in, n_out), got shape {W.shape}")
        if b.shape != (W.shape[1],):
            raise ValueError(f"decoder_params[{i}] b must have {W.shape[1]} values to match W "
                             f"{W.shape}, got {np.shape(layer[1])}")
        if n_in is not None and W.shape[0] != n_in:
            raise ValueError(f"decoder_params[{i}] W has {W.shape[0]} rows but the previous layer "
                             f"has {n_in} outputs")
        if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
            raise ValueError(f"decoder_params[{i}] contains NaN or infinite values")
        nn.check_activation(activations[i], f"activations[{i}]")
        params.append((W, b))
        n_in = W.shape[1]
    if params[0][0].shape[0] != 2:
        raise ValueError("the explorer draws a 2-D latent plane: decoder_params[0] W must have "
                         f"2 rows, got shape {params[0][0].shape}")
    return params, list(activations)


def _check_extent(extent, codes):
    """((lo1, hi1), (lo2, hi2)); by default the codes' bounding box with a margin, else [-1, 1]²."""
    if extent is None:
        if codes is None:
            return ((-1.0, 1.0), (-1.0, 1.0))
        lo, hi = codes.min(axis=0), codes.max(axis=0)
        pad = np.maximum(0.08 * (hi - lo), 0.05)
        return tuple((float(a - p), float(c + p)) for a, c, p in zip(lo, hi, pad))
    try:
        box = np.asarray(extent, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"extent must be ((lo1, hi1), (lo2, hi2)), got {extent!r}") from None
    if box.shape != (2, 2) or not np.all(np.isfinite(box)) or np.any(box[:, 0] >= box[:, 1]):
        raise ValueError(f"extent must be ((lo1, hi1), (lo2, hi2)) with finite lo < hi, "
                         f"got {extent!r}")
    return tuple((float(lo), float(hi)) for lo, hi in box)


def _round(values, digits):
    """Round to ``digits`` significant digits: smaller pages and outputs that compare stably."""
    return [float(f"{v:.{digits}g}") for v in np.asarray(values, dtype=np.float64).ravel()]


def _intensity(values, activation):
    """Output values to ink in [0, 1]; a tanh output layer spans [-1, 1]."""
    values = np.asarray(values, dtype=np.float64)
    return np.clip((values + 1.0) / 2.0 if activation == "tanh" else values, 0.0, 1.0)


class GlyphExplorer:
    """The explorer's data and its HTML; see ``glyph_explorer`` for the arguments."""

    def __init__(self, decoder_params, activations, width=GLYPH_SHAPE[1], height=GLYPH_SHAPE[0],
                 extent=None, codes=None, labels=None, start=None, digits=6):
        width, height, self.digits = (check_int(value, name, minimum=1) for name, value in (
            ("width", width), ("height", height), ("digits", digits)))
        params, self.activations = _check_decoder(decoder_params, activations)
        n_out = params[-1][0].shape[1]
        if n_out != width * height:
            raise ValueError(f"the decoder outputs {n_out} values but a {width}x{height} glyph "
                             f"needs {width * height}")
        self.width, self.height = width, height
        if codes is not None:
            codes = nn.check_matrix(codes, "codes", 2)
        if labels is not None:
            if codes is None:
                raise ValueError("labels were given without codes: pass codes (n, 2) too")
            if isinstance(labels, (str, bytes, dict)) or np.ndim(labels) != 1:
                raise ValueError(f"labels must be a list of n names, one per code, "
                                 f"got {type(labels).__name__}")
            labels = [str(label) for label in labels]
            if len(labels) != len(codes):
                raise ValueError(f"labels must have one entry per code: {len(codes)} codes, "
                                 f"{len(labels)} labels")
        self.codes, self.labels = codes, labels
        self.extent = _check_extent(extent, codes)
        # The page gets rounded weights, and decode() uses the same ones: one function.
        self.params = [(np.reshape(_round(W, digits), W.shape), np.asarray(_round(b, digits)))
                       for W, b in params]
        start = np.asarray(start if start is not None else codes[0] if codes is not None
                           else [np.mean(r) for r in self.extent], dtype=np.float64).reshape(-1)
        if start.shape != (2,) or not np.all(np.isfinite(start)):
            raise ValueError(f"start must be a point (z1, z2), got {start!r}")
        self.start = tuple(float(np.clip(s, lo, hi)) for s, (lo, hi) in zip(start, self.extent))
        self._json = self._payload()
        digest = hashlib.sha1(self._json.encode()).hexdigest()[:8]
        self.element_id = f"tplib-explorer-{digest}-{next(_serial)}"

    def decode(self, Z):
        """The glyph values the page draws: Z (n, 2) -> (n, width * height)."""
        Z = nn.check_matrix(Z, "Z", 2)
        return nn.forward(self.params, Z, self.activations)

    def _payload(self):
        layers = [{"n_in": W.shape[0], "n_out": W.shape[1], "W": W.ravel().tolist(),
                   "b": b.tolist(), "activation": name}
                  for (W, b), name in zip(self.params, self.activations)]
        data = {"width": self.width, "height": self.height, "extent": self.extent,
                "layers": layers, "start": self.start, "plane": _PLANE, "margin": _MARGIN}
        if self.labels is not None:
            data["codes"] = [_round(z, self.digits) for z in self.codes]
            data["labels"] = self.labels
        # "</" would end the <script> element that carries the JSON.
        return json.dumps(data, separators=(",", ":")).replace("</", "<\\/")

    def _where(self):
        """The first frame's point and nearest code, as the readout and the alt texts say it."""
        nearest = ""
        if self.labels is not None:
            n = int(np.argmin(((self.codes - np.array(self.start)) ** 2).sum(axis=1)))
            nearest = f" \u00b7 nearest: {self.labels[n]}"
        return f"z = ({self.start[0]:.2f}, {self.start[1]:.2f}){nearest}"

    def _to_plane(self, z1, z2):
        (lo1, hi1), (lo2, hi2) = self.extent
        return (_MARGIN + (z1 - lo1) / (hi1 - lo1) * _PLANE,
                _MARGIN + (hi2 - z2) / (hi2 - lo2) * _PLANE)

    def _plane_svg(self):
        size = _PLANE + 2 * _MARGIN
        (lo1, hi1), (lo2, hi2) = self.extent
        top, bottom = _MARGIN, _MARGIN + _PLANE
        parts = [f'<svg class="tplib-plane" viewBox="0 0 {size} {size}" width="{size}" '
                 f'height="{size}" role="img" aria-label="{html.escape(self._plane_alt())}" '
                 'style="cursor:crosshair;touch-action:none;user-select:none">',
                 f'<rect x="{top}" y="{top}" width="{_PLANE}" height="{_PLANE}" '
                 'fill="#f7f7f7" stroke="#999"/>',
                 f'<text x="{top}" y="{bottom + 16}" font-size="10">{lo1:.2f}</text>',
                 f'<text x="{bottom}" y="{bottom + 16}" font-size="10" text-anchor="end">{hi1:.2f}</text>',
                 f'<text x="{size / 2}" y="{bottom + 26}" font-size="11" text-anchor="middle">z₁</text>',
                 f'<text x="{top - 4}" y="{bottom}" font-size="10" text-anchor="end">{lo2:.2f}</text>',
                 f'<text x="{top - 4}" y="{top + 8}" font-size="10" text-anchor="end">{hi2:.2f}</text>',
                 f'<text x="8" y="{size / 2}" font-size="11">z₂</text>']
        if self.codes is not None:
            for i, (z1, z2) in enumerate(self.codes):
                x, y = self._to_plane(z1, z2)
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#1f77b4"/>')
                if self.labels is not None:
                    parts.append(f'<text x="{x + 4:.1f}" y="{y - 3:.1f}" font-size="11" '
                                 f'fill="#1f4e79">{html.escape(self.labels[i])}</text>')
        x, y = self._to_plane(*self.start)
        parts.append(f'<circle class="tplib-marker" cx="{x:.1f}" cy="{y:.1f}" r="6" fill="none" '
                     'stroke="#d62728" stroke-width="2.5"/></svg>')
        return "".join(parts)

    def _plane_alt(self):
        dots = "" if self.codes is None else f", the {len(self.codes)} training codes as dots"
        return f"latent plane{dots}, marker at z = ({self.start[0]:.2f}, {self.start[1]:.2f})"

    def _glyph_svg(self):
        ink = _intensity(self.decode(np.array([self.start]))[0], self.activations[-1])
        w, h = self.width * _CELL, self.height * _CELL
        cells = "".join(
            f'<rect data-pixel="{k}" x="{(k % self.width) * _CELL}" y="{(k // self.width) * _CELL}" '
            f'width="{_CELL}" height="{_CELL}" fill="{gray(v)}" stroke="#ccc" stroke-width="0.5"/>'
            for k, v in enumerate(ink))
        return (f'<svg class="tplib-glyph" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
                f'role="img" aria-label="glyph decoded at {html.escape(self._where())}">{cells}</svg>')

    def _slider(self, axis):
        lo, hi = self.extent[axis]
        # step="any": a fractional step would keep the slider from reaching its maximum;
        # the arrow keys then move by 1% of the range.
        name = f'z{"₁₂"[axis]}'  # labels the slider; its value is said as "z₁ = 0.25"
        return (f'<label style="display:block;font-size:12px">{name} '
                f'<input type="range" class="tplib-z{axis + 1}" min="{lo!r}" max="{hi!r}" '
                f'step="any" value="{self.start[axis]!r}" aria-valuetext="{name} = '
                f'{self.start[axis]:.2f}" style="width:180px;vertical-align:middle"></label>')

    def to_html(self):
        """The explorer as one self-contained HTML fragment (markup, JSON weights, script)."""
        i = self.element_id
        plane, glyph = self._plane_svg(), self._glyph_svg()
        pictures = [svg_image(plane, f"The {self._plane_alt()}."),
                    svg_image(glyph, f"The glyph decoded at {self._where()}.")]
        return (
            f'{still(i, pictures, self._where())}'
            f'<div id="{i}" class="tplib-explorer mathjax_ignore tex2jax_ignore" '
            'style="display:none;flex-wrap:wrap;gap:16px;align-items:flex-start;padding:8px;'
            'background:#fff;color:#222;font-family:sans-serif;border:1px solid #ddd;'
            'border-radius:4px;max-width:560px;margin:0 0 8px">'
            f'{plane}<div style="display:flex;flex-direction:column;gap:8px">'
            f'{glyph}{self._slider(0)}{self._slider(1)}<output class="tplib-readout" '
            f'aria-live="polite" style="font-size:12px">{html.escape(self._where())}</output>'
            '</div></div>'
            f'<script type="application/json" id="{i}-data">{self._json}</script>'
            f'<script>{read_script("page.js")}</script><script>{read_script("dense.js")}</script>'
            f'<script data-for="{i}">'
            f'{read_script("glyph_explorer.js")}</script>'
        )

    _repr_html_ = to_html

    def __repr__(self):
        sizes = "-".join(str(W.shape[0]) for W, _ in self.params) + f"-{self.width * self.height}"
        return f"GlyphExplorer(decoder {sizes}, {self.width}x{self.height} glyph)"


def glyph_explorer(decoder_params, activations, width=GLYPH_SHAPE[1], height=GLYPH_SHAPE[0],
                   extent=None, codes=None, labels=None, start=None, digits=6):
    """A kernel-free explorer of a 2-D latent plane, shown as HTML in Jupyter and the book.

    ``decoder_params``: list of (W, b), W (n_in, n_out), the first n_in = 2, the last
    n_out = width * height; ``activations``: one name per layer (see ``tplib.nn.ACTIVATIONS``).
    ``extent``: ((lo1, hi1), (lo2, hi2)), by default around ``codes`` (n, 2), the training codes
    drawn as dots and labelled with ``labels`` (n strings). ``start``: the first point shown.
    Weights are rounded to ``digits`` significant digits before they are embedded.
    """
    return GlyphExplorer(decoder_params, activations, width=width, height=height, extent=extent,
                         codes=codes, labels=labels, start=start, digits=digits)
