"""The figures of lesson 1 draw mathdl's numbers: the moved plane, the product's cells, the layer, the fit."""

import numpy as np
from numpy.testing import assert_allclose

from mathdl import linalg, projection
from ui import charts
from ui.figures import linear_maps as figures
from ui.i18n import catalog

TEXT = catalog("en")["linear_maps"]


def layers(chart) -> list[dict]:
    return chart.to_dict()["layer"]


def test_the_map_draws_the_plane_before_and_after_and_the_matrix_columns_as_arrows():
    M = np.array([[2.0, 1.0], [0.0, 1.0]])
    letter = linalg.transform(M, linalg.F_SHAPE)
    chart, data = figures.linear_map(
        linalg.grid_lines(), linalg.transform_grid(M), linalg.unit_square(M), linalg.F_SHAPE, letter, M, 2.0, extent=3.0
    )
    moved = data[(data.layer == "shape") & (data.stage == TEXT["map"]["after"])]
    assert_allclose(moved[["x", "y"]].to_numpy(), letter)
    square = data[data.layer == "square"][["x", "y"]].to_numpy()
    assert_allclose(square, linalg.unit_square(M))
    assert "#0072B2" in str(layers(chart)[1])  # kept orientation: the square is blue


def test_a_flipped_map_colours_the_square_red():
    M = np.array([[0.0, 1.0], [1.0, 0.0]])  # det = −1
    chart, _ = figures.linear_map(
        linalg.grid_lines(), linalg.transform_grid(M), linalg.unit_square(M), linalg.F_SHAPE, linalg.F_SHAPE, M, -1.0,
        extent=3.0,
    )  # fmt: skip
    assert charts.PALETTE[3] in str(layers(chart)[1])


def test_the_product_lights_row_i_of_a_column_j_of_b_and_their_entry():
    A, B = np.arange(6.0).reshape(2, 3), np.arange(6.0).reshape(3, 2)
    C = A @ B
    _, cells = figures.matrix_product(A, B, C, 2, 1)
    assert_allclose(cells[cells.matrix == "C"].sort_values(["row", "col"])["value"], C.ravel())
    assert set(cells.columns) >= {"row", "col", "value", "matrix"}


def test_the_layer_panels_hold_the_input_its_linear_image_and_the_relu():
    rng = np.random.default_rng(0)
    X, W, b = rng.normal(size=(20, 2)), rng.normal(size=(2, 2)), rng.normal(size=2)
    Z = linalg.dense_layer(X, W, b)
    panels, data = figures.dense_layer(X, Z, np.maximum(Z, 0), rng.integers(0, 2, 20), relu=True)
    assert len(panels) == 3
    assert_allclose(data[["z1", "z2"]].to_numpy(), X @ W.T + b)
    assert data[["h1", "h2"]].to_numpy().min() >= 0


def test_the_projection_draws_the_residual_from_p_to_y_perpendicular_to_a():
    a, y = np.array([2.0, 1.0]), np.array([1.0, 3.0])
    p = projection.project_onto_line(y, a).projection
    _, vectors = figures.projection(a, y, p, extent=4.0)
    residual = vectors.iloc[3]
    assert_allclose([residual.x0, residual.y0, residual.x, residual.y], [*p, *y])
    assert abs((y - p) @ a) < 1e-12


def test_the_residuals_are_green_segments_from_each_point_to_the_fit():
    x = np.linspace(-1, 1, 8)
    y = x**2 + 0.1 * np.cos(7 * x)
    fitted = np.polyval(np.polyfit(x, y, 2), x)
    chart, points = figures.least_squares(x, y, fitted, y - fitted, x, fitted)
    assert_allclose(points.y - points.fitted, points.residual)
    rule, _, dots = layers(chart)
    assert rule["mark"]["color"] == charts.PALETTE[2] != dots["mark"]["color"]
