"""Widgets <-> URL query parameters, so a copied link reopens a page as it was.

Sliders, numbers and checkboxes use Streamlit's own ``bind="query-params"``.
Selection widgets go through :func:`choice`, which keeps a language-neutral
code in the URL: Streamlit would write the translated label there instead
(issue 14224), and a link made in Chinese would lose its state in English.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st
from streamlit.runtime.state.session_state_proxy import get_session_state

from ui.i18n import labels

MAX_VALUE_LENGTH = 64  # no legitimate parameter is longer; a 5 KB value is noise
MAX_MAGNITUDE = 1e9  # far beyond any widget's range, far below an overflow


def _acceptable(values: list[str]) -> bool:
    """One value (no widget here takes repeated keys), short, and if a number, a finite one."""
    if len(values) != 1 or len(values[0]) > MAX_VALUE_LENGTH:
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
    bad = [k for k in st.query_params if not _acceptable(st.query_params.get_all(k))]
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
    The first option is the default and is kept out of the URL.
    """
    if key not in st.session_state:
        requested = st.query_params.get(key)
        st.session_state[key] = requested if requested in options else options[0]
    value = widget(label, options, key=key, format_func=labels(section, options), **kwargs)
    if value == options[0]:
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = value
    return value


def keep_within(key: str, low: float, high: float) -> None:
    """Clamp the remembered value of a bound widget whose range depends on other widgets.

    Streamlit (1.67) keeps a bound widget's value while the widget is not drawn, and raises
    if it comes back with a range that no longer holds that value: page 1's row index after
    the matrix shrank to one row and grew again, page 3's k after switching to a narrower CSV.
    Call it just before the widget.
    """
    value = st.session_state.get(key)
    if value is not None and not low <= value <= high:
        st.session_state[key] = min(max(value, low), high)
