"""3. Eigenvalues, eigenvectors, SVD and PCA: the directions a matrix only stretches."""

import numpy as np
import streamlit as st

from mathdl import MathDLError, approximation, covariance, datasets, decomposition, directions, linalg, power_method
from ui import charts, drag, layout, predict, state, upload
from ui.demo import demo
from ui.figures import eigen_pca as figures
from ui.i18n import data_names, labels, t
from ui.snippet import Snippet
from ui.stepper import SPEEDS, Stepper

PAGE = "eigen_pca"
EXTENT = 3.0  # the plane is drawn over [-3, 3]²
MAX_UPLOAD = 50 * 2**20  # bytes: .streamlit/config.toml's server.maxUploadSize
NORMAL_EXTENT = (-5.0, 5.0, -5.0, 5.0)  # the generated cloud is drawn over [-5, 5]², fixed, so its spread shows
IRIS_PAIR = ("sepal length (cm)", "petal length (cm)")  # correlated, and both in centimetres
ROUTE_ROWS = 6  # components compared in the table of PCA's two routes

FORMULAS = {
    "eigen": r"A\mathbf{v} = \lambda\mathbf{v}, \qquad \lambda^2 - \operatorname{tr}(A)\,\lambda + \det A = 0",
    "svd": r"X = U\,\Sigma\,V^\top = \sum_{j=1}^{r} \sigma_j\, \mathbf{u}_j \mathbf{v}_j^\top",
    "eckart": r"\lVert X - X_k \rVert_F = \sqrt{\sigma_{k+1}^2 + \dots + \sigma_r^2}",
    "pca": r"\text{explained}_j = \frac{\sigma_j^2}{\sum_i \sigma_i^2}, \qquad \text{scores} = X_c V_k",
    "covariance": r"C = \frac{X_c^\top X_c}{n-1} = V \Lambda V^\top, \qquad X_c = U \Sigma V^\top"
    r" \;\Longrightarrow\; \lambda_j = \frac{\sigma_j^2}{n-1}",
}


# --- The directions a matrix only stretches ----------------------------------------------------


def apply_eigen_preset() -> None:
    """Copy the chosen preset into the four entries; the pills then act as buttons again."""
    name = st.session_state["ev_preset"]
    if name is not None:
        for (i, j), value in np.ndenumerate(decomposition.PRESETS[name]):
            st.session_state[f"ev_a{i + 1}{j + 1}"] = float(value)
        st.session_state["ev_preset"] = None


def matrix_editor() -> list[list[float]]:
    """The four entries of A, one row of inputs per row of A (the symmetric preset to start)."""
    start = decomposition.PRESETS["symmetric"]
    return [
        [
            column.number_input(
                f"a{i + 1}{j + 1}",
                -3.0,
                3.0,
                float(start[i, j]),
                0.1,
                format="%.2f",
                key=f"ev_a{i + 1}{j + 1}",
                bind="query-params",
            )
            for j, column in enumerate(st.columns(2))
        ]
        for i in range(2)
    ]


def iteration_controls() -> tuple[int, list[float]]:
    """How many steps power iteration takes, and the two coordinates of its start x0."""
    steps = st.slider(
        t(f"{PAGE}.eigen.steps"), 1, 30, 5, key="ev_steps", bind="query-params", help=t(f"{PAGE}.eigen.steps_help")
    )
    start = [
        st.slider(f"x0[{k}]", -1.0, 1.0, v, 0.1, key=f"ev_x{k}", bind="query-params") for k, v in enumerate([1.0, 0.2])
    ]
    return steps, start


def eigenvalues_tex(eig: decomposition.Eigen2x2) -> str:
    """λ₁ and λ₂ for reading: a real pair, or a complex pair as a ± b i."""
    lam = eig.eigenvalues
    if eig.is_complex:
        return rf"\lambda = {layout.tex_num(lam[0].real)} \pm {layout.tex_num(abs(lam[0].imag))}\,i"
    return rf"\lambda_1 = {layout.tex_num(lam[0].real)}, \quad \lambda_2 = {layout.tex_num(lam[1].real)}"


