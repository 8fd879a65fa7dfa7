"""9. Function approximation with neural networks: sums of bumps, a playground, activations, depth."""

import math
import re

import numpy as np
import streamlit as st

from mathdl import (
    MathDLError,
    activations,
    approximation,
    classification,
    cnn,
    cnn_training,
    datasets,
    expressions,
    features,
    mlp,
    training,
    validation,
)
from ui import charts, layout, perf, predict, present, state
from ui.demo import demo
from ui.figures import cnn as cnn_figures
from ui.figures import neural_networks as figures
from ui.i18n import t
from ui.snippet import Snippet
from ui.stepper import Stepper

PAGE = "neural_networks"
INTERVAL = (-1.0, 1.0)  # the x range of the 1-D demo, where the targets live
POINTS = 200  # samples of the 1-D target; the fit trains on all of them at once
GRID = 97  # points at which the fit and its units are drawn
CHUNKS = 10  # the 1-D fit is drawn this many times while it trains
PLAY_POINTS = 300  # points of the playground's data set
PLAY_TEST = 0.3  # the share held out for testing
PLAY_BATCH = 16
PLAY_CHUNK = 10  # epochs of the playground between two pictures
PLAY_MAX = 2000  # the playground stops by itself after this many epochs
PLAY_FRAME = 0.1  # seconds between two pictures while the playground trains
RESOLUTION = 42  # cells per side of the decision regions: 10-pixel cells, light enough to redraw live
UNIT_CELLS = 3456  # cells of all the unit maps together (14 × 14 each for 16 units), a pixel each of their picture
ACTIVATIONS = ["relu", "tanh", "sigmoid", "leaky_relu", "elu"]

FORMULAS = {
    "network": r"\mathbf{h}_{l+1} = \varphi(W_l \mathbf{h}_l + \mathbf{b}_l), \qquad "
    r"\hat{\mathbf{p}} = \operatorname{softmax}(W_L \mathbf{h}_L + \mathbf{b}_L)",
    "universal": r"\hat{f}(x) = \sum_{j=1}^{N} v_j\,\varphi(w_j x + b_j) + c",
    "loss": r"L = -\frac{1}{n}\sum_{i=1}^{n} \log \hat{p}_{i, y_i} + \frac{\lambda}{2}\sum_l \|W_l\|^2",
    "backprop": r"\boldsymbol{\delta}_L = \frac{\hat{\mathbf{p}} - \mathbf{y}}{n}, \qquad "
    r"\frac{\partial L}{\partial W_l} = \sum_i \boldsymbol{\delta}_l^{(i)} \mathbf{h}_l^{(i)\top} + \lambda W_l,"
    r"\qquad "
    r"\boldsymbol{\delta}_{l-1} = (W_l^\top \boldsymbol{\delta}_l) \odot \varphi'(\mathbf{z}_{l-1})",
}


# --- Universal approximation in one dimension -------------------------------------------------


def approx_widgets() -> tuple[str, int, str, int, float, int]:
    """Target, hidden units, activation, epochs, log₁₀ of the learning rate, seed."""
    c = st.columns([2, 2, 2, 2, 2, 1.5])  # the seed's label in one line at 1280 px
    with c[0]:
        target = state.choice(
            t(f"{PAGE}.approx.target"), [*datasets.TARGETS, "typed"], key="ua_target", section=f"{PAGE}.targets"
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
        help=t(f"{PAGE}.approx.epochs_help", points=POINTS),
    )
    lr = layout.log_slider(c[4], t(f"{PAGE}.lr"), -3.0, -0.5, -2.0, 0.1, key="ua_lr")
    with c[5]:
        seed = layout.seed("ua_seed")
    return target, units, activation, epochs, lr, seed


def target_values(snippet: Snippet, target: str, x: np.ndarray) -> np.ndarray | None:
    """The target at x: a named function, or one typed by the reader (refused with a reason)."""
    if target != "typed":
        return snippet("y", datasets.TARGETS[target], x)
    text = st.text_input(
        t(f"{PAGE}.approx.typed"),
        "3*x^3 - 3*x",
        max_chars=expressions.MAX_LENGTH,
        key="ua_f",
        bind="query-params",
        help=t("calculus.function_help"),
    )
    try:
        f = snippet("f", expressions.parse, text)
    except MathDLError as error:
        layout.error(error)
        return None
    with np.errstate(all="ignore"):  # log x for x ≤ 0 is refused below, with a reason
        y = snippet("y", expressions.evaluate, f, x)
    try:
        validation.finite("y", y)
    except MathDLError:
        st.warning(t(f"{PAGE}.approx.not_finite"), icon=":material/warning:")
        return None
    return y


