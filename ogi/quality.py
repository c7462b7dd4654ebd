"""Data-quality gate of a warehouse build: Great Expectations over frames read from DuckDB.

Plain functions; the Prefect flow calls them, nothing here knows about Prefect.

    result = run_quality_checks("warehouse/build.duckdb")
    if not result.blocking_ok:            # integrity failed: do not publish
        raise RuntimeError(result.summary())
    with duckdb.connect(build_path) as con:
        write_results(con, result_rows(result))

How it works
- The checks are SQL-computed *frames* (pandas), read through a read-only DuckDB connection that
  is closed before GX runs. GX's SQL datasource is not used: on DuckDB (duckdb-engine) it
  returns no results.
- The suites live as reviewable JSON in ``expectations/`` (integrity.json, reconciliation.json)
  and the checkpoint in ``expectations/checkpoint.json``; they are loaded into an *ephemeral* GX
  context for each run.
- A GX Checkpoint hands the same ``batch_parameters`` to every validation definition, so the
  frames are stacked into one DataFrame with a ``check`` column (conservation | inbox |
  agency_year | r1) and every expectation selects its rows with a ``row_condition`` on it.
- A suite is blocking when its ``meta.blocking`` is true (integrity). Reconciliation (R1) only
  flags: a report whose own arithmetic is wrong is kept as published and reported here.

Empty warehouses: every frame may be empty; the stacked frame then still has all its columns
and GX evaluates each expectation over zero rows (success, ``evaluated_rows`` = 0, visible in
the results). The inbox check cannot pass vacuously while anything was discovered, landed or
rejected: its rows are the union of the paths in landing.inbox_files, landing.reports and
landing.rejected_inputs, so a discovered file that went nowhere (or a landed/rejected path that
was never discovered) is a failing row. Only a build with no input at all has zero inbox rows.

Importing great_expectations costs seconds, so it is imported inside the functions that need it.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

EXPECTATIONS_DIR = Path(__file__).resolve().parent.parent / "expectations"
CHECKPOINT_FILE = "checkpoint.json"

# Where the relations live in the built warehouse. Change here if dbt's schema naming differs.
LANDING = "landing"
INTERMEDIATE = "intermediate"
MARTS = "main"

TABLE_IDS = ("t2", "t3", "t4")
R1_ROWS = ("new_requests", "carried_over", "total_processed", "carried_forward")

# The columns that identify and explain a row of each frame (used to name offending rows).
CHECK_COLUMNS: dict[str, tuple[str, ...]] = {
    "conservation": ("report_id", "table_id", "is_current", "staged_cells", "fact_rows"),
    "inbox": (
        "inbox_path",
        "discovered",
        "outcome",
        "appears_in_reports",
        "appears_in_rejected",
        "placements",
        "placement",
    ),
    "agency_year": ("agency_year_key", "agency_id", "report_year", "source_report_id"),
    "r1": (
        "report_id",
        "applicant_type",
        "new_requests",
        "carried_over",
        "total_processed",
        "carried_forward",
        "inflow",
        "outflow",
    ),
}
CHECKS = tuple(CHECK_COLUMNS)
FRAME_COLUMNS: tuple[str, ...] = ("check",) + tuple(
    dict.fromkeys(c for cols in CHECK_COLUMNS.values() for c in cols)
)
_INT_COLUMNS = (
    "staged_cells",
    "fact_rows",
    "discovered",
    "appears_in_reports",
    "appears_in_rejected",
    "placements",
    "report_year",
    "new_requests",
    "carried_over",
    "total_processed",
    "carried_forward",
    "inflow",
    "outflow",
)

# How many offending rows one result row of quality.validation_results keeps in its detail.
MAX_DETAIL_ROWS = 1000


class QualityInputError(RuntimeError):
    """The warehouse lacks a relation the checks read (the build is incomplete)."""


# --------------------------------------------------------------------------------------------
# Frames
# --------------------------------------------------------------------------------------------

CONSERVATION_SQL = f"""
with current_reports as (
    select distinct report_id
    from {INTERMEDIATE}.int_reports__versions
    where is_current_version
),
staged as (
    select report_id, table_id, count(*) as n
    from {LANDING}.report_cells
    group by report_id, table_id
),
facts as (
    select report_id, 't2' as table_id, count(*) as n
    from {MARTS}.fct_disclosure_volume where source_kind = 'table' group by report_id
    union all
    select report_id, 't3', count(*) from {MARTS}.fct_application_outcomes group by report_id
    union all
    select report_id, 't4', count(*) from {MARTS}.fct_litigation group by report_id
),
report_ids as (
    select report_id from current_reports
    union
    select report_id from facts
),
tables(table_id) as (values ('t2'), ('t3'), ('t4'))
select
    r.report_id,
    t.table_id,
    (c.report_id is not null) as is_current,
    coalesce(s.n, 0) as staged_cells,
    coalesce(f.n, 0) as fact_rows
