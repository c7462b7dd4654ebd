"""Export the marts to Parquet and CSV, for tools that cannot read a DuckDB file.

    export_marts(Path("warehouse/ogi.duckdb"), Path("warehouse/export"))

Every table of the `main` schema (the marts and `refresh_runs`) and `landing.rejected_inputs`
become `<name>.parquet` and `<name>.csv` (UTF-8, header row). Each file is written beside its
final name and renamed into place, so a tool reading the folder sees a whole file, old or
new. `_manifest.json` names the refresh run the files come from and their row counts.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import uuid
from pathlib import Path

import duckdb

FORMATS = {
    "parquet": "(format parquet, compression zstd)",
    "csv": "(format csv, header true)",
}
EXTRA_TABLES = (("landing", "rejected_inputs"),)


def exported_tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    marts = con.execute(
        "select schema_name, table_name from duckdb_tables()"
        " where schema_name = 'main' and not temporary order by table_name"
    ).fetchall()
    present = set(con.execute("select schema_name, table_name from duckdb_tables()").fetchall())
    return [tuple(row) for row in marts] + [table for table in EXTRA_TABLES if table in present]


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_marts(
    warehouse: Path, dest: Path, formats: tuple[str, ...] = ("parquet", "csv")
) -> list[Path]:
    """Write every exported table in each format into `dest`; returns the files written."""
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown export format(s): {', '.join(sorted(unknown))}")
    dest.mkdir(parents=True, exist_ok=True)
    staging = dest / f".export-{uuid.uuid4().hex[:12]}"
    staging.mkdir()
    written: list[Path] = []
    manifest: dict = {"warehouse": str(warehouse), "exported_at": None, "tables": {}}
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            manifest["run_id"] = _published_run(con)
            for schema, table in exported_tables(con):
                rows = con.execute(f'select count(*) from "{schema}"."{table}"').fetchall()[0][0]
                manifest["tables"][table] = {"relation": f"{schema}.{table}", "rows": rows}
                for fmt in formats:
                    target = staging / f"{table}.{fmt}"
                    con.execute(
                        f'copy (select * from "{schema}"."{table}") to {_quote(target)} {FORMATS[fmt]}'
                    )
        manifest["exported_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        (staging / "_manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        for path in sorted(staging.iterdir(), key=lambda path: path.name == "_manifest.json"):
            os.replace(path, dest / path.name)  # the manifest last: it describes a whole export
            written.append(dest / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written


def _published_run(con: duckdb.DuckDBPyConnection) -> str | None:
    has_runs = con.execute(
        "select count(*) from duckdb_tables() where schema_name = 'main' and table_name = 'refresh_runs'"
    ).fetchall()[0][0]
    if not has_runs:
        return None
    found = con.execute(
        "select run_id from main.refresh_runs where status = 'succeeded'"
        " order by started_at desc limit 1"
    ).fetchall()
    return found[0][0] if found else None
