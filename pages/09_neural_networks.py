"""9. Function approximation with neural networks: sums of bumps, a playground, activations, depth."""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from mathdl import MathDLError, activations, datasets, expressions, nn
from ui import charts, layout, state
from ui.i18n import t

PAGE = "neural_networks"
HEIGHT = 360
INTERVAL = (-3.0, 3.0)  # the x range of the 1-D demo
CHUNKS = 10  # the 1-D fit is drawn this many times while it trains
PLAY_CHUNK = 10  # epochs of the playground between two pictures
PLAY_MAX = 2000  # the playground stops by itself after this many epochs
ACTIVATIONS = ["relu", "tanh", "sigmoid", "leaky_relu", "elu"]

layout.header(PAGE)

layout.formulas(
    PAGE,
    {
        "network": r"\mathbf{h}_{l+1} = \varphi(\mathbf{h}_l W_l + \mathbf{b}_l), \qquad \hat{\mathbf{p}} = \operatorname{softmax}(\mathbf{h}_L W_L + \mathbf{b}_L)",
        "universal": r"\hat{f}(x) = \sum_{j=1}^{N} v_j\,\varphi(w_j x + b_j) + c",
        "loss": r"L = -\frac{1}{n}\sum_{i=1}^{n} \log \hat{p}_{i, y_i} + \frac{\lambda}{2}\sum_l \|W_l\|^2",
        "backprop": r"\boldsymbol{\delta}_L = \frac{\hat{\mathbf{p}} - \mathbf{y}}{n}, \qquad \frac{\partial L}{\partial W_l} = \mathbf{h}_l^\top \boldsymbol{\delta}_l + \lambda W_l, \qquad \boldsymbol{\delta}_{l-1} = (\boldsymbol{\delta}_l W_l^\top) \odot \varphi'(\mathbf{z}_{l-1})",
    },
)

layout.section("explore")


# --- 1. Universal approximation in one dimension ----------------------------------------------------


def target_values(target: str, x: np.ndarray) -> np.ndarray | None:
    """The target at x: a named function, or one typed by the reader (refused with a reason)."""
    if target != "typed":
        return nn.TARGETS[target](x)
    text = st.text_input(
        t(f"{PAGE}.approx.typed"),
        "x^3 / 9 - x",
        max_chars=expressions.MAX_LENGTH,
        key="ua_f",
        bind="query-params",
        help=t("calculus.function_help"),
    )
    try:
        node = expressions.parse(text)
    except MathDLError as error:
        layout.error(error)
        return None
    with np.errstate(all="ignore"):
        y = expressions.evaluate(node, x)
    if not np.all(np.isfinite(y)):
        st.warning(t(f"{PAGE}.approx.not_finite"), icon=":material/warning:")
        return None
    return y


