"""The built site's pages, and headless Chromium opening them from disk with the network cut.

Shared by tests/test_site.py and benchmarks/bench_site.py. Pages are opened as file:// URLs,
the way a reader opens a downloaded copy of the site. The browser itself has no network: no
host name resolves and every connection goes to a proxy address where nothing listens (so
IP addresses and localhost fail too); each attempt is still seen, and recorded, as a request.
The pages are not intercepted request by request, which would add a round trip through this
process to every file a page loads and to the timings the benchmark reports.
"""

from __future__ import annotations

import os
import re
import statistics
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("TP5_CHROMIUM", "/usr/bin/chromium"))
# As root in a container, and with no background traffic to Google's hosts.
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# No network: names resolve to nothing, connections (loopback included) go to a dead port.
NO_NETWORK_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
                   "--proxy-bypass-list=<-loopback>"]
# Folders of the site that hold assets and sources, not pages.
_NOT_PAGES = {"_static", "_sources", "_images", "_downloads"}
_LOCAL_SCHEMES = {"file", "data", "blob", "about"}


def site_dir():
    """The built site: $TP5_SITE, else _build/html."""
    return Path(os.environ.get("TP5_SITE", ROOT / "_build" / "html")).resolve()


def site_pages(site):
    """Every HTML page of the site, as paths relative to it, sorted."""
    return sorted(p.relative_to(site) for p in site.rglob("*.html")
                  if not _NOT_PAGES.intersection(p.relative_to(site).parts))


def follow_redirect(path):
    """The page a redirect stub (Sphinx's index.html: a meta refresh) sends to, else ``path``."""
    match = re.search(r'http-equiv="Refresh" content="0; url=([^"]+)"',
                      path.read_text(encoding="utf-8", errors="replace"), re.I)
    return (path.parent / match.group(1)).resolve() if match else path


def missing_browser():
    """Why the browser tests cannot run here, or None if they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install playwright; it drives Debian's chromium)"
    if not CHROMIUM.is_file():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set TP5_CHROMIUM)"
    return None


def is_local(url):
    return urlparse(url).scheme in _LOCAL_SCHEMES


def file_path(url):
    """The local path of a file:// URL, else None."""
    parsed = urlparse(url)
    return Path(unquote(parsed.path)) if parsed.scheme == "file" else None


@contextmanager
def chromium():
    """A fresh headless Chromium context with no network: only local files load."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw, tempfile.TemporaryDirectory(prefix="tp5-chromium-") as profile:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), args=LAUNCH_ARGS + NO_NETWORK_ARGS,
            headless=True, viewport={"width": 1280, "height": 900}, service_workers="block")
        try:
            yield context
        finally:
            context.close()


@contextmanager
def local_tabs(path, variants):
    """One headless Chromium with no network, and a tab on the local file ``path`` for each
    variant (name -> browser-context options: ``java_script_enabled=False``, a phone
    ``viewport``...). Yields (the tabs by name, the page errors of all of them)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM),
                                     args=LAUNCH_ARGS + NO_NETWORK_ARGS)
        try:
            tabs, errors = {}, []
            for name, options in variants.items():
                tab = browser.new_context(**options).new_page()
                tab.on("pageerror", lambda error: errors.append(str(error)))
                tab.goto(path.as_uri())
                tabs[name] = tab
            yield tabs, errors
        finally:
            browser.close()


@dataclass
class PageLoad:
    """What happened while one page loaded."""
    url: str
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    failed_requests: list = field(default_factory=list)
    external_requests: list = field(default_factory=list)
    local_files: set = field(default_factory=set)
    load_ms: float = 0.0  # navigation start to the load event, as the page measured it
    # Navigation start to the later of the load event and the first screen being complete:
    # math rendered and explorers drawn (the page's clock, checked once a frame). The
    # playground is not part of it: its code runs when it comes near the screen.
    ready_ms: float = 0.0
    task_ms: float = 0.0  # main-thread busy time until ready (less sensitive to a busy machine)
    ready_files: set = field(default_factory=set)  # what had been loaded by then
    # When ready, on a page with a playground: how many window heights down it sits, and
    # whether its code had run (it should wait until the playground comes near the screen).
    playground_at_ready: dict | None = None
    state: dict = field(default_factory=dict)
    timed_out: str = ""

    @property
    def weight(self):
        """Bytes on disk of the page and every local file it loaded."""
        return _bytes(self.local_files)

    @property
    def ready_weight(self):
        """Bytes on disk of what the page had loaded when its first screen was ready."""
        return _bytes(self.ready_files)

    def problems(self):
        s = self.state
        out = [f"console error: {m}" for m in self.console_errors]
        out += [f"uncaught error: {m}" for m in self.page_errors]
        out += [f"failed request: {m}" for m in self.failed_requests]
        out += [f"request to another host: {u}" for u in self.external_requests]
        if self.timed_out:
            out.append(f"not ready after the timeout: {self.timed_out}")
        out += [f"image not loaded: {src}" for src in s.get("broken_images", [])]
        if s.get("math") and s.get("math_rendered") < s.get("math"):
            out.append(f"math not rendered: {s['math_rendered']} of {s['math']} formulas")
        out += [f"TeX error: {m}" for m in s.get("merrors", [])]
        lab = self.playground_at_ready
        if lab and lab["started"] and lab["screens"] > 2:
            out.append(f"the playground's code ran before it came near the screen (it is "
                       f"{lab['screens']:.1f} screens down)")
        if s.get("explorers") != s.get("explorers_ready"):
            out.append(f"latent explorers: {s.get('explorers_ready')} of {s.get('explorers')} "
                       "drawn")
        return out


