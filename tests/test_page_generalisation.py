"""Page 10 shows the U-curve, bias and variance, ridge against lasso, early stopping, k-fold
cross-validation, a classifier's scores and learning curves. The numbers it shows are checked
against independent computations: numpy's Legendre least squares, scikit-learn's Ridge, Lasso,
KFold, cross_val_score, learning_curve and metrics, and a re-run of the same random draws.
"""

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.linear_model import Lasso, LinearRegression, LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, roc_auc_score
from sklearn.model_selection import KFold, cross_val_score, learning_curve, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from tests.helpers import assert_healthy, chart_data, open_page
from ui import predict
from ui.i18n import catalog

PAGE = "pages/10_regularisation_evaluation.py"


def text(lang: str) -> dict:
    return catalog(lang)["generalisation"]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def noisy_sine(rng: np.random.Generator, n: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """The page's noisy points, drawn here with numpy alone: x uniform on [-1, 1], then the noise."""
    x = rng.uniform(-1.0, 1.0, n)
    return x, np.sin(np.pi * x) + noise * rng.standard_normal(n)


def diabetes() -> tuple[np.ndarray, np.ndarray]:
    data = load_diabetes()
    return StandardScaler().fit_transform(data.data), data.target


def mse(y, y_hat) -> float:
    return float(np.mean((y - y_hat) ** 2))


# --- 1. The U-curve and the bias-variance split ------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_errors_shown_are_numpys_least_squares_and_sklearns_cross_validation(lang):
    at = open_page(PAGE, lang, gen_target="sine", gen_n="30", gen_noise="0.3", gen_seed="4", gen_degree="5")
    assert_healthy(at)
    rng = np.random.default_rng(4)
    (x, y), (x_test, y_test) = noisy_sine(rng, 30, 0.3), noisy_sine(rng, 1000, 0.3)
    fits = {
        d: np.polynomial.Legendre.fit(x, y, d, domain=[-1, 1]) for d in range(16)
    }  # the same space as xᵈ, well conditioned
    poly = text(lang)["poly"]
    shown = metrics(at)
    assert float(shown[poly["train_error"]]) == pytest.approx(mse(y, np.polyval(np.polyfit(x, y, 5), x)), rel=1e-3)
    assert float(shown[poly["test_error"]]) == pytest.approx(mse(y_test, fits[5](x_test)), rel=1e-3)
    cv = -cross_val_score(
        make_pipeline(PolynomialFeatures(5, include_bias=False), LinearRegression()),
        x[:, None],
        y,
        cv=KFold(5),
        scoring="neg_mean_squared_error",
    ).mean()
    assert float(shown[poly["cv_error"].format(k=5)]) == pytest.approx(cv, rel=1e-3)
    assert int(shown[poly["best_test"]]) == min(fits, key=lambda d: mse(y_test, fits[d](x_test)))


@pytest.mark.parametrize(("n", "noise", "seed"), [(30, 0.3, 0), (100, 0.05, 1)])  # the defaults; the most, cleanest
def test_the_poly_demo_asks_for_the_degree_of_lowest_test_error_and_its_answer_is_numpys(n, noise, seed):
    query = {"gen_target": "sine", "gen_n": str(n), "gen_noise": str(noise), "gen_seed": str(seed)}
    at = open_page(PAGE, demo="poly", gen_poly_predict="true", **query)
    assert_healthy(at)
    guess = at.slider(key="gen_poly_guess")
    at.button(key="gen_poly_reveal").click().run()
    verdict = at.session_state[predict.SCORE]["guess"]["generalisation"]["gen_poly"]
    rng = np.random.default_rng(seed)
    (x, y), (x_test, y_test) = noisy_sine(rng, n, noise), noisy_sine(rng, 1000, noise)
    fits = {d: np.polynomial.Legendre.fit(x, y, d, domain=[-1, 1]) for d in range(16)}
    assert verdict.answer == min(fits, key=lambda d: mse(y_test, fits[d](x_test)))
    assert (guess.min, guess.max) == (0, 15) and guess.min <= verdict.answer <= guess.max  # every degree shown


def test_the_bias_and_variance_drawn_are_a_numpy_rerun_of_the_same_200_samples():
    at = open_page(PAGE, gen_target="sine", gen_n="20", gen_noise="0.4", gen_seed="7", gen_degree="3")
    assert_healthy(at)
    poly = text("en")["poly"]
    frame = chart_data(at, poly["split_title"].format(repeats=200))[0]
    rng = np.random.default_rng(7)
    samples = [noisy_sine(rng, 20, 0.4) for _ in range(200)]
    grid = np.linspace(-1, 1, 61)
    fresh = np.sin(np.pi * grid) + 0.4 * rng.standard_normal((200, 61))  # a new noisy y at each grid point, per sample
    for degree in (1, 3, 6):
        P = np.array(
            [np.polynomial.Legendre.fit(xs, ys, degree, domain=[-1, 1])(grid) for xs, ys in samples]
        )  # (200, 61)
        row = frame[frame.degree == degree].iloc[0]
        assert row[poly["bias2"]] == pytest.approx(np.mean((P.mean(axis=0) - np.sin(np.pi * grid)) ** 2), rel=1e-6)
        assert row[poly["variance"]] == pytest.approx(np.mean(P.var(axis=0)), rel=1e-6)
        assert row[poly["expected_error"]] == pytest.approx(mse(fresh, P), rel=1e-6)
        assert row[poly["noise_part"]] == pytest.approx(0.16)
        # The split itself: bias² + variance + σ² is the measured error, up to Monte-Carlo noise.
        assert row[poly["bias2"]] + row[poly["variance"]] + 0.16 == pytest.approx(row[poly["expected_error"]], rel=0.1)


@pytest.mark.parametrize("target", ["abs", "sawtooth"])
def test_every_target_of_the_one_registry_can_be_fitted_and_is_drawn_as_itself(target):
    at = open_page(PAGE, "zh", gen_target=target)
    assert_healthy(at)
    assert at.selectbox(key="gen_target").value == target
    poly = text("zh")["poly"]
    curves = chart_data(at, poly["fit_title"].format(degree=3, n=30))[0]
    x = curves.x.to_numpy()
    truth = np.abs(x) if target == "abs" else 2 * (x / (2 / 3) - np.floor(x / (2 / 3) + 0.5))
    np.testing.assert_allclose(curves[poly["truth"]].to_numpy(), truth, atol=1e-12)


def test_a_ridge_penalty_tames_the_variance_of_degree_fifteen():
    plain = open_page(PAGE, gen_degree="15", gen_n="30")
    tamed = open_page(PAGE, gen_degree="15", gen_n="30", gen_ridge="true", gen_alpha="0.01")
    assert_healthy(tamed)
    poly = text("en")["poly"]
    title = poly["split_title"].format(repeats=200)
    wild, calm = chart_data(plain, title)[0], chart_data(tamed, title)[0]
    assert calm[poly["variance"]].iloc[15] < 1e-3 * wild[poly["variance"]].iloc[15]


# --- 2. Ridge and lasso --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_coefficients_in_the_table_are_sklearns_ridge_and_lasso(lang):
    at = open_page(PAGE, lang, gen_ridge_alpha="320", gen_lasso_alpha="2")
    assert_healthy(at)
    X, y = diabetes()
    table = at.table[0].value
    least = LinearRegression().fit(X, y).coef_
    ridge = Ridge(alpha=10**2.5).fit(X, y).coef_
    lasso = Lasso(alpha=10**0.3, tol=1e-12, max_iter=1_000_000).fit(X, y).coef_
    for column, reference in zip(table.columns[1:], (least, ridge, lasso), strict=True):
        np.testing.assert_allclose(table[column].to_numpy(float), reference, atol=0.006)  # shown to 2 decimals
    shown = metrics(at)
    paths = text(lang)["paths"]
    assert float(shown[paths["alpha_max"]]) == pytest.approx(np.abs(X.T @ (y - y.mean())).max() / len(y), rel=1e-4)
    assert shown[paths["nonzero"]] == f"{np.count_nonzero(lasso)} / 10"


def test_the_paths_drawn_are_sklearns_at_every_alpha_and_the_lasso_ends_at_zero():
    at = open_page(PAGE)
    paths = text("en")["paths"]
    (ridge_path, _), (lasso_path, _) = chart_data(at, paths["ridge_title"]), chart_data(at, paths["lasso_title"])
    X, y = diabetes()
    names = load_diabetes().feature_names
    for i in (0, 15, 30):
        alpha = ridge_path.alpha.iloc[i]
        np.testing.assert_allclose(ridge_path[names].iloc[i], Ridge(alpha=alpha).fit(X, y).coef_, rtol=1e-7, atol=1e-9)
    for i in (0, 20, 40):
        alpha = lasso_path.alpha.iloc[i]
        np.testing.assert_allclose(
            lasso_path[names].iloc[i], Lasso(alpha=alpha, tol=1e-12, max_iter=1_000_000).fit(X, y).coef_, atol=1e-6
        )
    assert (lasso_path[names].iloc[-1] == 0).all()  # α = 100 is beyond α_max ≈ 45: every weight is 0


# --- 3. The L1 diamond and the L2 disc ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_constrained_minima_are_sklearns_lasso_and_ridge_at_the_penalty_shown(lang):
    at = open_page(PAGE, lang, gen_w1="bmi", gen_w2="s6", gen_radius="0.4")
    assert_healthy(at)
    geometry = text(lang)["geometry"]
    table = at.table[1].value
    rows = {row.iloc[0]: row.iloc[1:].astype(float) for _, row in table.iterrows()}
    l1, l2 = rows[geometry["l1"]], rows[geometry["l2"]]
    X, y = diabetes()
    pair = X[:, [2, 9]]  # bmi and s6
    assert l1.iloc[1] == 0.0  # the corner: the weight of s6 is exactly zero
    lasso = Lasso(alpha=l1.iloc[3], tol=1e-12, max_iter=1_000_000).fit(pair, y).coef_
    np.testing.assert_allclose(l1.iloc[:2], lasso, atol=0.01)
    ridge = Ridge(alpha=len(y) * l2.iloc[3]).fit(pair, y).coef_  # the disc's α is on the lasso's 1/(2n) scale
    np.testing.assert_allclose(l2.iloc[:2], ridge, atol=0.01)
    w_hat = LinearRegression().fit(pair, y).coef_
    assert abs(l1.iloc[0]) + abs(l1.iloc[1]) == pytest.approx(
        0.4 * np.abs(w_hat).sum(), abs=2e-3
    )  # on the diamond's edge
    assert np.hypot(l2.iloc[0], l2.iloc[1]) == pytest.approx(0.4 * np.abs(w_hat).sum(), abs=2e-3)  # on the circle
    corner = geometry["corner"].format(feature=catalog(lang)["datasets"]["diabetes"]["features"]["s6"])
    assert any(box.value == corner for box in at.info)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_same_feature_twice_is_refused_with_a_translated_message(lang):
    at = open_page(PAGE, lang, gen_w1="bmi", gen_w2="bmi")
    assert_healthy(at)
    assert [e.value for e in at.error] == [catalog(lang)["errors"]["rank_deficient"].format(name="X", rank=1, cols=2)]


# --- 4. Early stopping ------------------------------------------------------------------------------------------------


def keras_rule(loss, patience):
    """Keras' EarlyStopping callback, epoch by epoch: (best epoch, stopped at or None), from 1."""
    best, wait = 0, 0
    for epoch in range(1, len(loss)):
        if loss[epoch] < loss[best]:
            best, wait = epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return best + 1, epoch + 1
    return best + 1, None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_early_stopping_keeps_the_epoch_keras_would_and_restores_its_weights(lang):
    at = open_page(PAGE, lang, gen_net_n="15", gen_epochs="200", gen_patience="20", gen_net_seed="3")
    assert_healthy(at)
    network = text(lang)["network"]
    losses = chart_data(at, network["loss_title"])[0]
    assert len(losses) == 200  # 200 epochs: every one of them is drawn
    validation = losses[network["validation_loss"]].to_numpy()
    best, stopped_at = keras_rule(validation, 20)
    shown = metrics(at)
    assert shown[network["kept_epoch"]] == str(best)
    # The kept network is trained again for `best` epochs from the same seed: it must be the same network.
    assert float(shown[network["kept_validation"]]) == pytest.approx(validation[best - 1], rel=1e-3)
    assert float(shown[network["final_train"]]) == pytest.approx(losses[network["train_loss"]].iloc[-1], rel=1e-3)
    if stopped_at is None or stopped_at == 200:  # patience running out at the very end stops nothing
        assert any(box.value == network["not_stopped"].format(patience=20) for box in at.info)
    else:
        assert any(
            box.value == network["stopped"].format(stop=stopped_at, best=best, saved=200 - stopped_at)
            for box in at.success
        )


def test_weight_decay_narrows_the_gap_between_training_and_validation_loss():
    plain = metrics(open_page(PAGE, gen_net_n="15", gen_epochs="1500"))
    decayed = metrics(open_page(PAGE, gen_net_n="15", gen_epochs="1500", gen_l2="0.01"))
    network = text("en")["network"]

    def gap(shown):
        return float(shown[network["final_validation"]]) - float(shown[network["final_train"]])

    assert gap(decayed) < 0.5 * gap(plain)


# --- 5. k-fold cross-validation --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_folds_and_their_errors_are_sklearns_kfold_and_cross_val_score(lang):
    at = open_page(PAGE, lang, gen_k="4", gen_shuffle="false", gen_cv_alpha="32")
    assert_healthy(at)
    cv = text(lang)["cv"]
    _, membership = chart_data(at, cv["strip_title"].format(k=4, n=442))
    expected = np.empty(442, dtype=int)
    for fold, (_, test) in enumerate(KFold(4).split(np.zeros(442)), start=1):
        expected[test] = fold
    np.testing.assert_array_equal(membership.fold.to_numpy(), expected)  # patient i is row i
    bars = chart_data(at, cv["bars_title"].format(alpha="31.6"))[0]
    X, y = diabetes()
    reference = -cross_val_score(Ridge(alpha=10**1.5), X, y, cv=KFold(4), scoring="neg_mean_squared_error")
    np.testing.assert_allclose(bars.mse, reference, rtol=1e-9)
    shown = metrics(at)
    assert float(shown[cv["cv_mse"].format(k=4)]) == pytest.approx(reference.mean(), rel=1e-4)
    alphas = np.logspace(-1, 5, 31)
    by_alpha = [
        -cross_val_score(Ridge(alpha=a), X, y, cv=KFold(4), scoring="neg_mean_squared_error").mean() for a in alphas
    ]
    assert float(shown[cv["best_alpha"]]) == pytest.approx(alphas[np.argmin(by_alpha)], rel=1e-2)


def test_shuffled_folds_test_every_patient_once_in_folds_of_nearly_equal_size():
    at = open_page(PAGE, gen_k="7", gen_shuffle="true", gen_cv_seed="11")
    assert_healthy(at)
    _, membership = chart_data(at, text("en")["cv"]["strip_title"].format(k=7, n=442))
    counts = np.bincount(membership.fold, minlength=8)[1:]
    assert len(membership) == 442 and counts.sum() == 442
    assert sorted(counts.tolist()) == [63] * 6 + [64]  # 442 = 7 · 63 + 1, as KFold deals them
    assert not np.all(np.diff(membership.fold) >= 0)  # not consecutive blocks


# --- 6. A classifier at a threshold -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_precision_recall_f1_and_auc_are_sklearns_for_the_same_classifier(lang):
    at = open_page(PAGE, lang, gen_threshold="0.3", gen_clf_seed="2")
    assert_healthy(at)
    cancer = load_breast_cancer()
    X_train, X_test, y_train, y_test = train_test_split(
        cancer.data, cancer.target, test_size=0.3, stratify=cancer.target, random_state=2
    )
    malignant = (
        make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
        .fit(X_train, y_train)
        .predict_proba(X_test)[:, 0]
    )
    truth, called = 1 - y_test, malignant >= 0.3
    classifier = text(lang)["classifier"]
    shown = metrics(at)
    assert shown[classifier["precision"]] == f"{precision_score(truth, called):.3f}"
    assert shown[classifier["recall"]] == f"{recall_score(truth, called):.3f}"
    assert shown["F₁"] == f"{f1_score(truth, called):.3f}"
    assert shown[classifier["accuracy"]] == f"{accuracy_score(truth, called):.3f}"
    assert shown["AUC"] == f"{roc_auc_score(truth, malignant):.3f}"
    best = max(f1_score(truth, malignant >= th, zero_division=0) for th in np.linspace(0, 1, 101))
    assert shown[classifier["best_f1"]] == f"{best:.3f}"
    benign_share = accuracy_score(truth, np.zeros_like(truth))  # calling every tumour benign
    assert classifier["caption"].format(baseline=f"{benign_share:.0%}") in [c.value for c in at.caption]
    cells = chart_data(at, classifier["confusion_title"].format(n=len(truth)))[0]
    counts = dict(zip(cells.kind, cells["count"], strict=True))
    assert counts == {
        "TN": np.sum(~called & (truth == 0)),
        "FP": np.sum(called & (truth == 0)),
        "FN": np.sum(~called & (truth == 1)),
        "TP": np.sum(called & (truth == 1)),
    }


# --- 7. Learning curves ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("degree", [1, 3])
def test_the_learning_curve_is_sklearns_on_the_same_folds(degree):
    at = open_page(PAGE, gen_lc_degree=str(degree), gen_lc_n="100", gen_lc_noise="0.3", gen_lc_seed="5")
    assert_healthy(at)
    x, y = noisy_sine(np.random.default_rng(5), 100, 0.3)
    learning = text("en")["learning"]
    frame = chart_data(at, learning["title_chart"].format(degree=degree))[0]
    sizes = sorted(frame["size"].unique())
    assert sizes[0] == 2 and sizes[-1] == 80  # up to the training part of a fold: 100 − 100/5
    middle = int(sizes[len(sizes) // 2])
    model = make_pipeline(PolynomialFeatures(degree, include_bias=False), LinearRegression())
    _, train, validation = learning_curve(
        model, x[:, None], y, train_sizes=[middle, 80], cv=KFold(5), scoring="neg_mean_squared_error"
    )
    shown = metrics(at)
    assert float(shown[learning["final_train"].format(m=80)]) == pytest.approx(-train[-1].mean(), rel=1e-3)
    assert float(shown[learning["final_validation"].format(m=80)]) == pytest.approx(-validation[-1].mean(), rel=1e-3)
    drawn = frame[frame["size"] == middle]
    np.testing.assert_allclose(drawn[learning["validation"]], -validation[0], rtol=1e-6)
    np.testing.assert_allclose(drawn[learning["train"]], -train[0], rtol=1e-6, atol=1e-12)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_intros_quote_the_network_and_the_test_set_as_computed(lang):
    sizes = (1, 64, 64, 1)
    parameters = sum((a + 1) * b for a, b in zip(sizes, sizes[1:], strict=False))  # weights and a bias per unit
    intro = open_page(PAGE, lang, demo="network").markdown[0].value
    assert f"{parameters:,}" in intro and "{" not in intro
    tumours = len(train_test_split(load_breast_cancer().target, test_size=0.3, random_state=0)[1])
    assert f"{tumours}" in open_page(PAGE, lang, demo="classifier").markdown[0].value
