"""Known errors are caught by name: the real parser, the real landing, the real dbt build and the
real Great Expectations checkpoint over one inbox of

- 洪泽区 2023 (../shared/corpus/pdf): table 4 prints a review total of 0 beside 10 + 1 + 0 + 0,
  and a post-review lawsuit total of 0 beside 5 (rule R4);
- seed 003 (龙潭区缸窑镇 2011, an era-1 report): its prose says 发放政府公报(政报)24份 where its
  own statistical table says 25 (rule T1);
- generated reports (ogi.generate), each breaking one rule once: for every rule an agency with a
  clean 2022 report and a 2023 report that breaks it (R1-R4 by generate.break_rule, R5, C1, C2
  and T1 below), and a region (淮安市) whose 2021 report adds up to its two districts' reports
  while its 2022 report does not (H1).

One build serves every test of the module (a dbt build takes tens of seconds).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import duckdb
import pytest

from ogi import generate, quality
from ogi.batch import make_batches, parse_batch
from ogi.build import run_dbt
from ogi.discover import discover
from ogi.land import land

HONGZE = "pdf/2023-huaian-hongze-district.pdf"
SEED_003 = "seeds/003_74453bcb8a5ffe2c.txt"
HARD_RULES = ("R1", "R2", "R3", "R4", "R5")
SOFT_RULES = ("C1", "C2", "T1", "H1")
# one made-up body per rule; none of these names contains a division name
RULE_AGENCIES = {
    rule: f"核对样本{mark}局"
    for rule, mark in zip(HARD_RULES + ("C1", "C2", "T1"), "甲乙丙丁戊己庚辛", strict=True)
}
REGION, DISTRICTS = "淮安市人民政府", ("淮安市清江浦区人民政府", "淮安市涟水县人民政府")
# where each broken report must fail, and nowhere else
BROKEN_SCOPES = {
    "R1": {"natural_person", "total"},
    "R2": {"natural_person", "total"},
    "R3": {"new_requests", "granted", "total_processed"},
    "R4": {"administrative_review"},
    "R5": {"t2:administrative_licensing:decisions"},
    "C1": {"natural_person", "total"},
    "C2": {"normative_documents"},
    "T1": {"requests_received_total"},
    "H1": {"t4:administrative_review:total"},
}


def _bump(spec: generate.ReportSpec, key: str, delta: int = 1) -> None:
    spec.figures[key] = str(int(spec.figures[key]) + delta)


def break_once(spec: generate.ReportSpec, rule: str) -> tuple[generate.ReportSpec, str]:
    """A copy of a consistent report with `rule` broken once, and its rendered HTML. R1-R4 are
    generate.break_rule's; the others keep every hard rule (and every other soft rule) intact."""
    if rule in generate.RULES:
        broken = generate.break_rule(spec, rule)
        return broken, generate.render(broken)
    broken = spec.copy(broken_rules=(*spec.broken_rules, rule))
    if rule == "R5":
        # a count with a fraction in a cell no equation reads
        broken.figures["t2.administrative_licensing.decisions"] = "12.5"
    elif rule == "C1":
        # one more request carried over than last year carried forward, processed and granted:
        # R1 (+1 on both sides), R2 and R3 (the total column moves with it) still hold
        for column in ("natural_person", "total"):
            for row in ("carried_over", "granted", "total_processed"):
                _bump(broken, f"t3.{row}.{column}")
    elif rule == "C2":
        # 现行有效 one more than last year's + 制发 - 废止
        _bump(broken, "t2.normative_documents.in_force")
    html = generate.render(broken)
    if rule == "T1":
        # the prose states more requests received than the table (neither 一 nor 一 + 二)
        received = int(spec.figures["t3.new_requests.total"])
        stated = received + int(spec.figures["t3.carried_over.total"]) + 7
        sentence = f"收到政府信息公开申请{received}件"
        assert html.count(sentence) == 1
        html = html.replace(sentence, f"收到政府信息公开申请{stated}件")
    return broken, html


def _region_spec(own: generate.ReportSpec, districts: list[generate.ReportSpec]):
    """The region's report: its own table 2, and tables 3 and 4 the cell-wise sum of its
    districts' (so R1-R4, C1 and H1 hold by construction)."""
    region = own.copy()
    for key in generate.all_cell_keys():
        if key.startswith(("t3.", "t4.")):
            region.figures[key] = str(sum(int(d.figures[key]) for d in districts))
    return region


def _write(inbox: Path, name: str, html: str) -> None:
    path = inbox / "generated" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")


