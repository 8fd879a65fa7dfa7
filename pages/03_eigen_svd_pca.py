"""3. Eigenvalues, eigenvectors, SVD and PCA: the directions a matrix only stretches."""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from mathdl import MathDLError, datasets, decomposition, linalg
from ui import charts, layout, state, upload
from ui.i18n import labels, t

PAGE = "eigen_pca"
EXTENT = 3.0
MAX_UPLOAD = 50 * 2**20  # bytes: .streamlit/config.toml's server.maxUploadSize

layout.header(PAGE)

layout.formulas(
    PAGE,
    {
        "eigen": r"A\mathbf{v} = \lambda\mathbf{v}, \qquad \lambda^2 - \operatorname{tr}(A)\,\lambda + \det A = 0",
        "svd": r"X = U\,\Sigma\,V^\top = \sum_{j=1}^{r} \sigma_j\, \mathbf{u}_j \mathbf{v}_j^\top",
        "eckart": r"\lVert X - X_k \rVert_F = \sqrt{\sigma_{k+1}^2 + \dots + \sigma_r^2}",
        "pca": r"\text{explained}_j = \frac{\sigma_j^2}{\sum_i \sigma_i^2}, \qquad \text{scores} = X_c V_k",
    },
)

layout.section("explore")


# --- 1. Eigenvectors of a 2x2 matrix ---------------------------------------------------------

EIGEN_PRESETS = {
    "symmetric": [[2.0, 1.0], [1.0, 2.0]],
    "shear": [[1.0, 1.0], [0.0, 1.0]],
    "rotation": [[0.8, -0.6], [0.6, 0.8]],
    "reflection": [[0.0, 1.0], [1.0, 0.0]],
}


def apply_eigen_preset() -> None:
    name = st.session_state["ev_preset"]
    if name is not None:
        for (i, j), value in np.ndenumerate(EIGEN_PRESETS[name]):
            st.session_state[f"ev_a{i + 1}{j + 1}"] = value
        st.session_state["ev_preset"] = None


def eigen_picture(
    A: np.ndarray, eig: decomposition.Eigen2x2, run: decomposition.PowerIteration
) -> tuple[alt.LayerChart, pd.DataFrame]:
    circle = linalg.unit_circle(36)
    image = linalg.transform(A, circle)
    before, after = t(f"{PAGE}.eigen.circle"), t(f"{PAGE}.eigen.image")
    outline = pd.concat(
        [
            charts.path_frame(np.vstack([circle, circle[:1]]), stage=before),
            charts.path_frame(np.vstack([image, image[:1]]), stage=after),
        ]
    )
    scale = charts.plane_scale(EXTENT)
    layers = [
        alt.Chart(outline)
        .mark_line(clip=True)
        .encode(
            x=alt.X("x:Q", scale=scale, title=None),
            y=alt.Y("y:Q", scale=scale, title=None),
            order="order:Q",
            color=alt.Color(
                "stage:N",
                scale=alt.Scale(domain=[before, after], range=[charts.NEUTRAL, charts.PALETTE[0]]),
                title=None,
                legend=alt.Legend(orient="bottom"),
            ),
        )
    ]
    if eig.eigenvectors is not None:
        lines = charts.segments_frame(
            np.stack([[-10 * v, 10 * v] for v in eig.eigenvectors.T]), label=t(f"{PAGE}.eigen.direction")
        )
        layers.append(
            alt.Chart(lines)
            .mark_line(strokeDash=[6, 4], color=charts.PALETTE[3], clip=True)
            .encode(x=alt.X("x:Q", scale=scale), y=alt.Y("y:Q", scale=scale), detail="id:N")
        )
    steps = pd.DataFrame(
        {
            "x0": 0.0,
            "y0": 0.0,
            "x": run.vectors[:, 0],
            "y": run.vectors[:, 1],
            "label": [f"x{k}" for k in range(len(run.vectors))],
        }
    )
    layers.append(
        charts.arrows(
            steps.tail(1).assign(label=t(f"{PAGE}.eigen.iterate")), extent=EXTENT, palette=charts.PALETTE[1:2]
        )
    )
    path = (
        alt.Chart(steps)
        .mark_point(color=charts.PALETTE[1], opacity=0.6, clip=True)
        .encode(x=alt.X("x:Q", scale=scale), y=alt.Y("y:Q", scale=scale), tooltip=["label:N"])
    )
    layers.append(path)
    return charts.square(alt.layer(*layers).resolve_scale(color="independent")), pd.concat([outline, steps])


