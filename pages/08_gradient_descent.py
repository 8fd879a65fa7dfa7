"""8. Gradient descent and optimisers: the learning rate, momentum, adaptive steps and mini-batches."""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from mathdl import datasets, linalg, optim
from ui import charts, layout, state
from ui.i18n import t

PAGE = "optimisation"
HEIGHT = 380
FEATURES = (2, 8)  # bmi and s5, the two strongest predictors of diabetes progression: the gradient cloud's axes

layout.header(PAGE)

layout.formulas(
    PAGE,
    {
        "descent": r"\theta_{k+1} = \theta_k - \eta\,\nabla L(\theta_k), \qquad L(x) = \tfrac{L}{2}x^2:\; x_{k+1} = (1 - \eta L)\,x_k \;\Rightarrow\; \eta < \frac{2}{L}",
        "momentum": r"\mathbf{v} \leftarrow \beta\mathbf{v} - \eta\nabla L(\theta), \quad \theta \leftarrow \theta + \mathbf{v} \qquad \text{(Nesterov: } \nabla L(\theta + \beta\mathbf{v})\text{)}",
        "adam": r"\mathbf{m} \leftarrow \beta_1\mathbf{m} + (1-\beta_1)\mathbf{g}, \quad \mathbf{s} \leftarrow \beta_2\mathbf{s} + (1-\beta_2)\mathbf{g}^2, \quad \theta \leftarrow \theta - \eta\,\frac{\mathbf{m}/(1-\beta_1^k)}{\sqrt{\mathbf{s}/(1-\beta_2^k)} + \epsilon}",
        "minibatch": r"\hat{\mathbf{g}}_B = \frac{1}{B}\sum_{i \in \mathcal{B}} \nabla \ell_i(\theta), \qquad \mathbb{E}\,\|\hat{\mathbf{g}}_B - \nabla L\|^2 = \frac{\sigma^2}{B}\cdot\frac{n - B}{n - 1}",
        "schedule": r"\eta_k = \eta_0\,\frac{1 + \cos(\pi k / K)}{2}",
    },
)

layout.section("explore")


# --- 1. One dimension: the learning rate against the curvature -------------------------------------


