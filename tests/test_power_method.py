"""Power iteration frame by frame, against numpy's matrix powers."""

import numpy as np
import pytest

from mathdl.decomposition import power_iteration
from mathdl.power_method import power_step


def test_power_step_is_numpys_matrix_power_normalised_and_its_image():
    A, x0 = np.array([[0.5, 1.5], [1.0, -0.3]]), np.array([1.0, 2.0])
    run = power_iteration(A, x0, 8)
    for k in (0, 1, 5, 8, 30):
        frame = power_step(A, run, k)
        j = min(k, 8)
        expected = np.linalg.matrix_power(A, j) @ x0
        np.testing.assert_allclose(frame.x, expected / np.linalg.norm(expected), rtol=1e-12)
        np.testing.assert_allclose(frame.Ax, A @ frame.x, rtol=1e-12)
        np.testing.assert_allclose(frame.estimates, [v @ A @ v for v in frame.vectors], rtol=1e-12)


def test_dominant_share_is_the_starts_coordinate_on_numpys_dominant_eigenvector():
    from mathdl.power_method import dominant_share

    A = np.array([[1.0, 2.0], [0.5, -1.0]])  # λ = ±√2: no single dominant |λ|
    assert np.isnan(dominant_share(A, [1.0, 0.0]))
    assert np.isnan(dominant_share([[0.0, -1.0], [1.0, 0.0]], [1.0, 0.0]))  # a rotation: complex λ
    B = np.array([[3.0, 1.0], [0.0, 1.0]])
    values, vectors = np.linalg.eig(B)
    for x0 in ([1.0, 0.0], [0.3, -0.8], vectors[:, np.argmin(np.abs(values))]):
        c = np.linalg.solve(vectors, x0)
        expected = abs(c[np.argmax(np.abs(values))]) / np.linalg.norm(c)
        assert dominant_share(B, x0) == pytest.approx(expected, abs=1e-12)
    assert dominant_share(B, vectors[:, np.argmin(np.abs(values))]) == 0.0  # it never finds λ = 3
