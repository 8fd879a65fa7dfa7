"""Facts about linear maps, each checked against numpy or a closed form."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose

from mathdl import MathDLError, linalg, projection

rng = np.random.default_rng(0)


def numbers(bound=10.0):
    """Slider-like numbers: bounded, and never so tiny that their squares underflow."""
    return st.floats(-bound, bound).map(lambda v: v if abs(v) > 1e-6 else 0.0)


def matrices(rows, cols, bound=10.0):
    return arrays(float, (rows, cols), elements=numbers(bound))


sizes = st.integers(1, 5)


def shoelace(polygon):
    """The signed area of a polygon from its corners, counter-clockwise positive."""
    x, y = polygon[:, 0], polygon[:, 1]
    return 0.5 * np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y)


# --- the presets are the maps their names say -------------------------------------------


def test_rotation_keeps_lengths_and_turns_e1_by_the_angle():
    R = linalg.PRESETS["rotation"]
    assert_allclose(R @ R.T, np.eye(2), atol=1e-15)
    assert_allclose(R @ [1, 0], [np.cos(np.pi / 6), np.sin(np.pi / 6)])
    assert linalg.determinant(R) == pytest.approx(1.0)


def test_reflection_reverses_orientation_and_is_its_own_inverse():
    F = linalg.PRESETS["reflection"]
    assert linalg.determinant(F) == pytest.approx(-1.0)
    assert_allclose(F @ F, np.eye(2))


def test_projection_preset_is_idempotent_and_singular():
    P = linalg.PRESETS["projection"]
    assert_allclose(P @ P, P)
    assert linalg.rank(P) == 1


def test_singular_preset_has_rank_one_and_determinant_zero():
    S = linalg.PRESETS["singular"]
    assert linalg.rank(S) == np.linalg.matrix_rank(S) == 1
    assert linalg.determinant(S) == pytest.approx(0.0, abs=1e-15)


def test_presets_cannot_be_changed_by_accident():
    with pytest.raises(ValueError):
        linalg.PRESETS["identity"][0, 0] = 5.0


# --- pictures of the plane ------------------------------------------------------------------


@given(matrices(2, 2, 3.0), st.floats(0, 1))
def test_interpolation_runs_from_the_identity_to_A(A, t):
    assert_allclose(linalg.interpolate(A, 0.0), np.eye(2))
    assert_allclose(linalg.interpolate(A, 1.0), A)
    assert_allclose(linalg.interpolate(A, t), (1 - t) * np.eye(2) + t * A, atol=1e-12)


@given(matrices(2, 2), matrices(7, 2))
def test_transform_applies_A_to_every_point(A, points):
    assert_allclose(linalg.transform(A, points), np.array([A @ p for p in points]), atol=1e-9)


def test_grid_lines_span_the_square_in_both_directions():
    lines = linalg.grid_lines(3.0, 1.0)
    assert lines.shape == (14, 2, 2)  # 7 vertical and 7 horizontal lines
    assert lines.min() == -3.0 and lines.max() == 3.0
    vertical, horizontal = lines[:7], lines[7:]
    assert np.all(vertical[:, 0, 0] == vertical[:, 1, 0])  # constant x
    assert np.all(horizontal[:, 0, 1] == horizontal[:, 1, 1])  # constant y


@given(matrices(2, 2, 3.0))
def test_the_moved_grid_is_the_grid_times_A(A):
    moved = linalg.transform_grid(A, 3.0)
    assert_allclose(moved, np.einsum("ij,lpj->lpi", A, linalg.grid_lines(3.0)), atol=1e-9)


@given(matrices(2, 2))
def test_unit_square_area_is_the_determinant(A):
    assert shoelace(linalg.unit_square(A)) == pytest.approx(np.linalg.det(A), abs=1e-9)


def test_f_shape_is_a_closed_counter_clockwise_polygon():
    F = linalg.F_SHAPE
    assert_allclose(F[0], F[-1])
    assert shoelace(F[:-1]) > 0


# --- determinant, rank, elimination --------------------------------------------------------


@settings(max_examples=60)
@given(sizes.flatmap(lambda n: matrices(n, n)))
def test_determinant_matches_numpy(A):
    scale = max(1.0, np.abs(A).max()) ** len(A)
    assert linalg.determinant(A) == pytest.approx(np.linalg.det(A), abs=1e-9 * scale)


@given(matrices(3, 3, 3.0), matrices(3, 3, 3.0))
def test_determinant_of_a_product_is_the_product_of_determinants(A, B):
    expected = linalg.determinant(A) * linalg.determinant(B)
    assert linalg.determinant(A @ B) == pytest.approx(expected, abs=1e-7)


@pytest.mark.parametrize("k", [0, 1, 2, 3, 4])
def test_rank_of_a_product_of_thin_factors_matches_numpy(k):
    for _ in range(20):
        A = rng.standard_normal((5, k)) @ rng.standard_normal((k, 6))  # rank k almost surely
        assert linalg.rank(A) == np.linalg.matrix_rank(A) == k


def test_row_echelon_counts_swaps_and_clears_below_pivots():
    U, swaps = linalg.row_echelon([[0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [2.0, 0.0, 1.0]])
    assert np.all(np.tril(U, -1) == 0)
    assert swaps >= 1
    assert np.prod(np.diag(U)) * (-1) ** swaps == pytest.approx(np.linalg.det([[0, 1, 2], [1, 2, 3], [2, 0, 1]]))


def test_determinant_needs_a_square_matrix():
    with pytest.raises(MathDLError) as error:
        linalg.determinant(np.ones((2, 3)))
    assert error.value.code == "bad_shape" and "A" in str(error.value)


# --- products ---------------------------------------------------------------------------------


@given(st.tuples(sizes, sizes, sizes).flatmap(lambda s: st.tuples(matrices(s[0], s[1]), matrices(s[1], s[2]))))
def test_matmul_matches_numpy(pair):
    A, B = pair
    assert_allclose(linalg.matmul(A, B), A @ B, atol=1e-9)


def test_each_entry_of_a_product_is_a_row_meeting_a_column():
    A, B = rng.integers(-3, 4, (3, 4)), rng.integers(-3, 4, (4, 2))
    for i in range(3):
        for j in range(2):
            entry = linalg.matmul_entry(A, B, i, j)
            assert_allclose(entry.terms, A[i] * B[:, j])
            assert entry.value == (A @ B)[i, j]


def test_shapes_that_do_not_multiply_are_named():
    with pytest.raises(MathDLError) as error:
        linalg.matmul(np.ones((2, 3)), np.ones((2, 3)))
    assert error.value.code == "shapes_do_not_multiply"
    assert error.value.params == {"cols": 3, "rows": 2}


def test_entry_indices_out_of_range_are_refused():
    with pytest.raises(MathDLError) as error:
        linalg.matmul_entry(np.ones((2, 2)), np.ones((2, 2)), 2, 0)
    assert error.value.code == "out_of_range" and error.value.params["name"] == "i"


# --- a dense layer ----------------------------------------------------------------------------


def test_dense_layer_is_Wx_plus_b_for_each_row():
    X, W, b = rng.standard_normal((10, 3)), rng.standard_normal((4, 3)), rng.standard_normal(4)
    assert_allclose(linalg.dense_layer(X, W, b), np.array([W @ x + b for x in X]))


def test_dense_layer_refuses_mismatched_shapes():
    with pytest.raises(MathDLError) as error:
        linalg.dense_layer(np.ones((5, 3)), np.ones((2, 2)), np.zeros(2))
    assert error.value.code == "bad_shape" and error.value.params["name"] == "X"


# --- inputs ------------------------------------------------------------------------------------


def test_non_finite_entries_are_refused_by_name():
    with pytest.raises(MathDLError) as error:
        linalg.determinant([[1.0, np.nan], [0.0, 1.0]])
    assert error.value.code == "not_finite" and "A" in str(error.value)


def test_functions_leave_their_inputs_alone():
    A = rng.standard_normal((4, 2))
    y = rng.standard_normal(4)
    A0, y0 = A.copy(), y.copy()
    projection.least_squares(A, y)
    projection.qr(A)
    linalg.row_echelon(A)
    linalg.determinant(A[:2])
    assert_allclose(A, A0)
    assert_allclose(y, y0)


@given(arrays(np.float64, 2, elements=st.floats(-1e6, 1e6)))
@settings(max_examples=80)
def test_the_polar_angle_is_numpys_arctan2_in_degrees_within_a_turn(v):
    angle = linalg.polar_angle(v)
    assert 0 <= angle < 360
    if np.linalg.norm(v) > 1e-9:
        turn = np.radians(angle)
        assert_allclose([np.cos(turn), np.sin(turn)], v / np.linalg.norm(v), atol=1e-9)
    assert linalg.polar_angle([0.0, -2.0]) == 270.0 and linalg.polar_angle([-1.0, -1e-300]) == 180.0
