"""Sphinx extension: the site renders MyST's ``{eval}`q.name``` from the value the chapter glued.

The chapters quote computed numbers with ``{eval}`q.name``` (tplib.quotes), the one inline role
that both readers of a chapter understand: jupyterlab-myst evaluates it in the kernel (or shows the
value stored in the cell's metadata), and myst-nb would too, but only in its "inline" execution
mode, which gives up the build's execution cache. The book builds in cache mode, so this extension
takes the role over: ``q.name`` is looked up as the glue key ``"q.name"``, which
``tplib.quotes.Quotes`` publishes when the chapter sets ``q.name``. An expression of any other form,
or a name the chapter never set, is a build warning (an error under ``-W``), never an empty gap.
"""

import re

from myst_nb.ext.glue.roles import PasteTextRole

# What the chapters may write inside {eval}: one Quotes object and one of its names.
QUOTED = re.compile(r"[A-Za-z_]\w*\.[A-Za-z]\w*")


class QuotedValueRole(PasteTextRole):
    """``{eval}`q.name``` -> the text glued under ``"q.name"`` by the same execution."""

    def run(self):
        text = self.text.strip()
        if not QUOTED.fullmatch(text):
            msg = self.inliner.reporter.warning(
                f"{{eval}}`{text}`: the book's prose quotes values as {{eval}}`q.name` "
                "(tplib.quotes); other expressions need a kernel the site build does not keep",
                line=self.line)
            return [], [msg]
        self.text = text
        return super().run()


def _take_over_eval(app):
    # myst-nb registers its own kernel-evaluating {eval} when it loads; ours replaces it once
    # every extension is set up, whatever their order.
    app.add_role("eval", QuotedValueRole(), override=True)


def setup(app):
    app.connect("builder-inited", _take_over_eval)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
