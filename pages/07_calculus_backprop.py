"""7. Calculus: derivatives, integrals, the chain rule and backpropagation."""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from mathdl import MathDLError, autodiff, calculus, expressions
from ui import charts, layout, state
from ui.i18n import t

PAGE = "calculus"
WINDOW = (-5.0, 5.0)  # the x range of the derivative demo
HEIGHT = 400  # pixels for a chart with its title, axes and legend: the plot gets what is left

layout.header(PAGE)

layout.formulas(
    PAGE,
    {
        "derivative": r"f'(x_0) = \lim_{h \to 0} \frac{f(x_0 + h) - f(x_0)}{h} \approx \frac{f(x_0 + h) - f(x_0 - h)}{2h}",
        "integral": r"\int_a^b f(x)\,dx \approx \sum_{i=1}^{n} f(x_i)\,\Delta x, \qquad \Delta x = \frac{b - a}{n}, \qquad \mathbb{E}[f(U)] = \frac{1}{b - a}\int_a^b f(x)\,dx",
        "chain": r"\frac{\partial L}{\partial w} = \frac{\partial L}{\partial a}\cdot\frac{\partial a}{\partial z}\cdot\frac{\partial z}{\partial w}, \qquad z = wx + b,\; a = \sigma(z)",
        "vanishing": r"\frac{\partial L}{\partial \mathbf{h}_{l}} = W_l^\top\Big(\varphi'(\mathbf{z}_l) \odot \frac{\partial L}{\partial \mathbf{h}_{l+1}}\Big), \qquad \sigma'(z) \le \tfrac14",
    },
)

layout.section("explore")


def read_function(key: str, default: str) -> expressions.Node | None:
    """A function of x typed by the reader, read by the whitelist parser, or refused with a reason."""
    text = st.text_input(
        t(f"{PAGE}.function"),
        default,
        max_chars=expressions.MAX_LENGTH,
        key=key,
        bind="query-params",
        help=t(f"{PAGE}.function_help"),
    )
    try:
        return expressions.parse(text)
    except MathDLError as error:
        layout.error(error)
        return None


