"""ui.raster: PNG files that decode to the pixels given, and colours as Vega's scales and a canvas make them."""

import base64
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from tests.helpers import pixels
from ui import raster


def decode(png: bytes) -> tuple[dict, np.ndarray, list[int]]:
    """A PNG by the book: its chunks (each CRC checked), its header, and its rows unfiltered (all five filters)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    at, chunks = 8, []
    while at < len(png):
        (size,) = struct.unpack(">I", png[at : at + 4])
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + size]
        (crc,) = struct.unpack(">I", png[at + 8 + size : at + 12 + size])
        assert crc == zlib.crc32(kind + data)
        chunks.append((kind, data))
        at += 12 + size
    assert [k for k, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    w, h, depth, colour, *_ = struct.unpack(">IIBBBBB", chunks[0][1])
    channels = {2: 3, 6: 4}[colour]
    raw = np.frombuffer(zlib.decompress(chunks[1][1]), np.uint8).reshape(h, 1 + w * channels)
    rows, before = [], np.zeros(w * channels, int)
    for filter_type, row in zip(raw[:, 0], raw[:, 1:].astype(int), strict=True):
        out = np.zeros_like(row)
        for k in range(len(row)):
            a = out[k - channels] if k >= channels else 0
            b, c = before[k], before[k - channels] if k >= channels else 0
            p = a + b - c
            paeth = a if abs(p - a) <= min(abs(p - b), abs(p - c)) else b if abs(p - b) <= abs(p - c) else c
            out[k] = (row[k] + [0, a, b, (a + b) // 2, paeth][filter_type]) % 256
        rows.append(out)
        before = out
    header = {"width": w, "height": h, "depth": depth, "channels": channels}
    return header, np.array(rows, np.uint8).reshape(h, w, channels), raw[:, 0].tolist()


@pytest.mark.parametrize("shape", [(1, 1, 3), (5, 7, 3), (6, 2, 4), (42, 42, 3)])
def test_a_png_decodes_to_the_pixels_it_was_made_of(shape):
    rng = np.random.default_rng(sum(shape))
    picture = rng.integers(0, 256, shape, dtype=np.uint8)
    png = raster.png(picture)
    header, decoded, filters = decode(png)
    assert header == {"width": shape[1], "height": shape[0], "depth": 8, "channels": shape[2]}
    assert filters == [0] * shape[0]  # each row as it is
    np.testing.assert_array_equal(decoded, picture)
    np.testing.assert_array_equal(pixels(raster.data_url(picture)), picture)  # Pillow reads the same


def test_a_data_url_holds_the_png_in_base64():
    picture = np.full((3, 4, 3), 200, np.uint8)
    url = raster.data_url(picture)
    assert url.startswith("data:image/png;base64,")
    assert base64.b64decode(url.split(",", 1)[1]) == raster.png(picture)


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
