"""A denoising explorer that needs no kernel: noise and denoiser both run in the page.

``denoising_explorer(model, X, labels)`` returns an object that Jupyter and the static site both
show as HTML: a glyph menu, a noise level p and a noise draw (a seed). For each choice the page
flips every pixel of the clean glyph with probability p, with a small seeded generator
(mulberry32, ``mulberry32`` below is the same generator in Python), runs the whole autoencoder
(its weights embedded as JSON, every float64 written exactly) on the noisy glyph, and draws the
clean glyph, the noisy input, the output and the output thresholded at 0.5 with its wrong pixels
marked. The HTML opens with a still of the first frame, drawn here (``_still.py``), shown
until the script runs.
The page's code is ``denoising_explorer.js`` beside this file (the forward pass is ``dense.js``).
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import re

import numpy as np

from .. import nn
from ..checks import check_glyphs, check_int, check_number, check_seed
from ..datasets import GLYPH_SHAPE
from ._scripts import read_script
from ._still import gray, still, svg_image

__all__ = ["DenoisingExplorer", "denoising_explorer", "mulberry32"]

_serial = itertools.count(1)  # one number per output: unique element ids on a page
_CELL = 18  # side of one glyph pixel
_MAX_WRONG = 1  # the book's criterion: a success has at most one wrong pixel
_PANELS = (("clean", "clean glyph"), ("noisy", "noisy input (flips dotted)"),
           ("output", "denoiser's output"), ("wrong", "output > 0.5 (wrong pixels crossed)"))
_MASK = 0xFFFFFFFF


def mulberry32(seed, n):
    """The first n numbers in [0, 1) of mulberry32 seeded with ``seed``: the page's generator.

    Tommy Ettinger's 32-bit generator, in the unsigned arithmetic JavaScript's Math.imul and
    >>> give; returns a float64 array (n,), equal bit for bit to what the page draws.
    """
    a = check_seed(seed) & _MASK
    out = np.empty(check_int(n, "n", minimum=0))
    for k in range(len(out)):
        a = (a + 0x6D2B79F5) & _MASK
        t = ((a ^ (a >> 15)) * (1 | a)) & _MASK
        t = ((t + (((t ^ (t >> 7)) * (61 | t)) & _MASK)) & _MASK) ^ t
        out[k] = (t ^ (t >> 14)) / 4294967296.0
    return out


def _check_network(model, n_pixels):
    """The model's layers as float64 (W (n_in, n_out), b (n_out,)) and its activation names."""
    params, activations = getattr(model, "params", None), getattr(model, "activations", None)
    if not isinstance(params, (list, tuple)) or not params or not isinstance(activations, list):
        raise TypeError("model must be a tplib Autoencoder (a list of (W, b) in model.params and "
                        f"one activation name per layer in model.activations), "
                        f"got {type(model).__name__}")
    if len(activations) != len(params):
        raise ValueError(f"model has {len(params)} layers but {len(activations)} activations")
    layers, n_in = [], n_pixels
    for i, ((W, b), name) in enumerate(zip(params, activations)):
        W, b = np.asarray(W, dtype=np.float64), np.asarray(b, dtype=np.float64)
        if W.ndim != 2 or W.shape[0] != n_in or b.shape != (W.shape[1],):
            raise ValueError(f"model.params[{i}] must be W ({n_in}, n_out) and b (n_out,), "
                             f"got shapes {W.shape} and {b.shape}")
        if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
            raise ValueError(f"model.params[{i}] contains NaN or infinite values")
        nn.check_activation(name, f"model.activations[{i}]")
        layers.append((W, b))
        n_in = W.shape[1]
    if n_in != n_pixels:
        raise ValueError(f"model outputs {n_in} values per glyph but X has {n_pixels} pixels")
    return layers, list(activations)


