"""6. Information theory and decision theory: entropy, cross-entropy, KL, and the cost of a decision."""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from mathdl import MathDLError, activations, information
from ui import charts, layout
from ui.i18n import t

PAGE = "information"

layout.header(PAGE)

layout.formulas(
    PAGE,
    {
        "entropy": r"H(p) = -\sum_i p_i \log_2 p_i, \qquad H(p, q) = -\sum_i p_i \log_2 q_i, \qquad \mathrm{KL}(p \,\|\, q) = \sum_i p_i \log_2 \frac{p_i}{q_i} = H(p, q) - H(p)",
        "softmax": r"\operatorname{softmax}(\mathbf{z}/T)_i = \frac{e^{z_i/T}}{\sum_j e^{z_j/T}}",
        "losses": r"\frac{\partial}{\partial z}\Big[-y\log\sigma(z) - (1-y)\log(1-\sigma(z))\Big] = \sigma(z) - y, \qquad \frac{\partial}{\partial z}(\sigma(z) - y)^2 = 2(\sigma(z) - y)\,\sigma(z)(1 - \sigma(z))",
        "risk": r"R(t) = \frac{1}{n}\big(C_\text{FP}\cdot\mathrm{FP}(t) + C_\text{FN}\cdot\mathrm{FN}(t)\big), \qquad t^{*} = \frac{C_\text{FP}}{C_\text{FP} + C_\text{FN}}",
    },
)

layout.section("explore")


def read_distribution(label: str, default: str, key: str, name: str) -> np.ndarray | None:
    """A distribution typed by the reader: parsed, normalised with a notice, or refused with a reason."""
    text = st.text_input(label, default, max_chars=120, key=key, bind="query-params", help=t(f"{PAGE}.weights_help"))
    try:
        p, rescaled = information.normalize(information.parse_weights(text, name), name)
    except MathDLError as error:
        layout.error(error)
        return None
    if rescaled:
        st.info(t(f"{PAGE}.normalised", name=name, values=", ".join(layout.num(v) for v in p)))
    return p


