"""A typed function is read by a whitelist, evaluated like numpy, and differentiated exactly;
anything outside the grammar is refused with a reason, never evaluated.
"""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from mathdl import MathDLError, expressions
from mathdl.autodiff import Value

SMOOTH = {"sin": np.sin, "cos": np.cos, "tanh": np.tanh, "sigmoid": lambda z: 1 / (1 + np.exp(-z)), "exp": np.exp}
KINKED = {"relu": lambda z: np.maximum(z, 0), "abs": np.abs}


def formulas(functions):
    """Random formulas as (text, the same function written with numpy)."""
    leaves = st.one_of(
        st.just(("x", lambda x: x)),
        st.floats(-3, 3).map(lambda c: (f"({c!r})", lambda x, c=c: np.full_like(x, c))),
    )

    def extend(inner):
        unary = st.tuples(st.sampled_from(sorted(functions)), inner).map(
            lambda t: (f"{t[0]}({t[1][0]})", lambda x, f=functions[t[0]], g=t[1][1]: f(g(x)))
        )
        binary = st.tuples(st.sampled_from("+-*"), inner, inner).map(
            lambda t: (
                f"({t[1][0]}) {t[0]} ({t[2][0]})",
                lambda x, op=t[0], f=t[1][1], g=t[2][1]: {"+": np.add, "-": np.subtract, "*": np.multiply}[op](
                    f(x), g(x)
                ),
            )
        )
        square = inner.map(lambda t: (f"({t[0]})^2", lambda x, f=t[1]: f(x) ** 2))
        return st.one_of(unary, binary, square)

    return st.recursive(leaves, extend, max_leaves=6)


@settings(max_examples=150)
@given(formulas(SMOOTH | KINKED))
def test_a_parsed_formula_evaluates_like_numpy(formula):
    text, reference = formula
    x = np.linspace(-2, 2, 41)
    with np.errstate(all="ignore"):
        expected = reference(x)
    assume(np.all(np.isfinite(expected)) and np.abs(expected).max() < 1e12)
    assert_allclose(expressions.evaluate(expressions.parse(text), x), expected, rtol=1e-9, atol=1e-9)


@settings(max_examples=150)
@given(formulas(SMOOTH), st.floats(-1.5, 1.5))
def test_automatic_differentiation_agrees_with_finite_differences(formula, x0):
    text, reference = formula
    h = 1e-5
    with np.errstate(all="ignore"):
        values = reference(np.array([x0 - h, x0, x0 + h]))
    assume(np.all(np.isfinite(values)) and np.abs(values).max() < 1e4)
    numeric = (values[2] - values[0]) / (2 * h)
    assert expressions.derivative(expressions.parse(text), x0) == pytest.approx(numeric, rel=1e-4, abs=1e-5)


@pytest.mark.parametrize(
    ("text", "derivative"),
    [
        ("sin(x) * x^2", lambda x: math.cos(x) * x**2 + 2 * x * math.sin(x)),
        ("exp(-x^2)", lambda x: -2 * x * math.exp(-(x**2))),
        ("sigmoid(3x)", lambda x: 3 * math.exp(-3 * x) / (1 + math.exp(-3 * x)) ** 2),
        ("log(x) / x", lambda x: (1 - math.log(x)) / x**2),
        ("sqrt(x) + tanh(x)", lambda x: 0.5 / math.sqrt(x) + 1 - math.tanh(x) ** 2),
        ("x^x", lambda x: x**x * (math.log(x) + 1)),
        ("2^x", lambda x: 2**x * math.log(2)),
        ("relu(x - 1) + abs(x)", lambda x: (1.0 if x > 1 else 0.0) + math.copysign(1.0, x)),
        ("1 / (1 + x^2)", lambda x: -2 * x / (1 + x**2) ** 2),
        ("tan(x) − 2·x ÷ pi", lambda x: 1 / math.cos(x) ** 2 - 2 / math.pi),
    ],
)
@pytest.mark.parametrize("x0", [0.3, 0.7, 1.9])
def test_derivatives_match_their_closed_forms(text, derivative, x0):
    assert expressions.derivative(expressions.parse(text), x0) == pytest.approx(derivative(x0), rel=1e-10)


