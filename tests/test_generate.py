"""The synthetic report generator: consistent figures, rules broken on purpose, faithful
rendering, deterministic demo inbox, JSON documents that do (and do not) meet the contract."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import jsonschema
import pytest
from selectolax.lexbor import LexborHTMLParser

from ogi import generate as g
from ogi.layout import T3_COLUMNS, T3_ROWS, TABLE_CELL_COUNTS

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "ogi" / "schema" / "report.schema.json").read_text(
        "utf-8"
    )
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
ARITHMETIC = ("R1", "R2", "R3", "R4")


def _specs(n: int = 40) -> list[g.ReportSpec]:
    rng = random.Random(7)
    specs, previous = [], None
    for i in range(n):
        previous = g.random_spec(
            rng, "样例市测试局", 2021 + i, previous if i % 5 else None, style=g.STYLES[i % 2]
        )
        specs.append(previous)
    return specs


def _n(text: str) -> float:
    return float(text)


def _n0(text: str) -> float:
    """A printed figure, with blank/—/无 read as 0 (only for chaining checks)."""
    try:
        return float(text)
    except ValueError:
        return 0.0


# --- figures ---------------------------------------------------------------------------------


def test_random_specs_have_all_200_cells_and_satisfy_every_rule():
    assert sum(TABLE_CELL_COUNTS.values()) == 200
    for spec in _specs():
        assert list(spec.figures) == g.all_cell_keys()
        assert len(spec.figures) == 200
        assert g.violations(spec) == {}


def test_rules_checked_by_hand_on_one_spec():
    f = _specs(1)[0].figures
    for col in T3_COLUMNS:
        assert _n(f[f"t3.new_requests.{col}"]) + _n(f[f"t3.carried_over.{col}"]) == _n(
            f[f"t3.total_processed.{col}"]
        ) + _n(f[f"t3.carried_forward.{col}"])
        leaves = [s.row for s in T3_ROWS][2:-2]
        assert len(leaves) == 21  # （一）（二）, （三）1–8, （四）1–3, （五）1–5, （六）1–3
        assert sum(_n(f[f"t3.{leaf}.{col}"]) for leaf in leaves) == _n(
            f[f"t3.total_processed.{col}"]
        )
    for spec_row in T3_ROWS:
        parts = [f"t3.{spec_row.row}.{c}" for c in T3_COLUMNS if c != "total"]
        assert sum(_n(f[k]) for k in parts) == _n(f[f"t3.{spec_row.row}.total"])
    for proc in ("administrative_review", "lawsuit_direct", "lawsuit_after_review"):
        parts = [f"t4.{proc}.{r}" for r in ("upheld", "corrected", "other", "pending")]
        assert sum(_n(f[k]) for k in parts) == _n(f[f"t4.{proc}.total"])


def test_figures_are_small_and_realistic():
    specs = _specs()
    zeros = sum(v == "0" for s in specs for k, v in s.figures.items() if k.startswith("t3."))
    assert zeros / (175 * len(specs)) > 0.6  # most cells are zero
    natural = sum(_n(s.figures["t3.new_requests.natural_person"]) for s in specs)
    total = sum(_n(s.figures["t3.new_requests.total"]) for s in specs)
    assert natural / total > 0.6  # natural persons dominate
    for s in specs:
        for key, value in s.figures.items():
            assert _n(value) >= 0
            if key != "t2.administrative_fees.fee_amount":
                assert value.isdigit()


def test_carry_over_follows_last_years_carried_forward():
    rng = random.Random(3)
    last = g.random_spec(rng, "样例市人民政府", 2021)
    for year in (2022, 2023, 2024):
        this = g.random_spec(rng, "样例市人民政府", year, carried_over_from=last)
        for col in T3_COLUMNS:
            assert (
                this.figures[f"t3.carried_over.{col}"] == last.figures[f"t3.carried_forward.{col}"]
            )
        for row in ("regulations", "normative_documents"):
            assert _n(this.figures[f"t2.{row}.in_force"]) == _n(
                last.figures[f"t2.{row}.in_force"]
            ) + _n(this.figures[f"t2.{row}.issued"]) - _n(this.figures[f"t2.{row}.repealed"])
        last = this


@pytest.mark.parametrize("rule", g.RULES)
def test_break_rule_breaks_exactly_the_named_rule(rule):
    for spec in _specs(15):
        broken = g.break_rule(spec, rule)
        assert set(g.violations(broken)) == {rule}
        assert broken.broken_rules == (rule,)
        assert g.violations(spec) == {}  # the original is untouched


def test_break_rule_rejects_unknown_rules():
    with pytest.raises(ValueError):
        g.break_rule(_specs(1)[0], "R9")


# --- truth -----------------------------------------------------------------------------------


def test_truth_statuses_and_values():
    spec = _specs(1)[0].copy()
    f = spec.figures
    f["t2.regulations.issued"] = "/"
    f["t2.regulations.repealed"] = "—"
    f["t2.regulations.in_force"] = "无"
    f["t3.new_requests.other_org"] = ""
    f["t2.administrative_fees.fee_amount"] = "4166.24"
    spec.narrative["active_disclosure_total"] = "3000余"
    t = g.truth(spec)
    assert t["report_format"] == "2021" and t["report_year"] == spec.report_year
    assert len(t["cells"]) == 200
    assert t["cells"]["t2.regulations.issued"] == {"raw": "/", "value": None, "status": "slash"}
    assert t["cells"]["t2.regulations.repealed"]["status"] == "dash"
    assert t["cells"]["t2.regulations.in_force"]["status"] == "none_word"
    assert t["cells"]["t3.new_requests.other_org"] == {"raw": "", "value": None, "status": "blank"}
    assert t["cells"]["t2.administrative_fees.fee_amount"]["value"] == 4166.24
    assert t["figures"]["active_disclosure_total"] == {"value": 3000, "is_approximate": True}
    zero = next(k for k, v in f.items() if v == "0")
    assert t["cells"][zero] == {"raw": "0", "value": 0, "status": "number"}


# --- rendering -------------------------------------------------------------------------------


def _grid(table) -> list[list[str]]:
    """Lay out a table honouring rowspan/colspan; each slot holds its cell's text."""
    grid: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.css("tr")):
        c = 0
        for td in tr.css("td"):
            while (r, c) in grid:
                c += 1
            rs, cs = int(td.attributes.get("rowspan") or 1), int(td.attributes.get("colspan") or 1)
            text = td.text(strip=True).replace("\xa0", "").strip()
            for dr in range(rs):
                for dc in range(cs):
                    grid[(r + dr, c + dc)] = text
            c += cs
    rows = max(r for r, _ in grid) + 1
    width = max(c for _, c in grid) + 1
    return [[grid.get((r, c), "<missing>") for c in range(width)] for r in range(rows)]


