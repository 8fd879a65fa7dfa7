"""A plane the reader takes hold of: drag a handle, click to add a point, click a chosen one to remove it.

One Streamlit component (``st.components.v2``, its HTML, CSS and JavaScript shipped in ``ui/drag/``, no
build step and nothing fetched from the internet) draws what Python sends as SVG: axes and grid, lines,
arrows, points, bars and labels, and handles. The reader moves a handle with the mouse, a finger or the
arrow keys; the component sends the new place back at most about 14 times a second while dragging (and
never more than one update ahead of the server's answer) and always on release.

The component keeps no value of its own. A figure's :class:`Handle` is drawn where the page's widgets
say, and :func:`plane`'s ``on_event`` writes the event into those widgets (sliders bound to the URL, or
a value the page keeps in the URL itself), so a drag moves the slider, a slider moves the handle, and a
link reopens the picture as it was. The event is checked here first: it comes from the browser, and a
value that is not a finite number inside the plane is dropped. :func:`alone` runs a figure as a fragment
of its own, so that a drag reruns the figure and not its whole demo.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import streamlit as st

from ui.demo import part
from ui.snippet import Snippet

ASSETS = Path(__file__).with_name("drag")
_COMPONENT = st.components.v2.component(
    "mathdl_drag",
    html="",
    css=(ASSETS / "drag.css").read_text(encoding="utf-8"),
    js=(ASSETS / "drag.js").read_text(encoding="utf-8"),
)
Point = tuple[float, float]
Bounds = tuple[Point, Point]  # ((x_min, x_max), (y_min, y_max))
DIGITS = 4  # decimals sent to the browser: far below a pixel
MAX_ID = 16  # characters of a handle id coming back from the browser


@dataclass(frozen=True)
class Handle:
    """A point (or, ``kind="vline"``, a vertical line) the reader can move.

    ``constrain`` is ``"free"`` (inside ``bounds``), ``"circle"`` (on the unit circle) or ``"x"`` (along x
    only); ``step`` is what one arrow key moves it (degrees on the circle); ``arrow`` draws it as an arrow
    from the origin; ``removable`` lets a click on it when chosen, or Delete, remove it.
    """

    id: str
    at: Point
    color: str
    bounds: Bounds
    label: str = ""
    aria: str = ""
    constrain: str = "free"
    kind: str = "point"
    step: float = 0.1
    arrow: bool = False
    removable: bool = False
    size: float = 7.0

    def payload(self) -> dict[str, Any]:
        """What the browser draws, in JSON."""
        data = asdict(self)
        data["at"] = _rounded(self.at)
        return data


@dataclass(frozen=True)
class Event:
    """What the reader did: moved a handle (``id``) to ``at``, added a point at ``at``, or removed ``id``."""

    type: str
    id: str | None = None
    at: Point | None = None
    final: bool = False


@dataclass(frozen=True)
class View:
    """The window of the plane; ``equal`` draws a unit of x as long as a unit of y (a square grid)."""

    x: Point
    y: Point
    equal: bool = True
    origin: bool = True
    height: int = 260  # px of the plot when not ``equal``
    xlabel: str = ""
    ylabel: str = ""

    @property
    def bounds(self) -> Bounds:
        """The window as ((x_min, x_max), (y_min, y_max))."""
        return (self.x, self.y)


def _rounded(values: Any) -> Any:
    """Plain lists of floats for JSON, rounded to DIGITS."""
    return np.round(np.asarray(values, dtype=float), DIGITS).tolist()


def shape(kind: str, name: str, points: Any, color: str, **style: Any) -> dict[str, Any]:
    """One thing to draw: ``line``, ``segments``, ``arrow``, ``points``, ``area``, ``bars`` or ``text``.

    ``points`` is (n, 2) for most kinds, (m, 2, 2) for segments, (n, 3) rows of (left, right, height) for
    bars and one (x, y) for text; ``style`` takes ``label``, ``width``, ``dash``, ``opacity``, ``size``,
    ``dx``/``dy`` (the label's offset in px) and ``anchor``. ``name`` marks it in the page, for tests.
    """
    key = "at" if kind == "text" else "points"
    return {"kind": kind, "name": name, key: _rounded(points), "color": color, **style}


@dataclass(frozen=True)
class Picture:
    """What a figure function builds for :func:`plane`: the view, the shapes, the handles and their words.

    ``add`` lets a click on empty space inside the view add a point; ``aria`` says in words what the
    plane shows, for a screen reader.
    """

    view: View
    shapes: Sequence[dict[str, Any]]
    handles: Sequence[Handle]
    aria: str
    add: bool = False


def plane(key: str, picture: Picture, *, on_event: Callable[[Event], None]) -> None:
    """Draw the picture and pass each event of the reader, checked, to ``on_event`` (a callback, before the rerun)."""
    view = picture.view
    data = {
        "view": asdict(view),
        "shapes": list(picture.shapes),
        "handles": [h.payload() for h in picture.handles],
        "add": [list(view.x), list(view.y)] if picture.add else None,
        "ack": st.session_state.get(f"{key}_ack"),
        "aria": picture.aria,
    }
    known = {h.id: h for h in picture.handles}
    _COMPONENT(
        key=key,
        data=data,
        on_event_change=lambda: _dispatch(key, known, view.bounds, picture.add, on_event),
        width="stretch",
        height="content",
    )


def alone(key: str, render: Callable[[Snippet], object], snippet: Snippet) -> None:
    """Run ``render`` as a fragment of its own inside its demo, so that a drag reruns this figure and not the demo."""
    part(key, render, snippet)


def _dispatch(
    key: str, handles: dict[str, Handle], bounds: Bounds, add: bool, on_event: Callable[[Event], None]
) -> None:
    raw = _raw_event(key)
    if not isinstance(raw, dict):
        return
    st.session_state[f"{key}_ack"] = {"nonce": str(raw.get("nonce", ""))[:MAX_ID], "seq": _count(raw.get("seq"))}
    event = parse_event(raw, handles, bounds, add=add)
    if event is not None:
        on_event(event)


def _raw_event(key: str) -> Any:
    """The trigger value the browser sent, as Streamlit keeps it under the component's key."""
    result = st.session_state.get(key)
    return None if result is None else result.get("event")


def _count(value: Any) -> int:
    return int(value) if isinstance(value, int) and 0 <= value < 2**53 else 0


def parse_event(raw: dict[str, Any], handles: dict[str, Handle], bounds: Bounds, *, add: bool) -> Event | None:
    """The reader's event, or None if the browser sent something no reader could have done.

    A move names a known handle and lands, clamped, inside its bounds (on the unit circle for a circle
    handle); an add lands inside ``bounds`` and only where adding is allowed; a remove names a removable
    handle.
    """
    kind, handle_id, final = raw.get("type"), raw.get("id"), raw.get("final") is True
    if not isinstance(handle_id, str):
        handle_id = None
    at = _point(raw.get("at"))
    if kind == "move" and handle_id in handles and at is not None:
        return Event("move", handle_id, _inside(handles[handle_id], at), final)
    if kind == "add" and add and at is not None and _within(at, bounds):
        return Event("add", None, at, True)
    if kind == "remove" and handle_id in handles and handles[handle_id].removable:
        return Event("remove", handle_id, None, True)
    return None


def _point(value: Any) -> Point | None:
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        return None
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value):
        return None
    return float(value[0]), float(value[1])


