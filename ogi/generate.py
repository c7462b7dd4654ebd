"""Synthetic 2021-format OGI reports with known truth.

Two uses: the demo inbox that ships in the repository (the real third-party reports stay in
../shared/corpus), and tests that need reports whose figures are known, including reports that
break the arithmetic on purpose.

A `ReportSpec` holds every printed figure as a string keyed "<table>.<row>.<column>" with the
codes of `ogi.layout` (200 cells: t2 10, t3 175, t4 15). `render` prints it either as a
Word-exported HTML page (like the 平潭 pages) or as an aggregator's flattened text (like seed
001: one cell per line ending in " |", rows separated by lines of pipes). `truth` gives the parse
a faithful parser must produce. Everything is deterministic in the seed.
"""

from __future__ import annotations

import copy
import hashlib
import html
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from ogi.layout import (
    T2_COLUMN_LABELS,
    T2_ROWS,
    T3_COLUMN_LABELS,
    T3_COLUMNS,
    T3_GROUPS,
    T3_OUTCOME_LEAVES,
    T3_ROWS,
    T4_PROCEEDINGS,
    T4_RESULTS,
)

STYLES = ("html", "flat_text")
RULES = ("R1", "R2", "R3", "R4", "blank_total")

APPLICANT_COLUMNS: tuple[str, ...] = tuple(c for c in T3_COLUMNS if c != "total")
T4_PARTS: tuple[str, ...] = tuple(code for code, _ in T4_RESULTS if code != "total")

# Fixed header texts of the national template that are not row/column labels in ogi.layout.
_T2_ARTICLE_ITEMS = {  # the 第二十条 item under which each table-2 row is printed
    "regulations": "（一）",
    "normative_documents": "（一）",
    "administrative_licensing": "（五）",
    "administrative_penalty": "（六）",
    "administrative_enforcement": "（六）",
    "administrative_fees": "（八）",
}
_T2_ITEM_HEADER = "信息内容"
_T3_CHECK_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_T3_APPLICANT_HEADER = "申请人情况"
_T3_LEGAL_PERSON_HEADER = "法人或其他组织"
_T3_OUTCOME_HEADER = "三、本年度办理结果"
_T4_LITIGATION_HEADER = "行政诉讼"
_T3_OUTCOME_ROWS = tuple(
    spec.row
    for spec in T3_ROWS
    if spec.row not in {"new_requests", "carried_over", "carried_forward"}
)

SECTIONS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


def all_cell_keys() -> list[str]:
    """The 200 cell keys of the 2021 format, in printed order."""
    keys = [f"t2.{spec.row}.{col}" for spec in T2_ROWS for col in spec.columns]
    keys += [f"t3.{spec.row}.{col}" for spec in T3_ROWS for col in spec.columns]
    keys += [f"t4.{proc}.{res}" for proc, _ in T4_PROCEEDINGS for res, _ in T4_RESULTS]
    return keys


@dataclass
class ReportSpec:
    """One synthetic report: every figure exactly as it is to be printed."""

    agency_name: str
    report_year: int
    figures: dict[str, str]  # "<table>.<row>.<column>" → printed text ("12", "", "—", "/", "无")
    # narrative figures as printed: active_disclosure_total "845" or "3000余"
    narrative: dict[str, str] = field(default_factory=dict)
    style: str = "html"  # 'html' | 'flat_text'
    truncate_t3_after: int | None = None  # the file ends after this many table-3 data rows
    # （）：，→ ():, as aggregators do (seed 001); None means: for flat_text only
    ascii_punctuation: bool | None = None
    broken_rules: tuple[str, ...] = ()  # rules broken on purpose (by break_rule)

    @property
    def title(self) -> str:
        return f"{self.agency_name}{self.report_year}年度政府信息公开工作年度报告"

    def copy(self, **changes) -> ReportSpec:
        new = copy.deepcopy(self)
        for name, value in changes.items():
            setattr(new, name, value)
        return new


# ---------------------------------------------------------------------------------------------
# Figures


def _num(text: str | None) -> float | None:
    """The number a generated cell prints, or None for blank/dash/slash/无."""
    if text is None:
        return None
    base = text.strip().rstrip("余多")
    try:
        return float(base)
    except ValueError:
        return None


def _int(text: str | None) -> int:
    value = _num(text)
    return int(value) if value is not None else 0


def _small(rng: random.Random, p_nonzero: float, high: int) -> int:
    """Mostly zero; otherwise a small count skewed towards low values."""
    if rng.random() >= p_nonzero:
        return 0
    return min(high, 1 + int(rng.expovariate(3.0 / high)))


