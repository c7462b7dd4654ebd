"""ogi.quality: real Great Expectations checkpoint runs over small hand-built DuckDB warehouses.

Each warehouse holds only the columns the quality frames read. The good warehouse passes every
suite; each broken one carries exactly one break and must fail exactly the expectation that
guards it, naming the offending rows. (tests/test_quality_known_errors.py runs the same gate on
real parses of real and generated reports.)
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ogi import layout, quality

AGENCIES = {"A": ("agency-a", 2022), "B": ("agency-b", 2022), "B_OLD": ("agency-b", 2022)}
FACTS = {"t2": "fct_disclosure_volume", "t3": "fct_application_outcomes", "t4": "fct_litigation"}
SUITES = {"integrity", "reconciliation", "soft_rules"}
RULE_CHECKS = {"R1", "R2", "R3", "R4", "R5", "C1", "C2", "T1", "H1"}


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


def _checks(report_id: str, cells: list[tuple]) -> list[tuple]:
    """Rows of fct_reconciliation_checks for a healthy report: every rule, pass or
    not_assessable (A has a blank carried_over in other_org, so R1 there is not assessable)."""
    path = f"inbox/{report_id}.html"
    rows = []
    for col in layout.T3_COLUMNS:
        if report_id == "A" and col == "other_org":
            rows.append((report_id, path, "R1", col, "not_assessable", None, None, "blank"))
        else:
            rows.append((report_id, path, "R1", col, "pass", 12.0, 12.0, "ok"))
        rows.append((report_id, path, "R2", col, "pass", 9.0, 9.0, "ok"))
        rows.append((report_id, path, "C1", col, "not_assessable", None, None, "no report"))
    for row in layout.T3_ROWS:
        rows.append((report_id, path, "R3", row.row, "pass", 1.0, 1.0, "ok"))
    for proceeding, _ in layout.T4_PROCEEDINGS:
        rows.append((report_id, path, "R4", proceeding, "pass", 0.0, 0.0, "ok"))
        rows.append(
            (report_id, path, "H1", f"t4:{proceeding}:total", "not_assessable", None, None, "none")
        )
    for t, r, c, v, s in cells:
        if s == "number":
            rows.append(
                (report_id, path, "R5", f"{t}:{r}:{c}", "pass", None, v, f"valid figure: {v}")
            )
    for item in ("regulations", "normative_documents"):
        rows.append((report_id, path, "C2", item, "pass", 5.0, 5.0, "ok"))
    rows.append((report_id, path, "T1", "requests_received_total", "pass", 70.0, 70.0, "ok"))
    rows.append(
        (report_id, path, "T1", "active_disclosure_total", "not_assessable", None, None, "none")
    )
    return rows


def good_spec() -> dict[str, list[tuple]]:
    """A healthy build: reports A and B current, B_OLD superseded by B, one rejected file."""
    spec: dict[str, list[tuple]] = {key: [] for key in TABLES}
    spec["rejected_inputs"].append(("inbox/not-a-report.html",))
    spec["inbox_files"].append(("inbox/not-a-report.html", "rejected", None))
    for report_id, (agency, year) in AGENCIES.items():
        current = report_id != "B_OLD"
        path = f"inbox/{report_id}.html"
        spec["inbox_files"].append((path, "landed", report_id))
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
            # A blank carried_over in one column: R1 cannot be evaluated there.
            cells = [
                (t, r, c, None, "blank")
                if (t, r, c) == ("t3", "carried_over", "other_org")
                else (t, r, c, v, s)
                for t, r, c, v, s in cells
            ]
        # 主动公开 goes to the volume fact; 收到申请 (2021 format) feeds no fact, only rule T1
        figures = {
            "active_disclosure_total": "fct_disclosure_volume",
            "requests_received_total": None,
        }
        spec["reports"].append((report_id, path, len(cells), len(figures)))
        spec["report_cells"] += [(report_id, *cell) for cell in cells]
        spec["stg_table_cells"] += [(report_id,) for _ in cells]
        spec["harmonised_cells"] += [(report_id,) for _ in cells]
        spec["narrative_figures"] += [(report_id, item) for item in figures]
        spec["stg_narrative_figures"] += [(report_id, item) for item in figures]
        spec["harmonised_figures"] += [(report_id,) for _ in figures]
        if not current:
            continue
        spec["current_cells"] += [(report_id, FACTS[t], "table") for t, *_ in cells]
        spec["current_figures"] += [(report_id, fact, "narrative") for fact in figures.values()]
        for t, r, c, v, s in cells:
            if t == "t2":
                spec["fct_disclosure_volume"].append((report_id, "table", r, c, v, s))
            elif t == "t3":
                spec["fct_application_outcomes"].append(
                    (report_id, "table", r, c, None if v is None else int(v), s)
                )
            else:
                spec["fct_litigation"].append(
                    (report_id, "table", r, c, None if v is None else int(v))
                )
        spec["fct_disclosure_volume"].append(
            (report_id, "narrative", "active_disclosure_total", "items_published", 7.0, "number")
        )
        spec["mart_agency_year"].append((agency, year, f"{agency}|{year}", report_id, True))
        spec["fct_reconciliation_checks"] += _checks(report_id, cells)
    return spec


DDL = """
create schema landing; create schema staging; create schema intermediate;
create table landing.inbox_files(inbox_path varchar, outcome varchar, report_id varchar);
create table landing.reports(report_id varchar, inbox_path varchar, cell_count integer,
    figure_count integer);
