"""Parse one raw report into a contract document, or say why it cannot be parsed.

`parse_report` never raises for a bad input: every file ends as a `Parsed` document or a
`Rejection` that names the reason in words a person can act on.
"""

from __future__ import annotations

import gc
import hashlib
import traceback
from dataclasses import dataclass
from pathlib import PurePath

from ogi.contract import CONTRACT_VERSION
from ogi.parse.identity import identify, table_format_hint
from ogi.parse.narrative import read_narrative
from ogi.parse.sources import MEDIA_TYPES, PDF, TEXT, UnreadableSource, read_source
from ogi.parse.stat_table import StatTable, read_stat_grid, read_stat_run_together
from ogi.parse.tables import ReadCell, read_run_together, read_tables

PARSER_NAME = "ogi"
PARSER_VERSION = "0.2.0"

# Stat-table indicators whose annual figure the prose may state too (used to pick between
# the readings of run-together digits).
STAT_ROWS_STATED_IN_PROSE = {
    "主动公开": "active_disclosure_total",
    "依申请公开信息总数": "requests_received_total",
    "依申请公开总数": "requests_received_total",
    "答复总数": "requests_answered_total",
    "行政复议数": "administrative_review_total",
    "行政诉讼数": "lawsuit_total",
}


@dataclass(frozen=True)
class Rejection:
    reason_code: str
    reason: str
    stage: str = "parse"


@dataclass(frozen=True)
class Parsed:
    document: dict


def report_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def parse_report(data: bytes, source_path: str) -> Parsed | Rejection:
    media_type = MEDIA_TYPES.get(PurePath(source_path).suffix.lower())
    if media_type is None:
        return Rejection(
            "unsupported_file_type",
            f"'{PurePath(source_path).suffix}' is not a report format this parser reads (html, txt, pdf, docx)",
        )
    if not data or data.isspace():  # (data.strip() would copy a 200 KiB page to find out)
        return Rejection("empty_file", "the file is empty")
    # A parse makes tens of thousands of short-lived objects and no reference cycles worth
    # collecting: the cyclic collector, run every 700 allocations, would only re-scan them (an
    # eighth of an HTML page's parse). It is paused for the parse, as it was found.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse(data, source_path, media_type)
    except UnreadableSource as error:
        return Rejection(error.reason_code, error.reason)
    except Exception as error:  # noqa: BLE001 -- a parser bug must not stop the run or lose the file
        where = traceback.extract_tb(error.__traceback__)[-1]
        return Rejection(
            "parser_error",
            f"the parser failed on this file ({type(error).__name__}: {error} at {PurePath(where.filename).name}:{where.lineno})",
        )
    finally:
        if collecting:
            gc.enable()


def _parse(data: bytes, source_path: str, media_type: str) -> Parsed | Rejection:
    source = read_source(data, media_type)
    cell_texts = [token.text for token in source.tokens]
    tables = read_tables(
        source.tokens, grid=media_type != PDF, report_format=table_format_hint(source.lines, cell_texts)
    )
    identity = identify(source.title, source.lines, source.plain_lines, cell_texts, bool(tables.cells))
    if not identity.is_report:
        shown = identity.title or (source.lines[0] if source.lines else "")
        return Rejection(
            "not_an_annual_report",
            f"not a 政府信息公开工作年度报告: its title '{shown[:80]}' names no annual report and it prints none of the report's tables",
        )
    if not tables.cells and media_type == TEXT and identity.report_format in ("2021", "2019"):
        tables = read_run_together(source.plain_lines, identity.report_format)
    era1 = identity.report_format == "pre2019"
    # Reports without the 2021 tables list their figures in prose: read it more widely.
    figures = read_narrative(source.paragraphs(), era1=identity.report_format != "2021")
    stat = StatTable()
    if era1:
        tables.cells.clear()  # national-table words in an era-1 report are prose, not cells
        stat = read_stat_grid(source.tokens)
        if not stat.cells:
            stated: dict[str, list[float]] = {}
            for word, item in STAT_ROWS_STATED_IN_PROSE.items():
                stated[word] = [f.value.value for f in figures if f.item == item and f.value.value is not None]
            stat = read_stat_run_together(source.plain_lines, stated)
        tables.cells.extend(
            ReadCell("stat", cell.row, "annual", cell.label, cell.value, cell.loc) for cell in stat.cells
        )
        tables.warnings.extend(stat.warnings)
        tables.statuses = {"t2": "absent", "t3": "absent", "t4": "absent"}
    tables.statuses["stat"] = "complete" if stat.cells else "absent"
    printed = [cell for cell in tables.cells if cell.value.status != "blank"]
    if not printed and not figures:
        if tables.cells:
            return Rejection(
                "empty_template",
                "the national tables are printed but every cell is empty: a blank template, not a report",
            )
        return Rejection(
            "no_figures", "no statistical table and no figure stated in the text were found"
        )
    warnings = list(tables.warnings)
    if identity.agency_basis == "missing":
        warnings.append("the reporting body is not named in the title or opening text")
    if identity.report_year is None:
        warnings.append(f"the report year is {identity.report_year_basis}")

    sha256 = hashlib.sha256(data).hexdigest()  # once: a page is ~200 KiB
    document = {
        "contract_version": CONTRACT_VERSION,
        "report_id": sha256[:16],  # report_id_of(data)
        "source": {
            "path": source_path,
            "sha256": sha256,
            "media_type": media_type,
            "bytes": len(data),
        },
        "parser": {"name": PARSER_NAME, "version": PARSER_VERSION},
        "title": identity.title,
        "agency": {"name": identity.agency_name, "basis": identity.agency_basis},
        "report_year": identity.report_year,
        "report_year_basis": identity.report_year_basis,
        "report_format": identity.report_format,
        "tables": tables.statuses,
        "cells": [
            {
                "table": table,
                "row": row,
                "column": column,
                "label": label,
                "raw": value.raw,
                "value": value.value,
                "status": value.status,
                "is_approximate": value.is_approximate,
                "note": value.note,
                "unit": value.unit,
                "loc": dict(loc),
            }
            for table, row, column, label, value, loc in tables.cells  # ReadCell fields
        ],
        "figures": [
            {
                "item": figure.item,
                "label": figure.label,
                "raw": figure.value.raw,
                "value": figure.value.value,
                "status": figure.value.status,
                "is_approximate": figure.value.is_approximate,
                "note": figure.value.note,
                "unit": figure.value.unit,
                "context": figure.context,
                "loc": figure.loc,
            }
            for figure in figures
        ],
        "warnings": warnings,
    }
    return Parsed(document)


__all__ = ["PARSER_VERSION", "Parsed", "Rejection", "parse_report", "report_id_of"]
