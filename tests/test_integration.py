"""Facts about numerical integration, checked against closed forms and scipy.integrate.quad."""

import numpy as np
import pytest
from scipy import integrate as scipy_integrate

from mathdl import MathDLError, expressions, integration


@pytest.mark.parametrize(
    ("f", "a", "b"), [(np.sin, 0.0, 2.0), (lambda x: np.exp(-(x**2)), -2.0, 1.0), (lambda x: x**3 - x, -1.0, 2.0)]
)
@pytest.mark.parametrize(("rule", "order"), [("left", 1), ("midpoint", 2), ("trapezoid", 2), ("simpson", 4)])
def test_each_rule_converges_to_quad_at_its_order(f, a, b, rule, order):
    exact = scipy_integrate.quad(f, a, b)[0]
    errors = [abs(integration.integrate(f, a, b, n, rule) - exact) for n in (20, 40)]
    if errors[1] < 1e-13:  # exact for this function (Simpson on a cubic)
        return
    assert errors[0] / errors[1] == pytest.approx(2**order, rel=0.25)


def test_monte_carlo_error_shrinks_like_one_over_root_n():
    exact = scipy_integrate.quad(np.sin, 0, np.pi)[0]
    rng = np.random.default_rng(0)
    spread = [
        np.std([integration.integrate(np.sin, 0, np.pi, n, "monte_carlo", rng) - exact for _ in range(400)])
        for n in (100, 1600)
    ]
    assert spread[0] / spread[1] == pytest.approx(4, rel=0.2)


def test_bad_integration_requests_are_refused():
    for args in ((np.sin, 1.0, 0.0, 10, "left"), (np.sin, 0.0, 1.0, 0, "left"), (np.sin, 0.0, 1.0, 10, "gauss")):
        with pytest.raises(MathDLError):
            integration.integrate(*args)


@pytest.mark.parametrize(
    ("f", "a", "b"), [(np.sin, 0.0, 3.0), (lambda x: np.exp(-(x**2)), -2.0, 1.0), (np.sqrt, 1.0, 4.0)]
)
def test_the_reference_integral_is_quads(f, a, b):
    assert integration.reference_integral(f, a, b) == pytest.approx(scipy_integrate.quad(f, a, b)[0], abs=1e-12)


def test_an_integral_across_a_pole_is_not_a_number():
    assert not np.isfinite(integration.reference_integral(lambda x: 1 / x, -1.0, 1.0))


@pytest.mark.parametrize("rule", ["left", "midpoint", "trapezoid", "simpson"])
def test_each_rules_stand_in_passes_through_f_at_its_nodes_and_has_the_rules_area(rule):
    f = lambda x: np.exp(-(x**2)) + x
    s = integration.approximant(f, -1.0, 2.0, 6, rule)
    np.testing.assert_allclose(s.nodes_y, f(s.nodes_x))
    on_curve = np.isin(np.round(s.x, 12), np.round(s.nodes_x, 12))
    if rule in ("trapezoid", "simpson"):  # a line or parabola through the nodes
        np.testing.assert_allclose(s.y[on_curve], f(s.x[on_curve]), atol=1e-12)
    area = np.trapezoid(s.y, s.x)  # exact for steps and lines; the parabola's, to the grid's accuracy
    assert area == pytest.approx(s.estimate, rel=1e-12 if rule != "simpson" else 1e-3)


def test_monte_carlos_flat_line_sits_at_the_mean_of_its_random_values():
    s = integration.approximant(np.cos, 0.0, 1.0, 500, "monte_carlo", np.random.default_rng(2))
    assert s.y[0] == pytest.approx(np.mean(np.cos(s.nodes_x)))
    assert np.all((s.nodes_x >= 0) & (s.nodes_x <= 1))


def test_the_convergence_plot_has_each_rules_order_as_its_slope():
    errors = integration.convergence(np.exp, 0.0, 1.0, np.random.default_rng(0), [10, 100])
    slopes = {rule: np.log10(e[0] / e[1]) for rule, e in errors.errors.items() if rule != "monte_carlo"}
    assert slopes == pytest.approx({"left": 1, "midpoint": 2, "trapezoid": 2, "simpson": 4}, abs=0.05)


def test_the_convergence_data_holds_quads_integral_and_the_mean_value():
    f = expressions.parse("exp(-x^2)")
    c = integration.convergence(f, -1.0, 2.0, np.random.default_rng(0))
    exact = scipy_integrate.quad(lambda x: np.exp(-(x**2)), -1, 2)[0]
    assert c.reference == pytest.approx(exact, abs=1e-12) and c.mean == pytest.approx(exact / 3, abs=1e-12)
    assert c.n[0] == 1 and c.n[-1] == 10_000 and np.all(np.diff(c.n) > 0)
    trapezoid = [scipy_integrate.trapezoid(np.exp(-(x**2)), x) for x in (np.linspace(-1, 2, k + 1) for k in c.n)]
    np.testing.assert_allclose(c.errors["trapezoid"], np.abs(np.array(trapezoid) - exact), rtol=1e-6, atol=1e-15)


def test_a_typed_function_integrates_like_its_numpy_twin():
    f = expressions.parse("sin(x) * x^2")
    assert integration.integrate(f, 0.0, 2.0, 50, "simpson") == pytest.approx(
        integration.integrate(lambda x: np.sin(x) * x**2, 0.0, 2.0, 50, "simpson"), rel=1e-14
    )
