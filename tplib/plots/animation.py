"""Animations that play without a kernel: a walk through a latent plane, its HTML player."""

from __future__ import annotations

import re
from html import escape

import matplotlib.pyplot as plt
import numpy as np

from ..checks import check_array
from ._common import check_shape

__all__ = [
    "animate_latent_walk",
    "animation_html",
]


def animate_latent_walk(decode, path, image_shape, Z=None, y=None, size=2.2, cmap="Greys",
                        dpi=60, interval=120):
    """Animation of a walk through a 2-D latent plane: the decoded image beside the path.

    decode: (n, 2) -> (n, h*w) in [0, 1]; path: (frames, 2). Z, y (optional) draw codes as a
    faint background. Returns a ``matplotlib.animation.FuncAnimation``; display it with
    ``HTML(anim.to_jshtml())`` so it plays without a kernel. The figure is closed.
    """
    from matplotlib import animation

    if not callable(decode):
        raise TypeError(f"decode must be callable (codes -> images), got {type(decode).__name__}")
    image_shape = check_shape(image_shape)
    path = check_array(path, "path", min_rows=0)
    if path.ndim != 2 or path.shape[1] != 2 or len(path) < 2:
        raise ValueError(f"path must have shape (frames >= 2, 2), got {path.shape}")
    frames = np.asarray(decode(path), dtype=float).reshape(len(path), *image_shape)
    fig, (ax_plane, ax_image) = plt.subplots(1, 2, figsize=(2 * size, size), dpi=dpi)
    if Z is not None:
        Z = np.asarray(Z, dtype=float)
        colors = None if y is None else plt.get_cmap("tab10")(np.asarray(y) % 10)
        ax_plane.scatter(Z[:, 0], Z[:, 1], s=1, alpha=0.3, c=colors, rasterized=True)
    ax_plane.plot(path[:, 0], path[:, 1], color="0.6", lw=0.8)
    (dot,) = ax_plane.plot(*path[0], "o", color="crimson")
    ax_plane.set_xticks([])
    ax_plane.set_yticks([])
    ax_plane.set_title("latent plane", fontsize=8)
    picture = ax_image.imshow(frames[0], cmap=cmap, vmin=0.0, vmax=1.0)
    ax_image.set_xticks([])
    ax_image.set_yticks([])
    ax_image.set_title("decoded", fontsize=8)
    fig.tight_layout()

    def update(k):
        dot.set_data([path[k, 0]], [path[k, 1]])
        picture.set_data(frames[k])
        return dot, picture

    anim = animation.FuncAnimation(fig, update, frames=len(path), interval=interval,
                                   blit=True)
    plt.close(fig)
    return anim


# Matplotlib's player draws its buttons with Font Awesome icons from a CDN; the book makes no
# outside request, so the stylesheet link goes and each icon becomes a plain character.
_PLAYER_ICONS = {"fa fa-play fa-flip-horizontal": "\u25c0", "fa fa-minus": "\u2212",
                 "fa fa-fast-backward": "\u21e4", "fa fa-step-backward": "\u2190",
                 "fa fa-pause": "\u275a\u275a", "fa fa-play": "\u25b6",
                 "fa fa-step-forward": "\u2192", "fa fa-fast-forward": "\u21e5",
                 "fa fa-plus": "+"}


def animation_html(anim, frame_format="png", default_mode="loop", alt=None):
    """The JavaScript player of a FuncAnimation as an HTML string; frames embedded, no kernel.

    frame_format "jpeg" makes photographic frames several times lighter than "png". The
    result loads nothing from the network (matplotlib's CDN stylesheet is removed). alt: what
    the animation shows, the frame image's text alternative (a screen reader reads it); by
    default a generic one naming the number of frames. The frame slider is named "Frame".
    """
    if frame_format not in ("png", "jpeg"):
        raise ValueError(f"frame_format must be 'png' or 'jpeg'; got {frame_format!r}")
    if alt is not None and (not isinstance(alt, str) or not alt.strip()):
        raise ValueError(f"alt must be a non-empty string saying what the animation shows; "
                         f"got {alt!r}")
    with plt.rc_context({"animation.frame_format": frame_format}):
        html = anim.to_jshtml(default_mode=default_mode)
    html = re.sub(r"<link[^>]*href=\"https?://[^>]*>", "", html)
    for icon, text in _PLAYER_ICONS.items():
        html = html.replace(f'<i class="{icon}"></i>', text)
    if alt is None:
        count = re.search(r"new Array\((\d+)\)", html)  # the player's array of frames
        frames = count.group(1) if count else "several"
        alt = f"An animation of {frames} frames; the Frame slider below steps through them."
    html = re.sub(r'<img id="_anim_img\w+"', lambda m: f'{m.group(0)} alt="{escape(alt)}"', html,
                  count=1)
    html = re.sub(r'(class="anim-slider")', r'\1 aria-label="Frame"', html, count=1)
    return _with_still(html, alt)


# Where scripts do not run (a committed chapter opened in JupyterLab is untrusted: its outputs'
# scripts are removed, every <input> disabled), the player's buttons and slider would be dead. So
# the player waits under display:none behind a still of its first frame (an <img> with the alt
# text, which JupyterLab keeps) and a note; the script swaps them, and keeps the slider's keys
# from JupyterLab's command-mode shortcuts (the arrow keys would move between cells).
_STILL_NOTE = "A still of the first frame: run this cell (or trust the notebook) to play it."
_REVEAL = """<script>(function () {
  var still = document.getElementById("%(id)s-still"), live = document.getElementById("%(id)s");
  if (still && still.parentNode) { still.parentNode.removeChild(still); }
  live.style.display = "";
  live.addEventListener("keydown", function (ev) {
    if (ev.target.type === "range" && /^(Arrow|Home$|End$|Page)/.test(ev.key)) {
      ev.stopPropagation();
    }
  });
})();</script>"""


def _with_still(player, alt):
    # matplotlib writes each frame as a JavaScript string broken into lines ending in "\"
    first = re.search(r'frames\[0\] = "(data:image/(?:png|jpeg);base64,[A-Za-z0-9+/=\\\n]+)"',
                      player)
    if first is None:
        raise ValueError("the animation's HTML holds no embedded first frame to show as a still")
    uri = first.group(1).replace("\\\n", "")
    uid = "tplib-anim-" + re.search(r'<img id="_anim_img(\w+)"', player).group(1)
    still = (f'<div id="{uid}-still"><img src="{uri}" alt="{escape(alt)}" '
             f'style="max-width:100%;height:auto"><p style="font-size:small;margin:0.2em 0">'
             f'{_STILL_NOTE}</p></div>')
    return (f'<div class="tplib-animation">{still}<div id="{uid}" style="display:none">'
            f'{player}</div>{_REVEAL % {"id": uid}}</div>')
