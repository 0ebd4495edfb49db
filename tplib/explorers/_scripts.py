"""The loader of the explorers' JavaScript: each ``name.js`` file sits beside its ``name.py``."""

import functools
import importlib.resources

__all__ = ["read_script"]


@functools.cache
def read_script(filename):
    """The text of one JavaScript file of this package, e.g. ``"glyph_explorer.js"``.

    Read through importlib.resources, so it is found in an installed wheel as in the source tree;
    read once per process. No value is ever formatted into it: the page's data travels as JSON.
    """
    text = importlib.resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")
    if "</script" in text.lower():
        # Inline in the page, that would end the <script> element early.
        raise ValueError(f"{filename} contains '</script', which would cut it short in a page")
    return text