def fit_charts(
    x: np.ndarray, y: np.ndarray, net: nn.Network, history: nn.History, epochs: int, *, live: bool = False
) -> None:
    """The fit against the target, the fit as a sum of its units, and the loss so far.

    ``live``: a frame drawn while training, without the (keyed, so once-only) download buttons.
    """
    show = (
        (lambda chart, data, name: charts.draw(chart))
        if live
        else (lambda chart, data, name: charts.show(chart, data, name=name))
    )
    grid = np.linspace(*INTERVAL, 97)
    fit = nn.predict(net, grid[:, None])
    names = {"target": t(f"{PAGE}.approx.target"), "fit": t(f"{PAGE}.approx.fit")}
    curves = pd.concat(
        [
            pd.DataFrame({"x": x, "y": y, "curve": names["target"]}),
            pd.DataFrame({"x": grid, "y": fit, "curve": names["fit"]}),
        ]
    )
    low, high = float(y.min()), float(y.max())
    pad = 0.25 * max(high - low, 1e-6)
    scale = alt.Scale(domain=[low - pad, high + pad], nice=False)
    color = alt.Color(
        "curve:N",
        scale=alt.Scale(domain=list(names.values()), range=[charts.NEUTRAL, charts.PALETTE[0]]),
        title=None,
        legend=alt.Legend(orient="bottom"),
    )
    left, right = st.columns(2)
    with left:
        chart = (
            alt.Chart(curves)
            .mark_line(strokeWidth=3, clip=True)
            .encode(
                x=alt.X("x:Q", title="x"),
                y=alt.Y("y:Q", title="y", scale=scale),
                color=color,
                strokeDash=alt.StrokeDash(
                    "curve:N", legend=None, scale=alt.Scale(domain=list(names.values()), range=[[6, 3], [1, 0]])
                ),
            )
        )
        show(
            chart.properties(title=t(f"{PAGE}.approx.fit_title", units=net.sizes[1]), height=HEIGHT),
            curves,
            "approximation",
        )
    with right:
        parts = nn.hidden_contributions(net, grid)  # (97, N)
        bumps = pd.DataFrame(
            {
                "x": np.tile(grid, parts.shape[1]),
                "y": parts.T.ravel(),
                "unit": np.repeat(np.arange(1, parts.shape[1] + 1), len(grid)),
            }
        )
        lines = (
            alt.Chart(bumps)
            .mark_line(strokeWidth=1.5, opacity=0.8, clip=True)
            .encode(
                x=alt.X("x:Q", title="x"),
                y=alt.Y("y:Q", title="vⱼ φ(wⱼ x + bⱼ)"),
                color=alt.Color("unit:N", legend=None, scale=alt.Scale(range=charts.PALETTE)),
                tooltip=["unit:N"],
            )
        )
        total = (
            alt.Chart(pd.DataFrame({"x": grid, "y": fit}))
            .mark_line(color="black", strokeWidth=2.5, strokeDash=[4, 2])
            .encode(x="x:Q", y="y:Q")
        )
        show((lines + total).properties(title=t(f"{PAGE}.approx.bumps_title"), height=HEIGHT), bumps, "hidden_units")
    st.caption(
        t(
            f"{PAGE}.approx.loss_now",
            epoch=int(history.epoch[-1]) if len(history.epoch) else 0,
            epochs=epochs,
            loss=f"{history.loss[-1]:.2e}" if len(history.loss) else "—",
        )
    )


@st.fragment
def approx_demo() -> None:
    layout.demo(PAGE, "approx")
    c = st.columns([2, 2, 2, 2, 2, 1])
    with c[0]:
        target = state.choice(
            t(f"{PAGE}.approx.target"), [*nn.TARGETS, "typed"], key="ua_target", section=f"{PAGE}.targets"
        )
    units = c[1].slider(
        t(f"{PAGE}.approx.units"), 1, 32, 8, key="ua_units", bind="query-params", help=t(f"{PAGE}.approx.units_help")
    )
    with c[2]:
        activation = state.choice(
            t(f"{PAGE}.activation"), ACTIVATIONS, key="ua_act", section=f"{PAGE}.activation_names"
        )
    epochs = c[3].slider(
        t(f"{PAGE}.approx.epochs"),
        200,
        4000,
        2000,
        200,
        key="ua_epochs",
        bind="query-params",
        help=t(f"{PAGE}.approx.epochs_help"),
    )
    log_lr = c[4].slider(t(f"{PAGE}.lr"), -3.0, -0.5, -1.5, 0.1, format="10^%.1f", key="ua_lr", bind="query-params")
    with c[5]:
        seed = layout.seed("ua_seed")
    x = np.linspace(*INTERVAL, 200)
    y = target_values(target, x)
    if y is None:
        return
    key = (target, tuple(np.round(y, 12)), units, activation, epochs, log_lr, seed)
    done = st.session_state.get("ua_done")
    if done is None or done["key"] != key:  # trained already: another widget's rerun does not retrain
        rng = np.random.default_rng(seed)
        net, run, history = nn.init_network((1, units, 1), activation, rng, task="regression"), None, None
        progress, picture = st.progress(0.0, text=t(f"{PAGE}.approx.training")), st.empty()
        for chunk in range(CHUNKS):  # train, draw, train on: the fit takes shape before the reader's eyes
            result = nn.train(
                net, x[:, None], y, rng, epochs=epochs // CHUNKS, state=run, lr=10.0**log_lr, batch_size=len(x)
            )
            net, run = result.net, result.state
            history = (
                result.history
                if history is None
                else nn.History(
                    np.r_[history.epoch, result.history.epoch], np.r_[history.loss, result.history.loss], None
                )
            )
            progress.progress((chunk + 1) / CHUNKS, text=t(f"{PAGE}.approx.training"))
            with picture.container():
                fit_charts(x, y, net, history, epochs, live=True)
            if result.diverged:
                break
        progress.empty()
        picture.empty()
        st.session_state["ua_done"] = {"key": key, "net": net, "history": history}
    done = st.session_state["ua_done"]
    fit_charts(x, y, done["net"], done["history"], epochs)
    history = done["history"]
    if len(history.loss) < epochs:
        st.warning(t(f"{PAGE}.approx.diverged"), icon=":material/warning:")
    st.caption(t(f"{PAGE}.approx.caption"))
    layout.reproduce(
        "import numpy as np\nfrom mathdl import nn\n"
        f"x = np.linspace({INTERVAL[0]}, {INTERVAL[1]}, 200)\n"
        + (
            f"y = nn.TARGETS[{target!r}](x)\n"
            if target != "typed"
            else f"from mathdl.expressions import evaluate, parse\ny = evaluate(parse({st.session_state['ua_f']!r}), x)\n"
        )
        + f"rng = np.random.default_rng({seed})\nnet = nn.init_network((1, {units}, 1), {activation!r}, rng, task='regression')\n"
        f"fit = nn.train(net, x[:, None], y, rng, epochs={epochs}, lr={10.0**log_lr:.4g}, batch_size=200)\n"
        "nn.hidden_contributions(fit.net, x)   # each unit's bump; their sum + the output bias is the fit"
    )


