"""The committed chapters are well-formed: what nbval and the site build cannot see by running them.

nbval re-runs every chapter and compares the outputs that cannot depend on floating-point
rounding; cells whose outputs come out of training carry the `nbval-ignore-output` tag and are run
but not compared (README, "Results that hold on every machine"). The claims those outputs support
are checked by assertions in cells tagged `remove-cell`. This file checks the notebooks as stored.
"""

import pytest

from chapters import BOOK, CHAPTERS
from chapters import cells as _cells, source as _source, tags as _tags


def _is_glue_record(output):
    # myst-nb's glue(..., display=False) stores the value for the prose, not for display.
    return all(key.startswith("application/papermill.record/") for key in output.get("data", {"": 0}))


def _code_cells(path):
    return [(i, c) for i, c in enumerate(_cells(path))
            if c["cell_type"] == "code" and _source(c).strip()]


def test_there_are_chapters():
    assert len(CHAPTERS) >= 5, f"expected the five chapters under {BOOK}, found {CHAPTERS}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_markdown_has_no_control_characters(path):
    # A TAB where a backslash was meant ("$3 \times$" written as "$3 <TAB>imes$") renders wrong
    # and is invisible in an editor.
    bad = [(i, repr(ch)) for i, c in enumerate(_cells(path)) if c["cell_type"] == "markdown"
           for ch in _source(c) if ord(ch) < 32 and ch not in "\n\r"]
    assert not bad, f"{path.name}: control characters in markdown (cell, character): {bad}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_code_cell_was_run_in_order(path):
    counts = [(i, c.get("execution_count")) for i, c in _code_cells(path)]
    unrun = [i for i, n in counts if n is None]
    assert not unrun, f"{path.name}: code cells {unrun} have no stored run; re-execute the chapter"
    numbers = [n for _, n in counts]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers), (
        f"{path.name}: cells were run out of order ({numbers}); re-execute top to bottom")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_check_cells_are_silent_and_hidden(path):
    # A check cell guards a claim of the prose; it prints nothing (a hidden output would be lost)
    # and is removed from the site, where readers see the claim, not the assertion.
    checks = [(i, c) for i, c in _code_cells(path)
              if any(line.lstrip().startswith("assert ") for line in _source(c).splitlines())]
    for i, cell in checks:
        assert "remove-cell" in _tags(cell) or cell.get("outputs"), (
            f"{path.name} cell {i}: a check cell should be tagged remove-cell")
        if "remove-cell" in _tags(cell):
            seen = [o for o in cell.get("outputs", []) if not _is_glue_record(o)]
            assert not seen, (
                f"{path.name} cell {i}: a hidden check cell has outputs nobody will see")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_ignore_output_tag_only_where_there_is_output(path):
    # The tag says "this output depends on rounding"; on a cell with no output it means nothing
    # and hides a mistake (the tag meant for another cell).
    stray = [i for i, c in _code_cells(path)
             if "nbval-ignore-output" in _tags(c) and not c.get("outputs")]
    assert not stray, f"{path.name}: cells {stray} are tagged nbval-ignore-output but show nothing"