def _within(at: Point, bounds: Bounds) -> bool:
    return all(lo <= v <= hi for v, (lo, hi) in zip(at, bounds, strict=True))


def _inside(h: Handle, at: Point) -> Point:
    if h.constrain == "circle":
        r = math.hypot(*at)
        return (1.0, 0.0) if r == 0 else (at[0] / r, at[1] / r)
    x, y = at if h.constrain != "x" else (at[0], h.at[1])
    (x0, x1), (y0, y1) = h.bounds
    return min(max(x, x0), x1), min(max(y, y0), y1)


def snap(value: float, low: float, high: float, step: float) -> float:
    """``value`` clamped into [low, high] and rounded to the slider's grid low + k·step."""
    k = round((min(max(value, low), high) - low) / step)
    return round(min(low + k * step, high), 10)


def set_widgets(values: dict[str, tuple[float, float, float, float]]) -> None:
    """Write values into widgets before the rerun draws them: key -> (value, low, high, step), snapped."""
    for key, (value, low, high, step) in values.items():
        st.session_state[key] = snap(value, low, high, step)


def encode_points(points: Any, digits: int = 2) -> str:
    """Points for the URL: ``x_y`` pairs joined by ``~``, ``digits`` decimals (``0.5_-1.25~1_2``).

    Both separators are characters a URL carries as they are, so a link stays short and readable.
    """
    return "~".join("_".join(f"{v:.{digits}f}".rstrip("0").rstrip(".") for v in p) for p in np.asarray(points))


def tidy_points(points: Any, bounds: Bounds, digits: int = 2) -> list[Point]:
    """Points as :func:`encode_points` writes them: clamped into ``bounds`` and rounded to ``digits`` decimals."""
    (x0, x1), (y0, y1) = bounds
    return [(round(min(max(float(x), x0), x1), digits), round(min(max(float(y), y0), y1), digits)) for x, y in points]


def decode_points(text: Any, bounds: Bounds, most: int) -> list[Point] | None:
    """The points of :func:`encode_points`, or None for anything else: malformed, outside bounds, too many."""
    if not isinstance(text, str) or not text or text.count("~") >= most:
        return None
    points = []
    for pair in text.split("~"):
        parts = pair.split("_")
        try:
            at = _point([float(v) for v in parts])
        except ValueError:
            return None
        if at is None or not _within(at, bounds):
            return None
        points.append(at)
    return points
