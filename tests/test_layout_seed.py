"""The dbt layout seed and the parser's vocabulary (ogi/layout.py) must name the same cells."""

import csv
from pathlib import Path

from ogi import layout

SEED = Path(__file__).resolve().parent.parent / "seeds" / "ogi__table_layout.csv"


def test_every_2021_cell_the_parser_can_emit_is_in_the_layout_seed():
    with SEED.open(encoding="utf-8") as handle:
        seeded = {
            (row["table_id"], row["row_code"], row["column_code"])
            for row in csv.DictReader(handle)
            if row["report_format"] == "2021"
        }
    emitted = {
        (spec.table, spec.row, column)
        for spec in layout.T2_ROWS + layout.T3_ROWS
        for column in spec.columns
    }
    emitted |= {
        ("t4", proceeding, result)
        for proceeding, _ in layout.T4_PROCEEDINGS
        for result, _ in layout.T4_RESULTS
    }
    assert emitted <= seeded
    assert len(emitted) == sum(layout.TABLE_CELL_COUNTS.values()) == 200
