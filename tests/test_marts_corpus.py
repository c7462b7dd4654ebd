"""The marts built from the real corpus (../shared/corpus): every report year and format counted
as expected, one current version per agency-year, harmonised codes across the three eras, and
dbt docs that describe every column.

The warehouse is built the way the pipeline builds it (parse in a batch, land, `dbt build`),
without the Prefect flow, which tests/test_refresh_flow.py covers.
"""

import csv
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from ogi import batch, land
from ogi.build import run_dbt
from ogi.discover import discover

PROJECT_DIR = Path(__file__).resolve().parent.parent
GOLD_DIR = Path(__file__).resolve().parent / "gold"
EXPECTED_COUNTS = Path(__file__).resolve().parent / "expected" / "corpus_row_counts.csv"

# Reports (every version) and agency-years (current versions) per report year and format. The
# gold files say the same (test below); Pingtan's 2019, 2022 and 2025 reports each arrive as
# an html page and a txt copy: two versions, one agency-year.
EXPECTED_REPORTS = {
    # (report_year, report_format): (versions, agency-years)
    (2008, "pre2019"): (1, 1),
    (2011, "pre2019"): (3, 3),
    (2013, "pre2019"): (1, 1),
    (2015, "pre2019"): (1, 1),
    (2017, "pre2019"): (2, 2),
    (2018, "pre2019"): (1, 1),
    (2019, "2019"): (2, 1),
    (2021, "2021"): (1, 1),
    (2022, "2021"): (2, 1),
    (2023, "2021"): (1, 1),
    (2024, "2021"): (1, 1),
    (2025, "2021"): (2, 1),
    (None, "pre2019"): (1, 1),
}
PINGTAN_PAIRS = {2019: "2019", 2022: "2022", 2025: "2025"}


@pytest.fixture(scope="module")
def warehouse(corpus_dir, tmp_path_factory) -> Path:
    """The corpus landed and built by dbt, with the dbt docs generated beside it."""
    work = tmp_path_factory.mktemp("corpus-build")
    files = discover(corpus_dir)
    outputs = [
        batch.parse_batch(files_in_batch, work / "parsed", number)
        for number, files_in_batch in enumerate(batch.make_batches(files))
    ]
    db_path = work / "corpus.duckdb"
    with duckdb.connect(str(db_path)) as con:
        land.land(con, [o.documents for o in outputs], [o.rejections for o in outputs])
    run_dbt(db_path, "build")
    return db_path


