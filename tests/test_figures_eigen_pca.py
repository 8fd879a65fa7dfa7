"""The figures of lesson 3 build from mathdl's numbers, mark what the reader chose, and table what they draw."""

import numpy as np
from numpy.testing import assert_allclose

from mathdl import covariance, datasets, decomposition, directions, linalg
from ui.figures import eigen_pca as figures
from ui.i18n import catalog

TEXT = catalog("en")["eigen_pca"]


def dashed(spec):
    """The layers drawn as dashed lines."""
    return [layer for layer in spec["layer"] if layer.get("mark", {}).get("strokeDash")]


def test_the_eigen_picture_has_closed_curves_dashed_directions_and_the_iterates():
    A = np.array([[2.0, 1.0], [1.0, 2.0]])
    circle = linalg.unit_circle(36)
    eig = decomposition.eigen_2x2(A)
    run = decomposition.power_iteration(A, [1.0, 0.2], 5)
    chart, data = figures.eigenvectors(circle, linalg.transform(A, circle), eig.eigenvectors, run.vectors, extent=3.0)
    spec = chart.to_dict()
    assert len(dashed(spec)) == 1  # the two eigen-directions, one dashed line each
    curves = data[data.stage.notna()]
    assert len(curves) == 2 * 37  # each curve closed: its first point again at the end
    assert_allclose(data.dropna(subset=["label"])[["x", "y"]].to_numpy(), run.vectors)


def test_a_rotation_has_no_eigen_direction_to_draw():
    A = decomposition.PRESETS["rotation"]
    circle = linalg.unit_circle(12)
    eig = decomposition.eigen_2x2(A)
    run = decomposition.power_iteration(A, [1.0, 0.0], 3)
    chart, _ = figures.eigenvectors(circle, linalg.transform(A, circle), eig.eigenvectors, run.vectors, extent=3.0)
    assert not dashed(chart.to_dict())


def test_a_complex_pair_draws_the_ellipse_it_turns_dashed_and_closed():
    A = np.array([[1.0, -2.0], [1.0, -1.0]])
    circle = linalg.unit_circle(12)
    eig = decomposition.eigen_2x2(A)
    run = decomposition.power_iteration(A, [1.0, 0.0], 3)
    ellipse = linalg.transform(eig.rotation_basis, circle)
    chart, data = figures.eigenvectors(circle, linalg.transform(A, circle), None, run.vectors, ellipse, extent=3.0)
    assert len(dashed(chart.to_dict())) == 1
    drawn = data[data.stage == data.stage.dropna().unique()[-1]][["x", "y"]].to_numpy()
    assert_allclose(drawn, np.vstack([ellipse, ellipse[:1]]))


def test_the_scree_table_holds_each_share_the_running_total_and_the_error():
    X, *_ = datasets.table("iris")
    model = decomposition.pca(X, standardize=True)
    errors = decomposition.reconstruction_errors(X, standardize=True)
    bars, error_chart, data = figures.scree(model.explained_variance_ratio, model.cumulative_variance_ratio, errors, 2)
    assert data.component.tolist() == [1, 2, 3, 4]
    assert_allclose(data.cumulative, np.cumsum(data.explained))
    assert_allclose(data.error, errors)
    chosen = error_chart.to_dict()["layer"][1]
    assert chosen["mark"]["type"] == "point"
    assert "datum.component <= 2" in str(bars.to_dict()["layer"][0]["encoding"]["opacity"])
    assert bars.to_dict()["title"] == TEXT["pca"]["scree"]


def test_the_projection_sends_at_most_three_thousand_points_and_tables_them_all():
    scores = np.random.default_rng(0).standard_normal((5000, 3))
    chart, data = figures.projection(scores, None)
    assert len(data) == 5000 and set(data["class"]) == {"—"}
    assert len(chart.data) == figures.MAX_POINTS
    assert_allclose(data[["PC1", "PC2"]].to_numpy(), scores[:, :2])


def test_the_loadings_are_the_first_two_components_feature_by_feature():
    X, _, features, _ = datasets.table("wine")
    model = decomposition.pca(X, standardize=True)
    _, data = figures.loadings(model.components, features)
    assert len(data) == 2 * len(features)
    pc2 = data[data.component == "PC2"]
    assert pc2.feature.tolist() == features
    assert_allclose(pc2.loading, model.components[1])


def test_the_kept_singular_values_are_the_first_k():
    s = np.array([50.0, 20.0, 5.0, 1.0])
    chart, data = figures.singular_values(s, 2)
    assert data.kept.tolist() == [True, True, False, False]
    assert chart.to_dict()["encoding"]["y"]["scale"]["type"] == "log"


def test_an_approximation_is_shown_on_the_images_own_scale():
    assert_allclose(figures.grey_levels(np.array([[-0.2, 0.5, 1.3]])), [[0.0, 0.5, 1.0]])


def test_the_covariance_picture_has_the_points_two_ellipses_and_the_eigenvectors_as_arrows():
    X = covariance.correlated_cloud(200, 1.5, 0.6, 0.7, np.random.default_rng(0))
    cloud = covariance.describe(X)
    curves = [covariance.ellipse(cloud.mean, cloud.axes, k) for k in (1.0, 2.0)]
    ends = covariance.semi_axes(cloud.mean, cloud.axes)
    chart, data = figures.covariance_cloud(
        X, curves, cloud.mean, ends, ["v1", "v2"], extent=(-5.0, 5.0, -4.0, 4.0), titles=("x₁", "x₂")
    )
    spec = chart.to_dict()
    assert (spec["width"], spec["height"]) == (420, 336)  # to scale: 10 units across, 8 up
    assert_allclose(data[data.layer == "point"][["x", "y"]].to_numpy(), X)
    rings = data[data.layer == "ellipse"]
    assert rings.groupby("k").size().tolist() == [121, 121]
    arrows = data[data.layer == "axis"]
    assert_allclose(arrows[["x", "y"]].to_numpy(), ends)
    assert_allclose(arrows[["x0", "y0"]].to_numpy(), np.tile(cloud.mean, (2, 1)))
    assert arrows.label.tolist() == ["v1", "v2"]


def test_the_two_routes_table_holds_both_routes_numbers_side_by_side():
    X = datasets.table("iris")[0]
    model, svd = decomposition.pca(X), covariance.centred_svd(X)
    cosines = covariance.alignment(model.components, svd.components)
    frame = figures.two_routes(model.explained_variance, svd.singular_values, svd.variances, cosines[:3])
    p = TEXT["pca"]
    assert list(frame.columns) == ["j", p["eigenvalue"], p["singular_value"], p["svd_variance"], p["alignment"]]
    assert frame["j"].tolist() == [1, 2, 3]
    assert_allclose(frame[p["eigenvalue"]], frame[p["svd_variance"]], rtol=1e-9)
    assert_allclose(frame[p["alignment"]], 1.0)


def test_the_hunt_draws_the_shared_line_only_once_x_and_ax_line_up():
    A = decomposition.PRESETS["symmetric"]
    circle = linalg.unit_circle(36)
    image = linalg.transform(A, circle)
    near = figures.eigen_hunt(circle, image, directions.alignment(A, 45.0), extent=3.0)[0]
    away, data = figures.eigen_hunt(circle, image, directions.alignment(A, 10.0), extent=3.0)
    assert "eigenline" in {s["name"] for s in near.shapes} - {s["name"] for s in away.shapes}
    (handle,) = away.handles
    assert handle.constrain == "circle" and np.hypot(*handle.at) == 1.0
    assert_allclose(data[["x1", "x2"]].to_numpy()[1], A @ np.array(handle.at))