from report_ids r
cross join tables t
left join current_reports c on c.report_id = r.report_id
left join staged s on s.report_id = r.report_id and s.table_id = t.table_id
left join facts f on f.report_id = r.report_id and f.table_id = t.table_id
order by r.report_id, t.table_id
"""

INBOX_SQL = f"""
with paths as (
    select inbox_path from {LANDING}.inbox_files
    union
    select inbox_path from {LANDING}.reports
    union
    select inbox_path from {LANDING}.rejected_inputs
),
flags as (
    select
        p.inbox_path,
        (f.inbox_path is not null)::integer as discovered,
        f.outcome,
        exists (select 1 from {LANDING}.reports r where r.inbox_path = p.inbox_path)::integer
            as appears_in_reports,
        exists (select 1 from {LANDING}.rejected_inputs j where j.inbox_path = p.inbox_path)::integer
            as appears_in_rejected
    from paths p
    left join {LANDING}.inbox_files f on f.inbox_path = p.inbox_path
)
select
    *,
    appears_in_reports + appears_in_rejected as placements,
    case
        when appears_in_reports = 1 and appears_in_rejected = 1 then 'both'
        when appears_in_reports = 1 then 'landed'
        when appears_in_rejected = 1 then 'rejected'
        else 'neither'
    end as placement
from flags
order by inbox_path
"""

AGENCY_YEAR_SQL = f"""
select agency_year_key, agency_id, report_year, source_report_id
from {MARTS}.mart_agency_year
order by agency_year_key
"""

R1_SQL = f"""
select
    report_id,
    applicant_type,
    max(request_count) filter (where row_code = 'new_requests') as new_requests,
    max(request_count) filter (where row_code = 'carried_over') as carried_over,
    max(request_count) filter (where row_code = 'total_processed') as total_processed,
    max(request_count) filter (where row_code = 'carried_forward') as carried_forward,
    new_requests + carried_over as inflow,
    total_processed + carried_forward as outflow
from {MARTS}.fct_application_outcomes
where row_code in {R1_ROWS!r}
group by report_id, applicant_type
having count(*) = 4
   and count(distinct row_code) = 4
   and count(*) filter (where value_status = 'number' and request_count is not null) = 4
