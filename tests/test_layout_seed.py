"""The dbt layout seed and the parser's vocabulary (ogi/layout.py) must name the same cells."""

import csv
import importlib.util
from pathlib import Path

import pytest

from ogi import layout

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "ogi__table_layout.csv"


def _seeded(report_format: str) -> dict[tuple[str, str, str], dict]:
    with SEED.open(encoding="utf-8") as handle:
        return {
            (row["table_id"], row["row_code"], row["column_code"]): row
            for row in csv.DictReader(handle)
            if row["report_format"] == report_format
        }


def _emitted(report_format: str) -> set[tuple[str, str, str]]:
    """Every cell the parser can emit for a report of `report_format`."""
    cells = {
        (spec.table, spec.row, column)
        for spec in layout.T2_ROWS_BY_FORMAT[report_format]
        + layout.T3_ROWS_BY_FORMAT[report_format]
        for column in spec.columns
    }
    cells |= {
        ("t4", proceeding, result)
        for proceeding, _ in layout.T4_PROCEEDINGS
        for result, _ in layout.T4_RESULTS
    }
    return cells


@pytest.mark.parametrize(("report_format", "cell_count"), [("2021", 200), ("2019", 198)])
def test_the_seed_names_exactly_the_cells_the_parser_can_emit(report_format, cell_count):
    seeded = _seeded(report_format)
    emitted = _emitted(report_format)
    assert set(seeded) == emitted
    assert len(emitted) == sum(layout.TABLE_CELL_COUNTS_BY_FORMAT[report_format].values())
    assert len(emitted) == cell_count


@pytest.mark.parametrize("report_format", ["2021", "2019"])
def test_the_seed_prints_the_template_labels(report_format):
    seeded = _seeded(report_format)
    t2_labels = layout.T2_COLUMN_LABELS if report_format == "2021" else layout.T2_COLUMN_LABELS_2019
    for spec in layout.T2_ROWS_BY_FORMAT[report_format] + layout.T3_ROWS_BY_FORMAT[report_format]:
        for column in spec.columns:
            row = seeded[(spec.table, spec.row, column)]
            assert row["row_label"] == spec.label
            assert row["row_group"] == (spec.parent or "")
            expected_column_label = (
                t2_labels[column] if spec.table == "t2" else layout.T3_COLUMN_LABELS[column]
            )
            assert row["column_label"] == expected_column_label


def test_the_2019_format_differs_where_the_national_templates_differ():
    seeded_2021, seeded_2019 = _seeded("2021"), _seeded("2019")
    # table 3: （六）其他处理 is one row in 2019, three sub-rows in 2021
    assert ("t3", "other_handling", "total") in seeded_2019
    assert ("t3", "other_handling", "total") not in seeded_2021
    assert ("t3", "other_other", "total") in seeded_2021
    # table 2: different measures; only 本年增/减 may be negative; money may have decimals
    assert seeded_2019[("t2", "regulations", "newly_made")]["column_label"] == "本年新制作数量"
    assert seeded_2021[("t2", "regulations", "issued")]["column_label"] == "本年制发件数"
    assert {key for key, row in seeded_2019.items() if row["is_signed"] == "true"} == {
        ("t2", spec.row, "change") for spec in layout.T2_ROWS_2019 if "change" in spec.columns
    }
    assert {key for key, row in seeded_2019.items() if row["is_integer"] == "false"} == {
        ("t2", "government_procurement", "procurement_amount")
    }
    assert {key for key, row in seeded_2021.items() if row["is_integer"] == "false"} == {
        ("t2", "administrative_fees", "fee_amount")
    }


def test_the_committed_seed_is_what_the_build_script_writes():
    spec = importlib.util.spec_from_file_location(
        "build_layout_seed", ROOT / "scripts" / "build_layout_seed.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert SEED.read_text(encoding="utf-8") == module.render(), (
        "seeds/ogi__table_layout.csv is stale: run scripts/build_layout_seed.py"
    )
