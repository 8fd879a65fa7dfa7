"""Page 9 trains networks that fit and classify as well as scikit-learn's, keeps a finished training
across reruns, and shows the closed-form facts of activations and depth.
"""

import re

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from mathdl import datasets, features, mlp, training
from tests.helpers import assert_healthy, newest, open_page
from tests.test_snippets import check
from ui import predict, raster
from ui.charts import PALETTE, PICTURE
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
    # η = 10^-2, the default for sin(πx) on [-1, 1]; 10^-1.5 was the default for sin x on [-3, 3]
    at = open_page(PAGE, ua_target="sine", ua_units="16", ua_act="tanh", ua_epochs="2000", ua_lr="0.01")
    assert_healthy(at)
    assert fit_error(at) < 1e-3


def test_the_formula_shows_the_trained_networks_own_numbers():
    at = open_page(PAGE, ua_target="cubic", ua_units="2", ua_act="tanh", ua_epochs="300")
    net = at.session_state["ua_done"]["net"]
    v, w, b, c = net.weights[1][:, 0], net.weights[0][0], net.biases[0], net.biases[1][0]
    tex = " ".join(e.value for e in at.latex)
    assert r"\sum_{j=1}^{2}" in tex and rf"\varphi({w[0]:.3g}x" in tex and f"{abs(c):.3g}" in tex
    grid = np.linspace(-1, 1, 5)
    predicted = [v @ np.tanh(w * x + b) + c for x in grid]  # the formula, evaluated by hand
    assert_allclose(predicted, mlp.predict(net, grid[:, None]).ravel(), atol=1e-12)


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
        PAGE, nn_data="moons", nn_noise="0.15", nn_layers="2", nn_units="8", nn_act="tanh", nn_lr="0.01", nn_seed="0"
    )
    for _ in range(15):  # 150 epochs, ten at a time, as the Step button gives them
        at.button(key="nn_step").click().run()
    assert_healthy(at)
    shown = metrics(at)
    ours = float(shown[EN["play"]["test_accuracy"]].rstrip("%")) / 100
    rng = np.random.default_rng(0)  # the page's data and split
    X, y = datasets.toy_set("moons", 300, 0.15, rng)
    X_train, X_test, y_train, y_test = training.train_test_split(X, y, 0.3, rng)
    reference = MLPClassifier(
        (8, 8), activation="tanh", learning_rate_init=0.01, batch_size=16, max_iter=150, random_state=0
    )
    reference.fit(X_train, y_train)
    theirs = reference.score(X_test, y_test)
    assert ours >= 0.9 and ours >= theirs - 0.05
    assert at.session_state["nn_run"]["segments"][-1]["fit"].state.epoch == 150
    # The regions drawn: each grid point's pixel in the colour of the class the trained network predicts there.
    values = at.session_state["_snippets"]["play"].values
    grid, net = values["grid"], values["fit"].net
    gx, gy = np.meshgrid(grid.x, grid.y)
    predicted = mlp.predict(net, np.c_[gx.ravel(), gy.ravel()]).reshape(gx.shape)[::-1]  # the top row first
    for theme, ground in raster.BACKGROUNDS.items():
        drawn = newest(regions_pictures(at), theme).astype(int) - raster.rgb([ground])[0]  # (42, 42, 3): away from it
        toward = raster.rgb(PALETTE[:2]).astype(int) - raster.rgb([ground])[0]  # (2, 3)
        nearest = np.argmax(drawn @ toward.T / np.linalg.norm(toward, axis=1), axis=2)
        tinted = np.linalg.norm(drawn, axis=2) > 10  # the model is sure enough there to tint it
        assert tinted.mean() > 0.8 and (nearest == predicted)[tinted].all()


def regions_pictures(at) -> pd.DataFrame:
    """The table of pictures of the decision regions, the chart drawn for each theme (columns light and dark)."""
    for chart in at.get("vega_lite_chart"):
        for table in chart.proto.datasets:
            frame = convert_arrow_bytes_to_pandas_df(table.data.data)
            if table.name == PICTURE and "light" in frame.columns:
                return frame
    raise AssertionError("no decision regions")


