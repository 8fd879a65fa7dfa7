"""The page scaffold: every lesson has the same five parts, in this order.

1. why it matters  2. the formula  3. explore  4. show the code  5. check yourself

A page defines its demos and ends with one call to :func:`lesson`, which draws the five parts, or
only the demo that ``?demo=<id>`` names; the other helpers fill a demo in the house style.
"""

from __future__ import annotations

import functools
import inspect
import re
import string
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from mathdl import MathDLError
from ui import glossary, predict, present
from ui.demo import Demo, requested
from ui.demo import show as show_demo
from ui.i18n import current, lookup, t


def lesson(
    page: str,
    *,
    formulas: dict[str, str],
    demos: Sequence[Demo],
    code: Sequence[Callable[..., Any]],
    facts: Callable[[], dict[str, str]] | None = None,
) -> None:
    """A whole lesson, or only the demo that ``?demo=`` names (for a slide or a projector), or lecture mode's slide.

    ``formulas`` maps a key of the locale's ``<page>.formula`` table to its LaTeX; ``code`` lists
    the mathdl functions whose source part 4 shows; ``facts`` gives the computed numbers that the
    quiz's explanations quote, as fields of their text.
    """
    through_home()
    alone = requested(demos)
    if present.active() and demos:  # lecture mode: one demo a screen, the page's first if the URL names none
        alone = alone or demos[0]
        present.slide(page, [d.id for d in demos], alone.id)
        show_demo(page, alone, alone=True)
        return
    if alone is not None:
        show_demo(page, alone, alone=True)
        return
    header(page)
    formula_section(page, formulas)
    section("explore")
    for i, d in enumerate(demos):
        if i:
            st.divider()
        show_demo(page, d)
    source_code(page, code)
    quiz(page, facts() if facts else {})


def through_home() -> None:
    """Rerun through Home.py if Streamlit ran this page without it.

    A server whose first reader comes by a shared link (a cloud app waking up) runs the linked
    file in pages/ on its own, the way multipage apps worked before st.navigation: without the
    router's language, URL checks and navigation. Streamlit does so until some run calls
    st.navigation; telling it that none of its runs should (st.navigation would tell it the
    same) and rerunning gives the reader the whole app on the page the link names.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def header(page: str) -> None:
    """Title and part 1, why the principle matters for deep learning."""
    st.title(t(f"{page}.title"))
    st.markdown(t(f"{page}.tagline"))
    section("why")
    st.markdown(glossary.annotate(t(f"{page}.why"), current(), page))


def section(part: str) -> None:
    """The heading of one of the five parts."""
    st.header(t(f"common.{part}"), divider="gray")


def seed(key: str) -> int:
    """The seed of a demo's random numbers, kept in the URL so a shared link draws the same."""
    return st.number_input(t("common.seed"), 0, 9999, 0, key=key, bind="query-params", help=t("common.seed_help"))


def formula_section(page: str, tex: dict[str, str]) -> None:
    r"""Part 2: each formula in LaTeX (the same in every language), then its symbols explained.

    ``tex`` maps a key of the locale's ``<page>.formula`` table to its formula. A word a formula
    writes as ``\text{scores}`` is read in the reader's language from ``<page>.formula.text``.
    """
    section("formula")
    words = lookup(f"{page}.formula").get("text", {})
    for key, latex in tex.items():
        st.latex(_TEXT.sub(lambda m: rf"\text{{{words.get(m[1], m[1])}}}", latex))
        st.markdown(glossary.annotate(t(f"{page}.formula.{key}"), current(), page))


_TEXT = re.compile(r"\\text\{(\w+)\}")


def log_slider(column: Any, label: str, low: float, high: float, default: float, step: float, **kwargs: Any) -> float:
    """A slider over the powers 10^low … 10^high that shows the value itself (0.01, not 10^-2.0).

    ``low``, ``high``, ``default`` and ``step`` are exponents; the reader sees and the URL keeps the
    value, written as :func:`power_label` writes it. Returns the chosen value.
    """
    exponents = np.round(np.arange(low, high + step / 2, step), 6)
    options = [float(10.0**e) for e in exponents]
    value = float(10.0 ** round(default, 6))
    return float(column.select_slider(label, options, value, format_func=power_label, bind="query-params", **kwargs))


def power_label(value: float) -> str:
    """A power of ten as a reader writes it, to two significant figures: 0.0013, 0.5, 13, 1,300, 100,000."""
    rounded = float(f"{value:.2g}")
    return f"{rounded:,.0f}" if rounded >= 100 else f"{rounded:g}"


def num(x: float, digits: int = 3) -> str:
    """A number for reading: ``digits`` significant figures, and never ``-0``."""
    text = f"{float(x):.{digits}g}"
    return "0" if text in {"-0", "0"} else text


