"""Facts about projections and least squares, each checked against numpy."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose

from mathdl import MathDLError
from mathdl import projection as proj
from tests.test_linalg import matrices, numbers

rng = np.random.default_rng(0)


# --- QR, least squares, projections -----------------------------------------------------------


@pytest.mark.parametrize("shape", [(3, 1), (5, 2), (8, 4), (6, 6)])
def test_qr_matches_numpy_up_to_signs(shape):
    A = rng.standard_normal(shape)
    Q, R = proj.qr(A)
    Qn, Rn = np.linalg.qr(A)
    signs = np.sign(np.diag(Rn))
    assert_allclose(Q, Qn * signs, atol=1e-10)
    assert_allclose(R, signs[:, None] * Rn, atol=1e-10)
    assert_allclose(Q.T @ Q, np.eye(shape[1]), atol=1e-12)


@pytest.mark.parametrize("shape", [(4, 1), (10, 2), (30, 5), (5, 5)])
def test_least_squares_matches_numpy_lstsq(shape):
    A, y = rng.standard_normal(shape), rng.standard_normal(shape[0])
    fit = proj.least_squares(A, y)
    coef, residuals, *_ = np.linalg.lstsq(A, y)
    assert_allclose(fit.coef, coef, atol=1e-10)
    assert_allclose(fit.fitted + fit.residual, y)
    assert fit.rss == pytest.approx(float(residuals[0]) if residuals.size else 0.0, abs=1e-10)


@given(matrices(6, 2, 5.0), arrays(float, 6, elements=numbers(5.0)))
def test_residual_is_orthogonal_to_every_column(A, y):
    if np.linalg.matrix_rank(A) < 2 or np.linalg.cond(A) > 1e6:
        return  # the law needs independent, well-conditioned columns
    fit = proj.least_squares(A, y)
    assert_allclose(A.T @ fit.residual, 0.0, atol=1e-8)
    assert_allclose(fit.normal_residual, A.T @ fit.residual)


@given(matrices(5, 2, 5.0))
def test_projection_matrix_is_symmetric_and_idempotent(A):
    if np.linalg.matrix_rank(A) < 2 or np.linalg.cond(A) > 1e6:
        return
    P = proj.projection_matrix(A)
    assert_allclose(P, P.T, atol=1e-10)
    assert_allclose(P @ P, P, atol=1e-10)
    assert_allclose(P @ A, A, atol=1e-8)  # the column space is left where it is


def test_dependent_columns_make_least_squares_refuse():
    A = np.column_stack([np.ones(4), np.arange(4.0), 2 * np.arange(4.0)])
    with pytest.raises(MathDLError) as error:
        proj.least_squares(A, np.arange(4.0))
    assert error.value.code == "rank_deficient"
    assert error.value.params == {"name": "A", "rank": 2, "cols": 3}


def test_back_substitution_solves_a_triangular_system():
    R = np.triu(rng.standard_normal((5, 5))) + 5 * np.eye(5)
    z = rng.standard_normal(5)
    assert_allclose(proj.back_substitution(R, z), np.linalg.solve(R, z))


@given(arrays(float, 3, elements=numbers(5.0)), arrays(float, 3, elements=numbers(5.0)))
def test_projection_onto_a_line_leaves_a_perpendicular_residual(y, a):
    if a @ a < 1e-6:
        return
    line = proj.project_onto_line(y, a)
    assert_allclose(line.projection, (a @ y) / (a @ a) * a, atol=1e-9)
    assert line.orthogonality == pytest.approx(0.0, abs=1e-8)
    assert_allclose(line.projection + line.residual, y)


def test_the_zero_vector_spans_no_line():
    with pytest.raises(MathDLError) as error:
        proj.project_onto_line([1.0, 2.0], [0.0, 0.0])
    assert error.value.code == "zero_vector"


def test_polynomial_design_has_the_powers_of_x_as_columns():
    x = np.array([-1.0, 0.5, 2.0])
    assert_allclose(proj.polynomial_design(x, 3), np.vander(x, 4, increasing=True))
    with pytest.raises(MathDLError):
        proj.polynomial_design(x, 11)


def test_polynomial_values_are_numpys_polyval():
    rng = np.random.default_rng(3)
    coef, x = rng.standard_normal(5), rng.uniform(-2, 2, 30)
    assert_allclose(proj.polynomial_values(coef, x), np.polyval(coef[::-1], x), rtol=1e-12)