create table landing.rejected_inputs(inbox_path varchar);
create table landing.report_cells(report_id varchar, table_id varchar, row_code varchar,
    column_code varchar, value double, value_status varchar);
create table landing.narrative_figures(report_id varchar, item varchar);
create table staging.stg_ogi__table_cells_2021(report_id varchar);
create table staging.stg_ogi__table_cells_2019(report_id varchar);
create table staging.stg_ogi__table_cells_pre2019(report_id varchar);
create table staging.stg_ogi__narrative_figures(report_id varchar, item_code varchar);
create table intermediate.int_table_cells__harmonised(report_id varchar);
create table intermediate.int_narrative_figures__harmonised(report_id varchar);
create table intermediate.int_table_cells__current(report_id varchar, fact_name varchar,
    source_kind varchar);
create table intermediate.int_narrative_figures__current(report_id varchar, fact_name varchar,
    source_kind varchar);
create table intermediate.int_reports__versions(report_id varchar, agency_id varchar,
    report_year integer, agency_year_key varchar, version_rank integer, is_current_version boolean);
create table main.fct_disclosure_volume(report_id varchar, source_kind varchar, item_code varchar,
    measure_code varchar, value double, value_status varchar);
create table main.fct_application_outcomes(report_id varchar, source_kind varchar,
    row_code varchar, applicant_type varchar, request_count bigint, value_status varchar);
create table main.fct_litigation(report_id varchar, source_kind varchar, proceeding varchar,
    result varchar, case_count bigint);
create table main.fct_reconciliation_checks(report_id varchar, source_file varchar,
    rule_code varchar, scope varchar, status varchar, expected_value decimal(20, 6),
    found_value decimal(20, 6), detail varchar);
create table main.mart_agency_year(agency_id varchar, report_year integer, agency_year_key varchar,
    source_report_id varchar, reconciliation_ok boolean);