def draw_fit(
    x: np.ndarray, y: np.ndarray, grid: np.ndarray, curve: np.ndarray, parts: np.ndarray, *, live: bool = False
) -> None:
    """The fit against the target, and the fit as a sum of its units.

    ``live``: a picture drawn while training, without the (keyed, so once-only) download buttons.
    """
    left, right = st.columns(2)
    for column, (chart, data), name in (
        (left, figures.fit(x, y, grid, curve, units=parts.shape[1]), "approximation"),
        (right, figures.hidden_units(grid, parts, curve), "hidden_units"),
    ):
        with column:
            if live:
                charts.draw(chart)
            else:
                charts.show(chart, data, name=name)


def train_live(net: mlp.Network, data: tuple, rng, epochs: int, lr: float, frame) -> training.TrainResult:
    """Train in CHUNKS chunks, calling ``frame`` with the run so far after each.

    The fit takes shape before the reader's eyes; the chunks together are one run (training.chain).
    """
    X, y = data
    progress, picture = st.progress(0.0, text=t(f"{PAGE}.approx.training")), st.empty()
    parts: list[training.TrainResult] = []
    for chunk in range(CHUNKS):
        last = parts[-1] if parts else None
        start = {"state": last.state} if last else {}
        parts.append(
            training.train(
                last.net if last else net, X, y, rng, epochs=epochs // CHUNKS, lr=lr, batch_size=POINTS, **start
            )
        )
        progress.progress((chunk + 1) / CHUNKS, text=t(f"{PAGE}.approx.training"))
        with picture.container():
            frame(training.chain(parts))
        if parts[-1].diverged:
            break
    progress.empty()
    picture.empty()
    return training.chain(parts)


FITS = perf.shared("approx_fits", 16)  # finished fits by their settings: a class opening the page trains once


def trained(key: tuple, net: mlp.Network, data: tuple, rng, epochs: int, lr: float, frame) -> training.TrainResult:
    """The fit for these settings, trained once (and drawn while it trains), then kept.

    A rerun of the whole page, such as a language switch, does not train again; another reader with the
    same settings gets the finished fit (the training is seeded: it would come out the same).
    """
    done = st.session_state.get("ua_done")
    if done is None or done["key"] != key:
        result = FITS.get(key) or FITS.put(key, train_live(net, data, rng, epochs, lr, frame))
        st.session_state["ua_done"] = {"key": key, "net": result.net, "fit": result}
    return st.session_state["ua_done"]["fit"]


@demo("approx")
def universal_approximation(snippet: Snippet) -> dict[str, object]:
    facts = {"points": POINTS, "chunks": CHUNKS}
    target, units, activation, epochs, lr, seed = approx_widgets()
    x = snippet("x", np.linspace, *INTERVAL, POINTS)
    y = target_values(snippet, target, x)
    if y is None:
        return facts
    X = snippet("X", np.reshape, x, (-1, 1), note=f"({POINTS}, 1): one input per row")
    grid = snippet("grid", np.linspace, *INTERVAL, GRID, note="where the fit is drawn")
    G = snippet("G", np.reshape, grid, (-1, 1))
    rng = snippet.rng(seed)
    net = snippet("net", mlp.init_network, (1, units, 1), activation, rng, task="regression")

    def frame(run: training.TrainResult) -> None:
        parts = approximation.hidden_contributions(run.net, grid)
        draw_fit(x, y, grid, mlp.predict(run.net, G), parts, live=True)

    result = trained((snippet.code(), epochs, lr), net, (X, y), rng, epochs, lr, frame)
    note = f"the page trains it in {CHUNKS} chunks, to draw each: the same run"
    fit = snippet.record(
        "fit", result, training.train, net, X, y, rng, epochs=epochs, lr=lr, batch_size=POINTS, note=note
    )
    curve = snippet("curve", mlp.predict, fit.net, G)
    parts = snippet("parts", approximation.hidden_contributions, fit.net, grid, note="(97, N): each unit's bump")
    draw_fit(x, y, grid, curve, parts)
    net = fit.net
    st.latex(figures.fit_formula(net.weights[0], net.biases[0], net.weights[1], net.biases[1]))
    loss = f"{fit.history.loss[-1]:.2e}" if len(fit.history.loss) else "—"
    st.caption(t(f"{PAGE}.approx.loss_now", epoch=fit.state.epoch, epochs=epochs, loss=loss))
    if fit.diverged:
        st.warning(t(f"{PAGE}.approx.diverged"), icon=":material/warning:")
    st.caption(t(f"{PAGE}.approx.caption"))
    return facts


# --- A playground: a classifier of the plane, trained live --------------------------------------


