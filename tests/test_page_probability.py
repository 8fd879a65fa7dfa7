"""Page 4 shows the numbers of probability theory, checked against scipy.stats and closed forms."""

import numpy as np
import pytest
from scipy import stats

from tests.helpers import assert_healthy, open_page
from ui import predict
from ui.i18n import catalog

PAGE = "pages/04_probability_distributions.py"


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_explorer_shows_the_binomials_mean_and_variance():
    at = open_page(PAGE, pd_dist="binomial", pd_binomial_n="30", pd_binomial_p="0.4")
    assert_healthy(at)
    shown = metrics(at)
    en = catalog("en")["probability"]["explorer"]
    assert float(shown[en["mean"]]) == pytest.approx(stats.binom(30, 0.4).mean())
    assert float(shown[en["var"]]) == pytest.approx(stats.binom(30, 0.4).var())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_empty_uniform_interval_is_explained_in_the_readers_language(lang):
    at = open_page(PAGE, lang, pd_dist="uniform", pd_uniform_a="2", pd_uniform_b="-1")
    assert_healthy(at)
    assert [e.value for e in at.error] == [catalog(lang)["errors"]["bad_interval"].format(low=2.0, high=-1.0)]


def test_a_certain_bernoulli_says_so():
    at = open_page(PAGE, pd_dist="bernoulli", pd_bernoulli_p="1")
    assert catalog("en")["probability"]["explorer"]["certain"] in [i.value for i in at.info]


def test_the_clt_standard_error_is_sigma_over_root_n_and_the_means_follow_it():
    at = open_page(PAGE, lln_dist="exponential", clt_n="25")
    shown = metrics(at)
    en = catalog("en")["probability"]["limits"]
    se = stats.expon().std() / 5
    assert float(shown[en["se"].format(n=25)]) == pytest.approx(se, rel=1e-3)
    assert float(shown[en["sd_means"]]) == pytest.approx(se, rel=0.1)  # 2000 means: within 10%


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_clt_caption_gives_the_skewness_of_the_means(lang):
    at = open_page(PAGE, lang, lln_dist="exponential", clt_n="30")
    mean_of_30 = stats.gamma(30, scale=1 / 30)  # the mean of 30 Exp(1) draws
    caption = catalog(lang)["probability"]["limits"]["caption"].format(
        one=f"{float(stats.expon.stats(moments='s')):.3g}", mean=f"{float(mean_of_30.stats(moments='s')):.3g}", n=30
    )
    assert caption in [c.value for c in at.caption]


def test_the_normal_fit_is_the_sample_mean_and_its_likelihood_is_scipys():
    at = open_page(PAGE, mle_mu="2", mle_sigma="1.5", mle_n="40", mle_seed="7")
    assert_healthy(at)
    x = np.random.default_rng(7).normal(2.0, 1.5, 40)
    shown = " ".join(e.value for e in at.latex)
    assert rf"\hat\mu = \bar x = {x.mean():.4g}" in shown
    assert rf"-\tfrac{{1}}{{n}}\ell(\hat\mu) = {-stats.norm(x.mean(), 1.5).logpdf(x).mean():.4g}" in shown
    mse = np.mean((x - x.mean()) ** 2)
    assert (
        rf"\log(1.5 \cdot \sqrt{{2\pi}}) + \frac{{\text{{MSE}}}}{{2 \cdot 1.5^2}}, \qquad \text{{MSE}} = {mse:.4g}"
        in shown
    )


def test_one_point_gives_a_zero_spread_and_a_warning_about_overfitting():
    at = open_page(PAGE, "zh", mle_n="1")
    assert_healthy(at)
    assert catalog("zh")["probability"]["mle"]["one_point"] in [i.value for i in at.info]


def test_the_bernoulli_likelihood_per_point_is_the_cross_entropy():
    from sklearn.metrics import log_loss

    at = open_page(PAGE, mle_model="bernoulli", mle_p="0.3", mle_n="50")
    x = (np.random.default_rng(0).random(50) < 0.3).astype(float)
    assert f"= {log_loss(x, np.full(50, x.mean()), labels=[0, 1]):.4g}" in " ".join(e.value for e in at.latex)


def test_a_rare_condition_makes_most_positives_false():
    at = open_page(PAGE, bayes_prior="0.01", bayes_sens="0.9", bayes_fpr="0.05")
    posterior = 0.9 * 0.01 / (0.9 * 0.01 + 0.05 * 0.99)
    assert metrics(at)[catalog("en")["probability"]["bayes"]["posterior"]] == f"{posterior:.1%}"


def revealed(at, key: str) -> predict.Verdict:
    """Click the demo's Reveal and read the verdict the session recorded."""
    at.button(key=f"{key}_reveal").click().run()
    assert_healthy(at)
    return at.session_state[predict.SCORE]["guess"]["probability"][key]


@pytest.mark.parametrize(("prior", "sens", "fpr"), [(0.01, 0.9, 0.05), (0.2, 0.75, 0.3)])
def test_a_reader_who_tests_positive_guesses_and_the_reveal_is_the_share_of_positives_who_are_ill(prior, sens, fpr):
    at = open_page(PAGE, demo="bayes", bayes_predict="true", bayes_prior=prior, bayes_sens=sens, bayes_fpr=fpr)
    assert_healthy(at)
    assert not metrics(at), "the posterior waits for the guess"
    joint = np.array([[prior * sens, prior * (1 - sens)], [(1 - prior) * fpr, (1 - prior) * (1 - fpr)]])
    assert revealed(at, "bayes").answer == pytest.approx(joint[0, 0] / joint[:, 0].sum())


def test_the_posteriors_guess_holds_every_answer_the_sliders_can_give():
    at = open_page(PAGE, demo="bayes", bayes_predict="true")
    for prior, sens, fpr in ((0.001, 0.5, 0.5), (0.5, 1.0, 0.0)):  # the least and the most a positive can say
        for key, value in (("bayes_prior", prior), ("bayes_sens", sens), ("bayes_fpr", fpr)):
            at.slider(key=key).set_value(value)
        at.run()
        guess = at.slider(key="bayes_guess")
        assert guess.min <= revealed(at, "bayes").answer <= guess.max


def test_ten_heads_in_ten_flips_move_a_beta_prior_to_scipys_posterior():
    at = open_page(PAGE, post_a="2", post_b="2", post_p="1", post_n="10")
    en = catalog("en")["probability"]["posterior"]
    assert float(metrics(at)[en["mean"]]) == pytest.approx(stats.beta(12, 2).mean(), abs=5e-4)
    assert float(metrics(at)[en["sd"]]) == pytest.approx(stats.beta(12, 2).std(), abs=5e-4)


def test_he_keeps_relu_variance_while_naive_weights_explode():
    at = open_page(PAGE, init_act="relu", init_depth="30", init_width="128")
    en = catalog("en")["probability"]["init"]
    shown = metrics(at)
    assert 0.3 < float(shown[en["last"].format(init=en["inits"]["he"])]) < 3
    assert float(shown[en["last"].format(init=en["inits"]["naive"])]) > 1e50  # about (128 / 2) ** 30
