"""What a chapter open in JupyterLab must show, read from the page and the notebook file.

Used by tests/test_lab.py with a page opened by tests/lab_browser.py. Each function returns a
list of problems, each naming the cell (its index in the notebook, from 0) and the text at fault.
"""

from __future__ import annotations

import pathlib
import re

import nbformat

# MyST markup that a rendered cell must never show as text.
RAW_MARKUP = ("{eval}", "{glue", "{numref}", "{doc}", ":::", "```{", ":label:")
# Any role left as text: {name}`...`.
RAW_ROLE = re.compile(r"\{[a-z][\w:-]*\}`")
# What an output must not be: the repr of a Python object instead of its picture.
REPRS = ("<tplib.", "HBox(", "VBox(", "object at 0x")
# Roles jupyterlab-myst renders. Any other role ({glue:text}, {doc}...) it shows as the bare
# text between the backticks (a glued value's key, a file name), with no mark on the page, so
# those are found in the cell's source.
LAB_ROLES = {"eval", "numref", "ref", "eq", "math", "sub", "sup", "abbr", "kbd", "term", "cite",
             "cite:p", "cite:t", "cite:alp", "cite:ps", "cite:ts"}
ROLE = re.compile(r"\{([a-z][\w:-]*)\}`([^`]*)`")
EVAL = re.compile(r"\{eval\}`([^`]+)`")

# jupyterlab-myst has no bibliography: it shows every {cite} as its key, marked "Citation Not
# Found" (README, "Running the chapters in Jupyter"). Those marks are expected for the keys of
# book/references.bib (the site build, -n -W, fails on any other key); every other unresolved
# mark fails.
_BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", (pathlib.Path(__file__).resolve().parents[1]
                                                   / "book" / "references.bib").read_text(
                                                       encoding="utf-8"), re.M))


def _known_citation(mark):
    prefix = "Citation Not Found: "
    return mark.startswith(prefix) and mark[len(prefix):] in _BIB_KEYS


# Per cell (index = its place in the notebook): kind, rendered text, what jupyterlab-myst marks.
_CELLS_JS = """() => {
  const skip = 'script, style, .katex-mathml, annotation';
  const textOf = (root) => {
    const parts = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.parentElement.closest(skip)) parts.push(n.data);
    }
    return parts.join('');
  };
  const notFound = (root) => [...root.querySelectorAll('[title$="Not Found"]')]
      .map((e) => `${e.title}: ${e.textContent.trim()}`);
  return [...document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-Cell')].map((c) => {
    const myst = [...c.querySelectorAll('.myst')];
    const outputs = [...c.querySelectorAll('.jp-OutputArea-output')];
    return {
      index: Number(c.dataset.windowedListIndex),
      kind: c.classList.contains('jp-CodeCell') ? 'code' : 'markdown',
      prompt: (c.querySelector('.jp-InputPrompt') || {}).textContent || '',
      text: myst.map(textOf).join('\\n'),
      code: myst.flatMap((m) => [...m.querySelectorAll('code')].map((e) => e.textContent)),
      not_found: myst.flatMap(notFound),
      expression_errors: myst.flatMap((m) => [...m.querySelectorAll(
          '[data-mime-type="application/vnd.jupyter.stderr"]')].map((e) => e.textContent)),
      broken_images: myst.flatMap((m) => [...m.querySelectorAll('img')]
          .filter((i) => i.complete && i.naturalWidth === 0).map((i) => i.alt || i.src)),
      outputs: outputs.map((o) => ({mime: o.dataset.mimeType || '', text: textOf(o)})),
    };
  });
}"""

# Every explorer: the element its script (<script data-for=id>) draws into.
_EXPLORERS_JS = """() => [...new Set([...document.querySelectorAll(
    '.jp-NotebookPanel .jp-OutputArea-output script[data-for]')].map((s) => s.dataset.for))]"""


def cells(page):
    return page.evaluate(_CELLS_JS)


def _snippet(text, at, width=50):
    return " ".join(text[max(0, at - width):at + width].split())


def source_problems(path):
    """Roles in markdown cells that JupyterLab shows as bare text (found in the source)."""
    nb = nbformat.read(path, as_version=4)
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        for match in ROLE.finditer(cell.source):
            if match.group(1) not in LAB_ROLES:
                problems.append(f"cell {i}: {match.group(0)} is a role JupyterLab's MyST does "
                                f"not know: it shows {match.group(2)!r} as plain text")
    return problems


def evals_by_cell(path):
    nb = nbformat.read(path, as_version=4)
    return {i: EVAL.findall(c.source) for i, c in enumerate(nb.cells)
            if c.cell_type == "markdown"}


# The {eval} expressions still shown as code (no value yet), of {cell index: expressions}.
_UNQUOTED_JS = """(evals) => Object.entries(evals).flatMap(([i, exprs]) => {
  const cell = document.querySelector(`.jp-NotebookPanel .jp-Cell[data-windowed-list-index="${i}"]`);
  const code = new Set([...cell.querySelectorAll('.myst code')].map((e) => e.textContent));
  return exprs.filter((e) => code.has(e));
})"""


def wait_for_quotes(page, path, timeout_ms=60_000):
    """Wait until every {eval} shows a value: after Run All, jupyterlab-myst's answers from the
    kernel may arrive after the last code cell has run. Returns False on timeout."""
    evals = {str(i): e for i, e in evals_by_cell(path).items() if e}
    try:
        page.wait_for_function(f"(evals) => ({_UNQUOTED_JS})(evals).length === 0", arg=evals,
                               timeout=timeout_ms, polling=500)
        return True
    except Exception:  # playwright's TimeoutError: rendered_problems names them
        return False


