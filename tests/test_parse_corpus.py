"""The parser against hand-checked gold files for every real report in ../shared/corpus."""

import json
from pathlib import Path

import pytest

from ogi.fidelity import compare
from ogi.parse import Parsed, parse_report

GOLD_DIR = Path(__file__).parent / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))

# Figures a careful reader finds but this parser version does not, each with its reason.
# A test fails if one of them is read (then remove it here) or if any other figure is missed.
KNOWN_MISSES = {
    "seeds/000_efdb0ef03866e842.txt": {
        # 行政复议 is mojibake in this copy (申請?zhí)崞鹦姓?fù)議); the reader infers it.
        "figure administrative_review_total",
    },
    "seeds/003_74453bcb8a5ffe2c.txt": {
        # Its label and its figure sit in different clauses: …类(包括…)信息,2011年公开了7条.
        "figure active_disclosure_category:与公众利益密切相关事项类信息",
    },
}


def _gold(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def _parse(corpus_dir: Path, source: str):
    return parse_report((corpus_dir / source).read_bytes(), source)


def test_there_is_a_gold_file_for_every_report_in_the_corpus(corpus_dir):
    corpus_files = {
        str(path.relative_to(corpus_dir))
        for path in corpus_dir.rglob("*")
        if path.is_file() and path.name != "README.md"
    }
    assert corpus_files == {_gold(path)["source"] for path in GOLD_FILES}


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda path: path.stem)
def test_every_figure_matches_the_gold_file(gold_path, corpus_dir):
    gold = _gold(gold_path)
    score = compare(_parse(corpus_dir, gold["source"]), gold)
    known = KNOWN_MISSES.get(gold["source"], set())
    missed = {wrong.split(": read")[0] for wrong in score.wrong}
    assert score.identity_errors == []
    assert score.invented == []
    assert missed == known, score.wrong
    assert score.right == score.expected - len(known)


def test_the_hongze_review_row_keeps_its_published_total_of_zero(corpus_dir):
    outcome = _parse(corpus_dir, "pdf/2023-huaian-hongze-district.pdf")
    assert isinstance(outcome, Parsed)
    review = {
        c["column"]: c["value"]
        for c in outcome.document["cells"]
        if c["row"] == "administrative_review"
    }
    assert review == {"upheld": 10, "corrected": 1, "other": 0, "pending": 0, "total": 0}


def test_run_together_cells_are_read_only_where_one_reading_exists(corpus_dir):
    """Each figure read from the run-together text equals the same report's HTML table; the
    rest are unreadable, never guessed."""
    for year in ("2019", "2022", "2025"):
        text = _parse(corpus_dir, f"pingtan/{year}-pingtan-zone/page.txt").document
        html = _parse(corpus_dir, f"pingtan/{year}-pingtan-zone/page.html").document
        from_html = {(c["table"], c["row"], c["column"]): c["value"] for c in html["cells"]}
        statuses = {c["status"] for c in text["cells"]}
        assert statuses == {"number", "unreadable"}
        for cell in text["cells"]:
            key = (cell["table"], cell["row"], cell["column"])
            if cell["status"] == "number":
                assert cell["value"] == from_html[key], key
            else:
                assert cell["value"] is None and cell["raw"]
        assert any("run together" in warning for warning in text["warnings"])


def test_the_2019_format_keeps_the_procurement_amount_in_yuan(corpus_dir):
    document = _parse(corpus_dir, "pingtan/2019-pingtan-zone/page.html").document
    assert document["report_format"] == "2019"
    assert document["tables"] == {
        "t2": "complete", "t3": "complete", "t4": "complete", "stat": "absent"
    }
    amount = next(c for c in document["cells"] if c["column"] == "procurement_amount")
    assert (amount["value"], amount["unit"], amount["raw"]) == (
        75394432.52, "元", "75394432.52元"
    )


def test_a_provincial_table_gives_the_annual_column_never_the_cumulative_one(corpus_dir):
    document = _parse(corpus_dir, "seeds/003_74453bcb8a5ffe2c.txt").document
    total = next(c for c in document["cells"] if c["label"] == "4.公开信息总数")
    assert (total["table"], total["column"], total["value"]) == ("stat", "annual", 52)


def test_glued_annual_and_cumulative_digits_are_split_only_with_evidence(corpus_dir):
    document = _parse(corpus_dir, "pingtan/2018-pingtan-zone/page.txt").document
    cells = {c["label"]: c for c in document["cells"]}
    # 206912106 reads as 20|6912106, 206|912106 or 2069|12106; the prose states 2069条.
    assert cells["主动公开文件数"]["value"] == 2069
    # The same digits for the website row: no sentence picks a reading, so it stays unread.
    website = cells["其中:1.政府网站公开数"]
    assert website["status"] == "unreadable" and website["value"] is None
    assert "20|6912106" in website["note"]


def test_redacted_identity_is_kept_or_inferred_and_marked(corpus_dir):
    seed_000 = _parse(corpus_dir, "seeds/000_efdb0ef03866e842.txt").document
    assert seed_000["agency"] == {"name": None, "basis": "redacted"}
    assert (seed_000["report_year"], seed_000["report_year_basis"]) == (2008, "inferred")
    seed_004 = _parse(corpus_dir, "seeds/004_a80e01d492ed062e.txt").document
    assert seed_004["agency"]["basis"] == "redacted"
    assert (seed_004["report_year"], seed_004["report_year_basis"]) == (None, "redacted")
    redacted = [f for f in seed_004["figures"] if f["status"] == "redacted"]
    assert {f["label"] for f in redacted} == {"计划规划类", "政策文件"}
    assert all(f["value"] is None for f in redacted)


def test_every_figure_says_where_it_was_read(corpus_dir):
    outcome = _parse(corpus_dir, "pingtan/2025-pingtan-zone/page.html")
    assert all(
        cell["loc"].keys() == {"table_index", "row_index", "cell_index"}
        for cell in outcome.document["cells"]
    )
    pdf = _parse(corpus_dir, "pdf/2024-huaian-city.pdf")
    assert {cell["loc"]["page"] for cell in pdf.document["cells"]} == {3, 4, 5}
    era1 = _parse(corpus_dir, "seeds/002_d5ce5f19a4ad4817.txt")
    assert all({"line", "offset"} <= figure["loc"].keys() for figure in era1.document["figures"])
    assert era1.document["parser"]["version"]
