"""Interactive explorers for Jupyter (ipywidgets); each returns a widget and reads no globals.

Kernel-free explorers for the static site live in ``tplib.static_explorer``.
"""

from __future__ import annotations

__all__: list[str] = []
