"""Run the dbt build against a landed warehouse file, in a subprocess.

dbt-duckdb keeps the database file open in the process that called it, so dbt never runs in
the pipeline's own process. When something fails, the error names the model or test and, for
a failed test, shows the first offending rows (the way pudl's dbt wrapper does).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parent.parent


class DbtBuildFailed(RuntimeError):
    def __init__(self, message: str, returncode: int | None = None) -> None:
        super().__init__(message)
        self.returncode = returncode

    @property
    def transient(self) -> bool:
        """dbt exits 1 when a model or test failed (a real failure, retrying cannot help);
        2 when it could not run at all (e.g. a lock on the database file), or is killed."""
        if "could not set lock" in str(self).lower():
            return True
        return self.returncode is not None and self.returncode != 1


# dbt events (--log-format json) that end one node of the build
RESULT_EVENTS = {
    "LogModelResult": "models",
    "LogSeedResult": "seeds",
    "LogTestResult": "tests",
    "LogSnapshotResult": "snapshots",
    "LogNodeResult": "other",
}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


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
    db_path: Path,
    command: str = "build",
    extra: list[str] | None = None,
    quiet: bool = True,
    on_event: Callable[[dict], None] | None = None,
) -> DbtResult:
    """Run `dbt <command>` on `db_path`; raise DbtBuildFailed naming what failed.

    With `on_event`, dbt logs JSON events and each one is handed to `on_event` as it happens
    (the progress display counts the models and tests built); errors read the same."""
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
    run_results = target_dir / "run_results.json"
    run_results.unlink(missing_ok=True)  # a retry must not read the previous attempt's results
    if on_event is None:
        if quiet:
            args.append("--quiet")
        completed = subprocess.run(
            args + (extra or []),
            env=env,
            capture_output=True,
            text=True,
            cwd=PROJECT_DIR,
            check=False,
        )
        returncode, output = completed.returncode, completed.stdout + completed.stderr
        log_tail = "\n".join(output.splitlines()[-40:])
    else:
        returncode, log_tail = _run_streaming(
            args + ["--log-format", "json"] + (extra or []), env, on_event
        )
    result = DbtResult(log_tail=log_tail)
    if run_results.exists():
        _read_run_results(json.loads(run_results.read_text("utf-8")), db_path, result)
    if returncode != 0:
        detail = "\n".join(result.failures) or result.log_tail
        raise DbtBuildFailed(f"dbt {command} failed (exit {returncode}):\n{detail}", returncode)
    return result


def _run_streaming(
    args: list[str], env: dict[str, str], on_event: Callable[[dict], None]
) -> tuple[int, str]:
    """Run dbt with JSON logs on stdout; hand each event on; return (exit code, log tail).

    The tail keeps the warnings and errors (what `--quiet` would have printed), or the last
    messages when there are none."""
    messages: list[tuple[str, str]] = []
    with subprocess.Popen(
        args,
        env=env,
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    ) as process:
        for line in process.stdout:
            line = line.rstrip("\n")
            try:
                event = json.loads(line)
                info = event["info"]
            except (ValueError, KeyError, TypeError):
                messages.append(("error", line))
                continue
            messages.append((info.get("level", ""), _ANSI.sub("", info.get("msg", ""))))
            try:
                on_event(event)
            except Exception:  # noqa: BLE001 -- a display must never break the build
                on_event = _ignore
        returncode = process.wait()
    loud = [text for level, text in messages if level in ("warn", "error")]
    tail = (loud or [text for _, text in messages])[-40:]
    return returncode, "\n".join(tail)


def _ignore(event: dict) -> None:
    return None


def progress_events(bar) -> Callable[[dict], None]:
    """An `on_event` that advances a progress bar per node and names what was built."""
    counts: dict[str, int] = {}

    def on_event(event: dict) -> None:
        name, data = event["info"].get("name"), event.get("data") or {}
        if name == "LogStartLine" and data.get("total"):
            bar.update(total=int(data["total"]))
        elif name in RESULT_EVENTS:
            kind = RESULT_EVENTS[name]
            counts[kind] = counts.get(kind, 0) + 1
            shown = ", ".join(f"{counts[k]} {k}" for k in ("models", "tests") if k in counts)
            bar.update(description=f"dbt {shown}")
            bar.advance()

    return on_event


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
