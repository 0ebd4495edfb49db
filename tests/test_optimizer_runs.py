"""tplib.explorers.optimizer_runs: its checks, the states it embeds, and the page in Chromium.

The runs are precomputed, so the page must show exactly what numpy made: the best-so-far curve
of each method, the marker at each budget, the grey levels and wrong pixels of each
reconstruction. The browser tests open a standalone page made of the explorer's HTML.
"""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pytest

from missing import skip_or_fail
from tplib.datasets import load_font
from tplib.explorers import OptimizerRuns, optimizer_runs
from tplib.explorers._log_plot import CURVE_TOLERANCE, LogPlot

X, LABELS = load_font(2)
METHODS = ["L-BFGS-B", "Powell", "Adam"]
BUDGETS = [20, 60, 200]
SCALE = 32


def _runs(seed=0):
    """Losses with line-search spikes, one run stopped early (NaN-padded), and outputs."""
    rng = np.random.default_rng(seed)
    decay = np.cumsum(rng.uniform(0, 0.03, size=(3, 200)), axis=1)
    losses = 300 * np.exp(-decay) * (1 + rng.exponential(0.1, size=(3, 200)))
    losses[1, 150:] = np.nan
    outputs = np.clip(X + rng.normal(0, 0.3, size=(3, 3) + X.shape), 0, 1)
    return losses, outputs


def _explorer(**kwargs):
    losses, outputs = _runs()
    args = dict(methods=METHODS, scale=SCALE, labels=LABELS, loss_name="squared error per glyph")
    args.update(kwargs)
    return optimizer_runs(losses, outputs, X, budgets=BUDGETS, **args)


def _payload(markup):
    match = re.search(r'<script type="application/json" id="([^"]+)-data">(.*?)</script>',
                      markup)
    return match.group(1), json.loads(match.group(2))


def _numpy_state(i, k):
    """What numpy says the page shows for method i at budget k."""
    losses, outputs = _runs()
    best = np.fmin.accumulate(losses[i] / SCALE)
    levels = np.floor(255 * (1 - outputs[i, k]) + 0.5).astype(int).ravel()
    wrong = np.flatnonzero((outputs[i, k] > 0.5) != (X > 0.5))
    return best[np.isfinite(best)], best[BUDGETS[k] - 1], levels, wrong


def _points(text):
    return np.array([[float(v) for v in pair.split(",")] for pair in text.split()])


def _check_curve(explorer, points, i):
    """The drawn polyline passes within the stated tolerance of every numpy point."""
    best = _numpy_state(i, 0)[0]
    x, y = explorer.plot.to_plot(np.arange(1, len(best) + 1), best)
    assert points[0, 0] == pytest.approx(x[0], abs=0.051)
    assert points[-1, 0] == pytest.approx(x[-1], abs=0.051)
    drawn = np.interp(x, points[:, 0], points[:, 1])
    assert np.max(np.abs(drawn - y)) <= CURVE_TOLERANCE + 0.11


# ---- arguments ---------------------------------------------------------------------------

