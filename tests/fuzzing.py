"""What the fuzz tests share: what a reader may give a widget, and what a reader must never see.

``tests/test_fuzz.py`` sets every widget of a fresh page at once; ``tests/test_fuzz_stateful.py`` moves
one widget after another in the same session. Both draw a widget's values with :func:`domain`, give
them with :func:`give`, and check the page with :func:`assert_reader_sees_no_nonsense` and
:func:`assert_widgets_within_bounds`.
"""

import importlib
import json
import math
import re

import pytest
from hypothesis import strategies as st
from streamlit.testing.v1.element_tree import Block, Widget

from mathdl import expressions
from tests.helpers import ROOT, assert_healthy, choose

# Hypothesis also draws numbers from the constants in the project's modules loaded at the time, so the
# tests that ran before in this process would change the examples: load them all now, for every run alike.
for path in sorted([*ROOT.glob("mathdl/*.py"), *ROOT.glob("ui/*.py")]):
    if path.stem != "__init__":
        importlib.import_module(f"{path.parent.name}.{path.stem}")

# --- What a reader may type, and what a link may carry ------------------------------------------------------

HOSTILE_TEXT = [
    "",
    "   ",
    ",,,",
    "__import__('os')",
    "1/0",
    "x" * 300,
    "nan",
    "inf",
    "-inf",
    "1e309",
    "∞",
    "😀",
    "<script>alert(1)</script>",
    "0, 0",
    "1e308, 1e308",
    "-1, 2",
    "1e-320, 1e-320",
    "x^x^x^x",
    "exp(exp(x))",
]
# Values a URL may carry for any key: none of them a legal value of a bounded widget (bar -1 for some).
HOSTILE_VALUES = ["1e309", "-1e400", "nan", "inf", "-1", "abc", "<script>alert(1)</script>", "x" * 5000, ""]
NUMBER = st.one_of(st.integers(-9, 9), st.floats(-100, 100), st.floats(allow_nan=False, allow_infinity=False))
NUMBERS = st.lists(NUMBER.map(repr), max_size=12).map(", ".join)  # weights, probabilities, logits
SHAPES = st.lists(st.one_of(st.integers(1, 8), st.integers(0, 2000)), max_size=7).map(lambda s: ", ".join(map(str, s)))
FORMULAS = st.recursive(
    st.sampled_from(["x", "pi", "e", "0", "1", "2", "0.5", "1e3"]),
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(sorted(expressions.FUNCTIONS)), inner).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(inner, st.sampled_from("+-*/^"), inner).map(lambda t: f"({t[0]}) {t[1]} ({t[2]})"),
    ),
    max_leaves=5,
)
TEXT = st.one_of(st.sampled_from(HOSTILE_TEXT), NUMBERS, SHAPES, FORMULAS, st.text(max_size=40))

GOOD_ROWS = "".join(f"{i},{i * 3 % 7},{(i * i) % 5},{'ab'[i % 2]}\n" for i in range(20))
UPLOADS = [
    b"",
    b"\n\n",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"a,b\n",
    b"a,b\n1,2\n",
    b"a,name\n1,x\n2,y\n",
    b"a,b\n1,nan\ninf,2\n3,4\n5,6\n",
    b"a,b\n1,1\n1,1\n1,1\n",
    b"a,b\n1e308,1\n-1e308,2\n3,4\n",
    b"a,b\n1,2\n3,4\n",
    ("x,y,z,kind\n" + GOOD_ROWS).encode(),
    b'a,b\n1,"2\n',
    "α;β\n1;2\n3;5\n".encode(),
]


# --- Giving a widget a random value of its domain ------------------------------------------------------------

SELECTIONS = ("Radio", "Selectbox", "ButtonGroup", "SelectSlider")  # set by the label the reader sees


def on_grid(lo: float, hi: float, step: float, integer: bool) -> st.SearchStrategy:
    """A slider's values: lo + k·step, and each end once in two draws."""
    n = int(round((hi - lo) / step))
    value = (lambda k: int(round(lo + k * step))) if integer else (lambda k: min(hi, round(lo + k * step, 10)))
    return st.one_of(st.sampled_from([0, n]), st.integers(0, n)).map(value)


def domain(widget) -> st.SearchStrategy | None:
    """The values a reader can give ``widget``; None for a widget that is clicked, not set."""
    kind = type(widget).__name__
    if kind == "Slider":
        one = on_grid(widget.min, widget.max, widget.step, widget.data_type == 0)
        return st.tuples(one, one).map(sorted) if isinstance(widget.value, (list, tuple)) else one
    if kind == "NumberInput":
        lo, hi = widget.min, widget.max  # every number box here has both bounds; a browser allows any value between
        if widget.data_type == 0:
            lo, hi = int(lo), int(hi)
        return st.one_of(st.sampled_from([lo, hi]), st.integers(lo, hi) if widget.data_type == 0 else st.floats(lo, hi))
    if kind in ("Checkbox", "Toggle"):
        return st.booleans()
    if kind in SELECTIONS:
        return st.sampled_from(list(widget.options))
    if kind == "TextInput":
        return TEXT
    if kind == "FileUploader":
        return st.sampled_from(UPLOADS)
    if kind in ("Button", "DownloadButton"):
        return None
    pytest.fail(f"the fuzz cannot drive a {kind} ({widget.key}): teach domain() its values")


def give(widget, value) -> None:
    """Give ``widget`` a value drawn from its :func:`domain`, as the browser sends it (for a choice: its label)."""
    kind = type(widget).__name__
    if kind in SELECTIONS:
        choose(widget, value)
    elif kind == "FileUploader":
        widget.upload("data.csv", value, "text/csv")
    else:
        widget.set_value(value)


