"""Tests of tplib.datasets.fonts: the course fonts, their parser and glyph_to_text."""

import importlib.resources

import numpy as np
import pytest

from tplib.datasets import GLYPH_SHAPE, DataFileError, glyph_to_text, load_font, read_fonts


def hex_rows_to_pixels(rows):
    """Decode 7 hex rows as font.h writes them (bit 4 = leftmost pixel) into 35 pixels."""
    return np.array([(row >> (4 - col)) & 1 for row in rows for col in range(5)], dtype=float)




@pytest.mark.parametrize("index, first", [(1, " "), (2, "@"), (3, "`")])
def test_font_shape_dtype_values_and_labels(index, first):
    X, labels = load_font(index)
    assert X.shape == (32, 35)
    assert X.dtype == np.float64
    assert set(np.unique(X)) <= {0.0, 1.0}
    assert labels == [chr(ord(first) + k) for k in range(32)]
    assert all(isinstance(label, str) and len(label) == 1 for label in labels)


def test_default_font_is_font_2():
    X, labels = load_font()
    X2, labels2 = load_font(2)
    np.testing.assert_array_equal(X, X2)
    assert labels == labels2
    assert "".join(labels[1:27]) == "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


# Rows copied by hand from /work/shared/reference/font.h.
@pytest.mark.parametrize("index, char, rows", [
    (1, " ", [0x00] * 7),
    (1, "0", [0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e]),
    (1, "?", [0x0e, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04]),
    (2, "A", [0x04, 0x0a, 0x11, 0x11, 0x1f, 0x11, 0x11]),
    (2, "D", [0x1e, 0x09, 0x09, 0x09, 0x09, 0x09, 0x1e]),
    (2, "\\", [0x10, 0x10, 0x08, 0x04, 0x02, 0x01, 0x01]),
    (2, "_", [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1f]),
    (3, "a", [0x00, 0x0e, 0x01, 0x0d, 0x13, 0x13, 0x0d]),
    (3, "~", [0x08, 0x15, 0x02, 0x00, 0x00, 0x00, 0x00]),
    (3, "\x7f", [0x1f] * 7),
])
def test_glyphs_match_font_h(index, char, rows):
    X, labels = load_font(index)
    np.testing.assert_array_equal(X[labels.index(char)], hex_rows_to_pixels(rows))


def test_load_font_returns_fresh_copies():
    X, labels = load_font(2)
    X[:] = 7.0
    labels.clear()
    X_again, labels_again = load_font(2)
    assert set(np.unique(X_again)) == {0.0, 1.0}
    assert len(labels_again) == 32


def test_load_font_accepts_numpy_integers():
    X, _ = load_font(np.int64(3))
    assert X.shape == (32, 35)


@pytest.mark.parametrize("index, error", [
    (0, ValueError), (4, ValueError), (-1, ValueError),
    (2.5, TypeError), (2.0, TypeError), ("2", TypeError), (True, TypeError), (None, TypeError),
])
def test_load_font_rejects_bad_index(index, error):
    with pytest.raises(error, match=r"index must be .*1, 2 or 3, got"):
        load_font(index)


LETTER_A = """\
..#..
.#.#.
#...#
#...#
#####
#...#
#...#"""


def test_glyph_to_text_draws_a():
    X, labels = load_font(2)
    assert glyph_to_text(X[labels.index("A")]) == LETTER_A
    assert glyph_to_text(X[labels.index("A")].reshape(7, 5)) == LETTER_A


def test_glyph_to_text_thresholds_reconstructions():
    x = np.full(35, 0.2)
    x[0], x[34] = 0.5, 0.9
    assert glyph_to_text(x) == "#....\n" + ".....\n" * 5 + "....#"
    assert glyph_to_text(x, threshold=0.1) == "\n".join(["#####"] * 7)


@pytest.mark.parametrize("x, error, match", [
    (np.zeros(34), ValueError, r"shape \(35,\) or \(7, 5\), got shape \(34,\)"),
    (np.zeros((5, 7)), ValueError, r"got shape \(5, 7\)"),
    (np.zeros((1, 35)), ValueError, r"got shape \(1, 35\)"),
    (np.full(35, np.nan), ValueError, "finite"),
    (np.array(["#"] * 35), TypeError, "numbers"),
])
def test_glyph_to_text_rejects_bad_input(x, error, match):
    with pytest.raises(error, match=match):
        glyph_to_text(x)


