"""tplib.explorers.denoising_explorer: checks, the HTML, and the page against numpy.

The shared forward pass (dense.js) runs under node (/usr/bin/node, or $TP5_NODE); the page runs
in headless Chromium (tests/site_browser.py). Without them those tests are skipped (in CI,
failed).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from missing import skip_or_fail
from tplib import nn
from tplib.autoencoder import Autoencoder
from tplib.datasets import load_font
from tplib.explorers import DenoisingExplorer, denoising_explorer
from tplib.explorers.denoising_explorer import mulberry32

DENSE = Path(__file__).resolve().parents[1] / "tplib" / "explorers" / "dense.js"
NODE = os.environ.get("TP5_NODE", "/usr/bin/node")
X, LABELS = load_font(2)


def _model(seed=1, sizes=(35, 12, 8, 12, 35)):
    """An untrained network with random biases: outputs on both sides of 0.5."""
    model = Autoencoder(list(sizes), latent_activation="linear", seed=seed)
    rng = np.random.default_rng(seed)
    model.params = [(W * 3, rng.normal(0, 1, b.shape)) for W, b in model.params]
    return model


def _payload(explorer):
    match = re.search(r'<script type="application/json" id="([^"]+)-data">(.*?)</script>',
                      explorer._repr_html_())
    assert match and match.group(1) == explorer.element_id
    return json.loads(match.group(2))


# ---- Python side -------------------------------------------------------------------------

def test_mulberry32_known_values():
    # The first draws of seed 0, as the page's JavaScript gives them (node, Chromium).
    np.testing.assert_array_equal(mulberry32(0, 3), [0.26642920868471265, 0.0003297457005828619,
                                                     0.2232720274478197])
    assert mulberry32(5, 0).shape == (0,) and np.all((mulberry32(9, 1000) >= 0)
                                                     & (mulberry32(9, 1000) < 1))


def test_noise_flips_the_pixels_whose_draw_is_below_p():
    explorer = denoising_explorer(_model(), X, LABELS)
    u = mulberry32(4, 35)
    for p in (0.0, 0.05, 0.3, 1.0):
        noisy = explorer.noisy(3, p, 4)
        np.testing.assert_array_equal(noisy != X[3], u < p)
        np.testing.assert_array_equal(noisy[u < p], 1 - X[3][u < p])
    # The same draw at a larger p flips the same pixels and more.
    assert np.all((explorer.noisy(3, 0.3, 4) != X[3]) >= (explorer.noisy(3, 0.1, 4) != X[3]))


def test_the_page_carries_the_weights_exactly():
    model = _model()
    payload = _payload(denoising_explorer(model, X, LABELS))
    for layer, (W, b), name in zip(payload["layers"], model.params, model.activations):
        assert layer["activation"] == name and (layer["n_in"], layer["n_out"]) == W.shape
        assert np.array_equal(np.reshape(layer["W"], W.shape), W)  # bit for bit
        assert np.array_equal(layer["b"], b)
    assert np.array_equal(payload["glyphs"], X) and payload["max_wrong"] == 1


def test_first_frame_is_drawn_in_the_html():
    explorer = denoising_explorer(_model(), X, LABELS, glyph=5, p=0.2, seed=7)
    page = explorer._repr_html_()
    frame = explorer.frame(5, 0.2, 7)
    fills = {kind: [int(v) for v in re.findall(r'data-pixel="\d+"[^>]*fill="rgb\((\d+),',
                                                    re.search(f'class="tplib-{kind}".*?</svg>',
                                                              page).group(0))]
             for kind in ("clean", "noisy", "output", "wrong")}
    for kind, values in (("clean", frame["clean"]), ("noisy", frame["noisy"]),
                         ("output", frame["ink"]), ("wrong", frame["on"])):
        np.testing.assert_allclose(fills[kind], 255 * (1 - values), atol=0.51)
    for kind, marks in (("noisy", frame["flipped"]), ("wrong", frame["wrong"])):
        shown = re.findall(r'data-mark="\d+"[^>]*visibility="(\w+)"',
                           re.search(f'class="tplib-{kind}".*?</svg>', page).group(0))
        assert shown == ["visible" if m else "hidden" for m in marks]
    assert frame["n_flipped"] == int((frame["noisy"] != frame["clean"]).sum()) > 0
    assert f"seed 7: {frame['n_flipped']} of 35 pixels flipped" in page
    assert '<option value="5" selected>' in page and 'shape-rendering="crispEdges"' in page
    assert 'aria-valuetext="p = 0.20, 7 flips expected"' in page


def test_ids_are_unique_and_labels_are_text():
    model = _model()
    first, second = (denoising_explorer(model, X, ["</script>"] + LABELS[1:]) for _ in range(2))
    assert first.element_id != second.element_id
    page = first._repr_html_()
    assert re.findall(r' id="([^"]+)"', page) == [first.element_id + suffix for suffix in (
        "-still", "", "-glyph", "-p", "-seed", "-data")]
    assert "&lt;/script&gt;</option>" in page and _payload(first)  # the JSON still parses
    assert repr(first) == "DenoisingExplorer(network 35-12-8-12-35, 32 glyphs, p up to 0.3)"


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(model=None), TypeError, "model must be a tplib Autoencoder"),
    (dict(model=_model(sizes=(30, 8, 35))), ValueError, r"params\[0\] must be W \(35, n_out\)"),
    (dict(model=_model(sizes=(35, 8, 30))), ValueError, "outputs 30 values"),
    (dict(X=X * 255), ValueError, "X must be glyphs"),
    (dict(X=X[:, :30]), ValueError, "35 pixels"),
    (dict(labels="ABC"), TypeError, "labels must be a list"),
    (dict(labels=LABELS[:5]), ValueError, "32 glyphs, 5 labels"),
    (dict(p_max=0), ValueError, "p_max must be at least 0.01"),
    (dict(p_max=1.5), ValueError, "p_max must be in"),
    (dict(p_max="0.3"), TypeError, "p_max must be a number"),
    (dict(p=0.5), ValueError, "p must be in"),
    (dict(glyph=32), ValueError, "glyph must be at most 31"),
    (dict(glyph="C"), TypeError, "glyph must be a whole number"),
    (dict(seed=-1), ValueError, "seed must be at least 0"),
    (dict(seed=100), ValueError, "seed must be at most 99"),
    (dict(n_draws=0), ValueError, "n_draws must be at least 1"),
    (dict(width=4), ValueError, "35 pixels|28 pixels"),
])
def test_bad_input_is_refused_by_name(kwargs, error, message):
    arguments = dict(model=_model(), X=X, labels=LABELS)
    arguments.update(kwargs)
    with pytest.raises(error, match=message):
        DenoisingExplorer(**arguments)


def test_bad_weights_are_refused():
    model = _model()
    model.params[1] = (model.params[1][0] * np.nan, model.params[1][1])
    with pytest.raises(ValueError, match=r"params\[1\] contains NaN"):
        denoising_explorer(model, X, LABELS)


# ---- dense.js under node -----------------------------------------------------------------

@pytest.mark.parametrize("activations", [["sigmoid", "linear", "tanh", "sigmoid"],
                                         ["relu", "tanh", "linear", "tanh"]])
def test_dense_js_is_numpy_forward_pass(tmp_path, activations):
    if not shutil.which(NODE):
        skip_or_fail(f"no node at {NODE} (apt-get install nodejs, or set TP5_NODE)")
    model = _model()
    layers = _payload(denoising_explorer(model, X, LABELS))["layers"]
    for layer, name in zip(layers, activations):
        layer["activation"] = name
    job = tmp_path / "job.json"
    job.write_text(json.dumps({"layers": layers, "X": X[:8].tolist()}))
    script = ("const d = require(process.argv[1]), j = require(process.argv[2]);"
              "process.stdout.write(JSON.stringify(j.X.map((x) => d.forward(j.layers, x))));")
    done = subprocess.run([NODE, "-e", script, str(DENSE), str(job)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    expected = nn.forward(model.params, X[:8], activations)
    np.testing.assert_allclose(json.loads(done.stdout), expected, rtol=1e-12, atol=1e-14)


# ---- the page in headless Chromium -------------------------------------------------------

_SHOWN_JS = """(id) => { const el = document.getElementById(id), out = {};
  for (const kind of ['clean', 'noisy', 'output', 'wrong']) {
    const svg = el.querySelector('.tplib-' + kind);
    out[kind] = [...svg.querySelectorAll('[data-pixel]')].map((c) => c.getAttribute('fill'));
    out[kind + '_marks'] = [...svg.querySelectorAll('[data-mark]')]
        .map((m) => m.getAttribute('visibility'));
  }
  out.readout = el.querySelector('.tplib-readout').textContent;
  out.p = el.querySelector('.tplib-p-value').textContent;
  out.p_text = el.querySelector('.tplib-p').getAttribute('aria-valuetext');
  return out; }"""


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory):
    from site_browser import chromium, missing_browser

    reason = missing_browser()
    if reason:
        skip_or_fail(reason)
    # Two explorers on one page: dense.js comes twice, each explorer keeps to itself.
    explorers = [denoising_explorer(_model(1), X, LABELS, glyph=2, seed=5),
                 denoising_explorer(_model(2, (35, 20, 4, 20, 35)), X, LABELS, p_max=0.5)]
    path = tmp_path_factory.mktemp("denoiser") / "denoiser.html"
    path.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
                    + "".join(e._repr_html_() for e in explorers) + "</body></html>",
                    encoding="utf-8")
    with chromium() as context:
        tab = context.new_page()
        errors = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.on("console", lambda m: m.type == "error" and errors.append(m.text))

        def load():
            tab.goto(path.as_uri())
            for e in explorers:
                tab.wait_for_selector(f'[id="{e.element_id}"][data-ready="true"]', timeout=10000)
        load()
        yield tab, explorers, load
        assert not errors, errors
        tab.close()


def _shown(tab, explorer):
    return tab.evaluate(_SHOWN_JS, explorer.element_id)


def _expected(explorer, glyph, p, seed):
    """What the page should draw for one choice, from numpy."""
    f = explorer.frame(glyph, p, seed)
    gray = [f"rgb({v},{v},{v})" for v in np.floor(255 * (1 - f["ink"]) + 0.5).astype(int)]
    marks = lambda m: ["visible" if v else "hidden" for v in m]  # noqa: E731
    return {"clean": ["rgb(0,0,0)" if v > 0.5 else "rgb(255,255,255)" for v in f["clean"]],
            "noisy": [f"rgb({int(255 * (1 - v))},{int(255 * (1 - v))},{int(255 * (1 - v))})"
                      for v in f["noisy"]], "output": gray, "noisy_marks": marks(f["flipped"]),
            "wrong_marks": marks(f["wrong"]), "readout": explorer._readout(f, seed)}


def test_the_script_keeps_the_first_frame_python_drew(browser_page):
    tab, explorers, _ = browser_page
    for e in explorers:
        shown, html = _shown(tab, e), e._repr_html_()
        for kind in ("clean", "noisy", "output", "wrong"):
            svg = re.search(f'class="tplib-{kind}".*?</svg>', html).group(0)
            assert shown[kind] == re.findall(r'data-pixel="\d+"[^>]*fill="([^"]+)"', svg)
        assert shown | _expected(e, *e.start) == shown
        assert shown["readout"].startswith(f"noise drawn in your browser, seed {e.start[2]}:")


def test_page_noise_and_output_equal_numpy(browser_page):
    tab, explorers, _ = browser_page
    e = explorers[0]
    seeds = np.arange(100)
    js = tab.evaluate("([id, seeds]) => seeds.map((s) => "
                      "document.getElementById(id).tplibDenoiser.noise(s, 35))",
                      [e.element_id, seeds.tolist()])
    assert np.array_equal(js, [mulberry32(int(s), 35) for s in seeds])  # bit for bit
    worst = 0.0
    for glyph, p, seed in [(0, 0.0, 0), (2, 0.1, 5), (17, 0.3, 99), (31, 0.17, 42), (9, 0.05, 1)]:
        state = tab.evaluate("""([id, g, p, s]) => { const el = document.getElementById(id);
            const set = (sel, v, ev) => { const c = el.querySelector(sel); c.value = v;
                                          c.dispatchEvent(new Event(ev)); };
            set('.tplib-glyph-choice', g, 'change'); set('.tplib-p', p, 'input');
            set('.tplib-seed', s, 'change');
            return el.tplibDenoiser.last; }""", [e.element_id, glyph, p, seed])
        assert (state["glyph"], state["p"], state["seed"]) == (glyph, p, seed)
        noisy = e.noisy(glyph, p, seed)
        assert np.array_equal(state["noisy"], noisy)
        expected = e.denoise(noisy[None, :])[0]
        worst = max(worst, float(np.max(np.abs(np.subtract(state["output"], expected)))))
        shown = _shown(tab, e)
        assert shown | _expected(e, glyph, p, seed) == shown
    assert worst <= 1e-6, worst  # measured: about 1e-16
    print(f"largest difference between the page's output and numpy's: {worst:.2g}")


def _root(tab, explorer):
    return tab.locator(f'[id="{explorer.element_id}"]')


@pytest.mark.parametrize("control", ["glyph", "p keys", "seed keys", "seed typed", "new draw",
                                     "new draw keys"])
def test_every_control_changes_what_the_page_shows(browser_page, control):
    tab, explorers, load = browser_page
    load()
    e, other = explorers
    root = _root(tab, e)
    before, other_before = _shown(tab, e), _shown(tab, other)
    glyph, p, seed = e.start
    if control == "glyph":
        root.get_by_label("glyph", exact=True).select_option(label="G")
        glyph = LABELS.index("G")
    elif control == "p keys":
        root.get_by_label("noise level p").focus()
        tab.keyboard.press("End")
        p = e.p_max
    elif control == "seed keys":
        root.get_by_label("noise draw").focus()
        tab.keyboard.press("ArrowUp")
        seed += 1
    elif control == "seed typed":
        root.get_by_label("noise draw").fill("42")
        seed = 42
    elif control == "new draw":
        root.get_by_role("button", name="new draw").click()
        seed += 1
    else:
        root.get_by_role("button", name="new draw").focus()
        tab.keyboard.press("Enter")
        tab.keyboard.press(" ")
        seed += 2
    after = _shown(tab, e)
    changed = [k for k in after if after[k] != before[k]]
    assert changed, f"{control}: nothing the page shows changed"
    assert after | _expected(e, glyph, p, seed) == after, control
    assert _shown(tab, other) == other_before, f"{control} moved the other explorer"
    if control == "p keys":
        assert after["p"] == f"{e.p_max:.2f}" and after["p_text"] == "p = 0.30, 10.5 flips expected"


def test_the_still_pictures_the_first_frame_the_live_explorer_draws():
    import base64

    explorer = denoising_explorer(_model(), X, LABELS, glyph=5, p=0.2, seed=7)
    page = explorer._repr_html_()
    still, live = page.split(f'<div id="{explorer.element_id}" ')
    pictures = [base64.b64decode(d).decode() for d in
                re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)"', still)]
    panels = re.findall(r'<svg class="tplib-\w+".*?</svg>', live)
    assert len(pictures) == len(panels) == 4
    for picture, panel in zip(pictures, panels):
        fills = re.compile(r'<rect [^>]*fill="(rgb\([^"]+)"')
        assert fills.findall(picture) == fills.findall(panel)
        shown = re.compile(r'<(circle|path) [^>]*visibility="visible"')
        assert len(shown.findall(picture)) == len(shown.findall(panel))
    frame = explorer.frame(5, 0.2, 7)
    assert f'alt="Noisy input: {frame["n_flipped"]} of 35 pixels flipped, dotted."' in still
    assert f'<label for="{explorer.element_id}-seed">noise draw</label>' in live