@st.fragment
def one_d_demo() -> None:
    layout.demo(PAGE, "one_d")
    c = st.columns(4)
    L = c[0].slider(
        t(f"{PAGE}.one_d.curvature"),
        0.5,
        4.0,
        1.0,
        0.1,
        key="gd1_L",
        bind="query-params",
        help=t(f"{PAGE}.one_d.curvature_help"),
    )
    lr = c[1].slider(t(f"{PAGE}.one_d.lr"), 0.05, 3.0, 1.5, 0.05, key="gd1_lr", bind="query-params")
    x0 = c[2].slider("x₀", -5.0, 5.0, 4.0, 0.1, key="gd1_x0", bind="query-params")
    steps = c[3].slider(t(f"{PAGE}.one_d.steps"), 1, 40, 12, key="gd1_steps", bind="query-params")
    f, grad = optim.parabola(L)
    path = optim.descend("sgd", grad, [x0], lr, steps)
    x = path.points[:, 0]
    regime = optim.gd_regime(lr, L)
    left, right = st.columns(2)
    with left:
        grid = np.linspace(-6, 6, 121)
        curve = pd.DataFrame({"x": grid, "loss": f(grid)})
        top = float(f(6.0))
        scale_y = alt.Scale(domain=[0, top], nice=False)
        bowl = (
            alt.Chart(curve)
            .mark_line(color=charts.NEUTRAL, strokeWidth=2)
            .encode(
                x=alt.X("x:Q", scale=alt.Scale(domain=[-6, 6], nice=False), title="x"),
                y=alt.Y("loss:Q", scale=scale_y, title="L(x)"),
            )
        )
        iterates = pd.DataFrame({"step": np.arange(len(x)), "x": x, "loss": f(x)})
        walk = (
            alt.Chart(iterates)
            .mark_line(
                color=charts.PALETTE[3],
                strokeWidth=1.5,
                clip=True,
                point=alt.OverlayMarkDef(size=60, filled=True, color=charts.PALETTE[3]),
            )
            .encode(
                x="x:Q",
                y=alt.Y("loss:Q", scale=scale_y),
                order="step:Q",
                tooltip=["step:Q", alt.Tooltip("x:Q", format=".4g"), alt.Tooltip("loss:Q", format=".4g")],
            )
        )
        charts.show(
            (bowl + walk).properties(title=t(f"{PAGE}.one_d.walk_title"), height=HEIGHT),
            iterates,
            name="gradient_descent_1d",
        )
    with right:
        rates = np.linspace(0, 3, 301)
        factor = pd.DataFrame({"lr": rates, "factor": optim.contraction(rates, L)})
        line = (
            alt.Chart(factor)
            .mark_line(color=charts.PALETTE[0], strokeWidth=2.5)
            .encode(
                x=alt.X("lr:Q", title=t(f"{PAGE}.one_d.lr")),
                y=alt.Y(
                    "factor:Q",
                    title=t(f"{PAGE}.one_d.factor_axis"),
                    scale=alt.Scale(domain=[0, 3], nice=False),
                    axis=alt.Axis(tickCount=4),
                ),
            )
        )
        names = {"1/L": 1 / L, "2/L": 2 / L}
        bounds = pd.DataFrame({"lr": list(names.values()), "bound": list(names)})
        rules = (
            alt.Chart(bounds)
            .mark_rule(strokeDash=[6, 4], strokeWidth=2, color=charts.PALETTE[3])
            .encode(x="lr:Q", tooltip=["bound:N", alt.Tooltip("lr:Q", format=".3g")])
        )
        labels = (
            alt.Chart(bounds)
            .mark_text(align="left", dx=4, dy=-6, color=charts.PALETTE[3], fontWeight="bold")
            .encode(x="lr:Q", y=alt.datum(2.8), text="bound:N")
        )
        one = (
            alt.Chart(pd.DataFrame({"factor": [1.0]}))
            .mark_rule(color=charts.NEUTRAL, strokeDash=[2, 2])
            .encode(y="factor:Q")
        )
        here = (
            alt.Chart(pd.DataFrame({"lr": [lr], "factor": [float(optim.contraction(lr, L))]}))
            .mark_point(size=160, filled=True, opacity=1, color=charts.PALETTE[3])
            .encode(x="lr:Q", y="factor:Q")
        )
        charts.show(
            (line + one + rules + labels + here).properties(title=t(f"{PAGE}.one_d.factor_title"), height=HEIGHT),
            factor,
            name="contraction_factor",
        )
    m = st.columns(3)
    m[0].metric("1/L", layout.num(1 / L, 4))
    m[1].metric("2/L", layout.num(2 / L, 4))
    m[2].metric(t(f"{PAGE}.one_d.final"), layout.num(x[-1], 4) if path.diverged_at is None else "∞")
    st.latex(
        rf"x_{{k+1}} = (1 - {layout.tex_num(lr)} \cdot {layout.tex_num(L)})\,x_k = {layout.tex_num(1 - lr * L, 4)}\,x_k"
    )
    say = st.warning if regime in ("cycles", "diverges") else st.success
    say(t(f"{PAGE}.regimes.{regime}"), icon=":material/warning:" if say is st.warning else ":material/check_circle:")
    if path.diverged_at is not None:
        st.warning(t(f"{PAGE}.diverged", step=path.diverged_at), icon=":material/warning:")
    st.caption(t(f"{PAGE}.one_d.caption"))
    layout.reproduce(
        f"from mathdl.optim import descend, gd_regime, parabola\nf, grad = parabola({L:g})\ndescend('sgd', grad, [{x0:g}], lr={lr:g}, steps={steps}).points.ravel(), gd_regime({lr:g}, {L:g})"
    )


# --- 2. Optimisers on two-dimensional loss surfaces -------------------------------------------------


@st.cache_data(max_entries=64, show_spinner=False)
def race(surface: str, condition: float, lr: float, steps: int, beta: float) -> dict[str, optim.Path]:
    return optim.compare(optim.surface(surface, condition), lr, steps, beta=beta)


@st.cache_data(max_entries=16, show_spinner=False)
def landscape(surface: str, condition: float) -> tuple[alt.Chart, pd.DataFrame]:
    s = optim.surface(surface, condition)
    x, y, _ = optim.surface_grid(s, 120)
    gap = s.gap(np.stack(np.meshgrid(x, y), axis=-1))
    return charts.filled_contours(x, y, gap, x_scale=scale(s, 0), y_scale=scale(s, 1))


def scale(s: optim.Surface, axis: int) -> alt.Scale:
    return alt.Scale(domain=list(s.extent[2 * axis : 2 * axis + 2]), nice=False, zero=False)


