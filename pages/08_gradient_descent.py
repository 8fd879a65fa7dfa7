"""8. Gradient descent and optimisers: the learning rate, momentum, adaptive steps and mini-batches."""

import math

import numpy as np
import streamlit as st

from mathdl import datasets, minibatch, optim, surfaces
from ui import charts, drag, layout, predict, state
from ui.demo import demo
from ui.figures import optimisation as figures
from ui.i18n import data_names, t
from ui.snippet import Snippet
from ui.stepper import SPEEDS, Stepper

PAGE = "optimisation"
FEATURES = (2, 8)  # bmi and s5, the two strongest predictors of diabetes progression: the gradient cloud's axes
DRAWS = 300  # mini-batch gradients in the cloud

FORMULAS = {
    "descent": r"\theta_{k+1} = \theta_k - \eta\,\nabla L(\theta_k), \qquad L(x) = \tfrac{a}{2}x^2:\; "
    r"x_{k+1} = (1 - \eta a)\,x_k \;\Rightarrow\; \eta < \frac{2}{a}",
    "momentum": r"\mathbf{v} \leftarrow \beta\mathbf{v} - \eta\nabla L(\theta), \quad \theta \leftarrow \theta + "
    r"\mathbf{v} \qquad \text{(Nesterov: } \nabla L(\theta + \beta\mathbf{v})\text{)}",
    "adam": r"\mathbf{m} \leftarrow \beta_1\mathbf{m} + (1-\beta_1)\mathbf{g}, \quad \mathbf{s} \leftarrow "
    r"\beta_2\mathbf{s} + (1-\beta_2)\mathbf{g}^2, \quad \theta \leftarrow \theta - \eta\,"
    r"\frac{\mathbf{m}/(1-\beta_1^k)}{\sqrt{\mathbf{s}/(1-\beta_2^k)} + \epsilon}",
    "minibatch": r"\hat{\mathbf{g}}_B = \frac{1}{B}\sum_{i \in \mathcal{B}} \nabla \ell_i(\theta), \qquad "
    r"\mathbb{E}\,\|\hat{\mathbf{g}}_B - \nabla L\|^2 = \frac{\sigma^2}{B}\cdot\frac{n - B}{n - 1}",
    "schedule": r"\eta_k = \eta_0\,\frac{1 + \cos(\pi k / K)}{2}",
}


def say(ok: bool, text: str) -> None:
    """A verdict: green when all is well, amber when it is not."""
    if ok:
        st.success(text, icon=":material/check_circle:")
    else:
        st.warning(text, icon=":material/warning:")


# --- One dimension: the learning rate against the curvature -----------------------------------
# The curvature is a, never L: L is the loss. (κ is the condition number of the surfaces below.)


def one_d_controls() -> tuple[float, float, float, int]:
    """The curvature a, the learning rate, the start x₀ and the number of steps."""
    c = st.columns(4)
    a = c[0].slider(
        t(f"{PAGE}.one_d.curvature"),
        0.5,
        4.0,
        1.0,
        0.1,
        key="gd1_L",  # the URL keeps its old name, so links shared before still open
        bind="query-params",
        help=t(f"{PAGE}.one_d.curvature_help"),
    )
    lr = c[1].slider(t(f"{PAGE}.one_d.lr"), 0.05, 3.0, 1.5, 0.05, key="gd1_lr", bind="query-params")
    x0 = c[2].slider("x₀", -5.0, 5.0, 4.0, 0.1, key="gd1_x0", bind="query-params")
    steps = c[3].slider(t(f"{PAGE}.one_d.steps"), 1, 40, 12, key="gd1_steps", bind="query-params")
    return a, lr, x0, steps


ONE_D = Stepper("gd1", frame=0.05, speeds=SPEEDS)  # the walk, one step at a time