order by report_id, applicant_type
"""

FRAME_SQL = {
    "conservation": CONSERVATION_SQL,
    "inbox": INBOX_SQL,
    "agency_year": AGENCY_YEAR_SQL,
    "r1": R1_SQL,
}


def _read(con: duckdb.DuckDBPyConnection, check: str) -> pd.DataFrame:
    try:
        df = con.execute(FRAME_SQL[check]).df()
    except duckdb.CatalogException as exc:
        raise QualityInputError(f"quality frame '{check}' cannot be read: {exc}") from exc
    # Empty results still carry the frame's columns.
    return df.reindex(columns=list(CHECK_COLUMNS[check]))


def read_frames(db_path: str | Path) -> dict[str, pd.DataFrame]:
    """Read the four check frames (conservation, inbox, agency_year, r1) from a warehouse file.

    The connection is read-only and closed before returning.
    """
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return {check: _read(con, check) for check in CHECKS}
    finally:
        con.close()


def conservation_frame(db_path: str | Path) -> pd.DataFrame:
    return _read_one(db_path, "conservation")


def inbox_frame(db_path: str | Path) -> pd.DataFrame:
    return _read_one(db_path, "inbox")


def agency_year_frame(db_path: str | Path) -> pd.DataFrame:
    return _read_one(db_path, "agency_year")


def r1_frame(db_path: str | Path) -> pd.DataFrame:
    return _read_one(db_path, "r1")


def _read_one(db_path: str | Path, check: str) -> pd.DataFrame:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return _read(con, check)
    finally:
        con.close()


def stack_frames(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One DataFrame for the Checkpoint: the frames stacked, tagged by ``check``, RangeIndex."""
    parts = []
    for check in CHECKS:
        df = frames.get(check)
        if df is None or df.empty:
            continue
        parts.append(df.assign(check=check))
    if parts:
        stacked = pd.concat(parts, ignore_index=True, sort=False)
    else:
        stacked = pd.DataFrame()
    stacked = stacked.reindex(columns=list(FRAME_COLUMNS))
    for col in _INT_COLUMNS:
        stacked[col] = pd.to_numeric(stacked[col]).astype("Int64")
    stacked["is_current"] = stacked["is_current"].astype("boolean")
    for col in FRAME_COLUMNS:
        if col not in _INT_COLUMNS and col != "is_current":
            stacked[col] = stacked[col].astype("object")
    return stacked.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Suites and checkpoint configuration
# --------------------------------------------------------------------------------------------


def load_checkpoint_config(expectations_dir: str | Path | None = None) -> dict[str, Any]:
    """The checkpoint configuration and its suites, as plain JSON dicts."""
    root = Path(expectations_dir) if expectations_dir else EXPECTATIONS_DIR
    config = json.loads((root / CHECKPOINT_FILE).read_text(encoding="utf-8"))
    config["suites"] = {}
    for vd in config["validation_definitions"]:
        suite = json.loads((root / vd["suite"]).read_text(encoding="utf-8"))
        vd["suite_name"] = suite["name"]
        config["suites"][suite["name"]] = suite
    return config


def _build_checkpoint(config: dict[str, Any]):
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas("ogi_quality_frames").add_dataframe_asset("quality")
    batch_definition = asset.add_batch_definition_whole_dataframe("stacked_frames")

    validation_definitions = []
    for vd in config["validation_definitions"]:
        spec = dict(config["suites"][vd["suite_name"]])
        spec.pop("id", None)
        expected = len(spec.get("expectations", []))
        suite = gx.ExpectationSuite(**spec)
        # ExpectationSuite logs and drops an invalid expectation; a silently shorter suite
        # would be a silently weaker gate.
        if len(suite.expectations) != expected:
            raise ValueError(
                f"suite {suite.name}: {expected - len(suite.expectations)} expectation(s) in "
                f"{vd['suite']} are invalid for this Great Expectations version"
            )
        suite = context.suites.add(suite)
        validation_definitions.append(
            context.validation_definitions.add(
                gx.ValidationDefinition(name=vd["name"], data=batch_definition, suite=suite)
            )
        )
    checkpoint = gx.Checkpoint(
        name=config["name"],
        validation_definitions=validation_definitions,
        result_format=config.get("result_format", {"result_format": "COMPLETE"}),
    )
    return context.checkpoints.add(checkpoint)


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's result in one run."""

    suite: str
    blocking: bool
    check: str | None
    expectation_type: str
    columns: tuple[str, ...]
    explains: str
    success: bool
    evaluated_rows: int | None
    unexpected_count: int | None
    rows: tuple[dict[str, Any], ...] = ()  # the offending rows, as the check frame shows them
    error: str | None = None  # GX raised instead of evaluating

    def describe(self) -> str:
        where = f" [{self.check}]" if self.check else ""
        head = (
            f"{self.suite}{where} {self.expectation_type}({', '.join(self.columns)}): "
            f"{self.unexpected_count or 0} of {self.evaluated_rows or 0} rows fail"
        )
        if self.error:
            head += f"; error: {self.error}"
        if self.explains:
            head += f" -- {self.explains}"
        shown = [", ".join(f"{k}={v}" for k, v in row.items()) for row in self.rows[:10]]
        if len(self.rows) > 10:
            shown.append(f"... {len(self.rows) - 10} more")
        return "\n    ".join([head, *shown])


