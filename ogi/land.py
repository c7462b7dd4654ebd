"""Land parsed NDJSON into the DuckDB landing schema with bulk reads (never row by row).

The documents are read once by DuckDB's JSON reader against the contract's shape, then split
into reports, table cells and narrative figures. The same bytes arriving twice (a mirror copy,
or another extractor's document of a report already parsed) land once; every other copy is
recorded in the rejected table, naming the copy that was kept.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import duckdb

_LOC = 'STRUCT(line INTEGER, "offset" INTEGER, page INTEGER, table_index INTEGER, row_index INTEGER, cell_index INTEGER)'
_VALUE = f"raw VARCHAR, value DOUBLE, status VARCHAR, is_approximate BOOLEAN, note VARCHAR, unit VARCHAR, loc {_LOC}"
DOCUMENT_TYPE = (
    "STRUCT(contract_version VARCHAR, report_id VARCHAR,"
    " source STRUCT(path VARCHAR, sha256 VARCHAR, media_type VARCHAR, bytes BIGINT),"
    " parser STRUCT(name VARCHAR, version VARCHAR), title VARCHAR,"
    " agency STRUCT(name VARCHAR, basis VARCHAR), report_year INTEGER, report_year_basis VARCHAR,"
    " report_format VARCHAR, tables STRUCT(t2 VARCHAR, t3 VARCHAR, t4 VARCHAR, stat VARCHAR),"
    f' cells STRUCT("table" VARCHAR, "row" VARCHAR, "column" VARCHAR, label VARCHAR, {_VALUE})[],'
    f" figures STRUCT(item VARCHAR, label VARCHAR, context VARCHAR, {_VALUE})[], warnings VARCHAR[])"
)
_REJECTION_COLUMNS = {
    "inbox_path": "VARCHAR",
    "file_sha256": "VARCHAR",
    "file_bytes": "BIGINT",
    "media_type": "VARCHAR",
    "stage": "VARCHAR",
    "reason_code": "VARCHAR",
    "reason": "VARCHAR",
}


def create_landing_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(resources.files("ogi").joinpath("sql/landing_schema.sql").read_text("utf-8"))


def _file_list(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(path).replace("'", "''") + "'" for path in paths) + "]"


def _non_empty(paths: list[Path]) -> list[Path]:
    return [path for path in paths if path.stat().st_size > 0]


def land(
    con: duckdb.DuckDBPyConnection, document_files: list[Path], rejection_files: list[Path]
) -> dict[str, int]:
    """Load the batch outputs into landing.*; returns row counts per landing table."""
    create_landing_schema(con)
    document_files, rejection_files = _non_empty(document_files), _non_empty(rejection_files)
    columns = (
        "{'inbox_path': 'VARCHAR', 'inbox_kind': 'VARCHAR', 'file_sha256': 'VARCHAR', 'file_bytes': 'BIGINT',"
        " 'document': '" + DOCUMENT_TYPE + "'}"
    )
    if document_files:
        con.execute(
            f"""
            create or replace temp table parsed_documents as
            select
                *,
                row_number() over (
                    partition by document.report_id
                    order by case inbox_kind when 'raw' then 0 else 1 end, inbox_path
                ) as copy_number,
                first(inbox_path) over (
                    partition by document.report_id
                    order by case inbox_kind when 'raw' then 0 else 1 end, inbox_path
                ) as kept_inbox_path
            from read_json({_file_list(document_files)}, format = 'newline_delimited', columns = {columns})
            """
        )
    else:
        con.execute(
            "create or replace temp table parsed_documents as select null::varchar as inbox_path, null::varchar as inbox_kind,"
            f" null::varchar as file_sha256, null::bigint as file_bytes, null::{DOCUMENT_TYPE} as document, 0::bigint as copy_number,"
            " null::varchar as kept_inbox_path where false"
        )
    con.execute(
        """
        insert into landing.reports
        select
            document.report_id, inbox_path, inbox_kind, document.source.path, document.source.sha256,
            document.source.media_type, document.source.bytes, document.parser.name, document.parser.version,
            document.contract_version, document.title, document.agency.name, document.agency.basis,
            document.report_year, document.report_year_basis, document.report_format,
            document.tables.t2, document.tables.t3, document.tables.t4, document.tables.stat,
            len(coalesce(document.cells, [])), len(coalesce(document.figures, [])),
            coalesce(document.warnings, []), current_timestamp::timestamp
        from parsed_documents
        where copy_number = 1
        """
    )
    con.execute(
        """
        insert into landing.report_cells
        select
            report_id, report_format, cell."table", cell."row", cell."column", cell.label, cell.raw, cell.value, cell.status,
            cell.is_approximate, cell.note, cell.unit, cell.loc.line, cell.loc."offset", cell.loc.page,
            cell.loc.table_index, cell.loc.row_index, cell.loc.cell_index
        from (
            select document.report_id as report_id, document.report_format as report_format, unnest(document.cells) as cell
            from parsed_documents
            where copy_number = 1
        )
        """
    )
    con.execute(
        """
        insert into landing.narrative_figures
        select
            report_id, report_format, figure.item, figure.label, figure.raw, figure.value, figure.status, figure.is_approximate,
            figure.note, figure.unit, figure.context, figure.loc.line, figure.loc."offset", figure.loc.page
        from (
            select document.report_id as report_id, document.report_format as report_format, unnest(document.figures) as figure
            from parsed_documents
            where copy_number = 1
        )
        """
    )
    con.execute(
        """
        insert into landing.rejected_inputs
        select
            inbox_path, file_sha256, file_bytes, 'land', 'duplicate_content',
            'the same report (identical content, report ' || document.report_id || ') is already landed from '
                || kept_inbox_path || '; this copy adds nothing',
            current_timestamp::timestamp
        from parsed_documents
        where copy_number > 1
        """
    )
    rejection_columns = (
        "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in _REJECTION_COLUMNS.items()) + "}"
    )
    # Read the rejections once; they go both to rejected_inputs and to the inbox manifest.
    if rejection_files:
        con.execute(
            f"""
            create or replace temp table parser_rejections as
            select * from read_json(
                {_file_list(rejection_files)}, format = 'newline_delimited', columns = {rejection_columns}
            )
            """
        )
    else:
        columns_sql = ", ".join(
            f"null::{kind} as {name}" for name, kind in _REJECTION_COLUMNS.items()
        )
        con.execute(
            f"create or replace temp table parser_rejections as select {columns_sql} where false"
        )
    con.execute(
        """
        insert into landing.rejected_inputs
        select inbox_path, file_sha256, file_bytes, stage, reason_code, reason, current_timestamp::timestamp
        from parser_rejections
        """
    )
    con.execute(
        """
        insert into landing.inbox_files
        select inbox_path, file_sha256, file_bytes,
               case inbox_kind when 'json' then 'application/json' else document.source.media_type end,
               case when copy_number = 1 then 'landed' else 'rejected' end,
               case when copy_number = 1 then document.report_id end
        from parsed_documents
        """
    )
    con.execute(
        """
        insert into landing.inbox_files
        select inbox_path, file_sha256, file_bytes, media_type, 'rejected', null
        from parser_rejections
        """
    )
    tables = ("inbox_files", "reports", "report_cells", "narrative_figures", "rejected_inputs")
    return {
        table: con.execute(f"select count(*) from landing.{table}").fetchall()[0][0]
        for table in tables
    }