@st.fragment
def eigen_demo() -> None:
    layout.demo(PAGE, "eigen")
    st.pills(
        t(f"{PAGE}.eigen.presets"),
        list(EIGEN_PRESETS),
        format_func=labels(f"{PAGE}.eigen.preset", EIGEN_PRESETS),
        key="ev_preset",
        on_change=apply_eigen_preset,
    )
    controls, picture = st.columns([2, 3], gap="large")
    with controls:
        A = np.zeros((2, 2))
        for i in range(2):
            for j, column in enumerate(st.columns(2)):
                A[i, j] = column.number_input(
                    f"a{i + 1}{j + 1}",
                    -3.0,
                    3.0,
                    [[2.0, 1.0], [1.0, 2.0]][i][j],
                    0.1,
                    format="%.2f",
                    key=f"ev_a{i + 1}{j + 1}",
                    bind="query-params",
                )
        steps = st.slider(
            t(f"{PAGE}.eigen.steps"), 1, 30, 5, key="ev_steps", bind="query-params", help=t(f"{PAGE}.eigen.steps_help")
        )
        x0 = np.array(
            [
                st.slider(f"x0[{k}]", -1.0, 1.0, [1.0, 0.2][k], 0.1, key=f"ev_x{k}", bind="query-params")
                for k in range(2)
            ]
        )
        eig = decomposition.eigen_2x2(A)
        try:
            run = decomposition.power_iteration(A, x0, steps)
        except MathDLError as error:
            layout.error(error)
            return
        lam = eig.eigenvalues
        st.latex(rf"\lambda^2 - ({layout.tex_num(eig.trace)})\lambda + ({layout.tex_num(eig.det)}) = 0")
        if eig.is_complex:
            st.latex(rf"\lambda = {layout.tex_num(lam[0].real)} \pm {layout.tex_num(abs(lam[0].imag))}\,i")
            st.info(
                t(
                    f"{PAGE}.eigen.complex",
                    angle=layout.num(np.degrees(eig.rotation_angle)),
                    scale=layout.num(eig.scale),
                )
            )
        else:
            st.latex(rf"\lambda_1 = {layout.tex_num(lam[0].real)}, \quad \lambda_2 = {layout.tex_num(lam[1].real)}")
        st.latex(rf"\mathbf{{x}}_{{{steps}}}^\top A\,\mathbf{{x}}_{{{steps}}} = {layout.tex_num(run.estimates[-1])}")
    with picture:
        chart, data = eigen_picture(A, eig, run)
        charts.show(chart, data, name="eigenvectors", width="content")
        st.caption(t(f"{PAGE}.eigen.caption"))
    layout.reproduce(
        "from mathdl.decomposition import eigen_2x2, power_iteration\n"
        f"A = {A.tolist()}\n"
        "eigen_2x2(A)                      # eigenvalues from the characteristic polynomial\n"
        f"power_iteration(A, {x0.tolist()}, {steps})   # the iterates and their Rayleigh quotients"
    )


# --- 2. PCA on real data ---------------------------------------------------------------------


@st.cache_data(max_entries=16, show_spinner=False)
def fitted_pca(source: str, data: bytes | None, standardize: bool):
    """PCA with every component, its reconstruction errors, and the table it came from."""
    if source == "upload":
        table = upload.read_csv(data, max_bytes=MAX_UPLOAD)
        X, classes, features, notes = table.X, table.classes, table.columns, (table.ignored, table.dropped_rows)
    else:
        X, y, features, names = datasets.table(source)
        classes, notes = np.array(names)[y], ([], 0)
    k = min(X.shape)
    return (
        decomposition.pca(X, k, standardize),
        decomposition.reconstruction_errors(X, standardize),
        classes,
        features,
        notes,
    )