"""

TABLES = {
    "inbox_files": "landing.inbox_files",
    "reports": "landing.reports",
    "rejected_inputs": "landing.rejected_inputs",
    "report_cells": "landing.report_cells",
    "narrative_figures": "landing.narrative_figures",
    "stg_table_cells": "staging.stg_ogi__table_cells_2021",
    "stg_narrative_figures": "staging.stg_ogi__narrative_figures",
    "harmonised_cells": "intermediate.int_table_cells__harmonised",
    "harmonised_figures": "intermediate.int_narrative_figures__harmonised",
    "current_cells": "intermediate.int_table_cells__current",
    "current_figures": "intermediate.int_narrative_figures__current",
    "versions": "intermediate.int_reports__versions",
    "fct_disclosure_volume": "main.fct_disclosure_volume",
    "fct_application_outcomes": "main.fct_application_outcomes",
    "fct_litigation": "main.fct_litigation",
    "fct_reconciliation_checks": "main.fct_reconciliation_checks",
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


def run_broken(tmp_path: Path, spec, **kwargs) -> quality.QualityResult:
    return quality.run_quality_checks(build_warehouse(tmp_path / "broken.duckdb", spec), **kwargs)


def only_failure(result: quality.QualityResult) -> quality.ExpectationOutcome:
    assert len(result.failures) == 1, result.summary()
    return result.failures[0]


# ---------------------------------------------------------------------------------------------


def test_suites_are_reviewable_json_with_meta():
    config = quality.load_checkpoint_config()
    assert config["result_format"]["result_format"] == "COMPLETE"
    assert set(config["suites"]) == SUITES
    assert config["suites"]["integrity"]["meta"]["blocking"] is True
    assert config["suites"]["reconciliation"]["meta"]["blocking"] is False
    assert config["suites"]["soft_rules"]["meta"]["blocking"] is False
    rules = {}
    for suite in config["suites"].values():
        assert suite["meta"]["description"]
        for expectation in suite["expectations"]:
            assert expectation["meta"]["check"] in quality.CHECKS
            assert expectation["meta"]["explains"]
            if "rule" in expectation["meta"]:
                rules[expectation["meta"]["rule"]] = suite["name"]
    # every rule the reports promise has an expectation, hard rules in `reconciliation`
    assert rules == {
        **dict.fromkeys(("R1", "R2", "R3", "R4", "R5"), "reconciliation"),
        **dict.fromkeys(("C1", "C2", "T1", "H1"), "soft_rules"),
    }


def test_good_warehouse_passes_every_suite(good_result):
    _, result = good_result
    assert result.success, result.summary()
    assert result.blocking_ok
    assert result.suite_success == dict.fromkeys(SUITES, True)
    assert result.failures == []
    # 3 landed reports; 2 current reports x (3 fact tables from the tables + the narrative
    # 主动公开 in the volume fact); 4 inbox paths; 2 agency-years; R1 7 + 6 assessable
    # columns; R5 per report x table; T1 one assessable figure per report.
    assert result.frame_rows == {
        "documents": 3,
        "conservation": 8,
        "inbox": 4,
        "agency_year": 2,
        "r1": 13,
        "r2": 14,
        "r3": 50,
        "r4": 6,
        "r5": 6,
        "c1": 0,
        "c2": 4,
        "t1": 2,
        "h1": 0,
    }
    evaluated = {(o.check, o.columns): o.evaluated_rows for o in result.outcomes}
    assert evaluated[("documents", ("json_cells", "landed_cells"))] == 3
    assert evaluated[("documents", ("staged_figures", "harmonised_figures"))] == 3
    assert evaluated[("conservation", ("current_rows", "fact_rows"))] == 8
    assert evaluated[("inbox", ("placements",))] == 4
    assert evaluated[("r1", ("expected_value", "found_value"))] == 13
    assert evaluated[("r5", ("invalid_figures",))] == 6


def test_frames_read_the_warehouse(good_result):
    db, _ = good_result
    frames = quality.read_frames(db)
    docs = frames["documents"].set_index("report_id")
    a = docs.loc["A"]
    assert a.json_cells == a.landed_cells == a.staged_cells == a.harmonised_cells == 200
    assert docs.loc["B_OLD", "json_figures"] == 2 == docs.loc["B_OLD", "harmonised_figures"]
    cons = frames["conservation"].set_index(["report_id", "fact_table", "source_kind"])
    t2 = cons.loc[("A", "fct_disclosure_volume", "table")]
    assert t2.current_rows == 10 == t2.fact_rows
    assert cons.loc[("B", "fct_application_outcomes", "table"), "current_rows"] == 175
    assert cons.loc[("B", "fct_litigation", "table"), "fact_rows"] == 15
    assert cons.loc[("B", "fct_disclosure_volume", "narrative"), "fact_rows"] == 1
    assert "B_OLD" not in frames["conservation"]["report_id"].tolist()
    r1 = frames["r1"].set_index(["report_id", "scope"])
    assert ("A", "other_org") not in r1.index  # not assessable: not in the frame
    assert r1.loc[("B", "natural_person"), "expected_value"] == 12.0
    r5 = frames["r5"].set_index(["report_id", "table_id"])
    assert r5.loc[("A", "t3"), "printed_figures"] == 174
    assert r5.loc[("A", "t3"), "invalid_figures"] == 0
    # The read-only connection was closed: the file can be opened for writing again.
    duckdb.connect(str(db)).close()


def test_results_are_stored_in_the_warehouse(good_result, tmp_path):
    _, result = good_result
    rows = quality.result_rows(result)
    assert len(rows) == len(result.outcomes) == 23
    assert {r["suite"] for r in rows} == SUITES
    con = duckdb.connect(str(tmp_path / "results.duckdb"))
    try:
        assert quality.write_results(con, rows) == 23
        assert quality.write_results(con, rows) == 23  # replaces, does not append
        stored = con.execute(
            "select suite, check_name, expectation_type, columns, success, evaluated_rows, "
            "unexpected_count, detail from quality.validation_results order by suite, check_name"
        ).fetchall()
    finally:
        con.close()
    assert len(stored) == 23
    assert all(row[4] for row in stored)
    pair = [
        r for r in stored if r[1] == "conservation" and r[2].endswith("pair_values_to_be_equal")
    ]
    assert pair[0][3] == ["current_rows", "fact_rows"] and pair[0][5] == 8
    assert json.loads(pair[0][7])["offending_rows"] == []


# --- integrity: blocks the publish and names the rows -------------------------------------------


def test_cell_of_the_parsed_json_missing_from_landing(tmp_path):
    spec = good_spec()
    spec["reports"] = [(r, p, n + 1 if r == "A" else n, f) for r, p, n, f in spec["reports"]]
    result = run_broken(tmp_path, spec)
    assert not result.blocking_ok
    failure = only_failure(result)
    assert (failure.suite, failure.check, failure.columns) == (
        "integrity",
        "documents",
        ("json_cells", "landed_cells"),
    )
    assert [(r["report_id"], r["json_cells"], r["landed_cells"]) for r in failure.rows] == [
        ("A", 201, 200)
    ]


def test_landed_figure_missing_from_staging(tmp_path):
    spec = good_spec()
    # lost in staging, so also missing from the harmonised model built on it
    spec["stg_narrative_figures"].remove(("B", "requests_received_total"))
    spec["harmonised_figures"].remove(("B",))
    result = run_broken(tmp_path, spec)
    assert not result.blocking_ok
    failure = only_failure(result)
    assert (failure.check, failure.columns) == ("documents", ("landed_figures", "staged_figures"))
    assert failure.rows[0]["report_id"] == "B" and failure.rows[0]["staged_figures"] == 1


def test_cell_dropped_by_the_harmonised_model(tmp_path):
    spec = good_spec()
    spec["harmonised_cells"].remove(("A",))
    result = run_broken(tmp_path, spec)
    assert not result.blocking_ok
    failure = only_failure(result)
    assert (failure.check, failure.columns) == ("documents", ("staged_cells", "harmonised_cells"))
    (row,) = failure.rows
    assert (row["report_id"], row["staged_cells"], row["harmonised_cells"]) == ("A", 200, 199)


def test_current_cell_missing_from_fact_table(tmp_path):
    spec = good_spec()
    lost = next(i for i, r in enumerate(spec["fct_litigation"]) if r[0] == "B")
    del spec["fct_litigation"][lost]
    result = run_broken(tmp_path, spec)
    assert not result.blocking_ok
    assert result.suite_success == {"integrity": False, "reconciliation": True, "soft_rules": True}
    failure = only_failure(result)
    assert (failure.suite, failure.check, failure.expectation_type) == (
        "integrity",
        "conservation",
        "expect_column_pair_values_to_be_equal",
    )
    assert failure.columns == ("current_rows", "fact_rows")
    assert failure.rows == (
        {
            "report_id": "B",
            "fact_table": "fct_litigation",
            "source_kind": "table",
            "is_current": True,
            "current_rows": 15,
            "fact_rows": 14,
        },
    )
    assert "report_id=B, fact_table=fct_litigation" in result.summary()


def test_superseded_report_in_a_fact_table(tmp_path):
    spec = good_spec()
    spec["fct_litigation"].append(("B_OLD", "table", "administrative_review", "total", 0))
    result = run_broken(tmp_path, spec)
    assert not result.blocking_ok
    failed = {(f.check, f.expectation_type, f.columns) for f in result.failures}
    assert ("conservation", "expect_column_values_to_be_in_set", ("is_current",)) in failed
    rows = [r for f in result.failures for r in f.rows]
    assert {(r["report_id"], r["fact_table"]) for r in rows} >= {("B_OLD", "fct_litigation")}


def test_discovered_file_neither_landed_nor_rejected(tmp_path):
    """The run's own discovery list is checked, not only the manifest the landing wrote."""
    spec = good_spec()
    discovered = [row[0] for row in spec["inbox_files"]] + ["inbox/lost.pdf"]
    result = run_broken(tmp_path, spec, discovered=discovered)
    assert not result.blocking_ok
    assert result.suite_success["reconciliation"] is True
    by_column = {f.columns: f for f in result.failures}
    # Placements (the nothing-lost rule), the manifest and the recorded outcome name the file.
    assert set(by_column) == {("placements",), ("recorded",), ("outcome", "placement")}
    lost = by_column[("placements",)]
    assert lost.suite == "integrity" and lost.check == "inbox"
    assert [r["inbox_path"] for r in lost.rows] == ["inbox/lost.pdf"]
    assert lost.rows[0]["discovered"] == 1
    assert lost.rows[0]["appears_in_reports"] == 0 and lost.rows[0]["appears_in_rejected"] == 0
    assert "inbox/lost.pdf" in result.summary()


