"""Every word a reader sees, in English or Simplified Chinese.

Strings live in ``locales/<lang>.toml``; a page asks for them by dotted key,
``t("linear_maps.title")``. The language is chosen once per run by
:func:`init_language` and kept in session state, because a click in the
sidebar navigation drops the query string.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import streamlit as st

LANGUAGES = {"en": "English", "zh": "中文"}
DEFAULT = "en"
LOCALES = Path(__file__).resolve().parent.parent / "locales"


@functools.cache
def catalog(lang: str) -> dict[str, Any]:
    """The parsed locale file of one language."""
    with open(LOCALES / f"{lang}.toml", "rb") as f:
        return tomllib.load(f)


def current() -> str:
    """The reader's language for this run."""
    lang = st.session_state.get("lang", DEFAULT)
    return lang if lang in LANGUAGES else DEFAULT


def lookup(key: str, lang: str | None = None) -> Any:
    """The raw entry at a dotted key: a string, a list or a table."""
    node: Any = catalog(lang or current())
    for part in key.split("."):
        node = node[part]
    return node


def t(key: str, **params: Any) -> str:
    """The translated string at a dotted key, with ``{name}`` fields filled."""
    text = lookup(key)
    return text.format(**params) if params else text


def labels(section: str, keys) -> Callable[[str], str]:
    """A widget's ``format_func``: option code -> its label under ``section``, read now.

    Reading the labels once, when the widget is made, keeps the function free of
    session state, so it gives the same answer wherever it is called.
    """
    return {key: t(f"{section}.{key}") for key in keys}.__getitem__


def data_names(data: str, table: str, names: Sequence[str], lang: str | None = None) -> list[str]:
    """The reader's words for the feature or class names of a bundled data set.

    ``names`` are scikit-learn's (``mathdl.datasets`` passes them on as they are); the locale's
    ``datasets.<data>.<table>`` maps each to its words, keyed by that name. A key with fields,
    ``"pixel_{row}_{col}"``, stands for every name of its form. A name the locale does not know (a
    column of the reader's own CSV) is shown as it is.
    """
    entries = catalog(lang or current()).get("datasets", {}).get(data, {}).get(table, {})
    patterns = [(_pattern(key), text) for key, text in entries.items() if "{" in key]

    def word(name: str) -> str:
        if name in entries:
            return str(entries[name])
        for pattern, text in patterns:
            if found := pattern.fullmatch(name):
                return str(text).format(**found.groupdict())
        return name

    return [word(str(name)) for name in names]


@functools.cache
def _pattern(key: str) -> re.Pattern[str]:
    """``"pixel_{row}_{col}"`` as a pattern that captures the row and the column."""
    parts = re.split(r"\{(\w+)\}", key)  # text, field, text, field, …, text
    return re.compile("".join(re.escape(p) if i % 2 == 0 else rf"(?P<{p}>\w+?)" for i, p in enumerate(parts)))


def browser_language() -> str:
    """``zh`` for a browser set to any Chinese locale, else English."""
    locale = st.context.locale or ""
    return "zh" if locale.lower().startswith("zh") else DEFAULT


def init_language() -> str:
    """Resolve the language (URL, then the reader's choice, then the browser) and draw the switch.

    The choice lives under a plain session key, ``_lang``, and is handed to the radio on every
    run: Streamlit can reset a widget to its default on a page change (seen on the first click in
    the navigation after a server start), which would switch a Chinese reader to English.
    """
    requested = st.query_params.get("lang")
    if requested in LANGUAGES and st.session_state.get("_lang_from_url") != requested:
        # A link that names a language wins once; after that the reader's clicks do.
        st.session_state["_lang"] = requested
        st.session_state["_lang_from_url"] = requested
    elif st.session_state.get("_lang") not in LANGUAGES:
        st.session_state["_lang"] = browser_language()
    st.session_state["lang"] = st.session_state["_lang"]
    st.sidebar.radio(
        "Language · 语言",
        list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        horizontal=True,
        key="lang",
        on_change=_remember_language,
    )
    st.query_params["lang"] = st.session_state["lang"]
    return st.session_state["lang"]


def _remember_language() -> None:
    st.session_state["_lang"] = st.session_state["lang"]