# --- 2. A playground: a classifier of the plane, trained live --------------------------------------------


def play(running: bool) -> None:
    """Train or Pause. Each is its own button (key) and sets, never flips, the state: a click
    that lands while the timer's run is in flight can reach its callback twice, and a flip
    would then undo the Pause.
    """
    st.session_state["nn_run"]["running"] = running
    st.rerun()  # a full run, which turns the fragment's timer on or off


def reset() -> None:
    st.session_state.pop("nn_run", None)
    st.rerun()


def fresh_run(key: tuple, sizes: tuple[int, ...], activation: str, seed: int) -> dict:
    return {
        "key": key,
        "net": nn.init_network(sizes, activation, np.random.default_rng(seed)),
        "state": None,
        "epoch": [],
        "train": [],
        "test": [],
        "running": False,
        "diverged": False,
    }


def train_chunk(run: dict, data: tuple, lr: float, l2: float, seed: int, epochs: int) -> None:
    X_train, y_train, X_test, y_test = data
    result = nn.train(
        run["net"],
        X_train,
        y_train,
        np.random.default_rng(seed),
        epochs=epochs,
        state=run["state"],
        lr=lr,
        batch_size=16,
        l2=l2,
        validation=(X_test, y_test),
    )
    run.update(net=result.net, state=result.state, diverged=result.diverged)
    run["epoch"] += result.history.epoch.tolist()
    run["train"] += result.history.loss.tolist()
    run["test"] += result.history.validation_loss.tolist()
    if result.diverged or result.state.epoch >= PLAY_MAX:
        run["running"] = False


@st.cache_data(max_entries=32, show_spinner=False)
def toy_data(name: str, classes: int, noise: float, seed: int) -> tuple[np.ndarray, ...]:
    X, y = datasets.toy_set(name, 300, noise, np.random.default_rng(seed), classes=classes)
    split = np.random.default_rng(seed + 1).permutation(len(y))
    train, test = split[:210], split[210:]
    return X[train], y[train], X[test], y[test]