def make_inbox(inbox: Path, corpus_dir: Path) -> None:
    for relative in (HONGZE, SEED_003):
        target = inbox / "corpus" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(corpus_dir / relative, target)
    rng = random.Random(20260505)
    for n, (rule, agency) in enumerate(RULE_AGENCIES.items()):
        clean = generate.random_spec(rng, agency, 2022)
        _write(inbox, f"rule-{n}-2022.html", generate.render(clean))
        this_year = generate.random_spec(rng, agency, 2023, carried_over_from=clean)
        _, html = break_once(this_year, rule)
        _write(inbox, f"rule-{n}-2023.html", html)
    districts = {2021: [], 2022: []}
    for n, name in enumerate(DISTRICTS):
        first = generate.random_spec(rng, name, 2021)
        districts[2021].append(first)
        districts[2022].append(generate.random_spec(rng, name, 2022, carried_over_from=first))
        for year in (2021, 2022):
            _write(inbox, f"district-{n}-{year}.html", generate.render(districts[year][n]))
    region_2021 = _region_spec(generate.random_spec(rng, REGION, 2021), districts[2021])
    own_2022 = generate.random_spec(rng, REGION, 2022, carried_over_from=region_2021)
    region_2022 = _region_spec(own_2022, districts[2022])
    # H1 broken once: one more review upheld (and in the total) than its districts report
    _bump(region_2022, "t4.administrative_review.upheld")
    _bump(region_2022, "t4.administrative_review.total")
    _write(inbox, "region-2021.html", generate.render(region_2021))
    _write(inbox, "region-2022.html", generate.render(region_2022))


@pytest.fixture(scope="module")
def built(tmp_path_factory, corpus_dir):
    root = tmp_path_factory.mktemp("known-errors")
    inbox = root / "inbox"
    make_inbox(inbox, corpus_dir)
    files = discover(inbox)
    outputs = [
        parse_batch(files_in_batch, root / "parsed", number)
        for number, files_in_batch in enumerate(make_batches(files))
    ]
    db = root / "ogi.duckdb"
    with duckdb.connect(str(db)) as con:
        land(con, [o.documents for o in outputs], [o.rejections for o in outputs])
    run_dbt(db, "build")
    result = quality.run_quality_checks(
        db,
        docs_dir=quality.docs_dir_for(db),
        discovered=[file.inbox_path for file in files],
    )
    return db, result


def _query(db: Path, sql: str, *params):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def _failures(db: Path, source_file: str) -> set[tuple]:
    return set(
        _query(
            db,
            "select rule_code, scope, expected_value, found_value from main.fct_reconciliation_checks"
            " where source_file = ? and status = 'fail'",
            source_file,
        )
    )


def _flagged(result: quality.QualityResult, check: str) -> list[dict]:
    return [row for o in result.flags if o.check == check for row in o.rows]


def test_every_file_landed_and_integrity_holds(built):
    db, result = built
    rejected = _query(db, "select inbox_path, reason from landing.rejected_inputs")
    assert rejected == []
    assert result.blocking_ok, result.summary()
    assert result.suite_success["integrity"] is True
    (reports,) = _query(db, "select count(*) from landing.reports")[0]
    assert result.frame_rows["documents"] == reports == 2 + 2 * len(RULE_AGENCIES) + 6


def test_hongze_2023_review_total_of_0_beside_a_row_of_11_fails_r4(built):
    db, result = built
    source = f"corpus/{HONGZE}"
    assert _failures(db, source) == {
        ("R4", "administrative_review", 0, 11),
        ("R4", "lawsuit_after_review", 0, 5),
    }
    ((ok, failed_rules),) = _query(
        db,
        "select reconciliation_ok, failed_rule_count from main.mart_agency_year"
        " where source_file = ?",
        source,
    )
    assert (ok, failed_rules) == (False, 1)
    flagged = {
        (r["source_file"], r["scope"], r["expected_value"], r["found_value"])
        for r in _flagged(result, "r4")
    }
    assert (source, "administrative_review", 0.0, 11.0) in flagged
    assert result.blocking_ok  # flagged, published as printed


