"""Facts about the L1 diamond, the L2 disc and the loss contours that meet them, checked against
brute force along the edge, scipy's constrained minimiser, closed forms and scikit-learn's Lasso and Ridge.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose

from mathdl import MathDLError, constraints, datasets, penalties

DIABETES = datasets.diabetes(scale_target=False)


def centred(X, y):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    return X - X.mean(axis=0), y - y.mean()


def random_regression(seed, n=40, d=5):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d)) @ rng.standard_normal((d, d))  # correlated columns
    return X, X @ rng.standard_normal(d) + rng.standard_normal(n)


def random_bowl(seed):
    rng = np.random.default_rng(seed)
    M = rng.standard_normal((2, 2))
    return M @ M.T + 0.1 * np.eye(2), rng.uniform(-3, 3, 2)


def test_the_loss_grid_is_the_quadratic_form_with_rows_following_w2():
    A, c = np.array([[2.0, 0.5], [0.5, 1.0]]), np.array([1.0, -0.5])
    ticks, L = constraints.loss_grid(A, c, 2.0, 41)
    i, j = 7, 30
    w = np.array([ticks[j], ticks[i]])
    assert L[i, j] == pytest.approx(0.5 * (w - c) @ A @ (w - c))
    assert L.min() >= 0


def test_the_bowl_of_least_squares_is_the_lasso_loss_up_to_a_constant():
    X, y = DIABETES[0][:, [2, 8]], DIABETES[1]  # bmi and s5
    A, c = constraints.least_squares_quadratic(X, y)
    Xc, yc = centred(X, y)
    W = np.random.default_rng(0).normal(0, 30, (20, 2))
    squared_error = ((yc[:, None] - Xc @ W.T) ** 2).sum(axis=0) / (2 * len(y))
    gaps = squared_error - constraints.quadratic_loss(A, c, W)
    assert_allclose(gaps, gaps[0], rtol=1e-10)


@pytest.mark.parametrize("norm", constraints.NORMS)
@pytest.mark.parametrize("seed", range(8))
def test_the_constrained_minimum_beats_every_point_of_a_fine_search_along_the_edge(norm, seed):
    A, c = random_bowl(seed)
    t = 0.5 * np.linalg.norm(c, ord=1 if norm == "l1" else 2)  # c outside: the edge matters
    r = constraints.constrained_minimum(A, c, t, norm)
    edge = constraints.ball_boundary(t, norm, 400_001)  # includes the four corners of the diamond
    brute = constraints.quadratic_loss(A, c, edge)
    assert np.linalg.norm(r.w, ord=1 if norm == "l1" else 2) == pytest.approx(t, rel=1e-9)
    assert r.loss <= brute.min() + 1e-12
    assert r.loss == pytest.approx(brute.min(), rel=1e-8, abs=1e-12)
    assert r.loss == pytest.approx(constraints.quadratic_loss(A, c, r.w))


@pytest.mark.parametrize("seed", range(5))
def test_the_l2_minimum_is_scipys_constrained_minimum(seed):
    from scipy.optimize import minimize

    A, c = random_bowl(seed)
    t = 0.4 * np.linalg.norm(c)
    reference = minimize(
        lambda w: 0.5 * (w - c) @ A @ (w - c),
        np.zeros(2),
        method="SLSQP",
        constraints=[{"type": "ineq", "fun": lambda w: t**2 - w @ w}],
        options={"ftol": 1e-14},
    )
    assert_allclose(constraints.constrained_minimum(A, c, t, "l2").w, reference.x, atol=1e-6)


def test_the_l1_diamond_puts_the_answer_on_an_axis_where_the_l2_disc_does_not():
    A, c = np.array([[2.0, 0.3], [0.3, 1.0]]), np.array([2.0, 0.5])  # a tilted bowl up and to the right
    l1, l2 = constraints.constrained_minimum(A, c, 1.0, "l1"), constraints.constrained_minimum(A, c, 1.0, "l2")
    assert l1.w.tolist() == [1.0, 0.0]  # the corner: w₂ exactly zero
    assert np.all(np.abs(l2.w) > 0.1)


@settings(max_examples=60)
@given(arrays(float, 2, elements=st.floats(-5, 5)), st.floats(0.1, 3))
def test_on_a_round_bowl_the_minimum_is_the_nearest_point_of_the_ball(c, t):
    """With A = I the constrained minimum is the Euclidean projection: c scaled to the circle, or c
    soft-thresholded onto the diamond, which lands on a corner exactly when ||c₁| − |c₂|| ≥ t.
    """
    l2 = constraints.constrained_minimum(np.eye(2), c, t, "l2").w
    assert_allclose(l2, c * min(1.0, t / max(np.linalg.norm(c), 1e-300)), atol=1e-9)
    l1 = constraints.constrained_minimum(np.eye(2), c, t, "l1").w
    if np.abs(c).sum() <= t:
        assert_allclose(l1, c)
        return
    theta = (np.abs(c).sum() - t) / 2 if abs(abs(c[0]) - abs(c[1])) < t else abs(np.abs(c).max()) - t
    assert_allclose(l1, penalties.soft_threshold(c, theta), atol=1e-9)
    assert (np.count_nonzero(l1) < 2) == (abs(abs(c[0]) - abs(c[1])) >= t)


@pytest.mark.parametrize("seed", range(4))
def test_every_constraint_radius_is_a_penalty_the_multiplier_alpha_gives_the_same_weights(seed):
    X, y = random_regression(seed, n=60, d=2)
    A, c = constraints.least_squares_quadratic(X, y)
    for t_share in (0.2, 0.6):
        l1 = constraints.constrained_minimum(A, c, t_share * np.abs(c).sum(), "l1")
        assert_allclose(penalties.lasso(X, y, l1.alpha).coef, l1.w, atol=1e-7)
        l2 = constraints.constrained_minimum(A, c, t_share * np.linalg.norm(c), "l2")
        assert_allclose(penalties.ridge(X, y, len(y) * l2.alpha).coef, l2.w, atol=1e-7)  # ridge's α is n times larger


@pytest.mark.parametrize("norm", constraints.NORMS)
@pytest.mark.parametrize("share", [0.2, 0.6, 1.5])
def test_the_ball_picture_draws_the_constrained_minimum_and_contours_at_their_levels(norm, share):
    A, c = random_bowl(2)
    picture = constraints.ball_picture(A, c, share, norm, rings=6, m=301)
    assert picture.t == pytest.approx(share * np.abs(c).sum())
    best = constraints.constrained_minimum(A, c, picture.t, norm)
    assert_allclose(picture.best.w, best.w)
    base = 0.5 * c @ A @ c  # the loss at w = 0, as a plain quadratic form
    expected = [base * (j / 5) ** 2 for j in range(1, 7)] + ([best.loss] if best.loss > 0 else [])
    assert_allclose(picture.levels, expected, rtol=1e-12)
    assert picture.touching == (best.loss > 0)
    for level, ring in zip(picture.levels, picture.contours, strict=True):
        r = ring - c
        assert_allclose(0.5 * np.sum((r @ A) * r, axis=1), level, rtol=1e-9)
    size = np.linalg.norm(picture.ball, ord=1 if norm == "l1" else 2, axis=1)
    assert_allclose(size, picture.t)
    if picture.touching:  # the last contour reaches the ball at w* and never enters it
        fine = constraints.level_curve(A, c, picture.levels[-1], 100_000)
        inside = np.linalg.norm(fine, ord=1 if norm == "l1" else 2, axis=1)
        assert picture.t * (1 - 1e-9) <= inside.min() <= picture.t * (1 + 1e-3)


def test_inside_the_ball_the_unconstrained_minimum_stands():
    r = constraints.constrained_minimum(np.eye(2), [0.2, 0.1], 1.0, "l1")
    assert r.w.tolist() == [0.2, 0.1] and r.loss == 0.0 and r.alpha == 0.0


@pytest.mark.parametrize("norm", constraints.NORMS)
def test_the_ball_boundary_lies_on_the_ball(norm):
    edge = constraints.ball_boundary(2.5, norm, 333)
    assert_allclose(np.linalg.norm(edge, ord=1 if norm == "l1" else 2, axis=1), 2.5)
    assert_allclose(edge[0], edge[-1], atol=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_the_level_curve_is_the_ellipse_of_that_loss_with_the_area_of_its_closed_form(seed):
    """Every point has loss = level, computed here as a plain quadratic form, and the polygon's area
    (shoelace formula) is that of the ellipse (w − c)ᵀA(w − c) ≤ 2·level: 2π·level / √det A.
    """
    A, c = random_bowl(seed)
    level = 0.7 + seed
    points = constraints.level_curve(A, c, level, 20_001)
    r = points - c
    assert_allclose(0.5 * np.sum((r @ A) * r, axis=1), level, rtol=1e-10)
    x, y = points[:, 0], points[:, 1]
    area = 0.5 * abs(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))
    assert area == pytest.approx(2 * np.pi * level / np.sqrt(np.linalg.det(A)), rel=1e-6)
    assert_allclose(points[0], points[-1], atol=1e-12)


def test_the_level_curve_through_the_constrained_minimum_touches_the_ball_there():
    A, c = np.array([[2.0, 0.3], [0.3, 1.0]]), np.array([2.0, 0.5])
    r = constraints.constrained_minimum(A, c, 1.0, "l2")
    ellipse = constraints.level_curve(A, c, r.loss, 100_000)
    assert np.linalg.norm(ellipse, axis=1).min() == pytest.approx(1.0, abs=1e-6)  # it reaches the disc, never enters it


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: constraints.constrained_minimum([[1.0, 2.0], [0.0, 1.0]], [1.0, 1.0], 1.0, "l1"), "not_symmetric"),
        (lambda: constraints.constrained_minimum([[1.0, 2.0], [2.0, 1.0]], [1.0, 1.0], 1.0, "l1"), "out_of_range"),
        (lambda: constraints.constrained_minimum(np.eye(2), [1.0, 1.0], 0.0, "l2"), "out_of_range"),
        (
            lambda: constraints.least_squares_quadratic([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]], [1.0, 2.0, 3.0]),
            "rank_deficient",
        ),
        (lambda: constraints.level_curve(np.eye(2), [0.0, 0.0], -1.0), "out_of_range"),
        (lambda: constraints.ball_picture(np.eye(2), [1.0, 1.0], 0.0, "l1"), "out_of_range"),
        (lambda: constraints.ball_picture(np.eye(2), [1.0, 1.0], 0.5, "l3"), "unknown_choice"),
    ],
)
def test_bad_input_is_refused_with_a_message_a_page_can_translate(call, code):
    with pytest.raises(MathDLError) as error:
        call()
    assert error.value.code == code