def boundary_chart(run: dict, data: tuple, classes: int) -> tuple[alt.LayerChart, pd.DataFrame]:
    """The decision regions as cells, with the training (filled) and test (hollow) points on top."""
    X_train, y_train, X_test, y_test = data
    extent = nn.data_extent(np.vstack([X_train, X_test]), margin=0.4)
    grid = nn.decision_grid(run["net"], extent, resolution=42)  # 10-pixel cells: fine, and light enough to redraw live
    xs, ys = charts.cell_scale(grid.x), charts.cell_scale(grid.y)
    regions = charts.class_cells(grid.winner, grid.confidence, classes, xs, ys)
    points = pd.concat(
        [
            pd.DataFrame({"x": X[:, 0].round(3), "y": X[:, 1].round(3), "class": y, "set": t(f"{PAGE}.play.{name}")})
            for X, y, name in ((X_train, y_train, "train"), (X_test, y_test, "test"))
        ]
    )
    palette = alt.Scale(domain=list(range(classes)), range=charts.PALETTE[:classes])
    train = t(f"{PAGE}.play.train")
    dots = (
        alt.Chart(points)
        .mark_point(size=36, strokeWidth=1.5, opacity=1)
        .encode(
            x=alt.X("x:Q", scale=xs, title="x₁"),
            y=alt.Y("y:Q", scale=ys, title="x₂"),
            color=alt.Color(
                "class:N", scale=palette, title=t(f"{PAGE}.play.class"), legend=alt.Legend(orient="bottom")
            ),
            fill=alt.condition(
                alt.datum.set == train, alt.Color("class:N", scale=palette, legend=None), alt.value("white")
            ),
            shape=alt.Shape("set:N", legend=None),
            tooltip=["set:N", "class:N"],  # filled and hollow: the intro says which is which
        )
    )
    return charts.square(regions + dots), points


