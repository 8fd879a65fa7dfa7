"""A Chinese page shows no English word outside a short whitelist.

Every page and every demo alone is opened in Chinese through AppTest (by tests/test_pages.py and
tests/test_demos.py, which render them anyway; english() here is the check they call); it gathers
what a reader can see or hover: headings, markdown, captions, metrics, alerts, widget labels,
options and help texts, table cells, image captions, and in each chart its titles, axis, legend and
tooltip titles (a field without a title shows its own name there) and the text values of the fields
it draws as labels. Formulas ($…$ and st.latex) and code (code blocks, `inline code`, identifiers
such as mathdl.pca) are set aside, except the words inside a formula's \\text{…}, which a reader
reads as words. What remains may contain symbols (x, k, a11, x₀) and the whitelisted names below,
and nothing else in Latin letters. zh.toml itself is read the same way, so a notice or an error that
the default settings never show is checked too.

The terms the Chinese pages use, one per concept (English -> 中文, not; the commit that chose them says why):

| true / false positive, true / false negative | 真阳性 / 假阳性 / 真阴性 / 假阴性 | 真正例, 假正例, 假反例 |
| true- / false-positive rate | 真阳性率 / 假阳性率 | 真正例率, 假正例率 |
| positive class | 正类 (判为阳性（正类）) | 正例 |
| maximum likelihood (estimation) | 极大似然估计（最大似然）, then 极大似然 | 最大似然 |
| principal component analysis, SVD | 主成分分析（PCA）, 奇异值分解（SVD） in titles | PCA, SVD alone |
| loss / the cost of a decision | 损失 / 代价 | |
| bias, the parameter / the statistical error | 偏置 / 偏差 | |
| learning rate / the step h of a difference quotient | 学习率 / 步长 | |
| eigenvector | 特征向量 (a feature is 特征) | |
| sample / one random draw / a language model's sampling | 样本 / 抽样 / 采样 | |
| batch, batch size | 批量, 批量大小 | 批次, 批大小 |
| standard error | 标准误 | 标准误差 |
| shear | 错切 | 剪切 |
| log scale / log-log axes | 对数刻度 / 双对数坐标 | 对数坐标 |
| null hypothesis | 零假设 | 原假设 |
| Beta distribution | Beta | 贝塔 |
"""

from __future__ import annotations

import json
import re
import unicodedata

import pyarrow as pa
import pytest

from mathdl import datasets
from tests.helpers import assert_healthy, open_app
from ui.i18n import catalog, data_names

# Latin words of three letters or more that a Chinese page may show. Shorter runs of letters are
# symbols (x, k, PC1, df, SE, xᵀAx) and always pass; so does anything inside a formula or code.
WHITELIST = {
    # Abbreviations Chinese texts keep, each spelled out on its page.
    "PCA", "SVD", "SGD", "MSE", "BCE", "ROC", "AUC", "FPR", "TPR", "CSV", "PMF", "PDF", "CDF", "XOR", "BMI",
    "GPU", "CNN", "RLHF", "LoRA",
    # Functions, layers, methods and software under the names papers and libraries give them.
    "ReLU", "ELU", "Leaky", "softmax", "Softmax", "sigmoid", "tanh", "logit", "Dropout", "Adam", "AdamW",
    "AdaGrad", "RMSProp", "Nesterov", "Lasso", "Beta", "ResNet", "Transformer", "einsum", "det", "rank", "log",
    "exp", "sin", "cos", "tan", "sqrt", "abs", "relu", "Var", "max", "Python", "NumPy", "PyTorch", "scikit", "learn",
    "Notebook",
    # Streamlit's own menu item, which Streamlit does not translate: the reader has to find this word.
    "Settings",
    # People, and what is named after them.
    "Xavier", "Glorot", "Kaiming", "Eckart", "Young", "Frobenius", "Bonferroni", "Holm", "Benjamini",
    "Hochberg", "Nadeau", "Bengio", "Telgarsky", "Sobel", "Runge", "Rosenbrock", "Beale",
}  # fmt: skip

