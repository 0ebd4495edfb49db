"""tplib.explorers.glyph_explorer: input checks, the embedded data, and the HTML it writes.

That the page's JavaScript decodes like numpy is checked in a real browser, in
tests/test_site.py (test_explorer_in_the_browser_matches_numpy).
"""

import json
import re

import numpy as np
import pytest

from tplib import nn
from tplib.explorers import GlyphExplorer, glyph_explorer
from tplib.explorers._scripts import read_script


def _decoder(seed=0, sizes=(2, 25, 35)):
    rng = np.random.default_rng(seed)
    return [(rng.normal(size=(n_in, n_out)), rng.normal(size=n_out))
            for n_in, n_out in zip(sizes[:-1], sizes[1:])]


def _payload(explorer):
    html = explorer._repr_html_()
    match = re.search(r'<script type="application/json" id="([^"]+)-data">(.*?)</script>', html)
    assert match and match.group(1) == explorer.element_id
    return json.loads(match.group(2))


def test_decode_is_the_numpy_forward_pass_of_the_rounded_weights():
    params = _decoder()
    explorer = glyph_explorer(params, ["sigmoid", "sigmoid"])
    Z = np.random.default_rng(1).uniform(-1, 1, size=(20, 2))
    exact = nn.forward(params, Z, ["sigmoid", "sigmoid"])
    assert explorer.decode(Z).shape == (20, 35)
    # 6 significant digits in the page change a 35-pixel glyph by far less than one grey level.
    assert np.max(np.abs(explorer.decode(Z) - exact)) < 1e-4


def test_the_page_carries_exactly_the_weights_decode_uses():
    params = _decoder(sizes=(2, 4, 35))
    explorer = glyph_explorer(params, ["tanh", "relu"], digits=4)
    payload = _payload(explorer)
    assert [layer["activation"] for layer in payload["layers"]] == ["tanh", "relu"]
    for layer, (W, b) in zip(payload["layers"], explorer.params):
        assert (layer["n_in"], layer["n_out"]) == W.shape
        np.testing.assert_array_equal(np.reshape(layer["W"], W.shape), W)
        np.testing.assert_array_equal(layer["b"], b)
    assert np.max(np.abs(explorer.params[0][0] - params[0][0]) / np.abs(params[0][0])) < 1e-3


def test_codes_labels_extent_and_start():
    codes = np.array([[0.1, 0.2], [0.9, 0.7], [0.5, 0.5]])
    explorer = glyph_explorer(_decoder(), ["sigmoid", "sigmoid"], codes=codes,
                              labels=["F", "P", "</script><b>"])
    (lo1, hi1), (lo2, hi2) = explorer.extent
    assert lo1 < 0.1 and hi1 > 0.9 and lo2 < 0.2 and hi2 > 0.7
    assert explorer.start == (0.1, 0.2)
    html = explorer._repr_html_()
    assert html.count("<circle") == 4  # three codes and the marker
    assert "&lt;/script&gt;&lt;b&gt;" in html  # labels are text, not markup
    assert _payload(explorer)["labels"][2] == "</script><b>"
    fixed = glyph_explorer(_decoder(), ["sigmoid", "sigmoid"], extent=((-3, 3), (0, 1)),
                           start=(10, -10))
    assert fixed.extent == ((-3.0, 3.0), (0.0, 1.0)) and fixed.start == (3.0, 0.0)


def test_every_explorer_has_its_own_ids_and_the_same_input_the_same_html_shape():
    params = _decoder()
    first, second = (glyph_explorer(params, ["sigmoid", "sigmoid"]) for _ in range(2))
    assert first.element_id != second.element_id
    assert first.element_id.rsplit("-", 1)[0] == second.element_id.rsplit("-", 1)[0]
    for explorer in (first, second):
        html = explorer._repr_html_()
        ids = re.findall(r' id="([^"]+)"', html)
        assert ids == [explorer.element_id + "-still", explorer.element_id,
                       explorer.element_id + "-data"]
        assert html.count(f'"{explorer.element_id}"') == 2  # the div and the script's data-for
    assert repr(first) == "GlyphExplorer(decoder 2-25-35, 5x7 glyph)"


