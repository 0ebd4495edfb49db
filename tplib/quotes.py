"""The numbers a chapter's prose quotes, readable on the site and in JupyterLab alike.

A chapter computes a number in a code cell and names it::

    q = Quotes()
    q.first_worst = f"{wrong.max()}"

and its prose quotes it with MyST's inline expression role: ``{eval}`q.first_worst```. Two
readers render that role:

- JupyterLab, through jupyterlab-myst, evaluates ``q.first_worst`` in the kernel when the
  markdown cell runs, and shows the value stored in the cell's ``user_expressions`` metadata when
  the chapter is opened before anything has run (``tools/execute.py`` stores it);
- the site (myst-nb, whose own ``{eval}`` needs a kernel during the build) reads the value this
  module glues under the key ``"q.first_worst"`` from the executed notebook (``_ext/quotes.py``).

So a quoted value is a string, already formatted as the prose wants it ("24.9", "3 of 5",
"81%"); a number is turned into its ``str``. Its ``repr`` is the text itself, so neither reader
wraps it in quotes. Names are Python identifiers, set once per run of a cell: setting a name
again replaces the value (re-running a cell is normal), and reading a name that no cell has set
yet raises an ``AttributeError`` saying which cell is missing.
"""

from __future__ import annotations

import keyword
import numbers

__all__ = ["Quoted", "Quotes"]


class Quoted(str):
    """Text whose ``repr`` is itself: ``3``, not ``'3'``, in both readers."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


def _check_name(name: object) -> str:
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
        raise ValueError(f"a quoted value's name must be a Python identifier (the prose writes "
                         f"{{eval}}`q.<name>`), got {name!r}")
    if name.startswith("_"):
        raise ValueError(f"a quoted value's name must not start with '_', got {name!r}")
    return name


def _check_value(name: str, value: object) -> Quoted:
    if isinstance(value, bool) or not isinstance(value, (str, numbers.Number)):
        raise TypeError(f"q.{name}: a quoted value is text formatted for the prose (or a "
                        f"number), got {type(value).__name__}")
    text = str(value)
    if not text.strip():
        raise ValueError(f"q.{name}: a quoted value must not be empty")
    if text.lower() in {"nan", "inf", "-inf"}:
        raise ValueError(f"q.{name}: the value is {text}; a computation went wrong upstream")
    return Quoted(text)


class Quotes:
    """The named values a chapter's prose quotes with ``{eval}`q.<name>```.

    ``prefix`` is the name the chapter binds the object to (``q``): the site looks values up as
    ``"<prefix>.<name>"``. ``glue`` publishes a value for the site; it defaults to myst-nb's
    ``glue(key, value, display=False)`` and is replaceable for use outside a notebook.
    """

    def __init__(self, prefix: str = "q", glue=None):
        object.__setattr__(self, "_prefix", _check_name(prefix))
        object.__setattr__(self, "_values", {})
        if glue is None:
            from myst_nb import glue as nb_glue

            def glue(key, value):
                nb_glue(key, value, display=False)
        object.__setattr__(self, "_glue", glue)

    def __setattr__(self, name: str, value: object) -> None:
        self[name] = value

    def __setitem__(self, name: str, value: object) -> None:
        name = _check_name(name)
        text = _check_value(name, value)
        self._values[name] = text
        self._glue(f"{self._prefix}.{name}", text)

    def __getattr__(self, name: str) -> Quoted:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(
                f"{self._prefix}.{name} has not been computed yet: run the cell above this text "
                f"that sets {self._prefix}.{name}") from None

    def __getitem__(self, name: str) -> Quoted:
        return self.__getattr__(_check_name(name))

    def __contains__(self, name: object) -> bool:
        return name in self._values

    def __iter__(self):
        return iter(dict(self._values))

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"<Quotes {self._prefix}: {len(self._values)} values>"
