"""The built site works offline: nothing leaves it, and every page renders in a real browser.

`make test` builds _build/html first, then runs this file (set TP5_SITE to check another
build). The static scan needs no browser. The browser tests open every page from disk in
headless Chromium with every non-local request aborted, save a screenshot of each page under
_build/screenshots, check the latent explorers against numpy, and move every control of
every page, requiring that what it drives changes (tests/site_controls.py). Without
Playwright or Chromium they are skipped, except in CI (the CI variable set), where that is a
failure.
"""

from __future__ import annotations

import json
import re
import urllib.request
from urllib.parse import unquote, urlparse

import numpy as np
import pytest

from missing import skip_or_fail
from site_browser import chromium, missing_browser, open_page, site_dir, site_pages
from site_controls import check_controls, describe
from tplib import nn
from tplib.explorers import glyph_explorer

SITE = site_dir()
SCREENSHOTS = SITE.parent / "screenshots"
PAGES = site_pages(SITE) if SITE.is_dir() else []

# Attributes that make the browser fetch something, per element.
_FETCHING = {"script": ["src"], "img": ["src", "srcset"], "source": ["src", "srcset"],
             "iframe": ["src"], "frame": ["src"], "embed": ["src"], "object": ["data"],
             "audio": ["src"], "video": ["src", "poster"], "track": ["src"],
             "input": ["src"], "image": ["href", "xlink:href"], "use": ["href", "xlink:href"]}
