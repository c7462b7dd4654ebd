"""dim_agency: agencies resolved against the division seed, through the real pipeline functions.

Real reports from the corpus (洪泽区 2023, 淮安市 2024, 曲阳街道 2021, 平潭综合实验区 2022 and
2025) and generated 2021-format reports under other names (淮安市洪泽区人民政府 2022: the same
body spelt differently; a department of the zone; 平潭县; a department of 淮安市; an ambiguous
朝阳区; a placeholder 样例市) are parsed, landed and built with one `dbt build` of dim_agency
and everything it reads (seeds, staging, int_agency_names__resolved, their dbt tests and
unit tests).
"""

from __future__ import annotations

import hashlib
import random
import shutil
from pathlib import Path

import duckdb
import pytest

from ogi import batch, build, generate, land
from ogi.discover import discover

CORPUS_FILES = (
    "pdf/2023-huaian-hongze-district.pdf",
    "pdf/2024-huaian-city.pdf",
    "seeds/001_44a2056813c1396c.txt",
    "pingtan/2022-pingtan-zone/page.html",
    "pingtan/2025-pingtan-zone/page.html",
)
GENERATED = (
    ("淮安市洪泽区人民政府", 2022),
    ("平潭综合实验区地方税务局", 2022),
    ("平潭县人民政府", 2022),
    ("淮安市财政局", 2024),
    ("朝阳区人民政府", 2022),
    ("样例市人民政府", 2022),
)


def _department_id(government_id: str, department: str) -> str:
    return f"{government_id}_{hashlib.md5(department.encode()).hexdigest()[:10]}"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, corpus_dir) -> Path:
    inbox = tmp_path_factory.mktemp("inbox")
    for relative in CORPUS_FILES:
        target = inbox / "corpus" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(corpus_dir / relative, target)
    rng = random.Random("test_dim_agency")
    for number, (agency, year) in enumerate(GENERATED):
        spec = generate.random_spec(rng, agency, year)
        path = inbox / "generated" / f"agency-{number}-{year}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generate.render(spec), encoding="utf-8")

    work = tmp_path_factory.mktemp("build")
    db_path = work / "dim_agency.duckdb"
    files = discover(inbox)
    outputs = [
        batch.parse_batch(files_in_batch, work / "parsed", number)
        for number, files_in_batch in enumerate(batch.make_batches(files))
    ]
    with duckdb.connect(str(db_path)) as con:
        land.land(con, [o.documents for o in outputs], [o.rejections for o in outputs])
    build.run_dbt(
        db_path, "build", extra=["--select", "+dim_agency", "--indirect-selection", "cautious"]
    )
    return db_path


def _rows(db_path: Path, sql: str) -> list[dict]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        relation = con.sql(sql)
        return [dict(zip(relation.columns, row)) for row in relation.fetchall()]


@pytest.fixture(scope="module")
def agencies(warehouse) -> dict[str, dict]:
    rows = _rows(warehouse, "select * from main.dim_agency")
    assert len({row["agency_id"] for row in rows}) == len(rows)
    return {row["agency_id"]: row for row in rows}


def test_every_landed_report_has_its_agency_in_dim_agency(warehouse, agencies):
    landed = _rows(
        warehouse,
        "select agency_name, report_year from staging.stg_ogi__reports order by 1, 2",
    )
    names = {(row["agency_name"], row["report_year"]) for row in landed}
    assert ("洪泽区人民政府", 2023) in names and ("淮安市洪泽区人民政府", 2022) in names
    missing = _rows(
        warehouse,
        """
        select report_id from intermediate.int_agencies
        where agency_id not in (select agency_id from main.dim_agency)
        """,
    )
    assert missing == []
    assert sum(row["report_count"] for row in agencies.values()) == len(names)


