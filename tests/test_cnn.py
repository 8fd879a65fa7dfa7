"""Facts about the small convolutional network: its convolution is scipy's cross-correlation, its pooling
a direct loop's, every gradient the finite difference of its loss, its training the update rule applied
batch by batch, and at the page's default settings it reads held-out digits at 95 % or better.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.signal import correlate2d

from mathdl import MathDLError, cnn, cnn_training, datasets, training

rng = np.random.default_rng(0)


def tiny(mode="max", kernel_size=3, seed=1):
    """A network small enough for finite differences, and a batch for it."""
    r = np.random.default_rng(seed)
    net = cnn.init_convnet(r, image_shape=(4, 4), filters=2, kernel_size=kernel_size, pool=2, mode=mode, classes=3)
    net = cnn.ConvNet(net.kernels, r.normal(0, 0.1, 2), net.weights, r.normal(0, 0.1, 3), net.pool, net.mode)
    return net, r.standard_normal((5, 4, 4)), np.array([0, 1, 2, 1, 0])


# --- The layers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 3, 5])
def test_the_convolution_layer_is_scipys_cross_correlation_with_same_padding(size):
    X = rng.standard_normal((70, 8, 8))  # more patches than one block of cnn.ROWS
    K, b = rng.standard_normal((4, size, size)), rng.standard_normal(4)
    Z = cnn.convolve(cnn.im2col(X, size), K, b)
    assert Z.shape == (70, 8, 8, 4)
    for i in (0, 1, 63, 64, 69):
        for f in range(4):
            assert_allclose(Z[i, :, :, f], correlate2d(X[i], K[f], mode="same") + b[f], atol=1e-12)


def pooled_by_loop(A, s, mode):
    n, height, width, filters = A.shape
    out = np.empty((n, height // s, width // s, filters))
    for i in range(n):
        for r in range(height // s):
            for c in range(width // s):
                for f in range(filters):
                    window = A[i, s * r : s * r + s, s * c : s * c + s, f]
                    out[i, r, c, f] = window.max() if mode == "max" else window.mean()
    return out


@pytest.mark.parametrize("s", [1, 2, 4])
@pytest.mark.parametrize("mode", ["max", "avg"])
def test_pooling_is_a_direct_loop_over_the_blocks(mode, s):
    A = rng.standard_normal((2, 8, 8, 3))
    assert_allclose(cnn.pool(A, s, mode), pooled_by_loop(A, s, mode))


def test_an_unknown_pooling_is_refused():
    with pytest.raises(MathDLError) as error:
        cnn.pool(np.ones((1, 4, 4, 1)), 2, "median")
    assert error.value.code == "unknown_choice"


def test_the_forward_pass_is_the_four_layers_one_after_another():
    net = cnn.init_convnet(rng, filters=3, classes=4)
    X = rng.random((2, 8, 8))
    trace = cnn.forward(net, X)
    Z = np.stack([[correlate2d(x, k, mode="same") for k in net.kernels] for x in X]).transpose(0, 2, 3, 1)
    assert_allclose(trace.conv, Z + net.kernel_bias, atol=1e-12)
    assert_allclose(trace.relu, np.maximum(trace.conv, 0))
    assert_allclose(trace.pooled, pooled_by_loop(trace.relu, 2, "max"))
    scores = trace.pooled.reshape(2, -1) @ net.weights + net.bias
    assert_allclose(trace.proba, np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True))


def test_he_initialisation_draws_each_layer_with_variance_two_over_its_fan_in():
    net = cnn.init_convnet(np.random.default_rng(3), filters=64, kernel_size=5, classes=200)
    assert net.kernels.var() == pytest.approx(2 / 25, rel=0.1)
    assert net.weights.var() == pytest.approx(2 / (64 * 16), rel=0.05)
    assert not net.kernel_bias.any() and not net.bias.any()
    again = cnn.init_convnet(np.random.default_rng(3), filters=64, kernel_size=5, classes=200)
    assert_array_equal(again.kernels, net.kernels)  # the generator is the only source of randomness


# --- Gradients --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("mode", "kernel_size"), [("max", 3), ("avg", 3), ("max", 1)])
def test_every_gradient_is_the_central_finite_difference_of_the_loss(mode, kernel_size):
    net, X, y = tiny(mode, kernel_size)
    g = cnn.gradients(net, X, y)
    h = 1e-6
    for name in ("kernels", "kernel_bias", "weights", "bias"):
        numeric = np.zeros_like(getattr(net, name))
        for index in np.ndindex(numeric.shape):
            values = []
            for step in (h, -h):
                moved = getattr(net, name).copy()
                moved[index] += step
                values.append(cnn.gradients(cnn.ConvNet(**{**vars(net), name: moved}), X, y).loss)
            numeric[index] = (values[0] - values[1]) / (2 * h)
        assert_allclose(getattr(g, name), numeric, rtol=1e-5, atol=1e-8, err_msg=name)


def test_the_loss_is_the_mean_cross_entropy_of_the_true_classes():
    net, X, y = tiny()
    p = cnn.forward(net, X).proba
    assert cnn.gradients(net, X, y).loss == pytest.approx(-np.mean(np.log(p[np.arange(5), y])), rel=1e-12)
    loss, hits = cnn.evaluate(net, *cnn.encode(net, X, y))
    assert loss == pytest.approx(-np.mean(np.log(p[np.arange(5), y])), rel=1e-12)
    assert hits == np.mean(p.argmax(axis=1) == y)


def test_a_tie_in_a_max_pooling_block_sends_the_gradient_to_one_entry_only():
    """A blank region makes equal activations (the bias alone): moving the bias moves the maximum once."""
    net = cnn.init_convnet(np.random.default_rng(0), image_shape=(4, 4), filters=1, classes=2)
    net = cnn.ConvNet(net.kernels, np.array([0.5]), net.weights, net.bias, 2, "max")
    X, y = np.zeros((1, 4, 4)), np.array([1])
    g = cnn.gradients(net, X, y)
    h = 1e-6
    up, down = (cnn.gradients(cnn.ConvNet(**{**vars(net), "kernel_bias": np.array([0.5 + s])}), X, y) for s in (h, -h))
    assert g.kernel_bias[0] == pytest.approx((up.loss - down.loss) / (2 * h), rel=1e-6)


# --- Predictions --------------------------------------------------------------------------------------


def test_the_mistakes_are_the_wrong_rows_the_most_confident_first():
    net, X, _ = tiny()
    p = cnn.forward(net, X).proba
    y = (p.argmax(axis=1) + np.array([0, 1, 0, 1, 1])) % 3  # rows 1, 3 and 4 are wrong
    wrong = cnn.mistakes(net, X, y)
    assert sorted(wrong.tolist()) == [1, 3, 4]
    assert list(p[wrong].max(axis=1)) == sorted(p[wrong].max(axis=1), reverse=True)
    assert_array_equal(cnn.predict(net, X), p.argmax(axis=1))


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda net: cnn.forward(net, np.ones((2, 6, 6))), "bad_shape"),
        (lambda net: cnn.forward(net, np.full((1, 8, 8), np.nan)), "not_finite"),
        (lambda net: cnn.gradients(net, np.ones((2, 8, 8)), [0, 10]), "out_of_range"),
        (lambda net: cnn.gradients(net, np.ones((2, 8, 8)), [0]), "bad_shape"),
        (lambda net: cnn.init_convnet(rng, kernel_size=4), "out_of_range"),
        (lambda net: cnn.init_convnet(rng, pool=3), "bad_shape"),
        (lambda net: cnn.init_convnet(rng, filters=0), "out_of_range"),
        (lambda net: cnn.init_convnet(rng, mode="median"), "unknown_choice"),
        (lambda net: cnn_training.train(net, np.ones((2, 8, 8)), [0, 1], None), "unknown_choice"),
        (lambda net: cnn_training.chain([]), "too_few_values"),
    ],
)
def test_bad_input_is_refused_with_a_code(call, code):
    with pytest.raises(MathDLError) as error:
        call(cnn.init_convnet(np.random.default_rng(0)))
    assert error.value.code == code


# --- Training -----------------------------------------------------------------------------------------


def test_an_epoch_of_sgd_is_the_update_rule_applied_batch_by_batch():
    """The same shuffle, each batch's gradient from cnn.gradients, θ ← θ − η g; the loss recorded
    is the mean of the batches' losses, each before its step."""
    net, X, y = tiny()
    X, y = np.concatenate([X, X[::-1]]), np.concatenate([y, y[::-1]])  # 10 images: batches of 4, 4 and 2
    result = cnn_training.train(net, X, y, np.random.default_rng(5), optimizer="sgd", lr=0.3, batch_size=4)
    theta, losses = cnn_training.parameters(net), []
    for batch in np.array_split(np.random.default_rng(5).permutation(10), [4, 8]):
        g = cnn.gradients(cnn_training.with_parameters(net, theta), X[batch], y[batch])
        losses.append(g.loss * len(batch))
        theta = theta - 0.3 * cnn_training.gradient_vector(g)
    assert_allclose(cnn_training.parameters(result.net), theta, rtol=1e-12, atol=1e-14)
    assert result.history.loss[0] == pytest.approx(sum(losses) / 10, rel=1e-12)
    assert result.state.step == 3