def test_first_frame_is_drawn_without_javascript():
    params = _decoder()
    explorer = glyph_explorer(params, ["sigmoid", "sigmoid"], start=(0.3, -0.2))
    ink = explorer.decode(np.array([[0.3, -0.2]]))[0]
    fills = re.findall(r'data-pixel="\d+"[^>]*fill="rgb\((\d+),', explorer._repr_html_())
    assert len(fills) == 35
    np.testing.assert_allclose([int(f) for f in fills], 255 * (1 - ink), atol=0.51)


@pytest.mark.parametrize("kwargs, message", [
    (dict(decoder_params=[]), "non-empty list"),
    (dict(decoder_params="weights"), "non-empty list"),
    (dict(activations="sigmoid"), "list of names"),
    (dict(activations=["sigmoid"]), "one activation per layer"),
    (dict(activations=["sigmoid", "softmax"]), r"activations\[1\]"),
    (dict(decoder_params=[(np.ones((3, 25)), np.ones(25)), (np.ones((25, 35)), np.ones(35))]),
     "2 rows"),
    (dict(decoder_params=[(np.ones((2, 25)), np.ones(24)), (np.ones((25, 35)), np.ones(35))]),
     "b must have 25"),
    (dict(decoder_params=[(np.ones((2, 25)), np.ones(25)), (np.ones((24, 35)), np.ones(35))]),
     "previous layer"),
    (dict(decoder_params=[(np.full((2, 35), np.nan), np.ones(35))], activations=["linear"]),
     "NaN"),
    (dict(width=4), "5x7|4x7"),
    (dict(height=0), "height must be at least 1"),
    (dict(extent=((1, 0), (0, 1))), "lo < hi"),
    (dict(extent=(0, 1)), "extent must be"),
    (dict(labels=["A"]), "without codes"),
    (dict(codes=np.zeros((2, 2)), labels=["A"]), "one entry per code"),
    (dict(codes=np.zeros((2, 3))), "codes must have 2 columns"),
    (dict(start=(0, 0, 0)), "start must be a point"),
    (dict(codes=np.zeros((2, 2)), labels=7), "labels must be a list"),
    (dict(codes=np.zeros((2, 2)), labels=np.zeros((2, 35))), "labels must be a list"),
    (dict(codes=np.zeros((2, 2)), labels="AB"), "labels must be a list"),
])
def test_bad_input_is_refused_with_a_clear_message(kwargs, message):
    arguments = dict(decoder_params=_decoder(), activations=["sigmoid", "sigmoid"])
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=message):
        GlyphExplorer(**arguments)


def test_the_page_runs_glyph_explorer_js_verbatim_and_gets_its_numbers_as_json():
    """The script is the .js file beside the module, the same for every explorer: the layout
    numbers it needs travel in the JSON, so no value is formatted into code."""
    script = read_script("glyph_explorer.js")
    assert "__" not in script  # no placeholder left to fill in
    pages = [glyph_explorer(_decoder(seed), ["sigmoid", "sigmoid"]) for seed in (0, 1)]
    for explorer in pages:
        html = explorer._repr_html_()
        assert f'<script data-for="{explorer.element_id}">{script}</script>' in html
        payload = _payload(explorer)
        assert payload["plane"] > 0 and payload["margin"] > 0
        assert f'viewBox="0 0 {payload["plane"] + 2 * payload["margin"]} ' in html


def test_width_and_height_must_be_whole_numbers():
    with pytest.raises(TypeError, match="width must be a whole number"):
        GlyphExplorer(_decoder(), ["sigmoid", "sigmoid"], width=5.0)


def test_the_still_pictures_the_first_frame_the_live_explorer_draws():
    import base64

    explorer = glyph_explorer(_decoder(), ["sigmoid", "sigmoid"], start=(0.3, -0.2))
    page = explorer._repr_html_()
    still, live = page.split(f'<div id="{explorer.element_id}" ')
    pictures = [base64.b64decode(d).decode() for d in
                re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)"', still)]
    fills = re.compile(r'data-pixel="\d+"[^>]*fill="(rgb\([^"]+)"')
    assert fills.findall(pictures[1]) == fills.findall(live) and len(fills.findall(live)) == 35
    assert 'alt="The glyph decoded at z = (0.30, -0.20)."' in still
    assert re.search(r'aria-valuetext="z₁ = 0.30"[^>]*>', live)