def convergence(eig: decomposition.Eigen2x2, steps: int) -> None:
    """Why power iteration settles, slowly, or never: the ratio |λ₂/λ₁| and the cases where it is 1."""
    if eig.is_complex:
        st.info(t(f"{PAGE}.eigen.complex", angle=layout.num(eig.rotation_degrees), scale=layout.num(eig.scale)))
    elif eig.is_defective:
        st.info(t(f"{PAGE}.eigen.defective", value=layout.num(eig.eigenvalues[0].real)))
    elif eig.dominance == 1 and eig.eigenvalues[0] != eig.eigenvalues[1]:
        st.info(t(f"{PAGE}.eigen.no_dominant", size=layout.num(abs(eig.eigenvalues[0]))))
    elif eig.dominance < 1:
        shrunk = layout.num(eig.remaining(steps))
        st.caption(t(f"{PAGE}.eigen.rate", ratio=layout.num(eig.dominance), steps=steps, shrunk=shrunk))


def ask_direction(snippet: Snippet, A: np.ndarray, column) -> bool:
    """Which way the dominant eigenvector points, asked where the picture would show it (a line: mod 180°)."""
    answer = snippet("v1_angle", power_method.dominant_direction, A, note="v₁'s angle in degrees, mod 180")
    question = predict.Question(t(f"{PAGE}.eigen.predict"), 0, 180, 1, close=10, digits=0, period=180)
    with column:
        return predict.first(PAGE, "ev", question, answer, snippet.code())


EIGEN = Stepper("ev", frame=0.05, speeds=SPEEDS)  # power iteration, one multiplication at a time


@demo("eigen", timer=EIGEN.timer)
def eigenvectors(snippet: Snippet) -> None:
    st.pills(
        t(f"{PAGE}.eigen.presets"),
        list(decomposition.PRESETS),
        format_func=labels(f"{PAGE}.eigen.preset", decomposition.PRESETS),
        key="ev_preset",
        on_change=apply_eigen_preset,
    )
    controls, picture = st.columns([2, 3], gap="large")
    with controls:
        A = snippet("A", np.array, matrix_editor())
        steps, start = iteration_controls()
        x0 = snippet("x0", np.array, start)
        eig = snippet("eig", decomposition.eigen_2x2, A, note="from λ² − tr(A) λ + det(A) = 0")
        try:
            run = snippet("run", decomposition.power_iteration, A, x0, steps, note="the iterates x_k and x_kᵀ A x_k")
        except MathDLError as error:
            layout.error(error)
            return
    if not ask_direction(snippet, A, picture):
        EIGEN.stop()  # nothing plays behind a hidden answer
        return
    with picture:
        k = EIGEN.frames(steps)
        now = snippet("now", power_method.power_step, A, run, k, note="x_k, A x_k and r_0 … r_k")
    with controls:
        st.latex(rf"\lambda^2 - ({layout.tex_num(eig.trace)})\lambda + ({layout.tex_num(eig.det)}) = 0")
        st.latex(eigenvalues_tex(eig))
        st.latex(rf"\mathbf{{x}}_{{{k}}}^\top A\,\mathbf{{x}}_{{{k}}} = {layout.tex_num(now.estimates[-1])}")
        convergence(eig, k)
        share = snippet("share", power_method.dominant_share, A, x0, note="x0's part along the dominant eigenvector")
        if share == 0:
            st.warning(t(f"{PAGE}.power.no_share", value=layout.num(now.estimates[-1])), icon=":material/warning:")
    with picture:
        circle = snippet("circle", linalg.unit_circle, 36)
        image = snippet("image", linalg.transform, A, circle, note="(36, 2): where A sends each unit vector")
        turned = None
        if eig.rotation_basis is not None:
            turned = snippet("ellipse", linalg.transform, eig.rotation_basis, circle, note="A maps it onto r × itself")
        chart, data = figures.eigenvectors(
            circle, image, eig.eigenvectors, now.vectors, turned, extent=EXTENT, stretched=now.Ax
        )
        charts.show(chart, data, name="eigenvectors", width="content")
        charts.show(*figures.rayleigh_steps(now.estimates, eig.eigenvalues, steps), name="rayleigh_quotients")
        st.caption(t(f"{PAGE}.eigen.caption"))
        st.caption(t(f"{PAGE}.power.caption"))
    drag.alone("ev_hunt", lambda s: hunt(s, A, circle, image), snippet)
    EIGEN.settle()


