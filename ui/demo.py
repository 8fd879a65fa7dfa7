"""A demo is the unit of a page: an id, its widgets, its mathdl calls, its figure and its snippet.

A page defines each demo as a function of a :class:`~ui.snippet.Snippet`, decorated with
:func:`demo` and its id; the id is the demo's locale section (``<page>.<id>.title``) and its
name in the URL. :func:`show` draws a demo as an ``st.fragment``, so moving one of its widgets
reruns it alone, under its heading and a link that opens it by itself (``?demo=<id>``, what a
lecturer puts on a slide), and above the code that reproduces it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit import config
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from mathdl import MathDLError
from ui import glossary, present
from ui.catalog import BY_KEY
from ui.i18n import current, t
from ui.snippet import Snippet

PARAM = "demo"
PICTURES_A_RUN = 1.0  # seconds of pictures that one run of a ticking part draws (see _ticking_part)
_LOGGER = logging.getLogger(__name__)


Render = Callable[[Snippet], Mapping[str, object] | None]  # a demo's body; it may return its intro's numbers


@dataclass(frozen=True)
class Demo:
    """One demo: ``render`` draws its widgets and figures and makes its calls through the snippet.

    ``render`` may return the numbers its intro quotes ({field}s of the intro's text, filled once it
    has computed them), so no number in a sentence is typed. ``timer`` (for a demo that animates)
    tells, on each full run, how many seconds to wait before the demo reruns by itself, or None to
    stay still.
    """

    id: str
    render: Render
    timer: Callable[[], float | None] | None = None


def demo(id: str, *, timer: Callable[[], float | None] | None = None) -> Callable[[Render], Demo]:
    """Make a function of a snippet into the demo with this id."""
    return lambda render: Demo(id, render, timer)


def requested(demos: Sequence[Demo]) -> Demo | None:
    """The demo that ``?demo=`` names, or None for the whole page (with a notice if it names none)."""
    wanted = st.query_params.get(PARAM)
    if wanted is None:
        return None
    found = next((d for d in demos if d.id == wanted), None)
    if found is None:
        # The id came from a link: it is not repeated here, so a link cannot put words in the page.
        st.info(t("common.unknown_demo"), icon=":material/info:")
    return found


def show(page: str, demo: Demo, *, alone: bool = False) -> None:
    """Draw a demo as its own fragment: heading, body, the link to it alone (or back), its snippet.

    A demo whose timer ticks is drawn by another function than a still one, so its fragment has another id
    (Streamlit names a fragment after its function and place): the browser's timer keeps sending reruns until
    it has read the run that stopped it, each carrying the widgets as the browser last drew them, often a frame
    behind; once the ticking fragment is gone Streamlit drops them instead of drawing that stale frame.
    """
    every = demo.timer() if demo.timer else None
    st.fragment(_ticking if every else _run, run_every=every, key=f"demo_{demo.id}")(page, demo, alone)


def _ticking(page: str, demo: Demo, alone: bool) -> None:
    """A demo while its timer ticks (see :func:`show`)."""
    _run(page, demo, alone)


def _run(page: str, demo: Demo, alone: bool) -> None:
    before = _widget_keys()
    title, link = st.columns([4, 1], vertical_alignment="bottom")
    title.subheader(t(f"{page}.{demo.id}.title"), anchor=demo.id)
    # The intro may quote what the demo computes, so it is written once the demo has run. Until then its
    # place holds the intro the last run wrote: left empty, it would fold and unfold on every rerun, and
    # everything below it (a Pause button among them) would jump by its height, several times a second.
    intro, said = st.empty(), f"_intro_{page}_{demo.id}_{current()}"
    if said in st.session_state:
        intro.markdown(st.session_state[said])
    snippet = Snippet()
    facts = guarded(demo, snippet)
    if facts is None:
        intro.empty()
        return
    # Glossary terms in the intro carry their definition, shown on hover (ui.glossary.annotate).
    text = glossary.annotate(t(f"{page}.{demo.id}.intro", **facts), current(), page, demo.id)
    if st.session_state.get(said) != text:
        intro.markdown(text)
        st.session_state[said] = text
    # The link is made last, from the URL as this run leaves it: it carries the demo's own
    # widgets (all of them set by now) and the language, and nothing of other demos.
    own = _widget_keys() - before
    params = {k: v for k, v in st.query_params.to_dict().items() if k in own or k == "lang"}
    present.remember(page, demo.id, {k: v for k, v in params.items() if k != "lang"})
    with link:
        if alone and present.active():  # out of lecture mode, to the whole lesson at this demo, as it is now
            st.page_link(
                BY_KEY[page].file, label=t("present.exit"), icon=":material/close_fullscreen:", query_params=params
            )
        elif alone:
            st.page_link(
                BY_KEY[page].file, label=t("common.whole_page"), icon=":material/arrow_back:", query_params=params
            )
        else:
            st.page_link(
                BY_KEY[page].file,
                label=t("common.open_alone"),
                icon=":material/open_in_full:",
                query_params=params | {PARAM: demo.id},
            )
    if snippet.lines:
        # Its code is drawn only while it is open: five to seven highlighted snippets a page were a tenth of
        # what the browser re-renders on every run of any demo of the page.
        box = st.expander(t("common.reproduce"), icon=":material/terminal:", key=f"code_{demo.id}", on_change="rerun")
        if box.open:
            box.code(snippet.code(), language="python", wrap_lines=True)
        if config.get_option("global.appTest"):  # set by AppTest while it runs a script
            # Kept for tests/test_snippets.py, which reruns it and compares; a reader's session would
            # otherwise hold every demo's results (6 MB a reader, measured with twenty readers).
            st.session_state.setdefault("_snippets", {})[demo.id] = snippet


def part(key: str, render: Callable[[Snippet], object], snippet: Snippet, *, every: float | None = None) -> None:
    """Run ``render`` as a fragment of its own inside its demo, which reruns alone instead of the whole demo.

    A drag reruns it (ui/drag.py), or a timer every ``every`` seconds while it plays (ui/stepper.py): the
    demo's widgets are then not sent again for every picture. The demo's own run calls it with the demo's
    snippet, whose code the reader sees; its reruns on its own record nothing. A fault is said in the
    reader's language, as for a whole demo. A ticking part is another fragment than a still one, for the
    reason :func:`show` gives.
    """
    if every:
        st.fragment(_ticking_part, run_every=every, key=f"part_{key}")(key, render, iter([snippet]), every)
    else:
        st.fragment(_part, key=f"part_{key}")(key, render, iter([snippet]))


def _part(key: str, render: Callable[[Snippet], object], runs: Iterator[Snippet]) -> None:
    guarded(Demo(key, render), next(runs, None) or _Unrecorded())


def _ticking_part(key: str, render: Callable[[Snippet], object], runs: Iterator[Snippet], every: float) -> None:
    """A part while its timer ticks (see :func:`part`): a run of its own draws a second of pictures, each over the last.

    The browser re-renders the whole page when a run starts and again when it ends, besides once for each
    picture's elements; on a lesson page of five demos those two renders cost as much as the picture (page 9's
    playground drew 7.8 pictures a second on its lesson page with a run a picture, 9.2–10 with a run a second).
    A reader is not kept waiting: their click reruns a fragment or the app, which stops this run at once.
    """
    picture, snippet = st.empty(), next(runs, None)
    # The demo's own run draws one picture, whose code the reader sees; a run of the timer's, a second of them.
    pictures = 1 if snippet is not None else max(1, round(PICTURES_A_RUN / every))
    start, widgets = time.monotonic(), tuple(record.snapshot() for record in _widget_records())
    for i in range(pictures):
        time.sleep(max(0.0, start + i * every - time.monotonic()))
        for record, kept in zip(_widget_records(), widgets, strict=True):
            # Streamlit refuses a widget drawn twice in one run: the last picture's are drawn again, in their place.
            record.clear()
            for id in kept:
                record.check_and_add(id)
        with picture.container():  # over the last picture: a container of the same kind keeps its elements
            guarded(Demo(key, render), snippet or _Unrecorded())


def _widget_records() -> tuple[Any, Any]:
    """Streamlit's own record of the ids and of the keys of the widgets drawn so far in this run."""
    shared = get_script_run_ctx().shared
    return shared.widget_ids_this_run, shared.widget_user_keys_this_run


