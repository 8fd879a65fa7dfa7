"""2. Tensors and tensor operations: shapes, images, augmentation, convolution and einsum."""

import numpy as np
import streamlit as st

from mathdl import MathDLError, augmentation, convolution, datasets, decomposition, tensors
from ui import charts, layout, predict, state
from ui.demo import demo
from ui.figures import tensors as figures
from ui.i18n import labels, t
from ui.snippet import Snippet
from ui.stepper import Stepper

PAGE = "tensors"
BATCH_COLUMNS = 8  # digits per row of the batch grid
PHOTO_SIDE = 96  # the augmentation demos' photos: 61 × 91
SQUARE = 60  # the batch's images, cut square so that every quarter turn keeps their shape
MAX_PADDING = 2  # the padding slider's top, so no feature map is wider than W + 2·MAX_PADDING

FORMULAS = {
    "broadcast": r"(A + B)_{i_1 \dots i_n} = A_{i_1 \dots i_n} + B_{i_1 \dots i_n}",
    "conv": r"Y_{ij} = \sum_{u=0}^{k-1}\sum_{v=0}^{k-1} X_{iS+u,\ jS+v}\, K_{uv}",
    "size": r"W_{\text{out}} = \left\lfloor \frac{W - k + 2P}{S} \right\rfloor + 1",
    "augment": r"\operatorname{flip}(x)_{i,j,c} = x_{i,\,W-1-j,\,c}, \qquad"
    r" \operatorname{rot}_{90}(x)_{i,j,c} = x_{j,\,W-1-i,\,c}, \qquad \operatorname{bright}_b(x) = \min(1, b\,x)",
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
        st.image(
            x,
            caption=t(f"{PAGE}.image.shape", h=h, w=w, c=c),
            width="stretch",
            alt=t(f"{PAGE}.image.alt_photo", name=t(f"{PAGE}.image.photos.{name}"), h=h, w=w),
        )
        for column, k, channel in zip(st.columns(3), range(c), "RGB", strict=True):
            column.image(
                x[:, :, k],
                caption=f"x[:, :, {k}] ({channel})",
                width="stretch",
                alt=t(f"{PAGE}.image.alt_channel", colour=t(f"{PAGE}.image.colours.{channel}")),
            )
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
        st.image(
            charts.pixels(grid, scale=8),
            caption=t(f"{PAGE}.image.batch_shape", n=n),
            width="stretch",
            alt=t(f"{PAGE}.image.alt_batch", n=n),
        )
        st.caption(t(f"{PAGE}.image.labels", labels=", ".join(f"{v:g}" for v in digit_labels)))
    st.caption(t(f"{PAGE}.image.caption"))


# --- Data augmentation: one image, moved or changed --------------------------------------------


def augment_controls() -> tuple[str, int, int, float, float, str, int]:
    """The photo, quarter turns, crop side, brightness factor, noise σ, channel order and seed."""
    row = st.columns(4)
    with row[0]:
        name = state.choice(
            t(f"{PAGE}.augment.photo"), list(datasets.IMAGES), key="au_photo", section=f"{PAGE}.image.photos"
        )
    k = row[1].slider(
        t(f"{PAGE}.augment.turns"), 1, 3, 1, key="au_k", bind="query-params", help=t(f"{PAGE}.augment.turns_help")
    )
    side = row[2].slider(
        t(f"{PAGE}.augment.crop"), 8, 60, 40, 4, key="au_crop", bind="query-params", help=t(f"{PAGE}.augment.crop_help")
    )
    b = row[3].slider(
        t(f"{PAGE}.augment.brightness"), 0.0, 2.0, 1.4, 0.1, key="au_b", bind="query-params",
        help=t(f"{PAGE}.augment.brightness_help"),
    )  # fmt: skip
    row = st.columns(4)
    sigma = row[0].slider(
        t(f"{PAGE}.augment.noise"), 0.0, 0.5, 0.1, 0.01, key="au_sigma", bind="query-params",
        help=t(f"{PAGE}.augment.noise_help"),
    )  # fmt: skip
    with row[1]:
        orders = [o for o in augmentation.CHANNEL_ORDERS if o != "rgb"]
        order = state.choice(t(f"{PAGE}.augment.order"), orders, key="au_order", section=f"{PAGE}.augment.orders")
    with row[2]:
        seed = layout.seed("au_seed")
    return name, k, side, b, sigma, order, seed


def augmentation_card(column, title: str, code: str, x: np.ndarray, before: tuple) -> None:
    """One augmentation: its name, the numpy expression it is, the picture and its shape before → after."""
    with column:
        st.markdown(f"**{title}**")
        st.code(code, language="python", wrap_lines=True)
        alt = t(f"{PAGE}.augment.alt", op=title, shape=x.shape)
        st.image(figures.picture(x), caption=f"{before} → {x.shape}", width="content", alt=alt)


@demo("augment")
def augment_image(snippet: Snippet) -> None:
    name, k, side, b, sigma, order, seed = augment_controls()
    rng = snippet.rng(seed)
    photo = snippet("photo", datasets.sample_image, name, max_side=PHOTO_SIDE, cache=True, note="(H, W, 3) uint8")
    x = snippet("x", augmentation.to_float, photo, note="levels in [0, 1], as a network is fed")
    top, left = snippet("top, left", augmentation.random_offsets, x.shape, side, side, rng)
    results = {
        "flip": snippet("flipped", augmentation.flip, x),
        "rot90": snippet("turned", augmentation.rot90, x, k),
        "crop": snippet("cropped", augmentation.crop, x, top, left, side, side),
        "brightness": snippet("brighter", augmentation.brightness, x, b),
        "noise": snippet("noisy", augmentation.add_noise, x, sigma, rng),
        "channels": snippet("swapped", augmentation.permute_channels, x, order),
    }
    code = figures.augmentation_code(k, (top, left, side), b, sigma, augmentation.CHANNEL_ORDERS[order])
    cards = [*st.columns(4), *st.columns(4)]
    with cards[0]:
        st.markdown(f"**{t(f'{PAGE}.augment.original')}**")
        st.code("x", language="python")
        alt = t(f"{PAGE}.augment.alt_original", shape=x.shape)
        st.image(figures.picture(x), caption=f"x.shape = {x.shape}", width="content", alt=alt)
    for column, (op, result) in zip(cards[1:], results.items(), strict=False):
        augmentation_card(column, t(f"{PAGE}.augment.ops.{op}"), code[op], result, x.shape)
    st.caption(t(f"{PAGE}.augment.caption"))


# --- Data augmentation: a batch grows ----------------------------------------------------------


def grow() -> None:
    """One more round of augmented copies: the button's count, kept in the URL with the rounds slider."""
    st.session_state["ab_rounds"] = min(st.session_state.get("ab_rounds", 0) + 1, augmentation.MAX_ROUNDS)


def batch_controls(originals: int) -> tuple[int, int]:
    """The seed, how many rounds of augmented copies, and the button that adds one."""
    seed_column, rounds_column, button_column = st.columns([1, 2, 1], vertical_alignment="bottom")
    with seed_column:
        seed = layout.seed("ab_seed")
    rounds = rounds_column.slider(
        t(f"{PAGE}.augment_batch.rounds"), 0, augmentation.MAX_ROUNDS, 3, key="ab_rounds", bind="query-params",
        help=t(f"{PAGE}.augment_batch.rounds_help"),
    )  # fmt: skip
    button_column.button(
        t(f"{PAGE}.augment_batch.grow", n=originals),
        key="ab_grow",
        on_click=grow,
        disabled=rounds >= augmentation.MAX_ROUNDS,
        icon=":material/library_add:",
        type="primary",
        width="stretch",
        help=t(f"{PAGE}.augment_batch.grow_help"),
    )
    return seed, rounds


@demo("augment_batch")
def augment_batch(snippet: Snippet) -> None:
    names = list(datasets.IMAGES)
    seed, rounds = batch_controls(len(names))
    photos = [snippet(name, datasets.sample_image, name, max_side=PHOTO_SIDE, cache=True) for name in names]
    stacked = snippet("stacked", np.stack, photos, note="(2, 61, 91, 3): a new first axis, the batch axis N")
    squares = snippet("squares", augmentation.center_crop, stacked, SQUARE, SQUARE, note="one slice for the batch")
    X = snippet("X", augmentation.to_float, squares, note=f"(2, {SQUARE}, {SQUARE}, 3), levels in [0, 1]")
    rng = snippet.rng(seed)
    grown = snippet("grown", augmentation.grow_batch, X, rounds, rng, note="the originals, then each round's copies")
    grid = snippet("grid", tensors.tile_batch, grown.images, BATCH_COLUMNS)
    st.code(f"X.shape = {X.shape}  →  grown.images.shape = {grown.images.shape}", language="python")
    st.image(
        figures.picture(grid),
        caption=t(f"{PAGE}.augment_batch.grid", n=len(grown.images), columns=BATCH_COLUMNS, originals=len(names)),
        width="content",
        alt=t(f"{PAGE}.augment_batch.alt", n=len(grown.images), originals=len(names)),
    )
    photo_names = [t(f"{PAGE}.image.photos.{name}") for name in names]
    choices = figures.augmentation_choices(grown, photo_names)
    if rounds:
        st.markdown(t(f"{PAGE}.augment_batch.drawn", r=rounds))
        layout.table(choices.tail(len(names)))
    else:
        st.info(t(f"{PAGE}.augment_batch.none", originals=len(names)), icon=":material/info:")
    charts.download(choices, name="augmented_batch")
    st.markdown(figures.batch_code_table())
    st.caption(t(f"{PAGE}.augment_batch.caption", side=SQUARE))


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
        t(f"{PAGE}.conv.padding"),
        0,
        MAX_PADDING,
        1,
        key="cv_padding",
        bind="query-params",
        help=t(f"{PAGE}.conv.padding_help"),
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


WINDOW = Stepper("conv", frame=0.05, speeds=(1, 2, 5, 20, 100, 500))  # the kernel's positions: thousands of them


@demo("conv", timer=WINDOW.timer)
def feature_map(snippet: Snippet) -> None:
    preset, stride, padding, pool = conv_controls()
    K = kernel_editor(snippet, preset)
    photo = snippet("photo", datasets.sample_image, "china", max_side=120, cache=True)
    X = snippet("X", decomposition.image_to_gray, photo, note="(H, W) grey levels in [0, 1]")
    Y = snippet("Y", convolution.conv2d, X, K, stride=stride, padding=padding, note="the feature map")
    pooled = snippet("pooled", convolution.pool2d, Y, 2, mode=pool)
    size = st.empty()  # the output size worked out: it waits, above the pictures, for a guess
    picture, weights, results = st.columns([3, 2, 6])
    caption = t(f"{PAGE}.conv.input", shape=X.shape)
    picture.image(charts.pixels(X), caption=caption, width="stretch", alt=t("common.grey_alt", what=caption))
    kernel_chart, kernel_cells = figures.kernel(K)
    with weights:
        charts.draw(kernel_chart)
    question = predict.Question(t(f"{PAGE}.conv.predict"), 1, X.shape[1] + 2 * MAX_PADDING, 1, digits=0)
    with results:  # the question stands where the maps will, with room for its slider
        if not predict.first(PAGE, "cv", question, Y.shape[1], snippet.code()):
            WINDOW.stop()  # nothing slides behind a hidden answer
            return
    size.latex(output_size_tex(X.shape, K.shape, Y.shape, padding, stride))
    feature, after = results.columns(2)
    caption = t(f"{PAGE}.conv.output", shape=Y.shape)
    feature.image(charts.pixels(Y), caption=caption, width="stretch", alt=t("common.grey_alt", what=caption))
    caption = t(f"{PAGE}.conv.pooled", shape=pooled.shape)
    after.image(charts.pixels(pooled), caption=caption, width="stretch", alt=t("common.grey_alt", what=caption))
    # Under the row, one button each: the kernel's column is too narrow for a second one.
    kernel_csv, feature_csv, _ = st.columns([1, 1, 2])
    with kernel_csv:
        charts.download(kernel_cells, name="kernel", label=t(f"{PAGE}.conv.kernel_csv"))
    with feature_csv:
        charts.download(charts.tensor_frame(Y), name="feature_map", label=t(f"{PAGE}.conv.feature_csv"))
    sliding_window(snippet, X, K, Y, stride, padding)
    st.caption(t(f"{PAGE}.conv.caption"))
    WINDOW.settle()


def sliding_window(snippet: Snippet, X: np.ndarray, K: np.ndarray, Y: np.ndarray, stride: int, padding: int) -> None:
    """The kernel at one position: where it sits, the feature map so far, the patch, the nine products and their sum."""
    st.markdown(f"**{t(f'{PAGE}.conv.step.title')}**")
    k = WINDOW.frames(Y.size - 1)
    window = snippet("window", convolution.conv_window, X, K, k, stride=stride, padding=padding, note="position k")
    padded = snippet("padded", np.pad, X, padding, note="the input with its border of zeros")
    source, target, cells = figures.conv_regions(padded, Y, window, K.shape, stride)
    left, right = st.columns(2)
    with left:
        charts.draw(source, width="content")
    with right:
        charts.draw(target, width="content")
    charts.download(cells, name="convolution_window", label=t(f"{PAGE}.conv.step.csv"))
    grids = st.columns(3)
    for column, (name, M, fmt) in zip(
        grids, [("patch", window.patch, ".2f"), ("kernel", K, ".2f"), ("products", window.products, ".3f")], strict=True
    ):
        with column:
            charts.draw(figures.number_grid(M, t(f"{PAGE}.conv.step.{name}"), fmt), width="content")
    tex = layout.tex_num
    st.latex(
        rf"Y_{{{window.row},\,{window.col}}} = \sum_{{u,v}} \tilde X_{{{window.top}+u,\,{window.left}+v}}\,K_{{uv}}"
        rf" = {tex(window.total, 4)}"
    )
    products = figures.window_products(window, K)
    charts.download(products, name="window_products", label=t(f"{PAGE}.conv.step.products_csv"))
    st.caption(t(f"{PAGE}.conv.step.caption", positions=f"{Y.size:,}", row=window.row, col=window.col))


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
    demos=[broadcasting, image_tensor, augment_image, augment_batch, feature_map, contraction],
    code=[
        tensors.broadcast,
        tensors.minibatch,
        tensors.tile_batch,
        augmentation.flip,
        augmentation.rot90,
        augmentation.crop,
        augmentation.add_noise,
        augmentation.augment,
        convolution.conv2d,
        convolution.pool2d,
        tensors.einsum,
    ],
)
