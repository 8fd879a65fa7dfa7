"""1. Matrices and linear maps: a matrix is a map of the plane."""

import numpy as np
import streamlit as st

from mathdl import MathDLError, activations, datasets, linalg, projection, tensors
from ui import charts, layout, state
from ui.demo import demo
from ui.figures import linear_maps as figures
from ui.i18n import labels, t
from ui.snippet import Snippet

PAGE = "linear_maps"
EXTENT = 3.0  # the plane is drawn over [-3, 3]²

FORMULAS = {
    "columns": r"A\mathbf{x} = x_1\,\mathbf{a}_1 + x_2\,\mathbf{a}_2",
    "det": r"\det A = a_{11}a_{22} - a_{12}a_{21}",
    "product": r"C_{ij} = \sum_k A_{ik} B_{kj}",
    "layer": r"\mathbf{h} = \operatorname{ReLU}(W\mathbf{x} + \mathbf{b})",
    "projection": r"\hat{\mathbf{y}} = A\hat{\mathbf{c}}, \qquad A^\top(\mathbf{y} - A\hat{\mathbf{c}}) = \mathbf{0}",
}


# --- A matrix moves the whole plane ----------------------------------------------------------


def apply_preset() -> None:
    """Copy the chosen preset into the four entries; the pills then act as buttons again."""
    name = st.session_state["lm_preset"]
    if name is not None:
        for (i, j), value in np.ndenumerate(linalg.PRESETS[name]):
            st.session_state[f"lm_a{i + 1}{j + 1}"] = float(value)
        st.session_state["lm_preset"] = None


def matrix_editor() -> list[list[float]]:
    """The four entries of A, one row of inputs per row of A, so a phone stacks them in reading order."""
    defaults = [[1.2, 0.6], [0.3, 0.9]]
    return [
        [
            column.number_input(
                f"a{i + 1}{j + 1}",
                min_value=-3.0,
                max_value=3.0,
                value=defaults[i][j],
                step=0.1,
                format="%.2f",
                key=f"lm_a{i + 1}{j + 1}",
                bind="query-params",
                help=t(f"{PAGE}.map.entry_help"),
            )
            for j, column in enumerate(st.columns(2))
        ]
        for i in range(2)
    ]


@demo("map")
def linear_map(snippet: Snippet) -> None:
    st.pills(
        t(f"{PAGE}.map.presets"),
        list(linalg.PRESETS),
        format_func=labels(f"{PAGE}.presets", linalg.PRESETS),
        key="lm_preset",
        on_change=apply_preset,
        help=t(f"{PAGE}.map.presets_help"),
    )
    controls, picture = st.columns([2, 3], gap="large")
    with controls:
        A = snippet("A", np.array, matrix_editor())
        morph = st.slider(
            t(f"{PAGE}.map.t"), 0.0, 1.0, 1.0, 0.05, key="lm_t", bind="query-params", help=t(f"{PAGE}.map.t_help")
        )
        M = snippet("M", linalg.interpolate, A, morph, note="(1 − t)·I + t·A: the identity turning into A")
        det = snippet("det", linalg.determinant, M)
        determinant_readout(M, det, snippet("rank", linalg.rank, M))
    with picture:
        grid = snippet("grid", linalg.grid_lines, EXTENT)
        moved = snippet("moved", linalg.transform_grid, M, EXTENT, note="(L, 2, 2): the end points of every moved line")
        square = snippet("square", linalg.unit_square, M, note="(4, 2): a parallelogram of area |det M|")
        letter = snippet("letter", linalg.transform, M, linalg.F_SHAPE)
        chart, data = figures.linear_map(grid, moved, square, linalg.F_SHAPE, letter, M, det, extent=EXTENT)
        charts.show(chart, data, name="linear_map", width="content")
        st.caption(t(f"{PAGE}.map.caption"))


def determinant_readout(M: np.ndarray, det: float, rank: int) -> None:
    """A_t, its determinant worked out with the current entries, and what det and rank say about the map."""
    st.latex(rf"A_t = {layout.matrix_tex(M)}")
    (a, b), (c, d) = (map(layout.tex_num, row) for row in M)
    st.latex(
        r"\begin{aligned} \det A_t &= a_{11}a_{22} - a_{12}a_{21} \\ "
        rf"&= ({a})({d}) - ({b})({c}) \\ &= {layout.tex_num(det)} \end{{aligned}}"
    )
    left, right = st.columns(2)
    left.metric(t(f"{PAGE}.map.det"), layout.num(det))
    right.metric(t(f"{PAGE}.map.rank"), rank)
    if rank < 2:
        st.warning(t(f"{PAGE}.map.rank_drop", rank=rank))
    elif det < 0:
        st.info(t(f"{PAGE}.map.flipped"))