@pytest.fixture(scope="module")
def docs_target(warehouse) -> Path:
    target = warehouse.parent / "docs-target"
    env = {
        **os.environ,
        "OGI_BUILD_DB": str(warehouse),
        "DBT_TARGET_PATH": str(target),
        "DBT_LOG_PATH": str(target / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    completed = subprocess.run(
        [str(Path(sys.executable).with_name("dbt")), "docs", "generate"]
        + ["--project-dir", ".", "--profiles-dir", "."],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    return target


def _query(db_path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def _gold_reports() -> list[dict]:
    documents = [json.loads(path.read_text("utf-8")) for path in sorted(GOLD_DIR.glob("*.json"))]
    return [document for document in documents if document["expect"] == "report"]


def test_the_expected_counts_are_those_of_the_gold_files():
    reports = _gold_reports()
    versions = Counter((doc["report_year"], doc["report_format"]) for doc in reports)
    agency_years = Counter(
        (year, report_format)
        for year, report_format, _ in {
            (doc["report_year"], doc["report_format"], doc["agency_name"] or doc["source"])
            for doc in reports
        }
    )
    assert {key: (versions[key], agency_years[key]) for key in versions} == EXPECTED_REPORTS


def _counts(db_path: Path, relation: str) -> dict[tuple, int]:
    return {
        (year, report_format): count
        for year, report_format, count in _query(
            db_path,
            f"select report_year, report_format, count(*) from main.{relation} group by all",
        )
    }


def test_reports_and_agency_years_per_year_and_format(warehouse):
    versions = _counts(warehouse, "fct_report_versions")
    agency_years = _counts(warehouse, "mart_agency_year")
    assert {key: (versions[key], agency_years.get(key, 0)) for key in versions} == (
        EXPECTED_REPORTS
    )


def test_fact_rows_per_year_format_and_source_are_the_expected_counts(warehouse):
    """Row counts per report year, format and source (pudl's habit): a change in what the
    parser reads or what the facts take shows here, and tests/expected/corpus_row_counts.csv
    is updated on purpose."""
    with EXPECTED_COUNTS.open(encoding="utf-8") as handle:
        expected = {
            (
                row["relation"],
                int(row["report_year"]) if row["report_year"] else None,
                row["report_format"],
                row["source_kind"],
            ): int(row["row_count"])
            for row in csv.DictReader(handle)
        }
    found = {}
    for relation in {key[0] for key in expected}:
        source_kind = (
            "source_kind"
            if relation.startswith(("fct_disclosure", "fct_application", "fct_lit"))
            else "''"
        )
        for year, report_format, kind, count in _query(
            warehouse,
            f"select report_year, report_format, {source_kind}, count(*) from main.{relation}"
            " group by all",
        ):
            found[(relation, year, report_format, kind)] = count
    differences = {
        key: (expected.get(key), found.get(key))
        for key in expected.keys() | found.keys()
        if expected.get(key) != found.get(key)
    }
    assert not differences, "(relation, year, format, source): (expected, found)\n" + "\n".join(
        f"  {key}: {value}" for key, value in sorted(differences.items(), key=str)
    )


def test_each_pingtan_html_and_txt_pair_is_one_agency_year_counted_once(warehouse):
    versions = _query(
        warehouse,
        """
        select report_year, source_file, is_current_version, deciding_criterion, version_reason,
            current_report_id
        from main.fct_report_versions
        where source_file like 'pingtan/%-pingtan-zone/page.%' and report_year >= 2019
        order by report_year, source_file
        """,
    )
    assert [(year, path.rsplit(".", 1)[-1], current) for year, path, current, *_ in versions] == [
        (year, kind, kind == "html") for year in PINGTAN_PAIRS for kind in ("html", "txt")
    ]
    for _, path, is_current, criterion, reason, _ in versions:
        assert criterion == "numeric_cell_count"
        assert reason.startswith("current over" if is_current else "superseded by"), path
    # the current_report_id of each txt copy is its html page
    superseded = [row[5] for row in versions if not row[2]]
    current_ids = {row[5] for row in versions if row[2]}
    assert set(superseded) == current_ids
    txt_ids = _query(
        warehouse,
        "select report_id from main.fct_report_versions where not is_current_version",
    )
    for relation, column in [
        ("fct_disclosure_volume", "report_id"),
        ("fct_application_outcomes", "report_id"),
        ("fct_litigation", "report_id"),
        ("fct_reconciliation_checks", "report_id"),
        ("mart_agency_year", "source_report_id"),
    ]:
        in_mart = {row[0] for row in _query(warehouse, f"select {column} from main.{relation}")}
        assert not in_mart & {row[0] for row in txt_ids}, relation
    # one row per agency-year, read from the html page, with both versions counted
    assert _query(
        warehouse,
        """
        select report_year, source_file, version_count, requests_new
        from main.mart_agency_year
        where source_file like 'pingtan/%-pingtan-zone/page.%' and report_year >= 2019
        order by report_year
        """,
    ) == [
        (2019, "pingtan/2019-pingtan-zone/page.html", 2, 23),
        (2022, "pingtan/2022-pingtan-zone/page.html", 2, 74),
        (2025, "pingtan/2025-pingtan-zone/page.html", 2, 154),
    ]


def test_2019_format_rows_are_harmonised_with_the_2021_format(warehouse):
    # table 3 of the 2019 format: 23 rows x 7 columns, every row mapped, （六） as one row
    assert _query(
        warehouse,
        """
        select count(*), count(outcome_code), count(*) filter (where outcome_code = 'other_handling'),
            count(distinct comparability)
        from main.fct_application_outcomes where report_format = '2019'
        """,
    ) == [(161, 161, 7, 2)]
    # table 2: 2019 本年新制作数量 and 2021 本年制发件数 share a harmonised measure; 对外公开总数量
    # (repealed documents included) is not 现行有效件数
    measures = dict(
        _query(
            warehouse,
            """
            select report_format || ':' || measure_code, harmonised_measure_code
            from main.fct_disclosure_volume
            where source_kind = 'table' and item_code = 'normative_documents'
            group by all
            """,
        )
    )
    assert measures["2019:newly_made"] == measures["2021:issued"] == "documents_issued"
    assert measures["2019:total_published"] == "documents_published_total"
    assert measures["2021:in_force"] == "documents_in_force"


def test_era_1_outcomes_are_read_from_prose_and_statistical_tables(warehouse):
    outcomes = _query(
        warehouse,
        """
        select source_file, source_kind, row_label, outcome_code, outcome_class, request_count
        from main.fct_application_outcomes
        where report_format = 'pre2019' and outcome_group not in ('received', 'answered')
        order by source_file, source_kind, row_code
        """,
    )
    assert (
        "seeds/002_d5ce5f19a4ad4817.txt",
        "narrative",
        "同意公开",
        "granted",
        "disclosed",
        7,
    ) in (outcomes)
    assert (
        "seeds/002_d5ce5f19a4ad4817.txt",
        "narrative",
        "申请内容不明确、信息不存在咨询等其他情况",
        "other_answer",
        "not_disclosed",
        1,
    ) in outcomes
    jilin = [row[2:4] for row in outcomes if row[0] == "seeds/003_74453bcb8a5ffe2c.txt"]
    assert jilin == [
        ("其中:⑴同意公开答复数", "granted"),
        ("⑵同意部分公开答复数", "partially_granted"),
        ("⑶否决公开答复数", "refused"),
        ("其中:①信息不存在数", "information_not_exist"),
        ("②申请内容不明数", "request_unclear"),
        ("③涉密免于公开数", "denied_state_secret"),
        ("④其他原因数", "other_answer"),
    ]
    # era-1 lawsuits are not split into direct and after review
    assert {
        row[0]
        for row in _query(
            warehouse,
            "select distinct proceeding from main.fct_litigation where report_format = 'pre2019'",
        )
    } == {"administrative_review", "lawsuit", "lawsuit_or_complaint", "administrative_appeal"}


def test_dbt_docs_describe_every_model_seed_and_column(docs_target):
    """`dbt docs generate` works (make docs), and every column the warehouse holds is
    described: the catalog (what is in the database) against the manifest (what is written)."""
    assert (docs_target / "index.html").exists()
    manifest = json.loads((docs_target / "manifest.json").read_text("utf-8"))
    catalog = json.loads((docs_target / "catalog.json").read_text("utf-8"))
    undocumented = []
    for unique_id, entry in catalog["nodes"].items():
        node = manifest["nodes"][unique_id]
        if not node["description"].strip():
            undocumented.append(f"{unique_id} (no description)")
        described = {
            name.lower()
            for name, column in node["columns"].items()
            if column["description"].strip()
        }
        undocumented += [
            f"{unique_id}.{name}" for name in entry["columns"] if name.lower() not in described
        ]
    assert not undocumented, "undocumented:\n" + "\n".join(sorted(undocumented))
