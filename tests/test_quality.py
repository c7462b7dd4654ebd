"""ogi.quality: real Great Expectations checkpoint runs over small hand-built DuckDB warehouses.

Each warehouse holds only the columns the quality frames read. The good warehouse passes every
suite; each broken one carries exactly one break and must fail exactly the expectation that
guards it, naming the offending rows.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ogi import layout, quality

AGENCIES = {"A": ("agency-a", 2022), "B": ("agency-b", 2022), "B_OLD": ("agency-b", 2022)}


def _t3_numbers(column_index: int) -> dict[str, int]:
    """Consistent table-3 figures for one applicant column (R1 holds)."""
    new, carried = 10 + column_index, 2
    granted, carried_forward = new + carried - 3, 3
    numbers = {row.row: 0 for row in layout.T3_ROWS}
    numbers.update(
        new_requests=new,
        carried_over=carried,
        granted=granted,
        total_processed=granted,
        carried_forward=carried_forward,
    )
    return numbers


def good_spec() -> dict[str, list[tuple]]:
    """A healthy build: reports A and B current, B_OLD superseded by B, one rejected file."""
    spec: dict[str, list[tuple]] = {
        "inbox_files": [],
        "reports": [],
        "rejected_inputs": [("inbox/not-a-report.html",)],
        "report_cells": [],
        "versions": [],
        "fct_disclosure_volume": [],
        "fct_application_outcomes": [],
        "fct_litigation": [],
        "mart_agency_year": [],
    }
    spec["inbox_files"].append(("inbox/not-a-report.html", "rejected", None))
    for report_id, (agency, year) in AGENCIES.items():
        current = report_id != "B_OLD"
        path = f"inbox/{report_id}.html"
        spec["inbox_files"].append((path, "landed", report_id))
        spec["reports"].append((report_id, path))
        spec["versions"].append(
            (report_id, agency, year, f"{agency}|{year}", 1 if current else 2, current)
        )
        cells = []
        for row in layout.T2_ROWS:
            cells += [("t2", row.row, col, 1.0, "number") for col in row.columns]
        for ci, col in enumerate(layout.T3_COLUMNS):
            numbers = _t3_numbers(ci)
            cells += [
                ("t3", row.row, col, float(numbers[row.row]), "number") for row in layout.T3_ROWS
            ]
        for proceeding, _ in layout.T4_PROCEEDINGS:
            cells += [("t4", proceeding, result, 0.0, "number") for result, _ in layout.T4_RESULTS]
        if report_id == "A":
            # A blank carried_over in one column: R1 cannot be evaluated there, so it is skipped.
            cells = [
                (t, r, c, None, "blank")
                if (t, r, c) == ("t3", "carried_over", "other_org")
                else (t, r, c, v, s)
                for t, r, c, v, s in cells
            ]
        spec["report_cells"] += [(report_id, *cell) for cell in cells]
        if not current:
            continue
        for t, r, c, v, s in cells:
            if t == "t2":
                spec["fct_disclosure_volume"].append((report_id, "table", r, c, v, s))
            elif t == "t3":
                spec["fct_application_outcomes"].append(
                    (report_id, r, c, None if v is None else int(v), s)
                )
            else:
                spec["fct_litigation"].append((report_id, r, c, None if v is None else int(v)))
        # A narrative figure in the volume fact: not a table cell, not counted.
        spec["fct_disclosure_volume"].append(
            (report_id, "narrative", "proactive_total", "count", 7.0, "number")
        )
        spec["mart_agency_year"].append((agency, year, f"{agency}|{year}", report_id, True))
    return spec


DDL = """
create schema landing; create schema intermediate;
create table landing.inbox_files(inbox_path varchar, outcome varchar, report_id varchar);
create table landing.reports(report_id varchar, inbox_path varchar);
create table landing.rejected_inputs(inbox_path varchar);
create table landing.report_cells(report_id varchar, table_id varchar, row_code varchar,
    column_code varchar, value double, value_status varchar);