LATIN = re.compile(r"[A-Za-z]+")
FORMULA = re.compile(r"\$\$.*?\$\$|\$.*?\$", re.S)
TEX_TEXT = re.compile(r"(_\{?)?\\(?:text|textrm)\{([^{}]*)\}")  # \text{…}, and whether it is a subscript
CODE = re.compile(r"```.*?```|`[^`]*`", re.S)
IDENTIFIER = re.compile(r"\b\w+(?:[._]\w+)+")  # mathdl.pca, pixel_0_0, x.shape: code, not words
SUBSCRIPTS = re.compile(r"\b[a-z]*(?:,[a-z]*)*->[a-z]*")  # an einsum expression, ij,jk->ik
FIELD = re.compile(r"\{\w+(?:![rs])?\}")  # a locale string's {field}, filled in by the page
# A glossary tooltip after a term names it in both languages on purpose (tests/test_glossary.py checks it).
ICON = re.compile(r":material/\w+:")  # an icon, drawn, never read: :material/cloud_off:
HELP = re.compile(r":help\[(?:[^\[\]]|\[[^\]]*\])*\]")


def words_in(text: str, *, formula: bool = False) -> list[str]:
    """The Latin words of ``text`` that a reader reads as words (``formula``: the text is LaTeX)."""
    if formula:  # only \text{…} holds words; as a subscript (n_\text{in}) it is a label
        return [w for sub, inner in TEX_TEXT.findall(text) if not sub for w in words_in(inner)]
    text = HELP.sub(" ", text)
    found = [w for tex in FORMULA.findall(text) for w in words_in(tex, formula=True)]
    for code in (ICON, CODE, FORMULA, IDENTIFIER, SUBSCRIPTS):
        text = code.sub(" ", text)
    return found + [w for w in LATIN.findall(text) if len(w) > 2 and w not in WHITELIST]


# --- What a reader sees ---------------------------------------------------------------------------

AXES = ("x", "y")
LEGENDS = ("color", "fill", "stroke", "shape", "strokeDash", "size", "opacity")
LABELS = ("text", "tooltip")  # each shows the values of its field
VIEWS = ("hconcat", "vconcat", "concat")  # each child a chart of its own, with its own axes and legends


def _strings_of(value) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str)]


def _guide_titles(defs: list[dict], guide: str) -> list[str]:
    """The title of an axis or legend that several layers share: an explicit one wins, as in Vega-Lite.

    An axis that one layer switches off (``axis: null``) is not drawn at all (page 7's graph).
    """
    if guide == "axis" and any(d.get("axis", {}) is None for d in defs):
        return []
    explicit = [d for d in defs if "title" in d or "title" in (d.get(guide) or {})]
    if explicit:
        return [s for d in explicit for s in _strings_of(d.get("title", (d.get(guide) or {}).get("title")))]
    return [d["field"] for d in defs if "field" in d and d.get(guide, {}) is not None]


