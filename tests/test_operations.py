"""Matrix operations beyond the product, each checked against numpy: sum, multiple, transpose, inverse, A * B."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose

from mathdl import MathDLError, linalg, operations
from mathdl.subspaces import EXAMPLES

rng = np.random.default_rng(0)


def matrices(rows, cols, bound=10.0):
    return arrays(float, (rows, cols), elements=st.floats(-bound, bound).map(lambda v: v if abs(v) > 1e-6 else 0.0))


sizes = st.integers(1, 4)
pairs = st.tuples(sizes, sizes).flatmap(lambda s: st.tuples(matrices(*s), matrices(*s)))
SHAPES = list(itertools.product(range(1, 5), repeat=2))


# --- sum, multiple, transpose -------------------------------------------------------------------


@settings(max_examples=40)
@given(pairs, matrices(2, 7))
def test_the_sum_is_numpys_and_sends_each_point_to_the_sum_of_its_images(pair, points):
    A, B = pair
    assert_allclose(operations.add(A, B), A + B)
    if A.shape[1] == 2:
        assert_allclose(operations.add(A, B) @ points, A @ points + B @ points, atol=1e-9)


def test_a_sum_of_two_shapes_is_refused_by_name():
    with pytest.raises(MathDLError) as error:
        operations.add(np.ones((2, 2)), np.ones((2, 3)))
    assert error.value.code == "bad_shape" and error.value.params["name"] == "B"


@settings(max_examples=40)
@given(st.floats(-5, 5), matrices(2, 2))
def test_a_multiple_is_numpys_and_scales_the_area_by_c_squared(c, A):
    assert_allclose(operations.scale(c, A), c * A)
    assert np.linalg.det(operations.scale(c, A)) == pytest.approx(c**2 * np.linalg.det(A), abs=1e-9)


def test_a_multiple_by_nan_is_refused():
    with pytest.raises(MathDLError) as error:
        operations.scale(float("nan"), np.eye(2))
    assert error.value.code == "not_finite" and error.value.params["name"] == "c"


@settings(max_examples=40)
@given(st.tuples(sizes, sizes, sizes).flatmap(lambda s: st.tuples(matrices(s[0], s[1]), matrices(s[1], s[2]))))
def test_the_transpose_is_numpys_and_reverses_a_product(pair):
    A, B = pair
    assert_allclose(operations.transpose(A), np.transpose(A))
    assert_allclose(operations.transpose(A @ B), operations.transpose(B) @ operations.transpose(A), atol=1e-9)


@settings(max_examples=40)
@given(matrices(3, 3))
def test_a_matrix_and_its_transpose_have_one_determinant(A):
    assert np.linalg.det(operations.transpose(A)) == pytest.approx(np.linalg.det(A), abs=1e-7)


# --- the inverse --------------------------------------------------------------------------------


@settings(max_examples=60)
@given(st.integers(1, 5).flatmap(lambda n: matrices(n, n)))
def test_the_inverse_is_numpys_and_undoes_A(A):
    if np.linalg.cond(A) > 1e8 or linalg.rank(A) < len(A):
        return  # too nearly singular for two methods to agree digit by digit; singular ones are below
    inverse = operations.inverse(A)
    assert_allclose(inverse, np.linalg.inv(A), rtol=1e-7, atol=1e-9 * np.abs(inverse).max())
    assert_allclose(inverse @ A, np.eye(len(A)), atol=1e-7)


@pytest.mark.parametrize(
    ("A", "rank"),
    [(linalg.PRESETS["singular"], 1), (linalg.PRESETS["projection"], 1), (np.zeros((2, 2)), 0),
     (EXAMPLES["singular"], 1), ([[0.3, 0.6], [0.1, 0.2]], 1), (np.ones((3, 3)), 1)],
)  # fmt: skip
def test_a_singular_matrix_has_no_inverse_and_the_error_says_its_rank(A, rank):
    assert np.linalg.matrix_rank(A) == rank
    with pytest.raises(MathDLError) as error:
        operations.inverse(A)
    assert error.value.code == "singular"
    assert error.value.params == {"name": "A", "rank": rank, "n": len(A)}


def test_an_inverse_too_large_for_a_double_is_refused_not_returned_as_infinity():
    with np.errstate(all="ignore"):
        assert not np.all(np.isfinite(np.linalg.inv(5e-324 * np.eye(2))))
    with pytest.raises(MathDLError) as error:
        operations.inverse(5e-324 * np.eye(2))
    assert error.value.code == "number_too_large"


def test_only_a_square_matrix_has_an_inverse():
    with pytest.raises(MathDLError) as error:
        operations.inverse(np.ones((2, 3)))
    assert error.value.code == "bad_shape"


# --- the element-wise product beside the matrix product -------------------------------------------


def numpy_shape(op, a_shape, b_shape):
    """The shape numpy gives, or None where numpy raises."""
    try:
        return op(np.ones(a_shape), np.ones(b_shape)).shape
    except ValueError:
        return None


@pytest.mark.parametrize("a_shape", SHAPES, ids=str)
def test_the_shape_rules_are_numpys_for_every_small_pair(a_shape):
    for b_shape in SHAPES:
        rules = operations.product_shapes(a_shape, b_shape)
        assert rules.elementwise == numpy_shape(np.multiply, a_shape, b_shape), (a_shape, b_shape)
        assert rules.matmul == numpy_shape(np.matmul, a_shape, b_shape), (a_shape, b_shape)
        clashes = [k for k in (-2, -1) if 1 != a_shape[k] != b_shape[k] != 1]
        assert rules.clash == (clashes[0] if clashes else None)


@pytest.mark.parametrize("a_shape", SHAPES, ids=str)
def test_the_elementwise_product_is_numpys_star_or_the_same_refusal(a_shape):
    A = rng.integers(-3, 4, a_shape)
    for b_shape in SHAPES:
        B = rng.integers(-3, 4, b_shape)
        expected = numpy_shape(np.multiply, a_shape, b_shape)
        if expected is None:
            with pytest.raises(MathDLError) as error:
                operations.hadamard(A, B)
            assert error.value.code == "shapes_do_not_broadcast"
        else:
            assert_allclose(operations.hadamard(A, B), A * B)


def test_a_column_times_a_row_is_the_same_outer_product_both_ways():
    col, row = np.array([[1.0], [2.0], [3.0]]), np.array([[4.0, 5.0, 6.0]])
    assert_allclose(operations.hadamard(col, row), linalg.matmul(col, row))
    assert_allclose(operations.hadamard(col, row), np.outer(col, row))


def test_square_matrices_allow_both_products_and_they_differ():
    A, B = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[5.0, 6.0], [7.0, 8.0]])
    assert_allclose(operations.hadamard(A, B), [[5, 12], [21, 32]])
    assert_allclose(linalg.matmul(A, B), [[19, 22], [43, 50]])


def test_a_shape_that_is_not_a_matrix_is_refused():
    with pytest.raises(MathDLError) as error:
        operations.product_shapes((2, 0), (2, 2))
    assert error.value.code == "bad_shape" and error.value.params["name"] == "a_shape"


def test_operations_leave_their_inputs_alone():
    A, B = rng.standard_normal((3, 3)), rng.standard_normal((3, 3))
    A0, B0 = A.copy(), B.copy()
    operations.add(A, B)
    operations.scale(2.0, A)
    operations.transpose(A)
    operations.inverse(A)
    operations.hadamard(A, B)
    assert_allclose(A, A0)
    assert_allclose(B, B0)