class DenoisingExplorer:
    """The explorer's data and its HTML; see ``denoising_explorer`` for the arguments."""

    def __init__(self, model, X, labels, p_max=0.3, p=0.1, glyph=0, seed=0, n_draws=100,
                 width=GLYPH_SHAPE[1], height=GLYPH_SHAPE[0]):
        self.width, self.height = (check_int(v, name, minimum=1)
                                   for name, v in (("width", width), ("height", height)))
        self.X = check_glyphs(X, n_pixels=self.width * self.height)
        if isinstance(labels, (str, bytes, dict)) or np.ndim(labels) != 1:
            raise TypeError(f"labels must be a list of n names, one per glyph, "
                            f"got {type(labels).__name__}")
        self.labels = [str(label) for label in labels]
        if len(self.labels) != len(self.X):
            raise ValueError(f"labels must name every glyph: {len(self.X)} glyphs, "
                             f"{len(self.labels)} labels")
        self.params, self.activations = _check_network(model, self.X.shape[1])
        self.p_max = check_number(p_max, "p_max", 0.0, 1.0)
        if self.p_max < 0.01:
            raise ValueError(f"p_max must be at least 0.01 (one step of the slider), got {p_max}")
        self.n_draws = check_int(n_draws, "n_draws", minimum=1, maximum=10**6)
        self.start = (check_int(glyph, "glyph", minimum=0, maximum=len(self.X) - 1),
                      round(check_number(p, "p", 0.0, self.p_max), 2),
                      check_int(seed, "seed", minimum=0, maximum=self.n_draws - 1))
        self._json = self._payload()
        digest = hashlib.sha1(self._json.encode()).hexdigest()[:8]
        self.element_id = f"tplib-denoiser-{digest}-{next(_serial)}"

    def noisy(self, glyph, p, seed):
        """The page's noisy input for (glyph index, p, seed): (n_pixels,) float64."""
        x = self.X[check_int(glyph, "glyph", minimum=0, maximum=len(self.X) - 1)]
        flips = mulberry32(seed, x.size) < check_number(p, "p", 0.0, 1.0)
        return np.where(flips, 1.0 - x, x)

    def denoise(self, X_noisy):
        """The denoiser's output: (n, n_pixels) -> (n, n_pixels), numpy's forward pass."""
        return nn.forward(self.params, nn.check_matrix(X_noisy, "X_noisy", self.X.shape[1]),
                          self.activations)

    def frame(self, glyph, p, seed):
        """What the page shows for one choice: a dict of (n_pixels,) arrays and the counts."""
        clean, noisy = self.X[glyph], self.noisy(glyph, p, seed)
        output = self.denoise(noisy[None, :])[0]
        ink = (output + 1.0) / 2.0 if self.activations[-1] == "tanh" else output
        ink = np.clip(ink, 0.0, 1.0)
        on = (ink > 0.5).astype(float)
        wrong = on != (clean > 0.5)
        return {"clean": clean, "noisy": noisy, "output": output, "ink": ink, "on": on,
                "flipped": noisy != clean, "wrong": wrong,
                "n_flipped": int((noisy != clean).sum()), "n_wrong": int(wrong.sum())}

    def _payload(self):
        layers = [{"n_in": W.shape[0], "n_out": W.shape[1], "W": W.ravel().tolist(),
                   "b": b.tolist(), "activation": name}
                  for (W, b), name in zip(self.params, self.activations)]
        # json writes each float64 as its repr: the page gets exactly these weights.
        data = {"width": self.width, "height": self.height, "layers": layers,
                "glyphs": self.X.tolist(), "max_wrong": _MAX_WRONG, "n_draws": self.n_draws,
                "labels": self.labels}
        return json.dumps(data, separators=(",", ":")).replace("</", "<\\/")

    def _panel(self, kind, title, fills, marks, alt):
        c, w = _CELL, self.width
        parts = []
        for k, fill in enumerate(fills):
            x, y = (k % w) * c, (k // w) * c
            parts.append(f'<rect data-pixel="{k}" x="{x}" y="{y}" width="{c}" height="{c}" '
                         f'fill="{fill}" stroke="#ccc" stroke-width="0.5"/>')
            shown = "visible" if marks is not None and marks[k] else "hidden"
            if kind == "noisy":  # a flipped pixel: an orange dot
                parts.append(f'<circle data-mark="{k}" cx="{x + c / 2}" cy="{y + c / 2}" r="3.5" '
                             f'fill="#ff7f0e" stroke="#fff" visibility="{shown}"/>')
            elif kind == "wrong":  # a wrong pixel: a red cross
                parts.append(f'<path data-mark="{k}" d="M{x + 3} {y + 3}L{x + c - 3} {y + c - 3}'
                             f'M{x + c - 3} {y + 3}L{x + 3} {y + c - 3}" stroke="#d62728" '
                             f'stroke-width="3" visibility="{shown}"/>')
        W, H = w * c, self.height * c
        return (f'<figure style="margin:0;text-align:center"><svg class="tplib-{kind}" '
                f'viewBox="0 0 {W} {H}" width="{W}" height="{H}" shape-rendering="crispEdges" '
                f'role="img" aria-label="{html.escape(alt)}">{"".join(parts)}</svg>'
                f'<figcaption style="font-size:11px;max-width:{W + 20}px">{title}</figcaption>'
                '</figure>')

    def _alts(self, frame, glyph):
        """What each panel shows, in words: the alt texts of the still and the panels' names."""
        n, flips, wrong = len(frame["clean"]), frame["n_flipped"], frame["n_wrong"]
        return [f"clean glyph {self.labels[glyph]}",
                f"noisy input: {flips} of {n} pixels flipped, dotted",
                f"the denoiser's output for glyph {self.labels[glyph]}",
                f"output > 0.5: {wrong} wrong pixel{'' if wrong == 1 else 's'}, crossed"]

    def _readout(self, frame, seed):
        verdict = "a success" if frame["n_wrong"] <= _MAX_WRONG else "a failure"
        return (f"noise drawn in your browser, seed {seed}: {frame['n_flipped']} of "
                f"{len(frame['clean'])} pixels flipped \u00b7 after the denoiser: "
                f"{frame['n_wrong']} wrong \u00b7 {verdict} (at most {_MAX_WRONG} wrong)")

    def _controls(self, glyph, p, seed, n_pixels):
        """The glyph menu, the p slider, the seed field and the new-draw button, each named by
        its visible label (<label for>); the value shown beside the slider is outside it."""
        options = "".join(f'<option value="{k}"{" selected" if k == glyph else ""}>'
                          f'{html.escape(name)}</option>' for k, name in enumerate(self.labels))
        i, span = self.element_id, ('<span style="font-size:12px;display:flex;gap:4px;'
                                    'align-items:center">')
        return (
            '<div style="display:flex;flex-wrap:wrap;gap:14px;align-items:center;margin-bottom:8px">'
            f'{span}<label for="{i}-glyph">glyph</label><select id="{i}-glyph" '
            f'class="tplib-glyph-choice">{options}</select></span>'
            f'{span}<label for="{i}-p">noise level p</label><input id="{i}-p" type="range" '
            f'class="tplib-p" min="0" max="{self.p_max!r}" step="0.01" value="{p!r}" '
            f'aria-valuetext="p = {p:.2f}, {n_pixels * round(p * 100) / 100:g} flips expected" '
            f'style="width:100px"><output class="tplib-p-value" for="{i}-p">{p:.2f}</output></span>'
            f'{span}<label for="{i}-seed">noise draw</label><input id="{i}-seed" type="number" '
            f'class="tplib-seed" min="0" max="{self.n_draws - 1}" step="1" value="{seed}" '
            'style="width:52px"></span><button type="button" class="tplib-redraw" '
            'style="font-size:12px">new draw</button></div>')

    def to_html(self):
        """The explorer as one self-contained HTML fragment (markup, JSON weights, scripts)."""
        i, (glyph, p, seed) = self.element_id, self.start
        f = self.frame(glyph, p, seed)
        black = ["rgb(0,0,0)" if v > 0.5 else "rgb(255,255,255)" for v in f["clean"]]
        alts = self._alts(f, glyph)
        panels = [self._panel(kind, title, fills, marks, alt) for (kind, title), fills, marks, alt
                  in zip(_PANELS, [black, [gray(v) for v in f["noisy"]], [gray(v) for v in f["ink"]],
                                   [gray(v) for v in f["on"]]],
                         [None, f["flipped"], None, f["wrong"]], alts)]
        # The still: each panel's SVG as a picture, in its figure with its caption.
        pictures = []
        for panel, alt in zip(panels, alts):
            svg = panel[panel.index("<svg"):panel.index("</svg>") + len("</svg>")]
            # A picture has no use for the marks it hides or the page's data-pixel handles.
            bare = re.sub(r'<[^<]*visibility="hidden"/>| data-(pixel|mark)="\d+"', "", svg)
            pictures.append(panel.replace(svg, svg_image(bare, alt[0].upper() + alt[1:] + ".")))
        text = f"glyph {self.labels[glyph]}, noise level p = {p:.2f}\n{self._readout(f, seed)}"
        return (
            f'{still(i, pictures, text)}'
            f'<div id="{i}" class="tplib-denoiser mathjax_ignore tex2jax_ignore" '
            'style="display:none;padding:8px;background:#fff;color:#222;font-family:sans-serif;'
            'border:1px solid #ddd;border-radius:4px;max-width:560px;margin:0 0 8px">'
            f'{self._controls(glyph, p, seed, len(f["clean"]))}'
            f'<div style="display:flex;flex-wrap:wrap;gap:12px">{"".join(panels)}</div>'
            '<output class="tplib-readout" aria-live="polite" style="display:block;'
            f'font-size:12px;margin-top:6px">{html.escape(self._readout(f, seed))}</output>'
            '</div>'
            f'<script type="application/json" id="{i}-data">{self._json}</script>'
            f'<script>{read_script("page.js")}</script><script>{read_script("dense.js")}</script>'
            f'<script data-for="{i}">{read_script("denoising_explorer.js")}</script>'
        )

    _repr_html_ = to_html

    def __repr__(self):
        sizes = "-".join(str(n) for n in [self.X.shape[1]] + [W.shape[1] for W, _ in self.params])
        return f"DenoisingExplorer(network {sizes}, {len(self.X)} glyphs, p up to {self.p_max})"


def denoising_explorer(model, X, labels, p_max=0.3, p=0.1, glyph=0, seed=0, n_draws=100,
                       width=GLYPH_SHAPE[1], height=GLYPH_SHAPE[0]):
    """A kernel-free denoising explorer, shown as HTML in Jupyter and the book.

    ``model``: a trained denoiser (a tplib ``Autoencoder``: ``params``, ``activations``) mapping
    (n, width * height) -> (n, width * height); ``X``: (n, width * height) clean glyphs in
    [0, 1]; ``labels``: n names. The reader picks a glyph, p in [0, ``p_max``] and a noise draw
    (seed 0 .. ``n_draws`` - 1); ``glyph`` (an index), ``p`` and ``seed`` are the first shown.
    """
    return DenoisingExplorer(model, X, labels, p_max=p_max, p=p, glyph=glyph, seed=seed,
                             n_draws=n_draws, width=width, height=height)