@st.fragment
def pca_demo() -> None:
    layout.demo(PAGE, "pca")
    c1, c2 = st.columns([2, 1])
    with c1:
        source = state.choice(
            t(f"{PAGE}.pca.data"),
            [*datasets.TABLES, "upload"],
            key="pca_data",
            section=f"{PAGE}.pca.datasets",
            widget=st.radio,
            horizontal=True,
        )
    standardize = c2.checkbox(
        t(f"{PAGE}.pca.standardize"), True, key="pca_std", bind="query-params", help=t(f"{PAGE}.pca.standardize_help")
    )
    data = None
    if source == "upload":
        file = st.file_uploader(t("upload.label"), type=["csv", "txt", "tsv"], key="pca_csv", help=t("upload.help"))
        if file is None:
            return
        data = file.getvalue()
    try:
        model, errors, classes, features, (ignored, dropped) = fitted_pca(source, data, standardize)
    except upload.UploadError as error:
        st.error(t(f"upload.{error.code}", **error.params), icon=":material/error:")
        return
    except MathDLError as error:
        if error.code == "no_variance":  # said in terms of the reader's file
            st.error(t(f"{PAGE}.pca.no_variance"), icon=":material/error:")
        else:
            layout.error(error)
        return
    if ignored:
        st.info(t("upload.ignored", columns=", ".join(ignored)))
    if dropped:
        st.info(t("upload.dropped", rows=dropped))
    k_max = len(model.explained_variance)
    state.keep_within("pca_k", 1, k_max)
    n_pc = st.slider(
        t(f"{PAGE}.pca.k"), 1, k_max, min(2, k_max), key="pca_k", bind="query-params", help=t(f"{PAGE}.pca.k_help")
    )
    scree = pd.DataFrame(
        {
            "component": np.arange(1, k_max + 1),
            "explained": model.explained_variance_ratio,
            "cumulative": np.cumsum(model.explained_variance_ratio),
            "error": errors,
        }
    )
    left, right = st.columns(2)
    with left:
        bars = (
            alt.Chart(scree)
            .mark_bar(color=charts.PALETTE[0])
            .encode(
                x=alt.X("component:O", title=t(f"{PAGE}.pca.component"), axis=alt.Axis(labelAngle=0)),
                y=alt.Y("explained:Q", title=t(f"{PAGE}.pca.explained"), axis=alt.Axis(format="%")),
                opacity=alt.condition(f"datum.component <= {n_pc}", alt.value(1.0), alt.value(0.35)),
                tooltip=[
                    "component:O",
                    alt.Tooltip("explained:Q", format=".1%"),
                    alt.Tooltip("cumulative:Q", format=".1%"),
                ],
            )
        )
        line = (
            alt.Chart(scree)
            .mark_line(point=alt.OverlayMarkDef(color=charts.PALETTE[1]), color=charts.PALETTE[1])
            .encode(x="component:O", y="cumulative:Q")
        )
        charts.show((bars + line).properties(title=t(f"{PAGE}.pca.scree"), height=300), scree, name="scree")
    with right:
        error_chart = (
            alt.Chart(scree)
            .mark_line(point=alt.OverlayMarkDef(color=charts.PALETTE[3]), color=charts.PALETTE[3])
            .encode(
                x=alt.X("component:Q", title=t(f"{PAGE}.pca.k_axis"), axis=alt.Axis(tickMinStep=1, format="d")),
                y=alt.Y("error:Q", title=t(f"{PAGE}.pca.error")),
                tooltip=["component:Q", alt.Tooltip("error:Q", format=".4g")],
            )
        )
        marker = (
            alt.Chart(scree[scree.component == n_pc])
            .mark_point(size=160, color=charts.PALETTE[3], filled=True)
            .encode(x="component:Q", y="error:Q")
        )
        charts.draw((error_chart + marker).properties(title=t(f"{PAGE}.pca.reconstruction"), height=300))
        st.metric(t(f"{PAGE}.pca.kept", k=n_pc), f"{np.cumsum(model.explained_variance_ratio)[n_pc - 1]:.1%}")
    left, right = st.columns(2)
    with left:
        scores = pd.DataFrame(
            {"PC1": model.scores[:, 0], "PC2": model.scores[:, 1], "class": classes if classes is not None else "—"}
        )
        scatter = (
            alt.Chart(scores.iloc[:3000])
            .mark_circle(size=30, opacity=0.7)
            .encode(
                x="PC1:Q",
                y="PC2:Q",
                color=alt.Color("class:N", title=t(f"{PAGE}.pca.class"), scale=alt.Scale(range=charts.PALETTE)),
                tooltip=["class:N"],
            )
        )
        charts.show(scatter.properties(title=t(f"{PAGE}.pca.projection"), height=340), scores, name="pca_scores")
    with right:
        loadings = pd.DataFrame(
            {
                "feature": np.tile(features, 2),
                "component": np.repeat(["PC1", "PC2"], len(features)),
                "loading": model.components[:2].ravel(),
            }
        )
        heat = (
            alt.Chart(loadings)
            .mark_rect()
            .encode(
                x=alt.X("component:N", title=None),
                y=alt.Y("feature:N", sort=None, title=None, axis=alt.Axis(labelLimit=160)),
                color=alt.Color("loading:Q", scale=alt.Scale(scheme="blueorange", domainMid=0)),
                tooltip=["feature:N", "component:N", alt.Tooltip("loading:Q", format=".3f")],
            )
        )
        charts.show(
            heat.properties(title=t(f"{PAGE}.pca.loadings"), height=alt.Step(12 if len(features) > 20 else 20)),
            loadings,
            name="pca_loadings",
        )
    st.caption(t(f"{PAGE}.pca.caption"))
    layout.reproduce(
        "from mathdl.datasets import table\n"
        "from mathdl.decomposition import pca, reconstruction_errors\n"
        + (
            f"X, y, features, classes = table({source!r})\n"
            if source != "upload"
            else "X = ...   # the numeric columns of your CSV, rows with gaps removed\n"
        )
        + f"model = pca(X, n_components={k_max}, standardize={standardize})\n"
        "model.explained_variance_ratio, model.scores[:, :2], model.components[:2]\n"
        f"reconstruction_errors(X, standardize={standardize})"
    )