def test_file_in_the_manifest_but_in_neither_table(tmp_path):
    spec = good_spec()
    spec["inbox_files"].append(("inbox/lost.pdf", "landed", "LOST"))
    result = run_broken(tmp_path, spec)
    assert not result.blocking_ok
    by_column = {f.columns: f for f in result.failures}
    assert set(by_column) == {("placements",), ("outcome", "placement")}
    assert [r["inbox_path"] for r in by_column[("placements",)].rows] == ["inbox/lost.pdf"]


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


def test_landed_file_never_discovered(tmp_path):
    spec = good_spec()
    discovered = [row[0] for row in spec["inbox_files"] if row[0] != "inbox/A.html"]
    result = run_broken(tmp_path, spec, discovered=discovered)
    assert not result.blocking_ok
    failed = {f.columns: f for f in result.failures}
    assert set(failed) == {("discovered",)}
    assert failed[("discovered",)].rows[0]["inbox_path"] == "inbox/A.html"


# --- rules: flagged, never blocking ----------------------------------------------------------


@pytest.mark.parametrize("rule", sorted(RULE_CHECKS))
def test_a_failed_rule_is_flagged_by_its_own_expectation_and_does_not_block(rule, tmp_path):
    spec = good_spec()
    path = "inbox/B.html"
    if rule == "R5":
        failing = (
            "B",
            path,
            "R5",
            "t2:administrative_licensing:decisions",
            "fail",
            None,
            2.5,
            "count that is not a whole number: 2.5",
        )
        spec["fct_reconciliation_checks"] = [
            row
            for row in spec["fct_reconciliation_checks"]
            if row[2:4] != failing[2:4] or row[0] != "B"
        ] + [failing]
    else:
        failing = ("B", path, rule, "scope-under-test", "fail", 10.0, 11.0, "10 != 11")
        spec["fct_reconciliation_checks"].append(failing)
    result = run_broken(tmp_path, spec)
    assert result.blocking_ok  # published as the report says
    failure = only_failure(result)
    assert result.flags == [failure] and not failure.blocking
    assert failure.suite == ("soft_rules" if rule in {"C1", "C2", "T1", "H1"} else "reconciliation")
    assert failure.check == rule.lower()
    (row,) = failure.rows
    assert row["report_id"] == "B" and row["source_file"] == path
    if rule == "R5":
        assert row["table_id"] == "t2" and row["invalid_figures"] == 1
        assert "administrative_licensing:decisions" in row["invalid_cells"]
    else:
        assert (row["scope"], row["expected_value"], row["found_value"]) == (
            "scope-under-test",
            10.0,
            11.0,
        )
    stored = [r for r in quality.result_rows(result) if not r["success"]]
    assert [(r["suite"], r["blocking"], r["unexpected_count"]) for r in stored] == [
        (failure.suite, False, 1)
    ]