def chart_texts(spec: dict, datasets: dict[str, pa.Table]) -> list[str]:
    """What a Vega-Lite chart shows in words: titles of all kinds, and label values from its data."""
    texts: list[str] = []
    shown_fields: set[str] = set()

    def gather(node, channels):
        """Collect the channel definitions of a view and of the layers inside it; note its titles."""
        if isinstance(node, list):
            for item in node:
                gather(item, channels)
        elif isinstance(node, dict):
            if any(key in node for key in VIEWS):
                for key in VIEWS:
                    for child in node.get(key, []):
                        view(child)
            title = node.get("title")
            texts.extend(_strings_of(title.get("text") if isinstance(title, dict) else title))
            texts.extend(_strings_of(node.get("description")))
            mark = node.get("mark")
            if isinstance(mark, dict):
                texts.extend(_strings_of(mark.get("text")))
            for channel, defs in (node.get("encoding") or {}).items():
                channels.setdefault(channel, []).extend(d for d in (defs if isinstance(defs, list) else [defs]) if d)
            gather(node.get("layer", []), channels)
            gather(node.get("spec", []), channels)

    def view(node):
        channels: dict[str, list[dict]] = {}
        gather(node, channels)
        for channel, defs in channels.items():
            if channel in AXES:
                texts.extend(_guide_titles(defs, "axis"))
            elif channel in LEGENDS:
                defs = [d for d in defs if "scale" not in d or d["scale"] is not None]  # no scale: values are colours
                texts.extend(_guide_titles(defs, "legend"))
            elif channel == "tooltip":
                texts.extend(s for d in defs for s in _strings_of(d.get("title") or d.get("field")))
            elif channel == "text":
                texts.extend(s for d in defs for s in _strings_of(d.get("value")))
            else:
                continue
            for d in defs:
                if "field" in d and (channel in LABELS or d.get("type") in ("nominal", "ordinal")):
                    shown_fields.add(d["field"])
                scale = d.get("scale") or {}
                texts.extend(_strings_of(scale.get("domain", [])))

    view(spec)
    for table in datasets.values():
        for name in shown_fields & set(table.column_names):
            column = table.column(name)
            if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
                texts.extend(sorted({v for v in column.to_pylist() if isinstance(v, str)}))
    return texts


def _arrow(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(data).read_all()


def visible_text(at) -> list[tuple[str, str]]:
    """(kind, text) for every piece of reader text on the page: formulas whole, code left out."""
    found: list[tuple[str, str]] = []

    def add(kind, *texts):
        found.extend((kind, t) for t in texts if isinstance(t, str) and t)

    def walk(node):
        kind = type(node).__name__
        proto = getattr(node, "proto", None)
        if kind in ("Title", "Header", "Subheader", "Markdown", "Caption", "Error", "Warning", "Info", "Success"):
            add(kind, node.value)
        elif kind == "Latex":
            add("latex", "$$" + node.value + "$$")
        elif kind == "Metric":
            add(kind, node.label, node.value, proto.help, proto.body)
        elif kind == "Radio" and node.key == "lang":
            pass  # the language switch names each language in its own tongue
        elif kind in ("Slider", "NumberInput", "TextInput", "Checkbox", "Radio", "Selectbox", "ButtonGroup", "Button"):
            add(kind, node.label, proto.help, getattr(proto, "placeholder", ""))
            if kind in ("Radio", "Selectbox"):
                add(kind, *proto.options)
            if kind == "ButtonGroup":
                add(kind, *(o.content for o in proto.options))
        elif kind in ("DownloadButton", "PageLink"):
            add(kind, proto.label, proto.help)
        elif kind == "Expander" or kind == "Tab" and not re.fullmatch(r"mathdl\.[\w.]+", node.label):
            add(kind, node.label)  # part 4's tabs name mathdl functions: code
        elif kind == "Image":
            add(kind, *(img.caption for img in proto.imgs))
        elif kind == "Table":
            frame = node.value
            add(kind, *map(str, frame.columns))
            add(kind, *(v for v in frame.to_numpy().ravel() if isinstance(v, str)))
        elif kind == "UnknownElement" and node.type == "vega_lite_chart":
            spec = json.loads(proto.spec)
            tables = {d.name: _arrow(d.data.data) for d in proto.datasets}
            add("chart", *chart_texts(spec, tables))
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at._tree)
    return found


def english(at) -> list[tuple[str, str, list[str]]]:
    """(kind, text, its English words) for each piece of text that has any."""
    found = [(kind, text, words_in(text, formula=kind == "latex")) for kind, text in visible_text(at)]
    return [item for item in found if item[2]]


# --- The tests ------------------------------------------------------------------------------------


def test_home_in_chinese_has_no_english_words():
    at = open_app("zh")
    assert_healthy(at)
    assert english(at) == []


# Every lesson and every demo alone are checked in Chinese by the tests that render them already:
# tests/test_pages.py (test_page_renders_with_charts) and tests/test_demos.py
# (test_a_demo_opens_alone_at_full_width_and_survives_its_widgets_extremes) call english() on their Chinese runs.


