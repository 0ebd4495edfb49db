"""Results as text: the Markdown tables, "mean ± sd" cells and ranges the chapters print.

The studies (``tplib.studies``) return plain numbers and arrays; turning them into what a
reader sees -- a Markdown table shown with ``IPython.display.Markdown``, a "2.0 ± 1.0" cell, a
"25% to 30%" range quoted in the prose -- happens here, in one place, so every chapter writes
its numbers the same way. Nothing here computes a result: each function formats what it is
given and checks that it is what a table needs.
"""

from __future__ import annotations

import numpy as np

from .checks import check_array, check_list

__all__ = [
    "mean_sd",
    "range_text",
    "markdown_table",
    "subset_table",
    "runs_text",
    "table_rows",
]


def mean_sd(values, fmt=".1f"):
    """The text "mean ± sd" of an array (population standard deviation), formatted with ``fmt``."""
    if not isinstance(fmt, str):
        raise TypeError(f"fmt must be a format spec such as '.1f', got {fmt!r}")
    values = check_array(values, "values", min_rows=0)
    if values.size == 0:
        raise ValueError("values is empty: nothing to summarise")
    return f"{values.mean():{fmt}} ± {values.std():{fmt}}"


def range_text(values, fmt="{}"):
    """The range of values (over seeds, say) as text: "lo to hi", or one value if they agree.

    values: a non-empty iterable of numbers; fmt: a ``str.format`` pattern for one value.
    """
    if not isinstance(fmt, str):
        raise TypeError(f"fmt must be a format string, got {type(fmt).__name__}")
    values = list(values)
    if not values:
        raise ValueError("values must hold at least one number, got none")
    lo, hi = fmt.format(min(values)), fmt.format(max(values))
    return lo if lo == hi else f"{lo} to {hi}"


def markdown_table(header, rows, align=None):
    """A Markdown table from a header (list of str) and rows (lists of already formatted str)."""
    for name, value in (("header", header), ("rows", rows)):
        if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__iter__"):
            raise TypeError(f"{name} must be a list, got {value!r}")
    header = [str(h) for h in header]
    if not header:
        raise ValueError("header must name at least one column, got none")
    if align is None:
        align = ["l"] + ["r"] * (len(header) - 1)
    if len(align) != len(header):
        raise ValueError(f"align needs one entry per column: {len(header)} columns, "
                         f"{len(align)} entries")
    marks = {"l": ":---", "r": "---:", "c": ":---:"}
    if isinstance(align, str) or any(a not in marks for a in align):
        raise ValueError(f"align must be a list of 'l', 'r' or 'c', one per column, "
                         f"got {align!r}")
    lines = ["| " + " | ".join(header) + " |",
             "| " + " | ".join(marks[a] for a in align) + " |"]
    for row in rows:
        if isinstance(row, (str, bytes)) or not hasattr(row, "__iter__"):
            raise TypeError(f"rows must be a list of rows (lists of cells), got the row {row!r}")
        row = [str(cell) for cell in row]
        if len(row) != len(header):
            raise ValueError(f"every row needs {len(header)} cells, got {len(row)}: {row}")
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |")
    return "\n".join(lines)


def subset_table(names, subsets, losses, worst, labels):
    """A text table, one line per glyph subset: name, its glyphs, loss per glyph, worst pixels.

    names: (n,) row names; subsets: n index arrays into ``labels`` (the glyph characters);
    losses, worst: (n,) loss per glyph and largest wrong-pixel count, as from
    ``tplib.studies.denoising.subset_losses``. Returns the lines joined by newlines.
    """
    subsets, losses, worst = list(subsets), list(losses), list(worst)
    if not len(names) == len(subsets) == len(losses) == len(worst):
        raise ValueError(f"names, subsets, losses and worst must have one entry per subset, "
                         f"got lengths {len(names)}, {len(subsets)}, {len(losses)}, "
                         f"{len(worst)}")
    if isinstance(labels, (str, bytes)) or not hasattr(labels, "__getitem__"):
        raise TypeError(f"labels must be the list of glyph characters, got {labels!r}")
    for k, idx in enumerate(subsets):
        idx = np.asarray(idx)
        if idx.ndim != 1 or not np.issubdtype(idx.dtype, np.integer) or (
                idx.size and (idx.min() < 0 or idx.max() >= len(labels))):
            raise ValueError(f"subsets[{k}] must hold indices into labels "
                             f"(0..{len(labels) - 1}), got {idx!r}")
    lines = []
    for name, idx, loss, w in zip(names, subsets, losses, worst):
        chosen = " ".join(labels[k] for k in idx)
        lines.append(f"{name}  {chosen:20}  loss/glyph {loss:.3f}  worst {w} px")
    return "\n".join(lines)


def runs_text(values, fmt=".2f"):
    """One run's value as text, or "mean ± sd" over several runs; values: (n_runs,)."""
    values = np.atleast_1d(check_array(values, "values", min_rows=0))
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"values must be a non-empty (n_runs,) array, got shape {values.shape}")
    if not isinstance(fmt, str):
        raise TypeError(f"fmt must be a format spec such as '.2f', got {fmt!r}")
    if values.size == 1:
        return f"{values[0]:{fmt}}"
    return mean_sd(values, fmt)


def table_rows(names, columns, missing="-"):
    """Rows for ``markdown_table``: one per method, one cell per column.

    names: the methods, one row each, first cell the name. columns: a list of {name: text}
    dicts, one per further column; a method absent from a column gets ``missing``.
    """
    names = check_list(names, "names", "method names")
    columns = check_list(columns, "columns", "{name: text} dicts")
    for label, items, kind in (("names", names, str), ("columns", columns, dict)):
        for k, item in enumerate(items):
            if not isinstance(item, kind):
                raise TypeError(f"{label}[{k}] must be a {kind.__name__}, got {item!r}")
    return [[name] + [str(column.get(name, missing)) for column in columns] for name in names]
