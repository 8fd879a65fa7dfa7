"""7. Calculus: derivatives, integrals, the chain rule and backpropagation."""

import numpy as np
import streamlit as st

from mathdl import MathDLError, autodiff, calculus, chain_rule, expressions, integration
from ui import charts, layout, state
from ui.demo import demo
from ui.figures import calculus as figures
from ui.i18n import t
from ui.snippet import Snippet
from ui.stepper import SPEEDS, Stepper

PAGE = "calculus"
WINDOW = (-5.0, 5.0)  # the x range of the derivative demo
H = 0.1  # the step of the central difference written out in numbers

FORMULAS = {
    "derivative": r"f'(x_0) = \lim_{h \to 0} \frac{f(x_0 + h) - f(x_0)}{h} "
    r"\approx \frac{f(x_0 + h) - f(x_0 - h)}{2h}",
    "integral": r"\int_a^b f(x)\,dx \approx \sum_{i=1}^{n} f(x_i)\,\Delta x, \qquad \Delta x = \frac{b - a}{n}, "
    r"\qquad \mathbb{E}[f(U)] = \frac{1}{b - a}\int_a^b f(x)\,dx",
    "chain": r"\frac{\partial L}{\partial w} = \frac{\partial L}{\partial a}\cdot\frac{\partial a}{\partial z}"
    r"\cdot\frac{\partial z}{\partial w}, \qquad z = wx + b,\; a = \sigma(z)",
    "vanishing": r"\frac{\partial L}{\partial \mathbf{h}_{l}} = W_l^\top\Big(\varphi'(\mathbf{z}_l) \odot "
    r"\frac{\partial L}{\partial \mathbf{h}_{l+1}}\Big), \qquad \sigma'(z) \le \tfrac14",
}


def read_function(snippet: Snippet, key: str, default: str) -> expressions.Node | None:
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
        return snippet("f", expressions.parse, text, note="a tree, never eval: f(x) evaluates it")
    except MathDLError as error:
        layout.error(error)
        return None


def gaps_notice(y: np.ndarray) -> None:
    if not np.isfinite(y).all():
        st.info(t(f"{PAGE}.gaps"), icon=":material/info:")


# --- The derivative as a slope ----------------------------------------------------------------


@demo("derivative")
def derivative(snippet: Snippet) -> None:
    c1, c2 = st.columns([3, 2])
    with c1:
        f = read_function(snippet, "cal_f", "sin(x) * x^2")
    x0 = c2.slider("x₀", *WINDOW, 1.0, 0.05, key="cal_x0", bind="query-params", help=t(f"{PAGE}.derivative.x0_help"))
    if f is None:
        return
    x = snippet("x", np.linspace, *WINDOW, 801)
    y = snippet("y", expressions.evaluate, f, x)
    touch = snippet("tangent", calculus.tangent, f, x0, note="f(x₀), and f'(x₀) exactly, by automatic differentiation")
    gaps_notice(y)
    if not touch.defined:
        st.warning(t(f"{PAGE}.derivative.undefined", x0=layout.num(x0)), icon=":material/warning:")
    left, right = st.columns(2)
    with left:
        charts.show(*figures.tangent(x, y, touch), name="function")
    if not touch.defined:
        return
    h = snippet("h", np.logspace, -16, 0, 65)
    errors = snippet("errors", calculus.difference_errors, f, x0, h, note="|quotient − f'(x₀)| at every step h")
    with right:
        charts.show(*figures.difference_errors(errors), name="difference_errors")
    m = st.columns(4)
    m[0].metric(f"f({layout.num(x0)})", layout.num(touch.value, 5))
    m[1].metric(t(f"{PAGE}.derivative.exact"), layout.num(touch.slope, 6))
    best_forward, best_central = f"{errors.best_forward:.0e}", f"{errors.best_central:.0e}"
    m[2].metric(t(f"{PAGE}.derivative.best_forward"), best_forward)
    m[3].metric(t(f"{PAGE}.derivative.best_central"), best_central)
    step = snippet("step", calculus.central_step, f, x0, H)
    st.latex(central_step_tex(step, touch))
    st.caption(t(f"{PAGE}.derivative.caption", forward=best_forward, central=best_central))


def central_step_tex(step: calculus.CentralStep, touch: calculus.Tangent) -> str:
    """The central quotient at x₀ with its numbers, then the exact slope: one step per line, for a phone."""
    tex, x0 = layout.tex_num, touch.x0
    return (
        rf"\begin{{aligned}} f'({tex(x0)}) &\approx \frac{{f({tex(step.x_ahead)}) - f({tex(step.x_behind)})}}"
        rf"{{2 \cdot {step.h}}} \\ &= \frac{{{tex(step.ahead, 5)} - ({tex(step.behind, 5)})}}{{{2 * step.h}}}"
        rf" = {tex(step.quotient, 5)} \\ f'({tex(x0)}) &= {tex(touch.slope, 5)} \end{{aligned}}"
    )


