"""The demo data: what scikit-learn makes, reproducible from a seed, validated."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.datasets import make_moons

from mathdl import MathDLError, datasets


def test_moons_are_scikit_learns_moons_for_the_seed_drawn_from_rng():
    X, y = datasets.moons(200, 0.1, np.random.default_rng(7))
    seed = int(np.random.default_rng(7).integers(2**31))
    X_ref, y_ref = make_moons(200, noise=0.1, random_state=seed)
    assert_allclose(X, X_ref)
    assert np.array_equal(y, y_ref)


def test_the_same_generator_state_gives_the_same_data():
    a = datasets.moons(50, 0.2, np.random.default_rng(3))
    b = datasets.moons(50, 0.2, np.random.default_rng(3))
    assert_allclose(a[0], b[0])


def test_noisy_line_without_noise_is_the_line():
    x, y = datasets.noisy_line(30, slope=1.5, intercept=0.5, noise=0.0, rng=np.random.default_rng(0))
    assert np.all(np.diff(x) >= 0) and x.min() >= -1 and x.max() <= 1
    assert_allclose(y, 1.5 * x + 0.5)


def test_noisy_line_noise_has_the_requested_spread():
    x, y = datasets.noisy_line(100_000, slope=0.0, intercept=0.0, noise=0.3, rng=np.random.default_rng(0))
    assert np.std(y) == pytest.approx(0.3, rel=0.01)
    assert np.mean(y) == pytest.approx(0.0, abs=0.005)


@pytest.mark.parametrize(("n", "noise"), [(1, 0.1), (6000, 0.1), (10, -0.1), (10, 2.0)])
def test_moons_refuse_sizes_and_noise_out_of_range(n, noise):
    with pytest.raises(MathDLError) as error:
        datasets.moons(n, noise, np.random.default_rng(0))
    assert error.value.code == "out_of_range"


@pytest.mark.parametrize("name", ["china", "flower"])
def test_sample_images_are_block_averages_of_scikit_learns_photos(name):
    from sklearn.datasets import load_sample_image

    full = load_sample_image(f"{name}.jpg").astype(float)
    small = datasets.sample_image(name, max_side=160)
    assert small.dtype == np.uint8 and small.shape == (106, 160, 3)  # 640 / 4 = 160, 427 // 4 = 106
    assert_allclose(small[10, 20], full[40:44, 80:84].mean(axis=(0, 1)), atol=0.5)


def test_digits_are_scikit_learns_digits():
    from sklearn.datasets import load_digits

    images, labels = datasets.digits()
    assert_allclose(images, load_digits().images)
    assert images.shape == (1797, 8, 8) and labels.max() == 9
