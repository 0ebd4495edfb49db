"""Explorers that need no kernel: HTML whose JavaScript runs in the page, in Jupyter and on the site.

``glyph_explorer`` runs a 2-D decoder's weights in the browser; ``denoising_explorer`` flips a
glyph's pixels with a seeded generator and runs a whole denoiser on it; ``latent_grid_html`` moves a
precomputed grid of decoded images behind two sliders; ``optimizer_runs`` replays precomputed
optimizer runs (a method's loss curve and reconstructions at a budget); ``playground`` trains a
small autoencoder in the page. Each module's JavaScript is the ``.js`` file beside it
(``glyph_explorer.js`` ...), read by ``_scripts.read_script``; the Python hands it data (JSON,
data attributes), never code. Every explorer of the book is here: one that called Python as
it moved (an ipywidgets callback) would need a kernel, and on the static site it would move and
change nothing. Each explorer's HTML opens with a still of its first frame, pictures with alt
text that an untrusted notebook in JupyterLab still shows (``_still.py``); ``page.js`` swaps
it for the live explorer and keeps the keys its controls use from JupyterLab's shortcuts.
"""

from .denoising_explorer import DenoisingExplorer, denoising_explorer
from .glyph_explorer import GlyphExplorer, glyph_explorer
from .latent_grid import latent_grid_html
from .optimizer_runs import OptimizerRuns, optimizer_runs
from .playground import Playground, playground

__all__ = ["DenoisingExplorer", "GlyphExplorer", "OptimizerRuns", "Playground",
           "denoising_explorer", "glyph_explorer", "latent_grid_html", "optimizer_runs",
           "playground"]
