"""6. Information theory and decision theory: entropy, cross-entropy, KL, and the cost of a decision."""

import math

import numpy as np
import streamlit as st

from mathdl import MathDLError, activations, classification, decisions, information
from ui import charts, drag, layout, predict
from ui.demo import demo
from ui.figures import information as figures
from ui.i18n import t
from ui.snippet import Snippet

PAGE = "information"
CONFIDENTLY_WRONG = -8.0  # the logit of the saturation example in the losses caption
GUESS_STEP = 0.05  # bits: the step of the entropy guess, whose slider reaches log₂ of the most outcomes, rounded up
GUESS_TOP = round(math.ceil(information.max_entropy(information.MAX_OUTCOMES) / GUESS_STEP) * GUESS_STEP, 2)

FORMULAS = {
    "entropy": r"H(p) = -\sum_i p_i \log_2 p_i, \qquad H(p, q) = -\sum_i p_i \log_2 q_i, \qquad "
    r"\mathrm{KL}(p \,\|\, q) = \sum_i p_i \log_2 \frac{p_i}{q_i} = H(p, q) - H(p)",
    "softmax": r"\operatorname{softmax}(\mathbf{z}/T)_i = \frac{e^{z_i/T}}{\sum_j e^{z_j/T}}",
    "losses": r"\frac{\partial}{\partial z}\Big[-y\log\sigma(z) - (1-y)\log(1-\sigma(z))\Big] = \sigma(z) - y, \qquad "
    r"\frac{\partial}{\partial z}(\sigma(z) - y)^2 = 2(\sigma(z) - y)\,\sigma(z)(1 - \sigma(z))",
    "risk": r"R(t) = \frac{1}{n}\big(C_\text{FP}\cdot\mathrm{FP}(t) + C_\text{FN}\cdot\mathrm{FN}(t)\big), \qquad "
    r"t^{*} = \frac{C_\text{FP}}{C_\text{FP} + C_\text{FN}}",
}


def read_distribution(snippet: Snippet, label: str, default: str, key: str, name: str) -> np.ndarray | None:
    """A distribution typed by the reader: parsed, normalised with a notice, or refused with a reason.

    Refused text is checked before it reaches the snippet, so the code shown always runs.
    """
    text = st.text_input(
        label,
        default,
        max_chars=120,
        key=key,
        bind="query-params",
        help=t(f"{PAGE}.weights_help", most=information.MAX_OUTCOMES),
    )
    try:
        information.normalize(information.parse_weights(text, name), name)
    except MathDLError as error:
        layout.error(error)
        return None
    weights = snippet(f"{name}_weights", information.parse_weights, text, name)
    p, rescaled = snippet(f"{name}, {name}_rescaled", information.normalize, weights, name)
    if rescaled:
        st.info(t(f"{PAGE}.normalised", name=name, values=", ".join(layout.num(v) for v in p)))
    return p


def bits(value: float) -> str:
    if np.isinf(value):
        return "∞"
    return t(f"{PAGE}.bit" if layout.num(value, 4) == "1" else f"{PAGE}.bits", value=layout.num(value, 4))


# --- 1. Entropy ---------------------------------------------------------------------------------


@demo("entropy")
def entropy(snippet: Snippet) -> dict[str, object]:
    left, right = st.columns(2)
    with left:
        p = read_distribution(snippet, t(f"{PAGE}.entropy.p"), "0.5, 0.25, 0.125, 0.125", "ent_p", "p")
        H = snippet("H", information.entropy, p) if p is not None else math.nan
        question = predict.Question(t(f"{PAGE}.entropy.predict"), 0.0, GUESS_TOP, GUESS_STEP, close=0.1)
        # asked even when p is refused, so that the switch stays (with nothing to guess, it shows the message)
        if predict.first(PAGE, "ent", question, H, snippet.code()) and p is not None:
            H_max = snippet("H_max", information.max_entropy, len(p), note="log₂ k: every outcome equally likely")
            charts.show(*figures.distribution(p, title=t(f"{PAGE}.entropy.bars_title")), name="distribution")
            m1, m2 = st.columns(2)
            m1.metric("H(p)", bits(H))
            m2.metric(t(f"{PAGE}.entropy.max", k=len(p)), bits(H_max))
    with right:
        coin = st.slider(t(f"{PAGE}.entropy.coin"), 0.0, 1.0, 0.5, 0.01, key="ent_coin", bind="query-params")
        grid = snippet("grid", np.linspace, 0.0, 1.0, 201)
        curve = snippet("curve", information.binary_entropy, grid)
        h_coin = float(snippet("h_coin", information.binary_entropy, coin))
        charts.show(*figures.binary_entropy(grid, curve, coin, h_coin), name="binary_entropy")
        st.metric(t(f"{PAGE}.entropy.coin_h", p=layout.num(coin)), bits(h_coin))
    st.caption(t(f"{PAGE}.entropy.caption"))
    return {"most": information.MAX_OUTCOMES}


