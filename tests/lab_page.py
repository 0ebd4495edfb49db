"""A chapter's page in JupyterLab: opening it, and running it as a reader does (Run All).

Used by tests/test_lab.py with a server and browser from tests/lab_browser.py.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

_LATER_RESOLVED = "Cross reference target was not found: "


@dataclass
class Visit:
    """What the browser reported while one chapter was open."""
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    outside_requests: list = field(default_factory=list)

    def problems(self):
        return ([f"console error: {m}" for m in dict.fromkeys(self.console_errors)]
                + [f"uncaught error: {m}" for m in dict.fromkeys(self.page_errors)]
                + [f"request to another host: {u}" for u in dict.fromkeys(self.outside_requests)])


def open_chapter(context, server, name, timeout_ms=90_000):
    """Open one chapter; return (page, Visit) once its kernel is idle and every cell is drawn."""
    page = context.new_page()
    visit = Visit()

    def on_console(message):
        # jupyterlab-myst renders the cells one by one and logs this for every forward
        # reference while the cell it points at is not yet drawn; one never resolved is
        # marked on the page, and lab_checks.rendered_problems reports it.
        later = all(m.startswith(_LATER_RESOLVED) for m in message.text.splitlines())
        if message.type == "error" and not later:
            visit.console_errors.append(message.text)

    def on_request(request):
        if not request.url.startswith((server.base, "data:", "blob:", "about:")):
            visit.outside_requests.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda error: visit.page_errors.append(
        " ".join((error.stack or str(error)).split()[:14])))
    page.on("request", on_request)
    page.goto(server.chapter_url(name), timeout=timeout_ms)
    page.wait_for_function(_OPENED_JS, timeout=timeout_ms, polling=200)
    # jupyterlab-myst draws a forward reference again once its target is drawn: wait until the
    # rendered markdown has not changed for a second (or 20 s have passed).
    page.evaluate(_WATCH_MARKDOWN_JS)
    try:
        page.wait_for_function("() => performance.now() - window.__tp5Markdown > 1000",
                               timeout=20_000, polling=250)
    except Exception:  # playwright's TimeoutError: check what is there
        pass
    return page, visit


# The notebook is open when its kernel is idle and every markdown cell is rendered.
_OPENED_JS = """() => {
  const nb = document.querySelector('.jp-NotebookPanel .jp-Notebook');
  const status = document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
  if (!nb || !status || status.dataset.status !== 'idle') return false;
  const kernel = document.querySelector('.jp-NotebookPanel .jp-Toolbar-kernelName');
  if (!kernel || /No Kernel|Kernel$/.test(kernel.getAttribute('aria-label') || '')) return false;
  const md = [...nb.querySelectorAll('.jp-MarkdownCell')];
  return md.length > 0 && md.every((c) => c.querySelector('.myst'));
}"""


# A cell failed: JupyterLab renders an error output on the stderr channel.
_FAILED_JS = """[...panel.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')]
      .some((o) => o.textContent.includes('Traceback'))"""
# When the rendered markdown last changed.
_WATCH_MARKDOWN_JS = """() => {
  window.__tp5Markdown = performance.now();
  new MutationObserver((records) => {
    const element = (n) => (n.nodeType === 1 ? n : n.parentElement);
    if (records.some((r) => element(r.target)?.closest('.jp-MarkdownCell'))) {
      window.__tp5Markdown = performance.now();
    }
  }).observe(document.querySelector('.jp-NotebookPanel .jp-Notebook'),
             {subtree: true, childList: true, characterData: true, attributes: true});
}"""


# Run All has finished: every code cell has a count (or one failed, which stops the run), no
# cell is queued or running ([*]), and the kernel is idle.
_RUN_DONE_JS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel');
  const status = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
      .map((p) => p.textContent);
  if (status.dataset.status !== 'idle' || prompts.some((p) => p.includes('*'))) return 'running';
  if (prompts.every((p) => /\\[\\d+\\]/.test(p))) return 'complete';
  return """ + _FAILED_JS + """ ? 'failed' : 'stopped';
}"""


def _menu(page, menu, item):
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{item}$")).click()


def run_all(page, visit, timeout_s):
    """Run > Run All Cells, as a reader does; wait until it is over.

    Returns the seconds it took, and whether every code cell ran.

    The stored outputs are cleared first (Edit > Clear Outputs of All Cells): the chapters are
    committed with the counts of a top-to-bottom run, 1 to N, which a fresh kernel repeats, so
    only a cleared prompt tells a cell not yet run from one run. Markdown cells run too: that
    is when jupyterlab-myst evaluates their {eval} expressions in the kernel, so a cell waits
    for the markdown cell before it, and the kernel may be idle between two cells. The run is
    over when every code cell has a count, or a cell failed, or the page had an uncaught error
    (jupyterlab-myst's when the kernel refuses an expression) and nothing is running, and it is
    still so a second later.
    """
    _menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function("() => ![...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
                           ".some((p) => /\\d/.test(p.textContent))", timeout=10_000)
    start = time.monotonic()
    _menu(page, "Run", "Run All Cells")
    over_since = None
    while time.monotonic() - start < timeout_s:
        state = page.evaluate(_RUN_DONE_JS)
        if state in ("complete", "failed") or (state == "stopped" and visit.page_errors):
            over_since = over_since or time.monotonic()
            if time.monotonic() - over_since >= 1:
                return over_since - start, state == "complete"
        else:
            over_since = None
        page.wait_for_timeout(250)
    raise TimeoutError(f"Run All not finished after {timeout_s} s")
