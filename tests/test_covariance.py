"""Covariance, its principal axes and PCA's two routes, against numpy, scipy and scikit-learn."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy.spatial.distance import mahalanobis
from scipy.stats import chi2
from sklearn.datasets import load_digits, load_iris, load_wine
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

from mathdl import MathDLError, covariance, decomposition

spreads = st.floats(0.2, 3.0)
correlations = st.floats(-0.95, 0.95)


def test_the_population_covariance_is_the_closed_form():
    assert_allclose(covariance.population_covariance(2.0, 0.5, -0.6), [[4.0, -0.6], [-0.6, 0.25]])


@pytest.mark.parametrize(("s1", "s2", "rho"), [(1.0, 1.0, 0.0), (2.0, 0.5, 0.8), (0.3, 1.5, -0.9)])
def test_the_cloud_has_the_covariance_it_was_asked_for(s1, s2, rho):
    n = 100_000
    X = covariance.correlated_cloud(n, s1, s2, rho, np.random.default_rng(0))
    Sigma = covariance.population_covariance(s1, s2, rho)
    # The standard error of a sample covariance of normal data: √((Σ_jj Σ_kk + Σ_jk²) / n); five of them.
    se = np.sqrt((np.outer(np.diag(Sigma), np.diag(Sigma)) + Sigma**2) / n)
    assert np.all(np.abs(np.cov(X, rowvar=False) - Sigma) < 5 * se)
    assert np.all(np.abs(X.mean(axis=0)) < 5 * np.sqrt(np.diag(Sigma) / n))


@settings(max_examples=40)
@given(st.integers(2, 30), st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_the_covariance_matrix_is_numpys(n, d, seed):
    X = np.random.default_rng(seed).normal(size=(n, d)) * np.arange(1, d + 1)
    C = covariance.covariance_matrix(X)
    assert_allclose(C, np.atleast_2d(np.cov(X, rowvar=False)), atol=1e-12)
    assert np.array_equal(C, C.T)


def test_the_correlation_is_numpys_corrcoef():
    X = covariance.correlated_cloud(500, 2.0, 0.7, 0.6, np.random.default_rng(1))
    assert covariance.correlation(covariance.covariance_matrix(X)) == pytest.approx(np.corrcoef(X.T)[0, 1], rel=1e-12)
    assert covariance.correlation([[1.0, 0.0], [0.0, 0.0]]) == 0.0


@settings(max_examples=40)
@given(spreads, spreads, correlations)
def test_the_principal_axes_are_numpys_eigenvectors_with_the_variances_along_them(s1, s2, rho):
    C = covariance.population_covariance(s1, s2, rho)
    axes = covariance.principal_axes(C)
    w, V = np.linalg.eigh(C)
    assert_allclose(axes.variances, w[::-1], rtol=1e-9, atol=1e-12)
    if w[1] - w[0] > 1e-6 * w[1]:  # two distinct variances: each has one line of eigenvectors, numpy's up to sign
        assert_allclose(np.abs(axes.directions.T @ V[:, ::-1]), np.eye(2), atol=1e-6)
    assert_allclose(
        axes.directions @ np.diag(axes.variances) @ axes.directions.T, C, atol=1e-10
    )  # Jacobi stops at 1e-12·max
    for j in range(2):
        v = axes.directions[:, j]
        assert v @ C @ v == pytest.approx(axes.variances[j], rel=1e-9)  # the variance along v_j is λ_j
    assert abs(axes.directions[:, 0] @ axes.directions[:, 1]) < 1e-9  # perpendicular: C is symmetric


@settings(max_examples=40)
@given(spreads, spreads, correlations, st.floats(0.5, 3.0))
def test_every_point_of_the_ellipse_is_k_standard_deviations_out(s1, s2, rho, k):
    C = covariance.population_covariance(s1, s2, rho)
    mean = np.array([1.0, -2.0])
    curve = covariance.ellipse(mean, covariance.principal_axes(C), k, points=40)
    inverse = np.linalg.inv(C)
    assert_allclose([mahalanobis(p, mean, inverse) for p in curve], k, rtol=1e-7)
    assert_allclose(curve[0], curve[-1])


def test_mahalanobis_distances_are_scipys_and_a_flat_cloud_puts_points_off_it_at_infinity():
    X = covariance.correlated_cloud(50, 1.5, 0.5, 0.7, np.random.default_rng(2))
    C, mean = covariance.covariance_matrix(X), X.mean(axis=0)
    inverse = np.linalg.inv(C)
    expected = [mahalanobis(x, mean, inverse) for x in X]
    assert_allclose(covariance.mahalanobis(X, mean, covariance.principal_axes(C)), expected, rtol=1e-8)
    line = covariance.principal_axes([[1.0, 1.0], [1.0, 1.0]])  # all of the variance along (1, 1)
    assert_allclose(covariance.mahalanobis([[1.0, 1.0], [1.0, 0.0]], [0.0, 0.0], line), [1.0, np.inf])


@pytest.mark.parametrize("k", [0.5, 1.0, 2.0, 3.0])
def test_the_normal_coverage_is_the_chi_square_distribution_with_two_degrees_of_freedom(k):
    assert covariance.normal_coverage(k) == pytest.approx(chi2.cdf(k**2, 2), rel=1e-12)


def test_a_normal_cloud_fills_its_ellipses_as_the_coverage_says():
    n = 20_000
    X = covariance.correlated_cloud(n, 2.0, 0.5, -0.7, np.random.default_rng(3))
    d = covariance.mahalanobis(X, X.mean(axis=0), covariance.principal_axes(covariance.covariance_matrix(X)))
    for k in (1.0, 2.0):
        p = covariance.normal_coverage(k)
        assert abs(np.mean(d <= k) - p) < 5 * np.sqrt(p * (1 - p) / n)


def test_a_described_cloud_has_numpys_mean_and_covariance_and_its_axes():
    X = load_iris().data[:, [0, 2]]
    cloud = covariance.describe(X)
    assert cloud.n == 150
    assert_allclose(cloud.mean, X.mean(axis=0))
    assert_allclose(cloud.covariance, np.cov(X, rowvar=False), atol=1e-12)
    assert_allclose(cloud.axes.variances, np.linalg.eigvalsh(np.cov(X, rowvar=False))[::-1], rtol=1e-9)


def test_the_semi_axes_end_on_the_ellipse_along_the_eigenvectors():
    C = covariance.population_covariance(1.5, 0.6, 0.5)
    axes, mean = covariance.principal_axes(C), np.array([2.0, -1.0])
    ends = covariance.semi_axes(mean, axes, 2.0)
    inverse = np.linalg.inv(C)
    assert_allclose([mahalanobis(p, mean, inverse) for p in ends], 2.0)
    assert_allclose(np.linalg.norm(ends - mean, axis=1), 2 * np.sqrt(axes.variances))
    assert abs((ends[0] - mean) @ (ends[1] - mean)) < 1e-9


def test_the_share_inside_counts_the_points_scipy_puts_within_k():
    X = covariance.correlated_cloud(300, 1.0, 2.0, 0.3, np.random.default_rng(5))
    cloud = covariance.describe(X)
    inverse = np.linalg.inv(cloud.covariance)
    distances = np.array([mahalanobis(x, cloud.mean, inverse) for x in X])
    for k in (0.5, 1.0, 2.0):
        assert covariance.share_inside(X, cloud.mean, cloud.axes, k) == np.mean(distances <= k)


def test_alignment_is_the_absolute_cosine_row_by_row():
    A = np.random.default_rng(6).normal(size=(4, 3))
    A /= np.linalg.norm(A, axis=1, keepdims=True)
    B = -A
    assert_allclose(covariance.alignment(A, B), 1.0)
    assert_allclose(covariance.alignment(A, np.roll(A, 1, axis=0)), np.abs(np.sum(A * np.roll(A, 1, axis=0), axis=1)))


# --- PCA by two routes: the eigenvectors of C and the SVD of X_c ------------------------------------


def two_routes(X, standardize):
    return decomposition.pca(X, standardize=standardize), covariance.centred_svd(X, standardize=standardize)


@pytest.mark.parametrize(
    ("load", "standardize"),
    [(load_iris, False), (load_iris, True), (load_wine, False), (load_wine, True), (load_digits, True)],
    ids=["iris", "iris-standardized", "wine", "wine-standardized", "digits-standardized"],  # digits: constant pixels
)
def test_the_svd_of_the_centred_data_gives_the_eigen_decomposition_of_the_covariance(load, standardize):
    X = load().data
    eig, svd = two_routes(X, standardize)
    assert svd.n == len(X)
    assert_allclose(svd.variances, eig.explained_variance, rtol=1e-9, atol=1e-9 * eig.explained_variance[0])
    assert_allclose(svd.singular_values**2 / (len(X) - 1), svd.variances)
    big = (
        eig.explained_variance > 1e-6 * eig.explained_variance[0]
    )  # directions of repeated or no variance are not unique
    assert_allclose(svd.components[big], eig.components[big], atol=1e-7)  # the same signs too: the same convention


@pytest.mark.parametrize("standardize", [False, True])
@pytest.mark.parametrize("load", [load_iris, load_wine], ids=["iris", "wine"])
def test_both_routes_agree_with_scikit_learn_up_to_sign(load, standardize):
    X = load().data
    reference = PCA().fit(StandardScaler().fit_transform(X) if standardize else X)
    eig, svd = two_routes(X, standardize)
    for route in (eig.explained_variance, svd.variances):
        assert_allclose(route, reference.explained_variance_, rtol=1e-9)
    for route in (eig.components, svd.components):
        signs = np.sign(np.sum(route * reference.components_, axis=1))[:, None]
        assert_allclose(route * signs, reference.components_, atol=1e-8)


def test_the_eigenvalues_of_the_covariance_are_the_variances_pca_reports():
    X = load_iris().data
    C = covariance.covariance_matrix(X)
    assert_allclose(covariance.principal_axes(C).variances, decomposition.pca(X).explained_variance, rtol=1e-9)


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: covariance.population_covariance(1.0, 1.0, 1.5), "out_of_range"),
        (lambda: covariance.correlated_cloud(1, 1.0, 1.0, 0.0, np.random.default_rng(0)), "out_of_range"),
        (lambda: covariance.covariance_matrix([[1.0, 2.0]]), "too_few_values"),
        (lambda: covariance.centred_svd([[1.0, 2.0], [1.0, 2.0]]), "no_variance"),
        (lambda: covariance.ellipse([0.0, 0.0], covariance.principal_axes(np.eye(3))), "bad_shape"),
        (lambda: covariance.alignment(np.eye(2), np.eye(3)), "lengths_differ"),
    ],
)
def test_bad_input_is_refused_with_a_code(call, code):
    with pytest.raises(MathDLError) as error:
        call()
    assert error.value.code == code