def bars(p: np.ndarray, *, title: str, color: str = charts.PALETTE[0]) -> tuple[alt.Chart, pd.DataFrame]:
    frame = pd.DataFrame({"outcome": np.arange(1, len(p) + 1), "probability": p})
    chart = (
        alt.Chart(frame)
        .mark_bar(color=color)
        .encode(
            x=alt.X("outcome:O", title=t(f"{PAGE}.outcome"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("probability:Q", title=t(f"{PAGE}.probability"), scale=alt.Scale(domain=[0, 1])),
            tooltip=["outcome:O", alt.Tooltip("probability:Q", format=".3f")],
        )
    )
    return chart.properties(title=title, height=260), frame


def bits(value: float) -> str:
    if np.isinf(value):
        return "∞"
    return t(f"{PAGE}.bit" if layout.num(value, 4) == "1" else f"{PAGE}.bits", value=layout.num(value, 4))


# --- 1. Entropy ---------------------------------------------------------------------------------


@st.fragment
def entropy_demo() -> None:
    layout.demo(PAGE, "entropy")
    left, right = st.columns(2)
    with left:
        p = read_distribution(t(f"{PAGE}.entropy.p"), "0.5, 0.25, 0.125, 0.125", "ent_p", "p")
        if p is not None:
            chart, frame = bars(p, title=t(f"{PAGE}.entropy.bars_title"))
            charts.show(chart, frame, name="distribution")
            m1, m2 = st.columns(2)
            m1.metric("H(p)", bits(information.entropy(p)))
            m2.metric(t(f"{PAGE}.entropy.max", k=len(p)), bits(np.log2(len(p))))
    with right:
        coin = st.slider(t(f"{PAGE}.entropy.coin"), 0.0, 1.0, 0.5, 0.01, key="ent_coin", bind="query-params")
        grid = np.linspace(0, 1, 201)
        curve = pd.DataFrame({"p": grid, "H": information.binary_entropy(grid)})
        line = (
            alt.Chart(curve)
            .mark_line(color=charts.PALETTE[0], strokeWidth=2.5)
            .encode(x=alt.X("p:Q", title="P(heads) = p"), y=alt.Y("H:Q", title=t(f"{PAGE}.entropy.h_axis")))
        )
        here = pd.DataFrame({"p": [coin], "H": information.binary_entropy([coin])})
        point = (
            alt.Chart(here)
            .mark_point(size=160, filled=True, color=charts.PALETTE[3])
            .encode(x="p:Q", y="H:Q", tooltip=[alt.Tooltip("H:Q", format=".4f")])
        )
        charts.show(
            (line + point).properties(title=t(f"{PAGE}.entropy.binary_title"), height=260), curve, name="binary_entropy"
        )
        st.metric(t(f"{PAGE}.entropy.coin_h", p=layout.num(coin)), bits(float(here.H[0])))
    st.caption(t(f"{PAGE}.entropy.caption"))
    layout.reproduce(
        "from mathdl.information import binary_entropy, entropy, normalize, parse_weights\n"
        f"entropy(normalize(parse_weights({st.session_state['ent_p']!r}))[0])\n"
        f"binary_entropy({coin:g})"
    )


# --- 2. Cross-entropy and KL divergence ----------------------------------------------------------


@st.fragment
def kl_demo() -> None:
    layout.demo(PAGE, "kl")
    c1, c2 = st.columns(2)
    with c1:
        p = read_distribution(t(f"{PAGE}.kl.p"), "0.5, 0.3, 0.2", "kl_p", "p")
    with c2:
        q = read_distribution(t(f"{PAGE}.kl.q"), "0.2, 0.5, 0.3", "kl_q", "q")
    if p is None or q is None:
        return
    try:
        kl_pq, kl_qp = information.kl_divergence(p, q), information.kl_divergence(q, p)
    except MathDLError as error:
        layout.error(error)
        return
    frame = pd.concat(
        [
            pd.DataFrame({"outcome": np.arange(1, len(p) + 1), "probability": p, "distribution": "p"}),
            pd.DataFrame({"outcome": np.arange(1, len(q) + 1), "probability": q, "distribution": "q"}),
        ]
    )
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("outcome:O", title=t(f"{PAGE}.outcome"), axis=alt.Axis(labelAngle=0)),
            xOffset="distribution:N",
            y=alt.Y("probability:Q", title=t(f"{PAGE}.probability"), scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(
                "distribution:N", scale=charts.colors(["p", "q"]), title=None, legend=alt.Legend(orient="bottom")
            ),
            tooltip=["distribution:N", "outcome:O", alt.Tooltip("probability:Q", format=".3f")],
        )
    )
    left, right = st.columns([3, 2])
    with left:
        charts.show(chart.properties(title=t(f"{PAGE}.kl.bars_title"), height=280), frame, name="p_and_q")
    with right:
        m1, m2 = st.columns(2)
        m1.metric("H(p)", bits(information.entropy(p)))
        m2.metric("H(p, q)", bits(information.cross_entropy(p, q)))
        m1.metric("KL(p ‖ q)", bits(kl_pq))
        m2.metric("KL(q ‖ p)", bits(kl_qp))
    for first, second, value in (("p", "q", kl_pq), ("q", "p", kl_qp)):
        if np.isinf(value):
            outcomes = information.impossible_outcomes(*((p, q) if first == "p" else (q, p)))
            st.warning(
                t(f"{PAGE}.kl.infinite", first=first, second=second, outcomes=", ".join(str(i + 1) for i in outcomes))
            )
    st.caption(t(f"{PAGE}.kl.caption"))
    layout.reproduce(
        "from mathdl.information import cross_entropy, kl_divergence\n"
        f"p, q = {[round(float(v), 6) for v in p]}, {[round(float(v), 6) for v in q]}\n"
        "cross_entropy(p, q), kl_divergence(p, q), kl_divergence(q, p)"
    )


# --- 3. Softmax with temperature -------------------------------------------------------------------


@st.fragment
def softmax_demo() -> None:
    layout.demo(PAGE, "softmax")
    c1, c2 = st.columns(2)
    text = c1.text_input(
        t(f"{PAGE}.softmax.logits"),
        "2, 1, 0.1, -1",
        max_chars=120,
        key="sm_z",
        bind="query-params",
        help=t(f"{PAGE}.softmax.logits_help"),
    )
    log_t = c2.slider(
        t(f"{PAGE}.softmax.temperature"),
        -2.0,
        2.0,
        0.0,
        0.1,
        format="10^%.1f",
        key="sm_logt",
        bind="query-params",
        help=t(f"{PAGE}.softmax.temperature_help"),
    )
    try:
        z = information.parse_weights(text, "z")
        temperature = 10.0**log_t
        p = information.softmax(z, temperature)
    except MathDLError as error:
        layout.error(error)
        return
    left, right = st.columns(2)
    with left:
        chart, frame = bars(p, title=t(f"{PAGE}.softmax.bars_title", T=layout.num(temperature)))
        charts.show(chart, frame.assign(logit=z), name="softmax")
    with right:
        temperatures = np.logspace(-2, 2, 81)
        sweep = pd.DataFrame(
            [(T, i + 1, v) for T in temperatures for i, v in enumerate(information.softmax(z, T))],
            columns=["T", "outcome", "probability"],
        )
        lines = (
            alt.Chart(sweep)
            .mark_line(strokeWidth=2)
            .encode(
                x=alt.X("T:Q", scale=alt.Scale(type="log"), title=t(f"{PAGE}.softmax.t_axis")),
                y=alt.Y("probability:Q", title=t(f"{PAGE}.probability"), scale=alt.Scale(domain=[0, 1])),
                color=alt.Color(
                    "outcome:N", scale=alt.Scale(range=charts.PALETTE), title=None, legend=alt.Legend(orient="right")
                ),
            )
        )
        now = (
            alt.Chart(pd.DataFrame({"T": [temperature]}))
            .mark_rule(color=charts.NEUTRAL, strokeDash=[6, 4], strokeWidth=2)
            .encode(x="T:Q")
        )
        charts.show(
            (lines + now).properties(title=t(f"{PAGE}.softmax.sweep_title"), height=300),
            sweep,
            name="softmax_temperature",
        )
    m1, m2 = st.columns(2)
    m1.metric(t(f"{PAGE}.softmax.top"), f"{p.max():.1%}")
    m2.metric(t(f"{PAGE}.softmax.entropy"), bits(information.entropy(p)))
    st.caption(t(f"{PAGE}.softmax.caption"))
    layout.reproduce(f"from mathdl.information import softmax\nsoftmax({z.tolist()}, temperature={temperature:.4g})")


# --- 4. Cross-entropy against squared error for one logit ---------------------------------------------


@st.fragment
def losses_demo() -> None:
    layout.demo(PAGE, "losses")
    c1, c2 = st.columns([1, 3])
    y = c1.radio(t(f"{PAGE}.losses.label"), [1, 0], key="loss_y", bind="query-params", horizontal=True)
    z0 = c2.slider(t(f"{PAGE}.losses.z"), -10.0, 10.0, -4.0, 0.1, key="loss_z", bind="query-params")
    z = np.linspace(-10, 10, 201)
    curves = information.logit_losses(z, y)
    here = information.logit_losses(z0, y)
    ce, se = t(f"{PAGE}.losses.ce"), t(f"{PAGE}.losses.se")
    frame = pd.concat(
        [
            pd.DataFrame({"z": z, "loss": curves.cross_entropy, "gradient": curves.cross_entropy_grad, "curve": ce}),
            pd.DataFrame({"z": z, "loss": curves.squared_error, "gradient": curves.squared_error_grad, "curve": se}),
        ]
    )
    points = pd.DataFrame(
        {
            "z": [z0, z0],
            "loss": [float(here.cross_entropy), float(here.squared_error)],
            "gradient": [float(here.cross_entropy_grad), float(here.squared_error_grad)],
            "curve": [ce, se],
        }
    )
    color = alt.Color(
        "curve:N",
        scale=alt.Scale(domain=[ce, se], range=[charts.PALETTE[0], charts.PALETTE[1]]),
        title=None,
        legend=alt.Legend(orient="bottom"),
    )
    left, right = st.columns(2)
    for column, field, title in ((left, "loss", "loss_title"), (right, "gradient", "grad_title")):
        with column:
            line = (
                alt.Chart(frame)
                .mark_line(strokeWidth=2.5)
                .encode(
                    x=alt.X("z:Q", title=t(f"{PAGE}.losses.z_axis")),
                    y=alt.Y(f"{field}:Q", title=t(f"{PAGE}.losses.{field}")),
                    color=color,
                )
            )
            dots = (
                alt.Chart(points)
                .mark_point(size=140, filled=True, opacity=1)
                .encode(
                    x="z:Q", y=f"{field}:Q", color=color, tooltip=["curve:N", alt.Tooltip(f"{field}:Q", format=".4g")]
                )
            )
            charts.show(
                (line + dots).properties(title=t(f"{PAGE}.losses.{title}", y=y), height=280),
                frame,
                name=f"logit_{field}",
            )
    m = st.columns(3)
    m[0].metric("σ(z)", layout.num(float(activations.sigmoid(z0)), 4))
    m[1].metric(t(f"{PAGE}.losses.ce_grad"), layout.num(float(here.cross_entropy_grad), 3))
    m[2].metric(t(f"{PAGE}.losses.se_grad"), layout.num(float(here.squared_error_grad), 3))
    st.caption(t(f"{PAGE}.losses.caption"))
    layout.reproduce(
        f"from mathdl.information import logit_losses\nlogit_losses({z0:g}, y={y})   # both losses and their slopes in z"
    )


# --- 5. Decisions: a threshold, a cost matrix, the ROC curve ----------------------------------------------


@st.cache_data(max_entries=8, show_spinner=False)
def malignant_scores(seed: int) -> tuple[np.ndarray, np.ndarray]:
    return information.malignant_scores(seed)


@st.fragment
def decision_demo() -> None:
    layout.demo(PAGE, "decision")
    c1, c2, c3, c4 = st.columns([3, 2, 2, 1])
    threshold = c1.slider(
        t(f"{PAGE}.decision.threshold"),
        0.0,
        1.0,
        0.5,
        0.01,
        key="dec_t",
        bind="query-params",
        help=t(f"{PAGE}.decision.threshold_help"),
    )
    cost_fn = c2.number_input(t(f"{PAGE}.decision.cost_fn"), 0.0, 100.0, 10.0, 1.0, key="dec_fn", bind="query-params")
    cost_fp = c3.number_input(t(f"{PAGE}.decision.cost_fp"), 0.0, 100.0, 1.0, 1.0, key="dec_fp", bind="query-params")
    with c4:
        seed = layout.seed("dec_seed")
    with st.spinner(t(f"{PAGE}.decision.training")):
        y, score = malignant_scores(seed)
    costs = [[0.0, cost_fp], [cost_fn, 0.0]]
    c = information.confusion(y, score, threshold)
    grid = np.linspace(0, 1, 101)
    risk = information.risk_curve(y, score, costs, grid)
    optimal, best = information.bayes_threshold(costs), float(grid[np.argmin(risk)])
    roc = information.roc_curve(y, score)
    left, right = st.columns([2, 3])
    with left:
        chart, frame = charts.confusion_matrix(
            c,
            negative=t(f"{PAGE}.decision.benign"),
            positive=t(f"{PAGE}.decision.malignant"),
            actual=t(f"{PAGE}.decision.actual"),
            predicted=t(f"{PAGE}.decision.predicted"),
            kinds={k: t(f"{PAGE}.decision.cells.{k}") for k in ("tn", "fp", "fn", "tp")},
        )
        charts.show(
            chart.properties(title=t(f"{PAGE}.decision.confusion_title", n=len(y))),
            frame,
            name="confusion_matrix",
            width="content",
        )
    with right:
        curve = pd.DataFrame({"threshold": grid, "risk": risk})
        line = (
            alt.Chart(curve)
            .mark_line(color=charts.PALETTE[0], strokeWidth=2.5)
            .encode(
                x=alt.X("threshold:Q", title=t(f"{PAGE}.decision.threshold")),
                y=alt.Y("risk:Q", title=t(f"{PAGE}.decision.risk")),
            )
        )
        names = {
            "current": t(f"{PAGE}.decision.current"),
            "bayes": t(f"{PAGE}.decision.bayes"),
            "best": t(f"{PAGE}.decision.best"),
        }
        # The Bayes threshold is drawn last: it often coincides with the empirical best.
        marks = pd.DataFrame(
            {"threshold": [threshold, best, optimal], "which": [names["current"], names["best"], names["bayes"]]}
        )
        rules = (
            alt.Chart(marks)
            .mark_rule(strokeWidth=2, strokeDash=[6, 4])
            .encode(
                x="threshold:Q",
                color=alt.Color(
                    "which:N",
                    scale=alt.Scale(
                        domain=list(names.values()), range=[charts.NEUTRAL, charts.PALETTE[3], charts.PALETTE[2]]
                    ),
                    title=None,
                    legend=alt.Legend(orient="bottom", labelLimit=300),
                ),
                tooltip=["which:N", alt.Tooltip("threshold:Q", format=".2f")],
            )
        )
        charts.show(
            (line + rules).properties(title=t(f"{PAGE}.decision.risk_title"), height=320), curve, name="risk_curve"
        )
    left, right = st.columns([2, 3])
    with left:
        m = st.columns(2)
        m[0].metric(
            t(f"{PAGE}.decision.expected_risk"), layout.num(information.expected_risk(y, score, threshold, costs), 3)
        )
        m[1].metric("AUC", f"{information.auc(roc.fpr, roc.tpr):.3f}")
        m[0].metric(t(f"{PAGE}.decision.bayes"), f"{optimal:.2f}")
        m[1].metric(t(f"{PAGE}.decision.best"), f"{best:.2f}")
        st.latex(
            rf"t^* = \frac{{{layout.tex_num(cost_fp)}}}{{{layout.tex_num(cost_fp)} + {layout.tex_num(cost_fn)}}} = {layout.tex_num(optimal)}"
        )
    with right:
        points = pd.DataFrame({"fpr": roc.fpr, "tpr": roc.tpr})
        roc_line = (
            alt.Chart(points)
            .mark_line(color=charts.PALETTE[0], strokeWidth=2.5, interpolate="step-after")
            .encode(
                x=alt.X("fpr:Q", title=t(f"{PAGE}.decision.fpr"), scale=alt.Scale(domain=[0, 1])),
                y=alt.Y("tpr:Q", title=t(f"{PAGE}.decision.tpr"), scale=alt.Scale(domain=[0, 1])),
            )
        )
        chance = (
            alt.Chart(pd.DataFrame({"fpr": [0, 1], "tpr": [0, 1]}))
            .mark_line(color=charts.NEUTRAL, strokeDash=[4, 4])
            .encode(x="fpr:Q", y="tpr:Q")
        )
        negatives, positives = c["tn"] + c["fp"], c["tp"] + c["fn"]
        operating = pd.DataFrame({"fpr": [c["fp"] / negatives], "tpr": [c["tp"] / positives]})
        dot = (
            alt.Chart(operating)
            .mark_point(size=180, filled=True, color=charts.PALETTE[3], opacity=1)
            .encode(
                x="fpr:Q", y="tpr:Q", tooltip=[alt.Tooltip("fpr:Q", format=".3f"), alt.Tooltip("tpr:Q", format=".3f")]
            )
        )
        charts.show(
            (chance + roc_line + dot).properties(title=t(f"{PAGE}.decision.roc_title"), height=300),
            points,
            name="roc_curve",
        )
    st.caption(t(f"{PAGE}.decision.caption"))
    layout.reproduce(
        "from mathdl.information import auc, bayes_threshold, confusion, expected_risk, malignant_scores, roc_curve\n"
        f"y, score = malignant_scores(seed={seed})   # malignant is the positive class\n"
        f"costs = {costs}   # C[true][predicted]\n"
        f"confusion(y, score, {threshold:g}), expected_risk(y, score, {threshold:g}, costs), bayes_threshold(costs)\n"
        "roc = roc_curve(y, score); auc(roc.fpr, roc.tpr)"
    )


entropy_demo()
st.divider()
kl_demo()
st.divider()
softmax_demo()
st.divider()
losses_demo()
st.divider()
decision_demo()

layout.source_code(
    [
        information.entropy,
        information.kl_divergence,
        information.softmax,
        information.logit_losses,
        information.bayes_threshold,
        information.roc_curve,
    ]
)
layout.quiz(PAGE)
