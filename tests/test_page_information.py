"""Page 6 shows the numbers of information and decision theory, checked against scipy and scikit-learn."""

import json

import numpy as np
import pytest
from scipy import special, stats
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from tests.helpers import assert_healthy, open_page
from ui import predict
from ui.i18n import catalog

PAGE = "pages/06_information_decision.py"
EN = catalog("en")["information"]


def metrics(at) -> dict[str, str]:
    """Each label's first metric: H(p) is shown by the entropy demo and again by the KL demo."""
    return {m.label: m.value for m in reversed(at.metric)}


def test_the_entropy_of_the_default_distribution_is_scipys():
    at = open_page(PAGE)
    assert_healthy(at)
    assert metrics(at)["H(p)"] == EN["bits"].format(value=f"{stats.entropy([0.5, 0.25, 0.125, 0.125], base=2):.4g}")
    assert metrics(at)[EN["entropy"]["coin_h"].format(p="0.5")] == EN["bit"].format(value="1")


def test_weights_that_do_not_sum_to_one_are_normalised_with_a_notice():
    at = open_page(PAGE, ent_p="2, 1, 1")
    assert EN["normalised"].format(name="p", values="0.5, 0.25, 0.25") in [i.value for i in at.info]
    assert metrics(at)["H(p)"] == EN["bits"].format(value="1.5")


# the default, another, and the ends: one certain outcome, and the most outcomes equally likely
@pytest.mark.parametrize("typed", ["0.5, 0.25, 0.125, 0.125", "2, 1, 1", "1, 0", ", ".join(["1"] * 12)])
def test_the_entropy_demo_asks_for_the_entropy_and_its_answer_is_scipys_within_the_guess_range(typed):
    at = open_page(PAGE, demo="entropy", ent_p=typed, ent_predict="true")
    assert_healthy(at)
    guess = at.slider(key="ent_guess")
    at.button(key="ent_reveal").click().run()
    verdict = at.session_state[predict.SCORE]["guess"]["information"]["ent"]
    weights = np.array([float(w) for w in typed.split(",")])
    assert verdict.answer == pytest.approx(stats.entropy(weights, base=2), abs=1e-12)
    assert guess.min <= verdict.answer <= guess.max


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("typed", ["a, b", "1", "-1, 2", "0, 0", "__import__('os')"])
def test_a_distribution_that_is_not_one_gets_a_message_not_a_traceback(lang, typed):
    at = open_page(PAGE, lang, ent_p=typed)
    assert_healthy(at)
    assert len(at.error) == 1
    assert not any(m.label.startswith(catalog(lang)["information"]["entropy"]["max"][:4]) for m in at.metric)


def test_kl_is_infinite_where_the_model_rules_out_a_possible_outcome_and_the_page_says_which():
    at = open_page(PAGE, "zh", kl_p="0.4, 0.4, 0.2", kl_q="0.5, 0.5, 0")
    assert_healthy(at)
    assert metrics(at)["KL(p ‖ q)"] == "∞"
    assert metrics(at)["KL(q ‖ p)"] == catalog("zh")["information"]["bits"].format(
        value=f"{stats.entropy([0.5, 0.5, 0], [0.4, 0.4, 0.2], base=2):.4g}"
    )
    assert [w.value for w in at.warning] == [
        catalog("zh")["information"]["kl"]["infinite"].format(first="p", second="q", outcomes="3")
    ]


def test_a_cold_softmax_is_scipys_and_nearly_one_hot():
    at = open_page(PAGE, sm_z="2, 1, 0.1, -1", sm_logt="0.1")
    top = special.softmax(np.array([2, 1, 0.1, -1]) / 0.1).max()
    assert metrics(at)[EN["softmax"]["top"]] == f"{top:.1%}"


def test_a_confidently_wrong_logit_has_a_tiny_squared_error_slope():
    at = open_page(PAGE, loss_y="1", loss_z="-8")
    s = special.expit(-8.0)
    shown = metrics(at)
    assert float(shown[EN["losses"]["ce_grad"]]) == pytest.approx(s - 1, abs=1e-3)
    assert float(shown[EN["losses"]["se_grad"]]) == pytest.approx(2 * (s - 1) * s * (1 - s), rel=1e-2)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_saturation_caption_quotes_the_slopes_the_metrics_show_at_that_logit(lang):
    at = open_page(PAGE, lang, loss_y="1", loss_z="-8")
    texts = catalog(lang)["information"]["losses"]
    shown = metrics(at)
    ce, se = float(shown[texts["ce_grad"]]), float(shown[texts["se_grad"]])
    expected = texts["caption"].format(z="-8", ce=f"{ce:.2g}", se=f"{se:.2g}")
    assert expected in [c.value for c in at.caption]
    sigma = special.expit(-8.0)
    assert se == pytest.approx(2 * (sigma - 1) * sigma * (1 - sigma), rel=1e-2)  # of (σ − y)², not ½(σ − y)²


def test_the_decision_figures_are_scikit_learns_for_the_same_classifier():
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import confusion_matrix, roc_auc_score
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from mathdl import datasets

    at = open_page(PAGE, dec_t="0.3", dec_fn="5", dec_fp="1", dec_seed="1")
    assert_healthy(at)
    X, y, _, _ = datasets.table("breast_cancer")
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, stratify=y, random_state=1)
    malignant = (
        make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
        .fit(X_train, y_train)
        .predict_proba(X_test)[:, 0]
    )
    truth = 1 - y_test
    tn, fp, fn, tp = confusion_matrix(truth, malignant >= 0.3).ravel()
    shown = metrics(at)
    assert shown["AUC"] == f"{roc_auc_score(truth, malignant):.3f}"
    assert float(shown[EN["decision"]["expected_risk"]]) == pytest.approx(
        (5 * fn + 1 * fp) / len(truth), rel=5e-3
    )  # shown to 3 figures
    assert shown[EN["decision"]["bayes"]] == f"{1 / 6:.2f}"
    charts = {json.loads(c.proto.spec).get("title"): c for c in at.get("vega_lite_chart")}
    cells = convert_arrow_bytes_to_pandas_df(
        charts[EN["decision"]["confusion_title"].format(n=171)].proto.datasets[0].data.data
    )
    assert cells["count"].tolist() == [tn, fp, fn, tp]
    roc = charts[EN["decision"]["roc_title"]].proto.datasets
    point = convert_arrow_bytes_to_pandas_df(roc[-1].data.data)  # the operating point, drawn last
    assert (point.fpr[0], point.tpr[0]) == pytest.approx((fp / (fp + tn), tp / (tp + fn)))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_decision_caption_and_cost_matrix_use_the_readers_two_costs(lang):
    at = open_page(PAGE, lang, dec_fn="4", dec_fp="1.5")
    texts = catalog(lang)["information"]["decision"]
    optimal = 1.5 / (1.5 + 4)  # t* = c_FP / (c_FP + c_FN)
    assert texts["caption"].format(fn="4", fp="1.5", optimal=f"{optimal:.2g}") in [c.value for c in at.caption]
    matrix = rf"\text{{{texts['cost']}}} = \begin{{bmatrix}} 0 & 1.5 \\ 4 & 0 \end{{bmatrix}}"
    assert matrix in " ".join(e.value for e in at.latex)