def test_the_learning_rate_changes_mid_training_but_the_architecture_starts_again():
    at = open_page(PAGE)
    at.button(key="nn_step").click().run()
    at.select_slider(key="nn_lr").set_value(0.1).run()
    assert [s["fit"].state.epoch for s in at.session_state["nn_run"]["segments"]] == [10]
    at.button(key="nn_step").click().run()
    assert [(s["lr"], s["epochs"]) for s in at.session_state["nn_run"]["segments"]] == [(0.01, 10), (0.1, 10)]
    at.slider(key="nn_units").set_value(4).run()
    assert at.session_state["nn_run"]["segments"] == []
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
    at = open_page(PAGE, dw_depth=str(k))
    shown = metrics(at)
    assert shown[EN["depth"]["pieces"]] == str(2**k)
    assert shown[EN["depth"]["deep_parameters"]] == str(6 * k + 1)
    assert shown[EN["depth"]["shallow_parameters"]] == str(3 * (2**k - 1) + 1)
    caption = EN["depth"]["caption"].format(layers=k, deep=6 * k + 1, shallow=3 * (2**k - 1) + 1)
    assert caption in [c.value for c in at.caption]  # the caption quotes the metrics beside it


@pytest.mark.parametrize("k", [1, 3, 8])  # the slider's ends and its default
def test_the_depth_demo_asks_for_the_pieces_and_its_answer_is_two_to_the_k_within_the_guess_range(k):
    at = open_page(PAGE, demo="depth", dw_depth=str(k), dw_predict="true")
    assert_healthy(at)
    guess = at.slider(key="dw_guess")
    assert (guess.min, guess.max) == (1, 2**8)  # 1 to 8 layers: 2 to 256 pieces, the slider holds them all
    at.button(key="dw_reveal").click().run()
    verdict = at.session_state[predict.SCORE]["guess"]["neural_networks"]["dw"]
    x = np.linspace(0, 1, 2**12 + 1)
    t = lambda u: np.minimum(2 * u, 2 - 2 * u)  # the tent map, independently of the network
    y = x
    for _ in range(k):
        y = t(y)
    slopes = np.diff(y) / np.diff(x)  # each grid step lies inside one piece: kinks fall on multiples of 2⁻ᵏ
    assert verdict.answer == 1 + np.count_nonzero(np.diff(slopes)) == 2**k
    assert guess.min <= verdict.answer <= guess.max


def test_training_in_steps_on_the_page_equals_one_run_of_the_notebook_snippet():
    at = open_page(PAGE, nn_data="moons", nn_seed="0")
    for _ in range(3):
        at.button(key="nn_step").click().run()
    rng = np.random.default_rng(0)
    X, y = datasets.toy_set("moons", 300, 0.15, rng)
    X_train, X_test, y_train, y_test = training.train_test_split(X, y, 0.3, rng)
    net = mlp.init_network((2, 8, 8, 2), "relu", rng)
    fit = training.train(net, X_train, y_train, rng, epochs=30, lr=0.01, batch_size=16, validation=(X_test, y_test))
    shown = at.session_state["nn_run"]["segments"][-1]["fit"].history
    assert shown.loss[-1] == fit.history.loss[-1] and shown.validation_loss[-1] == fit.history.validation_loss[-1]
    assert metrics(at)[EN["play"]["train_loss"]] == f"{fit.history.loss[-1]:.4f}"


def test_the_snippet_reproduces_a_training_whose_learning_rate_changed_midway(tmp_path):
    """The page trains ten epochs a picture and lets η and λ move mid-training; its snippet writes the
    training as one call per setting, each resumed from the last, and running it gives what is shown."""
    at = open_page(PAGE, demo="play", nn_data="blobs", nn_classes="3", nn_seed="4")
    for _ in range(2):
        at.button(key="nn_step").click().run()
    at.select_slider(key="nn_lr").set_value(0.1).run()
    at.slider(key="nn_l2").set_value(0.01).run()
    at.button(key="nn_step").click().run()
    snippet = at.session_state["_snippets"]["play"]
    assert snippet.code().count("training.train(") == 2 and "training.chain([fit_1, fit_2])" in snippet.code()
    check(snippet, tmp_path=tmp_path)  # every value the demo showed, computed again in a fresh interpreter
    assert snippet.values["fit"].state.epoch == 30


def test_the_snippet_reproduces_the_fit_trained_in_chunks(tmp_path):
    at = open_page(PAGE, demo="approx", ua_target="abs", ua_units="4", ua_epochs="400")
    snippet = at.session_state["_snippets"]["approx"]
    assert "epochs=400" in snippet.code()
    check(snippet, tmp_path=tmp_path)


