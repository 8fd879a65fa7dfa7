"""1. Matrices and linear transformations: a matrix is a map of the plane."""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from mathdl import MathDLError, activations, datasets, linalg, tensors
from ui import charts, layout, state
from ui.i18n import labels, t

PAGE = "linear_maps"
EXTENT = 3.0  # the plane is drawn over [-3, 3]^2

layout.header(PAGE)

layout.formulas(
    PAGE,
    {
        "columns": r"A\mathbf{x} = x_1\,\mathbf{a}_1 + x_2\,\mathbf{a}_2",
        "det": r"\det A = a_{11}a_{22} - a_{12}a_{21}",
        "product": r"C_{ij} = \sum_k A_{ik} B_{kj}",
        "layer": r"\mathbf{h} = \operatorname{ReLU}(W\mathbf{x} + \mathbf{b})",
        "projection": r"\hat{\mathbf{y}} = A\hat{\mathbf{c}}, \qquad A^\top(\mathbf{y} - A\hat{\mathbf{c}}) = \mathbf{0}",
    },
)

layout.section("explore")


# --- 1. A matrix moves the whole plane -------------------------------------------------


def apply_preset() -> None:
    """Copy the chosen preset into the four entries; the pills then act as buttons again."""
    name = st.session_state["lm_preset"]
    if name is not None:
        for (i, j), value in np.ndenumerate(linalg.PRESETS[name]):
            st.session_state[f"lm_a{i + 1}{j + 1}"] = float(value)
        st.session_state["lm_preset"] = None


def preset_buttons() -> None:
    st.pills(
        t(f"{PAGE}.map.presets"),
        list(linalg.PRESETS),
        format_func=labels(f"{PAGE}.presets", linalg.PRESETS),
        key="lm_preset",
        on_change=apply_preset,
        help=t(f"{PAGE}.map.presets_help"),
    )


