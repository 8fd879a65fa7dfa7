"""Page 3 shows the right numbers, and a reader's CSV is used or refused with a reason."""

import json

import numpy as np
import pytest
from sklearn.datasets import load_iris, load_wine
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from mathdl import datasets, decomposition
from tests.helpers import assert_healthy, open_page
from ui import layout, predict
from ui.i18n import catalog

PAGE = "pages/03_eigen_svd_pca.py"


def texts(elements):
    return [e.value for e in elements]


def upload(at, content: bytes, name="data.csv"):
    at.file_uploader(key="pca_csv").upload(name, content, "text/csv")
    return at.run()


def test_a_url_matrix_shows_numpys_eigenvalues():
    at = open_page(PAGE, ev_a11="2", ev_a12="1", ev_a21="0", ev_a22="3")
    assert_healthy(at)
    assert r"\lambda_1 = 3, \quad \lambda_2 = 2" in " ".join(texts(at.latex))


def test_a_rotation_is_explained_by_its_angle_in_the_readers_language():
    at = open_page(PAGE, "zh", ev_a11="0", ev_a12="-1", ev_a21="1", ev_a22="0")
    assert texts(at.info) == [catalog("zh")["eigen_pca"]["eigen"]["complex"].format(angle="90", scale="1")]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_matrix_similar_to_a_rotation_shows_the_ellipse_it_turns(lang):
    at = open_page(PAGE, lang, ev_a11="1", ev_a12="-2", ev_a21="1", ev_a22="-1")  # λ = ±i, not a rotation
    assert_healthy(at)
    assert texts(at.info) == [catalog(lang)["eigen_pca"]["eigen"]["complex"].format(angle="90", scale="1")]
    frames = [convert_arrow_bytes_to_pandas_df(d.data.data) for d in at.get("vega_lite_chart")[0].proto.datasets]
    stages = set().union(*(set(f["stage"]) for f in frames if "stage" in f))
    assert catalog(lang)["eigen_pca"]["eigen"]["ellipse"] in stages


@pytest.mark.parametrize(
    ("entries", "message", "fields"),
    [
        ({"ev_a11": "0", "ev_a12": "1", "ev_a21": "1", "ev_a22": "0"}, "no_dominant", {"size": "1"}),
        ({"ev_a11": "1", "ev_a12": "1", "ev_a21": "0", "ev_a22": "1"}, "defective", {"value": "1"}),
    ],
)
def test_power_iteration_that_cannot_settle_or_settles_slowly_says_why(entries, message, fields):
    at = open_page(PAGE, "zh", **entries)
    assert texts(at.info) == [catalog("zh")["eigen_pca"]["eigen"][message].format(**fields)]


def test_the_pace_of_power_iteration_is_the_ratio_of_the_eigenvalues():
    at = open_page(PAGE, ev_a11="2", ev_a12="1", ev_a21="1", ev_a22="2", ev_steps="4")  # λ = 3, 1
    rate = catalog("en")["eigen_pca"]["eigen"]["rate"].format(ratio=f"{1 / 3:.3g}", steps=4, shrunk=f"{3**-4:.3g}")
    assert rate in texts(at.caption)


def test_the_variance_kept_is_scikit_learns():
    at = open_page(PAGE, pca_data="wine", pca_std="true", pca_k="3")
    assert_healthy(at)
    ratio = PCA(3).fit(StandardScaler().fit_transform(load_wine().data)).explained_variance_ratio_.sum()
    assert at.metric[0].value == f"{ratio:.1%}"


def test_the_svd_error_is_the_discarded_singular_values():
    at = open_page(PAGE, svd_k="7")
    grey = decomposition.image_to_gray(datasets.sample_image("china", max_side=200))
    s = np.linalg.svd(grey, compute_uv=False)
    assert f"= {np.sqrt(np.sum(s[7:] ** 2)):.4g}" in " ".join(texts(at.latex))


