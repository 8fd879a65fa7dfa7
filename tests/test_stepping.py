"""The stepping demos: the frame at step k, opened from the URL, against an independent reference.

Each demo's picture at step k is a pure function of its settings and k (ui/stepper.py), so a link
with ``?<prefix>_k=`` reopens it: here the demo is opened alone at a step and its numbers are
compared with the algorithm computed afresh (a closed form, numpy, finite differences). The buttons
are pressed under AppTest too: Step moves one step on, Reset goes back to 0, Play and Pause switch
the timer on and off.
"""

import numpy as np
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from tests.helpers import assert_healthy, chart_data, open_page
from ui.i18n import catalog

GD = "pages/08_gradient_descent.py"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_one_d_at_step_k_draws_the_closed_form_iterates_up_to_k_and_the_buttons_step(lang):
    a, lr, x0, k = 1.5, 0.9, 3.0, 4
    at = open_page(GD, lang, demo="one_d", gd1_L=str(a), gd1_lr=str(lr), gd1_x0=str(x0), gd1_steps="20", gd1_k=str(k))
    assert_healthy(at)
    title = catalog(lang)["optimisation"]["one_d"]["walk_title"]
    _, steps, _, ring = chart_data(at, title)
    np.testing.assert_allclose(steps.x, x0 * (1 - lr * a) ** np.arange(k + 1), rtol=1e-12)  # x_k = (1 − ηa)^k x₀
    assert ring.x.tolist() == [steps.x.iloc[-1]]  # the step reached is ringed
    at.button(key="gd1_next").click().run()
    assert at.slider(key="gd1_k").value == k + 1 and len(chart_data(at, title)[1]) == k + 2
    at.button(key="gd1_reset").click().run()
    assert at.slider(key="gd1_k").value == 0 and len(chart_data(at, title)[1]) == 1
    at.button(key="gd1_start").click().run()
    assert at.session_state["gd1_timer"] == pytest.approx(0.5)  # 2 steps a second by default
    at.button(key="gd1_pause").click().run()
    assert at.session_state["gd1_timer"] is None
    assert_healthy(at)


def test_a_step_beyond_the_last_in_the_url_falls_back_to_the_last():
    at = open_page(GD, demo="one_d", gd1_steps="5", gd1_k="99")
    assert_healthy(at)
    assert at.slider(key="gd1_k").value == 5


EIGEN = "pages/03_eigen_svd_pca.py"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_power_iteration_at_step_k_draws_numpys_kth_iterate_its_image_and_the_rayleigh_quotients(lang):
    A, x0, k = np.array([[1.0, 2.0], [0.5, -1.0]]), np.array([0.3, -0.8]), 6
    entries = {f"ev_a{i + 1}{j + 1}": str(A[i, j]) for i in range(2) for j in range(2)}
    at = open_page(EIGEN, lang, demo="eigen", ev_x0=str(x0[0]), ev_x1=str(x0[1]), ev_steps="10", ev_k=str(k), **entries)
    assert_healthy(at)
    text = catalog(lang)["eigen_pca"]
    iterates = [np.linalg.matrix_power(A, j) @ x0 for j in range(k + 1)]
    iterates = np.array([v / np.linalg.norm(v) for v in iterates])  # x_j = A^j x₀ / ‖A^j x₀‖
    (quotients, *_) = chart_data(at, text["power"]["title"])
    np.testing.assert_allclose(quotients.rayleigh, np.einsum("ki,ij,kj->k", iterates, A, iterates), rtol=1e-10)
    assert quotients.step.tolist() == list(range(k + 1))
    frames = [
        convert_arrow_bytes_to_pandas_df(d.data.data) for c in at.get("vega_lite_chart") for d in c.proto.datasets
    ]
    arrows = next(f for f in frames if "label" in f and text["power"]["image"] in f.label.tolist())
    np.testing.assert_allclose(arrows[["x", "y"]].to_numpy(), [iterates[-1], A @ iterates[-1]], rtol=1e-10)
    assert any(rf"\mathbf{{x}}_{{{k}}}^\top" in element.value for element in at.latex)


CALCULUS = "pages/07_calculus_backprop.py"


def neuron_loss(w: float, b: float, x: float, y: float) -> float:
    """(σ(wx + b) − y)², written out with numpy: the reference for the page's gradients."""
    return float((1 / (1 + np.exp(-(w * x + b))) - y) ** 2)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_backprop_at_step_k_has_filled_in_k_values_then_the_gradients_and_they_match_finite_differences(lang):
    w, b, x, y = 0.7, -0.4, 1.3, 1
    at = open_page(CALCULUS, lang, demo="backprop", bp_w=str(w), bp_b=str(b), bp_x=str(x), bp_y=str(y), bp_k="4")
    assert_healthy(at)
    title = catalog(lang)["calculus"]["backprop"]["graph_title"]
    boxes = next(f for f in chart_data(at, title) if "grad_text" in f)
    n = len(boxes)
    assert at.slider(key="bp_k").max == 2 * n
    assert (~boxes.text.str.endswith("= ?")).sum() == 4 and (boxes.grad_text == "").all()  # four values, no gradient
    w_at = boxes.node.tolist().index("w")
    at.slider(key="bp_k").set_value(2 * n - w_at).run()  # the backward step that reaches w
    boxes = next(f for f in chart_data(at, title) if "grad_text" in f)
    assert (boxes.grad_text != "").sum() == n - w_at and not boxes.text.str.endswith("= ?").any()
    h = 1e-6
    numeric = (neuron_loss(w + h, b, x, y) - neuron_loss(w - h, b, x, y)) / (2 * h)
    shown = next(e.value for e in at.latex if r"{\partial \text{w}} =" in e.value)
    assert float(shown.split("=")[-1].strip(" $\n")) == pytest.approx(numeric, rel=1e-4)


