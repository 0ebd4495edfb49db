"""Every chapter, opened and run in a real JupyterLab, reads like the book and works.

The way a reader runs the book (`make lab`): JupyterLab with jupyterlab-myst, the chapters
trusted. One server for all chapters (tests/lab_browser.py: a copy of book/, or of
$TP5_LAB_BOOK, in a temporary directory), a fresh page per chapter in headless Chromium. For
each chapter, in order (tests/lab_checks.py):

a. on open, before anything runs: no raw MyST markup in the rendered cells, no role JupyterLab
   shows as bare text, no unresolved reference or citation, every {eval} quote showing its
   stored value, no output that is a Python object's repr, every explorer drawn;
b. Run > Run All Cells: every code cell runs, no error output, no traceback or warning on
   stderr, no inline expression failing; then (a) again on what the run drew;
c. every control of every explorer moved (tests/site_controls.py's logic): each must change
   what it drives;
d. no browser console error, no request leaving the server, throughout.

Then each chapter as plain `jupyter lab` shows it, untrusted (no script in its outputs runs): (a)
again, and no control shown in an output, since nothing would ever run it.

Without JupyterLab, Playwright or Chromium this fails, naming what is missing: `make test`
runs it, and CI (.ci/run) installs Chromium. About 5 minutes on two cores (4 min 40 s at load
average 2-4), most of it the chapters running; chapter 5 alone runs about a minute.
"""

from __future__ import annotations

import time

import pytest

from lab_browser import book_dir, chromium, lab_server, missing
from lab_page import open_chapter, run_all
from lab_checks import (control_problems, dead_controls, explorer_problems, rendered_problems,
                        run_problems, source_problems, wait_for_quotes)

BOOK = book_dir()
CHAPTERS = sorted(p.name for p in BOOK.glob("*.ipynb"))
RUN_TIMEOUT_S = 300  # chapter 5 alone takes ~55 s on two cores, 120 s on a busy machine


@pytest.fixture(scope="module")
def browser():
    reason = missing()
    if reason:
        pytest.fail(f"cannot run the chapters in JupyterLab: {reason}")
    with chromium() as browser:
        yield browser


def _lab(browser, trusted):
    with lab_server(BOOK, trusted=trusted) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            yield server, context
        finally:
            context.close()


@pytest.fixture(scope="module")
def lab(browser):
    yield from _lab(browser, trusted=True)


@pytest.fixture(scope="module")
def untrusted_lab(browser):
    yield from _lab(browser, trusted=False)


def test_the_book_has_chapters():
    assert CHAPTERS, f"no notebook in {BOOK}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_in_jupyterlab(lab, chapter):
    server, context = lab
    path = server.root / chapter
    start = time.monotonic()
    page, visit = open_chapter(context, server, chapter)
    try:
        opened = time.monotonic() - start
        problems = [f"source: {p}" for p in source_problems(path)]
        problems += [f"on open: {p}" for p in rendered_problems(page, path)]
        problems += [f"on open: {p}" for p in explorer_problems(page)]
        ran, complete = run_all(page, visit, RUN_TIMEOUT_S)
        if complete:
            wait_for_quotes(page, path)
        problems += [f"after Run All: {p}" for p in run_problems(page)]
        problems += [f"after Run All: {p}" for p in rendered_problems(page, path)]
        problems += [f"after Run All: {p}" for p in explorer_problems(page)]
        moved, controls = control_problems(page)
        problems += [f"controls: {p}" for p in moved]
        problems += [f"browser: {p}" for p in visit.problems()]
    finally:
        page.close()
        server.stop_kernels()
    print(f"{chapter}: opened in {opened:.1f} s, Run All {ran:.1f} s, {len(controls)} controls, "
          f"{time.monotonic() - start:.1f} s in all")
    assert not problems, f"{chapter} in JupyterLab:\n" + "\n".join(problems)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_untrusted_on_open(untrusted_lab, chapter):
    """Plain `jupyter lab`: the chapter is not trusted, so no script of its outputs runs. It must
    read the same (a), and show no control that nothing will ever run."""
    server, context = untrusted_lab
    page, visit = open_chapter(context, server, chapter)
    try:
        problems = source_problems(server.root / chapter)
        problems += rendered_problems(page, server.root / chapter) + dead_controls(page)
        problems += [f"browser: {p}" for p in visit.problems()]
    finally:
        page.close()
        server.stop_kernels()
    assert not problems, f"{chapter} in JupyterLab, untrusted:\n" + "\n".join(problems)


def test_the_checks_catch_a_planted_chapter(lab):
    """Each check of (a) fires on a chapter made of the faults it looks for."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    server, context = lab
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                               "display_name": "Python 3 (ipykernel)"}})
    repr_out = new_output("execute_result", {"text/plain": "<tplib.Autoencoder object at 0x7f>"},
                          execution_count=1)
    explorer = new_output("display_data", {"text/html": '<div id="planted-explorer"></div>'
                                           '<script data-for="planted-explorer"></script>'})
    nb.cells = [new_markdown_cell("Worst {eval}`q.nowhere`, key {glue:text}`planted_key`, "
                                  "see {numref}`fig-nowhere`, markup as text `:label:`."
                                  "\n\n```{bogus}\nx\n```"),
                new_code_cell("model", outputs=[repr_out], execution_count=1),
                new_code_cell("explorer", outputs=[explorer], execution_count=2)]
    nbformat.write(nb, server.root / "planted.ipynb")
    server.trust(server.root / "planted.ipynb")  # so its explorer's script runs
    page, _ = open_chapter(context, server, "planted.ipynb")
    try:
        found = "\n".join(source_problems(server.root / "planted.ipynb")
                          + rendered_problems(page, server.root / "planted.ipynb")
                          + explorer_problems(page, timeout_ms=2000))
    finally:
        page.close()
        server.stop_kernels()
    for fault in ("{glue:text}`planted_key` is a role", "{eval}`q.nowhere` shows as its expression",
                  "Cross Reference Not Found: fig-nowhere", "raw MyST ':label:'",
                  "bogus - Unknown Directive",
                  "a Python repr", "planted-explorer not drawn"):
        assert fault in found, f"missed: {fault}\nfound:\n{found}"
