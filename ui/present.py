"""Lecture mode: ``?present=1`` turns any page into slides, one demo a screen.

A lesson in lecture mode shows the demo that ``?demo=`` names (its first demo without one) under a bar:
the previous and next demo as links, and a counter, "3 / 8 · 1. Matrices and linear maps". Past a page's
last demo comes the next page's first, so the whole course runs as one deck. The keys ArrowLeft/PageUp and
ArrowRight/PageDown (a lecturer's clicker sends the latter) press those links, unless the focus is on a
control that uses the key itself (a slider, a text box, a choice). A link click is a visit to a page, so
ui/history.py gives each slide one entry of the browser's history, and the address names the slide: page,
``demo``, ``present=1``, the language and the demo's own settings, which a student's copy of the link opens.

The mode lives in the URL only: ``present=1`` is on, any other value is dropped, and the sidebar's toggle
writes the URL. Type is large through one CSS ``zoom`` on the page body, drawn only in lecture mode.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from ui.catalog import BY_KEY, PRINCIPLES, demo_ids
from ui.i18n import current, t

PARAM = "present"  # the URL parameter, and the key of the sidebar's toggle
ON = "1"
DEMO = "demo"  # ui.demo.PARAM (ui.demo imports this module)
FOLD = "present_fold"  # the bar's toggle that folds the demo's controls away
REMEMBERED = "_slide_params"  # session key: each demo's own URL parameters when it was last drawn
CHART_SCALE = 1.3  # how much larger a chart's sizes and fonts are drawn for a projector
# Lengths in px in a spec: sizes, fonts, offsets, and the room a label has before Vega shortens it with "…".
SIZES = {"width", "height", "step", "fontSize", "labelFontSize", "titleFontSize", "dx", "dy", "labelLimit", "limit"}
# What Streamlit's chart theme (1.67) and Vega give axes, legends and titles, in px: scaled like the rest.
THEME = {
    "axis": {"labelFontSize": 12, "titleFontSize": 14, "labelLimit": 100},
    "legend": {"labelFontSize": 14, "titleFontSize": 14, "labelLimit": 160},
    "header": {"labelFontSize": 12, "titleFontSize": 16},
    "title": {"fontSize": 16},
}


@dataclass(frozen=True)
class Slide:
    """One demo of one lesson: the locale section of its page and its id."""

    page: str
    demo: str


def active() -> bool:
    """Whether this run is in lecture mode (the URL says ``present=1``)."""
    return st.query_params.get(PARAM) == ON


def toggle() -> bool:
    """The sidebar's switch, drawn on every page, with lecture mode's style when on. Returns whether on.

    A value other than ``1`` in the URL is dropped.
    """
    on = active()
    if PARAM in st.query_params and not on:
        del st.query_params[PARAM]  # present=yes, present=<script>: the default, and out of the address
    st.session_state[PARAM] = on  # the URL decides, also after Back and Forward
    st.sidebar.toggle(t("present.toggle"), key=PARAM, on_change=_switched, help=t("present.toggle_help"))
    if on:
        style()
    return on


def _switched() -> None:
    """The toggle writes the URL; leaving returns to the whole lesson, where the page scrolls to the demo shown."""
    if st.session_state[PARAM]:
        st.query_params[PARAM] = ON
    else:
        st.query_params.pop(PARAM, None)
        st.query_params.pop(DEMO, None)


@functools.cache
def course() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every lesson with demos, in the order of the principles: (page, its demo ids in the lesson's order).

    The ids are read from each page file's ``@demo("id")`` decorators, in the order the lesson shows them
    (tests/test_demos.py checks that order on every page), without running or importing another page.
    """
    return tuple((p.key, ids) for p in PRINCIPLES if p.built and (ids := demo_ids(p.file)))


def neighbours(page: str, ids: Sequence[str], demo: str) -> tuple[Slide | None, Slide | None]:
    """The slides before and after ``demo`` of ``page`` (whose demos are ``ids``): across pages, None at the ends."""
    i = list(ids).index(demo)
    pages = [key for key, _ in course()]
    at = pages.index(page) if page in pages else -1
    before = Slide(page, ids[i - 1]) if i > 0 else None
    after = Slide(page, ids[i + 1]) if i + 1 < len(ids) else None
    if before is None and at > 0:
        key, theirs = course()[at - 1]
        before = Slide(key, theirs[-1])
    if after is None and 0 <= at < len(pages) - 1:
        key, theirs = course()[at + 1]
        after = Slide(key, theirs[0])
    return before, after


def remember(page: str, demo: str, params: dict[str, Any]) -> None:
    """Keep a demo's own URL parameters as it was last drawn, for the link that brings the lecturer back to it."""
    st.session_state.setdefault(REMEMBERED, {})[f"{page}.{demo}"] = params


