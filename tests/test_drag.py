"""ui/drag.py's Python side: what comes back from the browser is checked, snapped, and survives the URL."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ui import drag, state

BOX = ((-3.0, 3.0), (-2.0, 2.0))
HANDLES = {
    "x": drag.Handle("x", (1.0, 0.5), "#000", BOX),
    "u": drag.Handle("u", (1.0, 0.0), "#000", BOX, constrain="circle"),
    "t": drag.Handle("t", (0.5, 1.0), "#000", BOX, constrain="x", kind="vline"),
    "p0": drag.Handle("p0", (0.0, 0.0), "#000", BOX, removable=True),
}


def event(**raw):
    return drag.parse_event(raw, HANDLES, BOX, add=True)


def test_a_move_lands_clamped_inside_its_handles_bounds_on_its_circle_or_along_x():
    assert event(type="move", id="x", at=[9.0, -9.0], final=True) == drag.Event("move", "x", (3.0, -2.0), True)
    assert event(type="move", id="u", at=[0.0, -2.0]).at == (0.0, -1.0)
    assert event(type="move", id="t", at=[0.25, -1.5]).at == (0.25, 1.0)  # only x moves
    assert event(type="add", at=[0.5, 0.5]) == drag.Event("add", None, (0.5, 0.5), True)
    assert event(type="remove", id="p0") == drag.Event("remove", "p0", None, True)


@pytest.mark.parametrize(
    "raw",
    [
        {"type": "move", "id": "nobody", "at": [0, 0]},
        {"type": "move", "id": "x", "at": [float("nan"), 0]},
        {"type": "move", "id": "x", "at": [1e309, 0]},
        {"type": "move", "id": "x", "at": [True, 0]},
        {"type": "move", "id": "x", "at": "0,0"},
        {"type": "move", "id": "x", "at": [0, 0, 0]},
        {"type": "move", "id": ["x"], "at": [0, 0]},
        {"type": "add", "at": [5.0, 0.0]},  # outside the plane
        {"type": "remove", "id": "x"},  # not removable
        {"type": "explode"},
        {},
    ],
)
def test_what_no_reader_could_have_done_is_dropped(raw):
    assert event(**raw) is None


def test_adding_is_refused_where_the_figure_does_not_allow_it():
    assert drag.parse_event({"type": "add", "at": [0, 0]}, HANDLES, BOX, add=False) is None


@given(
    st.floats(allow_nan=False, allow_infinity=False, width=32), st.sampled_from([(0.0, 1.0, 0.01), (-2.5, 2.5, 0.1)])
)
@settings(max_examples=100)
def test_a_snapped_value_lies_in_range_on_the_sliders_grid(value, slider):
    low, high, step = slider
    snapped = drag.snap(value, low, high, step)
    assert low <= snapped <= high
    assert math.isclose((snapped - low) / step, round((snapped - low) / step), abs_tol=1e-6)
    if low <= value <= high:
        assert abs(snapped - value) <= step / 2 + 1e-9


points = st.lists(
    st.tuples(st.floats(-1.2, 1.2), st.floats(-4.0, 5.0)).map(lambda p: (round(p[0], 2), round(p[1], 2))),
    min_size=1,
    max_size=60,
)


@given(points)
@settings(max_examples=60)
def test_points_survive_the_url_and_fit_the_routers_length_limit(found):
    text = drag.encode_points(found)
    assert drag.decode_points(text, ((-1.25, 1.25), (-4.0, 5.0)), 60) == [(float(x), float(y)) for x, y in found]
    assert len(text) <= state.LONG_VALUES["ls_pts"] and all(c in "0123456789.-_~" for c in text)


@pytest.mark.parametrize(
    "text", ["", "1", "1_2_3", "a_b", "nan_0", "inf_0", "1e999_0", "9_0", "0_9", "1_2~", "~", "0x1_2", None, 7]
)
def test_a_hostile_or_malformed_url_value_gives_no_points(text):
    assert drag.decode_points(text, ((-1.25, 1.25), (-4.0, 5.0)), 60) is None


def test_more_points_than_allowed_give_none():
    assert drag.decode_points("~".join(["0_0"] * 61), ((-1, 1), (-1, 1)), 60) is None
    assert len(drag.decode_points("~".join(["0_0"] * 60), ((-1, 1), (-1, 1)), 60)) == 60


def test_a_handle_travels_as_plain_json_rounded_far_below_a_pixel():
    payload = drag.Handle("x", (1 / 3, 2 / 3), "#123456", BOX).payload()
    assert payload["at"] == [0.3333, 0.6667] and payload["bounds"] == BOX and payload["color"] == "#123456"


def test_tidy_points_are_what_the_url_gives_back():
    tidy = drag.tidy_points([(0.123456, 9.0), (-2.0, -0.005)], ((-1.25, 1.25), (-4.0, 5.0)))
    assert tidy == [(0.12, 5.0), (-1.25, -0.01)] or tidy == [(0.12, 5.0), (-1.25, -0.0)]
    assert drag.decode_points(drag.encode_points(tidy), ((-1.25, 1.25), (-4.0, 5.0)), 60) == tidy
