"""Facts about the losses descended on page 8: closed-form minima, gradients against finite
differences, and the bound η < 2/a on a parabola of curvature a.
"""

import math
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathdl import MathDLError, optim, surfaces


def test_momentum_beats_plain_gradient_descent_in_an_ill_conditioned_ravine():
    s = surfaces.surface("quadratic", condition=100)
    plain = optim.descend("sgd", s.grad, s.start, 1.0, 100).points[-1]
    heavy = optim.descend("momentum", s.grad, s.start, 1.0, 100).points[-1]
    assert s.f(heavy) < 1e-3 * s.f(plain)


# --- the learning rate against the curvature -----------------------------------------------------


@settings(max_examples=60)
@given(st.floats(0.1, 10), st.floats(0.01, 3))
def test_on_a_quadratic_descent_converges_exactly_when_lr_is_below_two_over_a(a, ratio):
    """x_k = (1 − ηa)ᵏ x₀: the regime the page names is what 200 steps actually do."""
    lr = ratio / a
    regime = surfaces.gd_regime(lr, a)
    path = optim.descend("sgd", lambda x: a * x, [1.0], lr, 200)
    final = abs(path.points[-1, 0])
    if regime in ("converges", "oscillates"):
        # + 1e-300: where (1 − ηa)²⁰⁰ underflows to 0, the iterate may stop at a subnormal such as 5e-324
        assert path.diverged_at is None and final <= abs(1 - lr * a) ** 200 * 1.0001 + 1e-300
        assert regime == ("oscillates" if lr * a > 1 else "converges")
    elif regime == "diverges":
        assert lr * a > 2 and (path.diverged_at is not None or final > 1)


# --- the surfaces -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(surfaces.SURFACES))
def test_each_surface_has_its_stated_minimum_and_a_gradient_that_matches_finite_differences(name):
    s = surfaces.surface(name, condition=25)
    assert np.linalg.norm(s.grad(np.array(s.minimum))) < 1e-12
    rng, h = np.random.default_rng(0), 1e-6
    for point in rng.uniform([s.extent[0], s.extent[2]], [s.extent[1], s.extent[3]], size=(5, 2)):
        numeric = [(s.f(point + h * e) - s.f(point - h * e)) / (2 * h) for e in np.eye(2)]
        np.testing.assert_allclose(s.grad(point), numeric, rtol=1e-6, atol=1e-5)


def test_known_minimum_values():
    assert surfaces.surface("rosenbrock").f(np.array([1.0, 1.0])) == 0
    assert surfaces.surface("beale").f(np.array([3.0, 0.5])) == pytest.approx(0, abs=1e-24)
    assert surfaces.surface("saddle").f(np.array([0.0, -1.0])) == -0.25


def test_the_saddle_has_a_negative_curvature_at_its_centre():
    g = surfaces.surface("saddle").grad
    h = 1e-5
    hessian = np.array([(g(h * e) - g(-h * e)) / (2 * h) for e in np.eye(2)])
    np.testing.assert_allclose(np.linalg.eigvalsh(hessian), [-1, 1], atol=1e-8)


def test_the_quadratics_hessian_has_the_condition_number_asked_for():
    g = surfaces.surface("quadratic", condition=40).grad
    hessian = np.array([g(e) for e in np.eye(2)])
    assert np.linalg.cond(hessian) == pytest.approx(40)


def test_the_grid_holds_f_at_each_point():
    s = surfaces.surface("beale")
    x, y, z = surfaces.surface_grid(s, 7)
    assert z[2, 5] == s.f(np.array([x[5], y[2]]))


@settings(max_examples=40)
@given(st.floats(0.1, 5), st.floats(0.01, 3), st.floats(-5, 5))
def test_one_step_on_the_parabola_multiplies_x_by_one_minus_lr_times_L(L, lr, x0):
    p = surfaces.parabola(L)
    step = optim.descend("sgd", p, [x0], lr, 1).points[-1, 0]
    assert step == pytest.approx((1 - lr * L) * x0, abs=1e-12)
    assert abs(step) == pytest.approx(surfaces.contraction(lr, L) * abs(x0), abs=1e-12)
    assert p.f(x0) == pytest.approx(L * x0**2 / 2)


def test_the_gap_is_zero_at_the_minimum_and_the_height_above_it_elsewhere():
    s = surfaces.surface("saddle")
    assert s.gap(s.minimum) == 1e-16
    assert s.gap([0.0, 0.0]) == pytest.approx(0.25)


def test_a_surface_is_numbers_and_a_name_so_a_notebook_can_write_compare_and_pickle_it():
    s = surfaces.surface("quadratic", 40)
    assert pickle.loads(pickle.dumps(s)) == s
    assert s.f(np.array([2.0, 1.0])) == pytest.approx((4 / 40 + 1) / 2)
    assert surfaces.surface("rosenbrock", 40) == surfaces.surface("rosenbrock", 40)