def test_the_grammar_reads_like_a_blackboard():
    x = np.array([0.5, 2.0])
    cases = {
        "3x": 3 * x,
        "2(x + 1)": 2 * (x + 1),
        "x sin(x)": x * np.sin(x),
        "-x^2": -(x**2),
        "2^3^2": np.full(2, 512.0),
        "2^-1": np.full(2, 0.5),
        "pi x": np.pi * x,
        "e^x": np.exp(x),
        "x**2": x**2,
        "1e3x": 1000 * x,
    }
    for text, expected in cases.items():
        assert_allclose(expressions.evaluate(expressions.parse(text), x), expected, err_msg=text)


def test_values_outside_the_domain_are_nan_or_inf_for_the_page_to_show_as_gaps():
    with np.errstate(all="ignore"):
        y = expressions.evaluate(expressions.parse("log(x)"), np.array([-1.0, 0.0, 1.0]))
    assert np.isnan(y[0]) and y[1] == -np.inf and y[2] == 0.0


HOSTILE = [
    ("__import__('os').system('ls')", "unknown_name"),
    ("x.real", "unexpected_character"),
    ("x.__class__", "unexpected_character"),
    ("lambda x: x", "unknown_name"),
    ("eval('1')", "unknown_name"),
    ("open(x)", "unknown_name"),
    ("'abc'", "unexpected_character"),
    ('"x"', "unexpected_character"),
    ("[x for x in range(9)]", "unexpected_character"),
    ("x; import os", "unexpected_character"),
    ("x @ x", "unexpected_character"),
    ("{}", "unexpected_character"),
    ("y + 1", "unknown_name"),
    ("sin(x, 2)", "wrong_arity"),
    ("sin()", "wrong_arity"),
    ("sin x", "call_needs_parentheses"),
    ("10**10**10", "number_too_large"),
    ("9^9^9", "number_too_large"),
    ("1e999", "number_too_large"),
    ("log(0)", "number_too_large"),
    ("(x", "unexpected_end"),
    ("x +", "unexpected_end"),
    ("x)", "unexpected_token"),
    ("* x", "unexpected_token"),
    ("", "empty_expression"),
    ("   ", "empty_expression"),
    ("x + " * 60 + "x", "expression_too_long"),
    ("(" * 40 + "x" + ")" * 40, "expression_too_deep"),
    ("-" * 50 + "x", "expression_too_deep"),
]


@pytest.mark.parametrize(("text", "code"), HOSTILE, ids=[f"{i}:{t[:20]}" for i, (t, _) in enumerate(HOSTILE)])
def test_hostile_input_is_refused_with_its_own_reason(text, code):
    with pytest.raises(MathDLError) as error:
        expressions.parse(text)
    assert error.value.code == code
    assert str(error.value)  # the English message fills in without a missing field


def test_a_deep_graph_backpropagates_without_recursion():
    x = Value(0.5)
    y = x
    for _ in range(5000):
        y = y * 1.0001
    y.backward()
    assert x.grad == pytest.approx(1.0001**5000)


def test_a_parsed_function_is_called_like_numpy_and_survives_a_round_trip():
    import pickle

    f = expressions.parse("exp(-x^2) + relu(x)")
    x = np.linspace(-2, 2, 9)
    assert_allclose(f(x), np.exp(-(x**2)) + np.maximum(x, 0))
    assert pickle.loads(pickle.dumps(f)) == f == expressions.parse(expressions.unparse(f))


def test_evaluating_outside_the_domain_warns_nobody():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = expressions.parse("log(x) / x")(np.array([-1.0, 0.0]))
    assert np.isnan(y[0]) and y[1] == -np.inf