THETA_RANGE = (0.0, 359.5, 0.5)  # the slider of x's angle, in degrees: low, high, step


def turn_x(event: drag.Event) -> None:
    """A drag of x around the circle moves the angle slider (and through it the URL)."""
    if event.at is not None:
        drag.set_widgets({"ev_theta": (linalg.polar_angle(event.at), *THETA_RANGE)})


def hunt(snippet: Snippet, A: np.ndarray, circle: np.ndarray, image: np.ndarray) -> None:
    """Hunt for eigenvectors: turn x around the unit circle until Ax lies on its line (Setosa's demo)."""
    controls, picture = st.columns([2, 3], gap="large")
    with controls:
        st.markdown(t(f"{PAGE}.eigen.hunt_intro"))
        theta = st.slider(
            t(f"{PAGE}.eigen.theta"),
            *THETA_RANGE[:2],
            20.0,
            THETA_RANGE[2],
            key="ev_theta",
            bind="query-params",
            help=t(f"{PAGE}.eigen.theta_help"),
        )
        hit = snippet("hit", directions.alignment, A, theta, note="the angle between x and Ax, and λ if they line up")
        # xᵀAx is zero up to rounding (1e-17) when Ax is perpendicular to x: written as the 0 it is.
        angle, stretch = layout.num(hit.angle, 2), layout.num(hit.stretch if abs(hit.stretch) > 1e-12 else 0.0)
        if hit.aligned:
            st.success(t(f"{PAGE}.eigen.found", value=layout.num(hit.eigenvalue), angle=angle), icon=":material/check:")
        else:  # a plain line, not a box: the demo's boxes say what kind of matrix A is
            st.markdown(":material/explore: " + t(f"{PAGE}.eigen.not_yet", angle=angle, stretch=stretch))
    with picture:
        plane, data = figures.eigen_hunt(circle, image, hit, extent=EXTENT)
        drag.plane("ev_drag", plane, on_event=turn_x)
        charts.download(data, name="eigen_hunt")


# --- Covariance: the principal axes of a cloud -------------------------------------------------


def normal_cloud(snippet: Snippet) -> tuple[np.ndarray, np.ndarray, tuple[str, str]]:
    """A seeded normal cloud from the sliders, its population covariance Σ, and its axis titles."""
    left, right = st.columns(2)
    c = f"{PAGE}.covariance"
    rho = state.dependent(left.slider, t(f"{c}.rho"), -0.95, 0.95, 0.7, 0.05, key="cov_rho", help=t(f"{c}.rho_help"))
    n = state.dependent(right.slider, t(f"{c}.n"), 20, 1000, 300, 10, key="cov_n", help=t(f"{c}.n_help"))
    s1 = state.dependent(left.slider, t(f"{c}.s1"), 0.2, 2.0, 1.5, 0.1, key="cov_s1", help=t(f"{c}.spread_help"))
    s2 = state.dependent(left.slider, t(f"{c}.s2"), 0.2, 2.0, 0.6, 0.1, key="cov_s2", help=t(f"{c}.spread_help"))
    seed = state.dependent(right.number_input, t("common.seed"), 0, 9999, 0, key="cov_seed", help=t("common.seed_help"))
    rng = snippet.rng(seed)
    Sigma = snippet("Sigma", covariance.population_covariance, s1, s2, rho, note="[[σ₁², ρσ₁σ₂], [ρσ₁σ₂, σ₂²]]")
    X = snippet("X", covariance.correlated_cloud, n, s1, s2, rho, rng)
    return X, Sigma, ("x₁", "x₂")


def iris_cloud(snippet: Snippet) -> tuple[np.ndarray, None, tuple[str, str]]:
    """Two features of the iris flowers, chosen by the reader, and their names in the reader's language."""
    data, _, features, _ = snippet("data, y, features, classes", datasets.table, "iris", cache=True)
    picked = []
    for column, default, key in zip(st.columns(2), IRIS_PAIR, ("cov_x", "cov_y"), strict=True):
        with column:
            options = [default, *(f for f in features if f != default)]
            label = t(f"{PAGE}.covariance.{key[-1]}_feature")
            picked.append(state.choice(label, options, key=key, section="datasets.iris.features"))
    X = snippet("X", np.take, data, [features.index(f) for f in picked], axis=1, note="(150, 2): two columns")
    if picked[0] == picked[1]:
        st.info(t(f"{PAGE}.covariance.same_feature"), icon=":material/info:")
    return X, None, tuple(data_names("iris", "features", picked))