def playground_demo() -> None:
    """Trains PLAY_CHUNK epochs per run while running; a timer reruns it (see the call below)."""
    layout.demo(PAGE, "play")
    c = st.columns([2, 2, 2, 1])
    with c[0]:
        dataset = state.choice(
            t(f"{PAGE}.play.dataset"), list(datasets.TOY_SETS), key="nn_data", section=f"{PAGE}.datasets"
        )
    many = datasets.TOY_SETS[dataset].max_classes > 2
    classes = (
        c[1].slider(
            t(f"{PAGE}.play.classes"),
            2,
            5,
            3,
            key="nn_classes",
            bind="query-params",
            help=t(f"{PAGE}.play.classes_help"),
        )
        if many
        else 2
    )
    noise = c[2].slider(t(f"{PAGE}.play.noise"), 0.0, 0.5, 0.15, 0.05, key="nn_noise", bind="query-params")
    with c[3]:
        seed = layout.seed("nn_seed")
    c = st.columns(5)
    layers = c[0].slider(t(f"{PAGE}.play.layers"), 1, 4, 2, key="nn_layers", bind="query-params")
    units = c[1].slider(t(f"{PAGE}.play.units"), 1, 16, 8, key="nn_units", bind="query-params")
    with c[2]:
        activation = state.choice(
            t(f"{PAGE}.activation"), ACTIVATIONS, key="nn_act", section=f"{PAGE}.activation_names"
        )
    log_lr = c[3].slider(
        t(f"{PAGE}.lr"),
        -3.0,
        0.0,
        -2.0,
        0.1,
        format="10^%.1f",
        key="nn_lr",
        bind="query-params",
        help=t(f"{PAGE}.play.lr_help"),
    )
    l2 = c[4].slider(
        t(f"{PAGE}.play.l2"),
        0.0,
        0.05,
        0.0,
        0.001,
        format="%.3f",
        key="nn_l2",
        bind="query-params",
        help=t(f"{PAGE}.play.l2_help"),
    )
    data = toy_data(dataset, classes, noise, seed)
    sizes = (2, *[units] * layers, classes)
    key = (dataset, classes, noise, seed, sizes, activation)  # the learning rate and λ may change mid-training
    if st.session_state.get("nn_run", {}).get("key") != key:
        st.session_state["nn_run"] = fresh_run(key, sizes, activation, seed)
    run = st.session_state["nn_run"]
    b = st.columns([1, 1, 1, 3])
    if run["running"]:
        b[0].button(
            t(f"{PAGE}.play.pause"),
            key="nn_pause",
            on_click=play,
            args=(False,),
            icon=":material/pause:",
            type="primary",
            width="stretch",
        )
    else:
        b[0].button(
            t(f"{PAGE}.play.start"),
            key="nn_start",
            on_click=play,
            args=(True,),
            icon=":material/play_arrow:",
            type="primary",
            width="stretch",
        )
    step = b[1].button(
        t(f"{PAGE}.play.step", epochs=PLAY_CHUNK), key="nn_step", icon=":material/skip_next:", width="stretch"
    )
    b[2].button(t(f"{PAGE}.play.reset"), key="nn_reset", on_click=reset, icon=":material/restart_alt:", width="stretch")
    if "nn_run" not in st.session_state:  # reset was pressed
        st.session_state["nn_run"] = run = fresh_run(key, sizes, activation, seed)
    if step or run["running"]:
        train_chunk(run, data, 10.0**log_lr, l2, seed, PLAY_CHUNK)
    # While training, the picture changes several times a second: its (keyed) download buttons wait for a pause.
    downloads = not run["running"]
    left, right = st.columns(2)
    with left:
        chart, points = boundary_chart(run, data, classes)
        # The epoch count is page text, not the chart's title: the chart's spec then stays the same
        # while it trains, and each picture only swaps its data.
        st.markdown(f"**{t(f'{PAGE}.play.map_title', epoch=len(run['epoch']))}**")
        charts.draw(chart, width="content", canvas=True)
        if downloads:
            charts.download(points, name="playground_points")
    with right:
        names = {"train": t(f"{PAGE}.play.train"), "test": t(f"{PAGE}.play.test")}
        shown = charts.sample(len(run["epoch"]), 150, log=True)
        curves = pd.concat(
            [
                pd.DataFrame(
                    {"epoch": np.array(run["epoch"], dtype=int)[shown], "loss": np.array(run[k])[shown], "set": v}
                )
                for k, v in names.items()
            ]
        )
        chart = (
            alt.Chart(curves)
            .mark_line(strokeWidth=2.5)
            .encode(
                x=alt.X("epoch:Q", title=t(f"{PAGE}.play.epoch"), scale=alt.Scale(domainMin=0)),
                y=alt.Y("loss:Q", title=t(f"{PAGE}.play.loss_axis"), scale=alt.Scale(type="log")),
                color=alt.Color(
                    "set:N", scale=charts.colors(list(names.values())), title=None, legend=alt.Legend(orient="bottom")
                ),
                tooltip=["set:N", "epoch:Q", alt.Tooltip("loss:Q", format=".4f")],
            )
        )
        chart = chart.properties(title=t(f"{PAGE}.play.loss_title"), height=420)
        if downloads:
            charts.show(chart, curves, name="playground_losses")
        else:
            charts.draw(chart)
        m = st.columns(2)
        m[0].metric(t(f"{PAGE}.play.train_loss"), f"{run['train'][-1]:.4f}" if run["train"] else "—")
        m[1].metric(t(f"{PAGE}.play.test_loss"), f"{run['test'][-1]:.4f}" if run["test"] else "—")
        m[0].metric(t(f"{PAGE}.play.test_accuracy"), f"{nn.accuracy(run['net'], data[2], data[3]):.1%}")
        m[1].metric(t(f"{PAGE}.play.parameters"), nn.parameter_count(sizes))
    if run["diverged"]:
        st.warning(t(f"{PAGE}.play.diverged"), icon=":material/warning:")
    st.caption(t(f"{PAGE}.play.caption"))
    layout.reproduce(
        "import numpy as np\nfrom mathdl import datasets, nn\n"
        f"X, y = datasets.toy_set({dataset!r}, 300, {noise:g}, np.random.default_rng({seed}), classes={classes})\n"
        f"split = np.random.default_rng({seed + 1}).permutation(300); train, test = split[:210], split[210:]\n"
        f"net = nn.init_network({sizes}, {activation!r}, np.random.default_rng({seed}))\n"
        f"fit = nn.train(net, X[train], y[train], np.random.default_rng({seed}), epochs={max(len(run['epoch']), PLAY_CHUNK)}, lr={10.0**log_lr:.4g}, batch_size=16, l2={l2:g}, validation=(X[test], y[test]))\n"
        "fit.history.loss[-1], fit.history.validation_loss[-1]   # the page's losses, if η and λ were not moved mid-training"
    )
    if st.session_state.get("nn_timer") and not run["running"]:
        # Stopped while the timer still ticks (diverged, reached PLAY_MAX, or new data or network
        # mid-training): a full run turns the timer off, or this would rerun every 0.1 s for nothing.
        st.rerun()