def rendered_problems(page, path):
    """(a) what a reader sees: MyST rendered, references resolved, numbers shown, no reprs."""
    evals = evals_by_cell(path)
    problems = []
    for cell in cells(page):
        where = f"cell {cell['index']}"
        text = cell["text"]
        for marker in RAW_MARKUP:
            for match in re.finditer(re.escape(marker), text):
                problems.append(f"{where}: raw MyST {marker!r}: ...{_snippet(text, match.start())}...")
        for match in RAW_ROLE.finditer(text):
            if not any(text.startswith(m, match.start()) for m in RAW_MARKUP):
                problems.append(f"{where}: raw MyST role: ...{_snippet(text, match.start())}...")
        if "Unknown Directive" in text:
            problems.append(f"{where}: a directive JupyterLab's MyST does not know: "
                            f"{_snippet(text, text.index('Unknown Directive'))}")
        problems += [f"{where}: unresolved ({m})" for m in cell["not_found"]
                     if not _known_citation(m)]
        problems += [f"{where}: image not shown: {m}" for m in cell["broken_images"]]
        problems += [f"{where}: inline expression failed: {m}" for m in cell["expression_errors"]]
        shown_as_code = set(cell["code"])
        problems += [f"{where}: quoted number missing: {{eval}}`{e}` shows as its expression"
                     for e in evals.get(cell["index"], []) if e in shown_as_code]
        for out in cell["outputs"]:
            at = min((out["text"].find(m) for m in REPRS if m in out["text"]), default=-1)
            if at >= 0:
                problems.append(f"{where}: an output is a Python repr: "
                                f"{_snippet(out['text'], at)}")
    return problems


def run_problems(page):
    """(b) after Run All: every code cell ran, no error output, no traceback on stderr."""
    problems, not_run = [], []
    for cell in cells(page):
        where = f"cell {cell['index']}"
        if cell["kind"] == "code" and not re.fullmatch(r"\s*\[\d+\]:\s*", cell["prompt"]):
            not_run.append(cell["index"])
        for out in cell["outputs"]:
            text = out["text"].strip()
            # An error output is drawn on the stderr channel, like a warning.
            if out["mime"] == "application/vnd.jupyter.stderr" and (
                    "Traceback" in text or re.search(r"\b\w*(Error|Warning)\b", text)):
                problems.append(f"{where}: on stderr: {text[-400:]}")
    if not_run:
        problems.append(f"{len(not_run)} code cells did not run: cells {not_run}")
    return problems


def explorer_problems(page, timeout_ms=10_000):
    """Every explorer drawn by its script (scrolled to first: some wait until they are near)."""
    problems = []
    for element_id in page.evaluate(_EXPLORERS_JS):
        root = page.locator(f'[id="{element_id}"]')
        if root.count() == 0:
            problems.append(f"explorer {element_id}: its script's element is not on the page")
            continue
        root.first.scroll_into_view_if_needed()
        try:
            page.wait_for_function(
                "(id) => document.getElementById(id).dataset.ready === 'true'",
                arg=element_id, timeout=timeout_ms)
        except Exception:  # playwright's TimeoutError
            cell = page.evaluate("(id) => document.getElementById(id).closest('.jp-Cell')"
                                 ".dataset.windowedListIndex", element_id)
            problems.append(f"cell {cell}: explorer {element_id} not drawn by its script "
                            f"within {timeout_ms / 1000:.0f} s")
    return problems


def dead_controls(page):
    """Controls shown in outputs: in an untrusted notebook no script runs, so each is dead."""
    shown = page.evaluate("""() => [...document.querySelectorAll(
        '.jp-NotebookPanel .jp-OutputArea-output :is(input, select, button, textarea)')]
      .filter((e) => !e.disabled && e.type !== 'hidden' && e.checkVisibility())
      .map((e) => [e.closest('.jp-Cell').dataset.windowedListIndex, e.tagName.toLowerCase() + ' '
          + JSON.stringify((e.getAttribute('aria-label') || e.title || e.textContent
                            || e.dataset.role || e.name || e.type || '').trim().slice(0, 30))])""")
    by_cell = {}
    for cell, control in shown:
        by_cell.setdefault(cell, []).append(control)
    return [f"cell {cell}: {len(names)} controls show and no script will run them: "
            + ", ".join(names) for cell, names in by_cell.items()]


def _install_js():
    """site_controls' finder, aimed at the notebook's outputs instead of the site's article."""
    from site_controls import _INSTALL_JS

    swaps = {"const article = document.querySelector('article.bd-article');":
             "const article = {querySelectorAll: (s) => [...document.querySelectorAll("
             "'.jp-NotebookPanel .jp-OutputArea-output')].flatMap((o) => [...o.querySelectorAll(s)])};",
             "e.closest('.cell_output, .output')":
             "e.closest('.cell_output, .output, .jp-OutputArea-output')"}
    js = _INSTALL_JS
    for old, new in swaps.items():
        if old not in js:
            raise RuntimeError(f"tests/site_controls.py changed: {old!r} is gone; update "
                               "tests/lab_checks.py's _install_js")
        js = js.replace(old, new)
    return js


def control_problems(page):
    """(c) move every control of every output; returns (problems, controls)."""
    from site_controls import _CONTROLS, Control, operate
    from site_scenarios import check_animation, check_playground

    def name_and_reach(loc, c):
        c.where = "cell " + loc.evaluate("(e) => e.closest('.jp-Cell').dataset.windowedListIndex")
        try:  # JupyterLab lays out only the cells near the view
            loc.scroll_into_view_if_needed(timeout=5000)
        except Exception:  # not laid out at all: operate() reports it as not seen
            pass

    checks = {"animation": check_animation, "playground": check_playground}
    controls = [Control(**c) for c in page.evaluate(_install_js(), _CONTROLS)]
    return operate(page, controls, checks, before=name_and_reach), controls