def covariance_readout(snippet: Snippet, cloud: covariance.Cloud, Sigma: np.ndarray | None) -> None:
    """C filled in, the population Σ beside it and r; then the two eigenpairs and the total variance."""
    left, right = st.columns(2)
    with left:
        st.latex(rf"C = \tfrac{{1}}{{{cloud.n} - 1}}\, X_c^\top X_c = {layout.matrix_tex(cloud.covariance)}")
        if Sigma is not None:
            st.latex(
                r"\Sigma = \begin{bmatrix} \sigma_1^2 & \rho\sigma_1\sigma_2 \\ "
                rf"\rho\sigma_1\sigma_2 & \sigma_2^2 \end{{bmatrix}} = {layout.matrix_tex(Sigma)}"
            )
        r = snippet("r", covariance.correlation, cloud.covariance, note="C₁₂ / √(C₁₁ C₂₂)")
        st.latex(rf"r = \frac{{C_{{12}}}}{{\sqrt{{C_{{11}}\,C_{{22}}}}}} = {layout.tex_num(r)}")
    with right:
        for j, (value, vector) in enumerate(zip(cloud.axes.variances, cloud.axes.directions.T, strict=True), 1):
            st.latex(
                rf"\lambda_{j} = {layout.tex_num(value)}, \quad \mathbf{{v}}_{j} = {layout.matrix_tex(vector[:, None])}"
            )
        total = snippet("total", np.trace, cloud.covariance, note="C₁₁ + C₂₂ = λ₁ + λ₂, the total variance")
        st.latex(rf"\lambda_1 + \lambda_2 = \operatorname{{tr}} C = {layout.tex_num(total)}")


def coverage(snippet: Snippet, X: np.ndarray, cloud: covariance.Cloud) -> None:
    """How many points each ellipse holds, against what a normal cloud would put there."""
    shares = {}
    for name, k in (("inner", 1.0), ("outer", 2.0)):
        share = snippet(f"share_{name}", covariance.share_inside, X, cloud.mean, cloud.axes, k)
        normal = snippet(f"normal_{name}", covariance.normal_coverage, k, note="1 − exp(−k²/2)")
        shares |= {name: f"{share:.0%}", f"normal_{name}": f"{normal:.0%}"}
    st.caption(t(f"{PAGE}.covariance.inside", **shares))


@demo("covariance")
def covariance_axes(snippet: Snippet) -> None:
    controls, picture = st.columns([2, 3], gap="large")
    with controls:
        source = state.choice(
            t(f"{PAGE}.covariance.data"),
            ["normal", "iris"],
            key="cov_data",
            section=f"{PAGE}.covariance.clouds",
            widget=st.radio,
            horizontal=True,
        )
        X, Sigma, titles = normal_cloud(snippet) if source == "normal" else iris_cloud(snippet)
        cloud = snippet("cloud", covariance.describe, X, note="the mean, C and C's eigenvectors, largest λ first")
    with picture:
        inner = snippet("inner", covariance.ellipse, cloud.mean, cloud.axes, 1.0, note="(x − x̄)ᵀ C⁻¹ (x − x̄) = 1")
        outer = snippet("outer", covariance.ellipse, cloud.mean, cloud.axes, 2.0)
        ends = snippet("ends", covariance.semi_axes, cloud.mean, cloud.axes, note="x̄ + √λⱼ vⱼ")
        extent = NORMAL_EXTENT
        if Sigma is None:  # real data: a window around the points and the outer ellipse
            both = snippet("both", np.vstack, [X, outer])
            extent = snippet("extent", approximation.data_extent, both, margin=0.3)
        labels = [
            t(f"{PAGE}.covariance.axis", j=j, value=layout.num(v))
            for j, v in zip("₁₂", cloud.axes.variances, strict=True)
        ]
        chart, data = figures.covariance_cloud(
            X, [inner, outer], cloud.mean, ends, labels, extent=extent, titles=titles
        )
        charts.show(chart, data, name="covariance", width="content")
        coverage(snippet, X, cloud)
    covariance_readout(snippet, cloud, Sigma)
    st.caption(t(f"{PAGE}.covariance.caption"))


