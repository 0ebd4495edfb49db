"""Every kernel-free explorer (tplib.explorers), read where a page's script does not run.

A committed chapter opened in JupyterLab is untrusted: its HTML outputs lose their scripts,
inline <svg>, <style>, the ``hidden`` attribute and aria-*, and every <input> is disabled;
<img> with a data: source, its alt and an inline ``display:none`` stay (see
tplib/explorers/_still.py). So each explorer opens with a still of its first frame as
pictures, and its controls wait under display:none until its script shows them. Checked on
the HTML, then in headless Chromium with JavaScript off and on: the still alone without
script; with script the live explorer only, its keys kept from the page around it (as
JupyterLab's shortcuts, which listen on the document), every control named by its visible
label, announcing the value shown, with a visible focus ring, 24 px targets, and all of it
within a 390 px phone screen.
"""

import base64
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import test_denoising_explorer as denoising_test
import test_generation_explorer as generation_test
import test_optimizer_runs as runs_test
from missing import skip_or_fail
from tplib.datasets import load_font
from tplib.explorers import (denoising_explorer, glyph_explorer, latent_grid_html, playground)
from tplib.explorers.generation_explorer import generation_explorer

X, LABELS = load_font(2)
ROOTS = ".tplib-explorer, .tplib-denoiser, .tplib-optimizer-runs, .tplib-generation, " \
        ".tplib-vae-explorer, .tplib-playground"
CONTROLS = "input, select, button"


def _html(name):
    rng = np.random.default_rng(0)
    if name == "glyph":
        decoder = [(rng.normal(size=(2, 25)), rng.normal(size=25)),
                   (rng.normal(size=(25, 35)), rng.normal(size=35))]
        return glyph_explorer(decoder, ["sigmoid", "sigmoid"], codes=rng.normal(size=(32, 2)),
                              labels=["a & b"] + LABELS[1:])._repr_html_()
    if name == "denoising":
        return denoising_explorer(denoising_test._model(1), X, LABELS)._repr_html_()
    if name == "optimizer runs":
        return runs_test._explorer()._repr_html_()
    if name == "generation":
        return generation_explorer(generation_test._runs(), X, LABELS, generation_test.TABLE,
                                   0.9).to_html()
    if name == "latent grid":
        return latent_grid_html(rng.uniform(size=(5, 5, 28, 28)), np.linspace(-2, 2, 5)).data
    return playground(X, LABELS)._repr_html_()


NAMES = ["glyph", "denoising", "optimizer runs", "generation", "latent grid", "playground"]
# Words the alt texts of each still must hold (the names as given: no case changed, escaped).
SAID = {"glyph": "nearest: a &amp; b", "denoising": "glyph @", "optimizer runs": "L-BFGS-B",
        "generation": "generator small", "latent grid": "z = (0.00, 0.00)",
        "playground": "32 glyphs"}


