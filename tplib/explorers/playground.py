"""A playground that trains the font autoencoder in the page, with no kernel.

``playground(X, labels)`` returns an object that Jupyter and the static site both show as HTML:
controls for the hidden sizes, the hidden and code activations, the loss, the optimizer and its
learning rate and the seed, a Train/Pause and a Reset button, and, live while it trains, the
loss curve, the wrong pixels (worst glyph and all glyphs), the reconstructions and the 2-D codes
of every glyph. The network (``playground.js`` beside this file) is a small hand-written dense
module over Float64Arrays: a 35-25-2-25-35 network is a few 32-row matrix products, so a library
(TensorFlow.js is megabytes, and float32 on the GPU) would add weight and lose the exactness the
tests check -- the gradient equals ``tplib.nn.loss_and_grad``'s to 1e-9 and Adam and momentum
are ``tplib.optimizers``' to the operation. Initial weights are drawn in the page by a port of
numpy's ``default_rng`` (SeedSequence + PCG64), so for every seed and size the page starts
exactly where ``tplib.nn.init_params(sizes, np.random.default_rng(seed))`` starts, and no
weights travel in the page. The module is kept as inert text and run only when the playground
comes near the screen (IntersectionObserver), so a page that holds it stays fast. Until a
script runs, a still (``_still.py``) shows the untrained network's codes and reconstructions.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json

import numpy as np

from .. import nn
from ..checks import check_choice, check_glyphs, check_int, check_number, check_seed
from ._scripts import read_script
from ._still import png_image, still, svg_image

__all__ = ["Playground", "playground", "LEARNING_RATES"]

_serial = itertools.count(1)
LEARNING_RATES = (0.001, 0.003, 0.005, 0.01, 0.03, 0.1)
_HIDDEN_MAX = (40, 25)  # the sliders' ranges: first hidden layer 1..40, second 0 (none)..25
_OPTIMIZERS = {"adam": "Adam", "momentum": "momentum (\u03b1 = 0.8)"}
_LOSSES = {"bce": "cross-entropy (bce)", "sse": "squared error (sse)"}

# The loader, the one script that runs when the page loads: it keeps playground.js (inert text
# in the element "ID-code") unparsed until the playground comes within 400 px of the screen,
# then runs it once per page and mounts this playground. It finds its elements next to its own
# script first (JupyterLab runs it before the output is attached to the document).
_LOADER = r"""(function () {
  var me = document.currentScript, scope = (me && me.parentNode) || document;
  function find(id) { return scope.querySelector('[id="' + id + '"]') || document.getElementById(id); }
  var id = me && me.getAttribute("data-for"), el = id && find(id);
  if (!el || el.tplibLoader) { return; }
  el.tplibLoader = true;
  window.tplibPage.reveal(el, find(id + "-still"), "flex");  // page.js, run just before
  var code = find(id + "-code").textContent, data = JSON.parse(find(id + "-data").textContent);
  function start() {
    if (!window.tplibPlayground) { (new Function(code))(); }
    window.tplibPlayground.mount(el, data);
  }
  if (!("IntersectionObserver" in window)) { start(); return; }
  var seen = new IntersectionObserver(function (entries) {
    if (entries.some(function (e) { return e.isIntersecting; })) { seen.disconnect(); start(); }
  }, { rootMargin: "400px" });
  seen.observe(el);
})();"""


def _label(text, control, uid, role):
    """A row: ``text`` labelling (for=) the control whose data-role is ``role``."""
    return (f'<div style="display:flex;justify-content:space-between;gap:8px;'
            f'align-items:center"><label for="{uid}-set-{role}">{text}</label> {control}</div>')


def _select(role, options, value, uid):
    items = "".join(f'<option value="{html.escape(str(k))}"{" selected" if k == value else ""}>'
                    f'{html.escape(str(v))}</option>' for k, v in options.items())
    return f'<select id="{uid}-set-{role}" data-role="{role}">{items}</select>'


class Playground:
    """The playground's settings and its HTML; see ``playground`` for the arguments."""

    def __init__(self, X, labels, hidden=(25,), activation="sigmoid",
                 latent_activation="linear", loss="bce", optimizer="adam", lr=0.01, seed=0):
        self.X = check_glyphs(X, "X")
        if isinstance(labels, (str, bytes)) or not hasattr(labels, "__len__"):
            raise TypeError(f"labels must be a list of names, one per glyph, got {labels!r}")
        self.labels = [str(label) for label in labels]
        if len(self.labels) != len(self.X):
            raise ValueError(f"labels must name every glyph: {len(self.X)} glyphs, "
                             f"{len(self.labels)} labels")
        if isinstance(hidden, (int, np.integer)):
            hidden = (hidden,)
        if isinstance(hidden, (str, bytes)) or not hasattr(hidden, "__len__") or not (
                1 <= len(hidden) <= 2):
            raise ValueError(f"hidden must list one or two hidden widths (the encoder's; the "
                             f"decoder mirrors them), got {hidden!r}")
        self.hidden = tuple(check_int(h, f"hidden[{i}]", minimum=1,
                                      maximum=_HIDDEN_MAX[i]) for i, h in enumerate(hidden))
        self.activation = check_choice(activation, "activation", ("sigmoid", "tanh", "relu"))
        self.latent_activation = nn.check_activation(latent_activation, "latent_activation")
        self.loss = check_choice(loss, "loss", tuple(_LOSSES))
        self.optimizer = check_choice(optimizer, "optimizer", tuple(_OPTIMIZERS))
        self.lr = check_number(lr, "lr", minimum=0.0, strict=True)
        self.seed = check_int(check_seed(seed), "seed", maximum=2**53 - 1)
        self.element_id = (f"tplib-playground-{hashlib.sha1(self._payload().encode()).hexdigest()[:8]}"
                           f"-{next(_serial)}")

    @property
    def layer_sizes(self):
        """[n_pixels, *hidden, 2, *reversed(hidden), n_pixels], e.g. [35, 25, 2, 25, 35]."""
        p = self.X.shape[1]
        return [p, *self.hidden, 2, *reversed(self.hidden), p]

    @property
    def activations(self):
        """One name per layer: hidden ``activation``, the code ``latent_activation``, sigmoid out."""
        code = len(self.hidden)
        return [self.latent_activation if i == code else self.activation
                for i in range(2 * len(self.hidden) + 1)] + ["sigmoid"]

    def initial_params(self):
        """The weights the page starts from: ``nn.init_params(layer_sizes, default_rng(seed))``."""
        return nn.init_params(self.layer_sizes, np.random.default_rng(self.seed))

    def _payload(self):
        data = {"X": self.X.tolist(), "labels": self.labels}
        return json.dumps(data, separators=(",", ":")).replace("</", "<\\/")

    def _controls(self):
        rates = sorted(set(LEARNING_RATES) | {self.lr})
        h2 = self.hidden[1] if len(self.hidden) > 1 else 0
        uid = self.element_id
        rng_input = ('<input type="range" id="{uid}-set-{role}" data-role="{role}" min="{lo}" '
                     'max="{hi}" step="1" value="{v}" aria-valuetext="{said}" style="width:110px">'
                     '<span data-role="{role}-shown" style="min-width:2em">{v}</span>')
        rows = [
            ("first hidden layer", "hidden1", rng_input.format(
                uid=uid, role="hidden1", lo=1, hi=_HIDDEN_MAX[0], v=self.hidden[0],
                said=f"{self.hidden[0]} units")),
            ("second hidden layer (0: none)", "hidden2", rng_input.format(
                uid=uid, role="hidden2", lo=0, hi=_HIDDEN_MAX[1], v=h2,
                said=f"{h2} units" if h2 else "none")),
            ("hidden activation", "hidden", _select("hidden", {a: a for a in (
                "sigmoid", "tanh", "relu")}, self.activation, uid)),
            ("code activation", "code", _select("code", {a: a for a in nn.ACTIVATIONS},
                                                self.latent_activation, uid)),
            ("loss", "loss", _select("loss", _LOSSES, self.loss, uid)),
            ("optimizer", "optimizer", _select("optimizer", _OPTIMIZERS, self.optimizer, uid)),
            ("learning rate", "lr", _select("lr", {r: f"{r:g}" for r in rates}, self.lr, uid)),
            ("seed", "seed", f'<input type="number" id="{uid}-set-seed" data-role="seed" min="0" '
                             f'step="1" value="{self.seed}" style="width:5em">'),
        ]
        return ('<div style="display:flex;flex-direction:column;gap:6px;font-size:12px;'
                'min-width:min(250px,100%)">'
                + "".join(_label(text, control, uid, role) for text, role, control in rows)
                + '<div style="display:flex;gap:8px"><button type="button" data-role="train">'
                'Train</button><button type="button" data-role="reset">Reset</button></div></div>')

    def _still(self):
        """The untrained network as the page first draws it: its codes and reconstructions."""
        outputs = nn.forward_all(self.initial_params(), self.X, self.activations)
        Z, out = outputs[len(self.hidden) + 1], outputs[-1]
        lo, span = Z.min(axis=0), np.maximum(np.ptp(Z, axis=0), 1e-9)
        x = 20 + (Z[:, 0] - lo[0]) / span[0] * 220
        y = 240 - (Z[:, 1] - lo[1]) / span[1] * 220
        dots = "".join(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3" fill="#1f77b4"/><text '
                       f'x="{a + 4:.1f}" y="{b - 3:.1f}" font-size="11" fill="#1f4e79">'
                       f'{html.escape(label)}</text>' for a, b, label in zip(x, y, self.labels))
        plane = ('<svg viewBox="0 0 260 260" width="260" height="260"><rect width="260" '
                 f'height="260" fill="#f7f7f7" stroke="#999"/>{dots}</svg>')
        # The page's canvas: 16 glyphs a row, each pixel 4 x 4, 4 pixels between glyphs.
        recon = np.full((-(-len(out) // 16) * 32, 384), 255, np.uint8)
        levels = np.floor(255 * (1 - np.clip(out, 0, 1)) + 0.5).astype(np.uint8)
        for g, glyph in enumerate(levels.reshape(len(out), -1, 5)):
            r, c = divmod(g, 16)
            recon[r * 32:r * 32 + 4 * len(glyph), c * 24:c * 24 + 20] = np.kron(
                glyph, np.ones((4, 4), np.uint8))
        wrong = ((out > 0.5) != (self.X > 0.5)).sum(axis=1)
        sizes = "-".join(map(str, self.layer_sizes))
        text = (f"network {sizes}, before training (seed {self.seed}): {wrong.sum()} wrong "
                f"pixels, at most {wrong.max()} in one glyph")
        return [svg_image(plane, f"The 2-D codes of the {len(out)} glyphs before training, "
                          "as labelled dots."),
                png_image(recon, f"The {len(out)} glyphs the untrained network reconstructs.")], text

    def _readouts(self):
        def item(text, role, start="\u2013"):
            return f'<div>{text}: <output data-role="{role}">{start}</output></div>'
        return ('<div style="font-size:12px;display:grid;grid-template-columns:1fr 1fr;gap:2px 12px">'
                + item("network", "sizes", "-".join(map(str, self.layer_sizes)))
                + item("status", "status", "starts when scrolled into view")
                + item("epoch", "epoch") + item("loss", "loss-value")
                + item("wrong pixels, worst glyph", "worst")
                + item("wrong pixels, all glyphs", "total") + '</div>')

    def to_html(self):
        """The playground as one self-contained HTML fragment (markup, JSON glyphs, scripts)."""
        i = self.element_id
        curve = ('<svg data-role="curve" viewBox="-4 -12 344 170" width="344" height="170" '
                 'role="img" aria-label="loss curve (log scale)">'
                 '<rect x="0" y="0" width="300" height="140" fill="#f7f7f7" stroke="#999"/>'
                 '<polyline data-role="curve-line" fill="none" stroke="#d62728" '
                 'stroke-width="1.5" points=""/>'
                 '<text data-role="curve-top" x="304" y="8" font-size="10"></text>'
                 '<text data-role="curve-bottom" x="304" y="140" font-size="10"></text>'
                 '<text data-role="curve-epochs" x="300" y="154" font-size="10" '
                 'text-anchor="end"></text><text x="0" y="154" font-size="10">'
                 'loss (log scale) by epoch</text></svg>')
        plane = ('<svg data-role="plane" viewBox="0 0 260 260" width="260" height="260" '
                 'role="img" aria-label="the 2-D codes of the glyphs">'
                 '<rect x="0" y="0" width="260" height="260" fill="#f7f7f7" stroke="#999"/></svg>'
                 '<div style="font-size:11px">codes (axes rescale as they move): '
                 '<span data-role="range"></span></div>')
        recon = ('<div style="font-size:11px">reconstructions</div><canvas data-role="recon" '
                 'width="384" height="64" role="img" aria-label="reconstructed glyphs"></canvas>')
        pictures, text = self._still()
        return (
            f'{still(i, pictures, text)}'
            f'<div id="{i}" class="tplib-playground mathjax_ignore tex2jax_ignore" '
            'style="display:none;flex-wrap:wrap;gap:14px;align-items:flex-start;padding:8px;'
            'background:#fff;color:#222;font-family:sans-serif;border:1px solid #ddd;'
            'border-radius:4px;max-width:760px;margin:0 0 8px">'
            f'{self._controls()}<div>{self._readouts()}{curve}</div>'
            f'<div>{plane}</div><div>{recon}</div></div>'
            f'<script type="application/json" id="{i}-data">{self._payload()}</script>'
            f'<script type="text/plain" id="{i}-code">{read_script("playground.js")}</script>'
            f'<script>{read_script("page.js")}</script><script data-for="{i}">{_LOADER}</script>'
        )

    _repr_html_ = to_html

    def __repr__(self):
        sizes = "-".join(map(str, self.layer_sizes))
        return (f"Playground({sizes}, {self.activation}/{self.latent_activation} code, "
                f"{self.loss}, {self.optimizer} lr={self.lr:g}, seed={self.seed})")


def playground(X, labels, hidden=(25,), activation="sigmoid", latent_activation="linear",
               loss="bce", optimizer="adam", lr=0.01, seed=0):
    """A kernel-free playground that trains an autoencoder on the glyphs X in the page.

    ``X``: (n_glyphs, n_pixels) values in [0, 1]; ``labels``: one name per glyph, drawn beside
    its code. The other arguments are the controls' starting values: ``hidden``, the encoder's
    one or two hidden widths (the decoder mirrors them around a 2-unit code); ``activation``
    of the hidden layers and ``latent_activation`` of the code (the output is a sigmoid);
    ``loss`` "bce" or "sse"; ``optimizer`` "adam" or "momentum" (alpha 0.8) with rate ``lr``;
    ``seed`` of the initial weights (the same as ``tplib.nn.init_params`` draws). Training runs
    full batch and stops when every glyph is exact, as ``target_pixel_errors=0`` does.
    """
    return Playground(X, labels, hidden=hidden, activation=activation,
                      latent_activation=latent_activation, loss=loss, optimizer=optimizer,
                      lr=lr, seed=seed)