def slide(page: str, ids: Sequence[str], demo: str) -> None:
    """Lecture mode's frame around one demo: the address names it, and the bar above it (the style: :func:`toggle`)."""
    if st.query_params.get(DEMO) != demo:
        st.query_params[DEMO] = demo  # present=1 alone (or an unknown id) opens the page's first demo
    before, after = neighbours(page, ids, demo)
    p = BY_KEY[page]
    with st.container(key="present_bar", horizontal=True, vertical_alignment="center", gap="small"):
        _link("present_prev", page, before, "previous", ":material/arrow_back:")
        index, name = ids.index(demo) + 1, t(f"{page}.short")
        st.markdown(t("present.counter", number=p.number, page=name, index=index, total=len(ids)), width="content")
        _link("present_next", page, after, "next", ":material/arrow_forward:")
        fold()


def start() -> None:
    """Home in lecture mode: a bar whose next slide is the course's first demo."""
    page, ids = course()[0]
    with st.container(key="present_bar", horizontal=True, vertical_alignment="center", gap="small"):
        st.markdown(t("present.start"), width="content")
        _link("present_next", "", Slide(page, ids[0]), "next", ":material/arrow_forward:")


def _link(key: str, page: str, to: Slide | None, word: str, icon: str) -> None:
    """A link to a slide (its demo's remembered settings, the language, lecture mode), or a disabled one at an end."""
    side = "right" if word == "next" else "left"
    with st.container(key=key, width="content"):
        if to is None:
            st.page_link(BY_KEY[page].file, label=t(f"present.{word}"), icon=icon, icon_position=side, disabled=True)
            return
        label = t(f"present.{word}")
        if to.page != page:  # the next page: the link says which
            label = t(f"present.{word}_page", number=BY_KEY[to.page].number, page=t(f"{to.page}.short"))
        params = st.session_state.get(REMEMBERED, {}).get(f"{to.page}.{to.demo}", {})
        query = {**params, "lang": current(), PARAM: ON, DEMO: to.demo}
        st.page_link(BY_KEY[to.page].file, label=label, icon=icon, query_params=query, icon_position=side)


CONTROLS = "controls_"  # starts the key of a group of controls with words of its own, folded away whole


@st.fragment  # folding reruns the bar's toggle and its style, not the demo
def fold() -> None:
    """Fold the demo's controls away (and unfold them): the figure alone on the screen, the settings unchanged."""
    st.session_state[FOLD] = st.session_state.get("_present_folded", False)
    folded = st.toggle(t("present.fold"), key=FOLD, help=t("present.fold_help"), on_change=_folded)
    # Hidden, not removed: every widget keeps its value, its place in the URL and its keyboard. The style is
    # drawn on every run, empty when unfolded: a style-only element this fragment stops drawing stays on the
    # page (Streamlit keeps it outside the layout), and the controls would stay hidden.
    if not folded:
        st.html("<style>/* the controls are shown */</style>")
        return
    # All controls but the row of Play, Step and Reset (key "play_…", ui.stepper.BUTTONS); a group of controls
    # with a heading of its own ("controls_…", CONTROLS) whole. A row of controls folds with them: the space
    # between blocks becomes each shown element's margin, so a row whose elements are all hidden takes no room.
    st.html(
        """<style>
[data-testid="stMain"] [class*="st-key-controls_"] {display: none;}
[data-testid="stMain"] [data-testid="stElementContainer"]:not(.st-key-present_bar *, [class*="st-key-play_"] *):has(
  :is(.stSlider, .stNumberInput, .stSelectbox, .stRadio, .stCheckbox, .stButtonGroup, .stTextInput, .stButton,
  .stDownloadButton, .stMultiSelect, .stFileUploader, .stExpander)) {display: none;}
[data-testid="stMain"] [data-testid="stVerticalBlock"]:not(.st-key-present_bar *) {row-gap: 0;}
[data-testid="stMain"] [data-testid="stElementContainer"]:not(.st-key-present_bar *):not(
  :has(> [data-testid="stHtml"])) {margin-bottom: 1rem;}
</style>"""
    )


def _folded() -> None:
    st.session_state["_present_folded"] = st.session_state[FOLD]


def chart(spec: dict[str, Any]) -> dict[str, Any]:
    """A chart's Vega-Lite spec for a projector: every fixed size and font CHART_SCALE times larger.

    The page body is zoomed in lecture mode, but a chart is not (see :func:`style`): Vega finds the mark
    under the pointer with the element's box, which a CSS zoom would scale and the chart would not. So the
    chart grows by its spec instead: its sizes (a square picture of the plane, a heat map's cells), the
    fonts of its marks, and the fonts of its axes, legends and titles, which Streamlit's theme sets.
    """
    scaled = _scaled({k: v for k, v in spec.items() if k != "datasets"})
    config = scaled.setdefault("config", {})
    for part, sizes in THEME.items():
        config[part] = {k: round(v * CHART_SCALE) for k, v in sizes.items()} | config.get(part, {})
    return scaled | ({"datasets": spec["datasets"]} if "datasets" in spec else {})


