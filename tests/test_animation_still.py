"""tplib.plots.animation_html where a page's script does not run, and where it does.

A committed chapter opened in JupyterLab is untrusted: the player's script is removed and its
<input> disabled, so its buttons and slider would be dead. The HTML therefore opens with a still
of the first frame (an <img> with the alt text) and a note, and the player waits under
display:none until its script runs: checked on the markup, then in headless Chromium with
JavaScript off (the still alone, no control) and on (the player alone, playing, and its slider's
arrow keys kept from the page around it, as from JupyterLab's shortcuts).
"""

import base64
import re

import matplotlib
import numpy as np
import pytest

from missing import skip_or_fail

matplotlib.use("Agg")
from tplib import plots  # noqa: E402

ALT = "A point walking across the plane and the glyph decoded at each point."


def _html():
    anim = plots.animate_latent_walk(lambda z: np.clip(np.abs(z[:, :1]) * np.ones((1, 35)), 0, 1),
                                     np.linspace([-1, -1], [1, 1], 6), (7, 5))
    return plots.animation_html(anim, alt=ALT)


def test_the_player_waits_hidden_behind_a_still_of_its_first_frame():
    html = _html()
    still = re.search(r'<div id="(tplib-anim-\w+)-still"><img src="data:image/png;base64,'
                      r'([A-Za-z0-9+/=]+)" alt="([^"]+)"', html)
    assert still, html[:300]
    assert base64.b64decode(still.group(2)).startswith(b"\x89PNG")
    assert still.group(3) == ALT
    player = html.index(f'<div id="{still.group(1)}" style="display:none">')
    assert not re.search(r"<(input|button|script)\b", html[:player]), "a control in the still"


@pytest.fixture(scope="module")
def tabs(tmp_path_factory):
    from site_browser import local_tabs, missing_browser

    reason = missing_browser()
    if reason:
        skip_or_fail(reason)
    path = tmp_path_factory.mktemp("anim") / "anim.html"
    path.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>anim'
                    f'</title></head><body>{_html()}</body></html>', encoding="utf-8")
    with local_tabs(path, {"off": dict(java_script_enabled=False), "on": {}}) as (pages, errors):
        yield pages
        assert not errors, errors


VISIBLE = """() => ({
  controls: [...document.querySelectorAll('input, button')].filter((e) => e.checkVisibility())
    .length,
  stills: [...document.querySelectorAll('[id$="-still"] img')].map(
    (i) => i.checkVisibility() && i.complete && i.naturalWidth > 0)})"""


def test_without_script_only_the_still_shows(tabs):
    shown = tabs["off"].evaluate(VISIBLE)
    assert shown == {"controls": 0, "stills": [True]}


def test_with_script_the_player_replaces_the_still_and_keeps_its_keys(tabs):
    page = tabs["on"]
    shown = page.evaluate(VISIBLE)
    assert shown["stills"] == [] and shown["controls"] >= 9, shown
    page.evaluate("() => { window.__keys = []; document.addEventListener('keydown', "
                  "(e) => window.__keys.push(e.key)); }")
    slider = page.locator("input.anim-slider")
    slider.focus()
    before = slider.input_value()
    page.keyboard.press("ArrowRight")
    assert slider.input_value() != before
    page.keyboard.press("Shift+Enter")  # run the cell: the notebook's key, not the slider's
    assert "ArrowRight" not in page.evaluate("() => window.__keys")
    assert page.evaluate("() => window.__keys")[-1] == "Enter"
