"""Page 2 shows the right shapes and numbers, and explains bad shapes in the reader's language."""

import numpy as np
import pytest
from scipy.signal import correlate2d

from mathdl import augmentation, datasets
from tests.fuzzing import walk
from tests.helpers import assert_healthy, choose, open_page
from ui import predict
from ui.i18n import catalog

PAGE = "pages/02_tensor_operations.py"


def texts(elements):
    return [e.value for e in elements]


def test_a_url_with_two_shapes_shows_their_broadcast_in_either_language():
    for lang in ("en", "zh"):
        at = open_page(PAGE, lang, bc_a="3, 1", bc_b="1, 4")
        assert_healthy(at)
        assert catalog(lang)["tensors"]["broadcast"]["ok"].format(shape=np.broadcast_shapes((3, 1), (1, 4))) in texts(
            at.success
        )


def test_a_clash_names_the_axis_and_both_sizes():
    at = open_page(PAGE, "zh", bc_a="3, 4", bc_b="3")
    assert texts(at.error) == [catalog("zh")["errors"]["shapes_do_not_broadcast"].format(axis=-1, a=4, b=3)]


def test_text_that_is_not_a_shape_is_explained_not_raised():
    at = open_page(PAGE, "zh", bc_a="__import__('os')")
    assert_healthy(at)
    assert len(at.error) == 1 and "A" in at.error[0].value and "8, 1, 6" in at.error[0].value


def test_an_example_fills_both_shapes():
    at = open_page(PAGE)
    choose(at.button_group(key="bc_example"), catalog("en")["tensors"]["broadcast"]["example"]["bias"]).run()
    assert (at.text_input(key="bc_a").value, at.text_input(key="bc_b").value) == ("32, 10", "10")


def test_the_output_size_shown_is_the_size_scipy_produces():
    at = open_page(PAGE, cv_kernel="sobel_x", cv_stride="2", cv_padding="0")
    grey = datasets.sample_image("china", max_side=120)[:, :, 0]
    h, w = correlate2d(grey, np.ones((3, 3)), mode="valid")[::2, ::2].shape
    formula = " ".join(texts(at.latex))
    assert f"+ 1 = {h}," in formula and f"+ 1 = {w}" in formula
    conv = catalog("en")["tensors"]["conv"]  # the kernel's weights have a download of their own
    assert {conv["kernel_csv"], conv["feature_csv"]} <= {b.proto.label for b in at.get("download_button")}


def revealed(at) -> predict.Verdict:
    """Click the convolution's Reveal and read the verdict the session recorded."""
    at.button(key="cv_reveal").click().run()
    assert_healthy(at)
    return at.session_state[predict.SCORE]["guess"]["tensors"]["cv"]


@pytest.mark.parametrize(("stride", "padding"), [(1, 1), (3, 2)])  # the default keeps the width; a stride cuts it
def test_the_convolution_asks_how_wide_the_feature_map_is_and_reveals_scipys_width(stride, padding):
    at = open_page(PAGE, demo="conv", cv_predict="true", cv_stride=stride, cv_padding=padding)
    assert_healthy(at)
    images = [e for e in at.main if type(e).__name__ == "Image"]
    assert not at.latex and len(images) == 1, "only the input shows before the guess"
    grey = np.pad(datasets.sample_image("china", max_side=120)[:, :, 0], padding)
    assert revealed(at).answer == correlate2d(grey, np.ones((3, 3)), mode="valid")[::stride, ::stride].shape[1]


def test_the_feature_maps_guess_holds_every_width_the_sliders_can_give():
    at = open_page(PAGE, demo="conv", cv_predict="true")
    for stride, padding in ((1, 2), (3, 0)):  # the widest feature map and the narrowest
        at.slider(key="cv_stride").set_value(stride)
        at.slider(key="cv_padding").set_value(padding)
        at.run()
        guess = at.slider(key="cv_guess")
        assert guess.min <= revealed(at).answer <= guess.max


def test_choosing_my_own_kernel_opens_nine_entries():
    at = open_page(PAGE, cv_kernel="custom")
    assert_healthy(at)
    assert len([w for w in at.number_input if w.key.startswith("cv_k")]) == 9


def test_a_pixel_is_the_photos_three_channel_values():
    at = open_page(PAGE, im_photo="flower", im_i="10", im_j="20")
    r, g, b = datasets.sample_image("flower")[10, 20]
    assert any(f"{r} & {g} & {b}" in text for text in texts(at.latex))


def test_the_trace_example_gives_a_scalar():
    at = open_page(PAGE, "zh", es_example="trace", es_seed="4")
    assert_healthy(at)
    assert any('einsum("ii->", A)' in text and "shape ()" in text for text in texts(at.code))


def test_each_augmentation_shows_its_shape_before_and_after():
    at = open_page(PAGE, demo="augment", au_k="1", au_crop="24")
    assert_healthy(at)
    h, w, c = datasets.sample_image("china", max_side=96).shape
    captions = [e.proto.imgs[0].caption for e in walk(at.main) if e.type == "image"]
    assert f"({h}, {w}, {c}) → ({w}, {h}, {c})" in captions  # a quarter turn swaps height and width
    assert f"({h}, {w}, {c}) → (24, 24, {c})" in captions
    assert "x[:, :, [2, 1, 0]]" in texts(at.code)


def test_the_button_grows_the_batch_to_its_limit_and_a_link_with_the_seed_and_count_reproduces_it():
    most = augmentation.MAX_ROUNDS
    at = open_page(PAGE, "zh", demo="augment_batch", ab_seed="7", ab_rounds=str(most - 1))
    assert_healthy(at)
    at.button(key="ab_grow").click().run()
    assert at.slider(key="ab_rounds").value == most and at.button(key="ab_grow").disabled
    grown = at.session_state["_snippets"]["augment_batch"].values["grown"]
    assert grown.images.shape == (2 * (1 + most), 60, 60, 3)
    linked = open_page(PAGE, "en", demo="augment_batch", ab_seed="7", ab_rounds=str(most))
    again = linked.session_state["_snippets"]["augment_batch"].values["grown"]
    np.testing.assert_array_equal(again.images, grown.images)
    X = again.images[:2]
    np.testing.assert_array_equal(augmentation.grow_batch(X, most, np.random.default_rng(7)).images, grown.images)
