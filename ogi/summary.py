"""What a refresh produced, read back from the published warehouse, for people."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb


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

    def render(self) -> str:
        lines = [
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
        return "\n".join(lines)


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
            where checks.status = 'fail'
            group by all
            order by 1, 2
            """
        ).fetchall()
    return RunSummary(str(warehouse), found, landed, rejected, rejections, agency_years, failing)