def _html_spec() -> g.ReportSpec:
    spec = _specs(1)[0].copy(style="html")
    spec.figures["t3.granted.research_institution"] = ""  # a blank cell: &nbsp; in Word markup
    return spec


def test_html_has_title_sections_narrative_and_three_word_tables():
    spec = _html_spec()
    text = g.render(spec)
    tree = LexborHTMLParser(text)
    assert (
        tree.css_first("title").text()
        == f"{spec.agency_name}{spec.report_year}年度政府信息公开工作年度报告"
    )
    assert tree.css_first("h1").text(strip=True) == spec.title
    tables = tree.css("table")
    assert len(tables) == 3
    assert all(t.attributes.get("class") == "MsoNormalTable" for t in tables)
    assert "<p class=MsoNormal" in text and "&nbsp;" in text and "rowspan=22" in text
    body = tree.body.text()
    positions = [body.find(s) for s in g.SECTIONS]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    assert f"本年度主动公开政府信息{spec.narrative['active_disclosure_total']}条" in body
    assert f"共收到政府信息公开申请{spec.figures['t3.new_requests.total']}件" in body


def test_html_tables_lay_out_as_the_national_template():
    spec = _html_spec()
    t2, t3, t4 = (_grid(t) for t in LexborHTMLParser(g.render(spec)).css("table"))
    truth = g.truth(spec)["cells"]
    # Table 3: 3 header rows + 25 data rows, 3 label columns + 7 figure columns.
    assert len(t3) == 28 and all(len(row) == 10 for row in t3)
    assert t3[0][3] == "申请人情况" and t3[1][3] == "自然人" and t3[1][9] == "总计"
    assert t3[2][4] == "商业企业"
    for i, spec_row in enumerate(T3_ROWS):
        row = t3[3 + i]
        if spec_row.parent:
            assert row[1] == g.T3_GROUPS[spec_row.parent]
        if spec_row.row in {"granted", "total_processed", "denied_state_secret", "other_other"}:
            assert row[0] == "三、本年度办理结果"
        assert row[3:] == [truth[f"t3.{spec_row.row}.{c}"]["raw"] for c in T3_COLUMNS]
    # Table 4: the last row holds the 15 figures in proceeding × result order.
    assert len(t4[-1]) == 15
    keys = [k for k in g.all_cell_keys() if k.startswith("t4.")]
    assert t4[-1] == [truth[k]["raw"] for k in keys]
    assert t4[0][0] == "行政复议" and t4[0][5] == "行政诉讼" and t4[1][5] == "未经复议直接起诉"
    # Table 2: every figure sits right of its row label.
    flat_t2 = {row[0]: row[1:] for row in t2}
    assert flat_t2["行政规范性文件"] == [
        truth[f"t2.normative_documents.{c}"]["raw"] for c in ("issued", "repealed", "in_force")
    ]
    assert flat_t2["行政事业性收费"] == [truth["t2.administrative_fees.fee_amount"]["raw"]] * 3