# --- PCA on real data --------------------------------------------------------------------------


def uploaded_table(snippet: Snippet):
    """The reader's CSV as (X, classes, features), with notices for what was left out; None without one."""
    file = st.file_uploader(t("upload.label"), type=["csv", "txt", "tsv"], key="pca_csv", help=t("upload.help"))
    if file is None:  # none chosen yet, or its upload failed (Streamlit says why only in English)
        st.info(t("upload.none"), icon=":material/upload_file:")
        return None
    try:
        table = upload.read_csv_cached(file.getvalue(), max_bytes=MAX_UPLOAD)
    except upload.UploadError as error:
        st.error(t(f"upload.{error.code}", **error.params), icon=":material/error:")
        return None
    if table.ignored:
        st.info(t("upload.ignored", columns=", ".join(table.ignored)))
    if table.dropped_rows:
        st.info(t("upload.dropped", rows=table.dropped_rows))
    X = snippet.given("X", table.X, upload.numpy_code(table, file.name))
    return X, table.classes, table.columns


def bundled_table(snippet: Snippet, name: str):
    """One of scikit-learn's tables as (X, the class of each row, features), named in the reader's language."""
    X, y, features, classes = snippet("X, y, features, classes", datasets.table, name, cache=True)
    return X, np.asarray(data_names(name, "classes", classes))[y], data_names(name, "features", features)


def fitted(snippet: Snippet, X, standardize: bool):
    """PCA with every component and its reconstruction errors, or None with the reason shown."""
    try:
        model = snippet("model", decomposition.pca, X, standardize=standardize, cache=True, note="every component")
        errors = snippet("errors", decomposition.reconstruction_errors, X, standardize=standardize, cache=True)
    except MathDLError as error:
        if error.code == "no_variance":  # said in terms of the reader's file
            st.error(t(f"{PAGE}.pca.no_variance"), icon=":material/error:")
        else:
            layout.error(error)
        return None
    return model, errors


def components_slider(k_max: int) -> int:
    """How many components are kept; its range follows the data's."""
    return state.dependent(
        st.slider, t(f"{PAGE}.pca.k"), 1, k_max, min(2, k_max), key="pca_k", help=t(f"{PAGE}.pca.k_help")
    )


def data_controls() -> tuple[str, bool]:
    """The data set (a bundled table or the reader's CSV) and whether to standardise its columns."""
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
    return source, standardize


@demo("pca")
def principal_components(snippet: Snippet) -> None:
    source, standardize = data_controls()
    loaded = uploaded_table(snippet) if source == "upload" else bundled_table(snippet, source)
    fit = fitted(snippet, loaded[0], standardize) if loaded else None
    if loaded is None or fit is None:
        return
    (X, classes, features), (model, errors) = loaded, fit
    k = components_slider(len(model.explained_variance))
    kept = snippet(
        "kept", decomposition.pca, X, k, standardize=standardize, cache=True, note=f"the {k} components kept"
    )
    bars, error_chart, data = figures.scree(model.explained_variance_ratio, model.cumulative_variance_ratio, errors, k)
    left, right = st.columns(2)
    with left:
        charts.show(bars, data, name="scree")
    with right:
        charts.show(error_chart, data, name="reconstruction_error")
        st.metric(t(f"{PAGE}.pca.kept", k=k), f"{kept.cumulative_variance_ratio[-1]:.1%}")
    left, right = st.columns(2)
    with left:
        charts.show(*figures.projection(model.scores, classes), name="pca_scores")
    with right:
        charts.show(*figures.loadings(model.components, features), name="pca_loadings")
    st.caption(t(f"{PAGE}.pca.caption"))
    two_routes(snippet, X, model, standardize)