def test_font_file_ships_with_the_package():
    resource = importlib.resources.files("tplib").joinpath("data", "fonts.txt")
    assert resource.is_file()


def packaged_font_text():
    return importlib.resources.files("tplib").joinpath("data", "fonts.txt").read_text("utf-8")


def test_parser_reads_the_packaged_file(tmp_path):
    path = tmp_path / "fonts.txt"
    path.write_text(packaged_font_text(), encoding="utf-8")
    fonts = read_fonts(path)
    for index in (1, 2, 3):
        X, labels = load_font(index)
        np.testing.assert_array_equal(fonts[index][0], X)
        assert fonts[index][1] == labels


def drop_glyph(text, header):
    """Remove one glyph (its header and 7 rows) from the fonts text."""
    lines = text.splitlines()
    start = lines.index(header)
    return "\n".join(lines[:start] + lines[start + 8:])


@pytest.mark.parametrize("corrupt, match", [
    (lambda t: t.replace("font 2 0x41 A\n..#..", "font 2 0x41 A\n..x.."),
     r"line \d+: expected a glyph row of 5 characters from '#\.', got '\.\.x\.\.'"),
    (lambda t: t.replace("font 2 0x41 A\n..#..", "font 2 0x41 A\n..#."),
     r"line \d+: expected a glyph row of 5 characters"),
    (lambda t: t.replace("font 2 0x41 A\n..#..\n", "font 2 0x41 A\n"),
     r"line \d+: glyph 'A' has 6 rows, expected 7"),
    (lambda t: t.replace("font 2 0x41 A\n..#..", "font 2 0x41 A\n..#..\n....."),
     r"line \d+: expected a header"),
    (lambda t: drop_glyph(t, "font 2 0x41 A"),
     r"line \d+: expected code point 0x41 next in font 2, got 0x42"),
    (lambda t: drop_glyph(t, "font 3 0x7f DEL"), r"font 3 has 31 glyphs, expected 32"),
    (lambda t: t.replace("font 2 0x41 A", "font 2 0x41 B"),
     r"line \d+: character 'B' does not match code point 0x41"),
    (lambda t: t.replace("font 2 0x41 A", "font 4 0x41 A"),
     r"line \d+: font index must be 1, 2 or 3, got 4"),
    (lambda t: "#####\n" + t, r"line 1: expected a header"),
])
def test_parser_rejects_broken_font_file(tmp_path, corrupt, match):
    text = packaged_font_text()
    broken = corrupt(text)
    assert broken != text, "the corruption did not apply"
    path = tmp_path / "broken_fonts.txt"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(DataFileError, match=match) as info:
        read_fonts(path)
    assert "broken_fonts.txt" in str(info.value)


def test_glyph_shape_is_the_one_the_fonts_hold():
    X, _ = load_font(2)
    assert GLYPH_SHAPE == (7, 5) and X.shape[1] == GLYPH_SHAPE[0] * GLYPH_SHAPE[1]


# ---------------------------------------------------------------------------------------------
# Bad input is refused by name (issue 12)




@pytest.mark.parametrize("threshold, error", [
    ("0.5", TypeError), (None, TypeError), (float("nan"), ValueError), (np.inf, ValueError),
])
def test_glyph_to_text_refuses_a_bad_threshold(threshold, error):
    with pytest.raises(error, match="threshold"):
        glyph_to_text(np.zeros(35), threshold=threshold)


def test_glyph_to_text_refuses_complex_and_ragged_input():
    with pytest.raises(TypeError, match="x must hold real"):
        glyph_to_text(np.zeros(35) + 1j)
    with pytest.raises(TypeError, match="x must be a rectangular"):
        glyph_to_text([[0.0] * 5, [0.0] * 4])


def test_parser_names_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1_fonts.txt"
    path.write_bytes(packaged_font_text().encode("utf-8") + "\n; caf\xe9\n".encode("latin-1"))
    with pytest.raises(DataFileError, match=r"latin1_fonts\.txt.*UTF-8"):
        read_fonts(path)
