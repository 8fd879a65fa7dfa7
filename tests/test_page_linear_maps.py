"""Page 1 shows the right numbers: a URL reopens its state, presets and edge cases teach."""

import numpy as np

from mathdl import datasets, linalg, tensors
from tests.helpers import assert_healthy, choose, open_page
from ui.i18n import catalog
from ui.layout import num, tex_num

PAGE = "pages/01_linear_maps.py"


def metric(at, label_key, lang="en"):
    label = catalog(lang)["linear_maps"]["map"][label_key]
    return next(m.value for m in at.metric if m.label == label)


def latex(at):
    return " ".join(element.value for element in at.latex)


def test_a_url_reopens_the_matrix_in_either_language():
    for lang in ("en", "zh"):
        at = open_page(PAGE, lang, lm_a11="2", lm_a12="-1", lm_a21="0.5", lm_a22="3", lm_t="1.0")
        assert_healthy(at)
        assert [at.number_input(key=k).value for k in ("lm_a11", "lm_a12", "lm_a21", "lm_a22")] == [2, -1, 0.5, 3]
        assert metric(at, "det", lang) == num(np.linalg.det([[2, -1], [0.5, 3]]))  # 6.5
        assert metric(at, "rank", lang) == "2"


def test_morphing_halfway_shows_the_halfway_matrix():
    at = open_page(PAGE, lm_a11="3", lm_a12="0", lm_a21="0", lm_a22="3", lm_t="0.5")
    assert metric(at, "det") == num(np.linalg.det(2 * np.eye(2)))  # (1 - t) I + t 3I = 2I


def test_the_singular_preset_drops_the_rank_and_says_why():
    at = open_page(PAGE)
    choose(at.main.button_group(key="lm_preset"), catalog("en")["linear_maps"]["presets"]["singular"]).run()
    assert_healthy(at)
    assert at.number_input(key="lm_a12").value == linalg.PRESETS["singular"][0, 1]
    assert metric(at, "rank") == "1"
    assert metric(at, "det") == "0"
    assert any(w.value == catalog("en")["linear_maps"]["map"]["rank_drop"].format(rank=1) for w in at.warning)
    assert float(at.query_params["lm_a12"]) == 2.0  # the URL follows, so a shared link keeps it


def test_a_reflection_is_flagged_as_reversing_orientation():
    at = open_page(PAGE, "zh")
    choose(at.main.button_group(key="lm_preset"), catalog("zh")["linear_maps"]["presets"]["reflection"]).run()
    assert metric(at, "det", "zh") == "-1"
    assert any(i.value == catalog("zh")["linear_maps"]["map"]["flipped"] for i in at.info)


def test_each_product_entry_is_the_numpy_product():
    at = open_page(PAGE, mp_m="3", mp_k="4", mp_p="2", mp_seed="5", mp_i="3", mp_j="2")
    rng = np.random.default_rng(5)
    A = tensors.random_integer_tensor((3, 4), rng)
    B = tensors.random_integer_tensor((4, 2), rng)
    assert f"= {tex_num((A @ B)[2, 1])}" in latex(at)
    assert "C_{32}" in latex(at)


def test_the_least_squares_fit_is_numpys():
    at = open_page(PAGE, ls_n="25", ls_degree="2", ls_noise="0.4", ls_seed="3")
    x, y = datasets.noisy_line(25, slope=1.5, intercept=0.5, noise=0.4, rng=np.random.default_rng(3))
    coef = np.linalg.lstsq(np.vander(x, 3, increasing=True), y)[0]
    assert tex_num(coef[0]) in latex(at) and tex_num(coef[2]) in latex(at)


def test_too_few_points_for_the_degree_is_a_lesson_not_a_crash():
    at = open_page(PAGE, "zh", ls_n="3", ls_degree="4")
    assert_healthy(at)
    assert any("线性相关" in e.value for e in at.error)


def test_projecting_onto_the_zero_vector_is_explained():
    at = open_page(PAGE, pj_a1="0", pj_a2="0")
    assert_healthy(at)
    assert [e.value for e in at.error] == [catalog("en")["errors"]["zero_vector"].format(name="a")]


def test_the_quiz_answers_at_once_in_the_readers_language():
    at = open_page(PAGE, "zh")
    question = catalog("zh")["linear_maps"]["quiz"][0]
    choose(at.radio(key="linear_maps_quiz_0"), question["options"][question["answer"]]).run()
    assert [s.value for s in at.success] == [f"{catalog('zh')['common']['correct']} {question['explain']}"]
    choose(at.radio(key="linear_maps_quiz_0"), question["options"][0]).run()
    assert [w.value for w in at.warning] == [f"{catalog('zh')['common']['try_again']} {question['hint']}"]
