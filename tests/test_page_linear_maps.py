"""Page 1 shows the right numbers: a URL reopens its state, presets and edge cases teach."""

import numpy as np
import pytest

from mathdl import datasets, linalg, tensors
from tests.helpers import assert_healthy, choose, open_page
from ui import layout, predict
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


# --- matrix operations, the two products, subspaces ---------------------------------------------

OPS = {"mo_a11": "2", "mo_a12": "1", "mo_a21": "1", "mo_a22": "1"}


def test_the_inverse_shown_is_numpys_and_undoes_A():
    at = open_page(PAGE, demo="ops", mo_op="inverse", **OPS)
    assert_healthy(at)
    inverse = np.linalg.inv([[2, 1], [1, 1]])
    assert layout.matrix_tex(inverse) in latex(at)  # [[1, -1], [-1, 2]]
    assert rf"A^{{-1}}A = {layout.matrix_tex(np.eye(2))}" in latex(at)
    assert len(at.get("vega_lite_chart")) == 3  # A, A⁻¹ and A⁻¹A side by side


def test_a_singular_matrix_has_no_inverse_and_the_page_says_why_in_either_language():
    for lang, where in (("en", "a line"), ("zh", "一条直线")):
        at = open_page(PAGE, lang, demo="ops", mo_op="inverse", mo_a11="1", mo_a12="2", mo_a21="0.5", mo_a22="1")
        assert_healthy(at)
        text = catalog(lang)["linear_maps"]["ops"]
        onto = text["onto_line"]
        assert where in onto
        assert [w.value for w in at.warning] == [text["singular"].format(det="0", rank=1, onto=onto)]
        assert not at.error


def test_the_sum_the_multiple_and_the_transpose_show_numpys_numbers():
    A, B = np.array([[2.0, 1.0], [1.0, 1.0]]), np.array([[0.0, -1.0], [1.0, 0.0]])
    at = open_page(PAGE, demo="ops", mo_op="sum", **OPS)
    assert layout.matrix_tex(A + B) in latex(at)
    assert layout.matrix_tex(((A + B) @ [1.0, 1.5])[:, None]) in latex(at)
    at = open_page(PAGE, demo="ops", mo_op="scale", mo_c="-1.5", **OPS)
    assert f"= {layout.tex_num(np.linalg.det(-1.5 * A))}" in latex(at)  # 2.25 det A
    at = open_page(PAGE, "zh", demo="ops", mo_op="transpose", **OPS)
    assert layout.matrix_tex(A.T @ A) in latex(at)
    assert catalog("zh")["linear_maps"]["ops"]["caption_transpose"].format(det="1") in [c.value for c in at.caption]


def test_ab_and_ba_are_both_shown_and_told_apart():
    at = open_page(PAGE, demo="ops", mo_op="commute", **OPS)
    A, B = np.array([[2.0, 1.0], [1.0, 1.0]]), np.array([[0.0, -1.0], [1.0, 0.0]])
    assert rf"AB = {layout.matrix_tex(A @ B)} \neq {layout.matrix_tex(B @ A)} = BA" in latex(at)
    at = open_page(PAGE, demo="ops", mo_op="commute", mo_b11="2", mo_b12="0", mo_b21="0", mo_b22="2", **OPS)
    assert r"\neq" not in latex(at)  # 2I commutes with everything
    assert catalog("en")["linear_maps"]["ops"]["caption_commute_same"] in [c.value for c in at.caption]


def seeded(m, n, p, q, seed):
    rng = np.random.default_rng(seed)
    return tensors.random_integer_tensor((m, n), rng), tensors.random_integer_tensor((p, q), rng)


def test_square_matrices_show_both_products_with_numpys_entries():
    at = open_page(PAGE, demo="hadamard", hp_seed="4")
    A, B = seeded(2, 2, 2, 2, 4)
    assert f"= {layout.tex_num((A * B)[0, 0])}" in latex(at)
    assert rf"&= {layout.tex_num((A @ B)[0, 0])} \end{{aligned}}" in latex(at)
    assert not at.warning and len(at.get("vega_lite_chart")) == 2


