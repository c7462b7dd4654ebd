"""Who published a report, for which year, in which national format, and whether it is one.

Read from the title when the source has one (a page's title, an archive's 标题: line), else
from the opening of the text. A redacted year (`*年`) or body (`*区`) is recorded as redacted,
never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ogi.normalize import halfwidth, halfwidth_lines

# 2021年度政府信息公开工作年度报告 / 2011年政府信息公开工作年度报告 / 2013年信息公开年度报告 / *年政务公开年报
_REPORT_PHRASE = re.compile(
    r"(?P<year>\d{4}|[*＊Xx×]+)\s*年度?\s*(?:政府)?(?:信息|政务)公开(?:工作)?(?:年度)?(?:报告|年报|汇报)"
)
_YEAR_FIRST = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*年\s*(?P<agency>[\u4e00-\u9fff]{2,20}?)政府信息公开(?:工作)?年度报告"
)
_FIRST_YEAR_OF_REGULATIONS = re.compile(
    r"自\s*[*＊]+\s*年\s*5\s*月\s*1\s*日\s*《?(?:中华人民共和国)?政府信息公开条例》?(?:正式)?(?:实施|施行)"
)
# Led by 年 (the lookbehind then checks the character before it), so the scan stops only at 年.
_BLANKED_YEAR = re.compile(
    r"年(?<![\d〇零一二三四五六七八九十*＊全今本每近当去明上下同该历]年)度?(?:我|全)(?:县|区|市|镇|乡)"
)
_REDACTED_BODY = re.compile(r"[*＊]+(?:区|县|市|镇|乡|街道)")
# A title that starts with the level word where the body's name should be: 县政全年…汇报.
_NAMELESS_TITLE = re.compile(r"^\s*(?:县|区|市|镇|乡)(?:政|人民政府)")
_YEAR_RANGE = re.compile(r"统计期限[为自从]?\s*(\d{4})\s*年\s*1\s*月\s*1\s*日")
# Words that introduce the title inside a sentence: 特编制曲阳街道2021年度… → 曲阳街道.
_LEAD_IN = re.compile(
    r"^.*(?:特此编制|特编制|编制了?|现将|特向社会公布|公布|发布|制作|形成|做好|关于)"
)
_NAME_CHARS = re.compile(r"[\u4e00-\u9fff（）()·\-*＊]+$")

REPORT_SIGNALS = (
    "政府信息公开条例",
    "主动公开",
    "依申请公开",
    "信息公开申请",
    "行政复议",
    "公开指南",
)
FORMAT_2021_MARKERS = (
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "国办公开办函〔2021〕30号",
    "逾期不补正",
)
FORMAT_2019_MARKERS = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "国办公开办函〔2019〕60号",
)


def table_format_hint(lines: list[str], cell_texts: list[str]) -> str:
    """The national format whose table vocabulary to read with: '2019' when only the 2019
    format's column headings are printed, else '2021'."""
    text = "\n".join(cell_texts) + "\n".join(lines)
    if any(marker in text for marker in FORMAT_2019_MARKERS) and not any(
        marker in text for marker in FORMAT_2021_MARKERS
    ):
        return "2019"
    return "2021"


@dataclass(frozen=True)
class Identity:
    is_report: bool
    title: str | None
    agency_name: str | None
    agency_basis: str  # title | text | redacted | missing
    report_year: int | None
    report_year_basis: str
    report_format: str  # 2021 | 2019 | pre2019


def _agency_before(text: str, start: int) -> str | None:
    prefix = text[:start].rstrip()
    match = _NAME_CHARS.search(prefix)
    if not match:
        return None
    name = _LEAD_IN.sub("", match.group(0)).strip("（）()·-")
    name = re.sub(r"^(?:关于|本|我)", "", name)
    return name or None


def _year(raw: str) -> tuple[int | None, str]:
    if raw.isdigit():
        return int(raw), ""
    return None, "redacted"


def identify(
    title: str | None,
    lines: list[str],
    plain_lines: list[str],
    cell_texts: list[str],
    has_tables: bool,
) -> Identity:
    """`plain_lines` are `lines` NFKC-normalised (`halfwidth`), computed once by the caller."""
    opening = "\n".join(plain_lines[:60])
    if title is None:
        # A text copy without a page title: its headline, a short line near the top that
        # names the report (淮北市烈山区人民政府2017年政府信息公开年度报告), is the title.
        title = next(
            (
                line
                for line, plain in zip(lines[:10], plain_lines[:10])
                if len(line) <= 60 and (m := _REPORT_PHRASE.search(plain)) and m.end() >= len(plain.rstrip()) - 2
            ),
            None,
        )
    text = "\n".join(plain_lines + halfwidth_lines(cell_texts))
    plain_title = halfwidth(title or "")
    title_match = _REPORT_PHRASE.search(plain_title) if title else None
    text_match = _REPORT_PHRASE.search(opening)
    # A title decides (the Pingtan 2014 letter is titled 关于…工作要点落实情况的函); without
    # one, the report phrase in the opening, the national tables, or the prose of a report
    # (aggregator copies often lose the title) will do.
    if title:
        is_report = bool(title_match) or has_tables
    else:
        signals = sum(1 for signal in REPORT_SIGNALS if signal in text)
        is_report = bool(text_match) or has_tables or signals >= 3

    year, year_basis = None, "missing"
    agency, agency_basis = None, "missing"
    for basis, source, match in (
        ("title", plain_title, title_match),
        ("text", opening, text_match),
    ):
        if match is None:
            continue
        if year is None and year_basis == "missing":
            year, redacted = _year(match.group("year"))
            year_basis = redacted or basis
        if agency is None:
            name = _agency_before(source, match.start())
            if name and set(name) <= set("*＊"):
                agency_basis = "redacted"
            elif name:
                agency, agency_basis = name, basis
    if year is None and year_basis != "redacted" and (match := _YEAR_RANGE.search(text)):
        year, year_basis = int(match.group(1)), "text"
    # Year before the body: 附:2011年龙潭区缸窑镇政府信息公开年度报告相关数据统计表.
    if (agency is None or year is None) and (match := _YEAR_FIRST.search(opening)):
        if agency is None and agency_basis == "missing":
            agency, agency_basis = match.group("agency"), "text"
        if year is None and year_basis == "missing":
            year, year_basis = int(match.group("year")), "text"
    if year is None and (match := _FIRST_YEAR_OF_REGULATIONS.search(text)):
        # 自*年5月1日《政府信息公开条例》实施以来: the regulations took effect on 1 May 2008,
        # so a report counting from that day is the 2008 report.
        year, year_basis = 2008, "inferred"
    elif year is None and year_basis == "missing" and _BLANKED_YEAR.search(text):
        year_basis = "redacted"  # 现将年我县…: the year's digits were removed
    if agency is None and agency_basis == "missing" and (
        _REDACTED_BODY.search(opening) or _NAMELESS_TITLE.match(title or lines[0] if lines else "")
    ):
        agency_basis = "redacted"

    if any(marker in text for marker in FORMAT_2021_MARKERS):
        report_format = "2021"
    elif any(marker in text for marker in FORMAT_2019_MARKERS):
        report_format = "2019"
    elif year is not None and year >= 2021 and has_tables:
        report_format = "2021"
    else:
        report_format = "pre2019"
    return Identity(is_report, title, agency, agency_basis, year, year_basis, report_format)
