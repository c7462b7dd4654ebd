"""Data-quality gate of a warehouse build: Great Expectations over frames read from DuckDB.

Plain functions; the Prefect flow calls them, nothing here knows about Prefect.

    result = run_quality_checks("warehouse/build.duckdb", docs_dir=docs_dir_for(published),
                                discovered=[f.inbox_path for f in files])
    with duckdb.connect(build_path) as con:
        write_results(con, result_rows(result))
    if not result.blocking_ok:            # integrity failed: do not publish
        raise RuntimeError(result.summary())

How it works
- The checks are SQL-computed *frames* (pandas), read through a read-only DuckDB connection that
  is closed before GX runs. GX's SQL datasource is not used: on DuckDB (duckdb-engine) it
  returns no results.
- The suites live as reviewable JSON in ``expectations/`` (integrity.json, reconciliation.json,
  soft_rules.json) and the checkpoint in ``expectations/checkpoint.json``; they are loaded into
  an *ephemeral* GX context for each run.
- A GX Checkpoint hands the same ``batch_parameters`` to every validation definition, so the
  frames are stacked into one DataFrame with a ``check`` column and every expectation selects
  its rows with a ``row_condition`` on it.
- A suite is blocking when its ``meta.blocking`` is true (integrity: row counts conserved from
  the parsed JSON through landing and staging to the marts, every discovered file landed or
  rejected, one row per agency-year). The rule suites only flag: ``reconciliation`` (R1-R5, the
  arithmetic a report promises about itself) and ``soft_rules`` (C1, C2, T1, H1). A report
  whose figures do not add up is kept as published and reported here.
- The rules themselves are evaluated once, by dbt (``fct_reconciliation_checks``: one row per
  report x rule x scope with expected and found values). The rule frames read those rows: one
  row per report x applicant column / table row / proceeding / document item / narrative item
  / cell in which the rule is assessable, and GX expects ``expected_value = found_value``. R5
  (valid figures) is read per report x table (count of invalid figures), not per cell.
- With ``docs_dir`` the checkpoint also renders Great Expectations Data Docs (HTML) there; the
  directory is replaced as a whole, so it always shows the latest run (``index.html``).

Empty warehouses: every frame may be empty; the stacked frame then still has all its columns
and GX evaluates each expectation over zero rows (success, ``evaluated_rows`` = 0, visible in
the results). The inbox check cannot pass vacuously while anything was discovered, landed or
rejected: its rows are the union of the paths the run discovered (when the flow passes them),
landing.inbox_files, landing.reports and landing.rejected_inputs, so a discovered file that went
nowhere (or a landed/rejected path that was never discovered) is a failing row. Only a build
with no input at all has zero inbox rows.

Importing great_expectations costs seconds, so it is imported inside the functions that need it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import os
import shutil
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
STAGING = "staging"
INTERMEDIATE = "intermediate"
MARTS = "main"

FACT_TABLES = ("fct_disclosure_volume", "fct_application_outcomes", "fct_litigation")

# The rules evaluated by dbt (fct_reconciliation_checks) whose assessable checks GX reads as an
# expected/found pair, by check name. R5 is read per report x table instead (see R5_SQL).
PAIR_RULES = {
    "r1": "R1",
    "r2": "R2",
    "r3": "R3",
    "r4": "R4",
    "c1": "C1",
    "c2": "C2",
    "t1": "T1",
    "h1": "H1",
}
_PAIR_COLUMNS = ("report_id", "source_file", "scope", "expected_value", "found_value", "detail")

# The columns that identify and explain a row of each frame (used to name offending rows).
CHECK_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": (
        "report_id",
        "inbox_path",
        "json_cells",
        "landed_cells",
        "staged_cells",
        "harmonised_cells",
        "json_figures",
        "landed_figures",
        "staged_figures",
        "harmonised_figures",
    ),
    "conservation": (
        "report_id",
        "fact_table",
        "source_kind",
        "is_current",
        "current_rows",
        "fact_rows",
    ),
    "inbox": (
        "inbox_path",
        "discovered",
        "recorded",
        "outcome",
        "appears_in_reports",
        "appears_in_rejected",
        "placements",
        "placement",
    ),
    "agency_year": ("agency_year_key", "agency_id", "report_year", "source_report_id"),
    **{check: _PAIR_COLUMNS for check in ("r1", "r2", "r3", "r4")},
    "r5": (
        "report_id",
        "source_file",
        "table_id",
        "printed_figures",
        "invalid_figures",
        "invalid_cells",
    ),
    **{check: _PAIR_COLUMNS for check in ("c1", "c2", "t1", "h1")},
}
CHECKS = tuple(CHECK_COLUMNS)
# What names a row of each frame for a person (the `row_key` shown in the Data Docs).
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("inbox_path", "report_id"),
    "conservation": ("report_id", "fact_table", "source_kind"),
    "inbox": ("inbox_path",),
    "agency_year": ("agency_year_key", "source_report_id"),
    "r5": ("source_file", "table_id"),
    **{check: ("source_file", "scope") for check in PAIR_RULES},
}
# row_key and row_index identify a row in GX results (result_format unexpected_index_column_names)
FRAME_COLUMNS: tuple[str, ...] = ("check", "row_key", "row_index") + tuple(
    dict.fromkeys(c for cols in CHECK_COLUMNS.values() for c in cols)
)
_INT_COLUMNS = (
    "row_index",
    "json_cells",
    "landed_cells",
    "staged_cells",
    "harmonised_cells",
    "json_figures",
    "landed_figures",
    "staged_figures",
    "harmonised_figures",
    "current_rows",
    "fact_rows",
    "discovered",
    "recorded",
    "appears_in_reports",
    "appears_in_rejected",
    "placements",
    "report_year",
    "printed_figures",
    "invalid_figures",
)
_FLOAT_COLUMNS = ("expected_value", "found_value")
_BOOL_COLUMNS = ("is_current",)

# How many offending rows one result row of quality.validation_results keeps in its detail.
MAX_DETAIL_ROWS = 1000


class QualityInputError(RuntimeError):
    """The warehouse lacks a relation the checks read (the build is incomplete)."""


# --------------------------------------------------------------------------------------------
# Frames
# --------------------------------------------------------------------------------------------

# Parsed JSON -> landing -> staging -> the harmonised intermediate models, per landed report.
# json_* are the lengths of the document's own `cells` and `figures` arrays
# (landing.reports.cell_count / figure_count, taken from the JSON as it was read), landed_* the
# rows in landing.*, staged_* the rows the dbt staging models expose (one staging model per
# report format for the cells: a cell of no known format is in none), harmonised_* the rows of
# int_table_cells__harmonised / int_narrative_figures__harmonised (every version, nothing
# dropped). A report id that appears only among cells or figures is a row too (json_* = 0).
STAGED_CELL_MODELS = (
    "stg_ogi__table_cells_2021",
    "stg_ogi__table_cells_2019",
    "stg_ogi__table_cells_pre2019",
)
DOCUMENTS_SQL = f"""
with
landed_cells as (
    select report_id, count(*) as n from {LANDING}.report_cells group by report_id
),
staged_cells as (
    select report_id, count(*) as n
    from ({" union all ".join(f"select report_id from {STAGING}.{m}" for m in STAGED_CELL_MODELS)})
    group by report_id
),
harmonised_cells as (
    select report_id, count(*) as n
    from {INTERMEDIATE}.int_table_cells__harmonised
    group by report_id
),
landed_figures as (
    select report_id, count(*) as n from {LANDING}.narrative_figures group by report_id
),
staged_figures as (
    select report_id, count(*) as n from {STAGING}.stg_ogi__narrative_figures group by report_id
),
harmonised_figures as (
    select report_id, count(*) as n
    from {INTERMEDIATE}.int_narrative_figures__harmonised
    group by report_id
),
report_ids as (
    select report_id from {LANDING}.reports
    union select report_id from landed_cells
    union select report_id from staged_cells
    union select report_id from harmonised_cells
    union select report_id from landed_figures
    union select report_id from staged_figures
    union select report_id from harmonised_figures
)
select
    i.report_id,
    r.inbox_path,
    coalesce(r.cell_count, 0) as json_cells,
    coalesce(lc.n, 0) as landed_cells,
    coalesce(sc.n, 0) as staged_cells,
    coalesce(hc.n, 0) as harmonised_cells,
    coalesce(r.figure_count, 0) as json_figures,
    coalesce(lf.n, 0) as landed_figures,
    coalesce(sf.n, 0) as staged_figures,
    coalesce(hf.n, 0) as harmonised_figures
