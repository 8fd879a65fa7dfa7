"""Facts about eigenvectors, the SVD and PCA, checked against numpy and scikit-learn."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose
from sklearn.datasets import load_iris, load_wine
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

from mathdl import MathDLError, decomposition, directions

rng = np.random.default_rng(0)
numbers = st.floats(-5, 5).map(lambda v: v if abs(v) > 1e-6 else 0.0)


def same_up_to_sign(rows, reference_rows, atol=1e-8):
    for a, b in zip(rows, reference_rows, strict=True):
        assert np.allclose(a, b, atol=atol) or np.allclose(a, -b, atol=atol)


# --- 2x2 eigenvalues ------------------------------------------------------------------------


@given(arrays(float, (2, 2), elements=numbers))
def test_eigenvalues_of_a_2x2_are_numpys(A):
    ours = decomposition.eigen_2x2(A)
    assert_allclose(np.sort_complex(ours.eigenvalues), np.sort_complex(np.linalg.eigvals(A).astype(complex)), atol=1e-6)
    assert ours.eigenvalues.sum().real == pytest.approx(np.trace(A), abs=1e-9)
    assert np.prod(ours.eigenvalues).real == pytest.approx(np.linalg.det(A), abs=1e-7)


@given(arrays(float, (2, 2), elements=numbers))
def test_real_eigenvectors_are_only_stretched(A):
    ours = decomposition.eigen_2x2(A)
    if ours.is_complex or abs(ours.eigenvalues[0] - ours.eigenvalues[1]) < 1e-6:
        return  # a repeated eigenvalue may have a single direction
    for k in range(2):
        v, lam = ours.eigenvectors[:, k], ours.eigenvalues[k].real
        assert_allclose(A @ v, lam * v, atol=1e-7)


@given(numbers, numbers, numbers)
def test_a_symmetric_2x2_has_real_eigenvalues(a, b, d):
    assert not decomposition.eigen_2x2([[a, b], [b, d]]).is_complex


def test_a_rotation_has_complex_eigenvalues_giving_its_angle_and_scale():
    theta = 0.7
    R = 1.5 * np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    ours = decomposition.eigen_2x2(R)
    assert ours.is_complex and ours.eigenvectors is None
    assert ours.rotation_angle == pytest.approx(theta)
    assert ours.scale == pytest.approx(1.5)


def rotation(theta):
    return np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])


@given(arrays(float, (2, 2), elements=numbers))
def test_a_complex_pair_makes_a_similar_to_a_scaled_rotation(A):
    ours = decomposition.eigen_2x2(A)
    if not ours.is_complex or abs(ours.eigenvalues[0].imag) < 1e-3:
        assert ours.rotation_basis is None or ours.is_complex
        return
    P = ours.rotation_basis
    assert_allclose(np.linalg.solve(P, A @ P), ours.scale * rotation(ours.rotation_angle), atol=1e-6)
    assert np.linalg.norm(P, 2) == pytest.approx(1.0)  # the ellipse P·circle fits the unit circle


def test_a_matrix_similar_to_a_quarter_turn_does_not_turn_every_vector_a_quarter():
    A = np.array([[1.0, -2.0], [1.0, -1.0]])  # λ = ±i
    ours = decomposition.eigen_2x2(A)
    assert ours.rotation_degrees == pytest.approx(90.0) and ours.scale == pytest.approx(1.0)
    e1 = A @ [1.0, 0.0]  # (1, 1): e₁ turned by 45° and stretched by √2
    assert np.degrees(np.arctan2(e1[1], e1[0])) == pytest.approx(45.0)
    assert np.linalg.norm(e1) == pytest.approx(np.sqrt(2))
    ellipse = np.array([[np.cos(a), np.sin(a)] for a in np.linspace(0, 2 * np.pi, 50)]) @ ours.rotation_basis.T
    image = ellipse @ A.T  # the ellipse goes onto itself (r = 1): P⁻¹ of every image point is a unit vector
    assert_allclose(np.linalg.norm(np.linalg.solve(ours.rotation_basis, image.T), axis=0), 1.0)


@pytest.mark.parametrize(
    ("A", "dominance", "defective"),
    [
        ([[2.0, 1.0], [1.0, 2.0]], 1 / 3, False),
        ([[1.0, 0.0], [0.0, -3.0]], 1 / 3, False),  # dominant is −3: the largest |λ|, not the largest λ
        ([[0.0, 1.0], [1.0, 0.0]], 1.0, False),  # ±1: no eigenvalue dominates
        ([[1.0, 1.0], [0.0, 1.0]], 1.0, True),  # a shear: one direction for a repeated eigenvalue
        ([[2.0, 0.0], [0.0, 2.0]], 1.0, False),  # 2I: every direction is an eigen-direction
    ],
)
def test_dominance_is_the_ratio_of_the_eigenvalue_sizes_and_a_shear_is_defective(A, dominance, defective):
    ours = decomposition.eigen_2x2(A)
    sizes = np.sort(np.abs(np.linalg.eigvals(A)))
    assert ours.dominance == pytest.approx(sizes[0] / sizes[1]) == pytest.approx(dominance)
    assert ours.remaining(5) == pytest.approx(dominance**5)
    assert ours.is_defective == defective
    assert np.linalg.matrix_rank(ours.eigenvectors, tol=1e-9) == (1 if defective else 2)


def test_power_iteration_closes_in_like_the_dominance_ratio_slowly_on_a_shear_and_never_on_a_reflection():
    def error(A, k):  # the angle between x_k and the dominant direction's line
        x = decomposition.power_iteration(A, [0.3, 1.0], k).vectors[-1]
        v = np.linalg.eig(np.asarray(A))[1][:, np.argmax(np.abs(np.linalg.eigvals(A)))]
        return np.arccos(min(1.0, abs(x @ v)))

    symmetric = [[2.0, 1.0], [1.0, 2.0]]
    assert error(symmetric, 11) / error(symmetric, 10) == pytest.approx(1 / 3, rel=1e-3)
    shear = [[1.0, 1.0], [0.0, 1.0]]
    assert error(shear, 100) * 100 == pytest.approx(error(shear, 200) * 200, rel=0.02)  # like 1/k
    reflection = [[0.0, 1.0], [1.0, 0.0]]
    run = decomposition.power_iteration(reflection, [0.3, 1.0], 50)
    assert_allclose(run.vectors[2::2], np.tile(run.vectors[0], (25, 1)))  # back where it started, every 2 steps
    assert np.ptp(run.estimates) == pytest.approx(0.0, abs=1e-12)


def test_power_iteration_turns_towards_the_dominant_eigenvector():
    S = np.array([[4.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 1.0]])
    run = decomposition.power_iteration(S, [1.0, 0.0, 0.0], 60)
    values, vectors = np.linalg.eigh(S)
    same_up_to_sign([run.vectors[-1]], [vectors[:, -1]], atol=1e-6)
    assert run.estimates[-1] == pytest.approx(values[-1])
    assert np.all(np.diff(run.estimates) >= -1e-12)  # the Rayleigh quotient climbs for symmetric S
    assert_allclose(np.linalg.norm(run.vectors, axis=1), 1.0)


def test_power_iteration_refuses_a_zero_start():
    with pytest.raises(MathDLError) as error:
        decomposition.power_iteration(np.eye(2), [0.0, 0.0], 5)
    assert error.value.code == "zero_vector"


# --- symmetric eigenproblems and the SVD --------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 5, 12])
def test_jacobi_matches_numpy_eigh(n):
    M = rng.standard_normal((n, n))
    S = M + M.T
    values, vectors = decomposition.jacobi_eigh(S)
    ref_values, ref_vectors = np.linalg.eigh(S)
    assert_allclose(values, ref_values[::-1], atol=1e-9)
    same_up_to_sign(vectors.T, ref_vectors[:, ::-1].T, atol=1e-7)
    assert_allclose(vectors.T @ vectors, np.eye(n), atol=1e-10)


def test_jacobi_refuses_a_matrix_that_is_not_symmetric():
    with pytest.raises(MathDLError) as error:
        decomposition.jacobi_eigh([[1.0, 2.0], [0.0, 1.0]])
    assert error.value.code == "not_symmetric"


@pytest.mark.parametrize("shape", [(6, 3), (3, 6), (10, 10), (40, 7)])
def test_svd_matches_numpy_and_rebuilds_the_matrix(shape):
    X = rng.standard_normal(shape)
    ours = decomposition.svd(X)
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    assert_allclose(ours.s, s, atol=1e-9)
    same_up_to_sign(ours.Vt, Vt, atol=1e-7)
    same_up_to_sign(ours.U.T, U.T, atol=1e-7)
    assert_allclose((ours.U * ours.s) @ ours.Vt, X, atol=1e-9)


@pytest.mark.parametrize("k", [1, 2, 4])
def test_eckart_young_the_error_is_the_discarded_singular_values(k):
    X = rng.standard_normal((12, 8))
    approx = decomposition.low_rank(X, k)
    s = np.linalg.svd(X, compute_uv=False)
    assert approx.error_fro == pytest.approx(np.sqrt(np.sum(s[k:] ** 2)))
    assert_allclose(approx.discarded, s[k:], atol=1e-9)
    assert np.linalg.matrix_rank(approx.approximation) == k
    assert approx.storage_ratio == pytest.approx(k * (12 + 8 + 1) / (12 * 8))


def test_low_rank_refuses_a_rank_out_of_range():
    with pytest.raises(MathDLError) as error:
        decomposition.low_rank(np.eye(3), 4)
    assert error.value.code == "out_of_range" and error.value.params["name"] == "k"


# --- PCA ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data", [load_iris().data, load_wine().data, rng.standard_normal((50, 6))], ids=["iris", "wine", "random"]
)
@pytest.mark.parametrize("standardize", [False, True])
def test_pca_matches_scikit_learn(data, standardize):
    k = 3
    ours = decomposition.pca(data, k, standardize=standardize)
    X = StandardScaler().fit_transform(data) if standardize else data
    ref = PCA(k).fit(X)
    same_up_to_sign(ours.components, ref.components_, atol=1e-6)
    assert_allclose(ours.explained_variance_ratio, ref.explained_variance_ratio_, atol=1e-9)
    same_up_to_sign(ours.scores.T, ref.transform(X).T, atol=1e-5)


def test_pca_components_point_their_largest_entry_up():
    ours = decomposition.pca(load_iris().data, 4)
    largest = ours.components[np.arange(4), np.argmax(np.abs(ours.components), axis=1)]
    assert np.all(largest > 0)


@given(arrays(float, (8, 4), elements=numbers))
def test_all_components_explain_all_the_variance(X):
    if np.linalg.matrix_rank(X - X.mean(axis=0)) < 4:
        return
    assert decomposition.pca(X, 4).explained_variance_ratio.sum() == pytest.approx(1.0)


def test_reconstruction_error_falls_with_k_and_vanishes_at_full_rank():
    errors = decomposition.reconstruction_errors(load_wine().data, standardize=True)
    assert np.all(np.diff(errors) <= 1e-12)
    assert errors[-1] == pytest.approx(0.0, abs=1e-12)
    ref = PCA(2).fit(StandardScaler().fit_transform(load_wine().data))
    Z = StandardScaler().fit_transform(load_wine().data)
    assert errors[1] == pytest.approx(np.mean((Z - ref.inverse_transform(ref.transform(Z))) ** 2))


def test_standardized_pca_is_pca_of_z_scores_and_a_constant_column_adds_nothing():
    X = np.column_stack([rng.standard_normal(30) * 5 + 2, rng.standard_normal(30) + 1e3, np.full(30, 7.0)])
    ours = decomposition.pca(X, 3, standardize=True)
    Z = StandardScaler().fit_transform(X)  # maps the constant column to zeros
    ref = PCA(3).fit(Z)
    assert_allclose(ours.explained_variance, ref.explained_variance_, atol=1e-12)
    assert ours.explained_variance[-1] == pytest.approx(0.0, abs=1e-12)
    assert_allclose(np.abs(ours.scores[:, :2]), np.abs(ref.transform(Z)[:, :2]), atol=1e-10)


def test_pca_refuses_too_many_components():
    with pytest.raises(MathDLError) as error:
        decomposition.pca(np.ones((5, 3)), 4)
    assert error.value.params["name"] == "n_components"


def test_grey_levels_weigh_the_channels_like_the_eye():
    image = rng.integers(0, 256, (4, 5, 3))
    assert_allclose(decomposition.image_to_gray(image), (image @ [0.299, 0.587, 0.114]) / 255)


def test_nothing_is_changed_in_place():
    X = rng.standard_normal((10, 4))
    before = X.copy()
    decomposition.pca(X, 2, standardize=True)
    decomposition.svd(X)
    decomposition.jacobi_eigh(X.T @ X)
    assert_allclose(X, before)


def test_pca_keeps_all_components_even_when_some_columns_are_constant():
    from sklearn.datasets import load_digits

    X = load_digits().data  # a few border pixels are always 0
    ours = decomposition.pca(X, 64)
    assert ours.components.shape == (64, 64)
    assert_allclose(ours.explained_variance_ratio[:10], PCA(10).fit(X).explained_variance_ratio_, atol=1e-9)
    assert ours.explained_variance_ratio.sum() == pytest.approx(1.0)


def test_a_given_decomposition_gives_the_same_approximation():
    X = rng.standard_normal((9, 6))
    assert_allclose(
        decomposition.low_rank(X, 3, decomposed=decomposition.svd(X)).approximation,
        decomposition.low_rank(X, 3).approximation,
    )


@pytest.mark.parametrize(
    "X",
    [np.ones((4, 2)), [[1e200, 1.0], [-1e200, 2.0], [3.0, 4.0]], [[1e-320, 0.0], [0.0, 1e-320]]],
    ids=["constant", "huge", "subnormal"],
)
def test_pca_refuses_data_without_variance_it_can_measure(X):
    with pytest.raises(MathDLError) as error:
        decomposition.pca(X, 1)
    assert error.value.code == "no_variance"


def test_the_presets_show_four_kinds_of_eigen_structure():
    P = decomposition.PRESETS
    symmetric = decomposition.eigen_2x2(P["symmetric"])
    assert_allclose(symmetric.eigenvalues.real, np.linalg.eigvalsh(P["symmetric"])[::-1])
    assert symmetric.eigenvectors[:, 0] @ symmetric.eigenvectors[:, 1] == pytest.approx(0.0, abs=1e-12)
    assert_allclose(decomposition.eigen_2x2(P["shear"]).eigenvalues, [1.0, 1.0])
    rotation = decomposition.eigen_2x2(P["rotation"])
    assert rotation.is_complex and rotation.rotation_degrees == pytest.approx(np.degrees(np.arccos(0.8)))
    assert_allclose(
        np.sort(decomposition.eigen_2x2(P["reflection"]).eigenvalues.real), np.linalg.eigvalsh(P["reflection"])
    )


def test_a_quarter_turn_turns_by_ninety_degrees():
    assert decomposition.eigen_2x2([[0.0, -1.0], [1.0, 0.0]]).rotation_degrees == pytest.approx(90.0)


def test_without_a_number_pca_keeps_every_component_and_their_running_share_is_scikit_learns():
    X = load_wine().data
    ours = decomposition.pca(X)
    assert ours.components.shape == (13, 13)
    assert_allclose(ours.cumulative_variance_ratio, np.cumsum(PCA().fit(X).explained_variance_ratio_), atol=1e-9)
    assert_allclose(decomposition.pca(X, 4).cumulative_variance_ratio, ours.cumulative_variance_ratio[:4])


def test_power_iteration_needs_a_square_matrix():
    with pytest.raises(MathDLError) as error:
        decomposition.power_iteration(np.ones((2, 3)), [1.0, 0.0, 0.0], 3)
    assert error.value.code == "bad_shape"


# --- the eigenvector hunt: the angle between x and Ax ------------------------------------------


@pytest.mark.parametrize(
    "A",
    [
        [[2.0, 1.0], [1.0, 2.0]],
        [[1.0, 2.0], [0.5, -1.0]],
        [[0.0, 1.0], [1.0, 0.0]],
        [[1.0, 2.0], [2.0, 4.0]],  # singular: one eigenvalue is 0
        [[3.0, 1.0], [0.0, 3.0]],  # a shear: one direction
    ],
)
def test_at_each_of_numpys_eigenvectors_x_and_ax_line_up_with_numpys_eigenvalue(A):
    values, vectors = np.linalg.eig(np.array(A))
    for value, v in zip(values, vectors.T, strict=True):
        degrees = np.degrees(np.arctan2(v[1], v[0]))
        for phi in (degrees, degrees + 180):  # -x is an eigenvector too
            hit = directions.alignment(A, phi)
            assert hit.aligned and hit.angle < 1e-6
            assert hit.eigenvalue == pytest.approx(value.real, abs=1e-9)
            assert_allclose(hit.image, np.array(A) @ hit.x, atol=1e-12)


@given(st.floats(-720, 720), arrays(np.float64, (2, 2), elements=st.floats(-3, 3)))
@settings(max_examples=60)
def test_the_angle_is_the_one_between_the_lines_of_x_and_ax(phi, A):
    hit = directions.alignment(A, phi)
    x = np.array([np.cos(np.radians(phi)), np.sin(np.radians(phi))])
    Ax = A @ x
    assert_allclose(hit.x, x, atol=1e-12) and hit.stretch == pytest.approx(x @ Ax, abs=1e-12)
    if np.linalg.norm(Ax) > 1e-6:
        cosine = abs(x @ Ax) / np.linalg.norm(Ax)
        assert hit.angle == pytest.approx(np.degrees(np.arccos(min(cosine, 1.0))), abs=1e-4)
    assert 0 <= hit.angle <= 90 and hit.aligned == (hit.eigenvalue is not None)


def test_away_from_the_eigenvectors_or_with_no_real_one_nothing_lines_up():
    assert not directions.alignment([[2.0, 1.0], [1.0, 2.0]], 10.0).aligned
    rotation = decomposition.PRESETS["rotation"]
    assert not any(directions.alignment(rotation, phi).aligned for phi in range(0, 360, 5))
    nearly = directions.alignment([[1.0, -0.001], [0.001, 1.0]], 30.0)  # turns by 0.06°: close, yet complex
    assert nearly.angle < 1 and not nearly.aligned
    with pytest.raises(MathDLError):
        directions.alignment([[1.0, 0.0], [0.0, 1.0]], 0.0, tolerance=50)
