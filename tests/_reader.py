"""A reader process for tests/test_nightly_refresh.py: what a BI tool does, in a loop.

    python tests/_reader.py WAREHOUSE OUT STOP {duckdb|sqlalchemy}

Until the file STOP exists, it opens a connection (one per query, as the README says a BI
tool must), reads a signature of the published state in one statement, and appends a JSON
line to OUT: {"t": start time, "state": [...]} or {"t": ..., "error": "..."}.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

# One statement, so the signature comes from one snapshot of one file.
SIGNATURE_SQL = """
select
    (select count(*) from main.refresh_runs) as runs,
    (select count(*) from landing.inbox_files) as inbox_files,
    (select count(*) from landing.reports) as reports,
    (select coalesce(sum(hash(report_id)), 0)::varchar from landing.reports) as reports_hash,
    (select count(*) from main.mart_agency_year) as agency_years,
    (select coalesce(sum(hash(source_report_id)), 0)::varchar from main.mart_agency_year) as mart_hash,
    (select count(*) from main.fct_application_outcomes) as outcomes
"""


def read_with_duckdb(warehouse: str) -> list:
    import duckdb

    with duckdb.connect(warehouse, read_only=True) as con:
        return list(con.execute(SIGNATURE_SQL).fetchall()[0])


def sqlalchemy_reader(warehouse: str):
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(f"duckdb:///{warehouse}?access_mode=read_only", poolclass=NullPool)

    def read(_: str) -> list:
        with engine.connect() as con:
            return list(con.execute(text(SIGNATURE_SQL)).fetchall()[0])

    return read


def main(warehouse: str, out: str, stop: str, mode: str) -> None:
    read = read_with_duckdb if mode == "duckdb" else sqlalchemy_reader(warehouse)
    with open(out, "a", encoding="utf-8") as sink:
        sink.write(json.dumps({"ready": True}) + "\n")
        sink.flush()
        while not Path(stop).exists():
            started = time.time()
            try:
                line = {"t": started, "state": read(warehouse)}
            except Exception as error:  # noqa: BLE001 -- every error is what the test counts
                line = {"t": started, "error": f"{type(error).__name__}: {error}"}
            sink.write(json.dumps(line) + "\n")
            sink.flush()
            time.sleep(0.2)


if __name__ == "__main__":
    main(*sys.argv[1:5])
