"""Column space, null space, rank + nullity = n and closure, checked against scipy and numpy."""

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from mathdl import MathDLError, projection, subspaces

rng = np.random.default_rng(0)


def projector(Q):
    """QQᵀ: the same for every orthonormal basis of one subspace, so two bases can be compared."""
    return Q @ Q.T


def low_rank(m, n, r):
    return rng.standard_normal((m, r)) @ rng.standard_normal((r, n))


CASES = [low_rank(m, n, r) for m in (1, 2, 3, 5) for n in (1, 2, 3, 4) for r in range(min(m, n) + 1)]


@pytest.mark.parametrize("A", CASES, ids=lambda A: f"{A.shape}")
def test_both_bases_span_what_scipys_span(A):
    found = subspaces.subspaces(A)
    assert found.rank == np.linalg.matrix_rank(A)
    assert_allclose(projector(found.column_basis), projector(scipy.linalg.orth(A)), atol=1e-10)
    assert_allclose(projector(found.null_basis), projector(scipy.linalg.null_space(A)), atol=1e-10)
    assert_allclose(subspaces.column_space(A), found.column_basis)
    assert_allclose(subspaces.null_space(A), found.null_basis)


@pytest.mark.parametrize("A", CASES, ids=lambda A: f"{A.shape}")
def test_rank_plus_nullity_is_the_number_of_columns_and_the_null_space_goes_to_zero(A):
    found = subspaces.subspaces(A)
    assert found.rank + found.nullity == A.shape[1]
    assert found.null_basis.shape == (A.shape[1], found.nullity)
    assert_allclose(A @ found.null_basis, 0.0, atol=1e-10)
    for Q in (found.column_basis, found.null_basis):
        assert_allclose(Q.T @ Q, np.eye(Q.shape[1]), atol=1e-12)  # orthonormal


@pytest.mark.parametrize(
    ("name", "rank", "nullity"), [("plane", 2, 1), ("line", 1, 2), ("singular", 1, 1), ("invertible", 2, 0)]
)
def test_the_examples_are_the_cases_their_names_say(name, rank, nullity):
    found = subspaces.subspaces(subspaces.EXAMPLES[name])
    assert (found.rank, found.nullity) == (rank, nullity) == (np.linalg.matrix_rank(subspaces.EXAMPLES[name]), nullity)


def test_the_null_space_of_the_plane_example_is_the_cancelling_combination():
    x = subspaces.null_space(subspaces.EXAMPLES["plane"]).ravel()
    assert_allclose(x, np.array([1.0, 1.0, -1.0]) / np.sqrt(3))  # a₁ + a₂ − a₃ = 0, largest entry positive


def test_the_zero_matrix_has_no_column_space_and_every_input_in_its_null_space():
    found = subspaces.subspaces(np.zeros((2, 3)))
    assert found.rank == 0 and found.column_basis.shape == (2, 0)
    assert_allclose(projector(found.null_basis), np.eye(3))


def test_a_singular_value_at_rounding_level_is_zero_as_numpy_says():
    A = np.array([[0.3, 0.6], [0.1, 0.2]])  # 0.3·0.2 − 0.6·0.1 is 1e-18, not 0, in doubles
    assert subspaces.subspaces(A).rank == np.linalg.matrix_rank(A) == 1
    assert subspaces.subspaces(A, tol=0.0).rank == 2


@given(st.lists(st.floats(-3, 3), min_size=4, max_size=4), st.floats(-3, 3))
def test_the_distance_to_a_line_is_the_projection_residual(values, scale):
    a, y = np.array(values[:2]), np.array(values[2:])
    if np.linalg.norm(a) < 1e-3:
        return
    Q = subspaces.column_space(a[:, None])
    residual = y - projection.project_onto_line(y, a).projection
    assert subspaces.distance_to_subspace(Q, y) == pytest.approx(np.linalg.norm(residual), abs=1e-9)
    assert subspaces.distance_to_subspace(Q, scale * a) == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("A", CASES[:12], ids=lambda A: f"{A.shape}")
def test_sums_and_multiples_of_outputs_stay_in_the_column_space(A):
    Q = subspaces.column_space(A)
    u, v = A @ rng.standard_normal(A.shape[1]), A @ rng.standard_normal(A.shape[1])
    closed = subspaces.closure(Q, u, v, -1.7)
    assert_allclose(closed.sum, u + v)
    assert_allclose(closed.multiple, -1.7 * u)
    assert_allclose(closed.distances, 0.0, atol=1e-9)


def test_a_vector_off_the_subspace_is_reported_as_off():
    Q = subspaces.column_space(subspaces.EXAMPLES["singular"])  # the line through (1, 0.5)
    closed = subspaces.closure(Q, [1.0, 0.5], [0.0, 1.0], 2.0)
    assert closed.distances[0] == pytest.approx(0.0, abs=1e-12)
    assert closed.distances[1] == pytest.approx(1 / np.sqrt(1.25))  # (0, 1) from the line y = x/2
    assert closed.distances[2] > 0.5


@pytest.mark.parametrize("A", CASES, ids=lambda A: f"{A.shape}")
def test_the_combination_path_walks_the_weighted_columns_to_Ax(A):
    x = rng.standard_normal(A.shape[1])
    path = subspaces.combination_path(A, x)
    assert path.shape == (A.shape[1] + 1, A.shape[0])
    assert_allclose(np.diff(path, axis=0), (A * x).T)
    assert_allclose(path[-1], A @ x, atol=1e-12)
    for weights in subspaces.null_space(A).T:
        assert_allclose(subspaces.combination_path(A, weights)[-1], 0.0, atol=1e-10)


def test_bad_input_is_refused_by_name():
    with pytest.raises(MathDLError) as error:
        subspaces.combination_path(np.eye(2), [1.0, 2.0, 3.0])
    assert error.value.code == "bad_shape" and error.value.params["name"] == "x"
    with pytest.raises(MathDLError) as error:
        subspaces.subspaces([[1.0, np.inf]])
    assert error.value.code == "not_finite"


def test_examples_cannot_be_changed_by_accident():
    with pytest.raises(ValueError):
        subspaces.EXAMPLES["plane"][0, 0] = 5.0


def test_the_zero_subspace_keeps_only_zero():
    Q = subspaces.column_space(np.zeros((2, 3)))
    closed = subspaces.closure(Q, [0.0, 0.0], [3.0, 4.0], 2.0)
    assert_allclose(closed.distances, [0.0, 5.0, 5.0, 0.0])
