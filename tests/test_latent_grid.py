"""tplib.explorers.latent_grid: the grid explorer's checks, its markup and its script file."""

import base64
import io
import re

import numpy as np
import pytest

from tplib.explorers import latent_grid_html
from tplib.explorers._scripts import read_script

pytest.importorskip("IPython")


def _grid(n=4, seed=0):
    return np.random.default_rng(seed).uniform(size=(n, n, 7, 5))


def test_the_sprite_holds_every_cell_and_the_sliders_start_in_the_middle():
    from PIL import Image

    images = _grid()
    markup = latent_grid_html(images, np.linspace(-1, 1, 4), scale=3, title="a <b>").data
    assert "a &lt;b&gt;" in markup
    uid = re.search(r'<div id="([^"]+)" class="tplib-vae-explorer"', markup).group(1)
    assert f'<script data-for="{uid}">{read_script("latent_grid.js")}</script>' in markup
    assert markup.count("type='range'") == 2 and "value='2'" in markup
    data = re.search(r"background-image:url\(data:image/png;base64,([A-Za-z0-9+/=]+)", markup).group(1)
    sprite = np.asarray(Image.open(io.BytesIO(base64.b64decode(data))), dtype=float)
    assert sprite.shape == (4 * 7, 4 * 5)
    # cell (i, j) of the sprite is images[i, j], dark ink on white
    np.testing.assert_allclose(sprite[7:14, 10:15], 255 * (1 - images[1, 2]), atol=0.51)


def test_the_script_is_the_js_file_with_no_placeholder():
    script = read_script("latent_grid.js")
    assert "__" not in script and "data-for" in script


@pytest.mark.parametrize("call, error, match", [
    (lambda: latent_grid_html(np.zeros((2, 2, 7, 5)) + 1j, [0.0, 1.0]), TypeError, "images"),
    (lambda: latent_grid_html(np.zeros((2, 2, 7, 5)), ["a", "b"]), TypeError, "values"),
    (lambda: latent_grid_html(np.zeros((2, 2, 7, 5)), [0.0, 1.0], scale=10**6), ValueError,
     "scale"),
    (lambda: latent_grid_html(np.zeros((2, 2, 7, 5)), [0.0, 1.0], scale=2.0), TypeError, "scale"),
    (lambda: latent_grid_html(np.full((2, 2, 7, 5), 2.0), [0.0, 1.0]), ValueError, "images"),
    (lambda: latent_grid_html(np.zeros((2, 3, 7, 5)), [0.0, 1.0]), ValueError, r"\(n, n, h, w\)"),
    (lambda: latent_grid_html(np.zeros((2, 2, 7, 5)), [0.0, 1.0, 2.0]), ValueError, "values"),
])
def test_bad_input_is_refused_by_name(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_the_still_pictures_the_cell_the_sliders_start_at():
    from PIL import Image

    images = _grid(4)
    markup = latent_grid_html(images, np.linspace(-1, 1, 4), scale=3).data
    still = markup.split('class="tplib-vae-explorer"')[0]
    data = re.search(r'<img src="data:image/png;base64,([^"]+)" alt="The image decoded at '
                     r'z = \(0.33, 0.33\)\."', still).group(1)
    picture = np.asarray(Image.open(io.BytesIO(base64.b64decode(data))), dtype=float)
    # The sliders start at column 2 and row 4 - 1 - 2 of the sprite: images[1, 2], 3x larger.
    np.testing.assert_allclose(picture[::3, ::3], 255 * (1 - images[1, 2]), atol=0.51)
    assert "aria-valuetext='z1 = 0.33'" in markup and "display:none" in markup
    # A value that rounds to zero is said as the page says it: 0.00, not -0.00.
    near_zero = latent_grid_html(_grid(3), np.array([-1.0, -1e-17, 1.0])).data
    assert "z = (0.00, 0.00)" in near_zero and "-0.00" not in near_zero