# --- The integral as an area ------------------------------------------------------------------


def integral_controls(
    snippet: Snippet,
) -> tuple[expressions.Node | None, float, float, str, int, np.random.Generator]:
    """The function, the interval [a, b], the rule, the number of pieces and the random numbers."""
    c1, c2, c3 = st.columns([3, 1, 1])
    with c1:
        f = read_function(snippet, "int_f", "exp(-x^2)")
    a = c2.number_input("a", -20.0, 20.0, -2.0, 0.5, key="int_a", bind="query-params")
    b = c3.number_input("b", -20.0, 20.0, 2.0, 0.5, key="int_b", bind="query-params")
    c1, c2, c3 = st.columns([2, 3, 1])
    with c1:
        rule = state.choice(t(f"{PAGE}.integral.rule"), integration.RULES, key="int_rule", section=f"{PAGE}.rules")
    n = c2.slider(
        t(f"{PAGE}.integral.n"), 1, 100, 6, key="int_n", bind="query-params", help=t(f"{PAGE}.integral.n_help")
    )
    with c3:
        rng = snippet.rng(layout.seed("int_seed"))
    return f, a, b, rule, n, rng


@demo("integral")
def integral(snippet: Snippet) -> None:
    f, a, b, rule, n, rng = integral_controls(snippet)
    if f is None:
        return
    try:
        curves = snippet(
            "curves", integration.convergence, f, a, b, rng, cache=True, note="every rule's error for n = 1 … 10⁴"
        )
        piece = snippet("piece", integration.approximant, f, a, b, n, rule, rng, note="what the rule integrates")
    except MathDLError as error:
        layout.error(error)
        return
    x = snippet("x", np.linspace, a, b, 401)
    y = snippet("y", expressions.evaluate, f, x)
    gaps_notice(y)
    if not np.isfinite(curves.reference):
        st.warning(t(f"{PAGE}.integral.improper"), icon=":material/warning:")
        return
    left, right = st.columns(2)
    with left:
        charts.show(*figures.integral(x, y, piece, rule, n), name="integration_nodes")
    with right:
        charts.show(*figures.integration_errors(curves, n), name="integration_errors")
    m = st.columns(4)
    m[0].metric(t(f"{PAGE}.integral.estimate"), layout.num(piece.estimate, 8))
    m[1].metric(t(f"{PAGE}.integral.reference"), layout.num(curves.reference, 10))
    m[2].metric(t(f"{PAGE}.integral.error"), f"{abs(piece.estimate - curves.reference):.2e}")
    m[3].metric(t(f"{PAGE}.integral.expectation"), layout.num(curves.mean, 6))
    st.caption(t(f"{PAGE}.integral.caption", pieces=f"{integration.REFERENCE_INTERVALS:,}"))


# --- Backpropagation on a computational graph -------------------------------------------------


def neuron_controls() -> tuple[float, float, float, int, str]:
    """The weight, the bias, the input, the label and the loss of the one neuron."""
    c = st.columns(5)
    w = c[0].slider("w", -3.0, 3.0, 0.8, 0.1, key="bp_w", bind="query-params")
    b = c[1].slider("b", -3.0, 3.0, -0.2, 0.1, key="bp_b", bind="query-params")
    x = c[2].slider("x", -2.0, 2.0, 1.5, 0.1, key="bp_x", bind="query-params")
    y = c[3].radio(t(f"{PAGE}.backprop.label"), [1, 0], key="bp_y", bind="query-params", horizontal=True)
    with c[4]:
        loss = state.choice(
            t(f"{PAGE}.backprop.loss"), autodiff.LOSSES, key="bp_loss", section=f"{PAGE}.losses", widget=st.radio
        )
    return w, b, x, y, loss


BACKPROP = Stepper("bp", frame=0.05, speeds=SPEEDS)  # forward node by node, then backward node by node


@demo("backprop", timer=BACKPROP.timer)
def backprop(snippet: Snippet) -> None:
    w, b, x, y, loss = neuron_controls()
    graph = snippet(
        "graph", autodiff.neuron_graph, w, b, x, y, loss, note="forward, then backward: each node's value and ∂L/∂node"
    )
    k = BACKPROP.frames(2 * len(graph.labels))
    factors = snippet(
        "factors", chain_rule.neuron_local_derivatives, w, b, x, y, loss, note="∂(output)/∂(input) per edge"
    )
    step = snippet("step", chain_rule.pass_step, graph, factors, k, note="what the pass has filled in at step k")
    left, right = st.columns([5, 6])
    with left:
        charts.show(*figures.computational_graph(graph, step), name="computational_graph", width="content")
    with right:
        pass_step_text(graph, step, k)
    chain = snippet("chain", autodiff.neuron_chain_rule, w, b, x, y, loss, note="the three local derivatives by hand")
    check = snippet(
        "check",
        calculus.gradient_check,
        autodiff.neuron,
        {"w": w, "b": b},
        x=x,
        y=y,
        loss=loss,
        note="backpropagation against central differences",
    )
    with right:
        st.latex(chain_rule_tex(chain))
        layout.table(figures.gradient_check(check), "{:.3e}")
        st.caption(t(f"{PAGE}.backprop.caption", difference=f"{check.largest_difference:.1e}"))
    BACKPROP.settle()


