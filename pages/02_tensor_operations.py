"""2. Tensors and tensor operations: shapes, images, convolution and einsum."""

import numpy as np
import streamlit as st

from mathdl import MathDLError, convolution, datasets, decomposition, tensors
from ui import charts, layout, state
from ui.demo import demo
from ui.figures import tensors as figures
from ui.i18n import labels, t
from ui.snippet import Snippet

PAGE = "tensors"
BATCH_COLUMNS = 8  # digits per row of the batch grid

FORMULAS = {
    "broadcast": r"(A + B)_{i_1 \dots i_n} = A_{i_1 \dots i_n} + B_{i_1 \dots i_n}",
    "conv": r"Y_{ij} = \sum_{u=0}^{k-1}\sum_{v=0}^{k-1} X_{iS+u,\ jS+v}\, K_{uv}",
    "size": r"W_{\text{out}} = \left\lfloor \frac{W - k + 2P}{S} \right\rfloor + 1",
    "einsum": r"C_{ik} = \sum_j A_{ij} B_{jk} \quad\Longleftrightarrow\quad \texttt{einsum('ij,jk->ik', A, B)}",
}


# --- Broadcasting, axis by axis ----------------------------------------------------------------

SHAPE_EXAMPLES = {  # name: (A, B), as a reader would type them
    "bias": ("32, 10", "10"),
    "outer": ("3, 1", "1, 4"),
    "channels": ("16, 28, 28, 3", "3"),
    "general": ("8, 1, 6, 1", "7, 1, 5"),
    "clash": ("3, 4", "3"),
}


def apply_shape_example() -> None:
    """Copy the chosen example into both shape boxes; the pills then act as buttons again."""
    name = st.session_state["bc_example"]
    if name is not None:
        st.session_state["bc_a"], st.session_state["bc_b"] = SHAPE_EXAMPLES[name]
        st.session_state["bc_example"] = None


def shape_input(column, name: str, default: str) -> str:
    """A text box for the shape of A or B."""
    return column.text_input(
        t(f"{PAGE}.broadcast.{name.lower()}"),
        default,
        max_chars=40,
        key=f"bc_{name.lower()}",
        bind="query-params",
        help=t(f"{PAGE}.broadcast.shape_help"),
    )


@demo("broadcast")
def broadcasting(snippet: Snippet) -> None:
    st.pills(
        t(f"{PAGE}.broadcast.examples"),
        list(SHAPE_EXAMPLES),
        format_func=labels(f"{PAGE}.broadcast.example", SHAPE_EXAMPLES),
        key="bc_example",
        on_change=apply_shape_example,
    )
    left, right = st.columns(2)
    a_text, b_text = shape_input(left, "A", "8, 1, 6, 1"), shape_input(right, "B", "7, 1, 5")
    try:
        a = snippet("a", tensors.parse_shape, a_text, "A")
        b = snippet("b", tensors.parse_shape, b_text, "B")
    except MathDLError as error:
        layout.error(error)
        return
    axes = snippet("axes", tensors.broadcast, a, b, note="axis by axis, from the right")
    layout.table(figures.broadcast_table(axes))
    try:
        shape = snippet("shape", tensors.broadcast_shape, a, b, note="numpy.broadcast_shapes gives the same")
    except MathDLError as error:
        layout.error(error)
    else:
        st.success(t(f"{PAGE}.broadcast.ok", shape=shape))
    st.caption(t(f"{PAGE}.broadcast.caption"))


# --- An image is a tensor ----------------------------------------------------------------------