def test_adams_first_step_is_kingma_and_bas():
    net, X, y = tiny()
    g = cnn_training.gradient_vector(cnn.gradients(net, X, y))
    result = cnn_training.train(net, X, y, np.random.default_rng(0), lr=0.01, batch_size=5)
    m, v = 0.1 * g, 0.001 * g**2
    expected = cnn_training.parameters(net) - 0.01 * (m / 0.1) / (np.sqrt(v / 0.001) + 1e-8)
    assert_allclose(cnn_training.parameters(result.net), expected, rtol=1e-10, atol=1e-14)


def test_training_one_epoch_at_a_time_is_one_run_and_leaves_the_callers_generator_alone():
    net, X, y = tiny()
    generator = np.random.default_rng(2)
    before = generator.bit_generator.state
    whole = cnn_training.train(net, X, y, generator, epochs=3, batch_size=2, validation=(X, y))
    assert generator.bit_generator.state == before
    parts = [cnn_training.train(net, X, y, np.random.default_rng(2), batch_size=2, validation=(X, y))]
    for _ in range(2):
        parts.append(
            cnn_training.train(parts[-1].net, X, y, None, state=parts[-1].state, batch_size=2, validation=(X, y))
        )
    joined = cnn_training.chain(parts)
    assert_array_equal(cnn_training.parameters(joined.net), cnn_training.parameters(whole.net))
    for field in ("epoch", "loss", "accuracy", "validation_loss", "validation_accuracy"):
        assert_array_equal(getattr(joined.history, field), getattr(whole.history, field), err_msg=field)
    assert joined.state.epoch == 3 and joined.state.step == whole.state.step == 9