def trajectories(s: optim.Surface, points: dict[str, np.ndarray]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each optimiser's path for the map and its L − L* for the curve, thinned for the browser."""
    tracks = [
        pd.DataFrame({"step": k, "x": p[k, 0], "y": p[k, 1], "optimizer": name})
        for name, p in points.items()
        for k in [charts.sample(len(p), 150)]
    ]
    curves = [
        pd.DataFrame({"step": k, "gap": s.gap(p[k]), "optimizer": name})
        for name, p in points.items()
        for k in [charts.sample(len(p), 300)]
    ]
    return (
        pd.concat(tracks) if tracks else pd.DataFrame(columns=["step", "x", "y", "optimizer"]),
        pd.concat(curves) if curves else pd.DataFrame(columns=["step", "gap", "optimizer"]),
    )


@st.fragment
def surfaces_demo() -> None:
    layout.demo(PAGE, "surfaces")
    c = st.columns([2, 2, 2, 2, 2])
    with c[0]:
        surface = state.choice(
            t(f"{PAGE}.surfaces.surface"), list(optim.SURFACES), key="opt_surface", section=f"{PAGE}.surface_names"
        )
    condition = c[1].slider(
        t(f"{PAGE}.surfaces.condition"),
        1,
        100,
        10,
        key="opt_kappa",
        bind="query-params",
        disabled=surface != "quadratic",
        help=t(f"{PAGE}.surfaces.condition_help"),
    )
    log_lr = c[2].slider(
        t(f"{PAGE}.surfaces.lr"),
        -4.0,
        0.0,
        -1.0,
        0.1,
        format="10^%.1f",
        key="opt_lr",
        bind="query-params",
        help=t(f"{PAGE}.surfaces.lr_help"),
    )
    steps = c[3].slider(t(f"{PAGE}.surfaces.steps"), 10, 500, 150, 10, key="opt_steps", bind="query-params")
    beta = c[4].slider(
        "β", 0.0, 0.99, 0.9, 0.01, key="opt_beta", bind="query-params", help=t(f"{PAGE}.surfaces.beta_help")
    )
    shown = [
        name
        for name, column in zip(optim.OPTIMIZERS, st.columns(len(optim.OPTIMIZERS)))
        if column.checkbox(t(f"{PAGE}.optimizers.{name}"), True, key=f"opt_show_{name}", bind="query-params")
    ]
    s, lr = optim.surface(surface, condition), 10.0**log_lr
    paths = race(surface, float(condition), lr, steps, beta)
    names = {
        n: t(f"{PAGE}.optimizers.{n}")
        if paths[n].diverged_at is None
        else t(f"{PAGE}.surfaces.diverged_label", name=t(f"{PAGE}.optimizers.{n}"), step=paths[n].diverged_at)
        for n in optim.OPTIMIZERS
    }
    palette = alt.Scale(domain=[names[n] for n in optim.OPTIMIZERS], range=charts.PALETTE[:6])
    color = alt.Color(
        "optimizer:N", scale=palette, title=None, legend=alt.Legend(orient="bottom", columns=2, labelLimit=300)
    )
    tracks, curves = trajectories(s, {names[n]: paths[n].points for n in shown})
    left, right = st.columns([1, 1])
    with left:
        contours, grid = landscape(surface, float(condition))
        lines = (
            alt.Chart(tracks)
            .mark_line(strokeWidth=2.5, clip=True, point=alt.OverlayMarkDef(size=14, filled=True))
            .encode(
                x="x:Q",
                y="y:Q",
                color=alt.Color("optimizer:N", scale=palette, legend=None),
                order="step:Q",
                tooltip=["optimizer:N", "step:Q"],
            )
        )  # the legend is the loss chart's, beside it
        marks = pd.DataFrame(
            {
                "x": [s.start[0], s.minimum[0]],
                "y": [s.start[1], s.minimum[1]],
                "what": [t(f"{PAGE}.surfaces.start"), t(f"{PAGE}.surfaces.minimum")],
                "shape": ["circle", "cross"],
            }
        )
        pins = (
            alt.Chart(marks)
            .mark_point(size=220, filled=True, opacity=1, color="black", stroke="white", strokeWidth=1.5)
            .encode(x="x:Q", y="y:Q", shape=alt.Shape("shape:N", scale=None), tooltip=["what:N"])
        )
        charts.draw(
            charts.square(
                (contours + lines + pins).properties(
                    title=t(f"{PAGE}.surfaces.map_title", surface=t(f"{PAGE}.surface_names.{surface}"))
                )
            ),
            width="content",
        )
        d1, d2 = st.columns(2)
        with d1:
            charts.download(tracks, name="optimizer_paths")
        with d2:
            charts.download(grid, name="loss_surface", label=t(f"{PAGE}.surfaces.download_surface"))
    with right:
        # From the floor reached to ten times the start: a diverging run leaves through the top.
        top = 10 * float(s.gap(s.start))
        bottom = max(float(curves.gap.min()), 1e-16) if len(curves) else 1e-16
        chart = (
            alt.Chart(curves)
            .mark_line(strokeWidth=2.5, clip=True)
            .encode(
                x=alt.X("step:Q", title=t(f"{PAGE}.surfaces.step_axis"), scale=alt.Scale(domain=[0, steps])),
                y=alt.Y(
                    "gap:Q",
                    scale=alt.Scale(type="log", domain=[bottom, top]),
                    title="L − L*",
                    axis=alt.Axis(format="~e"),
                ),
                color=color,
                tooltip=["optimizer:N", "step:Q", alt.Tooltip("gap:Q", format=".3e")],
            )
        )
        charts.show(
            chart.properties(title=t(f"{PAGE}.surfaces.loss_title"), height=480), curves, name="optimizer_losses"
        )
    table = pd.DataFrame(
        {
            t(f"{PAGE}.surfaces.optimizer"): [t(f"{PAGE}.optimizers.{n}") for n in shown],
            "L − L*": [
                f"{float(s.gap(paths[n].points[-1])):.3e}" if paths[n].diverged_at is None else "—" for n in shown
            ],
            t(f"{PAGE}.surfaces.distance"): [
                f"{np.linalg.norm(paths[n].points[-1] - s.minimum):.3e}" if paths[n].diverged_at is None else "—"
                for n in shown
            ],
            t(f"{PAGE}.surfaces.status"): [
                t(f"{PAGE}.surfaces.ok")
                if paths[n].diverged_at is None
                else t(f"{PAGE}.surfaces.diverged_at", step=paths[n].diverged_at)
                for n in shown
            ],
        }
    )
    layout.table(table)
    st.caption(t(f"{PAGE}.surfaces.caption"))
    layout.reproduce(
        "from mathdl.optim import compare, surface\n"
        f"s = surface({surface!r}, condition={condition})\n"
        f"paths = compare(s, lr={lr:.4g}, steps={steps}, beta={beta:g}, names={tuple(shown)!r})\n"
        "{name: (path.points[-1], path.diverged_at) for name, path in paths.items()}"
    )


# --- 3. Mini-batch gradients are noisy ----------------------------------------------------------------


@st.cache_data(max_entries=16, show_spinner=False)
def noise_curve(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    X, y, _ = datasets.diabetes()
    w, rng = np.zeros(X.shape[1]), np.random.default_rng(seed)
    full = optim.mse_gradient(X, y, w)
    sizes = np.unique(np.geomspace(1, len(y), 40).round().astype(int))
    theory = pd.DataFrame({"batch": sizes, "noise": [optim.gradient_noise(X, y, w, int(b)) for b in sizes]})
    tried = sizes[: -1 : max(1, len(sizes) // 10)]  # not B = n, whose noise is exactly 0 (rounding aside)
    measured = [np.mean(np.sum((optim.batch_gradients(X, y, w, int(b), 300, rng) - full) ** 2, axis=1)) for b in tried]
    return theory, pd.DataFrame({"batch": tried, "noise": measured})


@st.fragment
def minibatch_demo() -> None:
    layout.demo(PAGE, "minibatch")
    c1, c2 = st.columns([4, 1])
    batch = c1.slider(
        t(f"{PAGE}.minibatch.batch"),
        1,
        442,
        16,
        key="mb_batch",
        bind="query-params",
        help=t(f"{PAGE}.minibatch.batch_help"),
    )
    with c2:
        seed = layout.seed("mb_seed")
    X, y, _ = datasets.diabetes()
    w = np.zeros(X.shape[1])
    full = optim.mse_gradient(X, y, w)
    draws = optim.batch_gradients(X, y, w, batch, 300, np.random.default_rng(seed))
    theory, measured = noise_curve(seed)
    left, right = st.columns(2)
    with left:
        i, j = FEATURES
        cloud = pd.DataFrame({"g1": draws[:, i], "g2": draws[:, j]})
        dots = (
            alt.Chart(cloud)
            .mark_circle(size=22, opacity=0.5, color=charts.PALETTE[0], clip=True)
            .encode(
                x=alt.X(
                    "g1:Q",
                    title=t(f"{PAGE}.minibatch.g_axis", feature="bmi"),
                    scale=alt.Scale(domain=[-6, 2], nice=False),
                ),
                y=alt.Y(
                    "g2:Q",
                    title=t(f"{PAGE}.minibatch.g_axis", feature="s5"),
                    scale=alt.Scale(domain=[-6, 2], nice=False),
                ),
            )
        )
        truth = (
            alt.Chart(pd.DataFrame({"g1": [full[i]], "g2": [full[j]]}))
            .mark_point(size=260, shape="cross", filled=True, opacity=1, color=charts.PALETTE[3])
            .encode(x="g1:Q", y="g2:Q")
        )
        charts.show(
            (dots + truth).properties(title=t(f"{PAGE}.minibatch.cloud_title", batch=batch), height=HEIGHT),
            cloud,
            name="minibatch_gradients",
        )
    with right:
        kinds = {"theory": t(f"{PAGE}.minibatch.theory"), "measured": t(f"{PAGE}.minibatch.measured")}
        color = alt.Color(
            "kind:N",
            scale=charts.colors(list(kinds.values())),
            title=None,
            legend=alt.Legend(orient="bottom", labelLimit=320),
        )
        line = (
            alt.Chart(theory[theory.noise > 0].assign(kind=kinds["theory"]))
            .mark_line(strokeWidth=2.5)
            .encode(
                x=alt.X("batch:Q", scale=alt.Scale(type="log"), title=t(f"{PAGE}.minibatch.batch")),
                y=alt.Y("noise:Q", scale=alt.Scale(type="log"), title="E‖ĝ − ∇L‖²", axis=alt.Axis(format="~e")),
                color=color,
            )
        )
        dots = (
            alt.Chart(measured[measured.noise > 0].assign(kind=kinds["measured"]))
            .mark_point(size=80, filled=True, opacity=1)
            .encode(x="batch:Q", y="noise:Q", color=color, tooltip=["batch:Q", alt.Tooltip("noise:Q", format=".3g")])
        )
        now = (
            alt.Chart(pd.DataFrame({"batch": [batch]}))
            .mark_rule(color=charts.NEUTRAL, strokeDash=[6, 4])
            .encode(x="batch:Q")
        )
        charts.show(
            (line + dots + now).properties(title=t(f"{PAGE}.minibatch.noise_title"), height=HEIGHT),
            theory.merge(measured, on="batch", how="left", suffixes=("_theory", "_measured")),
            name="gradient_noise",
        )
    noise = optim.gradient_noise(X, y, w, batch)
    m = st.columns(3)
    m[0].metric("‖∇L‖²", layout.num(float(full @ full), 4))
    m[1].metric(t(f"{PAGE}.minibatch.noise", batch=batch), layout.num(noise, 4))
    m[2].metric(t(f"{PAGE}.minibatch.ratio"), layout.num(noise / float(full @ full), 3))
    st.caption(t(f"{PAGE}.minibatch.caption"))
    layout.reproduce(
        "import numpy as np\nfrom mathdl import datasets\nfrom mathdl.optim import batch_gradients, gradient_noise\n"
        "X, y, _ = datasets.diabetes(); w = np.zeros(10)\n"
        f"gradient_noise(X, y, w, {batch}), batch_gradients(X, y, w, {batch}, 300, np.random.default_rng({seed}))"
    )


# --- 4. Learning-rate schedules on a real regression ------------------------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def train(schedule: str, lr: float, batch: int, epochs: int, seed: int) -> optim.Training:
    X, y, _ = datasets.diabetes()
    return optim.minibatch_sgd(
        X, y, lr=lr, batch_size=batch, epochs=epochs, rng=np.random.default_rng(seed), schedule=schedule
    )


@st.fragment
def schedules_demo() -> None:
    layout.demo(PAGE, "schedules")
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
    log_lr = c[1].slider(
        t(f"{PAGE}.schedules.lr"), -3.0, 0.0, -1.0, 0.1, format="10^%.1f", key="sch_lr", bind="query-params"
    )
    batch = c[2].slider(t(f"{PAGE}.minibatch.batch"), 1, 442, 32, key="sch_batch", bind="query-params")
    epochs = c[3].slider(t(f"{PAGE}.schedules.epochs"), 5, 60, 30, 5, key="sch_epochs", bind="query-params")
    with c[4]:
        seed = layout.seed("sch_seed")
    lr = 10.0**log_lr
    with st.spinner(t(f"{PAGE}.schedules.training")):
        runs = {name: train(name, lr, batch, epochs, seed) for name in dict.fromkeys([schedule, "constant"])}
    X, y, _ = datasets.diabetes()
    best = linalg.least_squares(X, y).rss / len(y)
    labels = {name: t(f"{PAGE}.schedule_names.{name}") for name in runs}
    color = alt.Color(
        "schedule:N", scale=charts.colors(list(labels.values())), title=None, legend=alt.Legend(orient="bottom")
    )
    left, right = st.columns(2)
    with left:
        frame = pd.concat(
            [
                pd.DataFrame({"step": k, "lr": run.lr[k], "schedule": labels[n]})
                for n, run in runs.items()
                for k in [charts.sample(len(run.lr), 300)]
            ]
        )
        chart = (
            alt.Chart(frame)
            .mark_line(strokeWidth=2.5)
            .encode(x=alt.X("step:Q", title=t(f"{PAGE}.schedules.step_axis")), y=alt.Y("lr:Q", title="η"), color=color)
        )
        charts.show(
            chart.properties(title=t(f"{PAGE}.schedules.lr_title"), height=HEIGHT), frame, name="learning_rate_schedule"
        )
    with right:
        frame = pd.concat(
            [
                pd.DataFrame({"step": k + 1, "loss": run.loss[k], "schedule": labels[n]})
                for n, run in runs.items()
                if len(run.loss)
                for k in [charts.sample(len(run.loss), 300)]
            ]
            or [pd.DataFrame(columns=["step", "loss", "schedule"])]
        )
        lines = (
            alt.Chart(frame)
            .mark_line(strokeWidth=2)
            .encode(
                x=alt.X("step:Q", title=t(f"{PAGE}.schedules.step_axis")),
                y=alt.Y("loss:Q", scale=alt.Scale(type="log"), title=t(f"{PAGE}.schedules.loss_axis")),
                color=color,
            )
        )
        floor = (
            alt.Chart(pd.DataFrame({"loss": [best]}))
            .mark_rule(color=charts.NEUTRAL, strokeDash=[6, 4], strokeWidth=2)
            .encode(y="loss:Q", tooltip=[alt.Tooltip("loss:Q", format=".5f", title="L*")])
        )
        charts.show(
            (lines + floor).properties(title=t(f"{PAGE}.schedules.loss_title"), height=HEIGHT),
            frame,
            name="training_loss",
        )
    m = st.columns(len(runs) + 1)
    m[0].metric(t(f"{PAGE}.schedules.best"), f"{best:.5f}")
    for column, (name, run) in zip(m[1:], runs.items()):
        final = f"{run.loss[-1]:.5f}" if run.diverged_at is None else "∞"
        column.metric(t(f"{PAGE}.schedules.final", schedule=labels[name]), final)
        if run.diverged_at is not None:
            st.warning(
                t(f"{PAGE}.schedules.diverged", schedule=labels[name], step=run.diverged_at), icon=":material/warning:"
            )
    st.caption(t(f"{PAGE}.schedules.caption"))
    layout.reproduce(
        "import numpy as np\nfrom mathdl import datasets\nfrom mathdl.optim import minibatch_sgd\n"
        f"X, y, _ = datasets.diabetes()\nminibatch_sgd(X, y, lr={lr:.4g}, batch_size={batch}, epochs={epochs}, rng=np.random.default_rng({seed}), schedule={schedule!r}).loss[-1]"
    )


one_d_demo()
st.divider()
surfaces_demo()
st.divider()
minibatch_demo()
st.divider()
schedules_demo()

layout.source_code(
    [
        optim.sgd_step,
        optim.momentum_step,
        optim.nesterov_step,
        optim.adagrad_step,
        optim.rmsprop_step,
        optim.adam_step,
        optim.descend,
        optim.gradient_noise,
        optim.learning_rate,
    ]
)
layout.quiz(PAGE)
