"""The HTML reader: lines of prose as a reader sees them, cells of the innermost tables, and
the encodings government sites use."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from ogi.parse import Parsed, parse_report
from ogi.parse.sources import read_html

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
PINGTAN_2022 = CORPUS / "pingtan" / "2022-pingtan-zone" / "page.html"


def _page(body: str, head: str = "<title>样例</title>") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def test_inline_elements_run_on_and_block_elements_break_lines():
    page = _page(
        "<p class=MsoNormal><span lang=EN-US>2022</span><span>年主动公开政府信息</span>"
        "<b>14571</b><o:p></o:p><st1:chsdate>条</st1:chsdate></p>"
        "<div>导语<div>正文<br>第二行</div>结语</div>"
        "<script>var x = '不是正文';</script>"
    )
    lines = read_html(page).lines
    assert lines == ["2022年主动公开政府信息14571条", "导语", "正文", "第二行", "结语"]


def test_cells_of_the_innermost_tables_keep_their_paragraphs_apart():
    page = _page(
        "<table><tr><td><table>"
        "<tr><td><p>本年新制</p><p>发件数</p></td><th>12</th></tr>"
        "<tr><td><span>规</span><span>章</span></td><td> 0 </td></tr>"
        "</table></td></tr></table>"
    )
    tokens = read_html(page).tokens
    assert [token.text for token in tokens] == ["本年新制 发件数", "12", "规章", "0"]
    assert tokens[3].loc == {"table_index": 0, "row_index": 1, "cell_index": 1}


def test_traditional_characters_in_cells_and_lines_become_simplified():
    page = _page("<p>主動公開政府資訊</p><table><tr><td>處理結果</td></tr></table>")
    source = read_html(page)
    assert source.lines == ["主动公开政府资讯", "处理结果"]
    assert [token.text for token in source.tokens] == ["处理结果"]


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda data: data.decode("utf-8").encode("gb18030"), id="gb18030"),
        pytest.param(lambda data: codecs.BOM_UTF8 + data, id="utf-8-bom"),
    ],
)
def test_a_page_in_another_encoding_reads_as_the_utf8_page(encode):
    original = PINGTAN_2022.read_bytes()
    expected = parse_report(original, "page.html")
    found = parse_report(encode(original), "page.html")
    assert isinstance(expected, Parsed) and isinstance(found, Parsed)
    for key in ("title", "agency", "report_year", "cells", "figures", "tables"):
        assert found.document[key] == expected.document[key], key
    assert len(expected.document["cells"]) >= 200