def test_bad_surfaces_are_refused():
    for args in (("himmelblau", 10), ("quadratic", 0.5), ("quadratic", 1e5)):
        with pytest.raises(MathDLError):
            surfaces.surface(*args)
    with pytest.raises(MathDLError):
        surfaces.parabola(0.0)


REGIMES = [(0.25, "converges"), (0.5, "converges"), (0.75, "oscillates"), (1.0, "cycles"), (1.25, "diverges")]


@pytest.mark.parametrize(("lr", "regime"), REGIMES)
def test_the_stability_of_a_rate_is_the_factor_one_minus_lr_times_L(lr, regime):
    s = surfaces.stability(lr, 2.0)
    assert s.factor == pytest.approx(1 - 2 * lr) and s.contraction == pytest.approx(abs(1 - 2 * lr))
    assert (s.ideal, s.bound) == (0.5, 1.0)
    assert s.regime == regime


def test_the_profile_and_the_path_lie_on_the_parabola():
    p = surfaces.parabola(3.0)
    x, loss = surfaces.profile(p, 6.0, 121)
    np.testing.assert_allclose(loss, 1.5 * x**2)
    path = optim.descend("sgd", p, [4.0], 0.2, 5)
    np.testing.assert_allclose(surfaces.along(p, path), 1.5 * path.points[:, 0] ** 2)
    np.testing.assert_allclose(path.points[:, 0], 4.0 * 0.4 ** np.arange(6))  # x_k = (1 − ηa)^k x₀


def test_the_landscape_holds_the_gap_at_each_point():
    s = surfaces.surface("quadratic", 5)
    x, y, gap = surfaces.landscape(s, 9)
    assert gap.shape == (9, 9)
    assert gap[2, 7] == pytest.approx(max((x[7] ** 2 / 5 + y[2] ** 2) / 2, 1e-16))


def test_gaps_and_standings_of_a_race():
    s = surfaces.surface("rosenbrock")
    paths = optim.compare(s, 0.1, 100, names=("sgd", "adam"))
    assert paths["sgd"].diverged_at is not None and paths["adam"].diverged_at is None
    gaps = surfaces.gaps(s, paths)
    ends = paths["adam"].points[-1]
    np.testing.assert_allclose(
        gaps["adam"],
        np.maximum(
            (1 - paths["adam"].points[:, 0]) ** 2
            + 100 * (paths["adam"].points[:, 1] - paths["adam"].points[:, 0] ** 2) ** 2,
            1e-16,
        ),
    )
    table = surfaces.standings(s, paths)
    assert math.isnan(table.gap["sgd"]) and math.isnan(table.distance["sgd"])
    assert table.gap["adam"] == pytest.approx(gaps["adam"][-1])
    assert table.distance["adam"] == pytest.approx(math.hypot(ends[0] - 1, ends[1] - 1))


def test_the_closest_optimiser_is_the_one_whose_loss_ended_lowest_and_a_diverged_run_never_wins():
    s = surfaces.surface("quadratic", condition=50)
    paths = optim.compare(s, 0.02, 60)
    ends = {name: float(s.f(p.points[-1]) - s.f(s.minimum)) for name, p in paths.items()}
    assert surfaces.closest(surfaces.standings(s, paths)) == min(ends, key=ends.get)
    diverged = optim.compare(surfaces.surface("rosenbrock"), 0.1, 100, names=("sgd", "adam"))
    assert surfaces.closest(surfaces.standings(surfaces.surface("rosenbrock"), diverged)) == "adam"
    assert surfaces.closest(surfaces.Standings({"sgd": math.nan}, {"sgd": math.nan})) is None


def test_a_surface_started_elsewhere_sends_every_optimiser_from_there_and_nothing_else_changes():
    s = surfaces.surface("quadratic", 20)
    moved = surfaces.starting_at(s, np.array([3.0, -1.5]))
    paths = optim.compare(moved, 0.05, 3)
    assert all(p.points[0].tolist() == [3.0, -1.5] for p in paths.values())
    grid = np.random.default_rng(0).uniform(-3, 3, (20, 2))
    assert np.array_equal(moved.f(grid), s.f(grid)) and (moved.minimum, moved.extent) == (s.minimum, s.extent)
    expected = optim.descend("sgd", s.grad, [3.0, -1.5], 0.05, 3).points
    assert np.array_equal(paths["sgd"].points, expected)


@pytest.mark.parametrize("start", [(6.0, 0.0), (0.0, -3.5), (float("nan"), 0.0), (1.0, 2.0, 3.0)])
def test_a_start_outside_the_window_is_refused(start):
    with pytest.raises(MathDLError):
        surfaces.starting_at(surfaces.surface("quadratic"), start)
