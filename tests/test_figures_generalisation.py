"""The figures of lesson 10 build, carry the numbers they were given, and put their marks where they belong."""

from types import SimpleNamespace

import numpy as np
import pytest

from mathdl import classification, constraints, datasets, evaluation, penalties, polynomial
from ui import charts
from ui.figures import generalisation as figures
from ui.i18n import catalog

EN = catalog("en")["generalisation"]


def spec(chart) -> dict:
    return chart.to_dict(validate=False)  # as ui.charts.draw sends it


def data(chart, layer: int) -> list[dict]:
    """The rows of one layer's data set, as the spec holds them."""
    s = spec(chart)
    return s["datasets"][s["layer"][layer]["data"]["name"]]


@pytest.fixture(scope="module")
def sample():
    rng = np.random.default_rng(0)
    x, y = polynomial.noisy_sample("sine", 20, 0.3, rng)
    x_test, y_test = polynomial.noisy_sample("sine", 200, 0.3, rng)
    folds = evaluation.kfold_indices(20, 5)
    return x, y, polynomial.degree_curve(x, y, x_test, y_test, range(8), folds=folds)


def test_the_polynomial_fit_sends_the_curves_once_and_the_points(sample):
    x, y, _ = sample
    grid = np.linspace(-1, 1, 11)
    fit = polynomial.fit_polynomial(x, y, 3)
    chart, frame = figures.polynomial_fit(
        grid, datasets.sine(grid), polynomial.predict_polynomial(fit, grid), x, y, degree=3
    )
    names = [EN["poly"]["truth"], EN["poly"]["fit"].format(degree=3), EN["poly"]["train_points"]]
    assert list(frame.columns) == ["x", *names] and len(frame) == 11 + 20
    assert spec(chart)["title"] == EN["poly"]["fit_title"].format(degree=3, n=20)
    assert spec(chart)["layer"][0]["transform"][0]["fold"] == names[:2]  # stacked in the browser


def test_the_u_curve_has_a_row_per_degree_a_noise_floor_and_a_marker_at_the_degree(sample):
    _, _, curve = sample
    chart, frame = figures.degree_errors(curve, 0.09, 4, folds=5)
    assert frame.degree.tolist() == list(range(8))
    assert frame[EN["poly"]["test_error"]].tolist() == curve.test_mse.tolist()
    assert data(chart, 1)[0]["mse"] == 0.09
    assert data(chart, 2) == [{"degree": 4}]


def test_the_repeated_fits_draw_a_fan_of_them_and_the_mean_of_all():
    fits = polynomial.bias_variance("sine", 3, 20, 0.3, 30, np.random.default_rng(1), m=21)
    chart, frame = figures.repeated_fits(fits, degree=3, fan=5)
    assert [c for c in frame.columns if c.startswith("f")] == ["f1", "f2", "f3", "f4", "f5"]
    np.testing.assert_allclose(frame[EN["poly"]["mean_fit"]], fits.predictions.mean(axis=0))
    np.testing.assert_allclose(frame.f5, fits.predictions[4])


def test_the_bias_variance_split_has_its_four_parts_per_degree():
    split = polynomial.bias_variance_curve("sine", [0, 2, 4], 20, 0.3, 30, np.random.default_rng(2), m=21)
    chart, frame = figures.bias_variance(split, degree=2, repeats=30)
    assert frame.degree.tolist() == [0, 2, 4]
    assert frame[EN["poly"]["noise_part"]].tolist() == [split.noise] * 3
    assert spec(chart)["title"] == EN["poly"]["split_title"].format(repeats=30)
    assert data(chart, 1) == [{"degree": 2}]


def test_a_coefficient_path_has_a_column_per_feature_and_a_red_marker_at_alpha():
    X, y, names = datasets.diabetes(scale_target=False)
    path = penalties.regularization_path(X, y, np.logspace(-1, 2, 5), "l2")
    chart, frame = figures.coefficient_path(path, names, 3.0, title="ridge")
    assert list(frame.columns) == ["alpha", *names] and len(frame) == 5
    marker = spec(chart)["layer"][1]
    assert marker["mark"]["color"] == charts.PALETTE[3] and data(chart, 1) == [{"alpha": 3.0}]
    table = figures.coefficient_table(
        names, *(penalties.ridge(X, y, a) for a in (0.0, 1.0, 2.0)), ridge_alpha=1.0, lasso_alpha=2.0
    )
    assert table.shape == (10, 4) and table.columns[2] == EN["paths"]["ridge_column"].format(alpha="1")


