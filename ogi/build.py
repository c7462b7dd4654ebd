"""Run the dbt build against a landed warehouse file, in a subprocess.

dbt-duckdb keeps the database file open in the process that called it, so dbt never runs in
the pipeline's own process. When something fails, the error names the model or test and, for
a failed test, shows the first offending rows (the way pudl's dbt wrapper does).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parent.parent


class DbtBuildFailed(RuntimeError):
    pass


@dataclass
class DbtResult:
    models: int = 0
    tests: int = 0
    seeds: int = 0
    failures: list[str] = field(default_factory=list)
    log_tail: str = ""


def dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def run_dbt(
    db_path: Path, command: str = "build", extra: list[str] | None = None, quiet: bool = True
) -> DbtResult:
    target_dir = db_path.parent / f"{db_path.stem}-dbt-target"
    env = {
        **os.environ,
        "OGI_BUILD_DB": str(db_path),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_TARGET_PATH": str(target_dir),
        "DBT_LOG_PATH": str(target_dir / "logs"),
    }
    args = [
        dbt_executable(),
        command,
        "--project-dir",
        str(PROJECT_DIR),
        "--profiles-dir",
        str(PROJECT_DIR),
    ]
    if quiet:
        args.append("--quiet")
    completed = subprocess.run(
        args + (extra or []), env=env, capture_output=True, text=True, cwd=PROJECT_DIR, check=False
    )
    result = DbtResult(log_tail="\n".join((completed.stdout + completed.stderr).splitlines()[-40:]))
    run_results = target_dir / "run_results.json"
    if run_results.exists():
        _read_run_results(json.loads(run_results.read_text("utf-8")), db_path, result)
    if completed.returncode != 0:
        detail = "\n".join(result.failures) or result.log_tail
        raise DbtBuildFailed(f"dbt {command} failed (exit {completed.returncode}):\n{detail}")
    return result


def _read_run_results(run_results: dict, db_path: Path, result: DbtResult) -> None:
    for node in run_results.get("results", []):
        unique_id = node.get("unique_id", "")
        kind = unique_id.split(".")[0]
        if kind == "model":
            result.models += 1
        elif kind in ("test", "unit_test"):
            result.tests += 1
        elif kind == "seed":
            result.seeds += 1
        if node.get("status") in ("error", "fail"):
            message = f"{node['status']}: {unique_id}: {node.get('message') or ''}".strip()
            rows = _failing_rows(db_path, node.get("compiled_code")) if kind == "test" else ""
            result.failures.append(message + (f"\n  first failing rows:\n{rows}" if rows else ""))


def _failing_rows(db_path: Path, compiled_sql: str | None) -> str:
    if not compiled_sql:
        return ""
    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            failing = con.sql(f"select * from ({compiled_sql}) as failing limit 5")
            columns, frame = failing.columns, failing.fetchall()
    except duckdb.Error as error:
        return f"  (could not show rows: {error})"
    return "\n".join(
        "  " + ", ".join(f"{name}={value!r}" for name, value in zip(columns, row)) for row in frame
    )