def walk(block: Block):
    for child in block.children.values():
        if isinstance(child, Block):
            yield from walk(child)
        else:
            yield child


def settable(at) -> list:
    """The enabled, keyed widgets of the page body, in the order the page draws them."""
    return [w for w in walk(at.main) if isinstance(w, Widget) and w.key and not w.disabled]


# --- What a reader sees ----------------------------------------------------------------------------------

# nan, inf or infinity as a printed number. Not \infty (LaTeX), not part of a word ("information"); letters
# of other scripts do not count as a word, so "值为nan" is caught. The symbol ∞ is a deliberate answer
# (an infinite KL divergence), not a float formatted by accident.
NON_FINITE = re.compile(r"(?<![A-Za-z0-9_\\])[-+]?(nan|inf(inity)?)(?![A-Za-z0-9_])", re.IGNORECASE)
TEXT_TYPES = {
    "markdown",
    "caption",
    "latex",
    "info",
    "warning",
    "success",
    "title",
    "header",
    "subheader",
    "text",
    "toast",
}


def titles(spec):
    """Every title of a Vega-Lite spec: the chart's, its axes' and legends'."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "title":
                yield value.get("text", "") if isinstance(value, dict) else value
            else:
                yield from titles(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from titles(value)


def code_without_literals(code: str) -> str:
    """A reproduce snippet minus its strings and comments, which quote the reader's text or prose."""
    code = re.sub(r"#[^\n]*", "", code)
    return re.sub(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"", "''", code)


def shown(at):
    """(where, text) for every number-bearing text a reader sees.

    Error boxes are left out: they quote what the reader typed ("got nan") on purpose.
    """
    for element in [*walk(at.main), *walk(at.sidebar)]:
        kind = element.type
        if kind in TEXT_TYPES:
            yield kind, element.value
        elif kind == "metric":
            yield kind, f"{element.label} {element.value} {element.delta}"
        elif kind in ("dataframe", "table"):
            yield kind, element.value.to_string()  # NaN and inf cells print as such
        elif kind == "code" and not element.show_line_numbers:  # a reproduce snippet, not mathdl's source
            yield kind, code_without_literals(element.value)
        elif kind == "vega_lite_chart":
            yield "chart title", " | ".join(map(str, titles(json.loads(element.proto.spec))))
        elif isinstance(element, Widget):
            yield f"{kind} label", element.label


def assert_reader_sees_no_nonsense(at) -> None:
    """No exception, no traceback, and no NaN or infinity printed as a number."""
    assert_healthy(at)
    everything = [e.value for e in walk(at.main) if isinstance(getattr(e, "value", None), str)]
    assert not any("Traceback (most recent call last)" in text for text in everything)
    # What the reader typed may be echoed back as typed ("nan" in a title of their own making).
    typed = [
        w.value for w in walk(at.main) if type(w).__name__ == "TextInput" and w.value and NON_FINITE.search(w.value)
    ]
    offenders = []
    for where, text in shown(at):
        for echo in typed:
            text = text.replace(echo, "")
        if match := NON_FINITE.search(text):
            offenders.append((where, text[max(0, match.start() - 80) : match.end() + 40]))
    assert not offenders, offenders


# --- Every widget holds a value it can hold ------------------------------------------------------------------


def in_range(widget, value) -> bool:
    """Whether ``value`` (one number, or both ends of a range) lies inside a slider's or number box's bounds."""
    values = value if isinstance(value, (list, tuple)) else [value]
    low = -math.inf if widget.min is None else widget.min
    high = math.inf if widget.max is None else widget.max
    return all(isinstance(v, (int, float)) and math.isfinite(v) and low <= v <= high for v in values)


def holds(widget) -> bool:
    """Whether ``widget`` holds a value it can take: inside its bounds, or one of its options."""
    kind = type(widget).__name__
    if kind in ("Slider", "NumberInput"):
        return in_range(widget, widget.value)
    if kind in ("Radio", "Selectbox"):
        try:  # the option whose label is the value's; None when nothing is picked (a quiz question)
            return widget.index is None or 0 <= widget.index < len(widget.options)
        except ValueError:  # the value's label is none of the options
            return False
    if kind == "ButtonGroup":
        return all(label in widget.options for label in widget.formatted_values)
    if kind == "SelectSlider":
        return widget.format_func(widget.value) in widget.options
    return True


def url_holds(widget, text: str) -> bool:
    """Whether a URL value ``text`` reopens ``widget`` at a value it can take (sliders, numbers, boxes)."""
    kind = type(widget).__name__
    if kind in ("Slider", "NumberInput"):
        try:
            return in_range(widget, float(text))
        except ValueError:
            return False
    if kind == "Checkbox":
        return text.lower() in ("true", "false")
    return True


def assert_widgets_within_bounds(at) -> None:
    """Every widget's value is inside its current bounds or options, and so is what the URL keeps for it.

    A widget whose range depends on another (page 1's row index, page 3's number of components) can be
    left holding a value its new range excludes; Streamlit then raises, or the URL keeps a value that a
    copied link could not reopen.
    """
    widgets = [w for w in [*walk(at.main), *walk(at.sidebar)] if isinstance(w, Widget) and w.key]
    outside = [(w.key, w.value) for w in widgets if not holds(w)]
    assert not outside, f"widgets holding a value outside their range or options: {outside}"
    bound = [w for w in widgets if getattr(w.proto, "query_param_key", "")]
    url = [
        (w.key, at.query_params[w.key])
        for w in bound
        if isinstance(at.query_params.get(w.key), str) and not url_holds(w, at.query_params[w.key])
    ]
    assert not url, f"URL values that no widget could take: {url}"
