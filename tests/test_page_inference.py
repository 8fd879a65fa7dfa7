"""Page 5 shows the numbers of hypothesis testing, checked against scipy.stats and scikit-learn."""

import re

import numpy as np
import pytest
from scipy import stats

from tests.helpers import assert_healthy, open_page
from ui.i18n import catalog

PAGE = "pages/05_hypothesis_testing.py"
EN = catalog("en")["inference"]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_power_is_the_area_of_the_h1_curve_beyond_the_critical_values():
    at = open_page(PAGE, pw_effect="0.5", pw_sigma="1", pw_n="20", pw_alpha="0.05")
    assert_healthy(at)
    shift, z = 0.5 / (1 / np.sqrt(20)), stats.norm.ppf(0.975)
    power = stats.norm.sf(z - shift) + stats.norm.cdf(-z - shift)
    assert metrics(at)[EN["power"]["power"]] == f"{power:.1%}"
    t_crit, nct = stats.t.ppf(0.975, 19), stats.nct(19, shift)
    assert metrics(at)[EN["power"]["t_power"]] == f"{nct.sf(t_crit) + nct.cdf(-t_crit):.1%}"


def test_the_power_sliders_span_what_test_power_sweeps_against_scipys_noncentral_t():
    from tests.test_power import ALPHAS, EFFECTS, NS, SIGMAS

    at = open_page(PAGE)
    for key, grid in [("pw_effect", EFFECTS), ("pw_sigma", SIGMAS), ("pw_n", NS), ("pw_alpha", ALPHAS)]:
        slider = at.slider(key=key)
        assert (slider.min, slider.max, slider.step) == pytest.approx((grid[0], grid[-1], grid[1] - grid[0])), key
    assert sorted(at.radio(key="pw_design").options) == sorted(EN["power"]["designs"].values())
    assert len(at.radio(key="pw_alt").options) == 3  # the sweep covers all three alternatives


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("effect", ["0", "0.6"])
def test_one_experiment_is_scipys_t_test_and_names_its_error(lang, effect):
    at = open_page(PAGE, lang, pw_design="two", pw_effect=effect, pw_n="15", pw_seed="3")
    assert_healthy(at)
    rng = np.random.default_rng(3)
    a, b = rng.normal(0, 1, 15), rng.normal(float(effect), 1, 15)
    ref = stats.ttest_ind(b, a)
    verdict = "reject" if ref.pvalue <= 0.05 else "keep"
    truth = "null" if effect == "0" else "effect"
    text = catalog(lang)["inference"]["experiment"][f"{verdict}_{truth}"]
    shown = [e.value for e in (*at.success, *at.warning)]
    assert shown == [text.format(p=f"p = {ref.pvalue:.3g}", alpha="0.05")]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("design", "effect", "sigma"), [("two", "1", "1"), ("one", "2", "0.5")])
def test_a_tiny_p_value_is_shown_with_scipys_digits_never_as_0(lang, design, effect, sigma):
    """Two samples of 200 a standard deviation apart gave t = 9.0 and the page printed p = 0."""
    at = open_page(PAGE, lang, pw_design=design, pw_effect=effect, pw_sigma=sigma, pw_n="200", pw_seed="0")
    assert_healthy(at)
    rng, e, s = np.random.default_rng(0), float(effect), float(sigma)
    if design == "two":
        a, b = rng.normal(0, s, 200), rng.normal(e, s, 200)
        ref = stats.ttest_ind(b, a)
    else:
        ref = stats.ttest_1samp(rng.normal(e, s, 200), 0.0)
    assert 0 < ref.pvalue < 1e-16  # 9.7e-18 and 6.2e-128: below what the old t CDF could tell from 0
    [message] = [e.value for e in at.success]
    shown = re.match(r"p = (\S+) ≤", message).group(1)
    assert float(shown) == float(f"{ref.pvalue:.3g}")  # scipy's p-value, to the three digits shown
    text = catalog(lang)["inference"]["experiment"]["reject_effect"]
    assert message == text.format(p=f"p = {shown}", alpha="0.05")
    mantissa, exponent = shown.split("e")
    assert any(rf"\quad p = {mantissa} \times 10^{{{int(exponent)}}}" in f.value for f in at.latex)


def test_the_model_comparison_is_a_paired_test_on_scikit_learns_fold_scores():
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.naive_bayes import GaussianNB
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from mathdl import datasets

    at = open_page(PAGE, cv_data="breast_cancer", cv_a="naive_bayes", cv_b="logistic", cv_k="8", cv_seed="2")
    assert_healthy(at)
    X, y, _, _ = datasets.table("breast_cancer")
    folds = StratifiedKFold(8, shuffle=True, random_state=2)
    a = cross_val_score(GaussianNB(), X, y, cv=folds)
    b = cross_val_score(make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)), X, y, cv=folds)
    shown = metrics(at)
    assert shown[EN["models"]["mean_diff"]] == f"{(b - a).mean():+.1%}"
    assert float(shown[EN["models"]["paired_p"]]) == pytest.approx(stats.ttest_rel(b, a).pvalue, rel=1e-2)
    exact = stats.permutation_test(
        (b, a), lambda x, z, axis: np.mean(x - z, axis=axis), permutation_type="samples", n_resamples=np.inf
    )
    assert float(shown[EN["models"]["perm_p"]]) == pytest.approx(exact.pvalue, rel=1e-2)


def test_a_model_against_itself_has_nothing_to_test():
    at = open_page(PAGE, "zh", cv_a="tree", cv_b="tree", cv_k="3")
    assert_healthy(at)
    assert catalog("zh")["inference"]["models"]["same"] in [i.value for i in at.info]


def test_twenty_tests_without_correction_risk_a_false_positive_64_percent_of_the_time():
    at = open_page(PAGE, mt_m="20", mt_alpha="0.05")
    assert metrics(at)[EN["multiple"]["formula"].format(m=20)] == f"{1 - 0.95**20:.1%}"
    simulated = float(metrics(at)[EN["multiple"]["simulated"].format(experiments=400)].rstrip("%")) / 100
    assert simulated == pytest.approx(1 - 0.95**20, abs=0.08)  # 400 simulated studies


def test_bonferroni_keeps_the_simulated_family_wise_error_near_alpha():
    at = open_page(PAGE, mt_m="50", mt_alpha="0.05", mt_fix="bonferroni")
    simulated = float(metrics(at)[EN["multiple"]["simulated"].format(experiments=400)].rstrip("%")) / 100
    assert simulated <= 0.05 + 0.03