# --- 2. Cross-entropy and KL divergence ----------------------------------------------------------


@demo("kl")
def kl(snippet: Snippet) -> None:
    c1, c2 = st.columns(2)
    with c1:
        p = read_distribution(snippet, t(f"{PAGE}.kl.p"), "0.5, 0.3, 0.2", "kl_p", "p")
    with c2:
        q = read_distribution(snippet, t(f"{PAGE}.kl.q"), "0.2, 0.5, 0.3", "kl_q", "q")
    if p is None or q is None:
        return
    try:
        H_pq = snippet("H_pq", information.cross_entropy, p, q)
    except MathDLError as error:
        layout.error(error)
        return
    H_p = snippet("H_p", information.entropy, p)
    kl_pq = snippet("kl_pq", information.kl_divergence, p, q)
    kl_qp = snippet("kl_qp", information.kl_divergence, q, p, note="KL is not symmetric")
    left, right = st.columns([3, 2])
    with left:
        charts.show(*figures.two_distributions(p, q), name="p_and_q")
    with right:  # one a row: two side by side cut "0.3229 bits" short at 1280 px
        st.metric("H(p)", bits(H_p))
        st.metric("H(p, q)", bits(H_pq))
        st.metric("KL(p ‖ q)", bits(kl_pq))
        st.metric("KL(q ‖ p)", bits(kl_qp))
    for first, second, value in (("p", "q", kl_pq), ("q", "p", kl_qp)):
        if np.isinf(value):
            pair = (p, q) if first == "p" else (q, p)
            outcomes = snippet(f"ruled_out_by_{second}", information.impossible_outcomes, *pair)
            numbers = ", ".join(str(i + 1) for i in outcomes)
            st.warning(t(f"{PAGE}.kl.infinite", first=first, second=second, outcomes=numbers))
    st.caption(t(f"{PAGE}.kl.caption"))


# --- 3. Softmax with temperature -------------------------------------------------------------------


def temperature_slider(column) -> float:
    """T on a log scale, from 0.01 to 100."""
    label, help_text = t(f"{PAGE}.softmax.temperature"), t(f"{PAGE}.softmax.temperature_help")
    return layout.log_slider(column, label, -2.0, 2.0, 0.0, 0.1, key="sm_logt", help=help_text)


@demo("softmax")
def softmax(snippet: Snippet) -> None:
    c1, c2 = st.columns(2)
    label, help_text = t(f"{PAGE}.softmax.logits"), t(f"{PAGE}.softmax.logits_help", most=information.MAX_OUTCOMES)
    text = c1.text_input(label, "2, 1, 0.1, -1", max_chars=120, key="sm_z", bind="query-params", help=help_text)
    temperature = temperature_slider(c2)
    try:
        information.parse_weights(text, "z")  # refused before it reaches the snippet
    except MathDLError as error:
        layout.error(error)
        return
    z = snippet("z", information.parse_weights, text, "z")
    p = snippet("p", information.softmax, z, temperature)
    H = snippet("H", information.entropy, p)
    temperatures = snippet("temperatures", np.logspace, -2.0, 2.0, 81)
    sweep = snippet("sweep", information.softmax_sweep, z, temperatures, note="(81, k): softmax(z / T) for each T")
    left, right = st.columns(2)
    with left:
        title = t(f"{PAGE}.softmax.bars_title", T=layout.num(temperature))
        charts.show(*figures.distribution(p, title=title, logit=z), name="softmax")
    with right:
        charts.show(*figures.softmax_sweep(temperatures, sweep, temperature), name="softmax_temperature")
    m1, m2 = st.columns(2)
    m1.metric(t(f"{PAGE}.softmax.top"), f"{p.max():.1%}")
    m2.metric(t(f"{PAGE}.softmax.entropy"), bits(H))
    st.caption(t(f"{PAGE}.softmax.caption"))