class _Unrecorded(Snippet):
    """A snippet that runs each call and writes no code: for a part's reruns on its own, whose code nobody sees."""

    def _write(self, *args: object) -> None:
        pass


def guarded(demo: Demo, snippet: Snippet) -> Mapping[str, object] | None:
    """The demo's body; if it fails, None, with the reason said in the reader's language instead of a traceback.

    :func:`show` runs every demo through it, and :func:`part` a part of one that reruns alone.

    Nothing of a failed step is kept: ``st.cache_data`` stores no result for a call that raised, so the
    next run computes it again.
    """
    try:
        return demo.render(snippet) or {}
    except MathDLError as error:  # invalid input the demo did not check itself: said like any other
        from ui.layout import error as say  # ui.layout imports this module

        say(error)
    except Exception:
        # A fault of ours, not the reader's: a short message for them, the details for the server's log.
        st.error(t("common.demo_failed"), icon=":material/error:")
        if _raise_in_tests():
            raise
        _LOGGER.exception("demo %s failed", demo.id)
    return None


def _raise_in_tests() -> bool:
    """Under AppTest a fault is raised as well, so that every test that asserts "no exception" still sees it."""
    return bool(config.get_option("global.appTest"))


def _widget_keys() -> frozenset[str]:
    """The keys of the widgets drawn so far in this run (Streamlit's own record, checked by tests/test_demo.py)."""
    return _widget_records()[1].snapshot() if get_script_run_ctx() else frozenset()
