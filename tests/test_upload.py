"""A reader's CSV: what is kept, what is set aside, and a named reason for every refusal,
said on page 3 in the reader's language.
"""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

from tests.helpers import assert_healthy, open_page
from ui.i18n import LANGUAGES, catalog, lookup
from ui.upload import UploadError, numpy_code, read_csv

MB = 2**20


def read(text: str | bytes, max_bytes: int = 20 * MB):
    return read_csv(text.encode() if isinstance(text, str) else text, max_bytes=max_bytes)


def refusal(text, **kwargs) -> UploadError:
    with pytest.raises(UploadError) as error:
        read(text, **kwargs)
    return error.value


def test_numeric_columns_become_the_matrix():
    table = read("a,b,c\n1,2,3\n4,5,6\n")
    assert_allclose(table.X, np.loadtxt(["1,2,3", "4,5,6"], delimiter=","))
    assert table.columns == ["a", "b", "c"] and table.ignored == [] and table.dropped_rows == 0


def test_text_columns_are_set_aside_and_a_few_valued_one_gives_classes():
    table = read("x,y,species,note\n1,2,setosa,a\n3,4,virginica,b\n5,6,setosa,c\n")
    assert table.columns == ["x", "y"]
    assert table.ignored == ["species", "note"]
    assert table.classes.tolist() == ["setosa", "virginica", "setosa"]


def test_rows_with_missing_or_infinite_values_are_dropped_and_counted():
    table = read("a,b\n1,2\n,3\n4,inf\nNaN,1\n-inf,0\n5,6\n7,8\n")
    assert_allclose(table.X, [[1, 2], [5, 6], [7, 8]])
    assert table.dropped_rows == 4


def test_semicolons_and_tabs_are_understood():
    assert read("a;b\n1;2\n3;4\n").X.shape == (2, 2)
    assert read("a\tb\n1\t2\n3\t4\n").X.shape == (2, 2)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_csv"),
        ("a,b\n", "too_few_rows"),
        ("a,b\n1,2\n", "too_few_rows"),
        ("a,b\n1,\n,2\n", "too_few_rows"),
        ("a,name\n1,x\n2,y\n", "too_few_columns"),
        ("name,city\nx,y\nz,w\n", "too_few_columns"),
        ('a,b\n1,"2\n', "not_csv"),
    ],
)
def test_each_unusable_file_gets_its_reason(content, code):
    assert refusal(content).code == code


def test_a_file_over_the_limit_is_refused_before_parsing():
    error = refusal("a,b\n" + "1,2\n" * 1000, max_bytes=1000)
    assert error.code == "too_large"


def test_every_refusal_has_a_message_in_every_language():
    codes = set(re.findall(r'UploadError\("(\w+)"', Path("ui/upload.py").read_text()))
    assert codes == {"empty", "too_large", "not_csv", "too_few_columns", "too_few_rows"}
    for lang in LANGUAGES:
        assert codes <= set(catalog(lang)["upload"])


# Through page 3, as a reader uploads: each file, and the messages it gets as (kind, locale key, fields).
PAGE_CASES = [
    (b"", [("error", "upload.empty", {})]),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [("error", "upload.not_csv", {})]),
    (b"a,b\n", [("error", "upload.too_few_rows", {"rows": 0})]),  # a header only
    (b"a,b\n1,2\n", [("error", "upload.too_few_rows", {"rows": 1})]),
    (b"name,city\nx,y\nz,w\n", [("error", "upload.too_few_columns", {"found": 0})]),
    (b"a,b\nnan,1\n2,inf\n", [("error", "upload.too_few_rows", {"rows": 0})]),
    (b"a,b\n1,1\n1,1\n1,1\n", [("error", "eigen_pca.pca.no_variance", {})]),  # constant: 0/0 explained variance
    (b"a,b\n1e200,1\n-1e200,2\n3,4\n", [("error", "eigen_pca.pca.no_variance", {})]),  # its squares overflow
    (
        b"a,b,kind\n1,2,x\n3,nan,y\n4,-inf,x\n5,7,y\n6,6,x\n",
        [("info", "upload.ignored", {"columns": "kind"}), ("info", "upload.dropped", {"rows": 2})],
    ),
    (b"a,b\n" + b"1,2\n" * (51 * MB // 4), [("error", "upload.too_large", {"megabytes": 51.0, "limit": 50})]),
]


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_page_3_says_what_is_wrong_with_each_file_in_the_readers_language(lang):
    at = open_page("pages/03_eigen_svd_pca.py", lang, pca_data="upload", pca_std="false")
    for content, expected in PAGE_CASES:
        at.file_uploader(key="pca_csv").upload("data.csv", content, "text/csv")
        at.run()
        assert_healthy(at)
        shown = [(kind, e.value) for kind in ("error", "info") for e in at.get(kind)]
        assert shown == [(kind, lookup(key, lang).format(**fields)) for kind, key, fields in expected], content[:40]


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_page_3_asks_for_a_file_in_the_readers_language_until_one_arrives(lang):
    """No file yet, a file removed, or an upload that failed on its way (tests/e2e/test_faults.py): the
    uploader then holds nothing, and the page says what to do instead of showing an empty demo.
    """
    at = open_page("pages/03_eigen_svd_pca.py", lang, pca_data="upload")
    assert_healthy(at)
    assert [i.value for i in at.info] == [lookup("upload.none", lang)]
    at.file_uploader(key="pca_csv").upload("data.csv", b"a,b\n1,2\n3,5\n4,4\n", "text/csv").run()
    assert not at.info and len(at.metric) == 1
    at.file_uploader(key="pca_csv").clear().run()
    assert_healthy(at)
    assert [i.value for i in at.info] == [lookup("upload.none", lang)] and not at.metric


@pytest.mark.parametrize(
    "text",
    [
        "a,b,c\n1,2,3\n4,5,6\n7,8,10\n",
        "x;species;y\n1.5;setosa;2\n3;virginica;-4e3\n5;setosa;6\n",
        "a\tb\tnote\n1\t2\tx\n\t3\ty\n4\tinf\tz\n5\t6\tw\n7\t8\tv\n",
    ],
    ids=["numbers", "text-column", "gaps"],
)
def test_the_loading_code_a_snippet_shows_reads_the_same_matrix_from_the_file(text, tmp_path):
    """The "Reproduce in a notebook" code for a reader's file, run in a fresh Python beside the file."""
    table = read(text)
    (tmp_path / "my data.csv").write_text(text)
    code = f"import numpy as np\nX = {numpy_code(table, 'my data.csv')}\nnp.save('X.npy', X)\n"
    subprocess.run([sys.executable, "-c", code], cwd=tmp_path, check=True, capture_output=True, timeout=60)
    assert_allclose(np.load(tmp_path / "X.npy"), table.X)


def test_a_file_name_is_written_as_a_string_literal_not_as_code():
    table = read("a,b\n1,2\n3,4\n")
    assert numpy_code(table, "x'); import os; ('.csv").startswith("np.genfromtxt(\"x'); import os; ('.csv\",")