def values(f: expressions.Node, x: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        return expressions.evaluate(f, x)


def curve_frame(x: np.ndarray, y: np.ndarray, **labels: object) -> pd.DataFrame:
    """Points of a curve; where y is not finite the curve breaks into pieces, drawn apart."""
    finite = np.isfinite(y)
    return pd.DataFrame({"x": x, "y": np.where(finite, y, np.nan), "piece": np.cumsum(~finite), **labels})[finite]


def y_scale(y: np.ndarray) -> alt.Scale:
    """A y-axis that shows the shape of f, not its one huge value near a pole."""
    finite = y[np.isfinite(y)]
    low, high = np.percentile(finite, [2, 98]) if len(finite) else (-1.0, 1.0)
    pad = max(high - low, 1e-9) * 0.15
    return alt.Scale(domain=[float(low - pad), float(high + pad)], nice=False)


def gaps_notice(y: np.ndarray) -> None:
    if not np.all(np.isfinite(y)):
        st.info(t(f"{PAGE}.gaps"), icon=":material/info:")


# --- 1. The derivative as a slope ---------------------------------------------------------------------


@st.fragment
def derivative_demo() -> None:
    layout.demo(PAGE, "derivative")
    c1, c2 = st.columns([3, 2])
    with c1:
        f = read_function("cal_f", "sin(x) * x^2")
    x0 = c2.slider("x₀", *WINDOW, 1.0, 0.05, key="cal_x0", bind="query-params", help=t(f"{PAGE}.derivative.x0_help"))
    if f is None:
        return
    x = np.linspace(*WINDOW, 801)
    y = values(f, x)
    fx0, slope = float(values(f, np.array(x0))), expressions.derivative(f, x0)
    gaps_notice(y)
    if not np.isfinite(fx0) or not np.isfinite(slope):
        st.warning(t(f"{PAGE}.derivative.undefined", x0=layout.num(x0)), icon=":material/warning:")
    left, right = st.columns(2)
    with left:
        scale = y_scale(y)
        frame = curve_frame(x, y)
        line = (
            alt.Chart(frame)
            .mark_line(color=charts.PALETTE[0], strokeWidth=2.5, clip=True)
            .encode(x=alt.X("x:Q", title="x"), y=alt.Y("y:Q", title="f(x)", scale=scale), detail="piece:N")
        )
        layers = line
        if np.isfinite(fx0) and np.isfinite(slope):
            near = np.linspace(x0 - 1.5, x0 + 1.5, 2)
            tangent = pd.DataFrame({"x": near, "y": fx0 + slope * (near - x0)})
            layers += (
                alt.Chart(tangent)
                .mark_line(color=charts.PALETTE[3], strokeWidth=2, strokeDash=[6, 3], clip=True)
                .encode(x="x:Q", y="y:Q")
            )
            layers += (
                alt.Chart(pd.DataFrame({"x": [x0], "y": [fx0]}))
                .mark_point(size=140, filled=True, opacity=1, color=charts.PALETTE[3])
                .encode(x="x:Q", y="y:Q", tooltip=[alt.Tooltip("x:Q", format=".3g"), alt.Tooltip("y:Q", format=".4g")])
            )
        charts.show(
            layers.properties(title=t(f"{PAGE}.derivative.curve_title"), height=HEIGHT),
            frame.drop(columns="piece"),
            name="function",
        )
    if not (np.isfinite(fx0) and np.isfinite(slope)):
        return
    errors = calculus.difference_errors(lambda v: values(f, v), x0, slope, np.logspace(-16, 0, 65))
    with right:
        names = {"forward": t(f"{PAGE}.derivative.forward"), "central": t(f"{PAGE}.derivative.central")}
        frame = pd.concat(
            [pd.DataFrame({"h": errors.h, "error": getattr(errors, k), "quotient": v}) for k, v in names.items()]
        )
        shown = frame[(frame.error > 0) & np.isfinite(frame.error)]
        chart = (
            alt.Chart(shown)
            .mark_line(point=True, strokeWidth=2)
            .encode(
                x=alt.X(
                    "h:Q", scale=alt.Scale(type="log"), title=t(f"{PAGE}.derivative.h_axis"), axis=alt.Axis(format="~e")
                ),
                y=alt.Y(
                    "error:Q",
                    scale=alt.Scale(type="log"),
                    title=t(f"{PAGE}.derivative.error_axis"),
                    axis=alt.Axis(format="~e"),
                ),
                color=alt.Color(
                    "quotient:N",
                    scale=charts.colors(list(names.values())),
                    title=None,
                    legend=alt.Legend(orient="bottom"),
                ),
                tooltip=["quotient:N", alt.Tooltip("h:Q", format=".1e"), alt.Tooltip("error:Q", format=".2e")],
            )
        )
        charts.show(
            chart.properties(title=t(f"{PAGE}.derivative.error_title"), height=HEIGHT), frame, name="difference_errors"
        )
    m = st.columns(4)
    m[0].metric(f"f({layout.num(x0)})", layout.num(fx0, 5))
    m[1].metric(t(f"{PAGE}.derivative.exact"), layout.num(slope, 6))
    m[2].metric(t(f"{PAGE}.derivative.best_forward"), f"{errors.best_forward:.0e}")
    m[3].metric(t(f"{PAGE}.derivative.best_central"), f"{errors.best_central:.0e}")
    h = 0.1
    after, before = (float(values(f, np.array(x0 + s * h))) for s in (1, -1))
    quotient = float(calculus.central_difference(lambda v: values(f, v), x0, h))
    st.latex(  # one step per line, so that a phone's width holds it
        rf"\begin{{aligned}} f'({layout.tex_num(x0)}) &\approx \frac{{f({layout.tex_num(x0 + h)}) - f({layout.tex_num(x0 - h)})}}{{2 \cdot {h}}}"
        rf" \\ &= \frac{{{layout.tex_num(after, 5)} - ({layout.tex_num(before, 5)})}}{{{2 * h}}} = {layout.tex_num(quotient, 5)}"
        rf" \\ f'({layout.tex_num(x0)}) &= {layout.tex_num(slope, 5)} \end{{aligned}}"
    )
    st.caption(t(f"{PAGE}.derivative.caption"))
    layout.reproduce(
        "import numpy as np\nfrom mathdl.calculus import difference_errors\nfrom mathdl.expressions import derivative, evaluate, parse\n"
        f"f = parse({st.session_state['cal_f']!r})\n"
        f"slope = derivative(f, {x0:g})   # exact, by automatic differentiation\n"
        f"difference_errors(lambda x: evaluate(f, x), {x0:g}, slope, np.logspace(-16, 0, 65))"
    )


# --- 2. The integral as an area --------------------------------------------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def error_curves(text: str, a: float, b: float, seed: int) -> tuple[np.ndarray, dict[str, np.ndarray], float]:
    f = expressions.parse(text)
    ns = np.unique(np.round(np.logspace(0, 4, 25)).astype(int))
    exact = calculus.reference_integral(lambda v: values(f, v), a, b)
    return ns, calculus.convergence(lambda v: values(f, v), a, b, ns, np.random.default_rng(seed)), exact


@st.fragment
def integral_demo() -> None:
    layout.demo(PAGE, "integral")
    c1, c2, c3 = st.columns([3, 1, 1])
    with c1:
        f = read_function("int_f", "exp(-x^2)")
    a = c2.number_input("a", -20.0, 20.0, -2.0, 0.5, key="int_a", bind="query-params")
    b = c3.number_input("b", -20.0, 20.0, 2.0, 0.5, key="int_b", bind="query-params")
    c1, c2, c3 = st.columns([2, 3, 1])
    with c1:
        rule = state.choice(t(f"{PAGE}.integral.rule"), calculus.RULES, key="int_rule", section=f"{PAGE}.rules")
    n = c2.slider(
        t(f"{PAGE}.integral.n"), 1, 100, 6, key="int_n", bind="query-params", help=t(f"{PAGE}.integral.n_help")
    )
    with c3:
        seed = layout.seed("int_seed")
    if f is None:
        return
    try:
        piece = calculus.approximant(lambda v: values(f, v), a, b, n, rule, np.random.default_rng(seed))
    except MathDLError as error:
        layout.error(error)
        return
    ns, errors, exact = error_curves(st.session_state["int_f"], a, b, seed)
    x = np.linspace(a, b, 401)
    y = values(f, x)
    gaps_notice(y)
    if not np.isfinite(exact):
        st.warning(t(f"{PAGE}.integral.improper"), icon=":material/warning:")
        return
    left, right = st.columns(2)
    with left:
        scale = y_scale(np.concatenate([y, [0.0]]))
        frame = curve_frame(x, y)
        if rule in ("left", "midpoint"):  # strips; an area would join the steps' vertical edges in any order
            strips = pd.DataFrame({"x": piece.x[0::2], "x2": piece.x[1::2], "y": piece.y[0::2], "zero": 0.0})
            shade = (
                alt.Chart(strips)
                .mark_rect(color=charts.PALETTE[1], opacity=0.45, stroke=charts.PALETTE[1], clip=True)
                .encode(x="x:Q", x2="x2:Q", y=alt.Y("y:Q", scale=scale), y2="zero:Q")
            )
        else:
            area = pd.DataFrame({"x": piece.x, "y": piece.y})
            shade = (
                alt.Chart(area)
                .mark_area(color=charts.PALETTE[1], opacity=0.45, line={"color": charts.PALETTE[1]}, clip=True)
                .encode(x="x:Q", y=alt.Y("y:Q", scale=scale))
            )
        line = (
            alt.Chart(frame)
            .mark_line(color=charts.PALETTE[0], strokeWidth=2.5, clip=True)
            .encode(x=alt.X("x:Q", title="x"), y=alt.Y("y:Q", title="f(x)", scale=scale), detail="piece:N")
        )
        nodes = pd.DataFrame({"x": piece.nodes_x, "y": piece.nodes_y})
        dots = (
            alt.Chart(nodes)
            .mark_point(filled=True, size=40, opacity=0.9, color=charts.PALETTE[3], clip=True)
            .encode(x="x:Q", y="y:Q", tooltip=[alt.Tooltip("x:Q", format=".3g"), alt.Tooltip("y:Q", format=".4g")])
        )
        title = t(f"{PAGE}.integral.area_title", rule=t(f"{PAGE}.rules.{rule}"), n=n)
        charts.show(
            (shade + line + dots).properties(title=title, height=HEIGHT),
            nodes.rename(columns={"y": "f(x)"}),
            name="integration_nodes",
        )
    with right:
        names = {r: t(f"{PAGE}.rules.{r}") for r in calculus.RULES}
        frame = pd.concat([pd.DataFrame({"n": ns, "error": e, "rule": names[r]}) for r, e in errors.items()])
        shown = frame[frame.error > 0]
        chart = (
            alt.Chart(shown)
            .mark_line(point=True, strokeWidth=2)
            .encode(
                x=alt.X("n:Q", scale=alt.Scale(type="log"), title="n"),
                y=alt.Y(
                    "error:Q",
                    scale=alt.Scale(type="log"),
                    title=t(f"{PAGE}.integral.error_axis"),
                    axis=alt.Axis(format="~e"),
                ),
                color=alt.Color(
                    "rule:N",
                    scale=charts.colors(list(names.values())),
                    title=None,
                    legend=alt.Legend(orient="bottom", columns=3, labelLimit=200),
                ),
                tooltip=["rule:N", "n:Q", alt.Tooltip("error:Q", format=".2e")],
            )
        )
        now = alt.Chart(pd.DataFrame({"n": [n]})).mark_rule(color=charts.NEUTRAL, strokeDash=[6, 4]).encode(x="n:Q")
        charts.show(
            (chart + now).properties(title=t(f"{PAGE}.integral.error_title"), height=HEIGHT),
            frame,
            name="integration_errors",
        )
    m = st.columns(4)
    m[0].metric(t(f"{PAGE}.integral.estimate"), layout.num(piece.estimate, 8))
    m[1].metric(t(f"{PAGE}.integral.reference"), layout.num(exact, 10))
    m[2].metric(t(f"{PAGE}.integral.error"), f"{abs(piece.estimate - exact):.2e}")
    m[3].metric(t(f"{PAGE}.integral.expectation"), layout.num(exact / (b - a), 6))
    st.caption(t(f"{PAGE}.integral.caption"))
    layout.reproduce(
        "import numpy as np\nfrom mathdl.calculus import integrate, reference_integral\nfrom mathdl.expressions import evaluate, parse\n"
        f"f = parse({st.session_state['int_f']!r})\n"
        f"integrate(lambda x: evaluate(f, x), {a:g}, {b:g}, {n}, {rule!r}, np.random.default_rng({seed}))\n"
        f"reference_integral(lambda x: evaluate(f, x), {a:g}, {b:g})"
    )


# --- 3. Backpropagation on a computational graph ----------------------------------------------------------


def graph_chart(nodes: list[autodiff.Value], edges: list[tuple[int, int]]) -> tuple[alt.LayerChart, pd.DataFrame]:
    """Inputs on the left, the loss on the right: each node one column further than its furthest input."""
    column = [0] * len(nodes)
    for i, j in edges:  # edges come in topological order of their outputs
        column[j] = max(column[j], column[i] + 1)
    row = [sum(1 for k in range(i) if column[k] == column[i]) for i in range(len(nodes))]
    frame = pd.DataFrame(
        {
            "node": [n.label for n in nodes],
            "value": [n.data for n in nodes],
            "grad": [n.grad for n in nodes],
            "x": column,
            "y": [r - (column.count(c) - 1) / 2 for r, c in zip(row, column)],
        }
    )
    frame["text"] = [f"{n} = {layout.num(v, 4)}" for n, v in zip(frame.node, frame.value)]
    frame["grad_text"] = [
        f"∂L/∂{n} = {layout.num(g, 3)}" if n != "L" else "∂L/∂L = 1" for n, g in zip(frame.node, frame.grad)
    ]
    lines = pd.DataFrame([{"x": frame.x[i], "y": frame.y[i], "x2": frame.x[j], "y2": frame.y[j]} for i, j in edges])
    rows = max(column.count(c) for c in set(column))
    scale_x = alt.Scale(domain=[-0.5, max(column) + 0.5], nice=False)
    scale_y = alt.Scale(domain=[-rows / 2, rows / 2], nice=False)
    arrows = (
        alt.Chart(lines)
        .mark_rule(color=charts.NEUTRAL, strokeWidth=2)
        .encode(
            x=alt.X("x:Q", scale=scale_x, axis=None), y=alt.Y("y:Q", scale=scale_y, axis=None), x2="x2:Q", y2="y2:Q"
        )
    )
    base = alt.Chart(frame).encode(x=alt.X("x:Q", scale=scale_x), y=alt.Y("y:Q", scale=scale_y))
    # Light boxes with black text, as in ui.charts.matrix_heatmap: readable in both themes.
    boxes = (
        base.transform_calculate(
            left="datum.x - 0.42", right="datum.x + 0.42", top="datum.y + 0.36", bottom="datum.y - 0.36"
        )
        .mark_rect(color="#F3F3F3", stroke=charts.PALETTE[0], strokeWidth=2, cornerRadius=6)
        .encode(
            x="left:Q",
            x2="right:Q",
            y="bottom:Q",
            y2="top:Q",
            tooltip=[
                "node:N",
                alt.Tooltip("value:Q", format=".6g"),
                alt.Tooltip("grad:Q", format=".6g", title="∂L/∂node"),
            ],
        )
    )
    value = base.mark_text(fontSize=13, fontWeight="bold", color="black", dy=-9).encode(text="text:N")
    grad = base.mark_text(fontSize=12, color="#B34700", dy=10).encode(text="grad_text:N")
    chart = (arrows + boxes + value + grad).properties(height=110 * rows + 40).configure_view(stroke=None)
    return chart, frame[["node", "value", "grad"]]


@st.fragment
def backprop_demo() -> None:
    layout.demo(PAGE, "backprop")
    c = st.columns(5)
    w = c[0].slider("w", -3.0, 3.0, 0.8, 0.1, key="bp_w", bind="query-params")
    b = c[1].slider("b", -3.0, 3.0, -0.2, 0.1, key="bp_b", bind="query-params")
    x = c[2].slider("x", -2.0, 2.0, 1.5, 0.1, key="bp_x", bind="query-params")
    y = c[3].radio(t(f"{PAGE}.backprop.label"), [1, 0], key="bp_y", bind="query-params", horizontal=True)
    with c[4]:
        loss = state.choice(
            t(f"{PAGE}.backprop.loss"), autodiff.LOSSES, key="bp_loss", section=f"{PAGE}.losses", widget=st.radio
        )
    L = autodiff.neuron(w, b, x, y, loss)
    L.backward()
    nodes, edges = autodiff.trace(L, named_only=True)
    chart, frame = graph_chart(nodes, edges)
    charts.show(chart.properties(title=t(f"{PAGE}.backprop.graph_title")), frame, name="computational_graph")
    chain = autodiff.neuron_chain_rule(w, b, x, y, loss)
    st.latex(
        r"\frac{\partial L}{\partial w} = \underbrace{"
        + layout.tex_num(chain.dL_da, 4)
        + r"}_{\partial L/\partial a}\cdot\underbrace{"
        + layout.tex_num(chain.da_dz, 4)
        + r"}_{\partial a/\partial z}\cdot\underbrace{"
        + layout.tex_num(chain.dz_dw, 4)
        + r"}_{\partial z/\partial w} = "
        + layout.tex_num(chain.dL_dw, 5)
    )
    by_name = {n.label: n for n in nodes}
    numeric = calculus.numeric_gradient(lambda w, b: autodiff.neuron(w, b, x, y, loss).data, {"w": w, "b": b})
    check = pd.DataFrame(
        {
            t(f"{PAGE}.backprop.parameter"): ["w", "b"],
            t(f"{PAGE}.backprop.by_backprop"): [by_name["w"].grad, by_name["b"].grad],
            t(f"{PAGE}.backprop.by_differences"): [numeric["w"], numeric["b"]],
        }
    )
    check[t(f"{PAGE}.backprop.difference")] = [abs(by_name[p].grad - numeric[p]) for p in ("w", "b")]
    layout.table(check, "{:.3e}")
    st.caption(t(f"{PAGE}.backprop.caption"))
    layout.reproduce(
        "from mathdl.autodiff import neuron, trace\n"
        f"L = neuron(w={w:g}, b={b:g}, x={x:g}, y={y}, loss={loss!r})\n"
        "L.backward()\n"
        "[(node.label, node.data, node.grad) for node in trace(L, named_only=True)[0]]"
    )


# --- 4. Vanishing gradients ---------------------------------------------------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def gradient_norms(depth: int, width: int, seed: int) -> dict[str, np.ndarray]:
    return {
        name: calculus.gradient_norms(depth, width, name, np.random.default_rng(seed))
        for name in calculus.ACTIVATION_SLOPES
    }


@st.fragment
def vanishing_demo() -> None:
    layout.demo(PAGE, "vanishing")
    c1, c2, c3 = st.columns([2, 2, 1])
    depth = c1.slider(t(f"{PAGE}.vanishing.depth"), 2, 60, 20, key="van_depth", bind="query-params")
    width = c2.slider(t(f"{PAGE}.vanishing.width"), 8, 256, 64, 8, key="van_width", bind="query-params")
    with c3:
        seed = layout.seed("van_seed")
    norms = gradient_norms(depth, width, seed)
    names = {k: t(f"{PAGE}.activations.{k}") for k in norms}
    frame = pd.concat(
        [pd.DataFrame({"layer": np.arange(1, depth + 1), "norm": v, "activation": names[k]}) for k, v in norms.items()]
    )
    chart = (
        alt.Chart(frame[frame.norm > 0])
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X("layer:Q", title=t(f"{PAGE}.vanishing.layer_axis"), scale=alt.Scale(domain=[1, depth])),
            y=alt.Y(
                "norm:Q",
                scale=alt.Scale(type="log"),
                title=t(f"{PAGE}.vanishing.norm_axis"),
                axis=alt.Axis(format="~e"),
            ),
            color=alt.Color(
                "activation:N",
                scale=charts.colors(list(names.values())),
                title=None,
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["activation:N", "layer:Q", alt.Tooltip("norm:Q", format=".2e")],
        )
    )
    charts.show(
        chart.properties(title=t(f"{PAGE}.vanishing.chart_title", depth=depth), height=HEIGHT),
        frame,
        name="gradient_norms",
    )
    m = st.columns(3)
    for column, (k, v) in zip(m, norms.items()):
        # A layer whose units are all switched off passes no gradient: 0 below it, and 0/0 if it is the last.
        column.metric(t(f"{PAGE}.vanishing.ratio", activation=names[k]), f"{v[0] / v[-1]:.1e}" if v[-1] > 0 else "—")
    for k, v in norms.items():
        if v[0] == 0:  # the zeros run from the input side up to the layer that passed none
            st.info(t(f"{PAGE}.vanishing.dead", activation=names[k], layers=int(np.sum(v == 0))))
    st.caption(t(f"{PAGE}.vanishing.caption"))
    layout.reproduce(
        f"import numpy as np\nfrom mathdl.calculus import gradient_norms\ngradient_norms({depth}, {width}, 'sigmoid', np.random.default_rng({seed}))"
    )


derivative_demo()
st.divider()
integral_demo()
st.divider()
backprop_demo()
st.divider()
vanishing_demo()

layout.source_code(
    [
        expressions.parse,
        autodiff.Value.backward,
        autodiff.Value.sigmoid,
        calculus.central_difference,
        calculus.integrate,
        calculus.gradient_norms,
    ]
)
layout.quiz(PAGE)
