"""Bad input to tplib.plots is refused by name, before a figure is drawn (issue 12)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from tplib import plots  # noqa: E402

G = (np.random.default_rng(0).random((4, 35)) < 0.5).astype(float)
Z = np.random.default_rng(1).normal(size=(4, 2))


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("call, error, match", [
    (lambda: plots.plot_glyph(G[0] * 255), ValueError, "x must .*255"),
    (lambda: plots.plot_glyph(G[0] + 1j), TypeError, "x must hold real"),
    (lambda: plots.glyph_image("abc"), TypeError, "x must"),
    (lambda: plots.glyph_image(G[0], shape=7), TypeError, "shape"),
    (lambda: plots.plot_glyphs((G * 255).astype(np.uint8)), ValueError, "X must .*255"),
    (lambda: plots.plot_glyphs(G, labels="ABCD"), TypeError, "labels"),
    (lambda: plots.plot_glyphs(G, ncols=0), ValueError, "ncols"),
    (lambda: plots.plot_latent(Z, labels=["A"]), ValueError, "labels"),
    (lambda: plots.plot_latent(Z + 1j), TypeError, "Z must"),
    (lambda: plots.plot_latent(3.0), ValueError, "Z must"),
    (lambda: plots.plot_history([1, 2]), TypeError, "histories"),
    (lambda: plots.plot_history({"a": {"error": [1]}}), ValueError, "histories"),
    (lambda: plots.plot_image_grid(np.full((2, 2, 7, 5), 255.0)), ValueError, "images"),
    (lambda: plots.plot_image_grid(np.zeros((2, 2, 7, 5)), gap=-1), ValueError, "gap"),
    (lambda: plots.plot_image_grid(np.zeros((2, 2, 7, 5)), values=[0.0]), ValueError,
     "values"),
    (lambda: plots.plot_latent_classes(Z, np.array([0.5, 1, 0, 1]), ["a", "b"]), ValueError,
     "y must"),
    (lambda: plots.plot_latent_classes(Z, np.array([0, 1, 0, 1]), "ab"), TypeError,
     "class_names"),
    (lambda: plots.plot_reconstructions(G, G, 35), TypeError, "image_shape"),
    (lambda: plots.plot_reconstructions(G, G, (5, 5)), ValueError, "image_shape"),
    (lambda: plots.plot_reconstructions(G, G * 255, (7, 5)), ValueError, "X_hat"),
    (lambda: plots.plot_distance_map(np.zeros((3, 3)), (0, 1)), ValueError, "box"),
    (lambda: plots.plot_distance_map(np.zeros((3, 3)), ((0, 1), (0, 1)), Z, ["A"]),
     ValueError, "labels"),
    (lambda: plots.animate_latent_walk(None, Z, (7, 5)), TypeError, "decode"),
    (lambda: plots.animate_latent_walk(lambda z: G[:len(z)], Z, 35), TypeError, "image_shape"),
    (lambda: plots.plot_architecture_comparison([1, 2]), TypeError, "results"),
    (lambda: plots.plot_architecture_comparison({"a": {"loss": [1.0]}}), ValueError,
     "max_pixel_errors"),
    (lambda: plots.plot_latent_runs(np.stack([Z, Z]), ["A"]), ValueError, "labels"),
    (lambda: plots.plot_denoising_rows(G, G * 255, G), ValueError, "noisy"),
    (lambda: plots.plot_loss_per_glyph([0.1], np.ones((1, 2)) + 1j, ["a", "b"]), TypeError,
     "losses"),
    (lambda: plots.plot_success_curves([0.1], [1.0]), TypeError, "results"),
    (lambda: plots.plot_success_curves([0.1], {"a": np.array([[np.nan]])}), ValueError,
     "results"),
    (lambda: plots.plot_subset_losses([2, 3], [0.1, 1j]), TypeError, "losses"),
    (lambda: plots.plot_evaluation_curves(np.ones((1, 3)), ["a"], scale=0), ValueError, "scale"),
    (lambda: plots.plot_evaluation_curves(np.ones((1, 3)) + 1j, ["a"]), TypeError, "losses"),
    (lambda: plots.plot_method_bars(["a", "b"], [1.0]), ValueError, "values"),
    (lambda: plots.plot_method_bars("ab", [1.0, 2.0]), TypeError, "names"),
])
def test_bad_input_is_refused_by_name(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_nan_padded_curves_are_still_drawn():
    losses = np.array([[3.0, 2.0, np.nan], [3.0, 1.0, 0.5]])
    fig = plots.plot_evaluation_curves(losses, ["a", "b"])
    assert len(fig.axes[0].lines) == 4


def test_the_package_re_exports_every_figure_of_its_topic_modules():
    from tplib.plots import animation, denoising, glyphs, latent, training

    topics = (animation, denoising, glyphs, latent, training)
    names = [name for module in topics for name in module.__all__]
    assert sorted(names) == sorted(plots.__all__)  # each name in exactly one topic module
    for module in topics:
        for name in module.__all__:
            assert getattr(plots, name) is getattr(module, name)


def test_png_bytes_draws_dark_ink_on_white_enlarged_pixel_by_pixel():
    import io

    from PIL import Image

    image = np.array([[0.0, 1.0], [0.5, 2.0]])  # 2.0 is clipped to full ink
    png = plots.png_bytes(image, scale=3)
    pixels = np.asarray(Image.open(io.BytesIO(png)))
    assert pixels.shape == (6, 6)
    np.testing.assert_array_equal(pixels[::3, ::3], [[255, 0], [128, 0]])
    np.testing.assert_array_equal(pixels[:3, :3], 255)
    with pytest.raises(ValueError, match="scale"):
        plots.png_bytes(image, scale=plots.MAX_PNG_SCALE + 1)
    with pytest.raises(ValueError, match="image"):
        plots.png_bytes(np.zeros(4))
