"""The parser against hand-checked gold files for the real reports in ../shared/corpus."""

import json
from pathlib import Path

import pytest

from ogi.fidelity import compare
from ogi.parse import Parsed, parse_report

GOLD_DIR = Path(__file__).parent / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))


def test_there_is_a_gold_file_for_each_2021_format_report_and_each_known_non_report():
    assert len(GOLD_FILES) >= 9


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda path: path.stem)
def test_every_figure_matches_the_gold_file(gold_path, corpus_dir):
    gold = json.loads(gold_path.read_text("utf-8"))
    raw = corpus_dir / gold["source"]
    score = compare(parse_report(raw.read_bytes(), gold["source"]), gold)
    assert score.identity_errors == []
    assert score.wrong == []
    assert score.invented == []
    assert score.right == score.expected


def test_the_hongze_review_row_keeps_its_published_total_of_zero(corpus_dir):
    outcome = parse_report(
        (corpus_dir / "pdf/2023-huaian-hongze-district.pdf").read_bytes(), "hongze.pdf"
    )
    assert isinstance(outcome, Parsed)
    review = {
        c["column"]: c["value"]
        for c in outcome.document["cells"]
        if c["row"] == "administrative_review"
    }
    assert review == {"upheld": 10, "corrected": 1, "other": 0, "pending": 0, "total": 0}


def test_cells_that_run_together_are_not_split_by_guessing(corpus_dir):
    outcome = parse_report(
        (corpus_dir / "pingtan/2022-pingtan-zone/page.txt").read_bytes(), "page.txt"
    )
    assert isinstance(outcome, Parsed)
    assert outcome.document["cells"] == []
    assert outcome.document["tables"] == {"t2": "absent", "t3": "absent", "t4": "absent"}
    assert any("run together" in warning for warning in outcome.document["warnings"])


def test_every_figure_says_where_it_was_read(corpus_dir):
    outcome = parse_report(
        (corpus_dir / "pingtan/2025-pingtan-zone/page.html").read_bytes(), "page.html"
    )
    assert all(
        cell["loc"].keys() == {"table_index", "row_index", "cell_index"}
        for cell in outcome.document["cells"]
    )
    pdf = parse_report((corpus_dir / "pdf/2024-huaian-city.pdf").read_bytes(), "city.pdf")
    assert {cell["loc"]["page"] for cell in pdf.document["cells"]} == {3, 4, 5}