def _strings(node, prefix=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{prefix}{key}.")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, f"{prefix}{i}.")
    elif isinstance(node, str):
        yield prefix.rstrip("."), node


def test_chinese_locale_has_no_english_words():
    """Every zh string, the notices and errors that the default settings never show included."""
    # The glossary page is bilingual by design: its title names both languages, its search box shows both.
    strings = ((key, text) for key, text in _strings(catalog("zh")) if not key.startswith("glossary."))
    found = {key: words_in(FIELD.sub(" ", text)) for key, text in strings}
    assert {key: words for key, words in found.items() if words} == {}


# The wordings the table above rules out that are not glossary terms, and what to write instead. A glossary
# term's variants (真正例 for 真阳性, 最大似然, 批次, 标准误差, 剪切, 原假设, 权值, …) are listed once, in
# locales/glossary.toml, and tests/test_glossary.py rules them out.
VARIANTS = {
    "(?<!双)对数坐标": "对数刻度",
    "贝塔": "Beta",
    "秩一层": "秩 1 分量",
    "相遇": "做点积 (a row and a column), 碰到 (a contour and a ball)",
    "送到": "映射到",
}


def test_chinese_uses_one_term_per_concept():
    found = {
        (key, match.group()): VARIANTS[variant]
        for key, text in _strings(catalog("zh"))
        for variant in VARIANTS
        for match in re.finditer(variant, text)
    }
    assert found == {}


def _flanking(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether the delimiter run text[start:end] can open and can close emphasis (CommonMark's rule).

    Chinese punctuation counts as punctuation: "**主成分分析（PCA）**就是" cannot close, and shows its asterisks.
    """
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    punct = {c: unicodedata.category(c)[0] in "PS" for c in (before, after)}
    left = not after.isspace() and (not punct[after] or before.isspace() or punct[before])
    right = not before.isspace() and (not punct[before] or after.isspace() or punct[after])
    return left, right


def test_chinese_bold_text_is_closed():
    unclosed = []
    for key, text in _strings(catalog("zh")):
        text = FORMULA.sub("x", text)
        for i, run in enumerate(re.finditer(r"(?<!\*)\*\*(?!\*)", text)):
            left, right = _flanking(text, run.start(), run.end())
            if not (right if i % 2 else left):
                unclosed.append((key, text[max(0, run.start() - 10) : run.end() + 10]))
    assert unclosed == []


@pytest.mark.parametrize("data", [*datasets.TABLES, "diabetes"])
def test_every_feature_and_class_of_the_bundled_data_has_a_chinese_name(data):
    """Names that scikit-learn gives in English are translated in zh.toml, no two alike (a chart would merge them)."""
    if data == "diabetes":
        features, classes = datasets.diabetes()[2], []
    else:
        *_, features, classes = datasets.table(data)
    tables = {"features": features, "classes": classes} | ({"short": features} if data == "diabetes" else {})
    for table, names in tables.items():
        chinese = data_names(data, table, names, lang="zh")
        assert {name: words_in(name) for name in chinese if words_in(name)} == {}, table
        assert len(set(chinese)) == len(names), table


def test_the_checker_finds_english():
    assert words_in("蓝色为 loading 的值，Holm 校正") == ["loading"]
    assert words_in(r"$\\text{explained}_j = x$，以及 $x_\\text{in}$") == ["explained"]
    assert words_in("用 `np.einsum` 算 ij,jk->ik 与 mathdl.decomposition.pca，ReLU 与 x₀、a11、PC1") == []
    tables = {"t": pa.table({"name": ["setosa"], "value": [1.0], "shape": ["circle"]})}
    spec = {
        "data": {"name": "t"},
        "encoding": {
            "color": {"field": "name", "type": "nominal"},
            "shape": {"field": "shape", "type": "nominal", "scale": None},
            "tooltip": [{"field": "value", "type": "quantitative"}],
        },
    }
    assert set(chart_texts(spec, tables)) == {"name", "value", "setosa"}