from report_ids i
left join {LANDING}.reports r on r.report_id = i.report_id
left join landed_cells lc on lc.report_id = i.report_id
left join staged_cells sc on sc.report_id = i.report_id
left join harmonised_cells hc on hc.report_id = i.report_id
left join landed_figures lf on lf.report_id = i.report_id
left join staged_figures sf on sf.report_id = i.report_id
left join harmonised_figures hf on hf.report_id = i.report_id
order by i.report_id
"""

# Intermediate -> marts, per current report x fact table x source_kind (table, stat_table,
# narrative): every current cell and narrative figure that the harmonised layer assigns to a
# fact table (fact_name; int_table_cells__current, int_narrative_figures__current) is in that
# fact table exactly once, and no other report is in the facts. Cells no fact table takes
# (fact_name null, e.g. an era-1 table's staff count) stay in the intermediate models.
CONSERVATION_SQL = f"""
with current_reports as (
    select distinct report_id
    from {INTERMEDIATE}.int_reports__versions
    where is_current_version
),
assigned as (
    select report_id, fact_name, source_kind, count(*) as n
    from {INTERMEDIATE}.int_table_cells__current
    where fact_name is not null
    group by all
    union all
    select report_id, fact_name, source_kind, count(*) as n
    from {INTERMEDIATE}.int_narrative_figures__current
    where fact_name is not null
    group by all
),
facts as (
    {
    " union all ".join(
        f"select report_id, '{fact}' as fact_name, source_kind, count(*) as n "
        f"from {MARTS}.{fact} group by all"
        for fact in FACT_TABLES
    )
}
),
keys as (
    select report_id, fact_name, source_kind from assigned
    union
    select report_id, fact_name, source_kind from facts
)
select
    k.report_id,
    k.fact_name as fact_table,
    k.source_kind,
    (c.report_id is not null) as is_current,
    coalesce(sum(a.n), 0) as current_rows,
    coalesce(sum(f.n), 0) as fact_rows
