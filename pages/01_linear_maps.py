"""1. Matrices and linear maps: a matrix is a map of the plane."""

from collections.abc import Callable

import numpy as np
import streamlit as st

from mathdl import MathDLError, activations, datasets, linalg, operations, projection, subspaces, tensors
from ui import charts, drag, layout, predict, state
from ui.demo import demo
from ui.figures import linear_maps as figures
from ui.i18n import labels, t
from ui.snippet import Snippet

PAGE = "linear_maps"
EXTENT = 3.0  # the plane is drawn over [-3, 3]²
DET_BOUND = 18.0  # |det| of a 2 × 2 matrix with entries in [-3, 3] is at most 3·3 + 3·3

FORMULAS = {
    "columns": r"A\mathbf{x} = x_1\,\mathbf{a}_1 + x_2\,\mathbf{a}_2",
    "det": r"\det A = a_{11}a_{22} - a_{12}a_{21}",
    "operations": r"(A + B)\mathbf{x} = A\mathbf{x} + B\mathbf{x}, \quad A^{-1}A = I, \quad (AB)^\top = B^\top A^\top",
    "product": r"C_{ij} = \sum_k A_{ik} B_{kj}",
    "hadamard": r"(A \ast B)_{ij} = A_{ij}\,B_{ij}",
    "layer": r"\mathbf{h} = \operatorname{ReLU}(W\mathbf{x} + \mathbf{b})",
    "subspaces": r"\operatorname{rank} A + \operatorname{nullity} A = \dim C(A) + \dim N(A) = n",
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


def matrix_editor(
    prefix: str = "lm_a", defaults: list[list[float]] | None = None, *, name: str = "a", always: bool = True
) -> list[list[float]]:
    """The entries of a matrix, one row of inputs per row, so a phone stacks them in reading order.

    Keys and labels are ``prefix``/``name`` and the entry's row and column (lm_a12, a12). A matrix that
    only some choices show (``always=False``) keeps its entries through :func:`ui.state.dependent`.
    """
    defaults = defaults or [[1.2, 0.6], [0.3, 0.9]]

    def entry(column, i: int, j: int) -> float:
        label, key, value = f"{name}{i + 1}{j + 1}", f"{prefix}{i + 1}{j + 1}", float(defaults[i][j])
        options = {"format": "%.2f", "help": t(f"{PAGE}.map.entry_help", matrix=name.upper())}
        if always:
            return column.number_input(label, -3.0, 3.0, value, 0.1, key=key, bind="query-params", **options)
        return state.dependent(column.number_input, label, -3.0, 3.0, value, 0.1, key=key, **options)

    columns = len(defaults[0])
    return [[entry(column, i, j) for j, column in enumerate(st.columns(columns))] for i in range(len(defaults))]


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
        rank = snippet("rank", linalg.rank, M)
        st.latex(rf"A_t = {layout.matrix_tex(M)}")
    question = predict.Question(t(f"{PAGE}.map.predict"), -DET_BOUND, DET_BOUND, 0.1, close=0.2)
    with picture:  # asked where the plane would show it; the worked determinant and the dragged vector wait too
        if not predict.first(PAGE, "lm", question, det, snippet.code()):
            return
    with controls:
        determinant_readout(M, det, rank)
    with picture:
        grid = snippet("grid", linalg.grid_lines, EXTENT)
        moved = snippet("moved", linalg.transform_grid, M, EXTENT, note="(L, 2, 2): the end points of every moved line")
        square = snippet("square", linalg.unit_square, M, note="(4, 2): a parallelogram of area |det M|")
        letter = snippet("letter", linalg.transform, M, linalg.F_SHAPE)
        chart, data = figures.linear_map(grid, moved, square, linalg.F_SHAPE, letter, M, det, extent=EXTENT)
        charts.show(chart, data, name="linear_map", width="content")
        st.caption(t(f"{PAGE}.map.caption"))
    drag.alone("lm_vector", lambda s: drag_a_vector(s, A, grid), snippet)


VECTOR_RANGE = (-2.5, 2.5, 0.1)  # the sliders of x: low, high, step


def move_x(event: drag.Event) -> None:
    """A drag of x on the plane moves x's two sliders (and through them the URL)."""
    if event.at is not None:
        drag.set_widgets({f"lm_x{k + 1}": (event.at[k], *VECTOR_RANGE) for k in range(2)})


def drag_a_vector(snippet: Snippet, A: np.ndarray, grid: np.ndarray) -> None:
    """Drag x on the plane, or move its sliders: Ax follows, both with their coordinates."""
    controls, picture = st.columns([2, 3], gap="large")
    with controls:
        st.markdown(t(f"{PAGE}.map.drag_intro"))
        x = snippet("x", np.array, vector_sliders("lm_x", "x", (1.0, 0.5)))
        Ax = snippet("Ax", linalg.transform, A, [x], note="(1, 2): the image of x")[0]
        st.latex(rf"A\mathbf{{x}} = {layout.matrix_tex(A)}{vector_tex(x)} = {vector_tex(Ax)}")
    with picture:
        moved = snippet("moved_A", linalg.transform_grid, A, EXTENT)
        plane, data = figures.vector_plane(grid, moved, x, Ax, extent=EXTENT)
        drag.plane("lm_drag", plane, on_event=move_x)
        charts.download(data, name="vector_and_image")
        st.caption(t(f"{PAGE}.map.drag_caption"))


def determinant_readout(M: np.ndarray, det: float, rank: int) -> None:
    """A_t's determinant worked out with the current entries, and what det and rank say about the map."""
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


# --- Matrix operations as maps of the plane ---------------------------------------------------


def draw_maps(snippet: Snippet, maps: dict[str, tuple[str, np.ndarray]], *, slots: int = 0) -> list:
    """Each map (snippet name -> title, matrix) moving the grid and the F, the pictures side by side.

    With ``slots`` more columns than pictures, the ones left over come back, empty, for words beside them.
    """
    grid = snippet("grid", linalg.grid_lines, EXTENT)
    drawn = [
        (
            title,
            snippet(f"{name}_grid", linalg.transform_grid, M, EXTENT),
            snippet(f"{name}_F", linalg.transform, M, linalg.F_SHAPE),
        )
        for name, (title, M) in maps.items()
    ]
    pictures, data = figures.operation_panels(grid, linalg.F_SHAPE, drawn, extent=EXTENT)
    columns = st.columns(max(slots, len(pictures)))
    for column, picture in zip(columns, pictures, strict=False):
        with column:
            charts.draw(picture, width="content")
    charts.download(data, name="matrix_operations")
    return columns[len(pictures) :]


def second_matrix(column) -> list[list[float]]:
    """B, for the operations that take two matrices: a quarter turn to start with."""
    with column:
        return matrix_editor("mo_b", [[0.0, -1.0], [1.0, 0.0]], name="b", always=False)


def vector_tex(v: np.ndarray) -> str:
    return layout.matrix_tex(np.asarray(v).reshape(-1, 1))


def show_sum(snippet: Snippet, A: np.ndarray, column) -> None:
    B = snippet("B", np.array, second_matrix(column))
    S = snippet("S", operations.add, A, B)
    draw_maps(snippet, {"A": ("A", A), "B": ("B", B), "S": ("A + B", S)})
    corner = snippet("p", np.array, [[1.0, 1.5]], note="the top right corner of the F")
    Ap, Bp, Sp = (snippet(f"{name}p", linalg.transform, M, corner)[0] for name, M in (("A", A), ("B", B), ("S", S)))
    st.latex(rf"A + B = {layout.matrix_tex(A)} + {layout.matrix_tex(B)} = {layout.matrix_tex(S)}")
    st.latex(
        rf"\begin{{aligned}} (A + B)\mathbf{{p}} &= {vector_tex(Sp)} \\ &= {vector_tex(Ap)} + {vector_tex(Bp)}"
        rf" = A\mathbf{{p}} + B\mathbf{{p}} \end{{aligned}}"
    )
    st.caption(t(f"{PAGE}.ops.caption_sum"))


def show_scale(snippet: Snippet, A: np.ndarray, column) -> None:
    c = state.dependent(column.slider, "c", -2.0, 2.0, 1.5, 0.1, key="mo_c", help=t(f"{PAGE}.ops.c_help"))
    cA = snippet("cA", operations.scale, c, A)
    draw_maps(snippet, {"A": ("A", A), "cA": (f"{layout.num(c)}A", cA)})
    det, det_c = snippet("det_A", linalg.determinant, A), snippet("det_cA", linalg.determinant, cA)
    st.latex(rf"cA = {layout.tex_num(c)}\,{layout.matrix_tex(A)} = {layout.matrix_tex(cA)}")
    st.latex(
        rf"\begin{{aligned}} \det(cA) &= c^2 \det A \\ &= ({layout.tex_num(c)})^2 \cdot ({layout.tex_num(det)})"
        rf" = {layout.tex_num(det_c)} \end{{aligned}}"
    )
    st.caption(t(f"{PAGE}.ops.caption_scale"))


def show_transpose(snippet: Snippet, A: np.ndarray, column) -> None:
    At = snippet("At", operations.transpose, A)
    draw_maps(snippet, {"A": ("A", A), "At": ("Aᵀ", At)})
    det, det_t = snippet("det_A", linalg.determinant, A), snippet("det_At", linalg.determinant, At)
    AtA = snippet("AtA", linalg.matmul, At, A, note="the identity exactly when A keeps lengths")
    st.latex(rf"A^\top = {layout.matrix_tex(At)}")
    st.latex(rf"\det A^\top = {layout.tex_num(det_t)} = \det A")
    st.latex(rf"A^\top A = {layout.matrix_tex(AtA)}")
    st.caption(t(f"{PAGE}.ops.caption_transpose", det=layout.num(det)))


ADJUGATE = r"\begin{bmatrix} a_{22} & -a_{12} \\ -a_{21} & a_{11} \end{bmatrix}"  # A⁻¹ = adjugate / det, for 2 × 2


def show_inverse(snippet: Snippet, A: np.ndarray, column) -> None:
    r = snippet("r", linalg.rank, A)
    det = snippet("det", linalg.determinant, A)
    if r < 2:
        beside = draw_maps(snippet, {"A": ("A", A)}, slots=2)[0]
        onto = t(f"{PAGE}.ops.onto_line" if r == 1 else f"{PAGE}.ops.onto_point")
        beside.warning(t(f"{PAGE}.ops.singular", det=layout.num(det), rank=r, onto=onto), icon=":material/block:")
        return
    try:
        A_inv = snippet("A_inv", operations.inverse, A, note="Gauss–Jordan: [A | I] becomes [I | A⁻¹]")
    except MathDLError as error:  # invertible, but too nearly singular for the inverse to fit in a double
        layout.error(error)
        return
    back = snippet("back", linalg.matmul, A_inv, A)
    draw_maps(snippet, {"A": ("A", A), "A_inv": ("A⁻¹", A_inv), "back": ("A⁻¹A", back)})
    (a, b), (c, d) = (map(layout.tex_num, row) for row in A)
    adjugate = rf"\begin{{bmatrix}} {d} & -({b}) \\ -({c}) & {a} \end{{bmatrix}}"
    fraction = rf"\frac{{1}}{{{layout.tex_num(det)}}}"
    st.latex(
        rf"\begin{{aligned}} A^{{-1}} &= \frac{{1}}{{\det A}} {ADJUGATE} \\ &= {fraction} {adjugate}"
        rf" \\ &= {layout.matrix_tex(A_inv)} \end{{aligned}}"
    )
    st.latex(rf"A^{{-1}}A = {layout.matrix_tex(back)}")
    st.caption(t(f"{PAGE}.ops.caption_inverse"))


def show_commute(snippet: Snippet, A: np.ndarray, column) -> None:
    B = snippet("B", np.array, second_matrix(column))
    AB, BA = snippet("AB", linalg.matmul, A, B), snippet("BA", linalg.matmul, B, A)
    draw_maps(snippet, {"AB": (t(f"{PAGE}.ops.ab"), AB), "BA": (t(f"{PAGE}.ops.ba"), BA)})
    same = snippet("same", np.allclose, AB, BA)
    relation = "=" if same else r"\neq"
    st.latex(rf"AB = {layout.matrix_tex(AB)} {relation} {layout.matrix_tex(BA)} = BA")
    st.caption(t(f"{PAGE}.ops.caption_commute_same" if same else f"{PAGE}.ops.caption_commute"))


OPERATION_VIEWS = {
    "sum": show_sum,
    "scale": show_scale,
    "transpose": show_transpose,
    "inverse": show_inverse,
    "commute": show_commute,
}


@demo("ops")
def matrix_operations(snippet: Snippet) -> None:
    operation = state.choice(
        t(f"{PAGE}.ops.operation"),
        list(OPERATION_VIEWS),
        key="mo_op",
        section=f"{PAGE}.operations",
        widget=st.radio,
        horizontal=True,
        help=t(f"{PAGE}.ops.operation_help"),
    )
    left, right = st.columns(2, gap="large")
    with left:
        A = snippet("A", np.array, matrix_editor("mo_a", [[1.0, 1.0], [0.0, 1.0]]))
    OPERATION_VIEWS[operation](snippet, A, right)


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


# --- Element-wise or matrix product -----------------------------------------------------------


def product_side(title: str, rule: str, chart, problem: str | None, entry_tex: str) -> None:
    """One of the two products: its name, its shape rule, then its picture and entry (1, 1) or why it has none."""
    st.markdown(title)
    st.markdown(rule)
    if chart is None:
        st.warning(problem, icon=":material/block:")
        return
    charts.draw(chart, width="content")
    st.latex(entry_tex)


@demo("hadamard")
def elementwise_or_matrix(snippet: Snippet) -> None:
    *columns, last = st.columns(5)
    m, n, p, q = (
        column.slider(t(f"{PAGE}.hadamard.{name}"), 1, 4, 2, key=f"hp_{name}", bind="query-params")
        for column, name in zip(columns, "mnpq", strict=True)
    )
    with last:
        rng = snippet.rng(layout.seed("hp_seed"))
    A = snippet("A", tensors.random_integer_tensor, (m, n), rng)
    B = snippet("B", tensors.random_integer_tensor, (p, q), rng)
    rules = snippet("rules", operations.product_shapes, (m, n), (p, q), note="the shape of A * B and of A @ B, or None")
    star = snippet("elementwise", operations.hadamard, A, B, note="NumPy's A * B") if rules.elementwise else None
    at = snippet("product", linalg.matmul, A, B, note="NumPy's A @ B") if rules.matmul else None
    pictures, data = figures.products(A, B, star, at)
    left, right = st.columns(2, gap="large")
    shapes = {"m": m, "n": n, "p": p, "q": q}
    with left:
        axis, a, b = ("rows", m, p) if rules.clash == -2 else ("columns", n, q)
        product_side(
            t(f"{PAGE}.hadamard.star_title"),
            t(f"{PAGE}.hadamard.star_rule", **shapes, shape=shape_text(rules.elementwise)),
            pictures["elementwise"],
            t(f"{PAGE}.hadamard.no_star_{axis}", a=a, b=b),
            star_entry_tex(A, B, star),
        )
    with right:
        product_side(
            t(f"{PAGE}.hadamard.at_title"),
            t(f"{PAGE}.hadamard.at_rule", **shapes, shape=shape_text(rules.matmul)),
            pictures["matmul"],
            t(f"{PAGE}.hadamard.no_at", n=n, p=p),
            at_entry_tex(A, B, at),
        )
    charts.download(data, name="products")
    st.caption(t(f"{PAGE}.hadamard.caption"))


def shape_text(shape: tuple[int, int] | None) -> str:
    return "—" if shape is None else f"{shape[0]}×{shape[1]}"


def star_entry_tex(A: np.ndarray, B: np.ndarray, C: np.ndarray | None) -> str:
    """(A * B)₁₁ = A₁₁B₁₁ with the numbers."""
    if C is None:
        return ""
    return (
        rf"(A \ast B)_{{11}} = A_{{11}} B_{{11}} = ({layout.tex_num(A[0, 0])})({layout.tex_num(B[0, 0])})"
        rf" = {layout.tex_num(C[0, 0])}"
    )


def at_entry_tex(A: np.ndarray, B: np.ndarray, C: np.ndarray | None) -> str:
    """(A @ B)₁₁ = Σₖ A₁ₖBₖ₁ with the numbers: row 1 of A meets column 1 of B."""
    if C is None:
        return ""
    terms = [rf"({layout.tex_num(a)})({layout.tex_num(b)})" for a, b in zip(A[0], B[:, 0], strict=True)]
    pairs = [" + ".join(terms[k : k + 2]) for k in range(0, len(terms), 2)]  # two a line: a phone is narrow
    sums = r" \\ &\quad + ".join(pairs)
    return (
        rf"\begin{{aligned}} (AB)_{{11}} &= \textstyle\sum_k A_{{1k}} B_{{k1}} \\ &= {sums} \\"
        rf" &= {layout.tex_num(C[0, 0])} \end{{aligned}}"
    )


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


# --- Subspaces: the column space and the null space -------------------------------------------


def apply_example() -> None:
    """Copy the chosen example into n and the entries; the pills then act as buttons again."""
    name = st.session_state["vs_example"]
    if name is not None:
        A = subspaces.EXAMPLES[name]
        st.session_state["vs_n"] = str(A.shape[1])
        for (i, j), value in np.ndenumerate(A):
            st.session_state[f"vs_a{i + 1}{j + 1}"] = float(value)
        st.session_state["vs_example"] = None


def basis_tex(Q: np.ndarray) -> str:
    """span{q₁, …} with the basis vectors written out, or {0} for the zero subspace."""
    if Q.shape[1] == 0:
        return r"\{\mathbf{0}\}"
    return rf"\operatorname{{span}}\left\{{ {', '.join(vector_tex(q) for q in Q.T)} \right\}}"


def subspace_facts(A: np.ndarray, found: subspaces.Subspaces, A_null: np.ndarray) -> None:
    """Both subspaces by a basis, their dimensions, and rank + nullity = n with the current numbers."""
    n = A.shape[1]
    columns = ", ".join(rf"\mathbf{{a}}_{j + 1}" for j in range(n))
    st.latex(
        rf"\begin{{aligned}} C(A) &= \operatorname{{span}}\{{{columns}\}} \\ &= {basis_tex(found.column_basis)}"
        r" \end{aligned}"
    )
    st.latex(rf"N(A) = {basis_tex(found.null_basis)}")
    if found.nullity:
        st.latex(rf"A\mathbf{{n}}_1 = {vector_tex(A_null[:, 0])}")
    st.latex(rf"\operatorname{{rank}} A + \operatorname{{nullity}} A = {found.rank} + {found.nullity} = {n} = n")


def subspace_controls(snippet: Snippet) -> tuple[np.ndarray, float]:
    """A (2 × 3 or 2 × 2, its entries typed or from an example above) and the scalar c of the closure."""
    shape = state.choice(
        t(f"{PAGE}.subspaces.n"),
        ["3", "2"],
        key="vs_n",
        section=f"{PAGE}.subspaces.shapes",
        widget=st.radio,
        horizontal=True,
        help=t(f"{PAGE}.subspaces.n_help"),
    )
    start = subspaces.EXAMPLES["plane"][:, : int(shape)].tolist()
    A = snippet("A", np.array, matrix_editor("vs_a", start, always=False))
    c = st.slider("c", -2.0, 2.0, 1.5, 0.1, key="vs_c", bind="query-params", help=t(f"{PAGE}.subspaces.c_help"))
    return A, c


@demo("subspaces")
def vector_subspaces(snippet: Snippet) -> None:
    st.pills(
        t(f"{PAGE}.subspaces.examples"),
        list(subspaces.EXAMPLES),
        format_func=labels(f"{PAGE}.subspace_examples", subspaces.EXAMPLES),
        key="vs_example",
        on_change=apply_example,
        help=t(f"{PAGE}.subspaces.examples_help"),
    )
    controls, facts = st.columns([2, 3], gap="large")
    with controls:
        A, c = subspace_controls(snippet)
    found = snippet("found", subspaces.subspaces, A, note="rank, nullity and an orthonormal basis of each subspace")
    A_null = snippet("A_null", linalg.matmul, A, found.null_basis, note="zero, up to rounding")
    with facts:
        subspace_facts(A, found, A_null)
    closed = snippet("closed", subspaces.closure, found.column_basis, A[:, 0], A[:, 1], c, note="u = a₁, v = a₂")
    path = None
    if found.nullity:
        path = snippet("path", subspaces.combination_path, A, found.null_basis[:, 0], note="x₁a₁ + … + xₙaₙ = 0")
    pictures, data = figures.subspaces(A, found.column_basis, closed.sum, closed.multiple, c, path)
    left, right = st.columns(2, gap="large")
    with left:
        charts.draw(pictures[0], width="content")
        distances = {"sum": layout.num(closed.distances[2]), "multiple": layout.num(closed.distances[3])}
        st.caption(t(f"{PAGE}.subspaces.caption_closure", c=layout.num(c), **distances))
    with right:
        if path is None:
            st.info(t(f"{PAGE}.subspaces.independent"), icon=":material/info:")
        else:
            charts.draw(pictures[1], width="content")
            st.caption(t(f"{PAGE}.subspaces.caption_null"))
    charts.download(data, name="subspaces")
    st.caption(t(f"{PAGE}.subspaces.caption", rank=found.rank, nullity=found.nullity, n=A.shape[1]))


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


POINTS = "ls_pts"  # the reader's own points, in session state and in the URL (ui.drag.encode_points)
MOST_POINTS = 60  # as many as the slider of n allows


def own_points(made_from: tuple) -> list | None:
    """The points the reader dragged, added or removed, or None while the generated ones stand.

    They belong to the data they were made from (n, noise, seed): moving one of those sliders draws new
    points. A link brings its points along; a malformed or hostile one is ignored.
    """
    if st.session_state.get("ls_from", made_from) != made_from:
        st.session_state.pop(POINTS, None)
    if POINTS not in st.session_state:
        found = drag.decode_points(st.query_params.get(POINTS), figures.LSTSQ_VIEW.bounds, MOST_POINTS)
        if found is not None:
            st.session_state[POINTS] = found
    st.session_state["ls_from"] = made_from
    points = st.session_state.get(POINTS)
    if points is None:
        if POINTS in st.query_params:
            del st.query_params[POINTS]
    else:
        st.query_params[POINTS] = drag.encode_points(points)
    return points


def edit_points(start: list) -> Callable[[drag.Event], None]:
    """What a drag, a click on empty space or a click on a chosen point does to the points (a callback)."""

    def on_event(event: drag.Event) -> None:
        # The first edit rounds every point as the URL writes it, so the page shows what a link reopens.
        points = list(st.session_state.get(POINTS) or drag.tidy_points(start, figures.LSTSQ_VIEW.bounds))
        index = int(event.id[1:]) if event.id else None
        if event.type == "move" and index is not None and index < len(points):
            points[index] = drag.tidy_points([event.at], figures.LSTSQ_VIEW.bounds)[0]
        elif event.type == "add" and len(points) < MOST_POINTS:
            points.append(drag.tidy_points([event.at], figures.LSTSQ_VIEW.bounds)[0])
        elif event.type == "remove" and index is not None and index < len(points) and len(points) > 1:
            del points[index]
        st.session_state[POINTS] = points

    return on_event


@demo("lstsq")
def least_squares(snippet: Snippet) -> None:
    c1, c2, c3, c4 = st.columns(4)
    n = c1.slider(t(f"{PAGE}.lstsq.n"), 2, MOST_POINTS, 20, key="ls_n", bind="query-params")
    degree = c2.slider(
        t(f"{PAGE}.lstsq.degree"), 0, 6, 1, key="ls_degree", bind="query-params", help=t(f"{PAGE}.lstsq.degree_help")
    )
    noise = c3.slider(t(f"{PAGE}.lstsq.noise"), 0.0, 1.0, 0.3, 0.05, key="ls_noise", bind="query-params")
    with c4:
        seed = layout.seed("ls_seed")
    drag.alone("ls_points", lambda s: fit_and_draw(s, (n, noise, seed), degree), snippet)


def fit_and_draw(snippet: Snippet, made_from: tuple[int, float, int], degree: int) -> None:
    """The points (generated or the reader's own), the fit and its residuals: a figure that reruns alone."""
    n, noise, seed = made_from
    points = own_points(made_from)
    if points is None:
        rng = snippet.rng(seed)
        x, y = snippet("x, y", datasets.noisy_line, n, slope=1.5, intercept=0.5, noise=noise, rng=rng)
    else:
        x = snippet("x", np.array, [p[0] for p in points], note="the points placed by hand")
        y = snippet("y", np.array, [p[1] for p in points])
    A = snippet("A", projection.polynomial_design, x, degree, note="(n, degree + 1): the columns 1, x, x², …")
    try:
        fit = snippet("fit", projection.least_squares, A, y, note="the residual is orthogonal to every column of A")
    except MathDLError as error:
        fit = None
        layout.error(error)
    grid = snippet("grid", np.linspace, *figures.LSTSQ_VIEW.x, 200)
    curve = None if fit is None else snippet("curve", projection.polynomial_values, fit.coef, grid)
    left, right = st.columns([2, 1], gap="large")
    with left:
        fitted, residual = (None, None) if fit is None else (fit.fitted, fit.residual)
        plane, data = figures.least_squares(x, y, fitted, residual, grid, curve)
        drag.plane("ls_drag", plane, on_event=edit_points(list(zip(x.tolist(), y.tolist(), strict=True))))
        charts.download(data, name="least_squares")
        st.caption(t(f"{PAGE}.lstsq.caption"))
    with right:
        if points is not None:
            st.caption(t(f"{PAGE}.lstsq.own", count=len(points)))
            st.button(t(f"{PAGE}.lstsq.reset"), key="ls_reset", on_click=lambda: st.session_state.pop(POINTS, None))
        if fit is not None:
            fit_readout(fit)


def fit_readout(fit: projection.LeastSquares) -> None:
    """The fitted polynomial, the residual sum of squares, and Aᵀr = 0 with the numbers."""
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
    demos=[
        linear_map,
        matrix_operations,
        product,
        elementwise_or_matrix,
        dense_layer,
        vector_subspaces,
        onto_a_line,
        least_squares,
    ],
    code=[
        linalg.interpolate,
        linalg.transform_grid,
        linalg.determinant,
        linalg.rank,
        linalg.matmul,
        linalg.matmul_entry,
        operations.inverse,
        operations.hadamard,
        operations.product_shapes,
        linalg.dense_layer,
        activations.relu,
        subspaces.subspaces,
        subspaces.closure,
        projection.project_onto_line,
        projection.qr,
        projection.least_squares,
    ],
)
