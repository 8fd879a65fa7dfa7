"""Power iteration frame by frame, against numpy's matrix powers."""

import numpy as np

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