from keys k
left join current_reports c on c.report_id = k.report_id
left join assigned a
    on a.report_id = k.report_id and a.fact_name = k.fact_name and a.source_kind = k.source_kind
left join facts f
    on f.report_id = k.report_id and f.fact_name = k.fact_name and f.source_kind = k.source_kind
group by all
order by k.report_id, fact_table, k.source_kind
"""

# `discovered_paths` is the list of files the run discovered (registered by read_frames); without
# one it is landing.inbox_files, the manifest the landing step writes.
INBOX_SQL = f"""
with paths as (
    select inbox_path from discovered_paths
    union
    select inbox_path from {LANDING}.inbox_files
    union
    select inbox_path from {LANDING}.reports
    union
    select inbox_path from {LANDING}.rejected_inputs
),
flags as (
    select
        p.inbox_path,
        exists (select 1 from discovered_paths d where d.inbox_path = p.inbox_path)::integer
            as discovered,
        (f.inbox_path is not null)::integer as recorded,
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

# The assessable checks of one rule (status pass or fail), one row per report x scope.
PAIR_SQL = f"""
select
    report_id,
    source_file,
    scope,
    cast(expected_value as double) as expected_value,
    cast(found_value as double) as found_value,
    detail
from {MARTS}.fct_reconciliation_checks
where rule_code = $rule and status in ('pass', 'fail')
order by report_id, scope
"""

# R5 per report x table: how many printed figures, how many invalid (negative, or a count that
# is not whole), and which.
R5_SQL = f"""
select
    report_id,
    any_value(source_file) as source_file,
    split_part(scope, ':', 1) as table_id,
    count(*) as printed_figures,
    count(*) filter (where status = 'fail') as invalid_figures,
    string_agg(scope || ' ' || detail, '; ' order by scope) filter (where status = 'fail')
        as invalid_cells
from {MARTS}.fct_reconciliation_checks
where rule_code = 'R5'
group by report_id, split_part(scope, ':', 1)
order by report_id, table_id
"""

FRAME_SQL = {
    "documents": DOCUMENTS_SQL,
    "conservation": CONSERVATION_SQL,
    "inbox": INBOX_SQL,
    "agency_year": AGENCY_YEAR_SQL,
    "r5": R5_SQL,
    **dict.fromkeys(PAIR_RULES, PAIR_SQL),
}
assert set(FRAME_SQL) == set(CHECKS)


def _read(con: duckdb.DuckDBPyConnection, check: str) -> pd.DataFrame:
    params = {"rule": PAIR_RULES[check]} if check in PAIR_RULES else None
    try:
        df = con.execute(FRAME_SQL[check], params).df()
    except duckdb.CatalogException as exc:
        raise QualityInputError(f"quality frame '{check}' cannot be read: {exc}") from exc
    # Empty results still carry the frame's columns.
    return df.reindex(columns=list(CHECK_COLUMNS[check]))


def _connect(db_path: str | Path, discovered: list[str] | None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(db_path), read_only=True)
    if discovered is None:
        try:
            con.execute(
                f"create temp view discovered_paths as select inbox_path from {LANDING}.inbox_files"
            )
        except duckdb.CatalogException as exc:
            con.close()
            raise QualityInputError(f"quality frame 'inbox' cannot be read: {exc}") from exc
    else:
        paths = pd.DataFrame({"inbox_path": pd.Series(list(discovered), dtype="object")})
        con.register("discovered_paths", paths)
    return con


def read_frames(
    db_path: str | Path, discovered: list[str] | None = None
) -> dict[str, pd.DataFrame]:
    """Read every check frame (see CHECKS) from a warehouse file.

    ``discovered``: the inbox paths the run discovered; without it, the landing's own manifest
    (landing.inbox_files) stands for them. The connection is read-only and closed before
    returning.
    """
    con = _connect(db_path, discovered)
    try:
        return {check: _read(con, check) for check in CHECKS}
    finally:
        con.close()


def read_frame(
    db_path: str | Path, check: str, discovered: list[str] | None = None
) -> pd.DataFrame:
    """One check frame (e.g. ``read_frame(db, "conservation")``)."""
    con = _connect(db_path, discovered)
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
        keys = df[list(KEY_COLUMNS[check])].astype("string").fillna("?")
        parts.append(df.assign(check=check, row_key=keys.agg(" | ".join, axis=1)))
    if parts:
        stacked = pd.concat(parts, ignore_index=True, sort=False)
    else:
        stacked = pd.DataFrame()
    stacked = stacked.reindex(columns=list(FRAME_COLUMNS))
    stacked["row_index"] = range(len(stacked))
    for col in _INT_COLUMNS:
        stacked[col] = pd.to_numeric(stacked[col]).astype("Int64")
    for col in _FLOAT_COLUMNS:
        stacked[col] = pd.to_numeric(stacked[col]).astype("float64")
    for col in _BOOL_COLUMNS:
        stacked[col] = stacked[col].astype("boolean")
    typed = set(_INT_COLUMNS) | set(_FLOAT_COLUMNS) | set(_BOOL_COLUMNS)
    for col in FRAME_COLUMNS:
        if col not in typed:
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


DOCS_SITE = "ogi_quality"


def docs_dir_for(published: str | Path) -> Path:
    """Where the Data Docs of a warehouse's runs go: beside the file, ``<stem>-quality-docs/``
    (warehouse/ogi.duckdb -> warehouse/ogi-quality-docs/index.html)."""
    published = Path(published)
    return published.parent / f"{published.stem}-quality-docs"


def _build_checkpoint(config: dict[str, Any], docs_site_dir: Path | None = None):
    """An ephemeral context holding the suites and one Checkpoint; with ``docs_site_dir`` the
    Checkpoint also renders Data Docs into that directory."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    # An ephemeral context announces its temporary docs site at INFO on every run: not news.
    announcer = logging.getLogger("great_expectations.data_context.types.base")
    level = announcer.level
    announcer.setLevel(logging.WARNING)
    try:
        context = gx.get_context(mode="ephemeral")
    finally:
        announcer.setLevel(level)
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    actions = []
    # The ephemeral context comes with a site in a temporary directory; only ours is built.
    for site in list(context.list_data_docs_sites()):
        context.delete_data_docs_site(site)
    if docs_site_dir is not None:
        context.add_data_docs_site(
            DOCS_SITE,
            {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(docs_site_dir),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
        actions.append(gx.checkpoint.UpdateDataDocsAction(name="data_docs", site_names=[DOCS_SITE]))
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
        actions=actions,
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
    docs_index: Path | None = None  # the Data Docs page of this run, when they were built

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
        # what blocks the publish first, then the flags
        lines += ["  " + f.describe() for f in self.blocking_failures + self.flags]
        if self.docs_index is not None:
            lines.append(f"  data docs: {self.docs_index}")
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
            # plain row numbers, or dicts of unexpected_index_column_names (row_index among them)
            index = [
                entry.get("row_index") if isinstance(entry, dict) else entry
                for entry in result.get("unexpected_index_list") or []
            ]
            if index and not er.success:
                cols = [c for c in CHECK_COLUMNS.get(check, FRAME_COLUMNS) if c in stacked]
                picked = stacked.loc[[int(i) for i in index if i in stacked.index], cols]
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
    db_path: str | Path,
    expectations_dir: str | Path | None = None,
    docs_dir: str | Path | None = None,
    discovered: list[str] | None = None,
) -> QualityResult:
    """Validate a built warehouse file with one GX Checkpoint run (one validation per suite).

    Reads the frames through a read-only connection (closed before GX runs), so the file can be
    validated while nobody writes to it. Raises QualityInputError when a relation is missing.
    ``docs_dir``: render Data Docs there (replacing what was there); ``discovered``: the inbox
    paths the run discovered (see read_frames).
    """
    started = time.perf_counter()
    frames = read_frames(db_path, discovered=discovered)
    return run_quality_checks_on_frames(
        frames, expectations_dir=expectations_dir, started=started, docs_dir=docs_dir
    )


def run_quality_checks_on_frames(
    frames: dict[str, pd.DataFrame],
    expectations_dir: str | Path | None = None,
    started: float | None = None,
    docs_dir: str | Path | None = None,
) -> QualityResult:
    """As run_quality_checks, for frames already in memory (same keys as read_frames)."""
    started = time.perf_counter() if started is None else started
    config = load_checkpoint_config(expectations_dir)
    stacked = stack_frames(frames)
    docs_dir = Path(docs_dir).resolve() if docs_dir is not None else None
    # The site is built beside its final place and swapped in whole: never half old, half new.
    building = docs_dir.with_name(f".{docs_dir.name}-{uuid.uuid4().hex[:8]}") if docs_dir else None
    try:
        from great_expectations.core.run_identifier import RunIdentifier

        checkpoint = _build_checkpoint(config, building)
        run_id, run_at = uuid.uuid4().hex, dt.datetime.now(dt.UTC)
        checkpoint_result = checkpoint.run(
            batch_parameters={"dataframe": stacked},
            run_id=RunIdentifier(run_name=f"ogi-{run_id[:12]}", run_time=run_at),
        )
        if docs_dir is not None:
            _replace_dir(building, docs_dir)
    finally:
        if building is not None:
            shutil.rmtree(building, ignore_errors=True)
    outcomes, suite_success = _outcomes(checkpoint_result, stacked, config["suites"])
    suite_blocking = {
        name: bool(spec.get("meta", {}).get("blocking", True))
        for name, spec in config["suites"].items()
    }
    return QualityResult(
        run_id=run_id,
        run_at=run_at,
        checkpoint=config["name"],
        suite_success=suite_success,
        suite_blocking=suite_blocking,
        blocking_ok=all(ok for name, ok in suite_success.items() if suite_blocking[name]),
        outcomes=tuple(outcomes),
        frame_rows={check: int((stacked["check"] == check).sum()) for check in CHECKS},
        duration_s=time.perf_counter() - started,
        docs_index=docs_dir / "index.html" if docs_dir is not None else None,
    )


def _replace_dir(new: Path, target: Path) -> None:
    """Put directory ``new`` where ``target`` is, removing the old one (two renames)."""
    if not (new / "index.html").exists():
        raise RuntimeError(f"Great Expectations wrote no Data Docs index into {new}")
    old = target.with_name(f".{target.name}-old-{uuid.uuid4().hex[:8]}")
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


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