def tex_num(x: float, digits: int = 3) -> str:
    """A number for a formula: like :func:`num`, with 1e-15 written as 1 × 10⁻¹⁵."""
    mantissa, _, exponent = num(x, digits).partition("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}" if exponent else mantissa


P_FLOOR = 1e-300  # below it a double has lost digits (from 2.2e-308) or is 0: mathdl's p-values keep 12 digits above


def p_num(p: float, digits: int = 3, *, tex: bool = False, symbol: str = "") -> str:
    r"""A p-value for reading, never rounded to 0.

    ``digits`` significant figures, a small one in scientific notation (8.2e-20, or
    8.2 × 10⁻²⁰ in a formula with ``tex``); below :data:`P_FLOOR`, where it has underflowed or
    lost its digits, the bound "< 1e-300". With a ``symbol``, the relation comes with it.

    Examples
    --------
    >>> p_num(0.0321), p_num(8.2e-20), p_num(0.0), p_num(0.0, symbol="p"), p_num(0.0321, symbol="p")
    ('0.0321', '8.2e-20', '< 1e-300', 'p < 1e-300', 'p = 0.0321')
    >>> p_num(8.2e-20, tex=True, symbol="p"), p_num(1e-320, tex=True)
    ('p = 8.2 \\times 10^{-20}', '< 10^{-300}')
    """
    if p < P_FLOOR:
        bound = rf"< 10^{{{round(np.log10(P_FLOOR))}}}" if tex else f"< {P_FLOOR:.0e}"
        return f"{symbol} {bound}" if symbol else bound
    value = tex_num(p, digits) if tex else num(p, digits)
    return f"{symbol} = {value}" if symbol else value


def matrix_tex(A: Any, digits: int = 3) -> str:
    """A matrix as a LaTeX ``bmatrix``, entries rounded for reading."""
    rows = np.atleast_2d(np.asarray(A, dtype=float))
    body = r" \\ ".join(" & ".join(tex_num(v, digits) for v in row) for row in rows)
    return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"


class _PlainFields(string.Formatter):
    """Fills a message with its fields escaped for markdown, after ``!r``.

    A field can quote what the reader typed, which may come from a shared link, and must not render
    as a link or a remote image.
    """

    def format_field(self, value: Any, format_spec: str) -> str:
        return re.sub(r"([\\`*_\[\]<>$~])", r"\\\1", super().format_field(value, format_spec))


def error(error: MathDLError) -> None:
    """Show one of mathdl's invalid-input errors as a translated message, not a traceback."""
    st.error(_PlainFields().format(lookup(f"errors.{error.code}"), **error.params), icon=":material/error:")


def table(frame: pd.DataFrame, number_format: str | None = None) -> None:
    """A few rows as a plain table, numbers shown with ``number_format`` ("{:.3e}") and kept as numbers.

    Not st.dataframe: its interactive grid costs the browser 150 to 250 ms every time a slider redraws it.
    """
    numbers = frame.select_dtypes("number").columns
    st.table(frame.style.format(number_format, subset=numbers) if number_format else frame, hide_index=True)


@st.fragment  # choosing a tab reruns this part alone
def source_code(page: str, functions: Sequence[Callable[..., Any]]) -> None:
    """Part 4: the source of the mathdl functions the page runs, read from the running code.

    Only the chosen tab's source is drawn: a page's eight to twelve highlighted functions were a
    sixth of what the browser re-renders on every run of any of its demos, and of what a class's
    first view sends.
    """
    section("code")
    st.markdown(t("common.code_intro"))
    names = [f"{fn.__module__}.{fn.__name__}" for fn in functions]
    for tab, fn in zip(st.tabs(names, key=f"source_{page}", on_change="rerun"), functions, strict=True):
        if tab.open:
            tab.code(_source(fn), language="python", line_numbers=True)


@functools.cache  # reading and tokenising the files cost 20 ms a page run; the code does not change while it runs
def _source(fn: Callable[..., Any]) -> str:
    return inspect.getsource(fn)


def quiz(page: str, facts: dict[str, str]) -> None:
    """Part 5: short questions with immediate feedback."""
    section("quiz")
    questions(page, facts)


@st.fragment  # answering reruns only the questions, not the demos above
def questions(page: str, facts: dict[str, str]) -> None:
    """The quiz's questions, each answered with a hint or the explanation, its numbers filled from ``facts``."""
    for i, question in enumerate(lookup(f"{page}.quiz")):
        options = question["options"]
        picked = st.radio(
            f"**{i + 1}.** {question['question']}",
            range(len(options)),
            format_func=options.__getitem__,
            index=None,
            key=f"{page}_quiz_{i}",
        )
        if picked is not None:
            predict.answered(page, i, picked == question["answer"])
        if picked == question["answer"]:
            st.success(f"{t('common.correct')} {question['explain'].format(**facts) if facts else question['explain']}")
        elif picked is not None:
            st.warning(f"{t('common.try_again')} {question['hint']}")