def data_widgets() -> tuple[str, int, float, int]:
    """Data set, classes (for the sets that have more than two), noise, seed."""
    c = st.columns([2, 2, 2, 1])
    with c[0]:
        name = state.choice(
            t(f"{PAGE}.play.dataset"), list(datasets.TOY_SETS), key="nn_data", section=f"{PAGE}.datasets"
        )
    classes = 2
    if datasets.TOY_SETS[name].max_classes > 2:
        help = t(f"{PAGE}.play.classes_help")
        classes = state.dependent(c[1].slider, t(f"{PAGE}.play.classes"), 2, 5, 3, key="nn_classes", help=help)
    noise = c[2].slider(t(f"{PAGE}.play.noise"), 0.0, 0.5, 0.15, 0.05, key="nn_noise", bind="query-params")
    with c[3]:
        seed = layout.seed("nn_seed")
    return name, classes, noise, seed


def feature_widgets() -> list[str]:
    """The input features the network sees, one checkbox each (kept in the URL); x₁ and x₂ by default."""
    group = st.container(key=f"{present.CONTROLS}nn_features")  # its heading folds away with the boxes
    group.markdown(f"**{t(f'{PAGE}.play.features')}**", help=t(f"{PAGE}.play.features_help"))
    c = group.columns(len(features.FEATURES))
    return [
        name
        for name, column in zip(features.FEATURES, c, strict=True)
        if column.checkbox(t(f"{PAGE}.features.{name}"), name in features.RAW, key=f"nn_f_{name}", bind="query-params")
    ]


def network_widgets() -> tuple[int, int, str, float, float]:
    """Hidden layers (none: a logistic regression), units per layer, activation; log₁₀ η and λ (may change mid-run)."""
    c = st.columns(5)
    layers = c[0].slider(
        t(f"{PAGE}.play.layers"), 0, 4, 2, key="nn_layers", bind="query-params", help=t(f"{PAGE}.play.layers_help")
    )
    units = c[1].slider(t(f"{PAGE}.play.units"), 1, 16, 8, key="nn_units", bind="query-params", disabled=layers == 0)
    with c[2]:
        activation = state.choice(
            t(f"{PAGE}.activation"), ACTIVATIONS, key="nn_act", section=f"{PAGE}.activation_names"
        )
    lr = layout.log_slider(c[3], t(f"{PAGE}.lr"), -3.0, 0.0, -2.0, 0.1, key="nn_lr", help=t(f"{PAGE}.play.lr_help"))
    l2 = c[4].slider(
        t(f"{PAGE}.play.l2"), 0.0, 0.05, 0.0, 0.001, format="%.3f", key="nn_l2", bind="query-params",
        help=t(f"{PAGE}.play.l2_help"),
    )  # fmt: skip
    return layers, units, activation, lr, l2


PLAY = Stepper("nn", frame=PLAY_FRAME)  # each picture trains PLAY_CHUNK epochs


def train_chunk(run: dict, start: tuple, data: tuple, lr: float, l2: float) -> None:
    """PLAY_CHUNK more epochs, resumed from the run so far.

    The run keeps one segment per learning rate and λ (both may change mid-training), each the
    chained result of its chunks.
    """
    net, rng = start
    X_train, X_test, y_train, y_test = data
    segments = run["segments"]
    last = segments[-1]["fit"] if segments else None
    result = training.train(
        last.net if last else net,
        X_train,
        y_train,
        None if last else rng,
        epochs=PLAY_CHUNK,
        state=last.state if last else None,
        lr=lr,
        batch_size=PLAY_BATCH,
        l2=l2,
        validation=(X_test, y_test),
    )
    if segments and (segments[-1]["lr"], segments[-1]["l2"]) == (lr, l2):
        segments[-1].update(fit=training.chain([last, result]), epochs=segments[-1]["epochs"] + PLAY_CHUNK)
    else:
        segments.append({"lr": lr, "l2": l2, "epochs": PLAY_CHUNK, "fit": result})
    if result.diverged or result.state.epoch >= PLAY_MAX:
        run["running"] = False


def record_training(snippet: Snippet, run: dict, start: tuple, data: tuple) -> training.TrainResult | None:
    """The training so far as the calls that give it: one per segment, each resumed from the one before."""
    net, rng = start
    X_train, X_test, y_train, y_test = data
    fits: list[training.TrainResult] = []
    for i, segment in enumerate(run["segments"]):
        last = fits[-1] if fits else None
        fits.append(
            snippet.record(
                "fit" if len(run["segments"]) == 1 else f"fit_{i + 1}",
                segment["fit"],
                training.train,
                last.net if last else net,
                X_train,
                y_train,
                None if last else rng,
                epochs=segment["epochs"],
                **({"state": last.state} if last else {}),
                lr=segment["lr"],
                batch_size=PLAY_BATCH,
                l2=segment["l2"],
                validation=(X_test, y_test),
                note="" if last else f"the page trains {PLAY_CHUNK} epochs a picture: the same run",
            )
        )
    if len(fits) > 1:
        return snippet("fit", training.chain, fits, note="the segments as one run, η or λ changed between them")
    return fits[0] if fits else None