def test_a_county_government_is_one_agency_across_years_and_spellings(agencies):
    hongze = agencies["ag_320813"]
    assert hongze["agency_name_variants"] == "洪泽区人民政府 | 淮安市洪泽区人民政府"
    assert (hongze["first_report_year"], hongze["last_report_year"]) == (2022, 2023)
    assert hongze["report_count"] == 2
    assert hongze["agency_name"] == "洪泽区人民政府"  # the latest report's name
    assert (hongze["province"], hongze["city"], hongze["county"]) == ("江苏省", "淮安市", "洪泽区")
    assert (hongze["admin_level"], hongze["region_code"]) == ("county", "320813")
    assert hongze["parent_agency_id"] == "ag_320800" and "ag_320800" in agencies
    assert hongze["is_resolved"] and hongze["resolution_status"] == "resolved"


def test_city_and_township_governments_resolve_with_their_parents(agencies):
    city = agencies["ag_320800"]
    assert (city["admin_level"], city["province"], city["city"], city["county"]) == (
        "city",
        "江苏省",
        "淮安市",
        None,
    )
    assert city["parent_agency_id"] == "ag_320000"

    # 曲阳街道 alone: the only township of that name in the division list
    street = agencies["ag_340603010"]
    assert street["agency_name"] == "曲阳街道"
    assert (street["admin_level"], street["county"], street["township"]) == (
        "township",
        "相山区",
        "曲阳街道",
    )
    assert street["parent_agency_id"] == "ag_340603"


def test_the_pingtan_zone_is_one_special_zone_with_its_department_and_county(agencies):
    zone = agencies["ag_350128_zone"]
    assert (zone["first_report_year"], zone["last_report_year"], zone["report_count"]) == (
        2022,
        2025,
        2,
    )
    assert (zone["admin_level"], zone["region_code"], zone["county"]) == (
        "special_zone",
        "350128",
        "平潭县",
    )
    assert zone["parent_agency_id"] == "ag_350000"

    tax = agencies[_department_id("ag_350128_zone", "地方税务局")]
    assert tax["agency_name"] == "平潭综合实验区地方税务局"
    assert (tax["admin_level"], tax["department_name"]) == ("department", "地方税务局")
    assert tax["parent_agency_id"] == "ag_350128_zone"

    county = agencies["ag_350128"]
    assert county["agency_name"] == "平潭县人民政府"
    assert county["admin_level"] == "county"
    assert county["parent_agency_id"] == "ag_350128_zone"  # administered by the zone


def test_a_department_hangs_under_its_government(warehouse, agencies):
    finance = agencies[_department_id("ag_320800", "财政局")]
    assert (finance["admin_level"], finance["region_code"], finance["department_name"]) == (
        "department",
        "320800",
        "财政局",
    )
    assert finance["parent_agency_id"] == "ag_320800"
    # rule H1 reads the parent per report
    children = _rows(
        warehouse,
        """
        select agency_name from intermediate.int_agencies
        where parent_agency_id = 'ag_320800' order by 1
        """,
    )
    assert [row["agency_name"] for row in children] == [
        "洪泽区人民政府",
        "淮安市洪泽区人民政府",
        "淮安市财政局",
    ]


def test_unresolvable_agencies_are_kept_and_flagged(agencies):
    by_name = {row["agency_name"]: row for row in agencies.values()}
    chaoyang = by_name["朝阳区人民政府"]
    assert not chaoyang["is_resolved"]
    assert chaoyang["resolution_status"] == "ambiguous"
    assert "110105" in chaoyang["resolution_note"] and "220104" in chaoyang["resolution_note"]
    assert chaoyang["region_code"] is None and chaoyang["admin_level"] is None
    assert chaoyang["agency_id"] == "ag_" + hashlib.md5("朝阳区人民政府".encode()).hexdigest()[:12]

    sample = by_name["样例市人民政府"]
    assert (sample["is_resolved"], sample["resolution_status"]) == (False, "no_match")
    assert sample["report_count"] == 1
