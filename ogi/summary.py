"""What a refresh produced, read back from the published warehouse, for people."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ogi.quality import docs_dir_for


@dataclass
class RunSummary:
    warehouse: str
    files_found: int
    files_parsed: int
    files_rejected: int
    rejections: list[tuple[str, str, str]] = field(default_factory=list)  # path, code, reason
    agency_years: int = 0
    reports_failing_arithmetic: list[tuple[str, int | None, str]] = field(default_factory=list)
    blocking_checks_ok: bool = True
    reconciliation_flags: int = 0
    run: object | None = None  # the refresh run that produced this summary (ogi.runs.RunRecord)
    soft_rule_flags: tuple[int, int] = (0, 0)  # failed soft-rule checks, reports they are in
    quality_docs: str | None = None  # the Great Expectations Data Docs of the latest run

    def render(self) -> str:
        lines = [_run_line(self.run)] if self.run is not None else []
        lines += [
            f"warehouse: {self.warehouse}",
            f"files found: {self.files_found}   parsed and landed: {self.files_parsed}   rejected: {self.files_rejected}",
        ]
        for path, code, reason in self.rejections:
            lines.append(f"  rejected {path} [{code}]: {reason}")
        lines.append(f"agency-years in the marts: {self.agency_years}")
        lines.append(
            f"reports whose own arithmetic does not add up: {len(self.reports_failing_arithmetic)}"
        )
        for agency, year, rules in self.reports_failing_arithmetic:
            lines.append(
                f"  {agency} {year if year is not None else '(year unknown)'}: fails {rules}"
            )
        checks, reports = self.soft_rule_flags
        lines.append(
            f"soft-rule flags (C1/C2 cross-year, T1 text vs table, H1 region vs subordinates):"
            f" {checks} checks in {reports} reports (main.fct_reconciliation_checks)"
        )
        if self.quality_docs:
            lines.append(f"quality report: {self.quality_docs}")
        return "\n".join(lines)


def _run_line(run) -> str:
    line = (
        f"run {run.run_id}: {run.status} in {run.duration_seconds:.1f} s"
        f" (files discovered {run.files_discovered}, parsed {run.files_parsed},"
        f" unchanged {run.files_unchanged})"
    )
    if run.status == "unchanged":
        line += "; nothing new, the published warehouse was kept"
    return line


def summarize(warehouse: Path) -> RunSummary:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        found, landed, rejected = con.execute(
            "select count(*), count(*) filter (outcome = 'landed'), count(*) filter (outcome = 'rejected')"
            " from landing.inbox_files"
        ).fetchall()[0]
        rejections = con.execute(
            "select inbox_path, reason_code, reason from landing.rejected_inputs order by inbox_path"
        ).fetchall()
        agency_years = con.execute("select count(*) from main.mart_agency_year").fetchall()[0][0]
        failing = con.execute(
            """
            select coalesce(mart.agency_name, '(unnamed body)'), mart.report_year,
                   string_agg(distinct checks.rule_code || ' ' || checks.scope, ', ' order by checks.rule_code || ' ' || checks.scope)
            from main.mart_agency_year as mart
            join main.fct_reconciliation_checks as checks on checks.report_id = mart.source_report_id
            where checks.status = 'fail' and checks.is_hard_rule
            group by all
            order by 1, 2
            """
        ).fetchall()
        soft_flags = con.execute(
            "select count(*), count(distinct report_id) from main.fct_reconciliation_checks"
            " where status = 'fail' and not is_hard_rule"
        ).fetchall()[0]
    run_summary = RunSummary(
        str(warehouse), found, landed, rejected, rejections, agency_years, failing
    )
    run_summary.soft_rule_flags = soft_flags
    docs = docs_dir_for(warehouse) / "index.html"
    run_summary.quality_docs = str(docs) if docs.exists() else None
    return run_summary
