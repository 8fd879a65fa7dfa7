"""Page 9 trains networks that fit and classify as well as scikit-learn's, keeps a finished training
across reruns, and shows the closed-form facts of activations and depth.
"""

import re

import numpy as np
import pytest
from sklearn.neural_network import MLPClassifier

from mathdl import datasets, nn
from tests.helpers import assert_healthy, open_page
from ui.i18n import catalog

PAGE = "pages/09_neural_networks.py"
EN = catalog("en")["neural_networks"]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def fit_error(at) -> float:
    """The mean squared error that the 1-D demo reports after training."""
    pattern = (
        re.escape(EN["approx"]["loss_now"])
        .replace(r"\{epoch\}", r"(\d+)")
        .replace(r"\{epochs\}", r"(\d+)")
        .replace(r"\{loss\}", r"(\S+)")
    )
    caption = next(c.value for c in at.caption if re.fullmatch(pattern, c.value))
    return float(re.fullmatch(pattern, caption).group(3).rstrip("."))


def test_sixteen_tanh_units_fit_a_sine_closely():
    at = open_page(PAGE, ua_target="sine", ua_units="16", ua_act="tanh", ua_epochs="2000", ua_lr="-1.5")
    assert_healthy(at)
    assert fit_error(at) < 1e-3


def test_one_relu_unit_cannot_fit_a_sawtooth():
    at = open_page(PAGE, ua_target="sawtooth", ua_units="1", ua_act="relu")
    assert fit_error(at) > 0.1  # the sawtooth's variance is 1/3; a single hinge removes little of it


def test_a_finished_fit_is_not_retrained_when_another_demo_moves():
    at = open_page(PAGE)
    before = at.session_state["ua_done"]["net"]
    at.slider(key="act_z").set_value(2.0).run()
    assert at.session_state["ua_done"]["net"] is before


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_typed_target_is_parsed_safely_or_explained(lang):
    at = open_page(PAGE, lang, ua_target="typed", ua_f="__import__('os')")
    assert_healthy(at)
    assert len(at.error) == 1
    at = open_page(PAGE, lang, ua_target="typed", ua_f="log(x)")
    assert catalog(lang)["neural_networks"]["approx"]["not_finite"] in [w.value for w in at.warning]


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")  # 150 epochs on purpose: the page's number
def test_the_playground_learns_the_moons_about_as_well_as_scikit_learn():
    at = open_page(
        PAGE, nn_data="moons", nn_noise="0.15", nn_layers="2", nn_units="8", nn_act="tanh", nn_lr="-2", nn_seed="0"
    )
    for _ in range(15):  # 150 epochs, ten at a time, as the Step button gives them
        at.button(key="nn_step").click().run()
    assert_healthy(at)
    shown = metrics(at)
    ours = float(shown[EN["play"]["test_accuracy"]].rstrip("%")) / 100
    X, y = datasets.toy_set("moons", 300, 0.15, np.random.default_rng(0))
    split = np.random.default_rng(1).permutation(300)
    reference = MLPClassifier(
        (8, 8), activation="tanh", learning_rate_init=0.01, batch_size=16, max_iter=150, random_state=0
    )
    reference.fit(X[split[:210]], y[split[:210]])
    theirs = reference.score(X[split[210:]], y[split[210:]])
    assert ours >= 0.9 and ours >= theirs - 0.05
    assert at.session_state["nn_run"]["state"].epoch == 150


def test_the_learning_rate_changes_mid_training_but_the_architecture_starts_again():
    at = open_page(PAGE)
    at.button(key="nn_step").click().run()
    at.slider(key="nn_lr").set_value(-1.0).run()
    assert len(at.session_state["nn_run"]["epoch"]) == 10
    at.slider(key="nn_units").set_value(4).run()
    assert at.session_state["nn_run"]["epoch"] == []
    assert metrics(at)[EN["play"]["parameters"]] == str(3 * 4 + 5 * 4 + 5 * 2)  # (2+1)·4 + (4+1)·4 + (4+1)·2


def test_the_slope_shown_is_the_finite_difference_of_the_activation():
    at = open_page(PAGE, act_fn="elu", act_z="-1")
    shown = metrics(at)
    assert float(shown["φ(-1)"]) == pytest.approx(np.expm1(-1.0), abs=5e-5)
    h = 1e-6
    elu = lambda z: np.where(z > 0, z, np.expm1(z))
    assert float(shown["φ′(-1)"]) == pytest.approx((elu(-1 + h) - elu(-1 - h)) / (2 * h), abs=5e-5)


@pytest.mark.parametrize("k", [1, 4, 8])
def test_k_layers_of_two_units_make_two_to_the_k_pieces_for_six_k_plus_one_parameters(k):
    shown = metrics(open_page(PAGE, dw_depth=str(k)))
    assert shown[EN["depth"]["pieces"]] == str(2**k)
    assert shown[EN["depth"]["deep_parameters"]] == str(6 * k + 1)
    assert shown[EN["depth"]["shallow_parameters"]] == str(3 * (2**k - 1) + 1)


def test_training_in_steps_on_the_page_equals_one_run_of_the_notebook_snippet():
    at = open_page(PAGE, nn_data="moons", nn_seed="0")
    for _ in range(3):
        at.button(key="nn_step").click().run()
    X, y = datasets.toy_set("moons", 300, 0.15, np.random.default_rng(0))
    split = np.random.default_rng(1).permutation(300)
    train, test = split[:210], split[210:]
    net = nn.init_network((2, 8, 8, 2), "relu", np.random.default_rng(0))
    fit = nn.train(
        net,
        X[train],
        y[train],
        np.random.default_rng(0),
        epochs=30,
        lr=0.01,
        batch_size=16,
        validation=(X[test], y[test]),
    )
    run = at.session_state["nn_run"]
    assert run["train"][-1] == fit.history.loss[-1] and run["test"][-1] == fit.history.validation_loss[-1]