# --- 4. Cross-entropy against squared error for one logit ---------------------------------------------


@demo("losses")
def losses(snippet: Snippet) -> None:
    c1, c2 = st.columns([1, 3])
    y = c1.radio(t(f"{PAGE}.losses.label"), [1, 0], key="loss_y", bind="query-params", horizontal=True)
    z0 = c2.slider(t(f"{PAGE}.losses.z"), -10.0, 10.0, -4.0, 0.1, key="loss_z", bind="query-params")
    z = snippet("z", np.linspace, -10.0, 10.0, 201)
    curves = snippet("curves", information.logit_losses, z, y, note="both losses and their slopes along z")
    here = snippet("here", information.logit_losses, z0, y)
    s = snippet("s", activations.sigmoid, z0)
    panels, frame = figures.logit_losses(z, curves, z0, here, y)
    for column, chart, name in zip(st.columns(2), panels, ("logit_loss", "logit_gradient"), strict=True):
        with column:
            charts.show(chart, frame, name=name)
    m = st.columns(3)
    m[0].metric("σ(z)", layout.num(float(s), 4))
    m[1].metric(t(f"{PAGE}.losses.ce_grad"), layout.num(float(here.cross_entropy_grad), 3))
    m[2].metric(t(f"{PAGE}.losses.se_grad"), layout.num(float(here.squared_error_grad), 3))
    wrong = snippet("wrong", information.logit_losses, CONFIDENTLY_WRONG, 1, note="y = 1, z far on the wrong side")
    ce, se = layout.num(float(wrong.cross_entropy_grad), 2), layout.num(float(wrong.squared_error_grad), 2)
    st.caption(t(f"{PAGE}.losses.caption", z=layout.num(CONFIDENTLY_WRONG), ce=ce, se=se))


# --- 5. Decisions: a threshold, a cost matrix, the ROC curve ----------------------------------------------


def decision_widgets() -> tuple[float, float, float, int]:
    """The threshold, the cost of a miss, the cost of a false alarm and the seed of the split."""
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
    return threshold, cost_fn, cost_fp, seed


@demo("decision")
def decision(snippet: Snippet) -> dict[str, object]:
    threshold, cost_fn, cost_fp, seed = decision_widgets()
    with st.spinner(t(f"{PAGE}.decision.training")):
        y, score = snippet("y, score", classification.malignant_scores, seed, cache=True, note="1 = malignant")
    roc = snippet("roc", classification.roc_curve, y, score)
    area = snippet("area", classification.auc, roc.fpr, roc.tpr)
    costs = snippet("costs", np.array, [[0.0, cost_fp], [cost_fn, 0.0]], note="cost[true][predicted]")
    grid = snippet("grid", np.linspace, 0.0, 1.0, 101)
    risk = snippet("risk", decisions.risk_curve, y, score, costs, grid)
    best = snippet("best", decisions.best_threshold, y, score, costs, grid)
    optimal = snippet("optimal", decisions.bayes_threshold, costs)
    called = snippet("called", classification.predict_positive, score, threshold)
    C = snippet("C", classification.confusion_matrix, y, called, note="[[TN, FP], [FN, TP]]")
    point = snippet("point", classification.roc_point, C, note="(FPR, TPR) of this threshold")
    R = snippet("R", decisions.expected_risk, y, score, threshold, costs)
    drag.alone("dec_scores", lambda s: drag_threshold(s, y, score, (threshold, C, R), costs), snippet)
    left, right = st.columns([2, 3])
    with left:
        kinds = {k: t(f"{PAGE}.decision.cells.{k}") for k in ("tn", "fp", "fn", "tp")}
        title = t(f"{PAGE}.decision.confusion_title", n=len(y))
        chart, frame = charts.confusion(C, section=f"{PAGE}.decision", kinds=kinds, title=title)
        charts.show(chart, frame, name="confusion_matrix", width="content")
    with right:
        charts.show(*figures.risk_curve(grid, risk, threshold, best, optimal), name="risk_curve")
    left, right = st.columns([2, 3])
    with left:
        decision_numbers(R, area, best, optimal, (cost_fp, cost_fn))
    with right:
        title = t(f"{PAGE}.decision.roc_title")
        roc_figure = charts.roc(roc.fpr, roc.tpr, point, section=f"{PAGE}.decision", title=title, height=300)
        charts.show(*roc_figure, name="roc_curve")
    fn, fp = layout.num(cost_fn), layout.num(cost_fp)
    st.caption(t(f"{PAGE}.decision.caption", fn=fn, fp=fp, optimal=layout.num(optimal, 2)))
    return {
        "train": f"{1 - classification.TEST_SIZE:.0%}",
        "test": f"{classification.TEST_SIZE:.0%}",
        "tumours": len(y),
    }