def test_chained_runs_must_follow_each_other():
    net, X, y = tiny()
    a = cnn_training.train(net, X, y, np.random.default_rng(0))
    with pytest.raises(MathDLError) as error:
        cnn_training.chain([a, a])
    assert error.value.code == "not_consecutive"


def test_a_diverging_run_stops_at_its_last_finite_epoch():
    net, X, y = tiny()
    result = cnn_training.train(net, 1e150 * X, y, np.random.default_rng(0), epochs=3, optimizer="sgd", lr=100.0)
    assert result.diverged and len(result.history.loss) < 3
    assert np.all(np.isfinite(cnn_training.parameters(result.net)))


def test_the_page_defaults_read_held_out_digits_at_95_percent_or_better():
    """Page 9's defaults: 8 kernels of 3 × 3, 2 × 2 max pooling, Adam at η = 0.01, batches of 32,
    seed 0, ten epochs of the 1,437 training digits; the other 360 are held out."""
    images, labels = datasets.digits()
    generator = np.random.default_rng(0)
    X_train, X_test, y_train, y_test = training.train_test_split(images / 16, labels, 0.2, generator)
    assert len(X_train) == 1437
    net = cnn.init_convnet(generator)
    fit = cnn_training.train(net, X_train, y_train, generator, epochs=10, validation=(X_test, y_test))
    held_out = np.mean(cnn.predict(fit.net, X_test) == y_test)
    assert held_out >= 0.95
    assert fit.history.validation_accuracy[-1] == held_out
    assert fit.history.accuracy[-1] >= 0.95


def test_a_large_batchs_gradient_is_the_mean_of_its_images_gradients():
    """Large products go to BLAS in pieces (rows, or slices of the inner axis added up): the sum is the same."""
    r = np.random.default_rng(4)
    net = cnn.init_convnet(r, filters=16, kernel_size=7)
    X, y = r.random((12, 8, 8)), r.integers(0, 10, 12)
    whole = cnn.gradients(net, X, y)
    parts = [cnn.gradients(net, X[[i]], y[[i]]) for i in range(12)]
    for name in ("kernels", "kernel_bias", "weights", "bias"):
        assert_allclose(getattr(whole, name), np.mean([getattr(g, name) for g in parts], axis=0), atol=1e-14)