# A failure is an outcome that did not succeed; same fields (suite, expectation, rows).
Failure = ExpectationOutcome


@dataclass(frozen=True)
class QualityResult:
    run_id: str
    run_at: dt.datetime
    checkpoint: str
    suite_success: dict[str, bool]
    suite_blocking: dict[str, bool]
    blocking_ok: bool
    outcomes: tuple[ExpectationOutcome, ...]
    frame_rows: dict[str, int] = field(default_factory=dict)
    duration_s: float = 0.0

    @property
    def success(self) -> bool:
        return all(self.suite_success.values())

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success]

    @property
    def blocking_failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.failures if o.blocking]

    @property
    def flags(self) -> list[ExpectationOutcome]:
        """Failures of non-blocking suites: reported, never a reason to withhold publish."""
        return [o for o in self.failures if not o.blocking]

    def summary(self) -> str:
        lines = [
            f"quality run {self.run_id} ({self.checkpoint}): "
            + ", ".join(
                f"{s}={'ok' if ok else 'FAILED'}{'' if self.suite_blocking[s] else ' (informational)'}"
                for s, ok in self.suite_success.items()
            )
            + f"; frames: {self.frame_rows}; publish {'allowed' if self.blocking_ok else 'BLOCKED'}"
        ]
        lines += ["  " + f.describe() for f in self.failures]
        return "\n".join(lines)