# How likely each applicant type is to file at all, and how many requests at most.
_APPLICANT_ACTIVITY = {
    "natural_person": (0.9, 60),
    "commercial_enterprise": (0.45, 6),
    "research_institution": (0.05, 1),
    "social_welfare_org": (0.05, 1),
    "legal_service_org": (0.15, 3),
    "other_org": (0.2, 3),
}
# Relative frequency of each outcome leaf (sums of these shape the 23 leaf rows).
_OUTCOME_WEIGHTS = {
    "granted": 32,
    "partially_granted": 12,
    "denied_state_secret": 0.3,
    "denied_prohibited_by_law": 0.5,
    "denied_three_securities_one_stability": 0.5,
    "denied_third_party_rights": 2,
    "denied_internal_affairs": 2,
    "denied_process_information": 2,
    "denied_enforcement_files": 1,
    "denied_inquiry_matters": 1.5,
    "unable_not_held": 22,
    "unable_needs_creation": 5,
    "unable_unclear_after_correction": 3,
    "not_processed_petition": 3,
    "not_processed_repeated": 3,
    "not_processed_publications": 1,
    "not_processed_vexatious": 0.5,
    "not_processed_confirmation": 1,
    "other_no_correction": 4,
    "other_fee_unpaid": 0.3,
    "other_other": 3,
}
assert set(_OUTCOME_WEIGHTS) == set(T3_OUTCOME_LEAVES)