@demo("image")
def image_tensor(snippet: Snippet) -> None:
    photo, batch = st.columns(2, gap="large")
    with photo:
        name = state.choice(
            t(f"{PAGE}.image.photo"), list(datasets.IMAGES), key="im_photo", section=f"{PAGE}.image.photos"
        )
        x = snippet("x", datasets.sample_image, name, max_side=160, cache=True, note="(H, W, 3) uint8")
        h, w, c = x.shape
        st.image(x, caption=t(f"{PAGE}.image.shape", h=h, w=w, c=c), width="stretch")
        for column, k, channel in zip(st.columns(3), range(c), "RGB", strict=True):
            column.image(x[:, :, k], caption=f"x[:, :, {k}] ({channel})", width="stretch")
        i = state.dependent(st.slider, t(f"{PAGE}.image.row"), 0, h - 1, h // 2, key="im_i")  # ranges follow the photo
        j = state.dependent(st.slider, t(f"{PAGE}.image.col"), 0, w - 1, w // 2, key="im_j")
        rgb = snippet("rgb", tensors.pixel, x, i, j, note=f"x[{i}, {j}, :]: red, green and blue")
        st.latex(rf"x[{i}, {j}, :] = {layout.matrix_tex(rgb[None, :])}")
    with batch:
        n = st.slider(t(f"{PAGE}.image.n"), 1, 32, 12, key="im_n", bind="query-params", help=t(f"{PAGE}.image.n_help"))
        images, targets = snippet("images, targets", datasets.digits, cache=True, note="(1797, 8, 8) and (1797,)")
        digits = snippet("digits", tensors.minibatch, images, n, note=f"images[:{n}], shape ({n}, 8, 8)")
        digit_labels = snippet("digit_labels", tensors.minibatch, targets, n)
        grid = snippet("grid", tensors.tile_batch, digits, min(n, BATCH_COLUMNS), note="one image, a grid of digits")
        st.image(charts.pixels(grid, scale=8), caption=t(f"{PAGE}.image.batch_shape", n=n), width="stretch")
        st.caption(t(f"{PAGE}.image.labels", labels=", ".join(f"{v:g}" for v in digit_labels)))
    st.caption(t(f"{PAGE}.image.caption"))


# --- Convolution and pooling -------------------------------------------------------------------


def kernel_editor(snippet: Snippet, preset: str) -> np.ndarray:
    """The kernel: a preset from mathdl's registry, or nine entries the reader types (sharpen to start)."""
    if preset != "custom":
        return snippet("K", convolution.kernel, preset)
    start = convolution.KERNELS["sharpen"]
    entries = [
        [
            state.dependent(  # drawn only for a custom kernel
                column.number_input, f"k{u + 1}{v + 1}", -10.0, 10.0, float(start[u, v]), 0.5, key=f"cv_k{u + 1}{v + 1}"
            )
            for v, column in enumerate(st.columns(3))
        ]
        for u in range(3)
    ]
    return snippet("K", np.array, entries)


def output_size_tex(size: tuple[int, int], kernel: tuple[int, int], out: tuple[int, int], padding: int, stride: int):
    """⌊(W − k + 2P)/S⌋ + 1 filled in for both axes (k the kernel's size), with the size the convolution produced."""
    return r",\qquad ".join(
        rf"{axis}_{{\text{{out}}}} = \left\lfloor \frac{{{n} - {k} + 2\cdot{padding}}}{{{stride}}} \right\rfloor"
        rf" + 1 = {m}"
        for axis, n, k, m in zip("HW", size, kernel, out, strict=True)
    )


def conv_controls() -> tuple[str, int, int, str]:
    """The kernel preset (or "custom"), the stride, the padding and the kind of pooling."""
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        preset = state.choice(
            t(f"{PAGE}.conv.kernel"), [*convolution.KERNELS, "custom"], key="cv_kernel", section=f"{PAGE}.conv.kernels"
        )
    stride = c2.slider(
        t(f"{PAGE}.conv.stride"), 1, 3, 1, key="cv_stride", bind="query-params", help=t(f"{PAGE}.conv.stride_help")
    )
    padding = c3.slider(
        t(f"{PAGE}.conv.padding"), 0, 2, 1, key="cv_padding", bind="query-params", help=t(f"{PAGE}.conv.padding_help")
    )
    with c4:
        pool = state.choice(
            t(f"{PAGE}.conv.pool"),
            list(convolution.POOLS),
            key="cv_pool",
            section=f"{PAGE}.conv.pools",
            widget=st.radio,
            horizontal=True,
        )
    return preset, stride, padding, pool


@demo("conv")
def feature_map(snippet: Snippet) -> None:
    preset, stride, padding, pool = conv_controls()
    K = kernel_editor(snippet, preset)
    photo = snippet("photo", datasets.sample_image, "china", max_side=120, cache=True)
    X = snippet("X", decomposition.image_to_gray, photo, note="(H, W) grey levels in [0, 1]")
    Y = snippet("Y", convolution.conv2d, X, K, stride=stride, padding=padding, note="the feature map")
    pooled = snippet("pooled", convolution.pool2d, Y, 2, mode=pool)
    st.latex(output_size_tex(X.shape, K.shape, Y.shape, padding, stride))
    picture, weights, feature, after = st.columns([3, 2, 3, 3])
    picture.image(charts.pixels(X), caption=t(f"{PAGE}.conv.input", shape=X.shape), width="stretch")
    with weights:
        charts.draw(figures.kernel(K)[0])
    feature.image(charts.pixels(Y), caption=t(f"{PAGE}.conv.output", shape=Y.shape), width="stretch")
    after.image(charts.pixels(pooled), caption=t(f"{PAGE}.conv.pooled", shape=pooled.shape), width="stretch")
    charts.download(charts.tensor_frame(Y), name="feature_map")
    st.caption(t(f"{PAGE}.conv.caption"))


# --- einsum, the general contraction -----------------------------------------------------------


@demo("einsum")
def contraction(snippet: Snippet) -> None:
    left, right = st.columns([2, 1])
    with left:
        name = state.choice(
            t(f"{PAGE}.einsum.example"),
            list(tensors.EINSUM_EXAMPLES),
            key="es_example",
            section=f"{PAGE}.einsum.examples",
        )
    with right:
        rng = snippet.rng(layout.seed("es_seed"))
    subscripts, shapes = tensors.EINSUM_EXAMPLES[name]
    names = "ABC"[: len(shapes)]
    operands = [snippet(n, tensors.random_integer_tensor, shape, rng) for n, shape in zip(names, shapes, strict=True)]
    result = snippet("result", tensors.einsum, subscripts, *operands, note="numpy.einsum gives the same")
    st.code(f'einsum("{subscripts}", {", ".join(names)})   # → shape {result.shape}', language="python")
    chart, data = figures.einsum(operands, result)
    charts.show(chart, data, name="einsum", width="content")
    st.caption(t(f"{PAGE}.einsum.caption"))


layout.lesson(
    PAGE,
    formulas=FORMULAS,
    demos=[broadcasting, image_tensor, feature_map, contraction],
    code=[
        tensors.broadcast,
        tensors.minibatch,
        tensors.tile_batch,
        convolution.conv2d,
        convolution.pool2d,
        tensors.einsum,
    ],
)
