"""Tests of tplib.tables: the text the chapters print (tables, mean ± sd, ranges, rows)."""

import numpy as np
import pytest

from tplib import tables


def test_mean_sd():
    assert tables.mean_sd([1, 3]) == "2.0 ± 1.0"
    assert tables.mean_sd(np.array([0.25, 0.75]), ".2f") == "0.50 ± 0.25"
    with pytest.raises(ValueError, match="empty"):
        tables.mean_sd([])


def test_markdown_table():
    text = tables.markdown_table(["a", "b"], [["x|y", "1.0"]])
    assert text.splitlines() == ["| a | b |", "| :--- | ---: |", "| x\\|y | 1.0 |"]
    assert tables.markdown_table(["a"], [], align=["c"]).splitlines()[1] == "| :---: |"
    with pytest.raises(ValueError, match="row"):
        tables.markdown_table(["a", "b"], [["1"]])
    with pytest.raises(ValueError, match="align"):
        tables.markdown_table(["a", "b"], [], align=["l"])


def test_range_text_collapses_equal_values_and_checks_arguments():
    assert tables.range_text([3, 1, 2]) == "1 to 3"
    assert tables.range_text(np.array([0.251, 0.249]), "{:.0%}") == "25%"
    assert tables.range_text((v for v in [0.2, 0.3]), "{:.1f}") == "0.2 to 0.3"
    with pytest.raises(ValueError, match="values"):
        tables.range_text([])
    with pytest.raises(TypeError, match="fmt"):
        tables.range_text([1], fmt=None)


def test_subset_table_one_line_per_subset():
    text = tables.subset_table([" 2 glyphs", "best"], [[0, 1], np.array([2])], [0.5, 1.25],
                               [0, 3], ["A", "B", "C"])
    assert text.splitlines() == [
        f" 2 glyphs  {'A B':20}  loss/glyph 0.500  worst 0 px",
        f"best  {'C':20}  loss/glyph 1.250  worst 3 px"]
    with pytest.raises(ValueError, match="one entry per subset"):
        tables.subset_table(["a"], [[0], [1]], [0.1], [0], ["A", "B"])


@pytest.mark.parametrize("call, error, match", [
    (lambda: tables.mean_sd([1.0, np.nan]), ValueError, "values"),
    (lambda: tables.mean_sd([1j]), TypeError, "values"),
    (lambda: tables.mean_sd(None), TypeError, "values"),
    (lambda: tables.mean_sd([1.0], fmt=None), TypeError, "fmt"),
    (lambda: tables.markdown_table("ab", [["1", "2"]]), TypeError, "header"),
    (lambda: tables.markdown_table(["a"], [1]), TypeError, "rows"),
    (lambda: tables.markdown_table(["a"], [["1"]], align=["x"]), ValueError, "align"),
    (lambda: tables.subset_table(["a"], [[0, 40]], [0.1], [1], list("AB")), ValueError,
     r"subsets\[0\]"),
    (lambda: tables.subset_table(["a"], [[0]], [0.1], [1], "AB"), TypeError, "labels"),
])
def test_bad_input_is_refused_by_name(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_runs_text_one_run_or_mean_sd():
    assert tables.runs_text([7.123]) == "7.12"
    assert tables.runs_text(np.array([3]), ".0f") == "3"
    assert tables.runs_text([1.0, 3.0]) == "2.00 ± 1.00"
    with pytest.raises(ValueError, match="values must be a non-empty"):
        tables.runs_text([])
    with pytest.raises(TypeError, match="fmt must be a format spec"):
        tables.runs_text([1.0], fmt=2)
    with pytest.raises(TypeError, match="values"):
        tables.runs_text([1.0, 1j])
    with pytest.raises(TypeError, match="values"):
        tables.runs_text(None)


def test_table_rows_fill_missing_cells():
    rows = tables.table_rows(["A", "B"], [{"A": "1"}, {"A": "x", "B": 2}])
    assert rows == [["A", "1", "x"], ["B", "-", "2"]]
    assert tables.table_rows(["A"], [{}], missing="n/a") == [["A", "n/a"]]
    assert tables.table_rows(iter(["A"]), iter([{"A": 1}])) == [["A", "1"]]
    with pytest.raises(TypeError, match="names must be a list"):
        tables.table_rows("A", [])
    with pytest.raises(TypeError, match=r"columns\[1\] must be a dict"):
        tables.table_rows(["A"], [{}, ["A"]])
    with pytest.raises(TypeError, match=r"names\[0\] must be a str"):
        tables.table_rows([np.zeros(2)], [{}])
    with pytest.raises(TypeError, match="columns must be a list"):
        tables.table_rows(["A"], {"A": 1})
    with pytest.raises(ValueError, match="columns is empty"):
        tables.table_rows(["A"], [])

