"""Train / Pause / Step / Reset for a demo that trains before the reader's eyes.

A :class:`Stepper` keeps the demo's run in session state under ``<prefix>_run`` (a dict with the
settings' ``key``, ``running`` and whatever the demo keeps there) and tells the demo's fragment how
often to rerun itself. The timer is fixed when the fragment is made, so switching it on or off takes
a full run: Train and Pause set the state and rerun the whole app, and a run that finds the demo
stopped while its timer still ticks (it diverged, reached its last epoch, or the reader changed the
data) reruns once more to turn the timer off. ``st.rerun(scope="fragment")`` chaining does not animate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st


@dataclass(frozen=True)
class Stepper:
    """The controls and the timer of one animated demo; ``prefix`` starts its keys, ``frame`` is seconds a picture."""

    prefix: str
    frame: float

    @property
    def key(self) -> str:
        """Where the run lives in session state."""
        return f"{self.prefix}_run"

    def timer(self) -> float | None:
        """Seconds until the demo reruns by itself: ``frame`` while it trains, else None.

        Each such run trains one chunk and draws one picture. The framework asks on every full run
        (the demo's ``timer=``); what it answered is remembered, for :meth:`settle`.
        """
        st.session_state[f"{self.prefix}_timer"] = bool(st.session_state.get(self.key, {}).get("running"))
        return self.frame if st.session_state[f"{self.prefix}_timer"] else None

    def run(self, settings: Any, **fresh: Any) -> dict[str, Any]:
        """The run for these settings: the one kept, or a new, stopped one holding ``fresh`` if they changed."""
        if st.session_state.get(self.key, {}).get("key") != settings:
            st.session_state[self.key] = {"key": settings, "running": False, **fresh}
        run: dict[str, Any] = st.session_state[self.key]
        return run

    def play(self, running: bool) -> None:
        """Train or Pause.

        Each is its own button (key) and sets, never flips, the state: a click that lands while the
        timer's run is in flight can reach its callback twice, and a flip would then undo the Pause.
        """
        st.session_state[self.key]["running"] = running
        st.rerun()  # a full run, which turns the demo's timer on or off

    def reset(self) -> None:
        """Forget the run: the demo starts again from its untrained network."""
        st.session_state.pop(self.key, None)
        st.rerun()

    def controls(
        self, *, start: str, pause: str, step: str, reset: str, widths: tuple[float, ...] = (1, 1, 1, 3)
    ) -> bool:
        """Train or Pause, Step and Reset, labelled as given, in columns this wide; True when Step was pressed."""
        running = st.session_state[self.key]["running"]
        b = st.columns(list(widths))
        b[0].button(
            pause if running else start,
            key=f"{self.prefix}_{'pause' if running else 'start'}",
            on_click=self.play,
            args=(not running,),
            icon=":material/pause:" if running else ":material/play_arrow:",
            type="primary",
            width="stretch",
        )
        pressed = b[1].button(step, key=f"{self.prefix}_step", icon=":material/skip_next:", width="stretch")
        b[2].button(
            reset, key=f"{self.prefix}_reset", on_click=self.reset, icon=":material/restart_alt:", width="stretch"
        )
        return pressed

    def settle(self) -> None:
        """Turn the timer off if the demo stopped while it still ticks, or it would rerun for nothing."""
        if st.session_state.get(f"{self.prefix}_timer") and not st.session_state[self.key]["running"]:
            st.rerun()
