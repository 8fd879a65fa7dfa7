"""Predict, then reveal: the reader commits to a guess before a demo shows its answer.

A demo calls :func:`first` where its answer would appear, with the answer it has computed and the
question that asks for it. With the demo's *Predict first* switch off (the default), :func:`first` returns
True and the demo draws as always. Switched on, it returns False and asks for a guess with a *Reveal*
button, and the demo leaves out what would give the answer away; once the reader reveals, it returns True,
and the guess, the answer and how far apart they are stand above the figure. A new setting is a new
question. The switch is kept in the URL, so a lecturer's link opens with the answer hidden.

Each reveal and each quiz answer (:func:`answered`) go into this session's score, which Home shows over
the ten principles (:func:`progress`). The score lives in the session only: nothing of it is stored.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from ui.catalog import PRINCIPLES
from ui.i18n import lookup, t

SCORE = "_score"  # session key: {"guess": {page: {demo key: Verdict}}, "quiz": {page: {question: right}}}


@dataclass(frozen=True)
class Question:
    """What the reader guesses: a number on a slider from ``low`` to ``high`` by ``step``, or one of ``options``.

    A number guess within ``close`` of the answer counts as right; a choice must be the answer's index.
    ``digits`` is how many decimals the verdict shows. A ``period`` makes the numbers wrap around (180 for
    the direction of a line in degrees: 179° is 2° from 1°).
    """

    label: str
    low: float = 0.0
    high: float = 1.0
    step: float = 0.1
    close: float = 0.0
    digits: int = 2
    options: Sequence[str] = ()
    period: float = 0.0

    def off(self, guess: float, answer: float) -> float:
        """How far the guess is from the answer, the short way round if the numbers wrap."""
        gap = abs(guess - answer)
        return min(gap % self.period, -gap % self.period) if self.period else gap

    def says(self, value: float) -> str:
        """A guess or an answer as the reader reads it: the option's label, or the number to ``digits`` decimals."""
        return self.options[int(value)] if self.options else f"{value:.{self.digits}f}"


@dataclass(frozen=True)
class Verdict:
    """One revealed guess: the guess, the answer, and whether it counts as right."""

    guess: float
    answer: float
    right: bool


@dataclass(frozen=True)
class Progress:
    """One principle's score this session: quiz questions answered right of all, guesses revealed and right."""

    quiz_right: int
    quiz_total: int
    guesses: int
    guesses_right: int


def first(page: str, key: str, question: Question, answer: float, settings: str) -> bool:
    """Whether the demo may show its answer now; asks for the reader's guess first if they switched that on.

    ``key`` is the demo's widget prefix (its switch is ``<key>_predict``); ``answer`` is the number (or the
    index of the right option) the demo computed from the reader's settings, and ``settings`` names them (the
    demo's snippet so far, :meth:`~ui.snippet.Snippet.code`): other settings ask another question, even when
    its answer happens to be the same.
    """
    if not st.toggle(t("predict.toggle"), False, key=f"{key}_predict", bind="query-params", help=t("predict.help")):
        return True
    if not math.isfinite(answer):  # nothing to guess (a run that diverged): the demo says what happened
        return True
    asked = f"{settings}\n{answer!r}"
    verdict = _verdicts(page).get(key)
    if st.session_state.get(f"{key}_asked") == asked and verdict is not None:
        _show(question, verdict)
        return True
    box = st.empty()  # the question, gone once answered
    with box.container(border=True):
        if question.options:
            options = range(len(question.options))
            guess = st.radio(question.label, options, format_func=question.says, key=f"{key}_guess")
        else:
            low, high = question.low, question.high  # it starts low: from the middle it often starts near the answer
            guess = st.slider(question.label, low, high, low, question.step, key=f"{key}_guess")
        revealed = st.button(t("predict.reveal"), key=f"{key}_reveal", icon=":material/visibility:")
    if not revealed:
        st.caption(t("predict.hidden"))
        return False
    box.empty()
    verdict = _judge(question, float(guess), answer)
    _verdicts(page)[key] = verdict
    st.session_state[f"{key}_asked"] = asked
    _show(question, verdict)
    return True


def _judge(question: Question, guess: float, answer: float) -> Verdict:
    right = guess == answer if question.options else question.off(guess, answer) <= question.close
    return Verdict(guess, answer, right)


def _show(question: Question, verdict: Verdict) -> None:
    words = {"guess": question.says(verdict.guess), "answer": question.says(verdict.answer)}
    if question.options:
        text = t("predict.right_choice" if verdict.right else "predict.wrong_choice", **words)
    else:
        off = question.says(question.off(verdict.guess, verdict.answer))
        kind = ("close" if verdict.right else "far") + ("_exact" if question.close == 0 else "")
        text = t(f"predict.{kind}", off=off, close=question.says(question.close), **words)
    (st.success if verdict.right else st.info)(text, icon=":material/visibility:")


def _score() -> dict[str, dict[str, dict]]:
    return st.session_state.setdefault(SCORE, {"guess": {}, "quiz": {}})


def _verdicts(page: str) -> dict[str, Verdict]:
    return _score()["guess"].setdefault(page, {})


def answered(page: str, question: int, right: bool) -> None:
    """Record the reader's current answer to one of a page's quiz questions."""
    _score()["quiz"].setdefault(page, {})[question] = right


def progress() -> dict[str, Progress]:
    """The session's score for each principle, in the course's order."""
    score = _score()
    result = {}
    for p in PRINCIPLES:
        quiz, guesses = score["quiz"].get(p.key, {}), score["guess"].get(p.key, {}).values()
        result[p.key] = Progress(
            quiz_right=sum(quiz.values()),
            quiz_total=len(lookup(f"{p.key}.quiz")),
            guesses=len(guesses),
            guesses_right=sum(v.right for v in guesses),
        )
    return result


def scoreboard() -> None:
    """Home's account of this session: for each principle, its quiz answered right and the guesses revealed."""
    rows = progress()
    st.header(t("predict.progress_title"))  # Home's sections are h2
    st.caption(
        t(
            "predict.progress_intro",
            right=sum(p.quiz_right for p in rows.values()),
            total=sum(p.quiz_total for p in rows.values()),
            guesses=sum(p.guesses for p in rows.values()),
            close=sum(p.guesses_right for p in rows.values()),
        )
    )
    columns = st.columns(2)
    for i, (p, row) in enumerate(zip(PRINCIPLES, rows.values(), strict=True)):
        words = {"number": p.number, "page": t(f"{p.key}.short"), "right": row.quiz_right, "total": row.quiz_total}
        text = t("predict.progress_row", **words)
        if row.guesses:
            text += t("predict.progress_guesses", guesses=row.guesses, close=row.guesses_right)
        share = row.quiz_right / row.quiz_total if row.quiz_total else 0.0
        columns[i * 2 // len(PRINCIPLES)].progress(share, text=text)  # 1–5 on the left, 6–10 on the right