# --- The convolutional network ------------------------------------------------------------------------


def cnn_epochs(at) -> int:
    fit = at.session_state["cnn_run"]["fit"]
    return fit.state.epoch if fit else 0


def test_the_cnn_trains_an_epoch_a_step_and_its_snippet_is_the_whole_training_in_one_call(tmp_path):
    at = open_page(PAGE, demo="cnn", cnn_filters="2", cnn_seed="3")
    for _ in range(2):
        at.button(key="cnn_step").click().run()
    assert_healthy(at)
    snippet = at.session_state["_snippets"]["cnn"]
    assert "cnn_training.train(net, X_train, y_train, rng, epochs=2," in snippet.code()
    check(snippet, tmp_path=tmp_path)  # every value the demo showed, computed again in a fresh interpreter
    fit, (loss, accuracy) = snippet.values["fit"], snippet.values["held_out"]
    assert fit.state.epoch == 2 and (loss, accuracy) == (
        fit.history.validation_loss[-1],
        fit.history.validation_accuracy[-1],
    )
    shown = metrics(at)
    assert shown[EN["cnn"]["test_accuracy"]] == f"{accuracy:.1%}" and shown[EN["cnn"]["epochs"]] == "2 / 20"
    assert shown[EN["cnn"]["train_accuracy"]] == f"{fit.history.accuracy[-1]:.1%}"


def test_the_cnn_waits_for_train_trains_while_running_holds_on_pause_and_starts_again_for_a_new_rate():
    at = open_page(PAGE, demo="cnn")
    assert_healthy(at)
    assert cnn_epochs(at) == 0 and not at.session_state["cnn_run"]["running"]  # a page load trains nothing
    shown = metrics(at)
    assert shown[EN["cnn"]["epochs"]] == "0 / 20" and shown[EN["cnn"]["train_accuracy"]] == "—"
    assert float(shown[EN["cnn"]["test_accuracy"]].rstrip("%")) < 30  # random kernels: about one digit in ten
    assert shown[EN["cnn"]["parameters"]] == f"{8 * (9 + 1) + (8 * 4 * 4 + 1) * 10:,}"
    at.button(key="cnn_start").click().run()  # its callback reruns the whole app: the timer switches on
    assert at.session_state["cnn_run"]["running"] and at.session_state["cnn_timer"]
    at.run()  # what the timer does every 0.1 s
    assert cnn_epochs(at) == 2
    at.button(key="cnn_pause").click().run()
    assert not at.session_state["cnn_run"]["running"] and not at.session_state["cnn_timer"]
    at.run()
    assert cnn_epochs(at) == 2
    at.slider(key="cnn_digit").set_value(17).run()  # another digit to look at: the same training
    assert cnn_epochs(at) == 2
    at.select_slider(key="cnn_lr").set_value(0.1).run()
    assert cnn_epochs(at) == 0
    at.button(key="cnn_step").click().run()
    at.button(key="cnn_reset").click().run()
    assert cnn_epochs(at) == 0


def test_the_cnn_keeps_its_trained_epochs_on_a_trip_to_another_page_and_back():
    """Issue 21: a page keeps its trained model when the reader leaves and returns through the sidebar."""
    at = open_page(PAGE, cnn_filters="2")
    at.button(key="cnn_step").click().run()
    trained = at.session_state["cnn_run"]["fit"]
    at.switch_page("pages/01_linear_maps.py").run()
    at.switch_page(PAGE).run()
    assert_healthy(at)
    assert at.session_state["cnn_run"]["fit"] is trained and cnn_epochs(at) == 1
    assert at.slider(key="cnn_filters").value == 2


def test_a_second_reader_with_the_same_settings_gets_the_fit_without_training_it_again():
    first = open_page(PAGE, demo="approx", ua_units="5")
    second = open_page(PAGE, demo="approx", ua_units="5")
    assert second.session_state["ua_done"]["fit"] is first.session_state["ua_done"]["fit"]


# --- Inside the network: input features, hidden units, weights ---------------------------------------


SQUARES = {"nn_f_x1": "false", "nn_f_x2": "false", "nn_f_x1sq": "true", "nn_f_x2sq": "true"}