def _call(**kwargs):
    losses, outputs = _runs()
    args = dict(losses=losses, outputs=outputs, X=X, methods=METHODS, budgets=BUDGETS)
    args.update(kwargs)
    return OptimizerRuns(**args)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(methods="Adam"), TypeError, "methods must be a list"),
    (dict(methods=[1, 2, 3]), TypeError, "methods must be a list of names"),
    (dict(methods=METHODS[:2]), ValueError, "one row per method"),
    (dict(losses=np.ones(200)), ValueError, r"losses must be \(n_methods, n_evals\)"),
    (dict(losses=np.ones((3, 200)) + 1j), TypeError, "losses must be a real array"),
    (dict(losses="loss"), TypeError, "losses"),
    (dict(losses=-np.ones((3, 200))), ValueError, "positive"),
    (dict(losses=np.r_[np.nan, np.ones(199)] * np.ones((3, 1))), ValueError, "padding"),
    (dict(losses=np.r_[np.ones(10), np.nan, np.ones(189)] * np.ones((3, 1))), ValueError,
     "padding"),
    (dict(losses=np.full((3, 200), np.inf)), ValueError, "finite"),
    (dict(budgets=60), TypeError, "budgets must be a list"),
    (dict(budgets=[]), ValueError, "budgets is empty"),
    (dict(budgets=[20, 60, 201]), ValueError, r"budgets\[2\] must be at most 200"),
    (dict(budgets=[20, 60.0, 200]), TypeError, r"budgets\[1\] must be a whole number"),
    (dict(budgets=[60, 20, 200]), ValueError, "ascending"),
    (dict(budgets=[20, 200]), ValueError, "outputs must be"),
    (dict(outputs=np.zeros((3, 3, 32, 34))), ValueError, "X must have 34 pixels|outputs"),
    (dict(outputs=np.full((3, 3, 32, 35), 2.0)), ValueError, "outputs must hold values <= 1"),
    (dict(X=X[:5]), ValueError, "outputs must be"),
    (dict(X=X * 255), ValueError, "X must be glyphs"),
    (dict(scale=0), ValueError, "scale must be in"),
    (dict(scale="32"), TypeError, "scale must be a number"),
    (dict(labels="ABC"), ValueError, "labels must be a list of 32"),
    (dict(labels=LABELS[:3]), ValueError, "labels must be a list of 32"),
    (dict(loss_name=3), TypeError, "loss_name"),
    (dict(method="SGD"), ValueError, "method must be one of"),
    (dict(budget=50), ValueError, "budget must be one of budgets"),
])
def test_bad_arguments_are_refused_by_name(kwargs, error, match):
    with pytest.raises(error, match=match):
        _call(**kwargs)


# ---- the embedded states and the first frame ---------------------------------------------

