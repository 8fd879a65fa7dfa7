"""The input features of the playground against their closed forms, and what they make easy."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.linear_model import LogisticRegression

from mathdl import MathDLError, datasets
from mathdl.features import FEATURES, RAW, feature_map


def test_every_feature_is_its_formula_column_by_column():
    X = np.random.default_rng(0).uniform(-3, 3, (50, 2))
    x1, x2 = X[:, 0], X[:, 1]
    expected = {
        "x1": x1, "x2": x2, "x1sq": x1**2, "x2sq": x2**2, "x1x2": x1 * x2, "sin1": np.sin(x1), "sin2": np.sin(x2),
    }  # fmt: skip
    assert list(FEATURES) == list(expected)
    assert_allclose(feature_map(X, list(FEATURES)), np.column_stack(list(expected.values())), rtol=0, atol=1e-15)
    assert_allclose(feature_map(X, ["sin2", "x1"]), np.column_stack([np.sin(x2), x1]))
    assert_array_equal(feature_map(X, RAW), X)


def test_with_squares_a_linear_classifier_separates_the_circles():
    """x₁² + x₂² = r² is a hyperplane in (x₁², x₂²): a logistic regression on the squares beats one on x₁, x₂."""
    X, y = datasets.toy_set("circles", 300, 0.1, np.random.default_rng(0))
    raw = LogisticRegression().fit(X, y).score(X, y)
    squares = LogisticRegression().fit(feature_map(X, ["x1sq", "x2sq"]), y).score(feature_map(X, ["x1sq", "x2sq"]), y)
    assert squares > 0.95 and raw < 0.7


@pytest.mark.parametrize(
    ("X", "names", "code"),
    [
        (np.zeros((3, 2)), [], "too_few_values"),
        (np.zeros((3, 2)), ["x3"], "unknown_choice"),
        (np.zeros((3, 2)), ["x1", "x1"], "unknown_choice"),
        (np.zeros((3, 3)), ["x1"], "bad_shape"),
        ([[np.nan, 0.0]], ["x1"], "not_finite"),
    ],
)
def test_bad_input_is_refused_with_the_reason(X, names, code):
    with pytest.raises(MathDLError) as raised:
        feature_map(X, names)
    assert raised.value.code == code
