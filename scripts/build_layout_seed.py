"""Write seeds/ogi__table_layout.csv from the parser's vocabulary (ogi/layout.py).

One row per cell that the 2021 and 2019 national formats define for tables 2, 3 and 4, with
the role each cell plays in the arithmetic the reports promise. tests/test_layout_seed.py
checks that the committed seed is exactly what this script writes, so the seed and the parser
cannot drift apart. Run it after changing ogi/layout.py:

    .venv/bin/python scripts/build_layout_seed.py
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ogi import layout

SEED = Path(__file__).resolve().parent.parent / "seeds" / "ogi__table_layout.csv"
FORMATS = ("2021", "2019")
COLUMNS = (
    "report_format",
    "table_id",
    "row_code",
    "column_code",
    "row_label",
    "column_label",
    "row_group",
    "row_order",
    "column_order",
    "row_role",
    "column_role",
    "unit",
    "is_integer",
    "is_signed",
)

# Units of the 2019 table-2 cells where the column, not the row, decides: the licensing-type
# items count matters (项) but their decisions are cases (件); procurement gives a count of
# projects and an amount of money.
T2_2019_CELL_UNITS = {
    "previous_year_items": "项",
    "change": "项",
    "decisions": "件",
    "procurement_items": "项",
    "procurement_amount": "元",
}
MONEY_COLUMNS = {"fee_amount", "procurement_amount"}
SIGNED_COLUMNS = {"change"}  # 本年增/减: a change, which may be negative


def _t2_rows(report_format: str) -> list[dict]:
    labels = layout.T2_COLUMN_LABELS if report_format == "2021" else layout.T2_COLUMN_LABELS_2019
    rows = []
    for row_order, spec in enumerate(layout.T2_ROWS_BY_FORMAT[report_format], start=1):
        for column_order, column in enumerate(spec.columns, start=1):
            unit = spec.unit
            if report_format == "2019" and column in T2_2019_CELL_UNITS:
                unit = T2_2019_CELL_UNITS[column]
            rows.append(
                {
                    "table_id": "t2",
                    "row_code": spec.row,
                    "column_code": column,
                    "row_label": spec.label,
                    "column_label": labels[column],
                    "row_group": "",
                    "row_order": row_order,
                    "column_order": column_order,
                    "row_role": "item",
                    "column_role": "measure",
                    "unit": unit,
                    "is_integer": column not in MONEY_COLUMNS,
                    "is_signed": column in SIGNED_COLUMNS,
                }
            )
    return rows


def _t3_row_role(row: str) -> str:
    if row in {"new_requests", "carried_over"}:
        return "inflow"
    if row == "total_processed":
        return "outcome_total"
    if row == "carried_forward":
        return "carry_forward"
    return "outcome_leaf"


def _t3_rows(report_format: str) -> list[dict]:
    rows = []
    for row_order, spec in enumerate(layout.T3_ROWS_BY_FORMAT[report_format], start=1):
        for column_order, column in enumerate(layout.T3_COLUMNS, start=1):
            rows.append(
                {
                    "table_id": "t3",
                    "row_code": spec.row,
                    "column_code": column,
                    "row_label": spec.label,
                    "column_label": layout.T3_COLUMN_LABELS[column],
                    "row_group": spec.parent or "",
                    "row_order": row_order,
                    "column_order": column_order,
                    "row_role": _t3_row_role(spec.row),
                    "column_role": "total" if column == "total" else "component",
                    "unit": spec.unit,
                    "is_integer": True,
                    "is_signed": False,
                }
            )
    return rows


def _t4_rows() -> list[dict]:
    rows = []
    for row_order, (proceeding, proceeding_label) in enumerate(layout.T4_PROCEEDINGS, start=1):
        for column_order, (result, result_label) in enumerate(layout.T4_RESULTS, start=1):
            rows.append(
                {
                    "table_id": "t4",
                    "row_code": proceeding,
                    "column_code": result,
                    "row_label": proceeding_label,
                    "column_label": result_label,
                    "row_group": "",
                    "row_order": row_order,
                    "column_order": column_order,
                    "row_role": "proceeding",
                    "column_role": "total" if result == "total" else "component",
                    "unit": "件",
                    "is_integer": True,
                    "is_signed": False,
                }
            )
    return rows


def layout_rows() -> list[dict]:
    """Every cell of both formats, in printed order (format, table, row, column)."""
    rows = []
    for report_format in FORMATS:
        for row in _t2_rows(report_format) + _t3_rows(report_format) + _t4_rows():
            rows.append({"report_format": report_format, **row})
    return rows


def render() -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in layout_rows():
        writer.writerow(
            {
                key: str(value).lower() if isinstance(value, bool) else value
                for key, value in row.items()
            }
        )
    return buffer.getvalue()


if __name__ == "__main__":
    SEED.write_text(render(), encoding="utf-8")
    print(f"wrote {SEED} ({len(layout_rows())} cells)")