# <link> relations that load what they point at; rel="next", "search" etc. are just links.
_LOADING_RELS = {"stylesheet", "preload", "prefetch", "modulepreload", "icon", "shortcut",
                 "apple-touch-icon", "manifest", "preconnect", "dns-prefetch", "prerender"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")
# Any absolute URL inside inline script text (only XML namespaces are allowed there).
_SCRIPT_URL = re.compile(r"""(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s'"`)]*""", re.I)
_NAMESPACES = ("http://www.w3.org/",)
_DATA_SCRIPTS = {"application/json", "application/vnd.jupyter.widget-state+json",
                 "application/vnd.jupyter.widget-view+json", "text/x-thebe-config"}


def _require_site():
    if not PAGES:
        skip_or_fail(f"no built site at {SITE}: run `make book` first (or set TP5_SITE)")


def _require_browser():
    reason = missing_browser()
    if reason:
        skip_or_fail(reason)


def _is_external(url):
    url = url.strip()
    return url.startswith("//") or urlparse(url).scheme in {"http", "https", "ftp", "ws", "wss"}


def _local_target(page, url):
    """The file a relative reference on ``page`` points at, or None if it is not a file."""
    parsed = urlparse(url.strip())
    if parsed.scheme or not parsed.path or url.startswith("#"):
        return None
    return (page.parent / unquote(parsed.path)).resolve()


def _css_problems(where, text, base):
    problems = []
    for match in _CSS_URL.finditer(text):
        url = match.group(1) or match.group(2)
        if _is_external(url):
            problems.append(f"{where}: CSS loads {url}")
        elif base is not None and (target := _local_target(base, url)) and not target.exists():
            problems.append(f"{where}: CSS points at a missing file {url}")
    return problems


def _scan_page(path, site=SITE):
    """Every reference on one page that leaves the site, or points at a missing local file."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    where = path.relative_to(site).as_posix()
    problems, stylesheets = [], []

    def check(tag, url):
        for candidate in (url.split(",") if "srcset" in tag.attrs else [url]):
            candidate = candidate.strip().split(" ")[0]
            if not candidate or candidate.startswith("data:"):
                continue
            if _is_external(candidate):
                problems.append(f"{where}: <{tag.name}> loads {candidate}")
            elif (target := _local_target(path, candidate)) and not target.exists():
                problems.append(f"{where}: <{tag.name}> points at a missing file {candidate}")
            elif target and target.suffix == ".css":
                stylesheets.append(target)

    for name, attributes in _FETCHING.items():
        for tag in soup.find_all(name):
            for attribute in attributes:
                if tag.get(attribute):
                    check(tag, tag[attribute])
    for tag in soup.find_all("link", href=True):
        if _LOADING_RELS.intersection(r.lower() for r in tag.get("rel", [])):
            check(tag, tag["href"])
    for tag in soup.find_all("meta", attrs={"http-equiv": re.compile("refresh", re.I)}):
        target = tag.get("content", "").partition("url=")[2]
        if target and (_is_external(target) or not _local_target(path, target).exists()):
            problems.append(f"{where}: redirects to {target}, which is not a page of the site")
    for tag in soup.find_all("style"):
        problems += _css_problems(where, tag.get_text(), path)
    for tag in soup.find_all(style=True):
        problems += _css_problems(where, tag["style"], path)
    for tag in soup.find_all("script", src=False):
        if tag.get("type", "text/javascript") in _DATA_SCRIPTS:
            continue
        for url in _SCRIPT_URL.findall(tag.get_text()):
            if not url.startswith(_NAMESPACES):
                problems.append(f"{where}: inline script names {url[:100]}")
    return problems, stylesheets


def test_no_page_loads_anything_from_another_host():
    """Static scan of the HTML and CSS: scripts, styles, fonts, images stay on the site."""
    _require_site()
    problems, stylesheets = [], set()
    for page in PAGES:
        page_problems, page_styles = _scan_page(SITE / page)
        problems += page_problems
        stylesheets.update(page_styles)
    for sheet in sorted(stylesheets | set((SITE / "_static").rglob("*.css"))):
        problems += _css_problems(sheet.relative_to(SITE).as_posix(),
                                  sheet.read_text(encoding="utf-8", errors="replace"), sheet)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_the_scan_finds_what_it_looks_for(tmp_path):
    """The scan itself: each way a page can reach another host, or a missing file, is caught."""
    (tmp_path / "here.css").write_text("a { background: url(here.png) }")
    (tmp_path / "here.png").write_bytes(b"")
    (tmp_path / "page.html").write_text("""<html><head>
      <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
      <link rel="stylesheet" href="here.css"><link rel="next" href="https://example.org/">
      <script src="//cdn.example.org/x.js"></script><script src="gone.js"></script>
      <script>var u = "https://unpkg.com/thebe";</script>
      <script type="application/json">{"url": "https://example.org"}</script>
      <style>@import "https://example.org/a.css"; b { src: url(data:font/woff2;base64,AA) }</style>
      </head><body><img src="https://example.org/a.png" srcset="here.png 1x, http://e.org/b.png 2x">
      <iframe src="https://www.youtube.com/embed/x"></iframe><div style="background:url(//e.org/c)">
      <svg><image href="https://example.org/d.svg"/></svg><a href="https://example.org/">a link</a>
      </div></body></html>""")
    problems, stylesheets = _scan_page(tmp_path / "page.html", site=tmp_path)
    found = "\n".join(problems)
    for url in ["fonts.googleapis.com", "//cdn.example.org/x.js", "gone.js", "unpkg.com",
                "example.org/a.css", "example.org/a.png", "e.org/b.png", "youtube.com",
                "//e.org/c", "example.org/d.svg"]:
        assert url in found, f"the scan missed {url}"
    assert len(problems) == 10, found  # not the links, the JSON data or the data: URL
    assert stylesheets == [(tmp_path / "here.css").resolve()]


def test_no_page_shows_a_kernel_widget():
    """Every control works without a kernel: no page carries an ipywidgets view or state.

    A widget's callbacks run in Python, so on the site it would move and change nothing; the
    book's explorers compute in the page instead (tplib.explorers). A tqdm progress bar left on
    in a chapter is such a widget too.
    """
    _require_site()
    found = [f"{p.as_posix()} ({kind})" for p in PAGES
             for kind, mime in (("view", "application/vnd.jupyter.widget-view+json"),
                                ("saved state", "application/vnd.jupyter.widget-state+json"))
             if mime in (SITE / p).read_text(encoding="utf-8")]
    assert not found, "ipywidgets (they need a kernel) on: " + ", ".join(found)


def test_result_tables_are_rendered_as_tables():
    """A chapter's markdown result table (tplib.tables.markdown_table) shows as an HTML table.

    myst-nb renders markdown outputs as CommonMark unless told otherwise, and CommonMark has
    no tables: the table would show as a paragraph of pipes and dashes.
    """
    _require_site()
    raw = re.compile(r"\|\s*:?-{3,}:?\s*\|")
    shown_raw, without = [], []
    for page in PAGES:
        html = (SITE / page).read_text(encoding="utf-8")
        text = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
        text = re.sub(r"<pre\b.*?</pre>", "", text, flags=re.S)  # code may print pipes
        if raw.search(re.sub(r"<[^>]+>", "", text)):
            shown_raw.append(page.as_posix())
        if page.as_posix().startswith("book/0") and "<table" not in html:
            without.append(page.as_posix())
    assert not shown_raw, f"markdown tables shown as text on: {shown_raw}"
    assert not without, f"chapters with no rendered table: {without}"


def test_math_is_rendered_at_build_time():
    """Every formula is MathJax output in the HTML itself, and no page loads a MathJax script."""
    _require_site()
    from bs4 import BeautifulSoup

    problems, formulas = [], 0
    for page in PAGES:
        soup = BeautifulSoup((SITE / page).read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            if "mathjax" in (script.get("src", "") + script.get_text()).lower():
                problems.append(f"{page}: loads MathJax ({script.get('src') or 'inline'})")
        for math in soup.select(".math"):
            formulas += 1
            if math.find("mjx-container") is None or math.find("mjx-assistive-mml") is None:
                problems.append(f"{page}: formula not rendered: {math.get_text()[:60]}")
            if math.find("mjx-merror") is not None:
                problems.append(f"{page}: TeX error in {math.get_text()[:60]}")
        if soup.select(".math") and "mjx-c" not in " ".join(s.get_text()
                                                            for s in soup.find_all("style")):
            problems.append(f"{page}: formulas without their stylesheet")
    assert formulas > 0, "no formula found on any page: the scan looks at the wrong thing"
    assert not problems, "\n".join(problems)


# --- in the browser -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    _require_browser()
    with chromium() as context:
        yield context


def _fills(page, element_id):
    return page.evaluate(
        """(id) => [...document.getElementById(id).querySelectorAll('[data-pixel]')]
            .map((c) => c.getAttribute('fill'))""", element_id)


def _numpy_fills(payload, z):
    """The cell colours numpy says the page should draw at z."""
    params = [(np.reshape(L["W"], (L["n_in"], L["n_out"])), np.asarray(L["b"]))
              for L in payload["layers"]]
    values = nn.forward(params, np.asarray([z], dtype=float), [L["activation"]
                                                                for L in payload["layers"]])[0]
    if payload["layers"][-1]["activation"] == "tanh":
        values = (values + 1) / 2
    levels = [int(np.floor(255 * (1 - v) + 0.5)) for v in np.clip(values, 0, 1)]
    return [f"rgb({v},{v},{v})" for v in levels], params


def check_explorers(page):
    """Move every latent explorer on the page; return the problems found."""
    problems = []
    for element_id in page.evaluate(
            "() => [...document.querySelectorAll('.tplib-explorer')].map((e) => e.id)"):
        root = page.locator(f'[id="{element_id}"]')
        payload = json.loads(page.locator(f'[id="{element_id}-data"]').text_content())
        (lo1, hi1), (lo2, hi2) = payload["extent"]
        before = _fills(page, element_id)

        # The keyboard, on the sliders: z1 to its maximum, z2 to its minimum.
        root.locator(".tplib-z1").focus()
        page.keyboard.press("End")
        root.locator(".tplib-z2").focus()
        page.keyboard.press("Home")
        after_keys = _fills(page, element_id)
        z = [float(v) for v in root.get_attribute("data-z").split(",")]
        if not np.allclose(z, [hi1, lo2]):
            problems.append(f"{element_id}: sliders at their ends gave z = {z}")

        # The mouse, on the plane: press near one corner, drag to the opposite one.
        plane = root.locator(".tplib-plane")
        plane.scroll_into_view_if_needed()
        box = plane.bounding_box()
        page.mouse.move(box["x"] + 0.2 * box["width"], box["y"] + 0.8 * box["height"])
        page.mouse.down()
        page.mouse.move(box["x"] + 0.7 * box["width"], box["y"] + 0.3 * box["height"], steps=5)
        page.mouse.up()
        after_drag = _fills(page, element_id)
        z_drag = [float(v) for v in root.get_attribute("data-z").split(",")]
        if before == after_keys == after_drag:
            problems.append(f"{element_id}: the glyph did not change when the point moved")
        if not (z_drag[0] > (lo1 + hi1) / 2 and z_drag[1] > (lo2 + hi2) / 2):
            problems.append(f"{element_id}: dragging up and right ended at z = {z_drag}")

        # What is drawn is what numpy computes at that point, and so is the decoder itself.
        expected, params = _numpy_fills(payload, z_drag)
        drawn = [tuple(map(int, re.findall(r"\d+", c))) for c in after_drag]
        wanted = [tuple(map(int, re.findall(r"\d+", c))) for c in expected]
        if np.max(np.abs(np.subtract(drawn, wanted))) > 1:
            problems.append(f"{element_id}: drawn glyph differs from numpy's at z = {z_drag}")
        rng = np.random.default_rng(0)
        points = np.column_stack([rng.uniform(lo1, hi1, 8), rng.uniform(lo2, hi2, 8)])
        js = np.asarray(page.evaluate(
            """([id, points]) => points.map(
                (p) => document.getElementById(id).tplibExplorer.decode(p[0], p[1]))""",
            [element_id, points.tolist()]))
        ref = nn.forward(params, points, [L["activation"] for L in payload["layers"]])
        if not np.allclose(js, ref, rtol=1e-9, atol=1e-12):
            problems.append(f"{element_id}: JavaScript and numpy decoders differ by "
                            f"{np.max(np.abs(js - ref)):.3g}")
    return problems


@pytest.mark.parametrize("page_path", [p.as_posix() for p in PAGES] or ["(no site)"])
def test_page_renders_offline(browser, page_path):
    """No console error, no failed or outgoing request; images, math and explorers drawn; the
    playground's code not run before it comes near the screen."""
    _require_site()
    page, result = open_page(browser, SITE / page_path)  # index.html: the page it redirects to
    problems = result.problems()
    if not result.timed_out:
        problems += check_explorers(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / (page_path.replace("/", "__")[:-5] + ".png"),
                    full_page=True)
    page.close()
    assert not problems, f"{page_path}:\n" + "\n".join(problems)


# The controls a page's HTML holds before any script runs (scripts may add more).
_STATIC_CONTROLS = "input:not([type=hidden]), select, textarea, button, summary"


@pytest.mark.parametrize("page_path", [p.as_posix() for p in PAGES] or ["(no site)"])
def test_every_control_changes_what_it_drives(browser, page_path):
    """Every control in the page's article moved (tests/site_controls.py): none is dead."""
    _require_site()
    from bs4 import BeautifulSoup

    path = SITE / page_path
    article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one(
        "article.bd-article")
    static = len(article.select(_STATIC_CONTROLS)) if article else 0
    page, result = open_page(browser, path)
    problems, controls = check_controls(page)
    page.close()
    assert not result.problems(), "\n".join(result.problems())
    assert len(controls) >= static, f"found {len(controls)} controls, the HTML holds {static}"
    assert not problems, (f"{page_path}: {len(problems)} of {len(controls)} controls "
                          f"({describe(controls)}):\n" + "\n".join(problems))


def _broken_controls_page(tmp_path):
    """A page of live controls and dead ones: the book's explorers, three of an animation
    player's controls cut off, a playground whose learning-rate menu is cut off, dead inputs."""
    import matplotlib.pyplot as plt

    from tplib import plots
    from tplib.datasets import load_font
    from tplib.explorers import playground

    rng = np.random.default_rng(3)
    params = [(rng.normal(size=(2, 9)), rng.normal(size=9)),
              (rng.normal(size=(9, 35)), rng.normal(size=35))]
    acts = ["tanh", "sigmoid"]
    explorer = glyph_explorer(params, acts, codes=rng.uniform(-1, 1, (4, 2)), labels=list("ABCD"))
    anim = plots.animate_latent_walk(lambda z: nn.forward(params, z, acts),
                                     np.linspace([-1, -1], [1, 1], 12), (7, 5))
    player = plots.animation_html(anim)
    plt.close("all")
    # Pause and "Increase speed" call nothing; "Reflect" is a mode the player does not know.
    player, cut = re.subn(r"\.(pause_animation|faster)\(\)\"", '.toString()"', player)
    assert cut == 2 and 'value="reflect"' in player
    player = player.replace('value="reflect"', 'value="bounce"')
    # The playground reads its rate from a hidden twin placed first; the menu drives nothing.
    X, labels = load_font(2)
    lab = playground(X, labels)._repr_html_()
    lab = re.sub(r'(class="tplib-playground[^>]*>)',
                 r'\1<input type="hidden" data-role="lr" value="0.01">', lab, count=1)
    dead = """
      <div class="cell_output"><label>dead slider <input type="range" min="0" max="9" value="4"
        oninput="this.nextElementSibling.textContent = this.value"><span>4</span></label></div>
      <div class="cell_output"><button type="button">does nothing</button><p>text</p></div>
      <div class="cell_output"><button type="button" onclick="this.nextElementSibling
        .textContent = 'done'">works</button><p>text</p></div>
      <div class="cell_output"><label>dead menu <select><option>a</option><option>b</option>
        </select></label><svg width="9" height="9"><circle r="3"/></svg></div>
      <pre id="code1">x = 1</pre><button class="copybtn" data-clipboard-target="#code1">copy
      </button>"""
    page_file = tmp_path / "controls.html"
    page_file.write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>t</title></head><body>"
        f"<article class='bd-article'>{dead}"
        + "".join(f"<div class='cell_output'>{part}</div>"
                  for part in (explorer._repr_html_(), player, lab))
        + "</article></body></html>", encoding="utf-8")
    return page_file