TENSORS = "pages/02_tensor_operations.py"


@pytest.mark.parametrize(
    ("lang", "kernel", "stride", "padding", "k"), [("en", "sobel_x", 2, 1, 777), ("zh", "edge", 1, 0, 0)]
)
def test_the_convolution_at_position_k_shows_scipys_patch_products_and_sum(lang, kernel, stride, padding, k):
    from scipy.signal import correlate2d

    from mathdl import convolution, datasets, decomposition

    at = open_page(
        TENSORS, lang, demo="conv", cv_kernel=kernel, cv_stride=str(stride), cv_padding=str(padding), conv_k=str(k)
    )
    assert_healthy(at)
    X = decomposition.image_to_gray(datasets.sample_image("china", max_side=120))  # the photo the page convolves
    K, padded = convolution.KERNELS[kernel], np.pad(X, padding)
    Y = correlate2d(padded, K, mode="valid")[::stride, ::stride]
    row, col = divmod(k, Y.shape[1])  # reading order
    patch = padded[row * stride : row * stride + 3, col * stride : col * stride + 3]
    text = catalog(lang)["tensors"]["conv"]["step"]
    (products,) = chart_data(at, text["products"])
    np.testing.assert_allclose(products.value.to_numpy().reshape(3, 3), patch * K, rtol=1e-12)
    (shown,) = chart_data(at, text["patch"])
    np.testing.assert_allclose(shown.value.to_numpy().reshape(3, 3), patch, rtol=1e-12)
    assert at.slider(key="conv_k").max == Y.size - 1
    total = next(e.value for e in at.latex if rf"Y_{{{row},\,{col}}}" in e.value)
    assert float(total.split("=")[-1].strip(" $\n").replace("−", "-")) == pytest.approx(Y[row, col], rel=1e-3, abs=1e-4)
    region = chart_data(at, text["output_title"])[0]  # the cells; the outline is the second
    assert region.done.tolist() == (region.row * Y.shape[1] + region.col <= k).tolist()  # only those computed so far
    np.testing.assert_allclose(region.value, Y[region.row, region.col], rtol=1e-10)


def test_the_race_at_step_k_draws_each_path_up_to_k_and_gradient_descents_is_the_closed_form():
    kappa, lr, k = 10.0, 0.1, 9  # η among the log slider's values
    at = open_page(GD, demo="surfaces", opt_surface="quadratic", opt_kappa=str(int(kappa)), opt_lr=str(lr),
                   opt_steps="100", opt_race_k=str(k))  # fmt: skip
    assert_healthy(at)
    text = catalog("en")["optimisation"]
    tracks = next(
        f
        for f in chart_data(at, text["surfaces"]["map_title"].format(surface=text["surface_names"]["quadratic"]))
        if "optimizer" in f
    )
    assert tracks.groupby("optimizer").step.max().eq(k).all()  # every path has grown to step k, no further
    gd = tracks[tracks.optimizer == text["optimizers"]["sgd"]].sort_values("step")
    steps = np.arange(k + 1)  # on (x²/κ + y²)/2 from (−4.5, 2.5): x_k = (1 − η/κ)^k x₀, y_k = (1 − η)^k y₀
    np.testing.assert_allclose(gd.x, -4.5 * (1 - lr / kappa) ** steps, rtol=1e-12)
    np.testing.assert_allclose(gd.y, 2.5 * (1 - lr) ** steps, rtol=1e-12)


def test_a_start_with_no_part_along_the_dominant_eigenvector_is_named_as_the_reason_it_settles_elsewhere():
    at = open_page(EIGEN, demo="eigen", ev_x0="1", ev_x1="-1")  # on A = [[2, 1], [1, 2]]'s eigenvector of λ = 1
    assert_healthy(at)
    reason = catalog("en")["eigen_pca"]["power"]["no_share"].format(value="1")  # not 3, the dominant λ
    assert reason in [w.value for w in at.warning]


def ticking_part_app():
    """A timer's run of a ticking part on its own (``next(runs)`` is None): each picture has a keyed widget."""
    import streamlit as st

    from ui import demo

    def picture(snippet):
        st.session_state["pictures"] = st.session_state.get("pictures", 0) + 1
        st.markdown(f"picture {st.session_state['pictures']}")
        st.checkbox("shown", key="shown")

    demo._ticking_part("ticking", picture, iter([]), 0.05)


def test_a_timers_run_of_a_ticking_part_draws_a_second_of_pictures_each_over_the_last():
    from streamlit.testing.v1 import AppTest

    from ui.demo import PICTURES_A_RUN

    at = AppTest.from_function(ticking_part_app).run()
    # Streamlit refuses a widget drawn twice in one run: each picture draws its checkbox again, in its place.
    assert not at.exception and not at.error
    assert at.session_state["pictures"] == round(PICTURES_A_RUN / 0.05) == 20
    assert [m.value for m in at.markdown] == ["picture 20"] and len(at.checkbox) == 1