@demo("one_d", timer=ONE_D.timer)
def one_d(snippet: Snippet) -> None:
    a, lr, x0, steps = one_d_controls()
    bowl = snippet("bowl", surfaces.parabola, a, note="L(x) = a x²/2: curvature a")
    whole = snippet("whole", optim.descend, "sgd", bowl, [x0], lr, steps, note="x_k, stopped if |x| passes 10⁶")
    last = len(whole.points) - 1
    k = ONE_D.frames(last)
    path = snippet("path", optim.first_steps, whole, k, note="x_0 … x_k: the walk at step k")
    heights = snippet("heights", surfaces.along, bowl, path)
    x, curve = snippet("x, curve", surfaces.profile, bowl)
    rates = snippet("rates", np.linspace, 0.0, 3.0, 301)
    factor = snippet("factor", surfaces.contraction, rates, a, note="|1 − ηa| for every η")
    stable = snippet("stable", surfaces.stability, lr, a, note="1 − ηa, 1/a, 2/a and what descent does")
    left, right = st.columns(2)
    with left:
        walk = figures.descent_1d(x, curve, path.points[:, 0], heights, current=k < last)
        charts.show(*walk, name="gradient_descent_1d")
    with right:
        charts.show(*figures.contraction(rates, factor, lr, stable), name="contraction_factor")
    m = st.columns(3)
    m[0].metric("1/a", layout.num(stable.ideal, 4))
    m[1].metric("2/a", layout.num(stable.bound, 4))
    m[2].metric(t(f"{PAGE}.one_d.final"), layout.num(whole.points[-1, 0], 4) if whole.diverged_at is None else "∞")
    tex = layout.tex_num
    st.latex(rf"x_{{k+1}} = (1 - {tex(lr)} \cdot {tex(a)})\,x_k = {tex(stable.factor, 4)}\,x_k")
    st.latex(one_d_step_tex(whole, k, stable.factor))
    say(stable.regime not in ("cycles", "diverges"), t(f"{PAGE}.regimes.{stable.regime}"))
    if path.diverged_at is not None:
        st.warning(
            t(f"{PAGE}.diverged", step=path.diverged_at, limit=layout.power_label(optim.LIMIT)),
            icon=":material/warning:",
        )
    st.caption(t(f"{PAGE}.one_d.caption"))
    ONE_D.settle()


def one_d_step_tex(whole: optim.Path, k: int, factor: float) -> str:
    """Step k filled in: x_k, and x_{k+1} = (1 − ηa) x_k with its value, while a next step remains."""
    tex = layout.tex_num
    now = rf"x_{{{k}}} = {tex(whole.points[k, 0], 4)}"
    if k + 1 >= len(whole.points):
        return now
    here, there = (tex(v, 4) for v in whole.points[k : k + 2, 0])
    here = rf"({here})" if whole.points[k, 0] < 0 else here  # 0.5 · (−0.5), not 0.5 · −0.5
    return rf"{now}, \qquad x_{{{k + 1}}} = {tex(factor, 4)} \cdot {here} = {there}"


# --- Optimisers on two-dimensional loss surfaces ----------------------------------------------


def surface_controls() -> tuple[str, int, float, int, float]:
    """The surface, its condition number, the learning rate (from its log), the steps and β."""
    c = st.columns([1.35, 1, 1, 1, 1])  # room for "ill-conditioned quadratic", also in lecture mode's larger type
    with c[0]:
        name = state.choice(
            t(f"{PAGE}.surfaces.surface"),
            list(surfaces.SURFACES),
            key="opt_surface",
            section=f"{PAGE}.surface_names",
            on_change=usual_start,
        )
    condition = c[1].slider(
        t(f"{PAGE}.surfaces.condition"),
        1,
        100,
        10,
        key="opt_kappa",
        bind="query-params",
        disabled=name != "quadratic",
        help=t(f"{PAGE}.surfaces.condition_help"),
    )
    label, help_text = t(f"{PAGE}.surfaces.lr"), t(f"{PAGE}.surfaces.lr_help")
    lr = layout.log_slider(c[2], label, -4.0, 0.0, -1.0, 0.1, key="opt_lr", help=help_text)
    steps = c[3].slider(t(f"{PAGE}.surfaces.steps"), 10, 500, 150, 10, key="opt_steps", bind="query-params")
    beta = c[4].slider(
        "β", 0.0, 0.99, 0.9, 0.01, key="opt_beta", bind="query-params", help=t(f"{PAGE}.surfaces.beta_help")
    )
    return name, condition, lr, steps, beta


START_STEP = 0.01  # the start sliders' step


def usual_start() -> None:
    """A new surface starts from its own usual point (the start sliders' values belong to the old one)."""
    x0, y0 = surfaces.SURFACES[st.session_state["opt_surface"]].start
    st.session_state["opt_x0"], st.session_state["opt_y0"] = x0, y0


def start_controls(name: str) -> tuple[float, float]:
    """x₀ and y₀, the start of every optimiser, within the surface's window: the keyboard's way to set them."""
    shape = surfaces.SURFACES[name]
    x_min, x_max, y_min, y_max = (float(v) for v in shape.extent)
    c1, c2 = st.columns(2)
    help_text = t(f"{PAGE}.surfaces.start_help")
    x0 = state.dependent(c1.slider, "x₀", x_min, x_max, shape.start[0], START_STEP, key="opt_x0", help=help_text)
    y0 = state.dependent(c2.slider, "y₀", y_min, y_max, shape.start[1], START_STEP, key="opt_y0", help=help_text)
    return x0, y0