def test_dead_controls_are_found_and_named(browser, tmp_path):
    """The control check itself: of a page's live and dead controls, exactly the dead ones
    are named, whether they act at once, over time (a player) or at the next epoch."""
    page, result = open_page(browser, _broken_controls_page(tmp_path))
    problems, controls = check_controls(page)
    page.close()
    assert not result.problems(), result.problems()
    named = sorted(re.search(r"'(.*?)'", p).group(1).strip() for p in problems)
    dead = ["Increase speed", "Once", "Pause", "Reflect", "copy", "dead menu", "dead slider",
            "does nothing", "learning rate"]
    assert named == dead, "\n".join(problems)
    kinds = json.loads(describe(controls))
    assert kinds == {"animation": 13, "button": 2, "copy": 1, "playground": 10, "range": 3,
                     "select": 1, "surface": 1}, kinds


_PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8ffff3f0005fe02fea7d6a4ee0000000049454e44ae426082")


def test_the_browser_reaches_no_network(browser, tmp_path):
    """Host names, IP addresses and a server that is really listening on this machine all
    fail, and every attempt is recorded; a local file still loads."""
    import functools
    import http.server
    import threading

    (tmp_path / "here.png").write_bytes(_PIXEL_PNG)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        served = f"http://127.0.0.1:{server.server_address[1]}/here.png"
        with urllib.request.urlopen(served, timeout=5) as response:  # reachable outside it
            assert response.read() == _PIXEL_PNG
        targets = ["https://example.org/a.png", "http://93.184.216.34/b.png", served,
                   f"http://localhost:{server.server_address[1]}/here.png"]
        page_file = tmp_path / "outside.html"
        page_file.write_text("<!doctype html><title>t</title>" + "".join(
            f'<img src="{url}">' for url in targets + ["here.png"]), encoding="utf-8")
        page, result = open_page(browser, page_file)
        page.close()
    finally:
        server.shutdown()
    assert sorted(result.external_requests) == sorted(targets)
    assert sorted(result.state["broken_images"]) == sorted(targets)  # none of them loaded
    assert result.state["images"] == 5