create table intermediate.int_reports__versions(report_id varchar, agency_id varchar,
    report_year integer, agency_year_key varchar, version_rank integer, is_current_version boolean);
create table main.fct_disclosure_volume(report_id varchar, source_kind varchar, item_code varchar,
    measure_code varchar, value double, value_status varchar);
create table main.fct_application_outcomes(report_id varchar, row_code varchar,
    applicant_type varchar, request_count bigint, value_status varchar);
create table main.fct_litigation(report_id varchar, proceeding varchar, result varchar, case_count bigint);
create table main.mart_agency_year(agency_id varchar, report_year integer, agency_year_key varchar,
    source_report_id varchar, reconciliation_ok boolean);
"""

TABLES = {
    "inbox_files": "landing.inbox_files",
    "reports": "landing.reports",
    "rejected_inputs": "landing.rejected_inputs",
    "report_cells": "landing.report_cells",
    "versions": "intermediate.int_reports__versions",
    "fct_disclosure_volume": "main.fct_disclosure_volume",
    "fct_application_outcomes": "main.fct_application_outcomes",
    "fct_litigation": "main.fct_litigation",
    "mart_agency_year": "main.mart_agency_year",
}


def build_warehouse(path: Path, spec: dict[str, list[tuple]]) -> Path:
    con = duckdb.connect(str(path))
    try:
        con.execute(DDL)
        for key, table in TABLES.items():
            if spec[key]:
                rows = pd.DataFrame.from_records(spec[key])  # noqa: F841 (read by DuckDB below)
                con.execute(f"insert into {table} select * from rows")
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def good_result(tmp_path_factory):
    db = build_warehouse(tmp_path_factory.mktemp("good") / "good.duckdb", good_spec())
    return db, quality.run_quality_checks(db)


def run_broken(tmp_path: Path, spec) -> quality.QualityResult:
    return quality.run_quality_checks(build_warehouse(tmp_path / "broken.duckdb", spec))


def only_failure(result: quality.QualityResult) -> quality.ExpectationOutcome:
    assert len(result.failures) == 1, result.summary()
    return result.failures[0]


# ---------------------------------------------------------------------------------------------


def test_suites_are_reviewable_json_with_meta():
    config = quality.load_checkpoint_config()
    assert config["result_format"]["result_format"] == "COMPLETE"
    assert set(config["suites"]) == {"integrity", "reconciliation"}
    assert config["suites"]["integrity"]["meta"]["blocking"] is True
    assert config["suites"]["reconciliation"]["meta"]["blocking"] is False
    for suite in config["suites"].values():
        assert suite["meta"]["description"]
        for expectation in suite["expectations"]:
            assert expectation["meta"]["check"] in quality.CHECKS
            assert expectation["meta"]["explains"]


def test_good_warehouse_passes_every_suite(good_result):
    _, result = good_result
    assert result.success, result.summary()
    assert result.blocking_ok
    assert result.suite_success == {"integrity": True, "reconciliation": True}
    assert result.failures == []
    # 2 current reports x 3 tables; 4 inbox paths; 2 agency-years; R1: 7 + 6 evaluable columns.
    assert result.frame_rows == {"conservation": 6, "inbox": 4, "agency_year": 2, "r1": 13}
    evaluated = {(o.check, o.expectation_type): o.evaluated_rows for o in result.outcomes}
    assert evaluated[("conservation", "expect_column_pair_values_to_be_equal")] == 6
    assert evaluated[("inbox", "expect_column_values_to_be_in_set")] == 4
    assert evaluated[("r1", "expect_column_pair_values_to_be_equal")] == 13


def test_frames_read_the_warehouse(good_result):
    db, _ = good_result
    frames = quality.read_frames(db)
    cons = frames["conservation"].set_index(["report_id", "table_id"])
    assert cons.loc[("A", "t2"), "staged_cells"] == 10 == cons.loc[("A", "t2"), "fact_rows"]
    assert cons.loc[("B", "t3"), "staged_cells"] == 175
    assert cons.loc[("B", "t4"), "fact_rows"] == 15
    assert "B_OLD" not in frames["conservation"]["report_id"].tolist()
    r1 = frames["r1"].set_index(["report_id", "applicant_type"])
    assert ("A", "other_org") not in r1.index  # blank carried_over: not evaluable
    assert r1.loc[("B", "natural_person"), "inflow"] == 12
    # The read-only connection was closed: the file can be opened for writing again.
    duckdb.connect(str(db)).close()


def test_results_are_stored_in_the_warehouse(good_result, tmp_path):
    _, result = good_result
    rows = quality.result_rows(result)
    assert len(rows) == len(result.outcomes) == 8
    assert {r["suite"] for r in rows} == {"integrity", "reconciliation"}
    con = duckdb.connect(str(tmp_path / "results.duckdb"))
    try:
        assert quality.write_results(con, rows) == 8
        assert quality.write_results(con, rows) == 8  # replaces, does not append
        stored = con.execute(
            "select suite, check_name, expectation_type, columns, success, evaluated_rows, "
            "unexpected_count, detail from quality.validation_results order by suite, check_name"
        ).fetchall()
    finally:
        con.close()
    assert len(stored) == 8
    assert all(row[4] for row in stored)
    pair = [
        r for r in stored if r[1] == "conservation" and r[2].endswith("pair_values_to_be_equal")
    ]
    assert pair[0][3] == ["staged_cells", "fact_rows"] and pair[0][5] == 6
    assert json.loads(pair[0][7])["offending_rows"] == []


def test_staged_cell_missing_from_fact_table(tmp_path):
    spec = good_spec()
    lost = next(i for i, r in enumerate(spec["fct_litigation"]) if r[0] == "B")
    del spec["fct_litigation"][lost]
    result = run_broken(tmp_path, spec)
    assert not result.blocking_ok
    assert result.suite_success == {"integrity": False, "reconciliation": True}
    failure = only_failure(result)
    assert (failure.suite, failure.check, failure.expectation_type) == (
        "integrity",
        "conservation",
        "expect_column_pair_values_to_be_equal",
    )
    assert failure.columns == ("staged_cells", "fact_rows")
    assert failure.rows == (
        {
            "report_id": "B",
            "table_id": "t4",
            "is_current": True,
            "staged_cells": 15,
            "fact_rows": 14,
        },
    )
    assert "report_id=B, table_id=t4" in result.summary()


def test_superseded_report_in_a_fact_table(tmp_path):
    spec = good_spec()
    spec["fct_litigation"].append(("B_OLD", "administrative_review", "total", 0))
    result = run_broken(tmp_path, spec)
    assert not result.blocking_ok
    failed = {(f.check, f.expectation_type, f.columns) for f in result.failures}
    assert ("conservation", "expect_column_values_to_be_in_set", ("is_current",)) in failed
    rows = [r for f in result.failures for r in f.rows]
    assert {(r["report_id"], r["table_id"]) for r in rows} >= {("B_OLD", "t4")}


def test_discovered_file_in_neither_reports_nor_rejected(tmp_path):
    spec = good_spec()
    spec["inbox_files"].append(("inbox/lost.pdf", "landed", "LOST"))
    result = run_broken(tmp_path, spec)
    assert not result.blocking_ok
    assert result.suite_success["reconciliation"] is True
    by_column = {f.columns: f for f in result.failures}
    # Placements (the nothing-lost rule) and the recorded outcome both name the lost file.
    assert set(by_column) == {("placements",), ("outcome", "placement")}
    lost = by_column[("placements",)]
    assert lost.suite == "integrity" and lost.check == "inbox"
    assert lost.expectation_type == "expect_column_values_to_be_in_set"
    assert [r["inbox_path"] for r in lost.rows] == ["inbox/lost.pdf"]
    assert lost.rows[0]["appears_in_reports"] == 0 and lost.rows[0]["appears_in_rejected"] == 0


def test_file_both_landed_and_rejected(tmp_path):
    spec = good_spec()
    spec["rejected_inputs"].append(("inbox/A.html",))
    result = run_broken(tmp_path, spec)
    assert not result.blocking_ok
    placements = next(f for f in result.failures if f.columns == ("placements",))
    assert placements.rows[0]["inbox_path"] == "inbox/A.html"
    assert placements.rows[0]["placements"] == 2


def test_duplicate_agency_year(tmp_path):
    spec = good_spec()
    spec["mart_agency_year"].append(("agency-b", 2022, "agency-b|2022", "B_OLD", True))
    result = run_broken(tmp_path, spec)
    assert not result.blocking_ok
    failure = only_failure(result)
    assert (failure.suite, failure.check, failure.expectation_type) == (
        "integrity",
        "agency_year",
        "expect_column_values_to_be_unique",
    )
    assert {r["source_report_id"] for r in failure.rows} == {"B", "B_OLD"}
    assert {r["agency_year_key"] for r in failure.rows} == {"agency-b|2022"}


def test_report_whose_r1_does_not_add_up_is_flagged_not_blocking(tmp_path):
    spec = good_spec()
    spec["fct_application_outcomes"] = [
        (
            rid,
            row,
            col,
            99 if (rid, row, col) == ("A", "carried_forward", "natural_person") else n,
            s,
        )
        for rid, row, col, n, s in spec["fct_application_outcomes"]
    ]
    result = run_broken(tmp_path, spec)
    assert result.blocking_ok  # published as the report says
    assert not result.success
    assert result.suite_success == {"integrity": True, "reconciliation": False}
    failure = only_failure(result)
    assert result.flags == [failure] and result.blocking_failures == []
    assert (failure.suite, failure.check, failure.columns) == (
        "reconciliation",
        "r1",
        ("inflow", "outflow"),
    )
    assert not failure.blocking
    assert failure.rows == (
        {
            "report_id": "A",
            "applicant_type": "natural_person",
            "new_requests": 10,
            "carried_over": 2,
            "total_processed": 9,
            "carried_forward": 99,
            "inflow": 12,
            "outflow": 108,
        },
    )
    stored = [r for r in quality.result_rows(result) if not r["success"]]
    assert [(r["suite"], r["blocking"], r["unexpected_count"]) for r in stored] == [
        ("reconciliation", False, 1)
    ]


def test_empty_warehouse_does_not_crash(tmp_path):
    spec = {key: [] for key in TABLES}
    result = run_broken(tmp_path, spec)
    assert result.success and result.blocking_ok
    assert result.frame_rows == dict.fromkeys(quality.CHECKS, 0)
    assert all(o.evaluated_rows == 0 for o in result.outcomes)


def test_discovered_files_but_no_reports_is_not_vacuous(tmp_path):
    spec = {key: [] for key in TABLES}
    spec["inbox_files"] = [("inbox/x.html", "landed", "X"), ("inbox/y.txt", "rejected", None)]
    spec["rejected_inputs"] = [("inbox/y.txt",)]
    result = run_broken(tmp_path, spec)
    assert not result.blocking_ok
    lost = next(f for f in result.failures if f.columns == ("placements",))
    assert [r["inbox_path"] for r in lost.rows] == ["inbox/x.html"]
    assert lost.evaluated_rows == 2


def test_landed_file_never_discovered(tmp_path):
    spec = good_spec()
    spec["inbox_files"] = [r for r in spec["inbox_files"] if r[0] != "inbox/A.html"]
    result = run_broken(tmp_path, spec)
    assert not result.blocking_ok
    failed = {f.columns: f for f in result.failures}
    assert failed[("discovered",)].rows[0]["inbox_path"] == "inbox/A.html"


def test_missing_relation_is_a_clear_error(tmp_path):
    db = tmp_path / "partial.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema landing")
    con.close()
    with pytest.raises(quality.QualityInputError, match="conservation"):
        quality.run_quality_checks(db)