def test_the_embedded_states_are_the_ones_numpy_made():
    explorer = _explorer()
    _, data = _payload(explorer._repr_html_())
    assert data["methods"] == METHODS and data["budgets"] == BUDGETS
    assert data["budget_text"] == ["20 evaluations", "60 evaluations", "200 evaluations"]
    for i in range(3):
        for k in range(3):
            _, best, levels, wrong = _numpy_state(i, k)
            assert data["best"][i][k] == best  # exact: JSON carries float64 round trip
            assert list(base64.b64decode(data["levels"][i][k])) == levels.tolist()
            bits = np.unpackbits(np.frombuffer(base64.b64decode(data["wrong"][i][k]), np.uint8))
            assert np.flatnonzero(bits[:X.size]).tolist() == wrong.tolist()
            assert not bits[X.size:].any()
            x, y = explorer.plot.to_plot(BUDGETS[k], best)
            assert data["marker"][i][k] == [round(float(x), 1), round(float(y), 1)]
            per_glyph = np.bincount(wrong // 35, minlength=32)
            assert data["readout"][i][k] == (
                f"{METHODS[i]} after {BUDGETS[k]:,} evaluations: best squared error per glyph "
                f"{best:.3g}; {len(wrong)} wrong pixels, at most {per_glyph.max()} in one glyph")


def test_the_first_frame_is_drawn_in_the_html():
    explorer = _explorer(method="Powell", budget=60)
    markup = explorer._repr_html_()
    _, best, levels, wrong = _numpy_state(1, 1)
    glyphs = markup[markup.index('class="tplib-runs-glyphs"'):]
    cells = re.findall(r'<rect x="[^"]+" y="[^"]+" width="6" height="6" fill="#(..)\1\1"'
                       r'( stroke="#d62728")?', glyphs)
    assert [int(v, 16) for v, _ in cells] == levels.tolist()
    assert [p for p, (_, red) in enumerate(cells) if red] == wrong.tolist()
    faint = re.findall(r'<polyline data-method="(\d)" points="([^"]+)"', markup)
    assert [int(n) for n, _ in faint] == [0, 1, 2]
    for i, (_, points) in enumerate(faint):
        _check_curve(explorer, _points(points), i)
    chosen = re.search(r'class="tplib-runs-curve" points="([^"]+)"', markup).group(1)
    assert chosen == faint[1][1]
    assert 'aria-valuetext="60 evaluations"' in markup and 'value="1"' in markup
    assert '<option value="1" selected>Powell</option>' in markup
    assert re.search(r'class="tplib-runs-readout"[^>]*>Powell after 60 evaluations', markup)


def test_ids_are_unique_and_the_script_is_the_js_file():
    from tplib.explorers._scripts import read_script

    first, second = _explorer(), _explorer()
    assert first.element_id != second.element_id
    markup = first._repr_html_()
    assert f'<script data-for="{first.element_id}">{read_script("optimizer_runs.js")}</script>' \
        in markup
    assert set(re.findall(r' id="([^"]+)"', markup)) == {
        first.element_id + suffix for suffix in ("-still", "", "-method", "-budget", "-data")}
    assert repr(first) == "OptimizerRuns(3 methods, budgets [20, 60, 200], 32 glyphs)"
    labelled = _explorer(labels=["</script>"] * 32, methods=["<b>", "&", "</script>"])
    markup = labelled._repr_html_()
    assert "&lt;/script&gt;" in markup and markup.count("</script>") == 3  # text, not markup
    assert _payload(markup)[1]["methods"] == ["<b>", "&", "</script>"]


@pytest.mark.parametrize("low, high, labels", [
    (0.51, 9.5, ["0.5", "1", "2", "5", "10"]),
    (2.51, 9.5, ["3", "4", "5", "6", "7", "8", "9", "10"]),
    (0.05, 300, ["0.1", "1", "10", "100"]),
    (3.1, 3.3, ["2.96", "3.46"]),  # no round value inside: the two ends
])
def test_the_value_axis_labels_round_values_inside_the_range(low, high, labels):
    plot = LogPlot(100, low, high)
    assert [f"{t:.3g}" for t in plot.ticks()] == labels
    lo, hi = plot.log_range
    assert lo < np.log10(low) and hi > np.log10(high)


# ---- the page in headless Chromium -------------------------------------------------------

@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from site_browser import chromium, missing_browser

    reason = missing_browser()
    if reason:
        skip_or_fail(reason)
    explorer = _explorer()
    path = tmp_path_factory.mktemp("runs") / "runs.html"
    path.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
                    f'{explorer._repr_html_()}</body></html>', encoding="utf-8")
    with chromium() as context:
        tab = context.new_page()
        errors = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(path.as_uri())
        tab.wait_for_selector('.tplib-optimizer-runs[data-ready="true"]', timeout=10000)
        yield tab, explorer
        assert not errors, errors
        tab.close()


_SHOWN_JS = """() => {
  const root = document.querySelector('.tplib-optimizer-runs');
  const q = (s) => root.querySelector(s);
  return {
    curve: q('.tplib-runs-curve').getAttribute('points'),
    marker: [+q('.tplib-runs-marker').getAttribute('cx'), +q('.tplib-runs-marker').getAttribute('cy')],
    line: +q('.tplib-runs-budget-line').getAttribute('x1'),
    fills: [...root.querySelectorAll('.tplib-runs-glyphs rect')].map((r) => r.getAttribute('fill')),
    red: [...root.querySelectorAll('.tplib-runs-glyphs rect')].map((r) => r.getAttribute('stroke')),
    readout: q('.tplib-runs-readout').textContent,
    budget: q('.tplib-runs-budget-value').textContent,
    valuetext: q('.tplib-runs-budget').getAttribute('aria-valuetext'),
    method: q('.tplib-runs-method').value,
    state: root.dataset.state,
  };
}"""


def _shown(tab):
    return tab.evaluate(_SHOWN_JS)