def test_a_good_csv_is_analysed_with_notices_for_what_was_left_out():
    at = open_page(PAGE, pca_data="upload")
    rows = "\n".join(f"{i},{i * 2 % 7},{i % 5},{'ab'[i % 2]},note{i}" for i in range(30))
    at = upload(at, f"x,y,z,kind,comment\n{rows}\n,1,2,a,x\n".encode())
    assert_healthy(at)
    assert texts(at.info) == [
        catalog("en")["upload"]["ignored"].format(columns="kind, comment"),
        catalog("en")["upload"]["dropped"].format(rows=1),
    ]
    assert len(at.get("vega_lite_chart")) >= 4


@pytest.mark.parametrize(
    ("content", "code", "params"),
    [
        (b"", "empty", {}),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_csv", {}),
        (b"a,b\n", "too_few_rows", {"rows": 0}),
        (b"a,b\n1,2\n", "too_few_rows", {"rows": 1}),
        (b"a,name\n1,x\n2,y\n", "too_few_columns", {"found": 1}),
        (b"a,b\n1,nan\nnan,2\n", "too_few_rows", {"rows": 0}),
    ],
)
def test_each_unusable_csv_gets_its_reason_in_chinese(content, code, params):
    at = upload(open_page(PAGE, "zh", pca_data="upload"), content)
    assert_healthy(at)
    assert texts(at.error) == [catalog("zh")["upload"][code].format(**params)]


