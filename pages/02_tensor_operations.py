"""2. Tensors and tensor operations: shapes, images, convolution and einsum."""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from mathdl import MathDLError, datasets, tensors
from ui import charts, layout, state
from ui.i18n import labels, t

PAGE = "tensors"

layout.header(PAGE)

layout.formulas(
    PAGE,
    {
        "broadcast": r"(A + B)_{i_1 \dots i_n} = A_{i_1 \dots i_n} + B_{i_1 \dots i_n}",
        "conv": r"Y_{ij} = \sum_{u=0}^{K-1}\sum_{v=0}^{K-1} X_{iS+u,\ jS+v}\, K_{uv}",
        "size": r"W_{\text{out}} = \left\lfloor \frac{W - K + 2P}{S} \right\rfloor + 1",
        "einsum": r"C_{ik} = \sum_j A_{ij} B_{jk} \quad\Longleftrightarrow\quad \texttt{einsum('ij,jk->ik', A, B)}",
    },
)

layout.section("explore")


# --- 1. Broadcasting ---------------------------------------------------------------------

SHAPE_EXAMPLES = {  # name: (A, B)
    "bias": ("32, 10", "10"),
    "outer": ("3, 1", "1, 4"),
    "channels": ("16, 28, 28, 3", "3"),
    "general": ("8, 1, 6, 1", "7, 1, 5"),
    "clash": ("3, 4", "3"),
}


def apply_shape_example() -> None:
    name = st.session_state["bc_example"]
    if name is not None:
        st.session_state["bc_a"], st.session_state["bc_b"] = SHAPE_EXAMPLES[name]
        st.session_state["bc_example"] = None


@st.fragment
def broadcast_demo() -> None:
    layout.demo(PAGE, "broadcast")
    st.pills(
        t(f"{PAGE}.broadcast.examples"),
        list(SHAPE_EXAMPLES),
        format_func=labels(f"{PAGE}.broadcast.example", SHAPE_EXAMPLES),
        key="bc_example",
        on_change=apply_shape_example,
    )
    left, right = st.columns(2)
    a_text = left.text_input(
        t(f"{PAGE}.broadcast.a"),
        "8, 1, 6, 1",
        max_chars=40,
        key="bc_a",
        bind="query-params",
        help=t(f"{PAGE}.broadcast.shape_help"),
    )
    b_text = right.text_input(
        t(f"{PAGE}.broadcast.b"),
        "7, 1, 5",
        max_chars=40,
        key="bc_b",
        bind="query-params",
        help=t(f"{PAGE}.broadcast.shape_help"),
    )
    try:
        a, b = tensors.parse_shape(a_text, "A"), tensors.parse_shape(b_text, "B")
    except MathDLError as error:
        layout.error(error)
        return
    axes = tensors.broadcast(a, b)
    table = pd.DataFrame(
        {
            t(f"{PAGE}.broadcast.axis"): [str(k - len(axes)) for k in range(len(axes))],
            "A": [axis.a for axis in axes],
            "B": [axis.b for axis in axes],
            t(f"{PAGE}.broadcast.result"): ["✗" if axis.result is None else str(axis.result) for axis in axes],
            t(f"{PAGE}.broadcast.rule"): [t(f"{PAGE}.broadcast.rules.{axis.rule}") for axis in axes],
        }
    )
    layout.table(table)
    try:
        shape = tensors.broadcast_shape(a, b)
    except MathDLError as error:
        layout.error(error)
    else:
        st.success(t(f"{PAGE}.broadcast.ok", shape=shape))
    st.caption(t(f"{PAGE}.broadcast.caption"))
    layout.reproduce(
        "from mathdl.tensors import broadcast, broadcast_shape\n"
        f"broadcast({a}, {b})        # axis by axis, from the right\n"
        f"broadcast_shape({a}, {b})  # numpy.broadcast_shapes gives the same"
    )


# --- 2. An image is a tensor -----------------------------------------------------------------