def _scaled(node: Any) -> Any:
    """A spec with its sizes and fonts scaled, its inline data as it was."""
    if isinstance(node, list):
        return [_scaled(v) for v in node]
    if not isinstance(node, dict):
        return node
    return {
        k: v if k in ("data", "values") else _number(v) if k in SIZES and _is_number(v) else _scaled(v)
        for k, v in node.items()
    }


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number(value: float) -> float:
    return round(value * CHART_SCALE, 2)


def style() -> None:
    """Large type for a projector, and the keys: drawn in lecture mode only, so they go with it.

    The page body is zoomed by the window's width (1.4 on a 1920 px projector, 1.1 at 1280, none on a
    phone), charts and tables excepted: Vega and the table grid map the pointer with the element's box,
    which zoom scales, so they keep zoom 1 and their type is made larger in their spec (:func:`chart`).
    The key handler is installed once per document; it presses the bar's links.
    """
    st.html(
        """<style>
:root {--mathdl-zoom: 1;}
@media (min-width: 1200px) {:root {--mathdl-zoom: 1.1;}}
@media (min-width: 1500px) {:root {--mathdl-zoom: 1.25;}}
@media (min-width: 1800px) {:root {--mathdl-zoom: 1.4;}}
[data-testid="stMainBlockContainer"] {zoom: var(--mathdl-zoom); padding-top: 3.5rem; padding-bottom: 4rem;}
[data-testid="stMainBlockContainer"] :is([data-testid="stVegaLiteChart"], [data-testid="stDataFrame"]) {
  zoom: calc(1 / var(--mathdl-zoom));
}
.st-key-present_bar {padding-bottom: 0.25rem; border-bottom: 1px solid rgba(128, 128, 128, 0.35);}
.st-key-present_bar .st-key-present_fold {margin-left: auto;}
/* The demo's controls stay compact: no larger than at zoom 1.1, the type of a laptop, while text and figures grow. */
[data-testid="stMain"] [data-testid="stElementContainer"]:not(.st-key-present_bar *):has(:is(
  .stSlider, .stNumberInput, .stSelectbox, .stRadio, .stCheckbox, .stButtonGroup, .stTextInput, .stButton,
  .stDownloadButton, .stMultiSelect, .stFileUploader, .stExpander)) {
  zoom: calc(min(var(--mathdl-zoom), 1.1) / var(--mathdl-zoom));
}
.st-key-present_bar :is(.stMarkdown, [data-testid="stMarkdownContainer"], p) {margin: 0; white-space: nowrap;}
</style>"""
    )
    keys()


def keys() -> None:
    """ArrowLeft/PageUp and ArrowRight/PageDown press the bar's links, unless the focus is on a control using them."""
    st.html(
        """<script id="mathdl-present">
(() => {
  if (window.mathdlPresent) return;
  const KEYS = {ArrowLeft: "prev", PageUp: "prev", ArrowRight: "next", PageDown: "next"};
  // Controls whose keys are their own: text, sliders (arrows and Page Up/Down move them), choices, tabs, handles.
  // A checkbox or a switch has none: after "Hide the controls" the keys go on turning the slides.
  const OWN = 'input:not([type="checkbox"]), textarea, select, [contenteditable]:not([contenteditable="false"]),'
    + ' [role="slider"], [role="spinbutton"], [role="radio"], [role="radiogroup"], [role="tab"], [role="tablist"],'
    + ' [role="listbox"],'
    + ' [role="option"], [role="combobox"], [role="menu"], [role="menuitem"], [role="grid"], [role="textbox"]';
  document.addEventListener("keydown", (e) => {
    const which = KEYS[e.key];
    if (!which || e.repeat || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const target = e.composedPath()[0]; // inside a component's shadow root too
    if (target instanceof Element && target.closest(OWN)) return;
    const a = document.querySelector(`.st-key-present_${which} a[href]`);
    if (!a || a.closest('[data-stale="true"]') || a.hasAttribute("disabled")) return;
    e.preventDefault(); // Page Down must not scroll as well
    a.click(); // a visit of ui/history.py: one entry of the history per slide
  });
  // A new slide starts at its top; leaving lecture mode scrolls the whole lesson to the demo last shown.
  let shown = null;
  new MutationObserver(() => {
    const url = new URL(location.href), demo = url.searchParams.get("demo");
    const bar = document.querySelector(".st-key-present_bar");
    if (bar && demo) {
      if (shown && shown.demo !== demo) document.querySelector('[data-testid="stMain"]')?.scrollTo(0, 0);
      shown = {demo, path: url.pathname};
      return;
    }
    if (!shown || bar || demo) return;
    if (url.pathname !== shown.path) { shown = null; return; }
    // The demo's heading in the whole lesson (not the slide's, which the run replaces), until the run is over.
    const heading = document.getElementById(shown.demo);
    const lesson = document.querySelector('[data-testid="stMain"] h1');
    if (!heading || !lesson || heading.closest('[data-stale="true"]')) return;
    heading.scrollIntoView({block: "start"});
    if (document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === "notRunning") shown = null;
  }).observe(document.documentElement, {subtree: true, childList: true});
  window.mathdlPresent = true;
})();
</script>""",
        unsafe_allow_javascript=True,
    )
