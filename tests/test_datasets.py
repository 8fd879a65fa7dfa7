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


# --- The 2-D toy classification sets ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "classes"),
    [("moons", 2), ("circles", 2), ("xor", 2), ("blobs", 2), ("blobs", 5), ("spiral", 3), ("spiral", 5)],
)
def test_toy_sets_have_n_points_in_balanced_classes_reproducible_from_the_seed(name, classes):
    X, y = datasets.toy_set(name, 301, 0.1, np.random.default_rng(4), classes=classes)
    again = datasets.toy_set(name, 301, 0.1, np.random.default_rng(4), classes=classes)
    other = datasets.toy_set(name, 301, 0.1, np.random.default_rng(5), classes=classes)
    assert X.shape == (301, 2) and y.shape == (301,) and set(y.tolist()) == set(range(classes))
    assert_allclose(X, again[0]) and np.array_equal(y, again[1])
    assert not np.allclose(X, other[0])
    if name != "xor":  # xor's classes follow the quadrants the points fall in
        assert np.ptp(np.bincount(y)) <= 1


def test_toy_moons_are_the_moons():
    X, y = datasets.toy_set("moons", 200, 0.1, np.random.default_rng(7))
    X_ref, y_ref = datasets.moons(200, 0.1, np.random.default_rng(7))
    assert_allclose(X, X_ref) and np.array_equal(y, y_ref)


def test_without_noise_circles_have_radii_one_and_a_half_and_xor_follows_the_signs():
    X, y = datasets.toy_set("circles", 100, 0.0, np.random.default_rng(0))
    assert_allclose(np.hypot(X[:, 0], X[:, 1]), np.where(y == 0, 1.0, 0.5))
    X, y = datasets.toy_set("xor", 400, 0.0, np.random.default_rng(0))
    assert np.array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int)) and np.abs(X).max() <= 1
    assert 0.4 < y.mean() < 0.6


def test_noise_is_gaussian_with_the_requested_spread():
    X, y = datasets.toy_set("circles", 5000, 0.05, np.random.default_rng(1))
    radial = np.hypot(X[:, 0], X[:, 1]) - np.where(y == 0, 1.0, 0.5)  # for small noise, its radial part
    assert np.std(radial) == pytest.approx(0.05, rel=0.05) and abs(np.mean(radial)) < 0.005


def test_blobs_are_centred_evenly_on_a_circle():
    X, y = datasets.toy_set("blobs", 5000, 0.0, np.random.default_rng(2), classes=4)
    centres = np.array([X[y == k].mean(axis=0) for k in range(4)])
    assert_allclose(centres, 1.5 * np.array([[1, 0], [0, 1], [-1, 0], [0, -1]]), atol=0.03)  # 3.5 standard errors
    assert X[y == 0].std(axis=0) == pytest.approx([datasets.BLOB_SPREAD] * 2, rel=0.08)


def test_each_spiral_arm_winds_outwards_from_its_own_starting_angle():
    X, y = datasets.toy_set("spiral", 500, 0.0, np.random.default_rng(3), classes=5)
    r = np.hypot(X[:, 0], X[:, 1])
    expected = 2 * np.pi * (y / 5 + datasets.SPIRAL_TURNS * r)
    assert_allclose(np.cos(np.arctan2(X[:, 1], X[:, 0]) - expected), 1.0, atol=1e-9)
    assert r.max() <= 1


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("moons", 100, 0.1, 3), "out_of_range"),  # two moons, two classes
        (("blobs", 100, 0.1, 6), "out_of_range"),
        (("spiral", 4, 0.1, 5), "out_of_range"),  # fewer points than classes
        (("spiral", 100, 1.5, 2), "out_of_range"),
        (("rings", 100, 0.1, 2), "unknown_choice"),
    ],
)
def test_toy_sets_refuse_what_they_cannot_make(args, code):
    name, n, noise, classes = args
    with pytest.raises(MathDLError) as error:
        datasets.toy_set(name, n, noise, np.random.default_rng(0), classes=classes)
    assert error.value.code == code


def test_the_targets_are_their_closed_forms_on_minus_one_to_one():
    x = np.linspace(-1, 1, 41)
    T = datasets.TARGETS
    np.testing.assert_allclose(T["sine"](x), np.sin(np.pi * x), atol=1e-15)
    np.testing.assert_allclose(T["cubic"](x), np.polynomial.Polynomial([0, -1, 0, 2])(x), atol=1e-15)
    np.testing.assert_allclose(T["runge"](x), 1 / (1 + 25 * x**2))
    np.testing.assert_array_equal(T["step"](x), np.where(x < 0, -0.5, 0.5))
    np.testing.assert_array_equal(T["abs"](x), np.abs(x))


def test_the_sawtooth_has_three_teeth_rising_with_slope_three():
    x = np.linspace(-1, 1, 6001)[:-1]
    y = datasets.TARGETS["sawtooth"](x)
    assert y.min() >= -1 and y.max() < 1
    jumps = np.flatnonzero(np.diff(y) < -1)
    assert len(jumps) == 2  # three teeth on [-1, 1]: two drops between them
    np.testing.assert_allclose(x[jumps + 1], [-1 / 3, 1 / 3], atol=1e-3)
    np.testing.assert_allclose(np.diff(y)[jumps], -2.0, atol=1e-2)
    rising = np.delete(np.diff(y) / np.diff(x), jumps)
    np.testing.assert_allclose(rising, 3.0, rtol=1e-9)  # 2 / period