@pytest.mark.parametrize("norm", ["l1", "l2"])
def test_the_ball_picture_is_square_with_every_contour_the_ball_and_both_minima(norm):
    A, c = np.array([[2.0, 0.3], [0.3, 1.0]]), np.array([2.0, 0.5])
    picture = constraints.ball_picture(A, c, 0.4, norm, rings=4, m=11)
    chart, frame = figures.ball(picture, c, norm=norm, axes=("w1", "w2"))
    s = spec(chart)
    assert s["width"] == s["height"] == charts.PLANE_SIDE
    assert frame.curve.nunique() == len(picture.levels) + 1 and len(frame) == 11 * len(picture.levels) + len(
        picture.ball
    )
    pins = data(chart, 3)
    assert [(p["x"], p["y"]) for p in pins] == [tuple(c), tuple(picture.best.w)]
    table = figures.constrained_table({"l1": picture, "l2": picture})
    assert table["w₁"].tolist() == [f"{picture.best.w[0]:.3f}"] * 2


def test_the_training_curves_send_about_two_hundred_epochs_and_mark_the_kept_and_the_stop():
    epochs = np.arange(1, 3001)
    history = SimpleNamespace(epoch=epochs, loss=1 / epochs, validation_loss=1 / epochs + epochs / 3000)
    stop = evaluation.early_stopping(history.validation_loss, 100)
    chart, frame = figures.training_curves(history, stop, epochs=3000)
    assert 200 <= len(frame) <= 201 and frame.epoch.iloc[0] == 1
    assert [r["epoch"] for r in data(chart, 1)] == [stop.best_epoch, stop.stop_epoch]


def test_the_network_fits_draw_three_curves_over_both_sets_of_points():
    grid = np.linspace(-1, 1, 5)
    curves = {"truth": grid, "kept": grid + 1, "final": grid - 1}
    chart, frame = figures.network_fits(grid, curves, (grid, grid), (grid[:2], grid[:2]), epochs=(7, 50))
    assert frame[EN["network"]["kept_fit"].format(epoch=7)].tolist() == (grid + 1).tolist()
    assert spec(chart)["title"] == EN["network"]["fit_title"].format(n=5)


def test_the_fold_strip_sends_only_the_fold_of_each_patient_one_based():
    folds = evaluation.kfold_indices(10, 3)
    chart, frame = figures.fold_strip(evaluation.fold_labels(folds), 3)
    assert frame.fold.tolist() == [1, 1, 1, 1, 2, 2, 2, 3, 3, 3] and frame.patient.tolist() == list(range(10))
    assert data(chart, 1) == [{"fold": f} for f in frame.fold]
    assert len(data(chart, 0)) == 3  # one background bar per round


def test_the_fold_errors_have_a_bar_per_fold_and_the_estimate_as_a_level_line():
    chart, frame = figures.fold_errors(np.array([1.0, 2.0, 4.0]), [4, 3, 3], 7 / 3, alpha=31.6)
    assert frame.mse.tolist() == [1.0, 2.0, 4.0] and frame["size"].tolist() == [4, 3, 3]
    assert data(chart, 1) == [{"CV": 7 / 3}] and spec(chart)["layer"][1]["encoding"]["y"]["field"] == "CV"
    assert spec(chart)["title"] == EN["cv"]["bars_title"].format(alpha="31.6")


def test_the_cv_curve_has_a_line_per_fold_their_mean_and_a_marker():
    X, y, _ = datasets.diabetes(scale_target=False)
    curve = evaluation.cross_val_curve(X, y, evaluation.kfold_indices(442, 3), [0.1, 10.0, 1000.0])
    chart, frame = figures.cv_against_alpha(curve, 10.0)
    assert list(frame.columns) == ["alpha", "1", "2", "3", "CV"]
    np.testing.assert_allclose(frame.CV, curve.mean)
    assert data(chart, 2) == [{"alpha": 10.0}]


def test_the_threshold_scores_mark_the_highest_f1_with_a_diamond():
    y, score = np.array([0, 0, 1, 1, 1]), np.array([0.1, 0.6, 0.4, 0.8, 0.9])
    curves = classification.threshold_curves(y, score, np.linspace(0, 1, 11))
    chart, frame = figures.threshold_scores(curves, 0.5)
    assert len(frame) == 11 and frame["F₁"].tolist() == curves.f1.tolist()
    assert data(chart, 1) == [{"threshold": curves.thresholds[curves.best], "value": curves.f1[curves.best]}]
    assert data(chart, 2) == [{"threshold": 0.5}]


def test_the_learning_curve_has_a_row_per_size_and_fold_and_stops_its_axis_above_the_errors():
    x, y = polynomial.noisy_sample("sine", 60, 0.3, np.random.default_rng(3))
    folds = evaluation.kfold_indices(60, 5)
    sizes = evaluation.learning_sizes(folds, 6)
    curve = evaluation.learning_curve(polynomial.polynomial_features(x, 3), y, sizes, folds, alpha=0.0)
    chart, frame = figures.learning_curve(curve, 0.09, degree=3)
    assert len(frame) == len(sizes) * 5
    top = 3 * max(curve.validation_mean[-1], 0.09)
    assert spec(chart)["layer"][1]["encoding"]["y"]["scale"]["domain"] == [0, pytest.approx(top)]
