"""Pictures made from numbers for Vega's image mark: colours as the charts' scales give them, as PNG data URLs.

A heat map of thousands of cells costs the browser Vega's work on every cell of every picture; one
picture of it costs one image. The colours are worked out here exactly as Vega would (its scheme's
stops, linear in RGB, rounded; a colour of some opacity over the page's background), so a picture
looks like the cells it replaces. Pillow (which Streamlit brings) writes the PNG.
"""

from __future__ import annotations

import base64
import io

import numpy as np
from PIL import Image

# Vega's "blueorange" scheme (vega-scale), its 11 stops: colour-blind safe, readable on light and dark.
BLUEORANGE = "134b852f78b35da2cb9dcae1d2e5eff2f0ebfce0bafbbf74e8932fc5690d994a07"
# The page's background in Streamlit's light and dark theme, which Vega fills a chart's canvas with.
BACKGROUNDS = {"light": "#ffffff", "dark": "#171614"}


def rgb(colours: list[str]) -> np.ndarray:
    """Hex colours ("#0072B2" or "0072b2") as an (n, 3) array of bytes.

    >>> rgb(["#0072B2", "ffffff"]).tolist()
    [[0, 114, 178], [255, 255, 255]]
    """
    return np.array([[int(c.lstrip("#")[k : k + 2], 16) for k in (0, 2, 4)] for c in colours], dtype=np.uint8)


def ramp(t: np.ndarray, stops: str = BLUEORANGE) -> np.ndarray:
    """The colours (..., 3) of a continuous scheme at t in [0, 1], as Vega interpolates its ``stops``.

    Piecewise linear in RGB between equally spaced stops (d3's piecewise interpolateRgb), rounded to bytes.

    >>> ramp(np.array([0.0, 0.5, 1.0])).tolist()
    [[19, 75, 133], [242, 240, 235], [153, 74, 7]]
    """
    colours = rgb([stops[k : k + 6] for k in range(0, len(stops), 6)]).astype(float)  # (m, 3)
    x = np.clip(np.asarray(t, dtype=float), 0, 1) * (len(colours) - 1)
    low = np.minimum(np.floor(x).astype(int), len(colours) - 2)
    part = (x - low)[..., None]
    return _bytes(colours[low] * (1 - part) + colours[low + 1] * part)


def over(colour: np.ndarray, alpha: np.ndarray, background: str) -> np.ndarray:
    """Colours (..., 3) of opacity ``alpha`` (...) painted over a ``background`` hex colour, as bytes."""
    ground = rgb([background])[0].astype(float)
    a = np.asarray(alpha, dtype=float)[..., None]
    return _bytes(a * colour + (1 - a) * ground)


def _bytes(x: np.ndarray) -> np.ndarray:
    """Numbers rounded half up to bytes, as JavaScript's Math.round does (numpy's rint rounds half to even)."""
    return np.floor(x + 0.5).astype(np.uint8)


def data_url(pixels: np.ndarray) -> str:
    """A picture (h, w, 3) RGB or (h, w, 4) RGBA of bytes, top row first, as a ``data:image/png;base64,...`` URL."""
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(pixels, dtype=np.uint8)).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