def test_a_file_over_the_upload_limit_is_refused_in_the_readers_language():
    big = b"a,b\n" + b"1,2\n" * (51 * 2**20 // 4)  # 51 MB, over the 50 MB in .streamlit/config.toml
    at = upload(open_page(PAGE, "zh", pca_data="upload"), big)
    assert texts(at.error) == [catalog("zh")["upload"]["too_large"].format(megabytes=51.0, limit=50)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_standardising_answer_quotes_the_wine_columns_spreads(lang):
    questions = catalog(lang)["eigen_pca"]["quiz"]
    i = next(i for i, q in enumerate(questions) if "{proline}" in q["explain"])
    at = open_page(PAGE, lang)
    at.radio(key=f"eigen_pca_quiz_{i}").set_value(questions[i]["answer"]).run()
    sd = dict(zip(load_wine().feature_names, load_wine().data.std(axis=0), strict=True))
    proline, magnesium = sd.pop("proline"), sd.pop("magnesium")
    explain = questions[i]["explain"].format(
        proline=f"{proline:.3g}", magnesium=f"{magnesium:.2g}", rest=f"{max(sd.values()):.2g}"
    )
    assert [s.value for s in at.success] == [f"{catalog(lang)['common']['correct']} {explain}"]


# --- Covariance → eigenvectors → principal axes ---------------------------------------------------


def cloud_by_hand(n, s1, s2, rho, seed):
    """The normal cloud from its definition: x = σ₁z₁, y = σ₂(ρz₁ + √(1 − ρ²)z₂)."""
    z = np.random.default_rng(seed).standard_normal((n, 2))
    return np.column_stack([s1 * z[:, 0], s2 * (rho * z[:, 0] + np.sqrt(1 - rho**2) * z[:, 1])])


def test_the_covariance_shown_is_numpys_and_its_eigenpairs_are_numpys():
    at = open_page(PAGE, demo="covariance", cov_rho="-0.5", cov_s1="1.2", cov_s2="0.8", cov_n="500", cov_seed="3")
    assert_healthy(at)
    C = np.cov(cloud_by_hand(500, 1.2, 0.8, -0.5, 3), rowvar=False)
    formulas = " ".join(texts(at.latex))
    assert layout.matrix_tex(C) in formulas
    assert layout.matrix_tex([[1.44, -0.48], [-0.48, 0.64]]) in formulas  # Σ from σ₁, σ₂ and ρ
    w = np.linalg.eigvalsh(C)[::-1]
    assert rf"\lambda_1 = {layout.tex_num(w[0])}," in formulas and rf"\lambda_2 = {layout.tex_num(w[1])}," in formulas
    assert rf"\operatorname{{tr}} C = {layout.tex_num(np.trace(C))}" in formulas


def test_two_iris_features_show_their_covariance_and_correlation_in_chinese():
    at = open_page(PAGE, "zh", demo="covariance", cov_data="iris", cov_x="petal width (cm)", cov_y="sepal width (cm)")
    assert_healthy(at)
    X = load_iris().data[:, [3, 1]]
    formulas = " ".join(texts(at.latex))
    assert layout.matrix_tex(np.cov(X, rowvar=False)) in formulas
    assert f"= {layout.tex_num(np.corrcoef(X.T)[0, 1])}" in formulas
    assert r"\Sigma" not in formulas  # real data: no population to compare with
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert catalog("zh")["datasets"]["iris"]["features"]["petal width (cm)"] in json.dumps(spec, ensure_ascii=False)


def test_the_same_feature_on_both_axes_is_explained():
    at = open_page(PAGE, demo="covariance", cov_data="iris", cov_x="sepal length (cm)", cov_y="sepal length (cm)")
    assert_healthy(at)
    assert texts(at.info) == [catalog("en")["eigen_pca"]["covariance"]["same_feature"]]


def test_pcas_two_routes_show_the_same_numbers_as_scikit_learn():
    at = open_page(PAGE, "zh", demo="pca", pca_data="wine", pca_std="true")
    assert_healthy(at)
    reference = PCA().fit(StandardScaler().fit_transform(load_wine().data))
    table = at.table[0].value
    p = catalog("zh")["eigen_pca"]["pca"]
    np.testing.assert_allclose(table[p["eigenvalue"]], reference.explained_variance_[: len(table)], rtol=1e-9)
    np.testing.assert_allclose(table[p["svd_variance"]], reference.explained_variance_[: len(table)], rtol=1e-9)
    np.testing.assert_allclose(table[p["singular_value"]], reference.singular_values_[: len(table)], rtol=1e-9)
    np.testing.assert_allclose(table[p["alignment"]], 1.0, atol=1e-9)


def revealed(at) -> predict.Verdict:
    """Click the eigenvectors' Reveal and read the verdict the session recorded."""
    at.button(key="ev_reveal").click().run()
    assert_healthy(at)
    return at.session_state[predict.SCORE]["guess"]["eigen_pca"]["ev"]


def matrix_query(A) -> dict[str, float]:
    return {f"ev_a{i + 1}{j + 1}": float(A[i][j]) for i in range(2) for j in range(2)}


@pytest.mark.parametrize("A", [[[2, 1], [1, 2]], [[0.5, 1.5], [1, -0.3]]])  # the default; λ₁ along a skew line
def test_the_eigenvector_question_reveals_the_angle_of_numpys_dominant_eigenvector(A):
    at = open_page(PAGE, demo="eigen", ev_predict="true", **matrix_query(A))
    assert_healthy(at)
    assert not at.get("vega_lite_chart") and not at.latex, "the picture and λ wait for the guess"
    values, vectors = np.linalg.eig(np.array(A, dtype=float))
    v = vectors[:, np.argmax(np.abs(values))]
    answer = revealed(at).answer
    gap = abs(answer - np.degrees(np.arctan2(v[1], v[0]))) % 180  # v and −v: one direction
    assert min(gap, 180 - gap) == pytest.approx(0, abs=1e-9)


def test_the_eigenvectors_guess_holds_every_direction_the_entries_can_give():
    at = open_page(PAGE, demo="eigen", ev_predict="true")
    for A in ([[-3, 3], [3, -3]], [[-3, -3], [-3, -3]], [[3, 0], [0, -0.1]]):  # at 135°, 45° and 0°
        for key, value in matrix_query(A).items():
            at.number_input(key=key).set_value(value)
        at.run()
        guess = at.slider(key="ev_guess")
        assert guess.min <= revealed(at).answer <= guess.max == guess.min + 180