def test_not_assessable_checks_are_not_evaluated(good_result):
    """A check dbt could not assess (a blank figure, no previous year) is neither pass nor fail
    for GX: it is not in the frame."""
    db, _ = good_result
    frames = quality.read_frames(db)
    assert frames["c1"].empty and frames["h1"].empty
    assert "active_disclosure_total" not in frames["t1"]["scope"].tolist()


# --- Data Docs -------------------------------------------------------------------------------


def test_data_docs_are_rebuilt_in_place_and_name_the_failing_report(tmp_path):
    spec = good_spec()
    spec["fct_reconciliation_checks"].append(
        ("B", "inbox/B.html", "R4", "administrative_review", "fail", 0.0, 11.0, "0 != 11")
    )
    db = build_warehouse(tmp_path / "w.duckdb", spec)
    docs = quality.docs_dir_for(tmp_path / "w.duckdb")
    assert docs == tmp_path / "w-quality-docs"
    first = quality.run_quality_checks(db, docs_dir=docs)
    assert first.docs_index == docs / "index.html" and first.docs_index.exists()
    pages = list((docs / "validations").rglob("*.html"))
    assert {p.relative_to(docs / "validations").parts[0] for p in pages} == SUITES
    reconciliation = next(p for p in pages if p.parts[-4] == "reconciliation").read_text("utf-8")
    assert "inbox/B.html | administrative_review" in reconciliation  # the row_key of the failure
    assert f"data docs: {docs / 'index.html'}" in first.summary()
    second = quality.run_quality_checks(db, docs_dir=docs)
    runs = {p.parts[-3] for p in (docs / "validations").rglob("*.html")}
    assert runs == {f"ogi-{second.run_id[:12]}"}  # only the latest run, nothing half old
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# --- edge cases ------------------------------------------------------------------------------


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


def test_missing_relation_is_a_clear_error(tmp_path):
    db = tmp_path / "partial.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema landing")
    con.execute("create table landing.inbox_files(inbox_path varchar, outcome varchar)")
    con.close()
    with pytest.raises(quality.QualityInputError, match="documents"):
        quality.run_quality_checks(db)