# --- 3. Activations and their derivatives -------------------------------------------------------------


@st.fragment
def activations_demo() -> None:
    layout.demo(PAGE, "activations")
    c1, c2 = st.columns(2)
    with c1:
        chosen = state.choice(t(f"{PAGE}.activation"), ACTIVATIONS, key="act_fn", section=f"{PAGE}.activation_names")
    z0 = c2.slider("z", -4.0, 4.0, 1.0, 0.1, key="act_z", bind="query-params")
    z = np.linspace(-4, 4, 161)
    names = {k: t(f"{PAGE}.activation_names.{k}") for k in ACTIVATIONS}
    frame = pd.concat(
        [
            pd.DataFrame(
                {
                    "z": z,
                    "value": activations.ACTIVATIONS[k].f(z),
                    "slope": activations.ACTIVATIONS[k].grad(z),
                    "activation": names[k],
                    "chosen": k == chosen,
                }
            )
            for k in ACTIVATIONS
        ]
    )
    color = alt.Color(
        "activation:N",
        scale=charts.colors(list(names.values())),
        title=None,
        legend=alt.Legend(orient="bottom", columns=3),
    )
    for column, field, title in zip(st.columns(2), ("value", "slope"), ("value_title", "slope_title")):
        with column:
            lines = (
                alt.Chart(frame)
                .mark_line(clip=True)
                .encode(
                    x=alt.X("z:Q", title="z"),
                    y=alt.Y(
                        f"{field}:Q",
                        title="φ(z)" if field == "value" else "φ′(z)",
                        scale=alt.Scale(domain=[-1.5, 4] if field == "value" else [-0.1, 1.2], nice=False),
                    ),
                    color=color,
                    strokeWidth=alt.condition("datum.chosen", alt.value(4), alt.value(1.5)),
                    opacity=alt.condition("datum.chosen", alt.value(1), alt.value(0.45)),
                )
            )
            dot = pd.DataFrame(
                {
                    "z": [z0],
                    field: [
                        float(
                            getattr(activations.ACTIVATIONS[chosen], "f" if field == "value" else "grad")(
                                np.array([z0])
                            )[0]
                        )
                    ],
                }
            )
            here = (
                alt.Chart(dot)
                .mark_point(size=150, filled=True, opacity=1, color="black")
                .encode(x="z:Q", y=f"{field}:Q")
            )
            charts.show(
                (lines + here).properties(title=t(f"{PAGE}.activations.{title}"), height=HEIGHT),
                frame,
                name=f"activation_{field}",
            )
    value, slope = (
        float(g(np.array([z0]))[0]) for g in (activations.ACTIVATIONS[chosen].f, activations.ACTIVATIONS[chosen].grad)
    )
    m = st.columns(2)
    m[0].metric(f"φ({layout.num(z0)})", layout.num(value, 4))
    m[1].metric(f"φ′({layout.num(z0)})", layout.num(slope, 4))
    st.caption(t(f"{PAGE}.activations.caption"))
    layout.reproduce(
        f"from mathdl.activations import ACTIVATIONS\nphi = ACTIVATIONS[{chosen!r}]\nphi.f({z0:g}), phi.grad({z0:g})"
    )


# --- 4. Depth against width ------------------------------------------------------------------------------


