"""Widgets <-> URL query parameters, so a copied link reopens a page as it was.

Sliders, numbers and checkboxes use Streamlit's own ``bind="query-params"``.
Selection widgets go through :func:`choice`, which keeps a language-neutral
code in the URL: Streamlit would write the translated label there instead
(issue 14224), and a link made in Chinese would lose its state in English.
A slider or number box whose range or presence depends on another widget goes
through :func:`dependent`, which keeps its value and its URL value inside the
range it is drawn with. :func:`keep_history` owns the browser's history: one
entry per page visit, widget moves replacing it, and an address that always
names the page on screen.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.runtime.state.session_state_proxy import get_session_state

from ui import history
from ui.i18n import labels

MAX_VALUE_LENGTH = 64  # no legitimate parameter is longer; a 5 KB value is noise
# Except points a reader placed by hand (ui.drag.encode_points): up to 60 of them, about 12 characters each.
LONG_VALUES = {"ls_pts": 1024}
MAX_MAGNITUDE = 1e9  # far beyond any widget's range, far below an overflow
REMEMBERED = "_choices"  # session key: the last code of each selection widget, for the reader's return
MAX_REMEMBERED = 64  # more than the app's selection widgets: a cap on what a session keeps, never reached


def _acceptable(key: str, values: list[str]) -> bool:
    """One value (no widget here takes repeated keys), short, and if a number, a finite one."""
    if len(values) != 1 or len(values[0]) > LONG_VALUES.get(key, MAX_VALUE_LENGTH):
        return False
    value = values[0]
    try:
        number = float(value)
    except ValueError:
        return True  # a word: the widget or choice() decides whether it is an option
    return math.isfinite(number) and abs(number) <= MAX_MAGNITUDE


def sanitize_query_params() -> None:
    """Drop query values no widget could hold, on every run, before any page runs.

    Streamlit ignores most invalid values by itself, but an integer widget bound
    to ``?n=1e309`` overflows inside Streamlit (1.67), and repeated keys or
    kilobytes of text deserve no parsing at all. Bound widgets are seeded from
    Streamlit's own snapshot of the URL, which ``st.query_params`` does not
    reach, so the snapshot is refreshed too (tests/test_state.py guards this
    use of Streamlit's internals against an upgrade).
    """
    bad = [k for k in st.query_params if not _acceptable(k, st.query_params.get_all(k))]
    if not bad:
        return
    with get_session_state().query_params() as params:
        for key in bad:
            params.remove_param(key)
        params.set_initial_query_params_from_current()


def choice(
    label: str,
    options: Sequence[str],
    *,
    key: str,
    section: str,
    widget: Callable[..., Any] = st.selectbox,
    **kwargs: Any,
) -> str:
    """A selection widget whose URL parameter is the option's code, not its label.

    ``options`` are codes (registry keys); each is shown as its label under the
    locale ``section``.
    The first option is the default and is kept out of the URL. A value the options no longer
    hold (were they to depend on another widget) gives way to the URL's code or the default.
    Streamlit forgets a selection widget's value when its page is left (bound widgets it keeps):
    a reader who comes back through the sidebar finds the code chosen last, unless the URL names
    one, or Back or Forward brought them, when the entry's URL says it all (no code: the default).
    """
    if st.session_state.get(key) not in options:
        requested = st.query_params.get(key)
        if requested is None and not _history_navigation():
            requested = st.session_state.get(REMEMBERED, {}).get(key)
        st.session_state[key] = requested if requested in options else options[0]
    value = widget(label, options, key=key, format_func=labels(section, options), **kwargs)
    _remember(key, value)
    if value == options[0]:
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = value
    return value


def dependent(
    widget: Callable[..., Any],
    label: str,
    low: float,
    high: float,
    value: float,
    step: float | None = None,
    *,
    key: str,
    **kwargs: Any,
) -> Any:
    """A slider or number box, kept in the URL, whose range or presence depends on other widgets.

    ``widget`` is ``st.slider``, ``column.slider`` or a ``number_input``; the other arguments are its
    own. Streamlit (1.67) makes such a widget a new one whenever its range changes, and a new widget
    takes the value remembered under its key, which can be older than the reader's last move and
    outside the new range: page 1's row index after three rows, the third picked, one row, three
    again, the first picked and two rows raised "The value 3 is greater than the max_value 2". So
    before drawing it, this hands the widget its current value, clamped into the range, whenever the
    range differs from the one it was last drawn with or the value lies outside; and a URL value
    outside the range gives way to that value (or goes, at the default), so a copied link reopens
    what the reader sees. Every widget whose range or presence depends on another goes through here
    (tests/test_fuzz_stateful.py moves them one after another in the same session).
    """
    drawn = st.session_state.setdefault("_ranges", {})
    current = st.session_state.get(key)
    kept = None if current is None else min(max(current, low), high)
    if kept is not None and (kept != current or drawn.get(key) != (low, high, step)):
        st.session_state[key] = kept
    drawn[key] = (low, high, step)
    _keep_url_within(key, low, high, None if kept == value else kept)
    return widget(label, low, high, value, step, key=key, bind="query-params", **kwargs)


def _keep_url_within(key: str, low: float, high: float, kept: float | None) -> None:
    """Replace a URL value outside [low, high] with the widget's value (or drop it: None, the default).

    Streamlit forbids writing a bound parameter through st.query_params, so this goes through its
    session's copy of the URL and refreshes the snapshot that seeds widgets, as sanitize_query_params does.
    """
    try:
        inside = low <= float(st.query_params.get(key, low)) <= high
    except ValueError:
        return  # not a number: Streamlit ignores it, and clears it, by itself
    if inside:
        return
    with get_session_state().query_params() as params:
        if kept is None:
            params.remove_param(key)
        else:
            params.set_corrected_value(key, kept, "double_array_value")  # written as the browser does: 5, not 5.0
        params.set_initial_query_params_from_current()


def write_url(key: str, value: float, default: float) -> None:
    """Send a bound widget's value to the browser's address now (or drop it there, at the default).

    Streamlit writes a value set from code itself, but in a message of the run that set it, and the
    browser ignores what a run sends once a click has started a new one: a stepping demo paused
    mid-frame showed step 11 with 10 in its address. A run that ends the playing calls this, so the
    address a reader copies is the step on screen. Streamlit's copy of the address may already hold the
    value the browser lost, so the message goes out whatever that copy says.
    """
    with get_session_state().query_params() as params:
        params.set_corrected_value(key, value, "double_array_value")  # written as the browser does: 5, not 5.0
        if value == default:
            params.remove_param(key)  # sent again without it: the default stays out of the address


def _history_navigation() -> bool:
    """Whether this run was started by the browser's Back or Forward (Streamlit's flag, guarded by tests)."""
    ctx = get_script_run_ctx()
    return bool(ctx and ctx.is_history_navigation)


def _remember(key: str, code: str) -> None:
    """Keep the last code of a selection widget, the most recent last, at most MAX_REMEMBERED of them."""
    remembered = st.session_state.setdefault(REMEMBERED, {})
    remembered.pop(key, None)
    remembered[key] = code
    while len(remembered) > MAX_REMEMBERED:
        del remembered[next(iter(remembered))]


def keep_history() -> None:
    """Take control of the browser's history: one entry per page visit, the address always naming the page shown.

    Streamlit pushes an entry for every query string the server sends and another for a new page's
    path; ui/history.py explains how its script, installed here once per document, turns that into one
    entry per visit. Call it first in every full run, before anything writes the URL.
    """
    history.install()
