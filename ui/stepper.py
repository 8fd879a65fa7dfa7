"""Play / Pause / Step / Reset for a demo that moves before the reader's eyes.

A :class:`Stepper` keeps the demo's run in session state under ``<prefix>_run`` (a dict with
``running`` and whatever the demo keeps there) and tells the demo's fragment how often to rerun
itself. The timer is fixed when the fragment is made, so switching it on or off takes a full run:
Play and Pause set the state and rerun the whole app, and a run that finds the timer ticking at
another pace than the demo wants (it stopped by itself, reached its last step, or the reader chose
another speed) reruns once more to set it right. ``st.rerun(scope="fragment")`` chaining does not
animate. The browser's timer ticks until it has read the run that stopped it, each tick carrying the
widgets as the browser last drew them: a ticking demo is another fragment than a still one (ui/demo.py),
so Streamlit drops the ticks that come after the stop, and a play's step rules its slider until then
(:meth:`Stepper.frames`).

Two kinds of demo use it. One that trains (page 9) keeps what it has learnt in the run, draws
:meth:`Stepper.controls`, and draws its pictures through :meth:`Stepper.animate`: a part of the demo
that the timer reruns alone, so the demo's widgets are not sent again for every picture, and whose every
run draws a second of pictures, ``frame`` apart. One that
steps through an algorithm (pages 2, 3, 7, 8) draws :meth:`Stepper.frames`: its picture at step k is a
pure function of its settings and k, and k is a slider kept in the URL (``<prefix>_k``), so a link
reopens the same frame and the reader can drag to any step; Play moves k on by the chosen speed's
steps a second.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from ui import state
from ui.demo import part
from ui.i18n import t
from ui.snippet import Snippet

SPEEDS = (1, 2, 5, 10, 20, 50)  # steps a second a stepping demo offers, the reader's choice
SPEED = 2  # the default: slow enough to follow one step at a time
BUTTONS = "play_"  # starts the key of every demo's row of Play, Step and Reset


@dataclass(frozen=True)
class Stepper:
    """The controls and the timer of one animated demo.

    ``prefix`` starts its keys; ``frame`` is the shortest time between two pictures, in seconds;
    ``speeds`` the steps a second a stepping demo offers (none for a demo that trains a chunk a picture).
    """

    prefix: str
    frame: float
    speeds: tuple[int, ...] = ()

    @property
    def key(self) -> str:
        """Where the run lives in session state."""
        return f"{self.prefix}_run"

    @property
    def buttons_key(self) -> str:
        """The key of the buttons' row: lecture mode keeps it when it hides the other controls (ui/present.py)."""
        return f"{BUTTONS}{self.prefix}"

    @property
    def step_key(self) -> str:
        """The step slider's key, and its name in the URL."""
        return f"{self.prefix}_k"

    @property
    def speed_key(self) -> str:
        """The speed widget's key, and its name in the URL."""
        return f"{self.prefix}_speed"

    def running(self) -> bool:
        """Whether the demo plays (or trains)."""
        return bool(st.session_state.get(self.key, {}).get("running"))

    def speed(self) -> int:
        """The steps a second chosen (the default until the widget has been drawn)."""
        chosen = st.session_state.get(self.speed_key)
        return chosen if chosen in self.speeds else SPEED

    def interval(self) -> float:
        """Seconds between two pictures: ``frame``, or one step's time at the chosen speed if longer."""
        return max(1 / self.speed(), self.frame) if self.speeds else self.frame

    def stride(self) -> int:
        """Steps a picture moves on: one, or more when the chosen speed is faster than a picture every ``frame``."""
        return max(1, round(self.speed() * self.interval())) if self.speeds else 1

    def timer(self) -> float | None:
        """Seconds until the demo (or its animated part) reruns by itself: :meth:`interval` while it plays, else None.

        The framework asks on every full run (the demo's ``timer=``), or :meth:`animate` on every run of
        the demo; what it answered is remembered, for :meth:`settle`.
        """
        every = self.interval() if self.running() else None
        st.session_state[f"{self.prefix}_timer"] = every
        return every

    def animate(self, render: Callable[[Snippet], object], snippet: Snippet) -> None:
        """Draw ``render``'s pictures as a part of the demo that the timer reruns alone while it plays.

        See :func:`ui.demo.part`. The demo itself then has no ``timer=``: Play and Pause rerun the whole app,
        whose run of the demo makes the part with the timer on or off.
        """
        part(self.prefix, render, snippet, every=self.timer())

    def run(self, settings: Any, **fresh: Any) -> dict[str, Any]:
        """The run for these settings: the one kept, or a new, stopped one holding ``fresh`` if they changed."""
        if st.session_state.get(self.key, {}).get("key") != settings:
            st.session_state[self.key] = {"key": settings, "running": False, **fresh}
        run: dict[str, Any] = st.session_state[self.key]
        return run

    def play(self, running: bool) -> None:
        """Play (Train) or Pause.

        Each is its own button (key) and sets, never flips, the state: a click that lands while the
        timer's run is in flight can reach its callback twice, and a flip would then undo the Pause.
        """
        st.session_state[self.key]["running"] = running
        st.rerun()  # a full run, which turns the demo's timer on or off

    def reset(self) -> None:
        """Forget the run: the demo starts again from its untrained network."""
        st.session_state.pop(self.key, None)
        st.rerun()

    def _play_button(self, column: Any, start: str, pause: str, args: tuple[Any, ...] = ()) -> None:
        """Play (or Train) while stopped, Pause while it runs: two buttons with their own keys."""
        running = self.running()
        column.button(
            pause if running else start,
            key=f"{self.prefix}_{'pause' if running else 'start'}",
            on_click=self.play if running else self._start,
            args=(False,) if running else args,
            icon=":material/pause:" if running else ":material/play_arrow:",
            type="primary",
            width="stretch",
        )

    def _start(self, *args: Any) -> None:
        """Play from here, or from the first step when the last is on screen."""
        if self.speeds:
            last = args[0]
            if st.session_state.get(self.step_key, last) >= last:
                st.session_state[self.step_key] = 0
            st.session_state[self.key]["started"] = True  # the run this click starts draws the step it starts from
            self.play(True)
        else:
            self.play(*args)

    def controls(
        self, *, start: str, pause: str, step: str, reset: str, widths: tuple[float, ...] = (1, 1, 1, 3)
    ) -> None:
        """Train or Pause, Step and Reset, labelled as given, in columns this wide; a Step is kept for :meth:`due`."""
        with st.container(key=self.buttons_key):
            b = st.columns(list(widths))
            self._play_button(b[0], start, pause, (True,))
            if b[1].button(step, key=f"{self.prefix}_step", icon=":material/skip_next:", width="stretch"):
                st.session_state[self.key]["step"] = True
            b[2].button(
                reset, key=f"{self.prefix}_reset", on_click=self.reset, icon=":material/restart_alt:", width="stretch"
            )

    def due(self) -> bool:
        """Whether this picture of a demo that trains takes a step: it plays, or Step was pressed (once)."""
        run = st.session_state[self.key]
        return bool(run.pop("step", False) or run["running"])

    def frames(self, last: int) -> int:
        """Play or Pause, one Step, Reset and the speed, then the step slider: the step k to draw, in [0, last].

        The words are the locale's ``stepper`` section, the same in every stepping demo. While it
        plays, every run moves k on by :meth:`stride` (the run that Play starts draws where it starts)
        and the last step stops it. The slider's default is the last step: a demo opens on its finished
        picture, as it did before it could step, and its URL names the step only when another is shown.

        While it plays the step is the run's own (``run["k"]``), set on the slider from here, and the slider
        is disabled while the timer ticks: every message the browser sends carries the slider as the browser
        last drew it, often a frame behind (its timer ticks whether or not the last frame has arrived), and
        that value must not take the step back. The run's step still wins in the first run after the timer
        stopped, which may have been handed such a message too; that run writes the step into the address
        and gives the slider back to the reader.
        """
        run = st.session_state.setdefault(self.key, {"running": False})
        if run["running"]:
            self._advance(run, last)
        if "k" in run:
            st.session_state[self.step_key] = run["k"]
        self._buttons(last)
        position, help = t("stepper.position"), t("stepper.position_help", last=last)
        ticking = st.session_state.get(f"{self.prefix}_timer") is not None  # the slider is the play's: no drag
        c = st.columns([3, 1.4], vertical_alignment="bottom")
        with c[0]:
            k: int = state.dependent(
                st.slider, position, 0, last, last, 1, key=self.step_key, help=help, disabled=ticking
            )
        speed, speed_help = t("stepper.speed"), t("stepper.speed_help")
        c[1].select_slider(speed, self.speeds, SPEED, key=self.speed_key, bind="query-params", help=speed_help)
        if "k" in run and not run["running"] and not ticking:
            del run["k"]  # the timer is off: from here on the slider is the reader's
            state.write_url(self.step_key, k, last)  # the address names the step on screen
        return k

    def _advance(self, run: dict[str, Any], last: int) -> None:
        """The step a play draws next: where Play started it (the slider's), then ``stride`` steps on each run."""
        if run.pop("started", False):
            run["k"] = int(st.session_state.get(self.step_key, last))
        else:
            run["k"] = min(run.get("k", last) + self.stride(), last)
            run["running"] = run["k"] < last

    def _buttons(self, last: int) -> None:
        """Play or Pause, Step and Reset, side by side."""
        b = st.container(key=self.buttons_key).columns(3)
        self._play_button(b[0], t("stepper.start"), t("stepper.pause"), (last,))
        b[1].button(
            t("stepper.step"), key=f"{self.prefix}_next", on_click=self._next, args=(last,),
            icon=":material/skip_next:", width="stretch",
        )  # fmt: skip
        b[2].button(
            t("stepper.reset"), key=f"{self.prefix}_reset", on_click=self._rewind, icon=":material/restart_alt:",
            width="stretch",
        )  # fmt: skip

    def _next(self, last: int) -> None:
        """One step on from the step on screen (and a pause, if it played)."""
        self._go(min(int(st.session_state.get(self.step_key, last)) + 1, last))

    def _rewind(self) -> None:
        """Back to step 0 (and a pause, if it played)."""
        self._go(0)

    def _go(self, k: int) -> None:
        """Show step k: on the slider, and as the run's step if a play's step still rules it (see :meth:`frames`)."""
        st.session_state[self.step_key] = k
        run = st.session_state.get(self.key, {})
        if "k" in run:
            run["k"] = k
        if self.running():
            self.play(False)

    def stop(self) -> None:
        """Stop playing without a click (the demo hid its picture): the timer goes off in the next run."""
        if self.running():
            st.session_state[self.key]["running"] = False
        self.settle()

    def settle(self) -> None:
        """Rerun once if the timer ticks at another pace than the demo wants (stopped, or a new speed)."""
        wanted = self.interval() if self.running() else None
        if st.session_state.get(f"{self.prefix}_timer") != wanted:
            st.rerun()