@demo("play")
def playground(snippet: Snippet) -> dict[str, object]:
    dataset, classes, noise, seed = data_widgets()
    chosen = feature_widgets()
    layers, units, activation, lr, l2 = network_widgets()
    if not chosen:  # nothing to see: the network waits, stopped
        PLAY.run(None, segments=[])
        st.warning(t(f"{PAGE}.play.no_features"), icon=":material/warning:")
        PLAY.settle()
        return {"batch": PLAY_BATCH}
    rng = snippet.rng(seed)
    X, y = snippet("X, y", datasets.toy_set, dataset, PLAY_POINTS, noise, rng, classes=classes)
    X_train, X_test, y_train, y_test = snippet(
        "X_train, X_test, y_train, y_test", training.train_test_split, X, y, PLAY_TEST, rng
    )
    F_train = snippet("F_train", features.feature_map, X_train, chosen, note="the inputs the network sees")
    F_test = snippet("F_test", features.feature_map, X_test, chosen)
    data = (F_train, F_test, y_train, y_test)
    net = snippet("net", mlp.init_network, (len(chosen), *[units] * layers, classes), activation, rng)
    run = PLAY.run(snippet.code(), segments=[])  # new data or a new network start again; η and λ may change
    text = {k: t(f"{PAGE}.play.{k}") for k in ("start", "pause", "reset")}
    PLAY.controls(**text, step=t(f"{PAGE}.play.step", epochs=PLAY_CHUNK))
    points, settings = (X, X_train, X_test), (classes, lr, l2)
    PLAY.animate(lambda s: training_picture(s, run, (net, rng), data, points, chosen, settings), snippet)
    linear = snippet("linear", approximation.parameter_count, (4, 2), note="no hidden layer, 4 features, 2 classes")
    st.caption(t(f"{PAGE}.play.features_caption", linear=linear, turns=datasets.SPIRAL_TURNS))
    return {"batch": PLAY_BATCH}


def training_picture(
    snippet: Snippet, run: dict, start: tuple, data: tuple, points: tuple, chosen: list[str], settings: tuple
) -> None:
    """One picture of the training: PLAY_CHUNK more epochs if it trains (or Step was pressed), then what they give.

    The timer reruns this alone, PLAY_FRAME apart, while the network trains (PLAY.animate).
    """
    net, _ = start
    X, X_train, X_test = points
    _, F_test, y_train, y_test = data
    classes, lr, l2 = settings
    if PLAY.due():
        train_chunk(run, start, data, lr, l2)
    fit = record_training(snippet, run, start, data)
    shown = fit.net if fit else net
    extent = snippet("extent", approximation.data_extent, X, margin=0.4)
    grid = snippet("grid", approximation.decision_grid, shown, extent, resolution=RESOLUTION, features=chosen)
    accuracy = snippet("accuracy", mlp.accuracy, shown, F_test, y_test)
    count = snippet("count", approximation.parameter_count, net.sizes)
    draw_playground(run, fit, grid, (X_train, X_test, y_train, y_test), classes, accuracy, count)
    draw_inside(snippet, run, shown, extent, chosen)
    PLAY.settle()  # stopped while the timer still ticks (diverged, PLAY_MAX, new data): the timer goes off


def draw_playground(run: dict, fit, grid, data: tuple, classes: int, accuracy: float, count: int) -> None:
    """Regions and points on the left; losses and metrics on the right.

    While it trains, the picture changes several times a second: its (keyed) download buttons
    wait for a pause.
    """
    X_train, X_test, y_train, y_test = data
    downloads = not run["running"]
    left, right = st.columns(2)
    with left:
        chart, cells, points = figures.decision_regions(
            grid.x, grid.y, grid.winner, grid.confidence, (X_train, y_train), (X_test, y_test), classes
        )
        # The epoch count is page text, not the chart's title: the chart's spec then stays the same
        # while it trains, and each picture only swaps its data.
        st.markdown(f"**{t(f'{PAGE}.play.map_title', epoch=fit.state.epoch if fit else 0)}**")
        charts.draw_live(chart, cells, width="content", canvas=True)
        if downloads:
            charts.download(points, name="playground_points")
    with right:
        draw_losses(fit.history if fit else None, downloads)
        m = st.columns(2)
        m[0].metric(t(f"{PAGE}.play.test_accuracy"), f"{accuracy:.1%}")
        m[1].metric(t(f"{PAGE}.play.parameters"), count)
    if fit and fit.diverged:
        st.warning(t(f"{PAGE}.play.diverged"), icon=":material/warning:")
    st.caption(t(f"{PAGE}.play.caption", most=PLAY_MAX))


def picked_unit() -> None:
    """A click on a unit map shows that unit large: its (layer, unit) goes into the URL as ``nn_unit``."""
    chosen = st.session_state["nn_pick"]["selection"].get(figures.PICK) or []
    if chosen:
        layer, unit = chosen[0].get("layer"), chosen[0].get("unit")
        if isinstance(layer, int) and isinstance(unit, int):
            st.query_params["nn_unit"] = f"{layer}-{unit}"


