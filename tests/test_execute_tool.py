"""tools/execute.py: runs a notebook and stores what JupyterLab shows for its {eval} quotes."""

import importlib.util
import pathlib

import nbformat
import pytest

TOOL = pathlib.Path(__file__).resolve().parents[1] / "tools" / "execute.py"
spec = importlib.util.spec_from_file_location("execute_tool", TOOL)
execute_tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(execute_tool)


def test_expressions_are_found_in_order_once_each():
    text = "a {eval}`q.a` b {eval}`q.b` and {eval}`q.a` again, not `q.c` nor {glue:text}`d`"
    assert execute_tool.expressions(text) == ["q.a", "q.b"]


def _notebook(tmp_path, cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3",
                              "language": "python"}
    nb.cells = cells
    path = tmp_path / "quoted.ipynb"
    nbformat.write(nb, path)
    return path


def test_values_are_stored_where_jupyterlab_reads_them(tmp_path):
    path = _notebook(tmp_path, [
        nbformat.v4.new_code_cell("from tplib.quotes import Quotes\nq = Quotes()\n"
                                  "q.worst = f'{3}'\nq.rate = '81%'"),
        nbformat.v4.new_markdown_cell("worst {eval}`q.worst`, rate {eval}`q.rate`"),
        nbformat.v4.new_markdown_cell("no quote here"),
    ])
    execute_tool.execute(path)
    nb = nbformat.read(path, as_version=4)
    stored = nb.cells[1].metadata["user_expressions"]
    assert [(s["expression"], s["result"]["status"], s["result"]["data"]["text/plain"])
            for s in stored] == [("q.worst", "ok", "3"), ("q.rate", "ok", "81%")]
    assert "user_expressions" not in nb.cells[2].metadata
    assert nb.cells[0].execution_count == 1


def test_a_value_quoted_above_the_cell_that_computes_it_fails_naming_it(tmp_path):
    path = _notebook(tmp_path, [
        nbformat.v4.new_code_cell("from tplib.quotes import Quotes\nq = Quotes()"),
        nbformat.v4.new_markdown_cell("too early: {eval}`q.late`"),
        nbformat.v4.new_code_cell("q.late = '1'"),
    ])
    with pytest.raises(RuntimeError, match=r"cell 1: the inline expression 'q.late' failed"):
        execute_tool.execute(path)
