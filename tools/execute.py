"""Run chapters top to bottom and store what JupyterLab shows on open.

``python tools/execute.py book/01_autoencoder.ipynb ...`` executes each notebook in place, as
``jupyter nbconvert --execute --inplace`` does, and also evaluates every inline expression of
its markdown cells (MyST's ``{eval}`q.name``` role) in the kernel at the point where the cell
stands, storing the results in the cell's ``user_expressions`` metadata. That metadata is where
jupyterlab-myst reads an expression's value from, so a chapter opened in JupyterLab shows the
numbers its prose quotes before anything has run. (The site does not use it: the book's Sphinx
extension ``_ext/quotes.py`` renders each ``{eval}`` from the value glued by the same run.)
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

# The MyST inline role, as jupyterlab-myst and myst-nb parse it: {eval}`expression`.
EVAL_ROLE = re.compile(r"\{eval\}`([^`]+)`")


def expressions(source: str) -> list[str]:
    """The inline expressions of a markdown cell, in order, each once."""
    return list(dict.fromkeys(EVAL_ROLE.findall(source)))


class QuotingClient(NotebookClient):
    """A notebook client that also evaluates markdown cells' inline expressions."""

    async def async_execute_cell(self, cell, cell_index, execution_count=None,
                                 store_history=True):
        if cell.cell_type != "markdown":
            return await super().async_execute_cell(cell, cell_index, execution_count,
                                                    store_history)
        exprs = expressions(cell.source)
        if not exprs:
            cell.metadata.pop("user_expressions", None)
            return cell
        named = {str(i): e for i, e in enumerate(exprs)}
        msg_id = self.kc.execute("", silent=True, store_history=False, user_expressions=named)
        reply = await self.async_wait_for_reply(msg_id, cell)
        results = reply["content"]["user_expressions"]
        stored = []
        for key, expr in named.items():
            result = results[key]
            if result.get("status") != "ok":
                raise RuntimeError(
                    f"cell {cell_index}: the inline expression {expr!r} failed in the kernel "
                    f"({result.get('ename')}: {result.get('evalue')}); the prose quotes a name "
                    "that no cell above it defines")
            stored.append({"expression": expr, "result": result})
        cell.metadata["user_expressions"] = stored
        return cell


def execute(path: Path, timeout: int = 600) -> float:
    """Execute one notebook in place; returns the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    QuotingClient(nb, timeout=timeout, kernel_name="python3",
                  resources={"metadata": {"path": str(path.parent)}}).execute()
    seconds = time.perf_counter() - start
    nbformat.write(nb, path)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.notebooks:
        if not path.is_file():
            parser.error(f"no notebook at {path}")
        print(f"{path}: {execute(path):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