def matrix_editor() -> np.ndarray:
    defaults = [[1.2, 0.6], [0.3, 0.9]]
    A = np.zeros((2, 2))
    for i in range(2):  # one row of inputs per row of A, so a phone stacks them in reading order
        for j, column in enumerate(st.columns(2)):
            A[i, j] = column.number_input(
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
    return A


def column_arrows(M: np.ndarray, names: list[str]) -> pd.DataFrame:
    """The columns of M as arrows from the origin: where e1 and e2 land."""
    return pd.DataFrame({"x0": 0.0, "y0": 0.0, "x": M[0], "y": M[1], "label": names})


def map_picture(M: np.ndarray, det: float) -> tuple[alt.LayerChart, pd.DataFrame]:
    before, after = t(f"{PAGE}.map.before"), t(f"{PAGE}.map.after")
    data = pd.concat(
        [
            charts.segments_frame(linalg.grid_lines(EXTENT), layer="grid", stage=before),
            charts.segments_frame(linalg.transform_grid(M, EXTENT), layer="grid", stage=after),
            charts.path_frame(linalg.unit_square(M), layer="square", stage=after, id=0),
            charts.path_frame(linalg.F_SHAPE, layer="shape", stage=before, id=0),
            charts.path_frame(linalg.transform(M, linalg.F_SHAPE), layer="shape", stage=after, id=0),
        ],
        ignore_index=True,
    )
    scale = charts.plane_scale(EXTENT)
    base = alt.Chart(data).encode(
        x=alt.X("x:Q", scale=scale, title=None),
        y=alt.Y("y:Q", scale=scale, title=None),
        detail=["id:N", "stage:N"],  # one path per segment and per picture
        order="order:Q",
    )
    stage = alt.Color(
        "stage:N",
        scale=alt.Scale(domain=[before, after], range=[charts.NEUTRAL, charts.PALETTE[0]]),
        title=None,
        legend=alt.Legend(orient="bottom"),
    )
    grid = (
        base.transform_filter("datum.layer == 'grid'")
        .mark_line(clip=True, strokeWidth=1)
        .encode(color=stage, opacity=alt.condition(f"datum.stage == '{before}'", alt.value(0.4), alt.value(0.8)))
    )
    square = base.transform_filter("datum.layer == 'square'").mark_line(
        interpolate="linear-closed",
        filled=True,
        clip=True,
        opacity=0.3,
        color=charts.PALETTE[0] if det >= 0 else charts.PALETTE[3],
    )
    shape = (
        base.transform_filter("datum.layer == 'shape'")
        .mark_line(strokeWidth=3, clip=True)
        .encode(
            color=alt.condition(f"datum.stage == '{before}'", alt.value(charts.NEUTRAL), alt.value(charts.PALETTE[0])),
            strokeDash=alt.condition(f"datum.stage == '{before}'", alt.value([5, 3]), alt.value([1, 0])),
        )
    )
    names = [t(f"{PAGE}.map.e1"), t(f"{PAGE}.map.e2")]
    vectors = charts.arrows(column_arrows(M, names), extent=EXTENT, palette=charts.PALETTE[1:3])
    chart = alt.layer(grid, square, shape, vectors).resolve_scale(color="independent")
    return charts.square(chart), data


@st.fragment
def linear_map_demo() -> None:
    layout.demo(PAGE, "map")
    preset_buttons()
    controls, picture = st.columns([2, 3], gap="large")
    with controls:
        A = matrix_editor()
        morph = st.slider(
            t(f"{PAGE}.map.t"), 0.0, 1.0, 1.0, 0.05, key="lm_t", bind="query-params", help=t(f"{PAGE}.map.t_help")
        )
        M = linalg.interpolate(A, morph)
        det, rank = linalg.determinant(M), linalg.rank(M)
        st.latex(rf"A_t = {layout.matrix_tex(M)}")
        products = [layout.tex_num(M[0, 0]), layout.tex_num(M[1, 1]), layout.tex_num(M[0, 1]), layout.tex_num(M[1, 0])]
        st.latex(
            r"\begin{aligned} \det A_t &= a_{11}a_{22} - a_{12}a_{21} \\ "
            rf"&= ({products[0]})({products[1]}) - ({products[2]})({products[3]}) \\ &= {layout.tex_num(det)} \end{{aligned}}"
        )
        left, right = st.columns(2)
        left.metric(t(f"{PAGE}.map.det"), layout.num(det))
        right.metric(t(f"{PAGE}.map.rank"), rank)
        if rank < 2:
            st.warning(t(f"{PAGE}.map.rank_drop", rank=rank))
        elif det < 0:
            st.info(t(f"{PAGE}.map.flipped"))
    with picture:
        chart, data = map_picture(M, det)
        charts.show(chart, data, name="linear_map", width="content")
        st.caption(t(f"{PAGE}.map.caption"))
    layout.reproduce(
        "from mathdl.linalg import interpolate, transform_grid, unit_square, determinant, rank\n"
        f"A = {A.tolist()}\n"
        f"M = interpolate(A, t={morph})\n"
        "lines = transform_grid(M)      # (L, 2, 2): the end points of every moved grid line\n"
        "square = unit_square(M)       # (4, 2): the parallelogram of area |det M|\n"
        "determinant(M), rank(M)"
    )


# --- 2. The matrix product, one entry at a time ----------------------------------------


def index_slider(column, label: str, size: int, *, key: str) -> int:
    """Pick a row or column, 1-based; with a single one there is nothing to pick."""
    if size == 1:
        return 1
    state.keep_within(key, 1, size)
    return column.slider(label, 1, size, 1, key=key, bind="query-params")


@st.fragment
def product_demo() -> None:
    layout.demo(PAGE, "product")
    c1, c2, c3, c4 = st.columns(4)
    m = c1.slider(t(f"{PAGE}.product.m"), 1, 4, 2, key="mp_m", bind="query-params")
    k = c2.slider(t(f"{PAGE}.product.k"), 1, 4, 3, key="mp_k", bind="query-params")
    p = c3.slider(t(f"{PAGE}.product.p"), 1, 4, 2, key="mp_p", bind="query-params")
    with c4:
        seed = layout.seed("mp_seed")
    rng = np.random.default_rng(seed)
    A = tensors.random_integer_tensor((m, k), rng)
    B = tensors.random_integer_tensor((k, p), rng)
    C = linalg.matmul(A, B)
    c1, c2 = st.columns(2)
    i = index_slider(c1, t(f"{PAGE}.product.i"), m, key="mp_i")
    j = index_slider(c2, t(f"{PAGE}.product.j"), p, key="mp_j")
    entry = linalg.matmul_entry(A, B, i - 1, j - 1)
    frames = {
        "A": charts.matrix_cells(A, row=i),
        "B": charts.matrix_cells(B, col=j),
        "C": charts.matrix_cells(C, row=i, col=j),
    }
    heat = alt.hconcat(
        *(
            charts.matrix_heatmap(cells, title=f"{name} ({cells.row.max()}×{cells.col.max()})")
            for name, cells in frames.items()
        )
    ).resolve_scale(color="independent")
    tidy = pd.concat([cells.assign(matrix=name) for name, cells in frames.items()], ignore_index=True)
    charts.show(heat, tidy, name="matrix_product")
    products = " + ".join(rf"({layout.tex_num(A[i - 1, q])})({layout.tex_num(B[q, j - 1])})" for q in range(k))
    st.latex(rf"C_{{{i}{j}}} = \sum_{{q=1}}^{{{k}}} A_{{{i}q}} B_{{q{j}}} = {products} = {layout.tex_num(entry.value)}")
    st.caption(t(f"{PAGE}.product.caption", k=k))
    layout.reproduce(
        "import numpy as np\n"
        "from mathdl.linalg import matmul, matmul_entry\n"
        "from mathdl.tensors import random_integer_tensor\n"
        f"rng = np.random.default_rng({seed})\n"
        f"A = random_integer_tensor(({m}, {k}), rng)\n"
        f"B = random_integer_tensor(({k}, {p}), rng)\n"
        "C = matmul(A, B)\n"
        f"matmul_entry(A, B, {i - 1}, {j - 1})   # the terms A[i, q] * B[q, j] and their sum"
    )


# --- 3. A dense layer folds space --------------------------------------------------------


def scatter(
    points: np.ndarray, classes: np.ndarray, title: str, axes: tuple[str, str]
) -> tuple[alt.Chart, pd.DataFrame]:
    data = pd.DataFrame({axes[0]: points[:, 0], axes[1]: points[:, 1], "class": classes.astype(str)})
    axis = alt.Chart().mark_rule(color=charts.NEUTRAL)
    chart = (
        axis.encode(x=alt.datum(0))
        + axis.encode(y=alt.datum(0))
        + alt.Chart(data)
        .mark_circle(size=28, opacity=0.75)
        .encode(
            x=alt.X(f"{axes[0]}:Q", scale=alt.Scale(zero=False)),
            y=alt.Y(f"{axes[1]}:Q", scale=alt.Scale(zero=False)),
            color=alt.Color(
                "class:N",
                scale=charts.colors(["0", "1"]),
                title=t(f"{PAGE}.layer.class"),
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            tooltip=[f"{axes[0]}:Q", f"{axes[1]}:Q", "class:N"],
        )
    )
    return chart.properties(title=title, height=320), data


@st.fragment
def layer_demo() -> None:
    layout.demo(PAGE, "layer")
    # The sliders sit where their entries sit in [W | b]: one column of widgets per column of W.
    defaults = {"w11": 1.0, "w21": 0.8, "w12": -1.0, "w22": 1.2, "b1": 0.0, "b2": -0.3}
    columns = st.columns(4, gap="medium")
    values = {
        name: columns[i // 2].slider(
            name, -2.0, 2.0, default, 0.1, key=f"dl_{name}", bind="query-params", help=t(f"{PAGE}.layer.weight_help")
        )
        for i, (name, default) in enumerate(defaults.items())
    }
    with columns[3]:
        use_relu = st.checkbox("ReLU", True, key="dl_relu", bind="query-params", help=t(f"{PAGE}.layer.relu_help"))
        noise = st.slider(t(f"{PAGE}.layer.noise"), 0.0, 0.5, 0.1, 0.05, key="dl_noise", bind="query-params")
        seed = layout.seed("dl_seed")
    W = np.array([[values["w11"], values["w12"]], [values["w21"], values["w22"]]])
    b = np.array([values["b1"], values["b2"]])
    X, y = datasets.moons(300, noise, np.random.default_rng(seed))
    Z = linalg.dense_layer(X, W, b)
    H = activations.relu(Z) if use_relu else Z
    relu_tex = r"\operatorname{ReLU}" if use_relu else ""
    st.latex(
        rf"\mathbf{{h}} = {relu_tex}\left({layout.matrix_tex(W)}\mathbf{{x}} + {layout.matrix_tex(b[:, None])}\right)"
    )
    panels = [
        scatter(X, y, t(f"{PAGE}.layer.input"), ("x1", "x2")),
        scatter(Z, y, t(f"{PAGE}.layer.linear"), ("z1", "z2")),
        scatter(H, y, t(f"{PAGE}.layer.output" if use_relu else f"{PAGE}.layer.no_relu"), ("h1", "h2")),
    ]
    for column, (panel, _) in zip(st.columns(3), panels):
        with column:
            charts.draw(panel)
    charts.download(pd.concat([frame for _, frame in panels], axis=1), name="dense_layer")
    st.caption(t(f"{PAGE}.layer.caption"))
    layout.reproduce(
        "import numpy as np\n"
        "from mathdl.datasets import moons\n"
        "from mathdl.linalg import dense_layer, relu\n"
        f"X, y = moons(300, noise={noise}, rng=np.random.default_rng({seed}))\n"
        f"W = np.array({W.tolist()})\n"
        f"b = np.array({b.tolist()})\n"
        f"H = {'relu(dense_layer(X, W, b))' if use_relu else 'dense_layer(X, W, b)'}   # (300, 2)"
    )


# --- 4. Projection onto a line -----------------------------------------------------------


def vector_sliders(prefix: str, name: str, default: tuple[float, float]) -> np.ndarray:
    columns = st.columns(2)
    return np.array(
        [
            column.slider(f"{name}{k + 1}", -2.5, 2.5, default[k], 0.1, key=f"{prefix}{k + 1}", bind="query-params")
            for k, column in enumerate(columns)
        ]
    )


@st.fragment
def projection_demo() -> None:
    layout.demo(PAGE, "projection")
    controls, right = st.columns([2, 3], gap="large")
    with controls:
        a = vector_sliders("pj_a", "a", (2.0, 1.0))
        y = vector_sliders("pj_y", "y", (0.5, 2.0))
        try:
            proj = linalg.project_onto_line(y, a)
        except MathDLError as error:
            layout.error(error)
            return
        st.latex(
            rf"\mathbf{{p}} = \frac{{\mathbf{{a}}^\top\mathbf{{y}}}}{{\mathbf{{a}}^\top\mathbf{{a}}}}\,\mathbf{{a}}"
            rf" = {layout.tex_num(proj.coef)}\,{layout.matrix_tex(a[:, None])} = {layout.matrix_tex(proj.projection[:, None])}"
        )
        st.latex(rf"\mathbf{{a}}^\top(\mathbf{{y}} - \mathbf{{p}}) = {layout.tex_num(proj.orthogonality, 2)}")
    names = [t(f"{PAGE}.projection.{part}") for part in ("a", "y", "p", "r")]
    vectors = pd.DataFrame(
        {
            "x0": [0.0, 0.0, 0.0, proj.projection[0]],
            "y0": [0.0, 0.0, 0.0, proj.projection[1]],
            "x": [a[0], y[0], proj.projection[0], y[0]],
            "y": [a[1], y[1], proj.projection[1], y[1]],
            "label": names,
        }
    )
    span = pd.DataFrame({"x": [-50 * a[0], 50 * a[0]], "y": [-50 * a[1], 50 * a[1]]})
    scale = charts.plane_scale(EXTENT)
    line = (
        alt.Chart(span)
        .mark_line(color=charts.NEUTRAL, strokeDash=[6, 4], clip=True)
        .encode(x=alt.X("x:Q", scale=scale, title=None), y=alt.Y("y:Q", scale=scale, title=None))
    )
    with right:
        picture = charts.square(line + charts.arrows(vectors, extent=EXTENT))
        charts.show(picture, vectors, name="projection", width="content")
        st.caption(t(f"{PAGE}.projection.caption"))
    layout.reproduce(
        "from mathdl.linalg import project_onto_line\n"
        f"project_onto_line(y={y.tolist()}, a={a.tolist()})   # coef, projection, residual"
    )


# --- 5. Least squares is a projection ----------------------------------------------------


@st.fragment
def least_squares_demo() -> None:
    layout.demo(PAGE, "lstsq")
    c1, c2, c3, c4 = st.columns(4)
    n = c1.slider(t(f"{PAGE}.lstsq.n"), 2, 60, 20, key="ls_n", bind="query-params")
    degree = c2.slider(
        t(f"{PAGE}.lstsq.degree"), 0, 6, 1, key="ls_degree", bind="query-params", help=t(f"{PAGE}.lstsq.degree_help")
    )
    noise = c3.slider(t(f"{PAGE}.lstsq.noise"), 0.0, 1.0, 0.3, 0.05, key="ls_noise", bind="query-params")
    with c4:
        seed = layout.seed("ls_seed")
    x, y = datasets.noisy_line(n, slope=1.5, intercept=0.5, noise=noise, rng=np.random.default_rng(seed))
    A = linalg.polynomial_design(x, degree)
    try:
        fit = linalg.least_squares(A, y)
    except MathDLError as error:
        layout.error(error)
        return
    grid = np.linspace(-1.0, 1.0, 200)
    curve = linalg.matmul(linalg.polynomial_design(grid, degree), fit.coef[:, None])[:, 0]
    points = pd.DataFrame({"x": x, "y": y, "fitted": fit.fitted, "residual": fit.residual})
    line = pd.DataFrame({"x": grid, "fitted": curve})
    chart = (
        alt.Chart(points).mark_rule(color=charts.PALETTE[3], strokeWidth=1.5).encode(x="x:Q", y="y:Q", y2="fitted:Q")
        + alt.Chart(line)
        .mark_line(color=charts.PALETTE[0], strokeWidth=2.5)
        .encode(x="x:Q", y=alt.Y("fitted:Q", title="y"))
        + alt.Chart(points)
        .mark_circle(size=60, color=charts.PALETTE[1], opacity=1)
        .encode(x="x:Q", y="y:Q", tooltip=[alt.Tooltip(c, format=".3g") for c in points.columns])
    )
    left, right = st.columns([2, 1], gap="large")
    with left:
        charts.show(chart.properties(height=360), points, name="least_squares")
        st.caption(t(f"{PAGE}.lstsq.caption"))
    with right:
        terms = " + ".join(
            layout.tex_num(c) + ("" if q == 0 else "x" if q == 1 else f"x^{{{q}}}") for q, c in enumerate(fit.coef)
        )
        st.latex(rf"\hat{{y}} = {terms}".replace("+ -", "- "))
        st.metric(t(f"{PAGE}.lstsq.rss"), layout.num(fit.rss))
        st.latex(rf"A^\top \mathbf{{r}} = {layout.matrix_tex(fit.normal_residual[:, None], 2)}")
        st.caption(t(f"{PAGE}.lstsq.orthogonal"))
    layout.reproduce(
        "import numpy as np\n"
        "from mathdl.datasets import noisy_line\n"
        "from mathdl.linalg import polynomial_design, least_squares\n"
        f"x, y = noisy_line({n}, slope=1.5, intercept=0.5, noise={noise}, rng=np.random.default_rng({seed}))\n"
        f"fit = least_squares(polynomial_design(x, {degree}), y)\n"
        "fit.coef, fit.residual   # the residual is orthogonal to every column of A"
    )


linear_map_demo()
st.divider()
product_demo()
st.divider()
layer_demo()
st.divider()
projection_demo()
st.divider()
least_squares_demo()

layout.source_code(
    [
        linalg.interpolate,
        linalg.transform_grid,
        linalg.determinant,
        linalg.rank,
        linalg.matmul,
        linalg.matmul_entry,
        linalg.dense_layer,
        activations.relu,
        linalg.project_onto_line,
        linalg.qr,
        linalg.least_squares,
    ]
)
layout.quiz(PAGE)
