"""The house's number formats: a p-value is never shown as 0, and a log slider shows values, not exponents."""

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from mathdl import inference
from ui import layout


def tex_to_float(text: str) -> float:
    """Read back 8.2 \\times 10^{-20}."""
    mantissa, _, exponent = text.partition(r" \times 10^")
    return float(mantissa) * 10.0 ** int(exponent.strip("{}") or 0)


@given(st.floats(min_value=1e-300, max_value=1.0))
def test_a_p_value_is_read_back_to_its_three_digits_in_text_and_in_a_formula(p):
    text, tex = layout.p_num(p), layout.p_num(p, tex=True)
    assert float(text) == float(f"{p:.3g}") > 0
    assert tex_to_float(tex) == pytest.approx(float(f"{p:.3g}"), rel=1e-12)
    assert layout.p_num(p, symbol="p") == f"p = {text}"


@pytest.mark.parametrize("p", [0.0, 5e-324, 1e-310, 9.99e-301])
def test_below_1e_300_a_p_value_is_a_bound_not_zero(p):
    """Subnormal doubles keep fewer digits than the three shown, and 0 means it underflowed."""
    assert layout.p_num(p) == "< 1e-300"
    assert layout.p_num(p, symbol="p") == "p < 1e-300"
    assert layout.p_num(p, tex=True, symbol="p") == "p < 10^{-300}"


def test_the_p_values_of_far_t_statistics_are_scipys_to_the_digits_shown():
    for t, df in [(9.0, 398), (12.0, 200), (20.0, 200), (40.0, 30), (58.9, 199)]:
        shown = layout.p_num(inference.p_value(t, df))
        assert re.fullmatch(r"\d\.?\d*e-\d+", shown), shown  # scientific notation: 9.66e-18
        assert float(shown) == float(f"{2 * stats.t.sf(t, df):.3g}")
    assert layout.p_num(inference.p_value(1e6, 1000)) == "< 1e-300"  # underflows to 0


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (1e-6, "1e-06"),
        (10**-2.1, "0.0079"),
        (0.01, "0.01"),
        (10**0.3, "2"),
        (10**1.5, "32"),
        (10**2.5, "320"),
        (1e5, "100,000"),
    ],
)
def test_a_power_of_ten_reads_as_a_number_with_two_figures(value, label):
    assert layout.power_label(value) == label


@pytest.mark.parametrize(
    ("low", "high", "step"), [(-6.0, 1.0, 0.5), (-4.0, 0.0, 0.1), (-1.0, 5.0, 0.1), (-2.0, 2.0, 0.1)]
)
def test_every_stop_of_a_log_slider_has_its_own_label(low, high, step):
    stops = 10.0 ** np.round(np.arange(low, high + step / 2, step), 6)
    labels = [layout.power_label(v) for v in stops]
    assert len(set(labels)) == len(labels)  # the URL keeps the label: two stops must never share one
    assert all(
        float(label.replace(",", "")) == pytest.approx(v, rel=0.05) for label, v in zip(labels, stops, strict=True)
    )