def _flat_row_widths(lines: list[str]) -> list[set[int]]:
    """Grid width of every flattened row ('|' line, cell lines, padding pipes), per table."""
    tables: list[list[int]] = []
    in_table = False
    for i, line in enumerate(lines):
        # '|' starts a row when a cell follows; otherwise it pads a row one cell short.
        starts_row = line == "|" and i + 1 < len(lines) and lines[i + 1].endswith(" |")
        if starts_row:
            if not in_table:
                tables.append([])
                in_table = True
            tables[-1].append(0)
        elif in_table and line.endswith(" |"):
            tables[-1][-1] += 1
        elif in_table and line and set(line) == {"|"}:
            tables[-1][-1] += len(line)
        else:
            in_table = False
    return [set(widths) for widths in tables]


def test_flat_text_has_every_figure_as_a_cell_line_and_padded_rows():
    spec = _specs(2)[1].copy(style="flat_text")
    spec.figures["t3.granted.legal_service_org"] = ""
    text = g.render(spec)
    lines = text.splitlines()
    assert lines[0] == spec.title
    cell_lines = [line for line in lines if line.endswith(" |")]
    for key, raw in spec.figures.items():
        if raw:
            assert f"{raw} |" in cell_lines, key
    # Figures appear in order, one per line, with the right count.
    figures_only = [line[:-2] for line in cell_lines if line[:-2].replace(".", "").isdigit()]
    assert len(figures_only) == 199  # 200 cells, one printed blank
    # Every row is '|' + cells + padding up to the table's grid width (4, 10, 15).
    assert _flat_row_widths(lines) == [{4}, {10}, {15}]
    assert "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) |" in lines
    assert "商业 企业 |" in lines
    assert f"本年度主动公开政府信息{spec.narrative['active_disclosure_total']}条" in text


def test_truncated_report_stops_inside_table_3():
    spec = _specs(1)[0].copy(truncate_t3_after=12)
    t = g.truth(spec)
    assert t["tables"] == {"t2": "complete", "t3": "incomplete", "t4": "absent", "stat": "absent"}
    assert len(t["cells"]) == 10 + 12 * 7
    html = g.render(spec)
    assert not html.rstrip().endswith("</html>")
    assert "四、政府信息公开行政复议" not in html
    assert len(LexborHTMLParser(html).css("table")) == 2
    flat = g.render(spec.copy(style="flat_text"))
    assert "四、政府信息公开行政复议" not in flat
    assert flat.rstrip().endswith("|")


# --- demo inbox ------------------------------------------------------------------------------


def test_demo_inbox_is_deterministic(tmp_path):
    a = g.write_demo_inbox(tmp_path / "a", seed=2026)
    b = g.write_demo_inbox(tmp_path / "b", seed=2026)
    c = g.write_demo_inbox(tmp_path / "c", seed=1)
    assert [p.name for p in a] == [p.name for p in b] == [p.name for p in c]
    assert all(pa.read_bytes() == pb.read_bytes() for pa, pb in zip(a, b))
    assert any(pa.read_bytes() != pc.read_bytes() for pa, pc in zip(a, c))