def picked_start() -> None:
    """A click on the map moves both start sliders to the point clicked (and through them the URL)."""
    chosen = st.session_state["opt_pick"]["selection"].get(figures.PICK) or []
    name = st.session_state.get("opt_surface", "quadratic")
    if chosen and name in surfaces.SURFACES:
        x_min, x_max, y_min, y_max = (float(v) for v in surfaces.SURFACES[name].extent)
        x, y = chosen[0].get("x"), chosen[0].get("y")
        if isinstance(x, (int, float)) and isinstance(y, (int, float)):
            drag.set_widgets({"opt_x0": (x, x_min, x_max, START_STEP), "opt_y0": (y, y_min, y_max, START_STEP)})


RACE = Stepper("opt_race", frame=0.05, speeds=(1, 2, 5, 10, 20, 50, 100))  # the paths grow step by step


@demo("surfaces", timer=RACE.timer)
def race(snippet: Snippet) -> None:
    name, condition, lr, steps, beta = surface_controls()
    shown = [
        n
        for n, column in zip(optim.OPTIMIZERS, st.columns(len(optim.OPTIMIZERS)), strict=True)
        if column.checkbox(t(f"{PAGE}.optimizers.{n}"), True, key=f"opt_show_{n}", bind="query-params")
    ]
    s = snippet("s", surfaces.starting_at, snippet("s0", surfaces.surface, name, condition), start_controls(name))
    whole = snippet("whole", optim.compare, s, lr, steps, beta=beta, cache=True, note="every optimiser, same start")
    final = snippet("final", surfaces.standings, s, whole, note="where each optimiser ends, after every step")
    closest = snippet("closest", surfaces.closest, final)
    names = list(optim.OPTIMIZERS)
    question = predict.Question(t(f"{PAGE}.surfaces.predict"), options=[t(f"{PAGE}.optimizers.{n}") for n in names])
    if not predict.first(PAGE, "opt", question, names.index(closest) if closest else math.nan, snippet.code()):
        RACE.stop()  # nothing plays behind a hidden answer
        return
    k = RACE.frames(steps)
    paths = snippet("paths", optim.race_at, whole, k, note="each path after step k")
    grid = snippet("grid", surfaces.landscape, s, 120, cache=True, note="x, y and L − L* on a 120 × 120 grid")
    gaps = snippet("gaps", surfaces.gaps, s, paths, note="L − L* along each path")
    table = snippet("table", surfaces.standings, s, paths)
    left, right = st.columns(2)
    with left:
        chart, tables, tracks, surface_data = figures.surface_map(s, grid, paths, shown)
        charts.draw_live(
            chart, tables, width="content", on_select=picked_start, key="opt_pick", selection_mode=figures.PICK
        )
        st.caption(t(f"{PAGE}.surfaces.pick_caption"))
        d1, d2 = st.columns(2)
        with d1:
            charts.download(tracks, name="optimizer_paths")
        with d2:
            charts.download(surface_data, name="loss_surface", label=t(f"{PAGE}.surfaces.download_surface"))
    with right:
        charts.show(*figures.surface_losses(gaps, paths, shown, steps), name="optimizer_losses")
    layout.table(figures.standings(table, paths, shown))
    st.caption(t(f"{PAGE}.surfaces.caption"))
    RACE.settle()


# --- Mini-batch gradients are noisy -----------------------------------------------------------