def test_explorer_in_the_browser_matches_numpy(browser, tmp_path):
    """Random decoders with every activation, on a page of their own: JS and numpy agree."""
    rng = np.random.default_rng(7)
    names = ["sigmoid", "tanh", "relu", "linear"]
    html = []
    for k, (first, last) in enumerate(zip(names, ["sigmoid", "tanh", "linear", "relu"])):
        params = [(rng.normal(size=(2, 9)), rng.normal(size=9)),
                  (rng.normal(size=(9, 25)), rng.normal(size=25)),
                  (rng.normal(size=(25, 35)), rng.normal(size=35))]
        codes = rng.uniform(-1, 1, size=(5, 2))
        explorer = glyph_explorer(params, [first, names[k - 1], last], codes=codes,
                                  labels=["A", "B", "</script>", "&", "E"])
        html.append(explorer._repr_html_())
    page_file = tmp_path / "explorers.html"
    page_file.write_text("<!doctype html><html><head><meta charset='utf-8'><title>t</title>"
                         "</head><body>" + "".join(html) + "</body></html>", encoding="utf-8")
    page, result = open_page(browser, page_file)
    problems = result.problems() + check_explorers(page)
    page.close()
    assert result.state["explorers"] == 4
    assert not problems, "\n".join(problems)
