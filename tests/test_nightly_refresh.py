"""Nightly refreshes with the real flow: incremental parsing, run history, faults, readers.

One module-scoped sequence of runs into a new warehouse, with reader processes querying the
published warehouse from the second run on. Its final inbox is the inbox of the `published`
session fixture (conftest.py), a clean build, which the sequence's result is compared with.

  A  the inbox with an earlier version of one   → succeeded, every file parsed
     report, one report missing and one extra
  B  nothing new                                 → unchanged, nothing parsed, no build
  C  the report corrected, the missing one       → succeeded after a retry; two files parsed
     arrived, the extra one withdrawn; the
     first dbt attempt fails transiently
  D  forced rebuild whose dbt build fails         → failed, not retried, C's data stays
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from flows import refresh as refresh_module
from ogi import cache
from ogi.build import DbtBuildFailed
from ogi.cli import main
from ogi.export import export_marts
from ogi.generate import write_demo_inbox

TESTS_DIR = Path(__file__).resolve().parent
DEMO_INBOX = TESTS_DIR.parent / "inbox" / "demo"
READER = TESTS_DIR / "_reader.py"
HELD_BACK = "demo/generated/sample-district-2024.html"  # arrives before run C
CHANGED = "demo/generated/sample-city-2023.html"  # corrected before run C
REMOVED = "demo/generated/withdrawn-copy.txt"  # only in runs A and B
READER_MODES = ("duckdb", "sqlalchemy")

sys.path.insert(0, str(TESTS_DIR))
from _reader import SIGNATURE_SQL


def signature(warehouse: Path) -> list:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return list(con.execute(SIGNATURE_SQL).fetchall()[0])


def comparable_tables(warehouse: Path, leave_out=("refresh_runs",)) -> dict[str, list]:
    """Every table's rows, sorted, without timestamp columns (load times differ by run), the
    quality results (they carry run ids) and `leave_out`."""
    tables = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = con.execute(
            "select schema_name, table_name from duckdb_tables()"
            " where schema_name <> 'quality' order by 1, 2"
        ).fetchall()
        for schema, table in names:
            if table in leave_out:
                continue
            columns = [
                name
                for name, kind in con.execute(
                    "select column_name, data_type from duckdb_columns()"
                    " where schema_name = ? and table_name = ? order by column_index",
                    [schema, table],
                ).fetchall()
                if not kind.startswith("TIMESTAMP")
            ]
            rows = con.execute(
                f'select {", ".join(chr(34) + c + chr(34) for c in columns)} from "{schema}"."{table}"'
            ).fetchall()
            tables[f"{schema}.{table}"] = sorted(rows, key=repr)
    return tables


def data_hash(warehouse: Path) -> str:
    return hashlib.sha256(repr(comparable_tables(warehouse)).encode()).hexdigest()


def history(warehouse: Path) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "select status, files_discovered, files_parsed, files_unchanged, files_rejected, error"
            " from main.refresh_runs order by started_at"
        ).fetchall()


@dataclass
class Sequence:
    inbox: Path
    warehouse: Path
    clean: Path  # the `published` fixture's clean build of the same final inbox
    states: dict[str, list] = field(default_factory=dict)  # run → signature after it
    data: dict[str, str] = field(default_factory=dict)  # run → data hash after it
    started: dict[str, float] = field(default_factory=dict)
    finished: dict[str, float] = field(default_factory=dict)
    dbt_calls: dict[str, int] = field(default_factory=dict)
    summaries: dict = field(default_factory=dict)
    failure: BaseException | None = None
    changed_before: tuple[str, str] | None = None  # (sha256, report_id) of CHANGED in run A
    reader_logs: list[Path] = field(default_factory=list)


def _start_readers(warehouse: Path, work: Path) -> tuple[list[subprocess.Popen], list[Path], Path]:
    stop = work / "stop"
    logs = [work / f"reader-{number}.ndjson" for number in range(len(READER_MODES))]
    processes = [
        subprocess.Popen([sys.executable, str(READER), str(warehouse), str(log), str(stop), mode])
        for log, mode in zip(logs, READER_MODES)
    ]
    deadline = time.monotonic() + 60
    while not all(log.exists() and log.read_text().strip() for log in logs):
        assert time.monotonic() < deadline, "the reader processes did not start"
        assert all(process.poll() is None for process in processes), "a reader process died"
        time.sleep(0.1)
    return processes, logs, stop


@pytest.fixture(scope="module")
def sequence(tmp_path_factory, published) -> Sequence:
    # The pipeline's code is part of what decides "nothing new" (tests/test_parse_cache.py);
    # held fixed here, so that an edit to the working copy during the runs cannot count as one.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache, "pipeline_fingerprint", lambda: "the pipeline under test")
        yield _run_sequence(tmp_path_factory, published)


def _run_sequence(tmp_path_factory, published) -> Sequence:
    final_inbox, clean_warehouse, _ = published
    work = tmp_path_factory.mktemp("nightly")
    inbox = work / "inbox"
    shutil.copytree(final_inbox, inbox)
    for relative in (HELD_BACK, CHANGED):
        assert (inbox / relative).is_file(), f"the demo inbox no longer has {relative}"
    later = work / "later"
    later.mkdir()
    shutil.move(inbox / HELD_BACK, later / "held-back")
    shutil.copy(inbox / CHANGED, later / "corrected")
    earlier = write_demo_inbox(work / "other-seed", seed=7)
    earlier = next(path for path in earlier if path.name == Path(CHANGED).name)
    assert earlier.read_bytes() != (inbox / CHANGED).read_bytes()
    shutil.copy(earlier, inbox / CHANGED)
    shutil.copy(inbox / "demo/generated/sample-city-2024.txt", inbox / REMOVED)

    run = Sequence(inbox, work / "warehouse" / "ogi.duckdb", clean_warehouse)

    def refresh(name: str, **options):
        run.started[name] = time.time()
        try:
            run.summaries[name] = refresh_module.refresh_flow(
                inbox=inbox, warehouse=run.warehouse, **options
            )
        finally:
            run.finished[name] = time.time()
            run.states[name] = signature(run.warehouse)
            run.data[name] = data_hash(run.warehouse)

    refresh("A")
    with duckdb.connect(str(run.warehouse), read_only=True) as con:
        run.changed_before = con.execute(
            "select file_sha256, report_id from landing.inbox_files where inbox_path = ?",
            [CHANGED],
        ).fetchall()[0]

    readers, run.reader_logs, stop = _start_readers(run.warehouse, work)
    try:
        refresh("B")

        shutil.copy(later / "corrected", inbox / CHANGED)
        shutil.move(later / "held-back", inbox / HELD_BACK)
        (inbox / REMOVED).unlink()
        real_run_dbt = refresh_module.build.run_dbt
        calls = {"C": 0, "D": 0}

        def flaky_run_dbt(*args, **kwargs):
            calls["C"] += 1
            if calls["C"] == 1:
                raise DbtBuildFailed(
                    'dbt build failed (exit 2):\nIO Error: Could not set lock on file "ogi.duckdb"',
                    returncode=2,
                )
            return real_run_dbt(*args, **kwargs)

        def failing_run_dbt(*args, **kwargs):
            calls["D"] += 1
            raise DbtBuildFailed(
                "dbt build failed (exit 1):\nfail: test.ogi.some_test: Got 3 results", returncode=1
            )

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(
                refresh_module,
                "build_marts",
                refresh_module.build_marts.with_options(retry_delay_seconds=0),
            )
            patch.setattr(refresh_module.build, "run_dbt", flaky_run_dbt)
            refresh("C")
            patch.setattr(refresh_module.build, "run_dbt", failing_run_dbt)
            try:
                refresh("D", force=True)
            except DbtBuildFailed as error:
                run.failure = error
        run.dbt_calls = calls
        time.sleep(1.0)  # let every reader query the final state a few times
    finally:
        stop.touch()
        for process in readers:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    return run


def test_a_second_run_with_nothing_new_parses_nothing_and_keeps_the_warehouse(sequence):
    first, second = history(sequence.warehouse)[:2]
    assert first[:4] == ("succeeded", first[1], first[1], 0)
    assert second[:4] == ("unchanged", first[1], 0, first[1])
    assert second[4] == first[4]  # rejected files, carried from the build that is kept
    assert sequence.data["B"] == sequence.data["A"]  # the same data is published
    assert sequence.summaries["B"].run.status == "unchanged"


def test_only_new_and_changed_files_are_parsed_and_a_changed_file_replaces_its_earlier_version(
    sequence,
):
    status, discovered, parsed, unchanged, _, _ = history(sequence.warehouse)[2]
    assert status == "succeeded"
    assert parsed == 2  # the corrected file and the new one
    assert unchanged == discovered - 2
    old_sha, old_report = sequence.changed_before
    new_sha = hashlib.sha256((sequence.inbox / CHANGED).read_bytes()).hexdigest()
    with duckdb.connect(str(sequence.warehouse), read_only=True) as con:
        paths = dict(
            con.execute("select inbox_path, file_sha256 from landing.inbox_files").fetchall()
        )
        reports = {
            row[0] for row in con.execute("select report_id from landing.reports").fetchall()
        }
    assert paths[CHANGED] == new_sha != old_sha
    assert old_report not in reports and new_sha[:16] in reports
    assert HELD_BACK in paths and REMOVED not in paths


def test_landing_and_marts_after_a_sequence_of_runs_equal_one_clean_build(sequence):
    incremental = comparable_tables(sequence.warehouse)
    clean = comparable_tables(sequence.clean)
    assert incremental.keys() == clean.keys()
    differing = [name for name in clean if incremental[name] != clean[name]]
    assert differing == []
    assert "landing.reports" in clean and "main.mart_agency_year" in clean


def test_a_transient_dbt_failure_is_retried_and_the_run_succeeds(sequence):
    assert sequence.dbt_calls["C"] == 2
    assert history(sequence.warehouse)[2][0] == "succeeded"


def test_a_failed_run_keeps_the_last_good_warehouse_and_records_why(sequence):
    assert isinstance(sequence.failure, DbtBuildFailed)
    assert sequence.dbt_calls["D"] == 1  # a failing test is not transient: no retry
    assert sequence.data["D"] == sequence.data["C"]
    status, *_, error = history(sequence.warehouse)[3]
    assert status == "failed" and "some_test" in error
    assert list((sequence.warehouse.parent / ".build").glob("*.duckdb")) == []


def test_the_command_line_shows_the_last_runs(sequence):
    result = CliRunner().invoke(main, ["runs", "--warehouse", str(sequence.warehouse)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    statuses = [line.split()[2] for line in lines[1:5]]
    assert statuses == ["failed", "succeeded", "unchanged", "succeeded"]  # newest first
    assert "last run failed" in result.output and "some_test" in result.output


def _observations(log: Path) -> list[dict]:
    return [line for line in map(json.loads, log.read_text().splitlines()) if not line.get("ready")]


def test_readers_never_see_an_error_or_a_partial_state_and_see_new_data_after_each_swap(
    sequence,
):
    order = ["A", "B", "C", "D"]
    published = {json.dumps(sequence.states[name]): name for name in order}
    assert len(published) == 4  # every run left a distinguishable published state
    for log in sequence.reader_logs:
        observations = _observations(log)
        errors = [line["error"] for line in observations if "error" in line]
        assert errors == [], f"{log.name}: {errors[:3]}"
        seen = [published.get(json.dumps(line["state"])) for line in observations]
        assert None not in seen, f"{log.name} saw a state that was never published"
        ranks = [order.index(name) for name in seen]
        assert ranks == sorted(ranks), f"{log.name} went back to an older state"
        for name in order[1:]:  # a query that starts after a swap sees the new file
            after = [
                rank
                for line, rank in zip(observations, ranks)
                if line["t"] > sequence.finished[name]
            ]
            assert after and min(after) >= order.index(name), (log.name, name)
        during_build = [
            line
            for line in observations
            if sequence.started["C"] < line["t"] < sequence.finished["C"]
        ]
        assert len(during_build) >= 3, f"{log.name} barely read while run C was building"


def test_a_read_only_sqlalchemy_url_queries_the_marts_and_cannot_write(sequence):
    expected = signature(sequence.warehouse)[4]
    engine = create_engine(
        f"duckdb:///{sequence.warehouse}?access_mode=read_only", poolclass=NullPool
    )
    with engine.connect() as con:
        agency_years = con.execute(text("select count(*) from mart_agency_year")).scalar_one()
        assert agency_years == expected > 0
        with pytest.raises(SQLAlchemyError, match="read-only"):
            con.execute(text("create table scratch as select 1 as x"))
    engine.dispose()


def test_the_marts_export_to_parquet_and_csv_with_every_row(sequence, tmp_path):
    written = export_marts(sequence.warehouse, tmp_path / "export")
    names = {path.name for path in written}
    for table in ("mart_agency_year", "fct_application_outcomes", "dim_agency", "refresh_runs"):
        assert {f"{table}.parquet", f"{table}.csv"} <= names
    assert "rejected_inputs.csv" in names
    manifest = json.loads((tmp_path / "export" / "_manifest.json").read_text("utf-8"))
    with duckdb.connect(str(sequence.warehouse), read_only=True) as con:
        expected = sorted(con.execute("select * from main.mart_agency_year").fetchall(), key=repr)
        assert manifest["tables"]["mart_agency_year"]["rows"] == len(expected)
        parquet = tmp_path / "export" / "mart_agency_year.parquet"
        assert sorted(con.execute(f"select * from '{parquet}'").fetchall(), key=repr) == expected
        csv = tmp_path / "export" / "mart_agency_year.csv"
        assert con.execute(f"select count(*) from read_csv('{csv}')").fetchall()[0][0] == len(
            expected
        )
    assert not list((tmp_path / "export").glob(".export-*"))
