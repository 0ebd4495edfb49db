"""tplib.quotes: the values the prose quotes with {eval}`q.name`."""

import pytest

from tplib.quotes import Quoted, Quotes


def _recording():
    glued = []
    return Quotes(glue=lambda key, value: glued.append((key, value))), glued


def test_a_set_value_is_glued_under_the_expression_the_prose_writes():
    q, glued = _recording()
    q.first_worst = "3"
    q["rate_ae"] = "81%"
    assert glued == [("q.first_worst", "3"), ("q.rate_ae", "81%")]
    assert q.first_worst == "3" and q["rate_ae"] == "81%"
    assert "first_worst" in q and len(q) == 2 and list(q) == ["first_worst", "rate_ae"]


def test_the_repr_is_the_text_so_neither_reader_shows_quotes():
    q, _ = _recording()
    q.n = 5
    assert repr(q.n) == "5" and isinstance(q.n, Quoted)
    assert repr(Quoted("24.9")) == "24.9"


def test_setting_again_replaces_the_value_as_rerunning_a_cell_does():
    q, glued = _recording()
    q.x = "1"
    q.x = "2"
    assert q.x == "2" and glued[-1] == ("q.x", "2")


def test_reading_a_value_not_yet_computed_names_it():
    q, _ = _recording()
    with pytest.raises(AttributeError, match=r"q.missing has not been computed yet"):
        q.missing  # noqa: B018


@pytest.mark.parametrize("name", ["2x", "has space", "a.b", "class", "_hidden", ""])
def test_a_name_must_be_a_plain_identifier(name):
    q, _ = _recording()
    with pytest.raises(ValueError, match="identifier|must not start"):
        q[name] = "1"


@pytest.mark.parametrize("value", [None, [1, 2], True, {"a": 1}])
def test_a_value_must_be_text_or_a_number(value):
    q, _ = _recording()
    with pytest.raises(TypeError, match="q.v: a quoted value is text"):
        q.v = value


@pytest.mark.parametrize("value", ["", "  ", float("nan"), "nan", float("inf")])
def test_empty_or_non_finite_values_are_refused(value):
    q, _ = _recording()
    with pytest.raises(ValueError, match="q.v"):
        q.v = value


def test_the_default_glue_is_myst_nbs_silent_glue(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    outputs = []
    shell.display_pub.publish = lambda data, metadata=None, **kw: outputs.append((data, metadata))
    try:
        Quotes().first = "7"
    finally:
        InteractiveShell.clear_instance()
    (data, metadata), = outputs
    assert data == {"application/papermill.record/text/plain": "7"}
    assert metadata["scrapbook"]["name"] == "q.first"