def pass_step_text(graph: autodiff.Graph, step: chain_rule.PassStep, k: int) -> None:
    """What step k of the pass computes, in words, and for a backward step its chain-rule sum with numbers."""
    if step.node is None:
        st.info(t(f"{PAGE}.steps.start", last=2 * len(graph.labels)), icon=":material/play_arrow:")
        return
    node, num = graph.labels[step.node], layout.num
    if step.phase == "forward":
        inputs = ", ".join(f"{graph.labels[i]} = {num(graph.data[i], 4)}" for i in step.links)
        key = "forward" if step.links else "forward_input"
        op = graph.ops[step.node]
        st.info(t(f"{PAGE}.steps.{key}", k=k, node=node, value=num(graph.data[step.node], 4), op=op, inputs=inputs))
        return
    st.info(t(f"{PAGE}.steps.backward" if step.links else f"{PAGE}.steps.backward_root", k=k, node=node))
    st.latex(backward_tex(graph, step))


def backward_tex(graph: autodiff.Graph, step: chain_rule.PassStep) -> str:
    """∂L/∂node = Σ ∂c/∂node · ∂L/∂c over the nodes c it feeds, each factor labelled, and its value."""
    tex = layout.tex_num
    label = lambda i: rf"\text{{{graph.labels[i] if ' ' not in graph.labels[i] else f'({graph.labels[i]})'}}}"
    node = label(step.node)
    terms = [
        rf"\underbrace{{{tex(f, 4)}}}_{{\partial {label(c)}/\partial {node}}}"
        rf"\cdot\underbrace{{{tex(graph.grad[c], 4)}}}_{{\partial L/\partial {label(c)}}}"
        for c, f in zip(step.links, step.factors, strict=True)
    ]
    return rf"\frac{{\partial L}}{{\partial {node}}} = {' + '.join(terms) or '1'} = {tex(graph.grad[step.node], 5)}"


def chain_rule_tex(chain: autodiff.ChainRule) -> str:
    """∂L/∂w as the product of its three factors, each labelled, with their numbers."""
    tex = layout.tex_num
    return (
        rf"\frac{{\partial L}}{{\partial w}} = \underbrace{{{tex(chain.dL_da, 4)}}}_{{\partial L/\partial a}}"
        rf"\cdot\underbrace{{{tex(chain.da_dz, 4)}}}_{{\partial a/\partial z}}"
        rf"\cdot\underbrace{{{tex(chain.dz_dw, 4)}}}_{{\partial z/\partial w}} = {tex(chain.dL_dw, 5)}"
    )


# --- Vanishing gradients ----------------------------------------------------------------------


@demo("vanishing")
def vanishing(snippet: Snippet) -> None:
    c1, c2, c3 = st.columns([2, 2, 1])
    depth = c1.slider(t(f"{PAGE}.vanishing.depth"), 2, 60, 20, key="van_depth", bind="query-params")
    width = c2.slider(t(f"{PAGE}.vanishing.width"), 8, 256, 64, 8, key="van_width", bind="query-params")
    with c3:
        rng = snippet.rng(layout.seed("van_seed"))
    flow = snippet(
        "flow", calculus.vanishing_gradients, depth, width, rng, cache=True, note="one network, three activations"
    )
    charts.show(*figures.gradient_norms(flow), name="gradient_norms")
    names = {k: t(f"{PAGE}.activations.{k}") for k in flow.norms}
    for column, (k, shrink) in zip(st.columns(len(names)), flow.shrink.items(), strict=True):
        # A layer whose units are all switched off passes no gradient: 0 below it, and 0/0 if it is the last.
        column.metric(
            t(f"{PAGE}.vanishing.ratio", activation=names[k]), f"{shrink:.1e}" if np.isfinite(shrink) else "—"
        )
    for k, silent in flow.silent.items():
        if silent:  # the zeros run from the input side up to the layer that passed none
            st.info(t(f"{PAGE}.vanishing.dead", activation=names[k], layers=silent))
    st.caption(t(f"{PAGE}.vanishing.caption"))


layout.lesson(
    PAGE,
    formulas=FORMULAS,
    demos=[derivative, integral, backprop, vanishing],
    code=[
        expressions.parse,
        calculus.tangent,
        calculus.central_difference,
        integration.integrate,
        autodiff.Value.backward,
        autodiff.Value.sigmoid,
        calculus.gradient_check,
        calculus.gradient_norms,
    ],
)
