"""Figures the chapters share, by topic; each takes ``ax=None``, returns the figure, never shows it.

``glyphs`` draws glyphs and decoded images, ``latent`` latent planes, ``training`` loss curves and
result bars, ``denoising`` the denoising chapter's figures, ``animation`` the latent-walk player.
Every public name is re-exported here, so ``tplib.plots.plot_glyphs`` and friends stay stable.
"""

from .animation import animate_latent_walk, animation_html
from .denoising import (plot_denoising_rows, plot_loss_per_glyph, plot_subset_losses,
                        plot_success_curves)
from .glyphs import (MAX_PNG_SCALE, glyph_image, plot_glyph, plot_glyphs, plot_image_grid,
                     plot_reconstructions, png_bytes)
from .latent import plot_distance_map, plot_latent, plot_latent_classes, plot_latent_runs
from .training import (plot_architecture_comparison, plot_evaluation_curves, plot_history,
                       plot_method_bars)

__all__ = [
    "MAX_PNG_SCALE",
    "animate_latent_walk",
    "animation_html",
    "glyph_image",
    "plot_architecture_comparison",
    "plot_denoising_rows",
    "plot_distance_map",
    "plot_evaluation_curves",
    "plot_glyph",
    "plot_glyphs",
    "plot_history",
    "plot_image_grid",
    "plot_latent",
    "plot_latent_classes",
    "plot_latent_runs",
    "plot_loss_per_glyph",
    "plot_method_bars",
    "plot_reconstructions",
    "plot_subset_losses",
    "plot_success_curves",
    "png_bytes",
]
