"""The figures of lesson 1 draw mathdl's numbers: the moved plane, the product's cells, the layer, the fit."""

import numpy as np
from numpy.testing import assert_allclose

from mathdl import linalg, projection, subspaces
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


def shapes_by_name(picture) -> dict[str, dict]:
    return {shape["name"]: shape for shape in picture.shapes}


def test_the_residuals_are_green_segments_from_each_point_to_the_fit():
    x = np.linspace(-1, 1, 8)
    y = x**2 + 0.1 * np.cos(7 * x)
    fitted = np.polyval(np.polyfit(x, y, 2), x)
    picture, points = figures.least_squares(x, y, fitted, y - fitted, x, fitted)
    assert_allclose(points.y - points.fitted, points.residual)
    drawn = shapes_by_name(picture)
    stems = np.array(drawn["residuals"]["points"])  # (n, 2, 2): from each point to its fitted value
    assert_allclose(stems[:, 0], np.column_stack([x, y]), atol=1e-4)
    assert_allclose(stems[:, 1], np.column_stack([x, fitted]), atol=1e-4)
    assert drawn["residuals"]["color"] == charts.PALETTE[2] != picture.handles[0].color
    assert [h.at for h in picture.handles] == list(zip(x, y, strict=True))
    assert all(h.removable for h in picture.handles) and picture.add


def test_without_a_fit_the_points_alone_are_drawn_and_can_still_be_moved():
    x, y = np.array([0.1, 0.5]), np.array([1.0, 2.0])
    picture, points = figures.least_squares(x, y, None, None, x, None)
    assert picture.shapes == [] and len(picture.handles) == 2 and points.fitted.isna().all()


def test_the_vector_plane_draws_ax_where_a_sends_the_handle_and_keeps_it_in_sight():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    x = np.array([2.5, 2.5])
    Ax = linalg.transform(A, [x])[0]
    picture, data = figures.vector_plane(linalg.grid_lines(), linalg.transform_grid(A), x, Ax, extent=3.0)
    arrow = shapes_by_name(picture)["Ax"]
    assert_allclose(arrow["points"][1], [7.5, 10.0]) and arrow["label"] == "Ax = (7.5, 10)"
    assert picture.view.x[1] >= 10.0 and picture.view.x == picture.view.y  # a square window holding Ax
    (handle,) = picture.handles
    assert handle.at == (2.5, 2.5) and handle.arrow and handle.bounds == ((-3.0, 3.0), (-3.0, 3.0))
    assert_allclose(data[["x1", "x2"]].to_numpy(), [x, Ax])


# --- matrix operations, the two products, subspaces ---------------------------------------------


def test_each_operation_panel_draws_the_plane_its_matrix_makes():
    A, B = np.array([[1.0, 1.0], [0.0, 1.0]]), np.array([[0.0, -1.0], [1.0, 0.0]])
    grid = linalg.grid_lines()
    panels = [(name, linalg.transform_grid(M), linalg.transform(M, linalg.F_SHAPE)) for name, M in (("A", A), ("B", B))]
    pictures, data = figures.operation_panels(grid, linalg.F_SHAPE, panels, extent=3.0)
    assert len(pictures) == 2
    after = data[(data.layer == "shape") & (data.stage == TEXT["map"]["after"])]
    assert_allclose(after[after.panel == "B"][["x", "y"]].to_numpy(), linalg.F_SHAPE @ B.T)
    before = data[(data.layer == "shape") & (data.stage == TEXT["map"]["before"]) & (data.panel == "A")]
    assert_allclose(before[["x", "y"]].to_numpy(), linalg.F_SHAPE)
    widths = [picture.to_dict()["width"] for picture in pictures]
    assert widths == [figures.PANEL_SIDES[2]] * 2 < [charts.PLANE_SIDE] * 2  # two pictures share one row


