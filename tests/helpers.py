"""Helpers for the AppTest tests: open the app as a reader does, and move its widgets."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from ui.catalog import PRINCIPLES, demo_ids

ROOT = Path(__file__).resolve().parent.parent
BUILT = [p for p in PRINCIPLES if p.built]
LANGS = ["en", "zh"]
TIMEOUT = 30  # seconds per run: generous for a loaded CI machine


def keep_apptest_in_router_mode() -> None:
    """Keep AppTest out of Streamlit's pre-navigation multipage mode.

    A server enters that mode once, on its first run, when a pages/ folder sits beside Home.py,
    and leaves it for good when Home.py calls st.navigation (ui.layout.through_home sees to it;
    a browser test opens a cold server to check). AppTest re-enters it on every run, as if each
    click were a new server's first request: every page would run twice and lose the click.
    """
    original = PagesManager.__init__
    if getattr(original, "router_mode", False):
        return

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    init.router_mode = True
    PagesManager.__init__ = init


keep_apptest_in_router_mode()


def open_app(lang: str = "en", **query: str) -> AppTest:
    """Run Home.py as a fresh reader whose URL carries ``?lang=`` and ``query``."""
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=TIMEOUT)
    at.query_params.update({"lang": lang, **query})
    return at.run()


def open_page(file: str, lang: str = "en", **query: str) -> AppTest:
    """Open a page through the router, as the navigation does."""
    at = open_app(lang, **query)
    at.switch_page(file)
    return at.run()


def chart_data(at: AppTest, title: str) -> list:
    """The data sets of the chart with this title, as the browser receives them, in the chart's order."""
    for chart in at.get("vega_lite_chart"):
        if json.loads(chart.proto.spec).get("title") == title:
            return [convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets]
    raise AssertionError(f"no chart titled {title!r}")


def pixels(url: str) -> np.ndarray:
    """The picture of a ``data:image/png;base64,`` URL as an (h, w, 3 or 4) array of bytes, read by Pillow."""
    head, _, body = url.partition(",")
    assert head == "data:image/png;base64"
    picture = Image.open(io.BytesIO(base64.b64decode(body)))
    assert picture.format == "PNG"
    return np.asarray(picture)


def newest(pictures: pd.DataFrame, column: str = "url") -> np.ndarray:
    """The newest picture (the highest ``frame``) of a live chart's table of pictures, as pixels."""
    return pixels(pictures.sort_values("frame")[column].iloc[-1])


def assert_healthy(at: AppTest) -> None:
    """No exception, no traceback text: what a reader must never see."""
    assert not at.exception, [e.value for e in at.exception]
    assert all("Traceback" not in m.value for m in at.markdown)


def choose(widget, label: str):
    """Pick an option of a selection widget by its displayed label, as the browser does.

    AppTest's own ``set_value`` needs the underlying option value, which a test
    that walks every widget of every page cannot know; the browser sends the
    label, so this sends the label too.
    """
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    state = WidgetState(id=widget.id)
    if type(widget).__name__ in ("ButtonGroup", "SelectSlider"):
        state.string_array_value.data[:] = [label]
    else:
        state.string_value = label
    widget.__class__ = type(type(widget).__name__, (type(widget),), {"_widget_state": property(lambda _: state)})
    return widget


def extremes(widget) -> list:
    """The values a test moves a widget to: both ends of a range, every option of a choice, then back.

    Each list ends on the value the widget had, so every widget meets its extremes with the others where
    they started: a bound that depends on another widget is met as the reader meets it, and no later move
    runs in an expensive corner (page 9's approximation at 32 units and 4,000 epochs cost a minute of CI).
    """
    kind = type(widget).__name__
    if kind in ("Slider", "NumberInput"):
        return [*(end for end in (widget.min, widget.max) if end != widget.value), widget.value]
    if kind == "Checkbox":
        return [not widget.value, widget.value]
    if kind == "TextInput":  # what a reader may type: nothing, nonsense, too much, then the default back
        return ["", "a, b", "0", "9" * 30, widget.value]
    if kind in ("Radio", "Selectbox", "ButtonGroup", "SelectSlider"):
        options = list(widget.options)
        now = getattr(widget, "index", None)  # a selectbox's or a radio's current option
        return options if now is None else [*options[now + 1 :], *options[: now + 1]]
    return []


def move(widget, value) -> None:
    if type(widget).__name__ in ("Radio", "Selectbox", "ButtonGroup", "SelectSlider"):
        choose(widget, value)
    else:
        widget.set_value(value)


def demo_widgets(at: AppTest) -> list:
    """Every keyed widget in the page body (the sidebar's language switch is tested apart)."""
    kinds = ("slider", "select_slider", "number_input", "checkbox", "radio", "selectbox", "button_group", "text_input")
    return [w for kind in kinds for w in at.main.get(kind) if w.key]


DEMOS = [(p, demo_id) for p in BUILT for demo_id in demo_ids(p.file)]