@demo("minibatch")
def minibatch_noise(snippet: Snippet) -> dict[str, object]:
    X, y, names = snippet("X, y, names", datasets.diabetes)
    n = len(y)
    c1, c2 = st.columns([4, 1])
    batch = c1.slider(
        t(f"{PAGE}.minibatch.batch"),
        1,
        n,
        16,
        key="mb_batch",
        bind="query-params",
        help=t(f"{PAGE}.minibatch.batch_help", n=n),
    )
    with c2:
        rng = snippet.rng(layout.seed("mb_seed"))
    w = snippet("w", np.zeros, X.shape[1], note="the start of training")
    curve = snippet(
        "curve", minibatch.noise_curve, X, y, w, rng, repeats=DRAWS, cache=True, note="formula and measured, B = 1 … n"
    )
    full = snippet("full", minibatch.mse_gradient, X, y, w)
    draws = snippet("draws", minibatch.batch_gradients, X, y, w, batch, DRAWS, rng, note=f"({DRAWS}, 10)")
    noise = snippet("noise", minibatch.batch_noise, X, y, w, batch, note="‖∇L‖², E‖ĝ_B − ∇L‖² and their ratio")
    left, right = st.columns(2)
    with left:
        shown = data_names("diabetes", "short", names)
        charts.show(
            *figures.gradient_cloud(draws, full, batch, FEATURES, shown), name="minibatch_gradients", width="content"
        )
    with right:
        charts.show(*figures.gradient_noise(curve, batch), name="gradient_noise")
    m = st.columns(3)
    m[0].metric("‖∇L‖²", layout.num(noise.signal, 4))
    m[1].metric(t(f"{PAGE}.minibatch.noise", batch=batch), layout.num(noise.noise, 4))
    m[2].metric(t(f"{PAGE}.minibatch.ratio"), layout.num(noise.ratio, 3))
    st.caption(t(f"{PAGE}.minibatch.caption", n=n, batch=batch))
    return {"patients": n, "features": X.shape[1], "draws": DRAWS}


# --- Learning-rate schedules on a real regression ---------------------------------------------


def schedule_controls(snippet: Snippet, n: int) -> tuple[str, dict[str, float], np.random.Generator]:
    """The schedule, the training's settings (peak rate, batch size up to n, epochs) and its random numbers."""
    c = st.columns([3, 2, 2, 2, 2])
    with c[0]:
        schedule = state.choice(
            t(f"{PAGE}.schedules.schedule"),
            list(optim.SCHEDULES),
            key="sch_name",
            section=f"{PAGE}.schedule_names",
            widget=st.radio,
            horizontal=True,
        )
    lr = layout.log_slider(c[1], t(f"{PAGE}.schedules.lr"), -3.0, 0.0, -1.0, 0.1, key="sch_lr")
    batch = c[2].slider(t(f"{PAGE}.minibatch.batch"), 1, n, 32, key="sch_batch", bind="query-params")
    epochs = c[3].slider(t(f"{PAGE}.schedules.epochs"), 5, 60, 30, 5, key="sch_epochs", bind="query-params")
    with c[4]:
        rng = snippet.rng(layout.seed("sch_seed"))
    return schedule, {"lr": lr, "batch_size": batch, "epochs": epochs}, rng


@demo("schedules")
def schedules(snippet: Snippet) -> None:
    X, y, _ = snippet("X, y, names", datasets.diabetes)
    schedule, settings, rng = schedule_controls(snippet, len(y))
    names = tuple(dict.fromkeys([schedule, "constant"]))  # the chosen schedule against a constant rate
    with st.spinner(t(f"{PAGE}.schedules.training")):
        note = "the same shuffles for every schedule"
        runs = snippet("runs", minibatch.compare_schedules, X, y, names, **settings, rng=rng, cache=True, note=note)
    floor = snippet("floor", minibatch.mse_floor, X, y, note="L*, by least squares")
    labels = {n: t(f"{PAGE}.schedule_names.{n}") for n in runs}
    left, right = st.columns(2)
    with left:
        charts.show(*figures.schedule_rates(runs, labels), name="learning_rate_schedule")
    with right:
        charts.show(*figures.schedule_losses(runs, labels, floor, len(y)), name="training_loss")
    final_losses(runs, labels, floor)
    st.caption(t(f"{PAGE}.schedules.caption"))


def final_losses(runs: dict[str, minibatch.Training], labels: dict[str, str], floor: float) -> None:
    """L* and each run's last loss side by side, and a warning for each run that diverged."""
    m = st.columns(len(runs) + 1)
    m[0].metric(t(f"{PAGE}.schedules.best"), f"{floor:.5f}")
    for column, (n, run) in zip(m[1:], runs.items(), strict=True):
        final = f"{run.loss[-1]:.5f}" if run.diverged_at is None else "∞"
        column.metric(t(f"{PAGE}.schedules.final", schedule=labels[n]), final)
        if run.diverged_at is not None:
            diverged = t(f"{PAGE}.schedules.diverged", schedule=labels[n], step=run.diverged_at)
            st.warning(diverged, icon=":material/warning:")


layout.lesson(
    PAGE,
    formulas=FORMULAS,
    demos=[one_d, race, minibatch_noise, schedules],
    code=[
        optim.sgd_step,
        optim.momentum_step,
        optim.nesterov_step,
        optim.adagrad_step,
        optim.rmsprop_step,
        optim.adam_step,
        optim.descend,
        minibatch.gradient_noise,
        optim.learning_rate,
    ],
)
