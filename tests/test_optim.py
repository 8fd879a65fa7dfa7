"""Facts about gradient descent, its optimisers and learning-rate schedules, checked against the
published update rules and closed-form minima.
"""

import numpy as np
import pytest

from mathdl import MathDLError, optim


def quadratic_grad(x):  # f = x₁²/2 + 5x₂², minimum at 0, curvatures 1 and 10
    return np.array([1.0, 10.0]) * x


# --- each optimiser is its paper's update rule ------------------------------------------------------


def test_three_steps_of_each_optimiser_follow_the_published_rules():
    """The rules written out by hand, as in the papers (Polyak; Sutskever et al. 2013; Duchi et al.
    2011; Hinton's lecture 6e; Kingma and Ba 2015, Algorithm 1), for three steps from (1, 1).
    """
    lr, g, eps = 0.05, quadratic_grad, 1e-8
    x0 = np.array([1.0, 1.0])

    def by_hand(name):
        x, v, G, s, m, u = x0.copy(), np.zeros(2), np.zeros(2), np.zeros(2), np.zeros(2), np.zeros(2)
        for t in (1, 2, 3):
            if name == "sgd":
                x = x - lr * g(x)
            elif name == "momentum":
                v = 0.9 * v - lr * g(x)
                x = x + v
            elif name == "nesterov":
                v = 0.9 * v - lr * g(x + 0.9 * v)
                x = x + v
            elif name == "adagrad":
                G = G + g(x) ** 2
                x = x - lr * g(x) / (np.sqrt(G) + eps)
            elif name == "rmsprop":
                s = 0.9 * s + 0.1 * g(x) ** 2
                x = x - lr * g(x) / (np.sqrt(s) + eps)
            elif name == "adam":
                grad = g(x)
                m, u = 0.9 * m + 0.1 * grad, 0.999 * u + 0.001 * grad**2
                x = x - lr * (m / (1 - 0.9**t)) / (np.sqrt(u / (1 - 0.999**t)) + eps)
        return x

    for name in optim.OPTIMIZERS:
        path = optim.descend(name, g, x0, lr, 3)
        np.testing.assert_allclose(path.points[-1], by_hand(name), rtol=1e-12, err_msg=name)


def test_adams_first_step_has_length_lr_in_every_coordinate_whatever_the_gradient():
    """Bias correction makes m̂/√v̂ = g/|g| at t = 1: the step is η·sign(g)."""
    step = optim.descend("adam", lambda x: np.array([0.01, -300.0]), [0.0, 0.0], 0.1, 1).points[1]
    np.testing.assert_allclose(step, [-0.1, 0.1], rtol=1e-5)  # ε = 1e-8 against |g| = 0.01


@pytest.mark.parametrize("name", list(optim.OPTIMIZERS))
def test_every_optimiser_finds_the_closed_form_minimum_of_a_quadratic(name):
    """f(x) = ½ xᵀAx − bᵀx has its minimum at A⁻¹b. RMSProp's steps keep a length of about η
    however small the gradient, so with a constant rate it hovers within about η of the minimum.
    """
    A, b = np.array([[3.0, 1.0], [1.0, 2.0]]), np.array([1.0, -1.0])
    lr = {"sgd": 0.2, "momentum": 0.05, "nesterov": 0.05, "adagrad": 0.5, "rmsprop": 0.001, "adam": 0.05}[name]
    path = optim.descend(name, lambda x: A @ x - b, [2.0, 2.0], lr, 6000)
    assert path.diverged_at is None
    np.testing.assert_allclose(path.points[-1], np.linalg.solve(A, b), atol=2e-3)


def test_a_diverging_run_stops_at_the_step_that_leaves_the_limit():
    """x ← x − 3x = −2x: |x_k| = 2ᵏ passes 10⁶ at k = 20; the path keeps the 20 finite points."""
    path = optim.descend("sgd", lambda x: 2 * x, [1.0], 1.5, 100)
    assert path.diverged_at == 20
    assert len(path.points) == 20 and np.all(np.isfinite(path.points))


def test_bad_requests_are_refused():
    for kwargs in ({"name": "lbfgs"}, {"lr": 0.0}, {"steps": -1}):
        args = {"name": "sgd", "grad": quadratic_grad, "x0": [1.0, 1.0], "lr": 0.1, "steps": 5} | kwargs
        with pytest.raises(MathDLError):
            optim.descend(**args)


# --- learning-rate schedules -----------------------------------------------------------------------


@pytest.mark.parametrize("schedule", optim.SCHEDULES)
def test_each_schedule_starts_and_ends_where_its_formula_says(schedule):
    rates = optim.learning_rate(schedule, np.arange(1000), 1000, 0.1)
    start, end = {
        "constant": (0.1, 0.1),
        "step": (0.1, 0.1 * 0.5**3),
        "cosine": (0.1, 0.0),
        "warmup_cosine": (0.0, 0.0),
    }[schedule]
    assert rates[0] == pytest.approx(start, abs=1e-12)
    assert rates[-1] == pytest.approx(end, abs=1e-6)
    assert rates.max() == pytest.approx(0.1)


def test_warm_up_ramps_linearly_to_the_peak():
    rates = optim.learning_rate("warmup_cosine", np.arange(100), 100, 1.0, warmup=0.1)
    np.testing.assert_allclose(rates[:11], np.arange(11) / 10)


def test_descend_takes_a_loss_that_knows_its_gradient():
    from mathdl.surfaces import surface

    s = surface("beale")
    by_method = optim.descend("adam", s, s.start, 0.01, 50)
    by_function = optim.descend("adam", s.grad, s.start, 0.01, 50)
    np.testing.assert_array_equal(by_method.points, by_function.points)


def test_compare_runs_each_optimiser_from_the_start_with_its_own_defaults():
    from mathdl.surfaces import surface

    s = surface("quadratic", 30)
    paths = optim.compare(s, 0.05, 20, beta=0.5, names=("momentum", "rmsprop"))
    assert list(paths) == ["momentum", "rmsprop"]
    momentum = optim.descend("momentum", s.grad, s.start, 0.05, 20, beta=0.5)
    np.testing.assert_array_equal(paths["momentum"].points, momentum.points)
    np.testing.assert_array_equal(paths["rmsprop"].points, optim.descend("rmsprop", s.grad, s.start, 0.05, 20).points)


def test_first_steps_is_the_closed_form_walk_up_to_k_and_diverges_only_once_it_has():
    from mathdl.optim import descend, first_steps

    path = descend("sgd", lambda x: 2.0 * x, [1.0], lr=0.3, steps=10)  # x_k = (1 − 0.6)^k
    for k in (0, 3, 10, 50):
        np.testing.assert_allclose(first_steps(path, k).points[:, 0], 0.4 ** np.arange(min(k, 10) + 1), rtol=1e-12)
    wild = descend("sgd", lambda x: 2.0 * x, [1.0], lr=1.5, steps=40)  # |x_k| = 2^k passes 10⁶ at k = 20
    assert len(wild.points) == 20 and first_steps(wild, 18).diverged_at is None
    assert first_steps(wild, 19).diverged_at == first_steps(wild, 40).diverged_at == 20


def test_race_at_cuts_every_path_at_step_k():
    from mathdl.optim import compare, race_at
    from mathdl.surfaces import surface

    paths = compare(surface("rosenbrock"), lr=0.1, steps=60)  # plain gradient descent diverges here
    for k in (0, 5, 60):
        race = race_at(paths, k)
        assert list(race) == list(paths)
        for name, path in race.items():
            np.testing.assert_array_equal(path.points, paths[name].points[: k + 1])
