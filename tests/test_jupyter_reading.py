"""The committed chapters read in JupyterLab (jupyterlab-myst) as they read on the site.

Checked on the notebooks as stored (tests/test_lab.py opens them in a real JupyterLab):

- prose quotes computed values only as ``{eval}`q.name``` (tplib.quotes), and each markdown cell
  carries, in its ``user_expressions`` metadata, the value of every expression it quotes, equal to
  the value the same run glued for the site (``tools/execute.py`` stores both);
- no role JupyterLab cannot resolve: ``{glue:...}`` or ``{doc}``;
- every captioned figure (myst-nb figure metadata on a code cell) is followed by its caption as a
  ``{figure}`` in a markdown cell tagged ``remove-cell`` (shown in JupyterLab, dropped on the
  site), with the same label and text, so ``{numref}`` resolves in both;
- the first cell is front matter numbering the chapter's figures "N.1, N.2, ..." like the site.
"""

import re

import pytest

from chapters import CHAPTERS
from chapters import cells as _cells, source as _source, tags as _tags

EVAL = re.compile(r"\{eval\}`([^`]+)`")
QUOTED = re.compile(r"q\.[A-Za-z]\w*")


def _glued(path):
    """The last value glued under each key by the stored run."""
    values = {}
    for cell in _cells(path):
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            text = output.get("data", {}).get("application/papermill.record/text/plain")
            if name is not None and text is not None:
                values[name] = text
    return values


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_prose_quotes_values_only_in_the_form_both_readers_render(path):
    bad = [(i, role) for i, c in enumerate(_cells(path)) if c["cell_type"] == "markdown"
           for role in re.findall(r"\{(?:glue(?::\w+)?|doc)\}`[^`]*`", _source(c))]
    assert not bad, (f"{path.name}: roles JupyterLab cannot resolve (cell, role): {bad}; quote "
                     "values as {eval}`q.name` and link chapters as [chapter N](0N_x.ipynb)")
    odd = [(i, e) for i, c in enumerate(_cells(path)) if c["cell_type"] == "markdown"
           for e in EVAL.findall(_source(c)) if not QUOTED.fullmatch(e)]
    assert not odd, f"{path.name}: {{eval}} expressions not of the form q.name: {odd}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_quoted_value_is_stored_for_jupyterlab_as_the_site_shows_it(path):
    glued = _glued(path)
    problems = []
    for i, cell in enumerate(_cells(path)):
        if cell["cell_type"] != "markdown":
            continue
        wanted = list(dict.fromkeys(EVAL.findall(_source(cell))))
        stored = cell.get("metadata", {}).get("user_expressions", [])
        if [s["expression"] for s in stored] != wanted:
            problems.append((i, "stored expressions differ from the prose's", wanted,
                             [s["expression"] for s in stored]))
            continue
        for s in stored:
            result = s["result"]
            shown = result.get("data", {}).get("text/plain")
            if result.get("status") != "ok" or shown is None:
                problems.append((i, s["expression"], "no value stored"))
            elif glued.get(s["expression"]) != shown:
                problems.append((i, s["expression"], f"JupyterLab shows {shown!r}, the site "
                                 f"{glued.get(s['expression'])!r}"))
    assert not problems, (f"{path.name}: re-run it with `make execute` (tools/execute.py), "
                          f"which stores what JupyterLab shows: {problems[:5]}")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_figure_caption_is_shown_in_jupyterlab_too(path):
    cells = _cells(path)
    problems = []
    for i, cell in enumerate(cells):
        figure = cell.get("metadata", {}).get("mystnb", {}).get("figure")
        if cell["cell_type"] != "code" or not figure:
            continue
        expected = f":::{{figure}}\n:label: {figure['name']}\n{figure['caption']}\n:::"
        after = cells[i + 1] if i + 1 < len(cells) else None
        if after is None or after["cell_type"] != "markdown" or _source(after) != expected:
            problems.append((i, figure["name"], "no caption cell right after it, or it "
                             "differs from the figure's caption"))
        elif "remove-cell" not in _tags(after):
            problems.append((i, figure["name"], "caption cell not tagged remove-cell"))
    assert not problems, f"{path.name}: {problems}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_the_first_cell_numbers_figures_like_the_site(path):
    first = _cells(path)[0]
    number = int(path.name[:2])
    assert first["cell_type"] == "markdown" and "remove-cell" in _tags(first), path.name
    assert _source(first) == f"---\nnumbering:\n  enumerator: {number}.%s\n---", (
        f"{path.name}: the first cell should be front matter numbering figures {number}.1, ...")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_numbered_reference_has_a_target_jupyterlab_knows(path):
    cells = _cells(path)
    labels = {m for c in cells if c["cell_type"] == "markdown"
              for m in re.findall(r"^:label: (\S+)$", _source(c), re.M)}
    refs = {r for c in cells if c["cell_type"] == "markdown"
            for r in re.findall(r"\{numref\}`([^`<]+)`", _source(c))}
    assert refs <= labels, f"{path.name}: {{numref}} targets without a caption cell: {refs - labels}"