@pytest.mark.parametrize("name", NAMES)
def test_the_html_opens_with_a_still_of_pictures_and_hides_the_live_explorer(name):
    html = _html(name)
    still_id = re.search(r'<div id="([^"]+)-still" class="tplib-still"', html).group(1)
    root = re.search(rf'<div id="{still_id}" class="[^"]*"\s+(data-[^>]*\s)?style="([^"]*)"', html)
    assert root and root.group(2).startswith("display:none;"), "the live explorer must wait hidden"
    still = html[html.index(f'id="{still_id}-still"'):root.start()]
    # No control and no inline SVG in the still: they would be dead or stripped to text.
    assert not re.search(r"<(input|select|button|svg|canvas|script)\b", still)
    pictures = re.findall(r'<img src="data:image/(svg\+xml|png);base64,([^"]+)" alt="([^"]+)"', still)
    assert pictures and len(pictures) == still.count("<img ")
    assert any(SAID[name] in alt for _, _, alt in pictures), [alt for _, _, alt in pictures]
    for kind, data, alt in pictures:
        assert len(alt) >= 12, f"the alt text must say what the picture shows: {alt!r}"
        if kind == "svg+xml":  # an <img> shows an SVG only if it is well-formed XML
            svg = ET.fromstring(base64.b64decode(data))
            assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    # Every control of the explorer is inside the hidden element.
    assert not re.search(r"<(input|select|button)\b", html[:root.start()])


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The six explorers on one page, opened with JavaScript off, on, and on at 390 px."""
    from site_browser import local_tabs, missing_browser

    reason = missing_browser()
    if reason:
        skip_or_fail(reason)
    path = tmp_path_factory.mktemp("stills") / "explorers.html"
    path.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta '
                    'name="viewport" content="width=device-width, initial-scale=1"><title>'
                    'explorers</title></head><body style="margin:8px">'
                    + "".join(f"<h2>{n}</h2>{_html(n)}" for n in NAMES) + "</body></html>",
                    encoding="utf-8")
    variants = {"off": dict(java_script_enabled=False), "on": {},
                "phone": dict(viewport={"width": 390, "height": 844})}
    with local_tabs(path, variants) as (tabs, errors):
        for key in ("on", "phone"):
            tab = tabs[key]
            tab.wait_for_function("() => !document.querySelector('.tplib-still')",
                                  timeout=15000)
            tab.locator(".tplib-playground").scroll_into_view_if_needed()
            tab.wait_for_selector('.tplib-playground[data-ready="true"]', timeout=15000)
        yield tabs
        assert not errors, errors


def test_without_script_only_the_stills_show_and_their_pictures_load(pages):
    shown = pages["off"].evaluate(f"""() => {{
      const seen = (e) => e.checkVisibility();
      return {{controls: [...document.querySelectorAll('{CONTROLS}, svg')].filter(seen).length,
               roots: [...document.querySelectorAll('{ROOTS}')].filter(seen).length,
               pictures: [...document.querySelectorAll('.tplib-still img')].map((i) =>
                 [seen(i) && i.complete && i.naturalWidth > 0, i.alt])}};
    }}""")
    assert shown["controls"] == 0 and shown["roots"] == 0
    assert len(shown["pictures"]) >= len(NAMES)
    assert all(loaded and alt for loaded, alt in shown["pictures"]), shown["pictures"]


def test_with_script_the_live_explorers_replace_the_stills(pages):
    hidden = pages["on"].evaluate(f"""() => [...document.querySelectorAll('{CONTROLS}')]
        .filter((e) => !e.checkVisibility()).map((e) => e.outerHTML.slice(0, 80))""")
    assert hidden == []
    assert pages["on"].locator(ROOTS).count() == len(NAMES)


# What a notebook does with keys: JupyterLab's shortcuts listen on the document, bubbling.
_LISTEN_JS = """() => { window.__keys = [];
  document.addEventListener('keydown', (e) => window.__keys.push(e.key)); }"""


def test_the_keys_a_control_uses_stay_with_it_and_the_others_reach_the_page(pages):
    tab = pages["on"]
    tab.evaluate(_LISTEN_JS)
    sliders = tab.locator(f":is({ROOTS}) input[type=range]")
    assert sliders.count() >= 8
    for k in range(sliders.count()):
        slider = sliders.nth(k)
        slider.focus()
        before = slider.input_value()
        tab.keyboard.press("End")
        if slider.input_value() == before:  # it was at the end
            tab.keyboard.press("Home")
        moved = slider.input_value()
        tab.keyboard.press("ArrowLeft" if moved != before and float(moved) > float(before)
                           else "ArrowRight")
        assert before != moved != slider.input_value()
    menus = tab.locator(f":is({ROOTS}) select")
    menus.first.focus()
    tab.keyboard.press("ArrowDown")
    number = tab.locator(f":is({ROOTS}) input[type=number]").first
    number.focus()
    tab.keyboard.press("ArrowUp")
    tab.keyboard.press("5")
    assert tab.evaluate("window.__keys") == []
    for key in ("Shift+Enter", "Escape", "Control+s"):
        tab.keyboard.press(key)
    reached = [k for k in tab.evaluate("window.__keys") if k not in ("Shift", "Control")]
    assert reached == ["Enter", "Escape", "s"]


_PARTS = f":is({ROOTS}) :is({CONTROLS}, svg, canvas), .tplib-vae-image"
_A11Y_JS = f"""() => [...document.querySelectorAll('{_PARTS}')].map((e) => {{
  const r = e.getBoundingClientRect(), tag = e.tagName.toLowerCase();
  const by = (e.getAttribute('aria-labelledby') || '').split(' ').map((i) =>
    document.getElementById(i)).filter(Boolean);
  const label = [...(e.labels || []), ...by].map((l) => l.textContent.trim()).join(' ');
  return {{tag, type: e.type || '', what: e.outerHTML.slice(0, 70), label,
           text: e.textContent.trim().slice(0, 30), role: e.getAttribute('role'),
           aria: e.getAttribute('aria-label') || '', valuetext: e.getAttribute('aria-valuetext'),
           value: e.value, left: r.left, right: r.right, width: r.width, height: r.height}};
}})"""


def test_every_control_is_named_by_its_label_and_says_the_value_it_shows(pages):
    for c in pages["on"].evaluate(_A11Y_JS):
        if c["tag"] in ("svg", "canvas", "div"):
            assert c["role"] == "img" and len(c["aria"]) > 12, c["what"]
        elif c["tag"] == "button":
            assert c["text"], c["what"]
        else:
            assert c["label"], f"{c['what']}: no <label for> or aria-labelledby"
        if c["type"] == "range":
            assert c["valuetext"] and c["valuetext"] != c["value"], c["what"]
        if c["tag"] in ("input", "select", "button"):
            assert c["width"] >= 24 and c["height"] >= 24, f"{c['what']}: a target under 24 px"


def test_focus_is_a_visible_outline_on_every_control(pages):
    tab = pages["on"]
    n = tab.locator(f":is({ROOTS}) :is({CONTROLS})").count()
    tab.locator("h2").first.focus()
    rings = []
    for _ in range(n + 20):
        tab.keyboard.press("Tab")
        ring = tab.evaluate(f"""() => {{ const e = document.activeElement;
          if (!e.closest(':is({ROOTS})')) return null;
          const s = getComputedStyle(e);
          return [e.outerHTML.slice(0, 60), s.outlineStyle, parseFloat(s.outlineWidth)]; }}""")
        if ring:
            rings.append(ring)
    assert len({r[0] for r in rings}) >= n - 2  # every control is reached by Tab
    assert all(style != "none" and width >= 2 for _, style, width in rings), rings


def test_on_a_phone_nothing_is_wider_than_the_screen(pages):
    tab = pages["phone"]
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    for c in tab.evaluate(_A11Y_JS):
        assert c["left"] >= 0 and c["right"] <= 390, f"{c['what']} spans {c['left']}..{c['right']}"
