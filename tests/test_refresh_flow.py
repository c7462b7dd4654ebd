"""The real refresh flow under Prefect's test harness: real parse, DuckDB, dbt, GX, publish.

The `published` run (demo inbox and three corpus reports) is a session fixture in conftest.py:
tests/test_nightly_refresh.py compares its incremental runs with this clean build.
"""

import hashlib
from pathlib import Path

import duckdb
import pytest

from flows import refresh as refresh_module
from ogi.build import run_dbt


def _query(warehouse: Path, sql: str):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def _content_except_runs(warehouse: Path) -> str:
    """A hash of every table's rows (sorted), refresh_runs left out."""
    digest = hashlib.sha256()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables()"
            " where table_name <> 'refresh_runs' order by 1, 2"
        ).fetchall()
        for schema, table in tables:
            rows = con.execute(f'select * from "{schema}"."{table}"').fetchall()
            digest.update(f"{schema}.{table}:{sorted(map(repr, rows))}".encode())
    return digest.hexdigest()


def test_every_discovered_file_is_landed_or_rejected(published):
    inbox, warehouse, summary = published
    files = [path for path in inbox.rglob("*") if path.is_file()]
    assert summary.files_found == len(files)
    assert summary.files_parsed + summary.files_rejected == len(files)
    rejected = dict(
        _query(warehouse, "select inbox_path, reason_code from landing.rejected_inputs")
    )
    assert rejected["corpus/pingtan/2014-not-a-report-letter/page.txt"] == "not_an_annual_report"
    assert (
        rejected["demo/generated/external-sample-county-2024.invalid.json"] == "contract_violation"
    )


def test_the_mart_has_one_row_per_agency_year_with_its_source(published):
    _, warehouse, summary = published
    rows = _query(
        warehouse,
        "select agency_name, report_year, source_file, requests_new, reviews_total from main.mart_agency_year",
    )
    assert len(rows) == summary.agency_years == len({(name, year) for name, year, *_ in rows})
    pingtan = [row for row in rows if row[0] == "平潭综合实验区"]
    assert pingtan == [
        ("平潭综合实验区", 2025, "corpus/pingtan/2025-pingtan-zone/page.html", 154, 36)
    ]


def test_a_report_whose_own_arithmetic_fails_is_flagged_not_rejected(published):
    _, warehouse, summary = published
    flagged = _query(
        warehouse,
        "select agency_name, report_year from main.mart_agency_year where reconciliation_ok = false order by 1, 2",
    )
    assert ("洪泽区人民政府", 2023) in flagged  # table 4: 10 + 1 + 0 + 0 printed with a total of 0
    assert ("样例市人民政府", 2025) in flagged  # the demo's published R1 error
    assert {(name, year) for name, year, _ in summary.reports_failing_arithmetic} == set(flagged)


def test_a_figure_the_report_does_not_give_is_null_not_zero(published):
    _, warehouse, _ = published
    (row,) = _query(
        warehouse,
        "select regulations_in_force, lawsuits_total from main.mart_agency_year where source_file like '%sample-district-2025%'",
    )
    assert row == (None, None)  # printed as '/' and with dashes


def test_quality_results_are_stored_in_the_warehouse(published):
    _, warehouse, _ = published
    suites = dict(
        _query(
            warehouse,
            "select suite, bool_and(success) from quality.validation_results group by suite",
        )
    )
    assert suites["integrity"] is True
    assert suites["reconciliation"] is False  # R1 flags the demo's broken report


def test_a_conservation_failure_blocks_the_publish_and_keeps_the_previous_warehouse(
    published, monkeypatch
):
    inbox, warehouse, _ = published
    before = _content_except_runs(warehouse)

    def dbt_then_lose_a_fact_row(build_db, command="build", **kwargs):
        result = run_dbt(build_db, command, **kwargs)
        with duckdb.connect(
            str(build_db)
        ) as con:  # a fault: one staged cell never reaches its fact
            con.execute(
                "delete from main.fct_litigation where rowid = (select min(rowid) from main.fct_litigation)"
            )
        return result

    monkeypatch.setattr(refresh_module.build, "run_dbt", dbt_then_lose_a_fact_row)
    with pytest.raises(refresh_module.QualityGateFailed, match="conservation"):
        refresh_module.refresh_flow(inbox=inbox, warehouse=warehouse, force=True)
    # the published data is the previous build's; only the failed run's history row was added
    assert _content_except_runs(warehouse) == before
    (last,) = _query(
        warehouse, "select status, error from main.refresh_runs order by started_at desc limit 1"
    )
    assert last[0] == "failed" and "conservation" in last[1]
    assert list((warehouse.parent / ".build").glob("*.duckdb")) == []
