"""The course fonts: 3 fonts x 32 glyphs of 7 rows x 5 columns, drawn in tplib/data/fonts.txt.

The file is read as text and checked line by line (a slip names the file and the line), then
handed out as arrays; ``glyph_to_text`` draws a glyph back as text.
"""

import functools
import importlib.resources
import numbers
import re
from pathlib import Path

import numpy as np

from ..checks import check_array, check_number
from .errors import DataFileError

__all__ = [
    "GLYPH_SHAPE",
    "glyph_to_text",
    "load_font",
    "read_fonts",
]

GLYPH_SHAPE = (7, 5)  # rows, columns of one course glyph; a glyph vector holds 35 pixels
_FONT_ROWS, _FONT_COLS = GLYPH_SHAPE
_N_GLYPHS = 32
_FONT_FILE = "fonts.txt"
_FONT_HEADER = re.compile(r"font (\d+) 0x([0-9a-fA-F]{2}) (\S+)")
# Characters that cannot be written as themselves in a whitespace-separated header.
_SPELLED_OUT = {"space": " ", "backslash": "\\", "DEL": "\x7f"}


def _parse_fonts(text, source):
    """Parse the fonts file into {index: (X (32, 35) float64, labels)}, rejecting any slip."""
    fonts = {1: [], 2: [], 3: []}  # index -> [(character, rows, header line number)]

    def fail(lineno, message):
        raise DataFileError(f"{source}, line {lineno}: {message}")

    def check_complete(glyph):
        char, rows, lineno = glyph
        if len(rows) != _FONT_ROWS:
            fail(lineno, f"glyph {char!r} has {len(rows)} rows, expected {_FONT_ROWS}")

    glyph = None
    for lineno, line in enumerate(text.splitlines(), start=1):
        line = line.rstrip()
        if not line or line.startswith(";"):
            continue
        header = _FONT_HEADER.fullmatch(line)
        if header:
            if glyph is not None:
                check_complete(glyph)
            index, code, name = int(header[1]), int(header[2], 16), header[3]
            if index not in fonts:
                fail(lineno, f"font index must be 1, 2 or 3, got {index}")
            # Each font covers 32 consecutive code points from 0x20 * index, in order; this one
            # check catches gaps, duplicates, reordering and a 33rd glyph.
            expected = 0x20 * index + len(fonts[index])
            if code != expected:
                fail(lineno, f"expected code point {expected:#04x} next in font {index}, "
                             f"got {code:#04x}")
            char = _SPELLED_OUT.get(name, name)
            if char != chr(code):
                fail(lineno, f"character {name!r} does not match code point {code:#04x}")
            glyph = (char, [], lineno)
            fonts[index].append(glyph)
        elif glyph is None or len(glyph[1]) == _FONT_ROWS:
            fail(lineno, f"expected a header 'font <index> 0x<code> <character>', got {line!r}")
        elif len(line) != _FONT_COLS or not set(line) <= {"#", "."}:
            fail(lineno, f"expected a glyph row of {_FONT_COLS} characters from '#.', "
                         f"got {line!r}")
        else:
            glyph[1].append(line)
    if glyph is not None:
        check_complete(glyph)

    parsed = {}
    for index, glyphs in fonts.items():
        if len(glyphs) != _N_GLYPHS:
            raise DataFileError(f"{source}: font {index} has {len(glyphs)} glyphs, "
                                f"expected {_N_GLYPHS}")
        X = np.array([[c == "#" for c in "".join(rows)] for _, rows, _ in glyphs],
                     dtype=np.float64)
        parsed[index] = (X, [char for char, _, _ in glyphs])
    return parsed


def read_fonts(path):
    """Parse a fonts file on disk, written like tplib/data/fonts.txt: {index: (X (32, 35), labels)}.

    Raises DataFileError naming the file and line of the first slip (a missing row, a wrong
    code point, a 33rd glyph ...).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DataFileError(f"{path}: not a UTF-8 text file ({error})") from None
    return _parse_fonts(text, source=str(path))


@functools.cache
def _packaged_fonts():
    # Parsed once per process; load_font hands out copies, so callers cannot corrupt this.
    resource = importlib.resources.files("tplib").joinpath("data", _FONT_FILE)
    return _parse_fonts(resource.read_text(encoding="utf-8"), source=str(resource))


def load_font(index=2):
    """One course font: X (32, 35) float64 in {0, 1}, rows top to bottom; 32 one-char labels."""
    if isinstance(index, bool) or not isinstance(index, numbers.Integral):
        raise TypeError(f"index must be the integer 1, 2 or 3, "
                        f"got {index!r} of type {type(index).__name__}")
    if index not in (1, 2, 3):
        raise ValueError(f"index must be 1, 2 or 3, got {index}")
    X, labels = _packaged_fonts()[int(index)]
    return X.copy(), list(labels)


def glyph_to_text(x, threshold=0.5):
    """Draw one glyph, x of shape (35,) or (7, 5), as 7 lines of '#' (>= threshold) and '.'."""
    threshold = check_number(threshold, "threshold")
    try:
        x = check_array(x, "x", min_rows=0)
    except ValueError:  # the one check_array makes here: NaN or infinite values
        raise ValueError("x must be finite, got NaN or infinite values") from None
    if x.shape not in ((_FONT_ROWS * _FONT_COLS,), (_FONT_ROWS, _FONT_COLS)):
        raise ValueError(f"x must have shape ({_FONT_ROWS * _FONT_COLS},) or {GLYPH_SHAPE}, "
                         f"got shape {x.shape}")
    on = x.reshape(_FONT_ROWS, _FONT_COLS) >= threshold
    return "\n".join("".join("#" if pixel else "." for pixel in row) for row in on)