# What the page shows: every formula rendered by MathJax (at build time, _ext/static_math.py),
# every explorer's script run.
_STATE_JS = """() => {
  const q = (sel) => document.querySelectorAll(sel);
  return {
    math: q('.math').length,
    math_rendered: [...q('.math')].filter((m) => m.querySelector('mjx-container')).length,
    merrors: [...q('mjx-merror')].map((e) => e.getAttribute('data-mjx-error') || e.textContent),
    explorers: q('.tplib-explorer').length,
    explorers_ready: q('.tplib-explorer[data-ready="true"]').length,
    images: document.images.length,
    broken_images: [...document.images].filter((i) => !(i.complete && i.naturalWidth > 0))
        .map((i) => i.getAttribute('src')),
  };
}"""

# The first screen: math rendered, explorers drawn. Checked once a frame while the page
# loads, so it reads no layout (that would force one).
_READY_JS = """() => {
  const q = (sel) => document.querySelectorAll(sel);
  for (const m of q('.math')) { if (!m.querySelector('mjx-container')) return false; }
  return q('.tplib-explorer:not([data-ready="true"])').length === 0;
}"""

# When the parsed page was first ready, in the page's own clock (milliseconds from navigation
# start), checked once a frame, so it carries none of the test harness's round trips.
_WATCH_READY_JS = """(() => {
  const ready = """ + _READY_JS + """;
  const check = () => {
    if (document.readyState !== 'loading' && ready()) {
      window.__tp5Ready = performance.now();
    } else {
      requestAnimationFrame(check);
    }
  };
  requestAnimationFrame(check);
})();"""

_PLAYGROUND_JS = """() => {
  const lab = document.querySelector('.tplib-playground');
  return lab && {started: window.tplibPlayground !== undefined,
                 screens: (lab.getBoundingClientRect().top + window.scrollY) / window.innerHeight};
}"""

# Images below the fold may be lazy; make them load now so they can be checked.
_LOAD_IMAGES_JS = """async () => {
  for (const img of document.images) { if (img.loading === 'lazy') img.loading = 'eager'; }
  await Promise.all([...document.images].map((img) => img.decode().catch(() => null)));
}"""


def open_page(context, path, timeout_ms=15000):
    """Open a local HTML file (or the page it redirects to), wait until it is ready.

    Returns (page, PageLoad); the caller closes the page.
    """
    path = follow_redirect(path)
    page = context.new_page()
    result = PageLoad(url=path.as_uri())
    result.local_files.add(path)

    def on_console(message):
        if message.type == "error":
            location = message.location or {}
            result.console_errors.append(f"{message.text} ({location.get('url', '')})")

    def on_request(request):
        local = file_path(request.url)
        if local is not None:
            result.local_files.add(local)
        elif not is_local(request.url):
            result.external_requests.append(request.url)

    def on_failed(request):
        if is_local(request.url):
            result.failed_requests.append(f"{request.url} ({request.failure})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: result.page_errors.append(str(error)))
    page.on("request", on_request)
    page.on("requestfailed", on_failed)
    page.add_init_script(_WATCH_READY_JS)
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(result.url, wait_until="load", timeout=timeout_ms)
    try:
        page.wait_for_function(_READY_JS, timeout=timeout_ms, polling=20)
        page.wait_for_function("() => window.__tp5Ready !== undefined", timeout=timeout_ms)
    except Exception as error:  # a playwright TimeoutError: report what was not ready
        result.timed_out = str(error).splitlines()[0]
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    result.task_ms = 1000 * metrics.get("TaskDuration", 0.0)
    cdp.detach()
    result.load_ms = page.evaluate(
        "() => performance.getEntriesByType('navigation')[0].loadEventEnd")
    # Ready: the load event has passed and the first screen is complete, whichever is later.
    result.ready_ms = max(result.load_ms, page.evaluate("() => window.__tp5Ready || 0"))
    result.ready_files = set(result.local_files)
    result.playground_at_ready = page.evaluate(_PLAYGROUND_JS)
    page.evaluate(_LOAD_IMAGES_JS)
    result.state = page.evaluate(_STATE_JS)
    return page, result


def median_load(context, path, repeats=5):
    """Open a page ``repeats`` times: the last PageLoad, and the median of each timing (ms)."""
    runs = []
    for _ in range(repeats):
        page, last = open_page(context, path)
        page.close()
        runs.append(last)
    medians = {key: statistics.median(getattr(r, key) for r in runs)
               for key in ("load_ms", "ready_ms", "task_ms")}
    return last, medians


def _bytes(paths):
    return sum(p.stat().st_size for p in paths if p.is_file())