@st.fragment
def depth_demo() -> None:
    layout.demo(PAGE, "depth")
    k = st.slider(
        t(f"{PAGE}.depth.layers"), 1, 8, 3, key="dw_depth", bind="query-params", help=t(f"{PAGE}.depth.layers_help")
    )
    net = nn.tent_network(k)
    x = np.linspace(0, 1, 2049)
    pieces = nn.linear_pieces(net, x)
    left, right = st.columns(2)
    with left:
        frame = pd.DataFrame({"x": x[::4], "y": nn.predict(net, x[::4, None])})
        line = (
            alt.Chart(frame)
            .mark_line(color=charts.PALETTE[0], strokeWidth=2)
            .encode(x=alt.X("x:Q", title="x"), y=alt.Y("y:Q", title="ŷ", scale=alt.Scale(domain=[0, 1])))
        )
        charts.show(
            line.properties(title=t(f"{PAGE}.depth.curve_title", layers=k, pieces=pieces), height=HEIGHT),
            frame,
            name="deep_sawtooth",
        )
    with right:
        depths = np.arange(1, 11)
        deep, shallow = t(f"{PAGE}.depth.deep"), t(f"{PAGE}.depth.shallow")
        counts = pd.DataFrame(
            {
                "pieces": np.r_[2**depths, 2**depths],
                "parameters": [nn.parameter_count((1, *[2] * d, 1)) for d in depths]
                + [nn.parameter_count((1, nn.shallow_units_for(2**d), 1)) for d in depths],
                "network": [deep] * len(depths) + [shallow] * len(depths),
            }
        )
        lines = (
            alt.Chart(counts)
            .mark_line(point=True, strokeWidth=2.5)
            .encode(
                x=alt.X("pieces:Q", scale=alt.Scale(type="log", base=2), title=t(f"{PAGE}.depth.pieces_axis")),
                y=alt.Y("parameters:Q", scale=alt.Scale(type="log"), title=t(f"{PAGE}.depth.parameters_axis")),
                color=alt.Color(
                    "network:N", scale=charts.colors([deep, shallow]), title=None, legend=alt.Legend(orient="bottom")
                ),
                tooltip=["network:N", "pieces:Q", "parameters:Q"],
            )
        )
        now = (
            alt.Chart(pd.DataFrame({"pieces": [pieces]}))
            .mark_rule(color=charts.NEUTRAL, strokeDash=[6, 4])
            .encode(x="pieces:Q")
        )
        charts.show(
            (lines + now).properties(title=t(f"{PAGE}.depth.cost_title"), height=HEIGHT),
            counts,
            name="depth_against_width",
        )
    m = st.columns(3)
    m[0].metric(t(f"{PAGE}.depth.pieces"), pieces)
    m[1].metric(t(f"{PAGE}.depth.deep_parameters"), nn.parameter_count(net.sizes))
    m[2].metric(t(f"{PAGE}.depth.shallow_parameters"), nn.parameter_count((1, nn.shallow_units_for(pieces), 1)))
    st.caption(t(f"{PAGE}.depth.caption"))
    layout.reproduce(
        f"import numpy as np\nfrom mathdl import nn\nnet = nn.tent_network({k})\nnn.linear_pieces(net, np.linspace(0, 1, 2049)), nn.parameter_count(net.sizes)"
    )


approx_demo()
st.divider()
# While training, a timer reruns the playground alone every 0.1 s, each run one chunk and
# one picture. (A fragment that reruns itself with st.rerun never completes a run, so the browser
# would not draw it.) The timer is fixed when the fragment is made, hence the full run on a switch.
st.session_state["nn_timer"] = bool(st.session_state.get("nn_run", {}).get("running"))
st.fragment(playground_demo, run_every=0.1 if st.session_state["nn_timer"] else None)()
st.divider()
activations_demo()
st.divider()
depth_demo()

layout.source_code(
    [nn.gradients, nn.train, nn.hidden_contributions, activations.relu, activations.relu_grad, nn.tent_network]
)
layout.quiz(PAGE)
