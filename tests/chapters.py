"""The committed chapters as stored: where they are and how to read their cells (plain JSON)."""

import json
import pathlib

BOOK = pathlib.Path(__file__).resolve().parents[1] / "book"
CHAPTERS = sorted(BOOK.glob("*.ipynb"))


def cells(path):
    """The cells of the notebook at ``path``, as stored."""
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell):
    """A cell's source as one string (nbformat stores a string or a list of lines)."""
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])