def test_the_two_products_draw_numpys_star_and_at_and_nothing_the_shapes_forbid():
    A, B = np.arange(6.0).reshape(2, 3), np.arange(6.0).reshape(2, 3) - 2
    pictures, cells = figures.products(A, B, A * B, None)
    assert pictures["matmul"] is None and pictures["elementwise"] is not None
    star = cells[cells.matrix == "A * B"].sort_values(["row", "col"])
    assert_allclose(star["value"], (A * B).ravel())
    assert set(cells.matrix) == {"A", "B", "A * B"}
    C, D = np.array([[1.0], [2.0]]), np.array([[3.0, 4.0]])
    pictures, cells = figures.products(C, D, C * D, C @ D)
    assert_allclose(cells[cells.matrix == "A @ B"].sort_values(["row", "col"])["value"], (C @ D).ravel())


def lit(chart) -> list[tuple[int, int]]:
    """The (row, col) cells a grid of numbers lights, from the data of its chart."""
    spec = chart.to_dict()
    rows = [row for name, values in spec["datasets"].items() for row in values]
    return sorted({(r["row"], r["col"]) for r in rows if r["highlight"]})


def test_the_matrix_product_lights_a_row_and_a_column_the_elementwise_product_one_entry():
    A, B = np.ones((2, 2)), np.ones((2, 2))
    pictures, _ = figures.products(A, B, A * B, A @ B)
    star_a, star_b, star_c = pictures["elementwise"].to_dict()["hconcat"]
    at_a, at_b, _ = pictures["matmul"].to_dict()["hconcat"]
    assert star_a["title"] == "A (2×2)" and star_c["title"] == "A * B (2×2)"
    assert lit(figures.product_grids({"A": (A, {"row": 1})})) == [(1, 1), (1, 2)]
    assert lit(figures.product_grids({"B": (B, {"col": 1})})) == [(1, 1), (2, 1)]
    assert lit(figures.product_grids({"A": (A, {"row": 1, "col": 1})})) == [(1, 1)]


def test_the_column_space_picture_holds_the_columns_their_sum_and_a_multiple():
    A = subspaces.EXAMPLES["line"]
    found = subspaces.subspaces(A)
    closed = subspaces.closure(found.column_basis, A[:, 0], A[:, 1], -1.5)
    pictures, data = figures.subspaces(A, found.column_basis, closed.sum, closed.multiple, -1.5, None)
    assert pictures[1] is None
    arrows = data[data.kind == "column space"]
    assert_allclose(arrows[["x", "y"]].to_numpy(), np.column_stack([A, A[:, 0] + A[:, 1], -1.5 * A[:, 0]]).T)
    assert list(arrows.label) == ["a₁", "a₂", "a₃", "a₁ + a₂", "-1.5 a₁"]
    span = pictures[0].to_dict()["layer"][0]
    assert span["mark"]["type"] == "line"  # rank 1: the column space is a line


def test_the_null_space_walk_comes_back_to_the_origin_on_its_own_scale():
    A = subspaces.EXAMPLES["plane"]
    found = subspaces.subspaces(A)
    path = subspaces.combination_path(A, found.null_basis[:, 0])
    closed = subspaces.closure(found.column_basis, A[:, 0], A[:, 1], 2.0)
    pictures, data = figures.subspaces(A, found.column_basis, closed.sum, closed.multiple, 2.0, path)
    walk = data[data.kind == "null space"]
    assert_allclose(walk[["x", "y"]].to_numpy()[-1], 0.0, atol=1e-12)
    assert_allclose(walk[["x0", "y0"]].to_numpy()[1:], walk[["x", "y"]].to_numpy()[:-1])  # head to tail
    assert pictures[0].to_dict()["layer"][0]["mark"]["type"] == "rect"  # rank 2: the whole plane is tinted
    assert figures.plane_extent(path, least=1.0) == 1.0 < figures.plane_extent(A.T)


def test_a_picture_of_the_plane_is_large_enough_for_every_point():
    assert figures.plane_extent(np.array([[0.5, -0.2]])) == 3.0
    assert figures.plane_extent(np.array([[4.2, -6.0]])) == 7.0