def chosen_unit(sizes: tuple[int, ...]) -> tuple[int, int]:
    """The hidden unit shown large: the URL's ``nn_unit`` ("layer-unit", from 1) if the network has it, else the first.

    Nothing else is parsed: any other value falls back, and leaves the URL.
    """
    found = re.fullmatch(r"([1-9])-([1-9][0-9]?)", st.query_params.get("nn_unit", ""))
    hidden = sizes[1:-1]
    if found:
        layer, unit = int(found[1]), int(found[2])
        if layer <= len(hidden) and unit <= hidden[layer - 1]:
            return layer, unit
    if "nn_unit" in st.query_params:  # unknown or out of range: the first unit, and the URL says so
        del st.query_params["nn_unit"]
    return 1, 1


def draw_inside(snippet: Snippet, run: dict, net: mlp.Network, extent: tuple, chosen: list[str]) -> None:
    """Every hidden unit's output over the plane, small, by layer; the one clicked large, with its incoming weights."""
    st.markdown(f"**{t(f'{PAGE}.inside.heading')}**")
    draw_diagram(run, net, chosen)
    hidden = net.sizes[1:-1]
    if not hidden:
        st.info(t(f"{PAGE}.inside.none"), icon=":material/info:")
        return
    side = min(24, math.isqrt(UNIT_CELLS // sum(hidden)))  # the payload stays small however many units
    maps = snippet("maps", approximation.unit_maps, net, extent, resolution=side, features=chosen)
    layer, unit = chosen_unit(net.sizes)
    large = snippet("large", approximation.unit_maps, net, extent, resolution=RESOLUTION, features=chosen)
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"**{t(f'{PAGE}.inside.maps_title')}**")
        chart, tables, frame = figures.unit_maps(maps.x, maps.y, maps.layers, (layer, unit))
        charts.draw_live(
            chart,
            tables,
            width="content",
            canvas=True,
            on_select=picked_unit,
            key="nn_pick",
            selection_mode=figures.PICK,
        )
        st.caption(t(f"{PAGE}.inside.maps_caption"))
        if not run["running"]:
            charts.download(frame, name="playground_units")
    with right:
        title = t(f"{PAGE}.inside.unit_title", layer=layer, unit=unit)
        chart, tables, frame = figures.unit_map(large.x, large.y, large.layers[layer - 1][:, :, unit - 1], title=title)
        charts.draw_live(chart, tables, width="content", canvas=True)
        if not run["running"]:
            charts.download(frame, name=f"playground_unit_{layer}_{unit}")
        inputs = [figures.FEATURE_TEX[c] for c in chosen] if layer == 1 else [
            f"h_{{{layer - 1},{k}}}" for k in range(1, hidden[layer - 2] + 1)
        ]  # fmt: skip
        w, b = net.weights[layer - 1][:, unit - 1], float(net.biases[layer - 1][unit - 1])
        st.markdown(t(f"{PAGE}.inside.weights"))
        st.latex(figures.unit_formula(w, b, inputs, r"\varphi", name=f"h_{{{layer},{unit}}}"))


def draw_diagram(run: dict, net: mlp.Network, chosen: list[str]) -> None:
    """The network's units and one line per weight, redrawn as it trains."""
    st.markdown(f"**{t(f'{PAGE}.inside.diagram_title')}**")
    names = [t(f"{PAGE}.features.{c}") for c in chosen]
    chart, tables, frame = figures.network_diagram(net.weights, names, net.sizes[-1])
    with st.container(key="nn_edges"):  # a name the browser tests find it by
        charts.draw_live(chart, tables, width="content", canvas=True)
    st.caption(t(f"{PAGE}.inside.diagram_caption"))
    if not run["running"]:
        charts.download(frame, name="playground_weights")


def draw_losses(history: training.History | None, downloads: bool) -> None:
    """The loss curves of both sets, and the last loss of each."""
    train, test = (history.loss, history.validation_loss) if history else ([], [])
    chart, tables, curves = figures.loss_curves(
        history.epoch if history else [],
        {t(f"{PAGE}.play.train"): train, t(f"{PAGE}.play.test"): test},
        title=t(f"{PAGE}.play.loss_title"),
        y_title=t(f"{PAGE}.play.loss_axis"),
    )
    charts.draw_live(chart, tables)
    if downloads:
        charts.download(curves, name="playground_losses")
    m = st.columns(2)
    m[0].metric(t(f"{PAGE}.play.train_loss"), f"{train[-1]:.4f}" if len(train) else "—")
    m[1].metric(t(f"{PAGE}.play.test_loss"), f"{test[-1]:.4f}" if len(test) else "—")


# --- A convolutional network on handwritten digits, trained live ---------------------------------------


CNN_TEST = 0.2  # the share of the 1,797 digits held out: 360, leaving 1,437 to train
CNN_BATCH = 32
CNN_MAX = 20  # the network stops by itself after this many epochs
CNN_SHOWN = 12  # mistakes drawn
POOLINGS = ["max", "avg"]
CNN = Stepper("cnn", frame=0.1)  # one epoch a picture


def cnn_widgets(side: int) -> tuple[int, int, str, float, int]:
    """Kernels, their size, the pooling, the learning rate and the seed; any of them starts again."""
    c = st.columns([2, 2, 2, 2, 1.5])
    filters = c[0].slider(
        t(f"{PAGE}.cnn.filters"), 1, 16, 8, key="cnn_filters", bind="query-params", help=t(f"{PAGE}.cnn.filters_help")
    )
    size = c[1].slider(
        t(f"{PAGE}.cnn.size"),
        1,
        7,
        3,
        2,
        key="cnn_size",
        bind="query-params",
        help=t(f"{PAGE}.cnn.size_help", side=side),
    )
    with c[2]:
        help = t(f"{PAGE}.cnn.pooling_help", pool=2)
        mode = state.choice(
            t(f"{PAGE}.cnn.pooling"), POOLINGS, key="cnn_pool", section=f"{PAGE}.cnn.poolings", help=help
        )
    lr = layout.log_slider(c[3], t(f"{PAGE}.lr"), -3.0, -1.0, -2.0, 0.25, key="cnn_lr", help=t(f"{PAGE}.cnn.lr_help"))
    with c[4]:
        seed = layout.seed("cnn_seed")
    return filters, size, mode, lr, seed


def train_cnn_epoch(run: dict, start: tuple, data: tuple, lr: float) -> None:
    """One more epoch, resumed from the run so far; the run is one chained result, as one call gives it."""
    net, rng = start
    X_train, X_test, y_train, y_test = data
    last = run["fit"]
    result = cnn_training.train(
        last.net if last else net,
        X_train,
        y_train,
        None if last else rng,
        state=last.state if last else None,
        lr=lr,
        batch_size=CNN_BATCH,
        validation=(X_test, y_test),
    )
    run["fit"] = cnn_training.chain([last, result]) if last else result
    run["epochs"] += 1
    if result.diverged or run["fit"].state.epoch >= CNN_MAX:
        run["running"] = False


def record_cnn(snippet: Snippet, run: dict, start: tuple, data: tuple, lr: float) -> cnn_training.ConvResult | None:
    """The training so far as the one call that gives it (tests/test_cnn.py: epoch by epoch is one run)."""
    if run["fit"] is None:
        return None
    net, rng = start
    X_train, X_test, y_train, y_test = data
    note = "the page trains one epoch a picture: the same run"
    return snippet.record(
        "fit", run["fit"], cnn_training.train, net, X_train, y_train, rng, epochs=run["epochs"], lr=lr,
        batch_size=CNN_BATCH, validation=(X_test, y_test), note=note,
    )  # fmt: skip


@demo("cnn")
def convolutional_network(snippet: Snippet) -> dict[str, object]:
    images, labels = snippet("images, labels", datasets.digits, cache=True, note="(1797, 8, 8) and (1797,)")
    filters, size, mode, lr, seed = cnn_widgets(images.shape[1])
    X = snippet("X", np.divide, images, 16.0, note="grey levels 0…16 as 0…1")
    rng = snippet.rng(seed)
    data = snippet("X_train, X_test, y_train, y_test", training.train_test_split, X, labels, CNN_TEST, rng)
    net = snippet("net", cnn.init_convnet, rng, filters=filters, kernel_size=size, mode=mode, note="He initialisation")
    run = CNN.run((snippet.code(), lr), fit=None, epochs=0)  # new data, a new network or a new η start again
    text = {k: t(f"{PAGE}.cnn.{k}") for k in ("start", "pause", "step", "reset")}
    CNN.controls(**text, widths=(1.4, 1.2, 1.4, 2))
    CNN.animate(lambda s: cnn_picture(s, run, (net, rng), data, lr), snippet)
    return {"side": images.shape[1], "train": f"{len(data[0]):,}", "test": len(data[1]), "k": size, "pool": net.pool,
            "batch": CNN_BATCH}  # fmt: skip


def cnn_picture(snippet: Snippet, run: dict, start: tuple, data: tuple, lr: float) -> None:
    """One picture of the training: one more epoch if it trains (or Step was pressed), then what it gives.

    The timer reruns this alone while the network trains (CNN.animate), as the playground's.
    """
    if CNN.due():
        train_cnn_epoch(run, start, data, lr)
    fit = record_cnn(snippet, run, start, data, lr)
    draw_cnn(snippet, run, fit, fit.net if fit else start[0], data)
    CNN.settle()  # stopped by itself (CNN_MAX, diverged) while the timer still ticks: the timer goes off


def draw_cnn(snippet: Snippet, run: dict, fit: cnn_training.ConvResult | None, net: cnn.ConvNet, data: tuple) -> None:
    """The numbers and the curves, then one held-out digit through the layers, then what it gets wrong.

    While it trains, the pictures change every epoch: their (keyed) download buttons wait for a pause.
    """
    X_train, X_test, y_train, y_test = data
    live = run["running"]
    patches, Y = snippet("patches, Y", cnn.encode, net, X_test, y_test, note="im2col: every k × k window a row")
    held_out = snippet("held_out", cnn.evaluate, net, patches, Y, note="(cross-entropy, accuracy)")
    theta = snippet("theta", cnn_training.parameters, net)
    m = st.columns(4)
    m[0].metric(t(f"{PAGE}.cnn.epochs"), f"{fit.state.epoch if fit else 0} / {CNN_MAX}")
    m[1].metric(t(f"{PAGE}.cnn.train_accuracy"), f"{fit.history.accuracy[-1]:.1%}" if fit else "—")
    m[2].metric(t(f"{PAGE}.cnn.test_accuracy"), f"{held_out[1]:.1%}")
    m[3].metric(t(f"{PAGE}.cnn.parameters"), f"{theta.size:,}")
    draw_cnn_curves(fit.history if fit else None, live)
    st.markdown(f"**{t(f'{PAGE}.cnn.inside')}**")
    index = st.slider(
        t(f"{PAGE}.cnn.digit"), 0, len(X_test) - 1, 0, key="cnn_digit", bind="query-params",
        help=t(f"{PAGE}.cnn.digit_help", n=len(X_test)),
    )  # fmt: skip
    digit = snippet("digit", np.take, X_test, [index], axis=0, note="one held-out digit, shape (1, 8, 8)")
    maps = snippet("maps", cnn.forward, net, digit, note="every layer's output for it")
    left, right = st.columns(2)
    with left:
        cnn_chart(cnn_figures.kernels(net.kernels), "cnn_kernels", live, image=True)
    with right:
        true = int(y_test[index])
        title = t(f"{PAGE}.cnn.input_title", index=index, digit=true)
        cnn_chart(cnn_figures.digits(digit, title=title, side=2 * cnn_figures.PANEL), "cnn_digit", live, image=True)
        cnn_chart(cnn_figures.answer(maps.proba[0], true), "cnn_answer", live)
    side = maps.relu.shape[1]
    left, right = st.columns(2)
    with left:
        title = t(f"{PAGE}.cnn.relu_title", count=len(net.kernels), side=side)
        cnn_chart(cnn_figures.feature_maps(maps.relu[0], title=title), "cnn_feature_maps", live, image=True)
    with right:
        mode = t(f"{PAGE}.cnn.poolings.{net.mode}")
        title = t(f"{PAGE}.cnn.pooled_title", mode=mode, count=len(net.kernels), side=maps.pooled.shape[1])
        cnn_chart(cnn_figures.feature_maps(maps.pooled[0], title=title), "cnn_pooled_maps", live, image=True)
    draw_cnn_mistakes(snippet, net, (X_test, y_test), live)
    if fit and fit.diverged:
        st.warning(t(f"{PAGE}.cnn.diverged"), icon=":material/warning:")
    st.caption(t(f"{PAGE}.cnn.caption", max=CNN_MAX))


def draw_cnn_curves(history: cnn_training.ConvHistory | None, live: bool) -> None:
    """The loss and the accuracy on both sets, epoch by epoch (nothing yet before training)."""
    names = [t(f"{PAGE}.cnn.train"), t(f"{PAGE}.cnn.test")]
    left, right = st.columns(2)
    for column, (train, test), name, percent in (
        (left, ("loss", "validation_loss"), "loss", False),
        (right, ("accuracy", "validation_accuracy"), "accuracy", True),
    ):
        series = {n: getattr(history, field) if history else [] for n, field in zip(names, (train, test), strict=True)}
        with column:
            figure = cnn_figures.curves(
                history.epoch if history else [], series, title=t(f"{PAGE}.cnn.{name}_title"),
                y_title=t(f"{PAGE}.cnn.{name}_axis"), percent=percent,
            )  # fmt: skip
            cnn_chart(figure, f"cnn_{name}", live)


def draw_cnn_mistakes(snippet: Snippet, net: cnn.ConvNet, held: tuple, live: bool) -> None:
    """The confusion matrix of the held-out digits, and the digits it gets wrong, the surest first."""
    X_test, y_test = held
    predicted = snippet("predicted", cnn.predict, net, X_test)
    C = snippet("C", classification.confusion_matrix, y_test, predicted, 10, note="rows: the true digit")
    wrong = snippet("wrong", cnn.mistakes, net, X_test, y_test, note="the surest mistakes first")
    left, right = st.columns(2)
    with left:
        cnn_chart(cnn_figures.confusion(C), "cnn_confusion", live)
    with right:
        if len(wrong):
            title = t(f"{PAGE}.cnn.mistakes_title", shown=min(CNN_SHOWN, len(wrong)), count=len(wrong))
            figure = cnn_figures.mistakes(X_test, y_test, predicted, wrong[:CNN_SHOWN], title=title)
            cnn_chart(figure, "cnn_mistakes", live, image=True)
        else:
            st.success(t(f"{PAGE}.cnn.no_mistakes", n=len(y_test)), icon=":material/check:")


def cnn_chart(figure: tuple, name: str, live: bool, *, image: bool = False) -> None:
    """A chart of the network, with its CSV while it stands still; ``image``: panels of cells, to size, on a canvas."""
    chart, frame = figure
    charts.draw(chart, width="content" if image else "stretch", canvas=image)
    if not live:
        charts.download(frame, name=name)


# --- Activations and their derivatives ----------------------------------------------------------


@demo("activations")
def activation_functions(snippet: Snippet) -> None:
    c1, c2 = st.columns(2)
    with c1:
        chosen = state.choice(t(f"{PAGE}.activation"), ACTIVATIONS, key="act_fn", section=f"{PAGE}.activation_names")
    z0 = c2.slider("z", -4.0, 4.0, 1.0, 0.1, key="act_z", bind="query-params")
    z = snippet("z", np.linspace, -4.0, 4.0, 161)
    values, slopes = snippet("values, slopes", approximation.activation_curves, ACTIVATIONS, z, note="(5, 161) each")
    phi = activations.ACTIVATIONS[chosen]
    value = float(snippet("value", phi.f, z0))
    slope = float(snippet("slope", phi.grad, z0))
    names = [t(f"{PAGE}.activation_names.{k}") for k in ACTIVATIONS]
    panels, data = figures.activations(z, values, slopes, names, ACTIVATIONS.index(chosen), (z0, value, slope))
    for column, chart in zip(st.columns(2), panels, strict=True):
        with column:
            charts.draw(chart)
    charts.download(data, name="activations")
    m = st.columns(2)
    m[0].metric(f"φ({layout.num(z0)})", layout.num(value, 4))
    m[1].metric(f"φ′({layout.num(z0)})", layout.num(slope, 4))
    st.caption(t(f"{PAGE}.activations.caption"))


# --- Depth against width ------------------------------------------------------------------------


@demo("depth")
def depth_against_width(snippet: Snippet) -> None:
    k = st.slider(
        t(f"{PAGE}.depth.layers"), 1, 8, 3, key="dw_depth", bind="query-params", help=t(f"{PAGE}.depth.layers_help")
    )
    net = snippet("net", approximation.tent_network, k, note="k layers of 2 ReLU units, each a tent map")
    x = snippet("x", np.linspace, 0.0, 1.0, 2049)
    X = snippet("X", np.reshape, x, (-1, 1))
    y = snippet("y", mlp.predict, net, X)
    pieces = snippet("pieces", approximation.linear_pieces, net, x, note="counted where the slope changes")
    # 1 to 8 layers make 2 to 256 pieces; the guess counts only when exact
    question = predict.Question(t(f"{PAGE}.depth.predict"), 1, 2**8, 1, close=0, digits=0)
    if not predict.first(PAGE, "dw", question, pieces, snippet.code()):
        return
    units = snippet("units", approximation.shallow_units_for, pieces, note="one layer needs a unit per kink")
    deep = snippet("deep", approximation.parameter_count, net.sizes)
    shallow = snippet("shallow", approximation.parameter_count, (1, units, 1))
    costs = snippet("costs", approximation.depth_costs, 10, note="the same for 1 to 10 layers")
    left, right = st.columns(2)
    with left:
        charts.show(*figures.sawtooth(x, y, layers=k, pieces=pieces), name="deep_sawtooth")
    with right:
        charts.show(*figures.depth_costs(costs.pieces, costs.deep, costs.shallow, pieces), name="depth_against_width")
    m = st.columns(3)
    m[0].metric(t(f"{PAGE}.depth.pieces"), pieces)
    m[1].metric(t(f"{PAGE}.depth.deep_parameters"), deep)
    m[2].metric(t(f"{PAGE}.depth.shallow_parameters"), shallow)
    st.caption(t(f"{PAGE}.depth.caption", layers=k, deep=deep, shallow=shallow))


layout.lesson(
    PAGE,
    formulas=FORMULAS,
    demos=[universal_approximation, playground, convolutional_network, activation_functions, depth_against_width],
    code=[
        mlp.gradients,
        training.train,
        cnn.im2col,
        cnn.backprop,
        approximation.hidden_contributions,
        activations.relu,
        activations.relu_grad,
        approximation.tent_network,
    ],
)
