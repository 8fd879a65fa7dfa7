"""Facts about deciding with a classifier's scores: the expected risk counts each mistake at its
cost (checked against scikit-learn's confusion matrix), and with calibrated scores the
Bayes-optimal threshold is where the risk is lowest (checked on a simulation).
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn import metrics

from mathdl import MathDLError, classification, decisions


def test_the_expected_risk_counts_each_mistake_at_its_cost():
    y, score = classification.classifier_scores()
    costs = [[0, 1], [10, 0]]
    tn, fp, fn, tp = metrics.confusion_matrix(y, score >= 0.3).ravel()
    assert decisions.expected_risk(y, score, 0.3, costs) == pytest.approx((fp * 1 + fn * 10) / len(y))
    grid = np.linspace(0, 1, 11)
    assert_allclose(
        decisions.risk_curve(y, score, costs, grid),
        [decisions.expected_risk(y, score, t, costs) for t in grid],
    )


@pytest.mark.parametrize("costs", [[[0, 1], [1, 0]], [[0, 1], [5, 0]], [[0, 4], [1, 0]], [[1, 3], [6, 1]]])
def test_with_calibrated_scores_the_bayes_threshold_minimises_the_risk(costs):
    rng = np.random.default_rng(5)
    score = rng.random(200_000)
    y = (rng.random(200_000) < score).astype(int)  # the score is the true probability
    grid = np.linspace(0.02, 0.98, 49)
    assert decisions.best_threshold(y, score, costs, grid) == pytest.approx(decisions.bayes_threshold(costs), abs=0.041)


def test_costs_that_reward_mistakes_are_refused():
    with pytest.raises(MathDLError):
        decisions.bayes_threshold([[0, -1], [1, 0]])
    with pytest.raises(MathDLError):
        decisions.expected_risk([0, 1], [0.2, 0.7], 0.5, [[2, 1], [1, 0]])


def test_the_risk_is_the_cost_matrix_weighing_the_confusion_matrix():
    y, score = np.array([0, 0, 1, 1, 1]), np.array([0.2, 0.7, 0.4, 0.8, 0.9])
    costs = np.array([[0.5, 2.0], [7.0, 1.0]])
    C = classification.confusion_matrix(y, score >= 0.5)  # [[1, 1], [1, 2]]
    assert decisions.expected_risk(y, score, 0.5, costs) == pytest.approx((0.5 + 2 + 7 + 2 * 1) / 5)
    assert decisions.expected_risk(y, score, 0.5, costs) == pytest.approx((costs * C).sum() / 5)


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: decisions.expected_risk([0, 1], [0.2, 0.7], 0.5, [[0, 1]]), "bad_shape"),
        (lambda: decisions.expected_risk([0, 2], [0.2, 0.7], 0.5, [[0, 1], [1, 0]]), "out_of_range"),
        (lambda: decisions.expected_risk([0, 1], [0.2, np.nan], 0.5, [[0, 1], [1, 0]]), "not_finite"),
        (lambda: decisions.bayes_threshold([[0, np.inf], [1, 0]]), "out_of_range"),
        (lambda: decisions.best_threshold([0, 1], [0.2, 0.7], [[0, 1], [1, 0]], []), "too_few_values"),
    ],
)
def test_bad_input_is_refused_with_a_message_a_page_can_translate(call, code):
    with pytest.raises(MathDLError) as error:
        call()
    assert error.value.code == code


@pytest.mark.parametrize("bins", [1, 7, 20])
def test_the_score_histograms_are_numpys_histogram_of_each_class(bins):
    y, scores = classification.malignant_scores(0)
    spread = decisions.score_histograms(y, scores, bins)
    assert_allclose(spread.edges, np.linspace(0, 1, bins + 1))
    for c in (0, 1):
        assert spread.counts[c].tolist() == np.histogram(scores[y == c], bins=bins, range=(0, 1))[0].tolist()
    edge = decisions.score_histograms([0, 1, 1], [0.0, 0.5, 1.0], 2)  # 1.0 falls in the last bin, as numpy puts it
    assert edge.counts.tolist() == [[1, 0], [0, 2]]


def test_scores_outside_the_unit_interval_or_bad_labels_are_refused():
    for y, s in (([0, 1], [0.5, 1.5]), ([0, 2], [0.1, 0.2]), ([0, 1], [0.1])):
        with pytest.raises(MathDLError):
            decisions.score_histograms(y, s)
