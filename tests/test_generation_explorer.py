"""tplib.explorers.generation_explorer: its data, its HTML, and its JavaScript against numpy.

The page's numerics (dense.js's forward pass and generation_explorer.js's three measures) run
under node (/usr/bin/node, or $TP5_NODE) on the very JSON the page carries.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from missing import skip_or_fail
from tplib.datasets import load_font
from tplib.explorers.generation_explorer import GenerationExplorer, generation_explorer
from tplib.studies import generators as gen
from tplib.studies import glyph_measures as gm

HERE = Path(__file__).resolve().parents[1] / "tplib" / "explorers"
NODE = os.environ.get("TP5_NODE", "/usr/bin/node")
X, LABELS = load_font(2)
TABLE = gm.stroke_table(np.vstack([load_font(1)[0], load_font(3)[0]]))

# Decodes and measures every point of a job with the page's own code, loaded as node loads it.
_DRIVER = r"""
const fs = require("fs"), dense = require(process.argv[2]), page = require(process.argv[3]);
const job = JSON.parse(fs.readFileSync(process.argv[4], "utf8")), P = job.payload, out = [];
for (const [name, run, u] of job.points) {
  const values = dense.forward(P.runs[name][run].layers, u);
  out.push({values: values, measures: page.measures(values, P)});
}
const maps = (job.maps || []).map(([name, run, n]) => page.kindMap(P.runs[name][run].layers, P, n));
process.stdout.write(JSON.stringify({points: out, maps: maps}));
"""


def _fake(name, sizes, activations, seed):
    rng = np.random.default_rng(seed)
    params = [(rng.normal(0, 1.5, (a, b)), rng.normal(0, 0.5, b))
              for a, b in zip(sizes[:-1], sizes[1:])]
    return gen.Generator(name, params, activations, rng.normal(size=(32, 2)))


def _runs():
    return {"small": [_fake("small", [2, 25, 35], ["sigmoid", "sigmoid"], s) for s in (0, 1)],
            "relu": [_fake("relu", [2, 16, 8, 35], ["relu", "relu", "sigmoid"], s)
                     for s in (2, 3)]}


def _payload(explorer):
    match = re.search(r'<script type="application/json" id="([^"]+)-data">(.*?)</script>',
                      explorer.to_html())
    assert match and match.group(1) == explorer.element_id
    return json.loads(match.group(2))


def test_page_measures_equal_numpy(tmp_path):
    if not shutil.which(NODE):
        skip_or_fail(f"no node at {NODE} (apt-get install nodejs, or set TP5_NODE)")
    runs = _runs()
    runs["trained"] = [gen.train_generator("autoencoder", X, 0)]
    explorer = generation_explorer(runs, X, LABELS, TABLE, 30 / 35)
    rng = np.random.default_rng(0)
    points = [(name, k, rng.uniform(-3, 3, 2).tolist())
              for name, gens in runs.items() for k in range(len(gens)) for _ in range(40)]
    job = tmp_path / "job.json"
    maps = [(name, 0, 21) for name in runs]
    job.write_text(json.dumps({"payload": _payload(explorer), "points": points, "maps": maps}))
    driver = tmp_path / "driver.js"
    driver.write_text(_DRIVER)
    done = subprocess.run([NODE, str(driver), str(HERE / "dense.js"),
                           str(HERE / "generation_explorer.js"), str(job)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    for (name, k, n), page_map in zip(maps, result["maps"]):
        params, activations, codes = explorer.runs[name][k]
        rounded = gen.Generator(name, params, activations, codes)  # what the page decodes
        expected = gen.kind_map(rounded, X, TABLE, 30 / 35, extent=explorer.extent, n=n)
        np.testing.assert_array_equal(np.reshape(page_map, (n, n)), expected)
    kinds_seen = set()
    for (name, k, u), page in zip(points, result["points"]):
        values = explorer.decode(name, k, np.array([u]))
        np.testing.assert_allclose(page["values"], values[0], atol=1e-9)
        m = gm.glyph_measures(values, X, TABLE)
        got = page["measures"]
        assert abs(got["decisiveness"] - m["decisiveness"][0]) < 1e-6
        assert (got["novelty"], got["nearest"]) == (m["novelty"][0], m["nearest"][0])
        assert abs(got["plausibility"] - m["plausibility"][0]) < 1e-6
        assert got["kind"] == gm.kinds(m, 30 / 35)[0]
        kinds_seen.add(got["kind"])
    assert len(kinds_seen) >= 3  # the points exercise most branches


def test_rounded_weights_stay_close_to_the_generator():
    runs = {"trained": [gen.train_generator("autoencoder", X, 1)]}
    explorer = generation_explorer(runs, X, LABELS, TABLE, 30 / 35)
    U = np.random.default_rng(1).uniform(-3, 3, (200, 2))
    assert np.max(np.abs(explorer.decode("trained", 0, U) - runs["trained"][0].decode(U))) < 0.01
    payload = _payload(explorer)
    layer = payload["runs"]["trained"][0]["layers"][0]
    np.testing.assert_array_equal(np.reshape(layer["W"], (2, 25)), explorer.runs["trained"][0][0][0][0])


def test_html_controls_ids_and_data():
    explorer = generation_explorer(_runs(), X, LABELS, TABLE, 30 / 35)
    html = explorer.to_html()
    assert html.count("<option") == 2 + 2  # two generators, two seeds
    assert 'class="tplib-u1"' in html and 'class="tplib-u2"' in html
    assert re.findall(r' id="([^"]+)"', html) == [explorer.element_id + suffix for suffix in (
        "-still", "", "-generator", "-seed", "-u1", "-u2", "-data")]
    payload = _payload(explorer)
    assert payload["table"] == "".join("1" if t else "0" for t in TABLE)
    assert payload["real"][0] == "".join(str(int(v)) for v in X[0])
    assert payload["kinds"] == list(gm.KINDS) and payload["greyBelow"] == gm.GREY_BELOW
    other = generation_explorer(_runs(), X, LABELS, TABLE, 30 / 35)
    assert other.element_id != explorer.element_id
    assert repr(explorer) == "GenerationExplorer(small, relu; 2 seeds each)"
    assert isinstance(explorer, GenerationExplorer)


def test_bad_input_is_refused_by_name():
    runs = _runs()
    with pytest.raises(TypeError, match="generators"):
        generation_explorer([], X, LABELS, TABLE, 0.9)
    with pytest.raises(ValueError, match="labels"):
        generation_explorer(runs, X, LABELS[:3], TABLE, 0.9)
    with pytest.raises(ValueError, match="table"):
        generation_explorer(runs, X, LABELS, TABLE[:10], 0.9)
    with pytest.raises(ValueError, match="plausible_from"):
        generation_explorer(runs, X, LABELS, TABLE, 2)
    wide = {"wide": [_fake("wide", [2, 4, 36], ["sigmoid", "sigmoid"], 0)]}
    with pytest.raises(ValueError, match="35 pixels"):
        generation_explorer(wide, X, LABELS, TABLE, 0.9)


def test_the_page_runs_in_a_browser(tmp_path):
    from site_browser import CHROMIUM, LAUNCH_ARGS, NO_NETWORK_ARGS, missing_browser

    reason = missing_browser()
    if reason:
        skip_or_fail(reason)
    from playwright.sync_api import sync_playwright

    runs = _runs()
    explorer = generation_explorer(runs, X, LABELS, TABLE, 30 / 35)
    page_file = tmp_path / "page.html"
    page_file.write_text(f"<!doctype html><html><body>{explorer.to_html()}</body></html>")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM),
                                    args=LAUNCH_ARGS + NO_NETWORK_ARGS)
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_file.as_uri())
        root = page.locator(f"#{explorer.element_id}")
        assert root.get_attribute("data-ready") == "true"
        page.select_option(f"#{explorer.element_id} .tplib-generator", "relu")
        page.select_option(f"#{explorer.element_id} .tplib-seed", "1")
        assert page.locator(f"#{explorer.element_id} .tplib-kind-map").count() == 1
        page.uncheck(f"#{explorer.element_id} .tplib-shade")
        assert page.locator(f"#{explorer.element_id} .tplib-kind-map").count() == 0
        shown = page.evaluate(f"document.getElementById('{explorer.element_id}')"
                              ".tplibExplorer.show(1.25, -0.5)")
        fills = page.eval_on_selector_all(f"#{explorer.element_id} [data-pixel]",
                                          "cells => cells.map(c => c.getAttribute('fill'))")
        readout = root.locator(".tplib-readout").inner_text()
        browser.close()
    assert not errors, errors
    values = explorer.decode("relu", 1, np.array([[1.25, -0.5]]))[0]
    np.testing.assert_allclose(shown["values"], values, atol=1e-9)
    levels = [int(f[4:-1].split(",")[0]) for f in fills]
    assert levels == [int(np.floor(255 * (1 - v) + 0.5)) for v in values]
    m = gm.glyph_measures(values[None], X, TABLE)
    assert f"novelty {m['novelty'][0]} px from {LABELS[m['nearest'][0]]}" in readout
    assert f"decisiveness {m['decisiveness'][0]:.2f}" in readout


def test_the_still_shows_the_plane_and_glyph_the_page_draws_first():
    import base64
    import io

    from PIL import Image

    from tplib.plots.generation import KIND_COLORS

    explorer = generation_explorer(_runs(), X, LABELS, TABLE, 30 / 35)
    still = explorer.to_html().split('class="tplib-generation')[0]
    plane, glyph = (base64.b64decode(data).decode() for data in
                    re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)"', still))
    png = re.search(r'href="data:image/png;base64,([^"]+)"', plane).group(1)
    rgb = np.asarray(Image.open(io.BytesIO(base64.b64decode(png))).convert("RGB"))
    colors = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in KIND_COLORS])
    shown = np.argmin(np.abs(rgb[:, :, None, :] - colors).sum(axis=3), axis=2)
    params, activations, codes = explorer.runs["small"][0]  # the first generator, seed 0
    rounded = gen.Generator("small", params, activations, codes)  # what the page decodes
    np.testing.assert_array_equal(shown, gen.kind_map(rounded, X, TABLE, 30 / 35, n=60))
    assert plane.count('fill="#1f77b4"') == len(codes)  # the training codes as dots
    values = explorer.decode("small", 0, np.zeros((1, 2)))[0]
    levels = [int(v) for v in re.findall(r'fill="rgb\((\d+),', glyph)]
    assert levels == np.floor(255 * (1 - values) + 0.5).astype(int).tolist()
    m = gm.glyph_measures(values[None], X, TABLE)
    assert f"novelty {m['novelty'][0]} px from {LABELS[m['nearest'][0]]}" in still