@st.fragment
def image_demo() -> None:
    layout.demo(PAGE, "image")
    photo, batch = st.columns(2, gap="large")
    with photo:
        name = state.choice(
            t(f"{PAGE}.image.photo"), list(datasets.IMAGES), key="im_photo", section=f"{PAGE}.image.photos"
        )
        image = cached_image(name)
        h, w, c = image.shape
        st.image(image, caption=t(f"{PAGE}.image.shape", h=h, w=w, c=c), width="stretch")
        for column, k, channel in zip(st.columns(3), range(3), ("R", "G", "B")):
            column.image(image[:, :, k], caption=f"x[:, :, {k}] ({channel})", width="stretch")
        i = st.slider(t(f"{PAGE}.image.row"), 0, h - 1, h // 2, key="im_i", bind="query-params")
        j = st.slider(t(f"{PAGE}.image.col"), 0, w - 1, w // 2, key="im_j", bind="query-params")
        st.latex(rf"x[{i}, {j}, :] = {layout.matrix_tex(image[i, j][None, :])}")
    with batch:
        n = st.slider(t(f"{PAGE}.image.n"), 1, 32, 12, key="im_n", bind="query-params", help=t(f"{PAGE}.image.n_help"))
        images, digit_labels = datasets.digits()
        grid = tensors.tile_batch(images[:n], columns=min(n, 8))
        st.image(charts.pixels(grid, scale=8), caption=t(f"{PAGE}.image.batch_shape", n=n), width="stretch")
        st.caption(t(f"{PAGE}.image.labels", labels=", ".join(str(v) for v in digit_labels[:n])))
    st.caption(t(f"{PAGE}.image.caption"))
    layout.reproduce(
        "from mathdl.datasets import sample_image, digits\n"
        "from mathdl.tensors import tile_batch\n"
        f"x = sample_image({name!r})   # ({h}, {w}, 3) uint8\n"
        f"x[{i}, {j}, :]                # one pixel: its red, green and blue values\n"
        "images, labels = digits()     # (1797, 8, 8)\n"
        f"tile_batch(images[:{n}], columns={min(n, 8)})"
    )


@st.cache_data(max_entries=4)
def cached_image(name: str) -> np.ndarray:
    return datasets.sample_image(name, max_side=160)


# --- 3. Convolution and pooling ------------------------------------------------------------


def kernel_editor(preset: str) -> np.ndarray:
    if preset != "custom":
        return tensors.KERNELS[preset]
    defaults = tensors.KERNELS["sharpen"]
    kernel = np.zeros((3, 3))
    for u in range(3):
        for v, column in enumerate(st.columns(3)):
            kernel[u, v] = column.number_input(
                f"k{u + 1}{v + 1}",
                -10.0,
                10.0,
                float(defaults[u, v]),
                0.5,
                key=f"cv_k{u + 1}{v + 1}",
                bind="query-params",
            )
    return kernel


@st.fragment
def conv_demo() -> None:
    layout.demo(PAGE, "conv")
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        preset = state.choice(
            t(f"{PAGE}.conv.kernel"), [*tensors.KERNELS, "custom"], key="cv_kernel", section=f"{PAGE}.conv.kernels"
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
            list(tensors.POOLS),
            key="cv_pool",
            section=f"{PAGE}.conv.pools",
            widget=st.radio,
            horizontal=True,
        )
    kernel = kernel_editor(preset)
    x = grey_photo()
    out = tensors.conv2d(x, kernel, stride, padding)
    pooled = tensors.pool2d(out, 2, mode=pool)
    H, W = x.shape
    st.latex(
        rf"H_{{\text{{out}}}} = \left\lfloor \frac{{{H} - 3 + 2\cdot{padding}}}{{{stride}}} \right\rfloor + 1 = {out.shape[0]},\qquad"
        rf" W_{{\text{{out}}}} = \left\lfloor \frac{{{W} - 3 + 2\cdot{padding}}}{{{stride}}} \right\rfloor + 1 = {out.shape[1]}"
    )
    picture, weights, feature, pooled_col = st.columns([3, 2, 3, 3])
    picture.image(charts.pixels(x), caption=t(f"{PAGE}.conv.input", shape=x.shape), width="stretch")
    with weights:
        charts.draw(charts.matrix_heatmap(charts.matrix_cells(kernel), title=t(f"{PAGE}.conv.kernel_title"), cell=44))
    feature.image(charts.pixels(out), caption=t(f"{PAGE}.conv.output", shape=out.shape), width="stretch")
    pooled_col.image(charts.pixels(pooled), caption=t(f"{PAGE}.conv.pooled", shape=pooled.shape), width="stretch")
    charts.download(charts.tensor_frame(out), name="feature_map")
    st.caption(t(f"{PAGE}.conv.caption"))
    layout.reproduce(
        "import numpy as np\n"
        "from mathdl.tensors import conv2d, pool2d\n"
        f"kernel = np.array({kernel.tolist()})\n"
        f"y = conv2d(x, kernel, stride={stride}, padding={padding})   # x: a grey image (H, W)\n"
        f"pool2d(y, 2, mode={pool!r})"
    )


@st.cache_data(max_entries=2)
def grey_photo() -> np.ndarray:
    """The china photo in grey levels: a weighted sum of its channels (an einsum over the last axis)."""
    image = datasets.sample_image("china", max_side=120)
    return tensors.einsum("hwc,c->hw", image, [0.299, 0.587, 0.114]) / 255


# --- 4. einsum -------------------------------------------------------------------------------


def tensor_chart(x: np.ndarray, title: str) -> alt.TopLevelMixin:
    """A tensor of up to three axes as heat maps: a matrix, or one matrix per index of axis 0."""
    if x.ndim <= 2:
        return charts.matrix_heatmap(charts.matrix_cells(np.atleast_2d(x)), title=title, cell=40)
    return alt.hconcat(
        *(charts.matrix_heatmap(charts.matrix_cells(m), title=f"{title}[{b}]", cell=40) for b, m in enumerate(x))
    )


@st.fragment
def einsum_demo() -> None:
    layout.demo(PAGE, "einsum")
    left, right = st.columns([2, 1])
    with left:
        name = state.choice(
            t(f"{PAGE}.einsum.example"),
            list(tensors.EINSUM_EXAMPLES),
            key="es_example",
            section=f"{PAGE}.einsum.examples",
        )
    with right:
        seed = layout.seed("es_seed")
    subscripts, shapes = tensors.EINSUM_EXAMPLES[name]
    rng = np.random.default_rng(seed)
    operands = [tensors.random_integer_tensor(shape, rng) for shape in shapes]
    result = tensors.einsum(subscripts, *operands)
    st.code(
        f'einsum("{subscripts}", {", ".join("ABC"[: len(operands)])})   # → shape {result.shape}', language="python"
    )
    panels = [tensor_chart(x, "ABC"[k]) for k, x in enumerate(operands)] + [
        tensor_chart(result, t(f"{PAGE}.einsum.result"))
    ]
    charts.draw(alt.hconcat(*panels).resolve_scale(color="independent"), width="content")
    names = [*"ABC"[: len(operands)], "result"]
    charts.download(
        pd.concat([charts.tensor_frame(x, tensor=n) for n, x in zip(names, [*operands, result])]), name="einsum"
    )
    st.caption(t(f"{PAGE}.einsum.caption"))
    layout.reproduce(
        "import numpy as np\n"
        "from mathdl.tensors import einsum, random_integer_tensor\n"
        f"rng = np.random.default_rng({seed})\n"
        + "".join(f"{'ABC'[k]} = random_integer_tensor({s}, rng)\n" for k, s in enumerate(shapes))
        + f'einsum("{subscripts}", {", ".join("ABC"[: len(operands)])})   # numpy.einsum gives the same'
    )


broadcast_demo()
st.divider()
image_demo()
st.divider()
conv_demo()
st.divider()
einsum_demo()

layout.source_code([tensors.broadcast, tensors.conv2d, tensors.pool2d, tensors.tile_batch, tensors.einsum])
layout.quiz(PAGE)