def test_demo_inbox_contents(tmp_path):
    paths = g.write_demo_inbox(tmp_path)
    names = {p.name for p in paths}
    truths = g.demo_truths()
    manifest = g.demo_manifest()
    specs = g.demo_specs()
    assert set(manifest) == names
    assert set(truths) == {n for n, m in manifest.items() if m["expected_outcome"] == "landed"}
    assert {n for n, m in manifest.items() if m["expected_outcome"] == "rejected"} == {
        "external-sample-county-2024.invalid.json"
    }
    # Two agencies × 2021–2024, alternating formats.
    for slug in ("sample-city", "sample-district"):
        styles = [
            specs[n].style
            for n in sorted(names)
            if n.startswith(f"{slug}-202") and n.count(".") == 1
        ]
        assert len(styles) == 5 and all(x != y for x, y in itertools.pairwise(styles))
    # Clean reports satisfy every rule and chain their carry-overs.
    for slug in ("sample-city", "sample-district"):
        chain = [
            specs[n]
            for n in sorted(specs)
            if n.startswith(f"{slug}-") and "." in n and n.count(".") == 1
        ]
        for last, this in itertools.pairwise(chain):
            for col in T3_COLUMNS:
                assert _n0(this.figures[f"t3.carried_over.{col}"]) == _n0(
                    last.figures[f"t3.carried_forward.{col}"]
                )
    for name, meta in manifest.items():
        if name in specs:
            assert set(g.violations(specs[name])) - {"blank_total"} == set(meta["rules_broken"]), (
                name
            )
    assert manifest["sample-city-2025.html"]["rules_broken"] == ["R1"]
    # The mirror has the same truth as its original, in the other format.
    mirror = next(n for n in names if ".mirror." in n)
    original = next(n for n in names if n.startswith("sample-city-2022.") and ".mirror." not in n)
    assert truths[mirror] == truths[original]
    assert Path(mirror).suffix != Path(original).suffix
    # Blanks, dashes, slashes and 无.
    statuses = {c["status"] for c in truths["sample-district-2025.txt"]["cells"].values()}
    assert {"blank", "dash", "slash", "none_word", "number"} <= statuses
    # The truncated report.
    trunc = truths["sample-street-2023.truncated.html"]
    assert trunc["tables"]["t3"] == "incomplete" and trunc["tables"]["t4"] == "absent"
    # Only reports in the inbox: no expected.json or other side files.
    assert all(Path(n).suffix in {".html", ".txt", ".json"} for n in names)
    assert not any("expected" in n for n in names)


def test_demo_json_documents_against_the_schema(tmp_path):
    g.write_demo_inbox(tmp_path)
    good = json.loads((tmp_path / "external-sample-county-2023.json").read_text("utf-8"))
    bad = json.loads((tmp_path / "external-sample-county-2024.invalid.json").read_text("utf-8"))
    VALIDATOR.validate(good)
    assert good["parser"]["name"] == "demo-external-extractor"
    assert len(good["cells"]) == 200
    assert good["agency"]["name"] not in {
        g.DEMO_AGENCIES["sample-city"],
        g.DEMO_AGENCIES["sample-district"],
    }
    assert good["report_id"] == good["source"]["sha256"][:16]
    errors = list(VALIDATOR.iter_errors(bad))
    assert errors
    assert not jsonschema.Draft202012Validator(SCHEMA).is_valid(bad)
    truth = g.demo_truths()["external-sample-county-2023.json"]
    for cell in good["cells"]:
        expected = truth["cells"][f"{cell['table']}.{cell['row']}.{cell['column']}"]
        assert (cell["raw"], cell["value"], cell["status"]) == (
            expected["raw"],
            expected["value"],
            expected["status"],
        )


def test_committed_demo_inbox_matches_the_generator(tmp_path):
    committed = Path(__file__).resolve().parents[1] / "inbox" / "demo" / "generated"
    if not committed.exists():
        pytest.skip("demo inbox not generated yet")
    manifest = g.demo_manifest()
    assert sorted(p.name for p in committed.iterdir()) == sorted(manifest)
    expected_dir = g.write_demo_inbox(tmp_path)
    for path in expected_dir:
        assert (committed / path.name).read_bytes() == path.read_bytes(), path.name