def test_shapes_that_allow_one_product_but_not_the_other_say_which_and_why():
    text = catalog("zh")["linear_maps"]["hadamard"]
    at = open_page(PAGE, "zh", demo="hadamard", hp_m="2", hp_n="3", hp_p="2", hp_q="3")
    assert_healthy(at)
    assert [w.value for w in at.warning] == [text["no_at"].format(n=3, p=2)]
    at = open_page(PAGE, "zh", demo="hadamard", hp_m="2", hp_n="3", hp_p="3", hp_q="2")
    assert [w.value for w in at.warning] == [text["no_star_rows"].format(a=2, b=3)]
    A, B = seeded(2, 3, 3, 2, 0)
    assert f"&= {layout.tex_num((A @ B)[0, 0])}" in latex(at)


def test_the_rank_and_the_nullity_add_up_to_the_columns_with_numpys_rank():
    at = open_page(PAGE, demo="subspaces", vs_a11="1", vs_a12="2", vs_a13="-1", vs_a21="0.5", vs_a22="1", vs_a23="-0.5")
    assert_healthy(at)
    A = np.array([[1, 2, -1], [0.5, 1, -0.5]])
    rank = np.linalg.matrix_rank(A)
    assert rf"= {rank} + {3 - rank} = 3 = n" in latex(at)  # 1 + 2
    caption = catalog("en")["linear_maps"]["subspaces"]["caption"].format(rank=1, nullity=2, n=3)
    assert caption in [c.value for c in at.caption]


def test_an_example_fills_in_the_matrix_and_an_invertible_one_has_only_zero_in_its_null_space():
    at = open_page(PAGE, "zh", demo="subspaces")
    choose(
        at.main.button_group(key="vs_example"), catalog("zh")["linear_maps"]["subspace_examples"]["invertible"]
    ).run()
    assert_healthy(at)
    assert at.radio(key="vs_n").value == "2"
    assert [at.number_input(key=f"vs_a{i}{j}").value for i in (1, 2) for j in (1, 2)] == [2, 1, 1, 1]
    assert [i.value for i in at.info] == [catalog("zh")["linear_maps"]["subspaces"]["independent"]]
    assert r"= 2 + 0 = 2 = n" in latex(at)


def test_the_zero_matrix_has_the_zero_column_space_and_all_of_r3_as_null_space():
    zeros = {f"vs_a{i}{j}": "0" for i in (1, 2) for j in (1, 2, 3)}
    at = open_page(PAGE, "zh", demo="subspaces", **zeros)
    assert_healthy(at)
    assert r"&= \{\mathbf{0}\}" in latex(at) and r"= 0 + 3 = 3 = n" in latex(at)


def test_the_new_quiz_question_knows_that_star_is_elementwise():
    at = open_page(PAGE)
    question = catalog("en")["linear_maps"]["quiz"][3]
    assert "element-wise" in question["options"][question["answer"]]
    choose(at.radio(key="linear_maps_quiz_3"), question["options"][question["answer"]]).run()
    assert [s.value for s in at.success] == [f"{catalog('en')['common']['correct']} {question['explain']}"]


def revealed(at) -> predict.Verdict:
    """Click the map's Reveal and read the verdict the session recorded."""
    at.button(key="lm_reveal").click().run()
    assert_healthy(at)
    return at.session_state[predict.SCORE]["guess"]["linear_maps"]["lm"]


@pytest.mark.parametrize(("A", "t"), [([[1.2, 0.6], [0.3, 0.9]], 1.0), ([[2, -1], [0.5, 3]], 0.5)])
def test_the_map_asks_for_det_and_reveals_the_area_factor_of_the_matrix_drawn(A, t):
    entries = {f"lm_a{i + 1}{j + 1}": A[i][j] for i in range(2) for j in range(2)}
    at = open_page(PAGE, demo="map", lm_predict="true", lm_t=t, **entries)
    assert_healthy(at)
    assert not at.metric and not at.get("vega_lite_chart"), "det and the moved plane wait for the guess"
    M = (1 - t) * np.eye(2) + t * np.array(A)
    assert revealed(at).answer == pytest.approx(np.linalg.det(M))


def test_the_determinants_guess_holds_every_answer_the_entries_can_give():
    at = open_page(PAGE, demo="map", lm_predict="true")
    for A in ([[3, -3], [3, 3]], [[3, 3], [3, -3]]):  # the largest area factor, and the largest flip
        for (i, j), value in np.ndenumerate(A):
            at.number_input(key=f"lm_a{i + 1}{j + 1}").set_value(float(value))
        at.run()
        guess = at.slider(key="lm_guess")
        answer = revealed(at).answer
        assert guess.min <= answer <= guess.max
        assert abs(answer) == pytest.approx(18)