def two_routes(snippet: Snippet, X, model: decomposition.PCA, standardize: bool) -> None:
    """PCA by its two routes, side by side: the eigenvectors of C (the model) and the SVD of the centred data."""
    svd = snippet(
        "svd", covariance.centred_svd, X, standardize=standardize, cache=True, note="X_c = U Σ Vᵀ, never forming C"
    )
    cosines = snippet("cosines", covariance.alignment, model.components, svd.components, note="|cos| per component")
    st.markdown(t(f"{PAGE}.pca.routes"))
    s1 = layout.tex_num(svd.singular_values[0], 5)  # the SVD's side; λ₁ is the covariance's
    st.latex(
        rf"\lambda_1 = {layout.tex_num(model.explained_variance[0], 5)}"
        rf" = \frac{{\sigma_1^2}}{{n - 1}} = \frac{{{s1}^2}}{{{svd.n} - 1}}"
    )
    rows = min(ROUTE_ROWS, len(cosines))
    layout.table(
        figures.two_routes(model.explained_variance, svd.singular_values, svd.variances, cosines[:rows]), "{:.6g}"
    )


# --- Compressing an image with the SVD ---------------------------------------------------------


@demo("svd")
def compression(snippet: Snippet) -> None:
    c1, c2 = st.columns([1, 2])
    with c1:
        name = state.choice(
            t(f"{PAGE}.svd.photo"), list(datasets.IMAGES), key="svd_photo", section="tensors.image.photos"
        )
    photo = snippet("photo", datasets.sample_image, name, max_side=200, cache=True)
    X = snippet("X", decomposition.image_to_gray, photo, note="(h, w) grey levels in [0, 1]")
    with st.spinner(t(f"{PAGE}.svd.computing")):
        parts = snippet("parts", decomposition.svd, X, cache=True, note="U, s, Vt")
    k = c2.slider(t(f"{PAGE}.svd.k"), 1, 60, 10, key="svd_k", bind="query-params", help=t(f"{PAGE}.svd.k_help"))
    approx = snippet("approx", decomposition.low_rank, X, k, decomposed=parts, note="X_k, ‖X − X_k‖_F, storage")
    original, compressed, spectrum = st.columns([2, 2, 3])
    caption = t(f"{PAGE}.svd.original", shape=X.shape)
    original.image(charts.pixels(X), caption=caption, width="stretch", alt=t("common.grey_alt", what=caption))
    caption = t(f"{PAGE}.svd.compressed", k=k)
    alt = t("common.grey_alt", what=t(f"{PAGE}.svd.compressed_alt", k=k))
    compressed.image(figures.grey_levels(approx.approximation), caption=caption, width="stretch", alt=alt)
    with spectrum:
        charts.show(*figures.singular_values(parts.s, k), name="singular_values")
    h, w = X.shape
    percent = f"{approx.storage_ratio:.1%}".replace("%", r"\%")
    st.latex(
        rf"\lVert X - X_{{{k}}} \rVert_F = \sqrt{{\textstyle\sum_{{j>{k}}} \sigma_j^2}}"
        rf" = {layout.tex_num(approx.error_fro, 4)}"
        rf"\qquad \frac{{{k}\,({h} + {w} + 1)}}{{{h}\cdot{w}}} = {percent}"
    )
    st.caption(t(f"{PAGE}.svd.caption"))


@st.cache_data(max_entries=1)
def wine_spreads() -> dict[str, str]:
    """The spreads the quiz's standardising question quotes: what PCA divides each wine column by."""
    X, _, features, _ = datasets.table("wine")
    scale = dict(zip(features, decomposition.pca(X, 1, standardize=True).scale, strict=True))
    proline, magnesium = scale.pop("proline"), scale.pop("magnesium")
    rest = max(scale.values())
    return {"proline": layout.num(proline), "magnesium": layout.num(magnesium, 2), "rest": layout.num(rest, 2)}


layout.lesson(
    PAGE,
    formulas=FORMULAS,
    demos=[eigenvectors, covariance_axes, principal_components, compression],
    code=[
        decomposition.eigen_2x2,
        decomposition.power_iteration,
        decomposition.jacobi_eigh,
        covariance.covariance_matrix,
        covariance.principal_axes,
        covariance.ellipse,
        covariance.centred_svd,
        decomposition.svd,
        decomposition.low_rank,
        decomposition.pca,
    ],
    facts=wine_spreads,
)