THRESHOLD_RANGE = (0.0, 1.0, 0.01)  # the slider of t: low, high, step


def move_threshold(event: drag.Event) -> None:
    """A drag of the threshold line: while it moves, the picture alone follows; on release, the slider and all."""
    if event.at is None:
        return
    if event.final:
        drag.set_widgets({"dec_t": (event.at[0], *THRESHOLD_RANGE)})
        st.session_state.pop("dec_live", None)
        st.session_state["dec_whole"] = True  # the confusion matrix, the risk curve and ROC catch up
    else:
        st.session_state["dec_live"] = drag.snap(event.at[0], *THRESHOLD_RANGE)


def drag_threshold(snippet: Snippet, y: np.ndarray, score: np.ndarray, at: tuple, costs: np.ndarray) -> None:
    """The scores of both classes with the threshold as a line to drag, and its counts and risk as it moves.

    ``at`` is the slider's threshold with its confusion matrix and risk. While the reader drags, this
    figure reruns alone with the threshold under the pointer; on release the whole page reruns, so the
    slider and the demo's other figures follow.
    """
    if st.session_state.pop("dec_whole", False):
        st.rerun(scope="app")
    threshold, C, R = at
    live = st.session_state.get("dec_live", threshold)
    if live != threshold:
        called = snippet("called_live", classification.predict_positive, score, live)
        C = snippet("C_live", classification.confusion_matrix, y, called)
        R = snippet("R_live", decisions.expected_risk, y, score, live, costs)
    spread = snippet("spread", decisions.score_histograms, y, score, 20, note="counts of each class in 20 bins")
    plane, data = figures.threshold_plane(spread.edges, spread.counts, live)
    drag.plane("dec_drag", plane, on_event=move_threshold)
    (tn, fp), (fn, tp) = C
    st.caption(t(f"{PAGE}.decision.live", t=f"{live:.2f}", tn=tn, fn=fn, fp=fp, tp=tp, risk=layout.num(R, 3)))
    charts.download(data, name="score_histograms")
    st.caption(t(f"{PAGE}.decision.scores_caption"))


def decision_numbers(risk: float, area: float, best: float, optimal: float, costs: tuple[float, float]) -> None:
    """The risk at t, the AUC, both thresholds, and t* with the two costs in its formula."""
    m = st.columns(2)
    m[0].metric(t(f"{PAGE}.decision.expected_risk"), layout.num(risk, 3))
    m[1].metric("AUC", f"{area:.3f}")
    m[0].metric(t(f"{PAGE}.decision.bayes"), f"{optimal:.2f}")
    m[1].metric(t(f"{PAGE}.decision.best"), f"{best:.2f}")
    fp, fn = (layout.tex_num(c) for c in costs)
    st.latex(rf"t^* = \frac{{{fp}}}{{{fp} + {fn}}} = {layout.tex_num(optimal)}")
    name = t(f"{PAGE}.decision.cost")
    st.latex(rf"\text{{{name}}} = {layout.matrix_tex([[0.0, costs[0]], [costs[1], 0.0]])}")
    st.caption(t(f"{PAGE}.decision.cost_matrix"))


layout.lesson(
    PAGE,
    formulas=FORMULAS,
    demos=[entropy, kl, softmax, losses, decision],
    code=[
        information.entropy,
        information.kl_divergence,
        information.softmax,
        information.logit_losses,
        decisions.bayes_threshold,
        classification.roc_curve,
    ],
)