# --- 3. SVD image compression ------------------------------------------------------------------


@st.cache_data(max_entries=4, show_spinner=False)
def image_svd(name: str) -> tuple[np.ndarray, decomposition.SVD]:
    grey = decomposition.image_to_gray(datasets.sample_image(name, max_side=200))
    return grey, decomposition.svd(grey)


@st.fragment
def svd_demo() -> None:
    layout.demo(PAGE, "svd")
    c1, c2 = st.columns([1, 2])
    with c1:
        name = state.choice(
            t(f"{PAGE}.svd.photo"), list(datasets.IMAGES), key="svd_photo", section="tensors.image.photos"
        )
    with st.spinner(t(f"{PAGE}.svd.computing")):
        grey, parts = image_svd(name)
    k = c2.slider(t(f"{PAGE}.svd.k"), 1, 60, 10, key="svd_k", bind="query-params", help=t(f"{PAGE}.svd.k_help"))
    approx = decomposition.low_rank(grey, k, decomposed=parts)
    original, compressed, spectrum = st.columns([2, 2, 3])
    original.image(charts.pixels(grey), caption=t(f"{PAGE}.svd.original", shape=grey.shape), width="stretch")
    compressed.image(np.clip(approx.approximation, 0, 1), caption=t(f"{PAGE}.svd.compressed", k=k), width="stretch")
    values = pd.DataFrame(
        {"j": np.arange(1, len(parts.s) + 1), "sigma": parts.s, "kept": np.arange(1, len(parts.s) + 1) <= k}
    )
    with spectrum:
        chart = (
            alt.Chart(values)
            .mark_circle(size=36, opacity=1)
            .encode(
                x=alt.X("j:Q", title="j"),
                y=alt.Y("sigma:Q", scale=alt.Scale(type="log"), title="σⱼ"),
                color=alt.condition("datum.kept", alt.value(charts.PALETTE[0]), alt.value(charts.NEUTRAL)),
                tooltip=["j:Q", alt.Tooltip("sigma:Q", format=".4g")],
            )
        )
        charts.show(chart.properties(title=t(f"{PAGE}.svd.spectrum"), height=260), values, name="singular_values")
    h, w = grey.shape
    percent = f"{approx.storage_ratio:.1%}".replace("%", r"\%")
    st.latex(
        rf"\lVert X - X_{{{k}}} \rVert_F = \sqrt{{\textstyle\sum_{{j>{k}}} \sigma_j^2}} = {layout.tex_num(approx.error_fro, 4)}"
        rf"\qquad \frac{{{k}\,({h} + {w} + 1)}}{{{h}\cdot{w}}} = {percent}"
    )
    st.caption(t(f"{PAGE}.svd.caption"))
    layout.reproduce(
        "from mathdl.datasets import sample_image\n"
        "from mathdl.decomposition import image_to_gray, low_rank\n"
        f"X = image_to_gray(sample_image({name!r}, max_side=200))\n"
        f"low_rank(X, {k})   # the best rank-{k} image, its error and the storage it needs"
    )


eigen_demo()
st.divider()
pca_demo()
st.divider()
svd_demo()

layout.source_code(
    [
        decomposition.eigen_2x2,
        decomposition.power_iteration,
        decomposition.jacobi_eigh,
        decomposition.svd,
        decomposition.low_rank,
        decomposition.pca,
    ]
)
layout.quiz(PAGE)
