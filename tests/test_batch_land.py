"""Parse batches and landing: every input ends landed or rejected with a reason; nothing twice."""

import json
import random
import shutil
from pathlib import Path

import duckdb
import pytest

from ogi import generate
from ogi.batch import make_batches, parse_batch
from ogi.discover import discover
from ogi.land import land


@pytest.fixture
def inbox(tmp_path, corpus_dir):
    box = tmp_path / "inbox"
    box.mkdir()
    spec = generate.random_spec(random.Random(3), "样例市人民政府", 2022)
    report = generate.render(spec)
    (box / "city-2022.html").write_text(report, encoding="utf-8")
    (box / "mirror").mkdir()
    (box / "mirror" / "city-2022-copy.html").write_text(report, encoding="utf-8")  # same bytes
    (box / "external.json").write_text(
        json.dumps(
            generate.external_document(spec.copy(agency_name="样例县人民政府"), "x/county.html"),
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    (box / "broken.json").write_text(
        '{"contract_version": "1.0.0", "report_id": "nothex"}', encoding="utf-8"
    )
    (box / "not-json.json").write_text("{oops", encoding="utf-8")
    (box / "scan.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (box / "empty.txt").write_bytes(b"")
    (box / "notes.xlsx").write_bytes(b"PK\x03\x04")
    shutil.copy(corpus_dir / "pingtan/2014-not-a-report-letter/page.txt", box / "letter.txt")
    return box


def _land(inbox: Path, tmp_path: Path) -> duckdb.DuckDBPyConnection:
    files = discover(inbox)
    outputs = [
        parse_batch(batch, tmp_path / "out", number)
        for number, batch in enumerate(make_batches(files, max_files=3))
    ]
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    land(con, [o.documents for o in outputs], [o.rejections for o in outputs])
    return con


def test_every_file_is_landed_or_rejected_exactly_once(inbox, tmp_path):
    con = _land(inbox, tmp_path)
    discovered = {file.inbox_path for file in discover(inbox)}
    outcomes = dict(con.execute("select inbox_path, outcome from landing.inbox_files").fetchall())
    assert set(outcomes) == discovered
    landed = {row[0] for row in con.execute("select inbox_path from landing.reports").fetchall()}
    rejected = {
        row[0] for row in con.execute("select inbox_path from landing.rejected_inputs").fetchall()
    }
    assert landed | rejected == discovered and not landed & rejected
    assert landed == {"city-2022.html", "external.json"}


def test_each_rejection_names_its_reason(inbox, tmp_path):
    con = _land(inbox, tmp_path)
    reasons = {
        path: (stage, code, reason)
        for path, stage, code, reason in con.execute(
            "select inbox_path, stage, reason_code, reason from landing.rejected_inputs"
        ).fetchall()
    }
    assert reasons["mirror/city-2022-copy.html"][:2] == ("land", "duplicate_content")
    assert "city-2022.html" in reasons["mirror/city-2022-copy.html"][2]
    assert reasons["broken.json"][:2] == ("validate", "contract_violation")
    assert "'source' is a required property" in reasons["broken.json"][2]
    assert reasons["not-json.json"][1] == "invalid_json"
    assert reasons["scan.pdf"][1] == "corrupt_file"
    assert reasons["empty.txt"][1] == "empty_file"
    assert reasons["notes.xlsx"][1] == "unsupported_file_type"
    assert reasons["letter.txt"][1] == "not_an_annual_report"


def test_cells_and_figures_land_as_published(inbox, tmp_path):
    con = _land(inbox, tmp_path)
    counts = dict(
        con.execute(
            "select r.inbox_path, count(c.report_id) from landing.reports r left join landing.report_cells c using (report_id) group by 1"
        ).fetchall()
    )
    assert counts == {"city-2022.html": 200, "external.json": 200}
    statuses = {
        row[0]
        for row in con.execute("select distinct value_status from landing.report_cells").fetchall()
    }
    assert statuses <= {"number", "blank", "dash", "slash", "none_word", "redacted", "unreadable"}
    (null_numbers,) = con.execute(
        "select count(*) from landing.report_cells where value_status <> 'number' and value is not null"
    ).fetchall()[0]
    assert null_numbers == 0


def test_raw_files_are_never_changed(inbox, tmp_path):
    before = {path: path.read_bytes() for path in inbox.rglob("*") if path.is_file()}
    _land(inbox, tmp_path)
    assert {path: path.read_bytes() for path in inbox.rglob("*") if path.is_file()} == before