# --- The matrix product, one entry at a time --------------------------------------------------


def index_slider(column, label: str, size: int, *, key: str) -> int:
    """Pick a row or column, 1-based; with a single one there is nothing to pick."""
    if size == 1:
        return 1
    return state.dependent(column.slider, label, 1, size, 1, key=key)


@demo("product")
def product(snippet: Snippet) -> None:
    c1, c2, c3, c4 = st.columns(4)
    m = c1.slider(t(f"{PAGE}.product.m"), 1, 4, 2, key="mp_m", bind="query-params")
    k = c2.slider(t(f"{PAGE}.product.k"), 1, 4, 3, key="mp_k", bind="query-params")
    p = c3.slider(t(f"{PAGE}.product.p"), 1, 4, 2, key="mp_p", bind="query-params")
    with c4:
        rng = snippet.rng(layout.seed("mp_seed"))
    A = snippet("A", tensors.random_integer_tensor, (m, k), rng)
    B = snippet("B", tensors.random_integer_tensor, (k, p), rng)
    C = snippet("C", linalg.matmul, A, B)
    c1, c2 = st.columns(2)
    i = index_slider(c1, t(f"{PAGE}.product.i"), m, key="mp_i")
    j = index_slider(c2, t(f"{PAGE}.product.j"), p, key="mp_j")
    entry = snippet("entry", linalg.matmul_entry, A, B, i - 1, j - 1, note="the terms A[i, q]·B[q, j] and their sum")
    charts.show(*figures.matrix_product(A, B, C, i, j), name="matrix_product")
    terms = " + ".join(rf"({layout.tex_num(A[i - 1, q])})({layout.tex_num(B[q, j - 1])})" for q in range(k))
    st.latex(rf"C_{{{i}{j}}} = \sum_{{q=1}}^{{{k}}} A_{{{i}q}} B_{{q{j}}} = {terms} = {layout.tex_num(entry.value)}")
    st.caption(t(f"{PAGE}.product.caption", k=k))


# --- A dense layer folds space ----------------------------------------------------------------


@demo("layer")
def dense_layer(snippet: Snippet) -> None:
    # The sliders sit where their entries sit in [W | b]: one column of widgets per column of W.
    defaults = {"w11": 1.0, "w21": 0.8, "w12": -1.0, "w22": 1.2, "b1": 0.0, "b2": -0.3}
    columns = st.columns(4, gap="medium")
    w = {
        name: columns[i // 2].slider(
            name, -2.0, 2.0, default, 0.1, key=f"dl_{name}", bind="query-params", help=t(f"{PAGE}.layer.weight_help")
        )
        for i, (name, default) in enumerate(defaults.items())
    }
    with columns[3]:
        use_relu = st.checkbox("ReLU", True, key="dl_relu", bind="query-params", help=t(f"{PAGE}.layer.relu_help"))
        noise = st.slider(t(f"{PAGE}.layer.noise"), 0.0, 0.5, 0.1, 0.05, key="dl_noise", bind="query-params")
        rng = snippet.rng(layout.seed("dl_seed"))
    X, y = snippet("X, y", datasets.moons, 300, noise, rng)
    W = snippet("W", np.array, [[w["w11"], w["w12"]], [w["w21"], w["w22"]]])
    b = snippet("b", np.array, [w["b1"], w["b2"]])
    Z = snippet("Z", linalg.dense_layer, X, W, b, note="(300, 2): Wx + b for every point")
    H = snippet("H", activations.relu, Z) if use_relu else Z
    relu = r"\operatorname{ReLU}" if use_relu else ""
    st.latex(rf"\mathbf{{h}} = {relu}\left({layout.matrix_tex(W)}\mathbf{{x}} + {layout.matrix_tex(b[:, None])}\right)")
    panels, data = figures.dense_layer(X, Z, H, y, relu=use_relu)
    for column, chart in zip(st.columns(3), panels, strict=True):
        with column:
            charts.draw(chart)
    charts.download(data, name="dense_layer")
    st.caption(t(f"{PAGE}.layer.caption"))


# --- Projection onto a line -------------------------------------------------------------------