def test_seed_003_prose_that_disagrees_with_its_own_table_fails_t1(built):
    """发放政府公报(政报)24份 in the prose, 12.政府公报(政报)发放数 25 in the statistical table.
    Needs the era-1 parser to read the gazette figure from the prose."""
    db, result = built
    source = f"corpus/{SEED_003}"
    t1 = _query(
        db,
        "select scope, status, expected_value, found_value, detail"
        " from main.fct_reconciliation_checks where source_file = ? and rule_code = 'T1'",
        source,
    )
    assert t1, "seed 003 states figures in its prose; T1 must check them"
    failed = [(e, f, detail) for _, status, e, f, detail in t1 if status == "fail"]
    assert [(e, f) for e, f, _ in failed] == [(24, 25)], t1
    assert "政府公报" in failed[0][2]
    # the figures the prose and the table agree on pass (52 items, the categories, 0 requests)
    passed = {scope for scope, status, *_ in t1 if status == "pass"}
    assert {"active_disclosure_total", "requests_received_total"} <= passed
    assert any(
        r["source_file"] == source and r["found_value"] == 25.0 for r in _flagged(result, "t1")
    )


@pytest.mark.parametrize("rule", HARD_RULES + SOFT_RULES)
def test_a_generated_report_breaking_one_rule_fails_that_rule_only(built, rule):
    db, result = built
    if rule == "H1":
        source = "generated/region-2022.html"
    else:
        source = f"generated/rule-{list(RULE_AGENCIES).index(rule)}-2023.html"
    failures = _failures(db, source)
    assert {r for r, *_ in failures} == {rule}, failures
    assert {scope for _, scope, *_ in failures} == BROKEN_SCOPES[rule]
    # flagged by the rule's own expectation, naming the report (R5: per table); never blocking
    flagged = [r for r in _flagged(result, rule.lower()) if r["source_file"] == source]
    named = {r["table_id"] if rule == "R5" else r["scope"] for r in flagged}
    assert named == ({"t2"} if rule == "R5" else BROKEN_SCOPES[rule])
    ((ok,),) = _query(
        db, "select reconciliation_ok from main.mart_agency_year where source_file = ?", source
    )
    assert ok is (rule in SOFT_RULES)  # reconciliation_ok summarises the hard rules only


def test_the_clean_reports_fail_nothing_and_the_soft_rules_are_assessed(built):
    db, _ = built
    clean = [f"generated/rule-{n}-2022.html" for n in range(len(RULE_AGENCIES))]
    clean += [f"generated/district-{n}-{y}.html" for n in range(2) for y in (2021, 2022)]
    clean += ["generated/region-2021.html"]
    for source in clean:
        assert _failures(db, source) == set(), source
    statuses = dict(
        _query(
            db,
            "select rule_code || ' ' || scope, status from main.fct_reconciliation_checks"
            " where source_file = 'generated/region-2021.html' and rule_code = 'H1'",
        )
    )
    assert len(statuses) == 7 and set(statuses.values()) == {"pass"}  # region = its districts
    # the 2023 report that breaks R4 has its 2022 report: C1 and C2 were checked, and hold
    cross_year = _query(
        db,
        "select rule_code, status, count(*) from main.fct_reconciliation_checks"
        " where source_file = ? and rule_code in ('C1', 'C2') group by all",
        f"generated/rule-{list(RULE_AGENCIES).index('R4')}-2023.html",
    )
    assert set(cross_year) == {("C1", "pass", 7), ("C2", "pass", 2)}


def test_every_rule_has_a_row_per_report_and_scope_for_analysts(built):
    db, _ = built
    by_rule = dict(
        _query(
            db,
            "select rule_code, count(distinct report_id) from main.fct_reconciliation_checks"
            " group by rule_code",
        )
    )
    national = 1 + 2 * len(RULE_AGENCIES) + 6  # every 2021-format report
    assert {
        rule: by_rule.get(rule) for rule in ("R1", "R2", "R3", "R4", "C1", "C2", "H1")
    } == dict.fromkeys(("R1", "R2", "R3", "R4", "C1", "C2", "H1"), national)
    joined = _query(
        db,
        "select count(*) from main.fct_reconciliation_checks checks"
        " left join main.mart_agency_year mart on checks.report_id = mart.source_report_id"
        " where mart.source_report_id is null",
    )
    assert joined == [(0,)]  # every check joins its agency-year


def test_the_data_docs_name_the_flagged_reports(built):
    db, result = built
    assert result.docs_index == quality.docs_dir_for(db) / "index.html"
    pages = {
        p.parts[-4]: p.read_text("utf-8")
        for p in (result.docs_index.parent / "validations").rglob("*.html")
    }
    assert set(pages) == {"integrity", "reconciliation", "soft_rules"}
    assert f"corpus/{HONGZE} | administrative_review" in pages["reconciliation"]
    assert "generated/region-2022.html | t4:administrative_review:total" in pages["soft_rules"]