def _check_shown(explorer, shown, i, k):
    _, best, levels, wrong = _numpy_state(i, k)
    assert shown["state"] == f"{i},{k}" and shown["method"] == str(i)
    assert [int(f[1:3], 16) for f in shown["fills"]] == levels.tolist()
    assert all(f[1:3] == f[3:5] == f[5:7] for f in shown["fills"])
    assert [p for p, s in enumerate(shown["red"]) if s == "#d62728"] == wrong.tolist()
    _check_curve(explorer, _points(shown["curve"]), i)
    x, y = explorer.plot.to_plot(BUDGETS[k], best)
    assert shown["marker"] == pytest.approx([x, y], abs=0.051) and shown["line"] == shown["marker"][0]
    assert shown["budget"] == shown["valuetext"] == f"{BUDGETS[k]:,} evaluations"
    assert shown["readout"].startswith(f"{METHODS[i]} after {BUDGETS[k]:,} evaluations")
    assert f" {len(wrong)} wrong pixels" in shown["readout"]


def test_the_page_starts_with_the_frame_python_drew(page):
    tab, explorer = page
    _check_shown(explorer, _shown(tab), 0, 2)


def test_every_state_the_controls_reach_is_numpys(page):
    """Keyboard only: the method menu and the budget slider reach every (method, budget)."""
    tab, explorer = page
    menu, slider = tab.locator(".tplib-runs-method"), tab.locator(".tplib-runs-budget")
    menu.focus()
    tab.keyboard.press("Home")
    seen = set()
    for i in range(3):
        slider.focus()
        tab.keyboard.press("Home")
        for k in range(3):
            shown = _shown(tab)
            _check_shown(explorer, shown, i, k)
            seen.add(json.dumps(shown, sort_keys=True))
            slider.press("ArrowRight")
        menu.focus()
        tab.keyboard.press("ArrowDown")
    assert len(seen) == 9  # every state shows something different


@pytest.mark.parametrize("control, act, changes", [
    ("method", lambda tab, loc: loc.select_option("1"), ("curve", "fills", "readout", "marker")),
    ("budget", lambda tab, loc: loc.click(position={"x": 3, "y": loc.bounding_box()["height"] / 2}),
     ("fills", "readout", "marker", "budget")),
    ("budget", lambda tab, loc: (loc.focus(), tab.keyboard.press("ArrowLeft")),
     ("fills", "readout", "marker", "valuetext")),
])
def test_every_control_changes_what_the_page_shows(page, control, act, changes):
    tab, _ = page
    tab.evaluate("document.querySelector('.tplib-optimizer-runs').tplibRuns.show(0, 2)")
    before = _shown(tab)
    act(tab, tab.locator(f".tplib-runs-{control}"))
    after = _shown(tab)
    for what in changes:
        assert after[what] != before[what], f"moving {control} left {what} unchanged"


def test_the_controls_are_labelled(page):
    tab, _ = page
    assert tab.get_by_label("method").evaluate("e => e.tagName") == "SELECT"
    assert tab.get_by_label("budget").evaluate("e => e.type") == "range"


def test_the_still_pictures_the_first_frame_the_live_explorer_draws():
    import base64
    import io

    from PIL import Image

    explorer = _explorer(method="Powell", budget=60)
    still = explorer._repr_html_().split(f'<div id="{explorer.element_id}" ')[0]
    curve, glyphs = (base64.b64decode(d).decode() for d in
                     re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)"', still))
    assert re.search(r'class="tplib-runs-curve" points="([^"]+)"', curve).group(1) == \
        explorer.curve_points(1)
    png = re.search(r'href="data:image/png;base64,([^"]+)"', glyphs).group(1)
    grey = np.asarray(Image.open(io.BytesIO(base64.b64decode(png))))
    _, _, levels, wrong = _numpy_state(1, 1)
    # Glyph g's pixel p sits at (row, col) of the grid of 8 glyphs a row; cells 7 apart, 6 wide.
    shown, red = [], []
    for g in range(32):
        x0, y0 = (g % 8) * (35 + 8), (g // 8) * (49 + 14 + 8)
        shown += [grey[y0 + 7 * (p // 5) + 3, x0 + 7 * (p % 5) + 3] for p in range(35)]
    red = re.findall(r'<rect x="(\d+)" y="(\d+)" width="6" height="6" fill="none"', glyphs)
    assert shown == levels.tolist() and len(red) == len(wrong)
    assert "Reconstructions: the 32 glyphs Powell reconstructs after 60 evaluations" in still