def vector_sliders(prefix: str, name: str, default: tuple[float, float]) -> list[float]:
    """Two sliders, side by side, for the coordinates of a vector of the plane."""
    return [
        column.slider(f"{name}{k + 1}", -2.5, 2.5, default[k], 0.1, key=f"{prefix}{k + 1}", bind="query-params")
        for k, column in enumerate(st.columns(2))
    ]


@demo("projection")
def onto_a_line(snippet: Snippet) -> None:
    controls, picture = st.columns([2, 3], gap="large")
    with controls:
        a = snippet("a", np.array, vector_sliders("pj_a", "a", (2.0, 1.0)))
        y = snippet("y", np.array, vector_sliders("pj_y", "y", (0.5, 2.0)))
        try:
            proj = snippet("proj", projection.project_onto_line, y, a, note="coef, projection, residual")
        except MathDLError as error:
            layout.error(error)
            return
        st.latex(
            rf"\mathbf{{p}} = \frac{{\mathbf{{a}}^\top\mathbf{{y}}}}{{\mathbf{{a}}^\top\mathbf{{a}}}}\,\mathbf{{a}}"
            rf" = {layout.tex_num(proj.coef)}\,{layout.matrix_tex(a[:, None])}"
            rf" = {layout.matrix_tex(proj.projection[:, None])}"
        )
        st.latex(rf"\mathbf{{a}}^\top(\mathbf{{y}} - \mathbf{{p}}) = {layout.tex_num(proj.orthogonality, 2)}")
    with picture:
        chart, data = figures.projection(a, y, proj.projection, extent=EXTENT)
        charts.show(chart, data, name="projection", width="content")
        st.caption(t(f"{PAGE}.projection.caption"))


# --- Least squares is a projection ------------------------------------------------------------


@demo("lstsq")
def least_squares(snippet: Snippet) -> None:
    c1, c2, c3, c4 = st.columns(4)
    n = c1.slider(t(f"{PAGE}.lstsq.n"), 2, 60, 20, key="ls_n", bind="query-params")
    degree = c2.slider(
        t(f"{PAGE}.lstsq.degree"), 0, 6, 1, key="ls_degree", bind="query-params", help=t(f"{PAGE}.lstsq.degree_help")
    )
    noise = c3.slider(t(f"{PAGE}.lstsq.noise"), 0.0, 1.0, 0.3, 0.05, key="ls_noise", bind="query-params")
    with c4:
        rng = snippet.rng(layout.seed("ls_seed"))
    x, y = snippet("x, y", datasets.noisy_line, n, slope=1.5, intercept=0.5, noise=noise, rng=rng)
    A = snippet("A", projection.polynomial_design, x, degree, note="(n, degree + 1): the columns 1, x, x², …")
    try:
        fit = snippet("fit", projection.least_squares, A, y, note="the residual is orthogonal to every column of A")
    except MathDLError as error:
        layout.error(error)
        return
    grid = snippet("grid", np.linspace, -1.0, 1.0, 200)
    curve = snippet("curve", projection.polynomial_values, fit.coef, grid)
    left, right = st.columns([2, 1], gap="large")
    with left:
        chart, data = figures.least_squares(x, y, fit.fitted, fit.residual, grid, curve)
        charts.show(chart, data, name="least_squares")
        st.caption(t(f"{PAGE}.lstsq.caption"))
    with right:
        terms = " + ".join(
            layout.tex_num(c) + ("" if q == 0 else "x" if q == 1 else f"x^{{{q}}}") for q, c in enumerate(fit.coef)
        )
        st.latex(rf"\hat{{y}} = {terms}".replace("+ -", "- "))
        st.metric(t(f"{PAGE}.lstsq.rss"), layout.num(fit.rss))
        st.latex(rf"A^\top \mathbf{{r}} = {layout.matrix_tex(fit.normal_residual[:, None], 2)}")
        st.caption(t(f"{PAGE}.lstsq.orthogonal"))


layout.lesson(
    PAGE,
    formulas=FORMULAS,
    demos=[linear_map, product, dense_layer, onto_a_line, least_squares],
    code=[
        linalg.interpolate,
        linalg.transform_grid,
        linalg.determinant,
        linalg.rank,
        linalg.matmul,
        linalg.matmul_entry,
        linalg.dense_layer,
        activations.relu,
        projection.project_onto_line,
        projection.qr,
        projection.least_squares,
    ],
)
