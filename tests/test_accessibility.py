"""Readable by everyone (issue 16): axe-core, a phone's screen, figures' text alternatives.

The browser tests read the built site (_build/html, or $TP5_SITE) in headless Chromium, like
tests/test_site.py, and so run after `make book`. Before the book is built they skip, saying
so; with TP5_REQUIRE_SITE set (make test's run after the build) a missing site fails. Without
Playwright, Chromium or the pinned axe-core (`make vendor`) they skip, except in CI.
"""

from __future__ import annotations

import base64
import json
import os
import re

import matplotlib
import numpy as np
import pytest

from missing import skip_or_fail
from site_a11y import (AXE, PHONE, alt_problems, axe_violations, browsers, focus_problems,
                       phone_problems, serious)
from site_browser import ROOT, follow_redirect, missing_browser, site_dir, site_pages

SITE = site_dir()
PAGES = [p.as_posix() for p in site_pages(SITE)] if SITE.is_dir() else []
SCREENSHOTS = SITE.parent / "screenshots" / "phone"
_REFRESH = re.compile(r'<meta http-equiv="Refresh"[^>]*>', re.I)
_REPORT = {}  # page -> axe violations, printed as one table after the last page


def _require_site():
    if PAGES:
        return
    reason = f"no built site at {SITE}: `make book` builds it (make test runs this after it)"
    if os.environ.get("TP5_REQUIRE_SITE"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def contexts():
    """(desktop, phone) browser contexts with axe-core at hand."""
    reason = missing_browser() or (None if AXE.is_file() else
                                   f"no axe-core at {AXE}: `make vendor` (npm ci) installs it")
    if reason:
        skip_or_fail(reason)
    with browsers() as both:
        yield both


@pytest.fixture()
def browser(contexts):
    _require_site()
    return contexts[0]


@pytest.fixture()
def phone(contexts):
    _require_site()
    return contexts[1]


def _open(context, page_path):
    """The page as a reader gets it; a redirect stub is read as it is, without moving on."""
    path = SITE / page_path
    page = context.new_page()
    if follow_redirect(path) != path:
        page.set_content(_REFRESH.sub("", path.read_text(encoding="utf-8")))
    else:
        page.goto(path.as_uri(), wait_until="load")
        page.evaluate("async () => { await Promise.all([...document.images].map("
                      "(i) => i.decode().catch(() => null))); }")
    return page


@pytest.fixture(scope="module")
def report(request):
    yield _REPORT
    rows = [f"{'page':28} {'impact':9} {'rule':32} elements"]
    for page, violations in sorted(_REPORT.items()):
        rows += [f"{page:28} {v['impact']:9} {v['id']:32} {len(v['nodes'])}" for v in violations]
        rows += [] if violations else [f"{page:28} {'-':9} {'(no violation)':32} 0"]
    plugins = request.config.pluginmanager
    terminal, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if terminal and capture and len(rows) > 1:
        with capture.global_and_fixture_disabled():  # printed even when the tests pass
            terminal.write_line("\naxe-core (WCAG 2.1 A and AA) violations, every page:")
            for row in rows:
                terminal.write_line(row)


@pytest.mark.parametrize("page_path", PAGES or ["(no site)"])
def test_axe_finds_no_serious_violation(browser, report, page_path):
    """axe-core over the page: no serious or critical violation of WCAG 2.1 A and AA."""
    page = _open(browser, page_path)
    violations = axe_violations(page)
    problems = serious(violations) + alt_problems(page) + focus_problems(page)
    page.close()
    report[page_path] = violations
    assert not problems, f"{page_path}:\n" + "\n".join(problems)


@pytest.mark.parametrize("page_path", PAGES or ["(no site)"])
def test_page_reads_on_a_phone(phone, page_path):
    """At 390x844 (a phone, touch, 2x pixels) the page reads without sideways scrolling.

    Fails on: the page scrolling sideways; a control wider than the screen, cut at its edge
    (outside a box that scrolls) or smaller than a 24x24 px touch target; a code block, long
    equation or figure that overflows its box without scrolling, or scrolls without showing
    it (the edge shadows); a text output wider than its box (outputs wrap); and a figure whose
    text would be too small to read. That last rule: an image drawn at less than half
    (LEGIBLE_SCALE) of its natural width. tplib.plots draws no text under 7 pt, at 100 dpi about
    10 image pixels, so at half size the smallest label is still ~5 CSS px, which a pinch zoom
    brings back; today's three-panel figures shrank to a quarter on a phone, their 8 pt labels
    to 3 px. Saves a full-page screenshot of every page in _build/screenshots/phone/.
    """
    page = _open(phone, page_path)
    problems = phone_problems(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / (page_path.replace("/", "__")[:-5] + ".png"),
                    full_page=True)
    page.close()
    assert not problems, f"{page_path} at {PHONE['width']}x{PHONE['height']}:\n" + "\n".join(
        problems)


_BAD_PAGE = """<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width">
<style>.out { overflow-x: hidden; } pre { margin: 0; }</style></head><body><article>
<img src="plot.png" alt="../_images/plot.png">
<img src="data:image/png;base64,{png}" style="width: 100px">
<input type="range" style="width: 500px">
<button aria-label="Toggle hidden content">Show code cell source</button>
<div class="out"><pre>{line}</pre></div>
</article></body></html>"""


def test_the_checks_find_what_they_look_for(contexts, tmp_path):
    """A page with each fault: axe, the alt check and the phone check all name it."""
    browser, phone = contexts
    from tplib.plots import png_bytes

    png = base64.b64encode(png_bytes(np.zeros((40, 60)), scale=10)).decode()  # 600 px wide
    (tmp_path / "plot.png").write_bytes(base64.b64decode(png))
    (tmp_path / "bad.html").write_text(
        _BAD_PAGE.replace("{png}", png).replace("{line}", "x" * 300))
    page = browser.new_page()
    page.goto((tmp_path / "bad.html").as_uri(), wait_until="load")
    found = " ".join(serious(axe_violations(page)))
    assert {"html-has-lang", "document-title", "label", "label-content-name-mismatch"} <= set(
        re.findall(r"(?:critical|serious) ([\w-]+)", found)), found
    alts = alt_problems(page)
    assert any("file path" in p for p in alts) and any("no alt" in p for p in alts), alts
    page.close()
    page = phone.new_page()
    page.goto((tmp_path / "bad.html").as_uri(), wait_until="load")
    problems = "\n".join(phone_problems(page))
    page.close()
    for needle in ("wider than the screen", "touch target", f"drawn at {round(100 / 6)}%",
                   "does not scroll"):
        assert needle in problems, f"{needle!r} not found in:\n{problems}"


def _figure_cells():
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            mystnb = cell.get("metadata", {}).get("mystnb", {})
            if cell["cell_type"] == "code" and "figure" in mystnb:
                yield path.name, mystnb


def test_every_figure_cell_sets_its_alt_text():
    """Each captioned figure's code cell carries `mystnb.image.alt` (myst-nb writes it on the
    <img>; without it the site's alt is the image's file path)."""
    missing = [f"{name}: {m['figure'].get('name')}" for name, m in _figure_cells()
               if not str(m.get("image", {}).get("alt", "")).strip()]
    assert not missing, "figure cells with no mystnb.image.alt:\n" + "\n".join(missing)


def test_animation_player_describes_its_frames_and_names_its_slider():
    matplotlib.use("Agg")
    from tplib import plots

    anim = plots.animate_latent_walk(lambda z: np.full((len(z), 35), 0.5),
                                     np.linspace([-1, -1], [1, 1], 5), (7, 5))
    generic = plots.animation_html(anim)
    described = plots.animation_html(anim, alt='A point walks "across" the plane')
    assert re.search(r'<img id="_anim_img\w+" alt="An animation of 5 frames', generic)
    assert 'alt="A point walks &quot;across&quot; the plane"' in described
    assert re.search(r'class="anim-slider" aria-label="Frame"', described)
    with pytest.raises(ValueError, match="alt"):
        plots.animation_html(anim, alt=" ")
