"""ui.raster: pictures that decode to the pixels given, and colours as Vega's scales and a canvas make them."""

import numpy as np
import pytest
from PIL import Image

from tests.helpers import pixels
from ui import raster


@pytest.mark.parametrize("shape", [(1, 1, 3), (5, 7, 3), (6, 2, 4), (42, 42, 3)])
def test_a_data_url_decodes_to_the_pixels_it_was_made_of(shape):
    picture = np.random.default_rng(sum(shape)).integers(0, 256, shape, dtype=np.uint8)
    url = raster.data_url(picture)
    assert url.startswith("data:image/png;base64,")
    np.testing.assert_array_equal(pixels(url), picture)


def test_the_ramp_passes_through_vegas_stops_and_is_linear_between_them():
    stops = raster.rgb([raster.BLUEORANGE[k : k + 6] for k in range(0, 66, 6)]).astype(float)  # (11, 3)
    t = np.linspace(0, 1, 201)
    # numpy's own interpolation, channel by channel; a value that falls on a half may round either way
    expected = np.stack([np.interp(t, np.linspace(0, 1, 11), stops[:, c]) for c in range(3)], axis=-1)
    assert np.abs(raster.ramp(t) - expected).max() <= 0.5 + 1e-9
    assert raster.ramp(np.array([0.0, 0.5, 1.0])).tolist() == [
        [0x13, 0x4B, 0x85],
        [0xF2, 0xF0, 0xEB],
        [0x99, 0x4A, 0x07],
    ]
    np.testing.assert_array_equal(raster.ramp(np.array([-3.0, 7.0])), raster.ramp(np.array([0.0, 1.0])))  # clipped
    assert raster.ramp(np.zeros((2, 3, 4))).shape == (2, 3, 4, 3)


@pytest.mark.parametrize("background", raster.BACKGROUNDS.values())
def test_a_colour_over_the_background_is_what_pillow_composites(background):
    colour = raster.rgb(["#D55E00"])[0]
    alpha = np.arange(256) / 255
    painted = raster.over(colour.astype(float), alpha, background)  # (256, 3)
    ground = Image.new("RGBA", (256, 1), background)
    layer = Image.fromarray(np.dstack([np.tile(colour, (1, 256, 1)), np.arange(256, dtype=np.uint8)[None]]), "RGBA")
    reference = np.asarray(Image.alpha_composite(ground, layer))[0, :, :3]
    assert np.abs(painted.astype(int) - reference).max() <= 1  # Pillow works in integers
    np.testing.assert_array_equal(painted[0], raster.rgb([background])[0])
    np.testing.assert_array_equal(painted[-1], colour)