def _jsonable(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _columns_of(kwargs: dict[str, Any]) -> tuple[str, ...]:
    if "column" in kwargs:
        return (kwargs["column"],)
    if "column_A" in kwargs:
        return (kwargs["column_A"], kwargs["column_B"])
    if "column_list" in kwargs:
        return tuple(kwargs["column_list"])
    return ()


def _check_of(config) -> str | None:
    check = (config.meta or {}).get("check")
    if check:
        return check
    condition = config.kwargs.get("row_condition")
    return getattr(condition, "parameter", None) if condition is not None else None


def _outcomes(checkpoint_result, stacked: pd.DataFrame, suites: dict[str, dict]):
    outcomes: list[ExpectationOutcome] = []
    suite_success: dict[str, bool] = {}
    for validation in checkpoint_result.run_results.values():
        name = validation.suite_name
        blocking = bool(suites[name].get("meta", {}).get("blocking", True))
        suite_success[name] = bool(validation.success)
        for er in validation.results:
            config = er.expectation_config
            check = _check_of(config)
            result = er.result or {}
            error = None
            if er.exception_info and er.exception_info.get("raised_exception"):
                error = er.exception_info.get("exception_message") or "exception"
            rows: list[dict[str, Any]] = []
            index = result.get("unexpected_index_list") or []
            if index and not er.success:
                cols = [c for c in CHECK_COLUMNS.get(check, FRAME_COLUMNS) if c in stacked]
                picked = stacked.loc[[i for i in index if i in stacked.index], cols]
                rows = [
                    {k: _jsonable(v) for k, v in rec.items()}
                    for rec in picked.to_dict(orient="records")
                ]
            outcomes.append(
                ExpectationOutcome(
                    suite=name,
                    blocking=blocking,
                    check=check,
                    expectation_type=config.type,
                    columns=_columns_of(config.kwargs),
                    explains=(config.meta or {}).get("explains", ""),
                    success=bool(er.success),
                    evaluated_rows=result.get("element_count"),
                    unexpected_count=result.get("unexpected_count", 0 if error is None else None),
                    rows=tuple(rows),
                    error=error,
                )
            )
    return outcomes, suite_success


def run_quality_checks(
    db_path: str | Path, expectations_dir: str | Path | None = None
) -> QualityResult:
    """Validate a built warehouse file with one GX Checkpoint run (one validation per suite).

    Reads the frames through a read-only connection (closed before GX runs), so the file can be
    validated while nobody writes to it. Raises QualityInputError when a relation is missing.
    """
    started = time.perf_counter()
    frames = read_frames(db_path)
    return run_quality_checks_on_frames(frames, expectations_dir=expectations_dir, started=started)


def run_quality_checks_on_frames(
    frames: dict[str, pd.DataFrame],
    expectations_dir: str | Path | None = None,
    started: float | None = None,
) -> QualityResult:
    """As run_quality_checks, for frames already in memory (same keys as read_frames)."""
    started = time.perf_counter() if started is None else started
    config = load_checkpoint_config(expectations_dir)
    stacked = stack_frames(frames)
    checkpoint = _build_checkpoint(config)
    run_at = dt.datetime.now(dt.UTC)
    checkpoint_result = checkpoint.run(batch_parameters={"dataframe": stacked})
    outcomes, suite_success = _outcomes(checkpoint_result, stacked, config["suites"])
    suite_blocking = {
        name: bool(spec.get("meta", {}).get("blocking", True))
        for name, spec in config["suites"].items()
    }
    return QualityResult(
        run_id=uuid.uuid4().hex,
        run_at=run_at,
        checkpoint=config["name"],
        suite_success=suite_success,
        suite_blocking=suite_blocking,
        blocking_ok=all(ok for name, ok in suite_success.items() if suite_blocking[name]),
        outcomes=tuple(outcomes),
        frame_rows={check: int((stacked["check"] == check).sum()) for check in CHECKS},
        duration_s=time.perf_counter() - started,
    )


# --------------------------------------------------------------------------------------------
# Storing results in the warehouse
# --------------------------------------------------------------------------------------------

RESULTS_TABLE = "quality.validation_results"
RESULT_COLUMNS = (
    ("run_id", "varchar"),
    ("run_at", "timestamptz"),
    ("checkpoint", "varchar"),
    ("suite", "varchar"),
    ("blocking", "boolean"),
    ("check_name", "varchar"),
    ("expectation_type", "varchar"),
    ("columns", "varchar[]"),
    ("success", "boolean"),
    ("evaluated_rows", "bigint"),
    ("unexpected_count", "bigint"),
    ("detail", "json"),
)


def result_rows(result: QualityResult) -> list[dict[str, Any]]:
    """One row per expectation of the run, shaped like quality.validation_results."""
    rows = []
    for o in result.outcomes:
        detail = {
            "explains": o.explains,
            "offending_rows": list(o.rows[:MAX_DETAIL_ROWS]),
            "offending_rows_truncated": len(o.rows) > MAX_DETAIL_ROWS,
            "error": o.error,
        }
        rows.append(
            {
                "run_id": result.run_id,
                "run_at": result.run_at,
                "checkpoint": result.checkpoint,
                "suite": o.suite,
                "blocking": o.blocking,
                "check_name": o.check,
                "expectation_type": o.expectation_type,
                "columns": list(o.columns),
                "success": o.success,
                "evaluated_rows": o.evaluated_rows,
                "unexpected_count": o.unexpected_count,
                "detail": json.dumps(detail, ensure_ascii=False, default=str),
            }
        )
    return rows


def write_results(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> int:
    """Create or replace quality.validation_results from result_rows(...) on a writable
    connection (the caller owns the connection and its transaction). Returns rows written."""
    con.execute("create schema if not exists quality")
    ddl = ", ".join(f"{name} {type_}" for name, type_ in RESULT_COLUMNS)
    con.execute(f"create or replace table {RESULTS_TABLE} ({ddl})")
    if rows:
        names = [name for name, _ in RESULT_COLUMNS]
        placeholders = ", ".join("?" for _ in names)
        con.executemany(
            f"insert into {RESULTS_TABLE} ({', '.join(names)}) values ({placeholders})",
            [[row.get(n) for n in names] for row in rows],
        )
    return len(rows)