def test_with_the_squares_a_network_without_hidden_layers_learns_the_circles_as_logistic_regression_does():
    at = open_page(PAGE, demo="play", nn_data="circles", nn_layers="0", nn_seed="0", nn_lr="0.1", **SQUARES)
    for _ in range(5):  # 50 epochs
        at.button(key="nn_step").click().run()
    assert_healthy(at)
    net = at.session_state["nn_run"]["segments"][-1]["fit"].net
    assert net.sizes == (2, 2)  # two features in, two classes out
    ours = float(metrics(at)[EN["play"]["test_accuracy"]].rstrip("%")) / 100
    rng = np.random.default_rng(0)  # the page's data and split
    X, y = datasets.toy_set("circles", 300, 0.15, rng)
    X_train, X_test, y_train, y_test = training.train_test_split(X, y, 0.3, rng)
    F_train, F_test = (features.feature_map(A, ["x1sq", "x2sq"]) for A in (X_train, X_test))
    theirs = LogisticRegression().fit(F_train, y_train).score(F_test, y_test)
    raw = LogisticRegression().fit(X_train, y_train).score(X_test, y_test)
    assert ours >= 0.9 and ours >= theirs - 0.03 and raw < 0.75  # the raw coordinates cannot
    caption = EN["play"]["features_caption"].format(linear=10, turns=datasets.SPIRAL_TURNS)
    assert caption in [c.value for c in at.caption]  # (4 + 1) · 2 parameters, as the caption says


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_chosen_features_set_the_networks_input_size_and_none_is_explained(lang):
    at = open_page(PAGE, lang, demo="play", nn_f_x1x2="true", nn_f_sin2="true", nn_layers="1", nn_units="3")
    assert_healthy(at)
    assert at.session_state["_snippets"]["play"].values["net"].sizes == (4, 3, 2)
    assert metrics(at)[catalog(lang)["neural_networks"]["play"]["parameters"]] == str(5 * 3 + 4 * 2)
    at.checkbox(key="nn_f_x1").uncheck().run()
    at.checkbox(key="nn_f_x2").uncheck().run()
    at.checkbox(key="nn_f_x1x2").uncheck().run()
    at.checkbox(key="nn_f_sin2").uncheck().run()
    assert_healthy(at)
    assert [w.value for w in at.warning] == [catalog(lang)["neural_networks"]["play"]["no_features"]]


def test_the_unit_maps_are_a_hand_forward_pass_and_the_unit_named_in_the_url_is_shown_large():
    at = open_page(PAGE, demo="play", nn_f_x1sq="true", nn_layers="2", nn_units="3", nn_act="tanh", nn_unit="2-3")
    at.button(key="nn_step").click().run()
    assert_healthy(at)
    values = at.session_state["_snippets"]["play"].values
    net, maps, large = values["fit"].net, values["maps"], values["large"]
    (W0, W1, _), (b0, b1, _) = net.weights, net.biases
    i, j = 7, 19
    x1, x2 = maps.x[j], maps.y[i]
    h1 = np.tanh(np.array([x1, x2, x1**2]) @ W0 + b0)  # the network by hand
    assert_allclose(maps.layers[0][i, j], h1, rtol=1e-12)
    assert_allclose(maps.layers[1][i, j], np.tanh(h1 @ W1 + b1), rtol=1e-12)
    assert maps.layers[0].shape == (24, 24, 3) and large.layers[1].shape[:2] == (42, 42)
    assert EN["inside"]["unit_title"].format(layer=2, unit=3) in str(at.get("vega_lite_chart")[-1].proto.spec)
    tex = at.latex[-1].value.strip("$\n")
    assert r"h_{2,3} = \varphi\big(" in tex and f"{abs(W1[2, 2]):.3g}" in tex and r"h_{1,3}" in tex


@pytest.mark.parametrize("hostile", ["3-1", "1-9", "0-1", "1-1-1", "x", "１-２", "2-3 "])
def test_a_unit_the_network_does_not_have_falls_back_to_the_first(hostile):
    at = open_page(PAGE, demo="play", nn_layers="2", nn_units="3", nn_unit=hostile)
    assert_healthy(at)
    assert EN["inside"]["unit_title"].format(layer=1, unit=1) in str(at.get("vega_lite_chart")[-1].proto.spec)
    assert "nn_unit" not in at.query_params
