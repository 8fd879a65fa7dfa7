"""What ui.charts sends to the browser: a bounded number of points, never missing the ends; cells that sit
on their grid."""

import numpy as np
import pytest

from ui.charts import cell_scale, class_cells, sample


@pytest.mark.parametrize("log", [False, True])
@pytest.mark.parametrize("n", [0, 1, 7, 150, 151, 44_200])
def test_a_sample_keeps_at_most_the_limit_with_both_ends_and_every_point_of_a_short_series(n, log):
    kept = sample(n, 150, log=log)
    assert len(kept) <= 150 and np.all(np.diff(kept) > 0)
    if n:
        assert kept[0] == 0 and kept[-1] == n - 1
    if n <= 150 and not log:
        assert kept.tolist() == list(range(n))


@pytest.mark.parametrize("low, high, r", [(-1.5, 2.0, 42), (0.0, 1.0, 2), (-3.0, -1.0, 7)])
def test_cells_of_equal_width_on_a_cell_scale_are_centred_on_the_grid_points(low, high, r):
    centres = np.linspace(low, high, r)
    a, b = cell_scale(centres).domain
    width = (b - a) / r
    assert np.allclose(a + width * (np.arange(r) + 0.5), centres)


def test_a_cell_carries_its_grid_points_winner_and_how_sure_the_model_is():
    rng = np.random.default_rng(0)
    proba = rng.dirichlet(np.ones(3), size=(4, 5))  # rows along y, columns along x
    proba[0, 0] = 1 / 3  # undecided
    proba[3, 4] = [0, 0, 1]  # certain
    winner, confidence = proba.argmax(axis=2), proba.max(axis=2)
    scale = cell_scale(np.linspace(0, 1, 5))
    cells = class_cells(winner, confidence, 3, scale, cell_scale(np.linspace(0, 1, 4))).data
    assert len(cells) == 20
    for cell in cells.to_dict("records"):
        i, j = cell["i"], cell["j"]
        assert cell["class"] == winner[j, i]
        assert cell["strength"] == round(255 * (confidence[j, i] - 1 / 3) / (2 / 3))
    assert cells.set_index(["j", "i"]).strength.loc[[(0, 0), (3, 4)]].tolist() == [0, 255]