def random_spec(
    rng: random.Random,
    agency_name: str,
    year: int,
    carried_over_from: ReportSpec | None = None,
    style: str = "html",
) -> ReportSpec:
    """A report whose figures satisfy R1–R4 (and C1/C2 against `carried_over_from`)."""
    figures: dict[str, str] = {}

    # Table 2. 现行有效 follows last year's (C2) when there is one.
    for row in ("regulations", "normative_documents"):
        # Most lower-level bodies make no 规章 at all; those that do keep making them.
        if carried_over_from is not None:
            prior = _int(carried_over_from.figures.get(f"t2.{row}.in_force"))
            active = row != "regulations" or prior > 0 or rng.random() < 0.1
        else:
            active = row != "regulations" or rng.random() < 0.3
            prior = (10 if row == "regulations" else 40) + rng.randint(0, 150) if active else 0
        issued = _small(rng, 0.8, 20) if active else 0
        repealed = min(prior, _small(rng, 0.5, 8)) if active else 0
        figures[f"t2.{row}.issued"] = str(issued)
        figures[f"t2.{row}.repealed"] = str(repealed)
        figures[f"t2.{row}.in_force"] = str(prior + issued - repealed)
    figures["t2.administrative_licensing.decisions"] = str(_small(rng, 0.8, 3000))
    figures["t2.administrative_penalty.decisions"] = str(_small(rng, 0.8, 800))
    figures["t2.administrative_enforcement.decisions"] = str(_small(rng, 0.5, 100))
    fee = 0.0 if rng.random() < 0.4 else rng.uniform(0.5, 5000.0)
    figures["t2.administrative_fees.fee_amount"] = "0" if fee == 0 else f"{fee:.2f}"

    # Table 3, column by column (R1, R2), then the total column (R3).
    leaves = list(T3_OUTCOME_LEAVES)
    weights = [_OUTCOME_WEIGHTS[leaf] for leaf in leaves]
    for col in APPLICANT_COLUMNS:
        p_nonzero, high = _APPLICANT_ACTIVITY[col]
        new = _small(rng, p_nonzero, high)
        if carried_over_from is not None:
            carried_over = _int(carried_over_from.figures.get(f"t3.carried_forward.{col}"))
        else:
            carried_over = _small(rng, p_nonzero / 3, max(1, high // 10))
        available = new + carried_over
        forward = rng.randint(0, available // 6) if available and rng.random() < 0.5 else 0
        processed = available - forward
        counts = dict.fromkeys(leaves, 0)
        for leaf in rng.choices(leaves, weights, k=processed):
            counts[leaf] += 1
        figures[f"t3.new_requests.{col}"] = str(new)
        figures[f"t3.carried_over.{col}"] = str(carried_over)
        for leaf in leaves:
            figures[f"t3.{leaf}.{col}"] = str(counts[leaf])
        figures[f"t3.total_processed.{col}"] = str(processed)
        figures[f"t3.carried_forward.{col}"] = str(forward)
    for spec in T3_ROWS:
        figures[f"t3.{spec.row}.total"] = str(
            sum(_int(figures[f"t3.{spec.row}.{col}"]) for col in APPLICANT_COLUMNS)
        )

    # Table 4 (R4).
    for proc, _ in T4_PROCEEDINGS:
        p_nonzero = 0.35 if proc == "administrative_review" else 0.15
        parts = {part: _small(rng, p_nonzero, 4) for part in T4_PARTS}
        for part, value in parts.items():
            figures[f"t4.{proc}.{part}"] = str(value)
        figures[f"t4.{proc}.total"] = str(sum(parts.values()))

    disclosed = rng.randint(150, 9000)
    active = f"{disclosed // 100 * 100}余" if rng.random() < 0.3 else str(disclosed)
    # Re-order into the printed order so that equal specs serialise identically.
    ordered = {key: figures[key] for key in all_cell_keys()}
    return ReportSpec(
        agency_name=agency_name,
        report_year=year,
        figures=ordered,
        narrative={"active_disclosure_total": active},
        style=style,
    )


def violations(spec: ReportSpec) -> dict[str, list[str]]:
    """The rules the spec's figures break, each with the places that break it.

    A rule is checked only where every cell it involves prints a number: a blank, dash, slash
    or 无 makes that check not evaluable (never a zero). 'blank_total' is reported when a
    table-3 total cell is blank.
    """
    f = spec.figures
    found: dict[str, list[str]] = {}

    def check(rule: str, where: str, left: list[str], right: list[str]) -> None:
        values = [_num(f.get(key)) for key in left + right]
        if any(v is None for v in values):
            return
        lhs = sum(values[: len(left)])
        rhs = sum(values[len(left) :])
        if abs(lhs - rhs) > 1e-9:
            found.setdefault(rule, []).append(f"{where}: {lhs:g} != {rhs:g}")

    for col in T3_COLUMNS:
        check(
            "R1",
            f"t3.{col}",
            [f"t3.new_requests.{col}", f"t3.carried_over.{col}"],
            [f"t3.total_processed.{col}", f"t3.carried_forward.{col}"],
        )
        check(
            "R2",
            f"t3.{col}",
            [f"t3.total_processed.{col}"],
            [f"t3.{leaf}.{col}" for leaf in T3_OUTCOME_LEAVES],
        )
    for spec_row in T3_ROWS:
        row = spec_row.row
        check("R3", f"t3.{row}", [f"t3.{row}.total"], [f"t3.{row}.{c}" for c in APPLICANT_COLUMNS])
    for proc, _ in T4_PROCEEDINGS:
        check("R4", f"t4.{proc}", [f"t4.{proc}.total"], [f"t4.{proc}.{p}" for p in T4_PARTS])
    blank = [f"t3.{s.row}.total" for s in T3_ROWS if f.get(f"t3.{s.row}.total", "").strip() == ""]
    if blank:
        found["blank_total"] = blank
    return found


def break_rule(spec: ReportSpec, rule: str) -> ReportSpec:
    """A copy of `spec` with exactly `rule` broken (R1, R2, R3, R4 or blank_total)."""
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}; expected one of {RULES}")
    new = spec.copy(broken_rules=tuple(spec.broken_rules) + (rule,))
    f = new.figures

    def bump(key: str, delta: int = 1) -> None:
        f[key] = str(_int(f[key]) + delta)

    if rule == "R1":
        # 结转下年度 misprinted in the natural-person column (and carried into the row total):
        # R2 and R3 still hold, R1 fails in two columns.
        bump("t3.carried_forward.natural_person", 2)
        bump("t3.carried_forward.total", 2)
    elif rule == "R2":
        # One outcome leaf over-counted, row total kept in step: R1 (uses （七）) and R3 hold.
        bump("t3.granted.natural_person")
        bump("t3.granted.total")
    elif rule == "R3":
        # Only the total column moves, consistently down the column: R1 and R2 hold there.
        for row in ("new_requests", "granted", "total_processed"):
            bump(f"t3.{row}.total")
    elif rule == "R4":
        # Like the 洪泽区 review row: the parts are printed, the total does not add up.
        bump("t4.administrative_review.total")
    elif rule == "blank_total":
        for spec_row in T3_ROWS:
            f[f"t3.{spec_row.row}.total"] = ""
    return new


# ---------------------------------------------------------------------------------------------
# Truth


def _status(raw: str) -> tuple[float | int | None, str]:
    text = raw.strip()
    if text == "":
        return None, "blank"
    if text in {"—", "－", "-", "——", "–"}:
        return None, "dash"
    if text in {"/", "／"}:
        return None, "slash"
    if text == "无":
        return None, "none_word"
    number = float(text)
    return (int(number) if number.is_integer() and "." not in text else number), "number"


def _printed_cell_keys(spec: ReportSpec) -> list[str]:
    """Cell keys that actually appear in the rendered file (all 200 unless truncated)."""
    keys = all_cell_keys()
    if spec.truncate_t3_after is None:
        return keys
    kept_rows = {s.row for s in T3_ROWS[: spec.truncate_t3_after]}
    return [
        k
        for k in keys
        if k.startswith("t2.") or (k.startswith("t3.") and k.split(".")[1] in kept_rows)
    ]


def truth(spec: ReportSpec) -> dict:
    """The parse a faithful parser must produce from `render(spec)`.

    cells holds every printed cell (all 200; a truncated report only those before the cut),
    figures the narrative figures, tables the completeness of each table.
    """
    cells = {}
    for key in _printed_cell_keys(spec):
        raw = spec.figures[key].strip()
        value, status = _status(raw)
        cells[key] = {"raw": raw, "value": value, "status": status}
    active = spec.narrative.get("active_disclosure_total")
    figures = {}
    if active is not None:
        approx = active.endswith(("余", "多"))
        value, _ = _status(active.rstrip("余多"))
        figures["active_disclosure_total"] = {"value": value, "is_approximate": approx}
    tables = {"t2": "complete", "t3": "complete", "t4": "complete", "stat": "absent"}
    if spec.truncate_t3_after is not None:
        tables["t3"] = "incomplete" if spec.truncate_t3_after > 0 else "absent"
        tables["t4"] = "absent"
    return {
        "agency_name": spec.agency_name,
        "report_year": spec.report_year,
        "report_format": "2021",
        "title": spec.title,
        "tables": tables,
        "cells": cells,
        "figures": figures,
    }


# ---------------------------------------------------------------------------------------------
# Table grids: one description, two renderings


@dataclass(frozen=True)
class _Cell:
    lines: tuple[str, ...]  # paragraphs inside the cell (Word wraps 商业/企业 into two)
    rowspan: int = 1
    colspan: int = 1
    is_figure: bool = False


def _c(text: str, rowspan: int = 1, colspan: int = 1) -> _Cell:
    return _Cell((text,), rowspan, colspan)


def _wrap(text: str) -> _Cell:
    """A narrow header cell that Word wraps after two characters."""
    if len(text) == 4:
        return _Cell((text[:2], text[2:]))
    return _c(text)


def _fig(text: str, colspan: int = 1) -> _Cell:
    return _Cell((text,), 1, colspan, True)


def _t2_grid(f: dict[str, str]) -> list[list[_Cell]]:
    rows: list[list[_Cell]] = []
    last_item = None
    for spec in T2_ROWS:
        item = _T2_ARTICLE_ITEMS[spec.row]
        if item != last_item:
            rows.append([_c(f"第二十条第{item}项", colspan=4)])
            if len(spec.columns) == 1:
                rows.append([_c(_T2_ITEM_HEADER), _c(T2_COLUMN_LABELS[spec.columns[0]], colspan=3)])
            else:
                rows.append([_c(_T2_ITEM_HEADER)] + [_c(T2_COLUMN_LABELS[c]) for c in spec.columns])
            last_item = item
        if len(spec.columns) == 1:
            rows.append([_c(spec.label), _fig(f[f"t2.{spec.row}.{spec.columns[0]}"], colspan=3)])
        else:
            rows.append([_c(spec.label)] + [_fig(f[f"t2.{spec.row}.{c}"]) for c in spec.columns])
    return rows


def _t3_grid(f: dict[str, str]) -> tuple[list[list[_Cell]], list[list[_Cell]]]:
    """(header rows, data rows) of table 3; one data row per T3_ROWS entry."""
    header = [
        [_c(_T3_CHECK_NOTE, rowspan=3, colspan=3), _c(_T3_APPLICANT_HEADER, colspan=7)],
        [
            _c(T3_COLUMN_LABELS["natural_person"], rowspan=2),
            _c(_T3_LEGAL_PERSON_HEADER, colspan=5),
            _c(T3_COLUMN_LABELS["total"], rowspan=2),
        ],
        [_wrap(T3_COLUMN_LABELS[c]) for c in APPLICANT_COLUMNS if c != "natural_person"],
    ]
    group_sizes: dict[str, int] = {}
    for spec in T3_ROWS:
        if spec.parent:
            group_sizes[spec.parent] = group_sizes.get(spec.parent, 0) + 1
    data: list[list[_Cell]] = []
    seen_groups: set[str] = set()
    for spec in T3_ROWS:
        figs = [_fig(f[f"t3.{spec.row}.{c}"]) for c in T3_COLUMNS]
        lead: list[_Cell] = []
        if spec.row == _T3_OUTCOME_ROWS[0]:
            lead.append(_c(_T3_OUTCOME_HEADER, rowspan=len(_T3_OUTCOME_ROWS)))
        if spec.row in {"new_requests", "carried_over", "carried_forward"}:
            lead.append(_c(spec.label, colspan=3))
        elif spec.parent is None:
            lead.append(_c(spec.label, colspan=2))
        else:
            if spec.parent not in seen_groups:
                seen_groups.add(spec.parent)
                lead.append(_c(T3_GROUPS[spec.parent], rowspan=group_sizes[spec.parent]))
            lead.append(_c(spec.label))
        data.append(lead + figs)
    return header, data


def _t4_grid(f: dict[str, str]) -> list[list[_Cell]]:
    (_, review_label), *lawsuits = T4_PROCEEDINGS
    results = [label for _, label in T4_RESULTS]
    return [
        [_c(review_label, colspan=5), _c(_T4_LITIGATION_HEADER, colspan=10)],
        [_c(label, rowspan=2) for label in results]
        + [_c(label, colspan=5) for _, label in lawsuits],
        [_c(label) for _ in lawsuits for label in results],
        [_fig(f[f"t4.{proc}.{res}"]) for proc, _ in T4_PROCEEDINGS for res, _ in T4_RESULTS],
    ]


_WIDTHS = {"t2": 4, "t3": 10, "t4": 15}


# ---------------------------------------------------------------------------------------------
# Narrative


def _sum_or_total(f: dict[str, str], row: str) -> int:
    total = _num(f.get(f"t3.{row}.total"))
    if total is not None:
        return int(total)
    return sum(_int(f.get(f"t3.{row}.{c}")) for c in APPLICANT_COLUMNS)


def _litigation_counts(f: dict[str, str]) -> tuple[int, int]:
    def block(proc: str) -> int:
        total = _num(f.get(f"t4.{proc}.total"))
        return (
            int(total)
            if total is not None
            else sum(_int(f.get(f"t4.{proc}.{p}")) for p in T4_PARTS)
        )

    review = block("administrative_review")
    lawsuits = block("lawsuit_direct") + block("lawsuit_after_review")
    return review, lawsuits


def _paragraphs(spec: ReportSpec) -> dict[str, list[str]]:
    """Prose of each section (section heading → paragraphs)."""
    f, year, name = spec.figures, spec.report_year, spec.agency_name
    received = _sum_or_total(f, "new_requests")
    processed = _sum_or_total(f, "total_processed")
    forward = _sum_or_total(f, "carried_forward")
    review, lawsuits = _litigation_counts(f)
    active = spec.narrative.get("active_disclosure_total", "0")
    return {
        "intro": [
            (
                "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅"
                "政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的"
                f"通知》（国办公开办函〔2021〕30号）要求，特编制{spec.title}。本报告所列数据统计"
                f"期限自{year}年1月1日至{year}年12月31日。本报告为系统生成的样例文件，机构名称和"
                "数据均为虚构。"
            ),
        ],
        SECTIONS[0]: [
            (
                f"{year}年，{name}认真贯彻落实《条例》，持续深化政务公开，推进决策、执行、管理、"
                "服务、结果公开，切实保障人民群众的知情权、参与权、表达权和监督权。"
            ),
            (
                f"（一）主动公开。本年度主动公开政府信息{active}条，涉及政策文件、财政预决算、"
                "重点项目、民生保障等领域，并同步开展政策解读。"
            ),
            (
                f"（二）依申请公开。本年度共收到政府信息公开申请{received}件，办结{processed}件，"
                f"结转下年度继续办理{forward}件。因政府信息公开申请引发行政复议{review}件、"
                f"行政诉讼{lawsuits}件。"
            ),
            "（三）政府信息管理。严格执行信息发布“三审三校”和保密审查制度，动态更新政府信息公开目录。",
            "（四）平台建设。持续优化政府网站信息公开专栏，加强政务新媒体管理。",
            "（五）监督保障。将政务公开工作纳入年度绩效考核，本年度未发生责任追究情况。",
        ],
        SECTIONS[1]: [],
        SECTIONS[2]: [],
        SECTIONS[3]: [],
        SECTIONS[4]: [
            (
                "本年度政务公开工作仍存在政策解读形式较为单一、基层公开标准化规范化水平有待提高"
                "等问题。下一步，将加强业务培训，丰富解读形式，提升公开质量。"
            ),
        ],
        SECTIONS[5]: [
            "本年度未向政府信息公开申请人收取信息处理费。",
            f"{name}{year}年度政务公开工作要点已全部落实。",
        ],
    }


# ---------------------------------------------------------------------------------------------
# Rendering

_TD_STYLE = (
    "border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt"
)
_P_STYLE = "text-align:center;line-height:15.0pt"
_SPAN_STYLE = "font-size:10.5pt;font-family:仿宋_GB2312;color:black"
_BODY_P = "<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'><span style='font-size:16.0pt;font-family:仿宋_GB2312'>{}</span></p>"


def _html_cell(cell: _Cell) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f" rowspan={cell.rowspan}"
    if cell.colspan > 1:
        attrs += f" colspan={cell.colspan}"
    paras = []
    for line in cell.lines:
        text = html.escape(line, quote=False) if line.strip() else "&nbsp;"
        align = " align=center" if cell.is_figure else ""
        paras.append(
            f"<p class=MsoNormal{align} style='{_P_STYLE}'><span lang=EN-US style='{_SPAN_STYLE}'>"
            f"{text}</span></p>"
        )
    return f"<td{attrs} valign=center style='{_TD_STYLE}'>{''.join(paras)}</td>"


def _html_table(rows: list[list[_Cell]], *, close: bool = True) -> str:
    out = [
        (
            "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 align=center "
            "style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;"
            "mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>"
        ),
        "<tbody>",
    ]
    for i, row in enumerate(rows):
        out.append(
            f"<tr style='mso-yfti-irow:{i};height:20.0pt'>"
            + "".join(_html_cell(c) for c in row)
            + "</tr>"
        )
    if close:
        out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _render_html(spec: ReportSpec) -> str:
    f = spec.figures
    title = html.escape(spec.title, quote=False)
    prose = _paragraphs(spec)
    out = [
        "<!DOCTYPE html>",
        "<html>",
        "<head>",
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
        f'<meta name="ArticleTitle" content="{title}">',
        f"<title>{title}</title>",
        "</head>",
        "<body>",
        '<div class="header"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>',
        '<div class="article">',
        f'<h1 class="article_title">{title}</h1>',
        (
            f'<div class="article_info">发布日期：{spec.report_year + 1}-01-20&nbsp;&nbsp;'
            f"来源：{html.escape(spec.agency_name)}办公室</div>"
        ),
        "<div class=TRS_Editor>",
        "<div class=WordSection1>",
    ]
    out += [_BODY_P.format(html.escape(p, quote=False)) for p in prose["intro"]]
    header3, data3 = _t3_grid(f)
    for section in SECTIONS:
        out.append(
            "<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'><b><span "
            f"style='font-size:16.0pt;font-family:黑体'>{section}<span lang=EN-US>&nbsp;</span>"
            "</span></b></p>"
        )
        out += [_BODY_P.format(html.escape(p, quote=False)) for p in prose[section]]
        if section == SECTIONS[1]:
            out.append(_html_table(_t2_grid(f)))
        elif section == SECTIONS[2]:
            if spec.truncate_t3_after is not None:
                # The download stopped here: no closing tags, nothing after.
                out.append(_html_table(header3 + data3[: spec.truncate_t3_after], close=False))
                return "\n".join(out) + "\n"
            out.append(_html_table(header3 + data3))
        elif section == SECTIONS[3]:
            out.append(_html_table(_t4_grid(f)))
    out += [
        "<p class=MsoNormal align=right style='text-align:right'><span lang=EN-US>&nbsp;</span></p>",
        "</div>",
        "</div>",
        "</div>",
        '<div class="footer">主办单位：样例数据生成器&nbsp;&nbsp;本站内容均为虚构</div>',
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


def _flat_table(table: str, rows: list[list[_Cell]]) -> list[str]:
    width = _WIDTHS[table]
    out: list[str] = []
    for row in rows:
        out.append("|")
        for cell in row:
            out.append(f"{' '.join(cell.lines)} |")
        if len(row) < width:
            out.append("|" * (width - len(row)))
    return out


_ASCII_PUNCT = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";"})


def _render_flat(spec: ReportSpec) -> str:
    f = spec.figures
    prose = _paragraphs(spec)
    lines = [spec.title] + prose["intro"]
    header3, data3 = _t3_grid(f)
    truncated = False
    for section in SECTIONS:
        lines.append(section)
        lines += prose[section]
        if section == SECTIONS[1]:
            lines += _flat_table("t2", _t2_grid(f))
        elif section == SECTIONS[2]:
            if spec.truncate_t3_after is not None:
                lines += _flat_table("t3", header3 + data3[: spec.truncate_t3_after])
                truncated = True
                break
            lines += _flat_table("t3", header3 + data3)
        elif section == SECTIONS[3]:
            lines += _flat_table("t4", _t4_grid(f))
    text = "\n".join(lines) + ("" if truncated else "\n")
    ascii_punct = spec.ascii_punctuation if spec.ascii_punctuation is not None else True
    return text.translate(_ASCII_PUNCT) if ascii_punct else text


def render(spec: ReportSpec) -> str:
    """The report as a file's text: a Word-exported HTML page or aggregator-flattened text."""
    if spec.style == "html":
        text = _render_html(spec)
        if spec.ascii_punctuation:
            text = text.translate(_ASCII_PUNCT)
        return text
    if spec.style == "flat_text":
        return _render_flat(spec)
    raise ValueError(f"unknown style {spec.style!r}; expected one of {STYLES}")


# ---------------------------------------------------------------------------------------------
# JSON documents from "another extractor"

EXTERNAL_PARSER = {"name": "demo-external-extractor", "version": "0.3.1"}


def _label(key: str) -> str:
    table, row, _ = key.split(".")
    if table == "t2":
        return next(s.label for s in T2_ROWS if s.row == row)
    if table == "t3":
        return next(s.label for s in T3_ROWS if s.row == row)
    return dict(T4_PROCEEDINGS)[row]


def external_document(spec: ReportSpec, source_path: str) -> dict:
    """A contract-1.0.0 document (ogi/schema/report.schema.json) for `spec`, as another
    extractor would deliver it: the raw file it read is `render(spec)` at `source_path`."""
    raw = render(spec).encode("utf-8")
    sha = hashlib.sha256(raw).hexdigest()
    media = "text/html" if spec.style == "html" else "text/plain"
    expected = truth(spec)
    units = {f"t2.{s.row}": s.unit for s in T2_ROWS}
    cells = []
    for key, cell in expected["cells"].items():
        table, row, column = key.split(".")
        cells.append(
            {
                "table": table,
                "row": row,
                "column": column,
                "label": _label(key),
                "raw": cell["raw"],
                "value": cell["value"],
                "status": cell["status"],
                "is_approximate": False,
                "unit": units.get(f"{table}.{row}", "件"),
            }
        )
    figures = []
    active = spec.narrative.get("active_disclosure_total")
    if active is not None:
        fig = expected["figures"]["active_disclosure_total"]
        figures.append(
            {
                "item": "active_disclosure_total",
                "raw": f"{active}条",
                "value": fig["value"],
                "status": "number",
                "is_approximate": fig["is_approximate"],
                "unit": "条",
                "context": f"本年度主动公开政府信息{active}条",
            }
        )
    return {
        "contract_version": "1.0.0",
        "report_id": sha[:16],
        "source": {"path": source_path, "sha256": sha, "media_type": media, "bytes": len(raw)},
        "parser": dict(EXTERNAL_PARSER),
        "title": spec.title,
        "agency": {"name": spec.agency_name, "basis": "title"},
        "report_year": spec.report_year,
        "report_year_basis": "title",
        "report_format": "2021",
        "tables": {t: s for t, s in expected["tables"].items() if t != "stat"},  # a 1.0.0 document
        "cells": cells,
        "figures": figures,
        "warnings": [],
    }


def invalid_external_document(spec: ReportSpec, source_path: str) -> dict:
    """A document that breaks the contract in ways an extractor plausibly would: an unknown
    contract version, a report id that is not hex, figures as strings, a made-up status."""
    doc = external_document(spec, source_path)
    doc["contract_version"] = "0.9"
    doc["report_id"] = "REPORT-" + doc["report_id"][:8]
    del doc["parser"]
    for cell in doc["cells"][:3]:
        cell["value"] = cell["raw"]  # a string where a number is required
        cell["status"] = "zero" if cell["raw"] == "0" else "figure"
    return doc


# ---------------------------------------------------------------------------------------------
# The demo inbox

DEMO_AGENCIES = {
    "sample-city": "样例市人民政府",
    "sample-district": "样例市样例区人民政府",
    "sample-street": "样例市样例区样例街道办事处",
    "sample-county": "样例市样例县人民政府",
}
_EXT = {"html": "html", "flat_text": "txt"}


def _demo_specs(seed: int) -> list[tuple[str, ReportSpec | dict, dict]]:
    """(file name, spec or JSON document, manifest entry) for every demo file, in order."""
    items: list[tuple[str, ReportSpec | dict, dict]] = []
    chains: dict[str, ReportSpec] = {}
    for slug_index, slug in enumerate(("sample-city", "sample-district")):
        rng = random.Random(f"ogi-demo:{seed}:{slug}")
        previous = None
        for year in range(2021, 2026):
            style = STYLES[(year - 2021 + slug_index) % 2]
            spec = random_spec(rng, DEMO_AGENCIES[slug], year, previous, style=style)
            chains[f"{slug}-{year}"] = spec
            previous = spec
    for slug in ("sample-city", "sample-district"):
        for year in range(2021, 2025):
            spec = chains[f"{slug}-{year}"]
            items.append(
                (
                    f"{slug}-{year}.{_EXT[spec.style]}",
                    spec,
                    {
                        "exercises": f"clean 2021-format report ({spec.style}); carry-overs "
                        "chain across 2021–2024 (C1, C2)",
                        "expected_outcome": "landed",
                        "rules_broken": [],
                    },
                )
            )

    # A mirror: the same agency-year in the other style (same figures, different file).
    original = chains["sample-city-2022"]
    mirror = original.copy(style="html" if original.style == "flat_text" else "flat_text")
    items.append(
        (
            f"sample-city-2022.mirror.{_EXT[mirror.style]}",
            mirror,
            {
                "exercises": "mirror: same agency-year and figures as "
                f"sample-city-2022.{_EXT[original.style]}, other file format",
                "expected_outcome": "landed",
                "rules_broken": [],
            },
        )
    )

    # 2025 of the city: a published R1 error (lands, flagged).
    r1 = break_rule(chains["sample-city-2025"], "R1")
    items.append(
        (
            f"sample-city-2025.{_EXT[r1.style]}",
            r1,
            {
                "exercises": "published R1 error (结转下年度 misprinted, natural-person and total "
                "columns): must land and be flagged, never corrected",
                "expected_outcome": "landed",
                "rules_broken": ["R1"],
            },
        )
    )

    # 2025 of the district: zeros printed as blank, —, / and 无.
    blanks = chains["sample-district-2025"].copy()
    f = blanks.figures
    for col in ("issued", "repealed", "in_force"):
        f[f"t2.regulations.{col}"] = "/"  # a district makes no 规章
    if _num(f["t2.administrative_fees.fee_amount"]) == 0:
        f["t2.administrative_fees.fee_amount"] = "无"
    else:
        f["t2.administrative_enforcement.decisions"] = "无"
    for spec_row in T3_ROWS:
        for col, mark in (("research_institution", "—"), ("social_welfare_org", "")):
            key = f"t3.{spec_row.row}.{col}"
            if f[key] == "0":
                f[key] = mark
    for res, _ in T4_RESULTS:
        key = f"t4.lawsuit_after_review.{res}"
        if f[key] == "0":
            f[key] = "—"
    items.append(
        (
            f"sample-district-2025.{_EXT[blanks.style]}",
            blanks,
            {
                "exercises": "cells printed as '/', '无', '—' and blank (never zero); rules not "
                "evaluable where they occur",
                "expected_outcome": "landed",
                "rules_broken": [],
            },
        )
    )

    # A truncated file: table 3 stops halfway, nothing after it.
    rng = random.Random(f"ogi-demo:{seed}:sample-street")
    street = random_spec(rng, DEMO_AGENCIES["sample-street"], 2023, style="html")
    street.truncate_t3_after = len(T3_ROWS) // 2
    items.append(
        (
            "sample-street-2023.truncated.html",
            street,
            {
                "exercises": "truncated download: table 3 cut after "
                f"{street.truncate_t3_after} of {len(T3_ROWS)} rows, table 4 and sections 四–六 "
                "missing; t3 incomplete, t4 absent",
                "expected_outcome": "landed",
                "rules_broken": [],
            },
        )
    )

    # Documents made by another extractor: one valid, one that breaks the contract.
    rng = random.Random(f"ogi-demo:{seed}:sample-county")
    county = random_spec(rng, DEMO_AGENCIES["sample-county"], 2023, style="flat_text")
    items.append(
        (
            "external-sample-county-2023.json",
            external_document(county, "exports/sample-county/2023-annual-report.txt"),
            {
                "exercises": "JSON document from another extractor (parser "
                "'demo-external-extractor'), valid against contract 1.0.0",
                "expected_outcome": "landed",
                "rules_broken": [],
                "spec": county,
            },
        )
    )
    rng = random.Random(f"ogi-demo:{seed}:sample-county-2024")
    county_bad = random_spec(rng, DEMO_AGENCIES["sample-county"], 2024, county, style="flat_text")
    items.append(
        (
            "external-sample-county-2024.invalid.json",
            invalid_external_document(county_bad, "exports/sample-county/2024-annual-report.txt"),
            {
                "exercises": "JSON document that violates the contract (contract_version 0.9, "
                "non-hex report_id, no parser, string values, unknown status): must be rejected",
                "expected_outcome": "rejected",
                "rules_broken": [],
            },
        )
    )
    return items


def _file_text(item: ReportSpec | dict) -> str:
    if isinstance(item, ReportSpec):
        return render(item)
    return json.dumps(item, ensure_ascii=False, indent=2) + "\n"


def write_demo_inbox(dest_dir: str | Path, seed: int = 2026) -> list[Path]:
    """Write the demo reports into `dest_dir` (created if needed); same seed, same bytes."""
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name, item, _ in _demo_specs(seed):
        path = dest / name
        path.write_bytes(_file_text(item).encode("utf-8"))
        written.append(path)
    return written


def demo_specs(seed: int = 2026) -> dict[str, ReportSpec]:
    """The spec of every demo report file (not the JSON documents)."""
    return {name: item for name, item, _ in _demo_specs(seed) if isinstance(item, ReportSpec)}


def demo_truths(seed: int = 2026) -> dict[str, dict]:
    """Expected parse of every demo file that must land, keyed by file name.

    The valid external JSON document's truth is that of the report it describes; the invalid
    one is absent (it must be rejected: see `demo_manifest`).
    """
    out = {}
    for name, item, meta in _demo_specs(seed):
        if meta["expected_outcome"] != "landed":
            continue
        spec = item if isinstance(item, ReportSpec) else meta["spec"]
        out[name] = truth(spec)
    return out


def demo_manifest(seed: int = 2026) -> dict[str, dict]:
    """What each demo file exercises: {name: {exercises, expected_outcome, rules_broken}}."""
    return {
        name: {k: v for k, v in meta.items() if k != "spec"} for name, _, meta in _demo_specs(seed)
    }
