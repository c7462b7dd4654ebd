"""Figures stated in a report's prose (主动公开政府信息845条, 收到申请154件 ...).

Each item takes the first clause that states it for the report's own year: a clause about a
cumulative total (截至…累计, 历年) is skipped. The figure keeps its approximate marker
(7700余条), a redaction (XX条) and the words around it, so a reader can check it against the
source. Era-1 reports (2008–2018) have no national tables, so for them the prose is read for
more: the categories of active disclosure, applications answered, the outcomes stated, fees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ogi.normalize import Value, halfwidth, read_value

_UNIT = r"(?P<unit>条次|条|件|项|篇|起)"
_FIGURE = rf"(?P<figure>(?:\d[\d,]*(?:\.\d+)?|[Xx×*]+)\s*(?:余|多)?\s*{_UNIT}(?:余|多)?)"
# A count printed without a unit, only where 为 introduces it: 申请总数为0。
_BARE = r"(?P<figure>\d[\d,]*)(?![\d.%])"
_GAP = r"[^,，。;；:：\d]{0,20}?"

# Each item's patterns, tried in order on every clause.
ITEM_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "active_disclosure_total": (
        re.compile(rf"主动公开{_GAP}{_FIGURE}"),
        re.compile(rf"公开信息总数(?:为|共)?\s*{_FIGURE}"),
    ),
    "requests_received_total": (
        re.compile(rf"(?:收到|受理){_GAP}申请[^,，。;；:：\d]{{0,4}}?\s*{_FIGURE}"),
        re.compile(rf"(?:提出|收到|受理){_GAP}申请(?:总数|数)?为\s*{_BARE}"),
    ),
    "administrative_review_total": (
        re.compile(rf"行政复议(?:案件|申请)?(?:数)?(?:为|共)?\s*{_FIGURE}"),
    ),
    "lawsuit_total": (re.compile(rf"行政诉讼(?:案件)?(?:数)?(?:为|共)?\s*{_FIGURE}"),),
}
ERA1_ITEM_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "requests_answered_total": (re.compile(rf"答复(?:数|总数)?(?:为|共)?\s*{_FIGURE}"),),
    "fees_collected": (
        re.compile(
            r"(?:收取|收费)[^,，。;；\d]{0,12}?(?:为|共)?\s*(?P<figure>\d[\d,]*(?:\.\d+)?\s*(?P<unit>万元|元))"
        ),
    ),
}

# Sentences that state a count of zero in words: 未收到依申请公开政府信息, 没有发生行政复议.
ZERO_PATTERNS: dict[str, re.Pattern[str]] = {
    "requests_received_total": re.compile(
        r"(?:未|没有)(?:收到|接到|接收到|受理)[^,，。;；]{0,24}?(?:依申请公开|信息公开申请|申请)"
    ),
    "administrative_review_total": re.compile(
        r"(?:未|没有)(?:发生|收到|接到|因)?[^。;；]{0,30}?行政复议"
    ),
    "lawsuit_total": re.compile(r"(?:未|没有)(?:发生|收到|接到|因)?[^。;；]{0,30}?行政诉讼"),
}
ERA1_ZERO_PATTERNS: dict[str, re.Pattern[str]] = {
    "fees_collected": re.compile(r"(?:未|没有)[^,，。;；]{0,20}?(?:收取|收费)"),
}

_CUMULATIVE = re.compile(r"截止|截至|历年|以来|近年|至今")
_THIS_YEAR = re.compile(r"本年|当年|今年|新增|\d{4}年")
_CLAUSE_SPLIT = re.compile(r"[,，;；]")
# A category of active disclosure: 政策法规类信息65条 / 行政权力运行公开3800余条次 / 计划规划类 XX 条
_CATEGORY = re.compile(
    rf"^(?:其中)?(?P<label>[\u4e00-\u9fff、()（）]{{2,40}}?(?:类信息|类|信息公开|公开|信息))"
    rf"(?:数)?(?:为|分别为|共)?\s*{_FIGURE}$"
)
_OUTCOME_WORDS = re.compile(
    r"同意公开|部分公开|不予公开|不公开|信息不存在|不属于|非本机关|不明确|其他情况|告知|转"
)
_OUTCOME = re.compile(rf"^(?:其中)?(?P<label>[\u4e00-\u9fff、“”]{{2,40}}?)(?:数)?(?:为|共)?\s*{_FIGURE}$")


@dataclass
class NarrativeFigure:
    item: str
    value: Value
    context: str
    loc: dict[str, int]  # line or page, and the character offset within it
    label: str | None = None


def _clauses(text: str) -> list[tuple[str, int, bool]]:
    """(clause, offset, is_cumulative) for each clause; a clause is about a cumulative total
    when it says so, or follows one in the same sentence without naming the year again."""
    clauses = []
    for sentence in re.finditer(r"[^。]+", text):
        cumulative = False
        start = sentence.start()
        for piece in _CLAUSE_SPLIT.split(sentence.group(0)):
            if _CUMULATIVE.search(piece):
                cumulative = True
            elif cumulative and _THIS_YEAR.search(piece):
                cumulative = False
            clauses.append((piece, start, cumulative))
            start += len(piece) + 1
    return clauses


def _value(match: re.Match[str]) -> Value:
    return read_value(match.group("figure"))


def read_narrative(
    paragraphs: list[tuple[str, dict[str, int]]], era1: bool = False
) -> list[NarrativeFigure]:
    found: dict[str, NarrativeFigure] = {}
    patterns = ITEM_PATTERNS | (ERA1_ITEM_PATTERNS if era1 else {})
    zero_patterns = ZERO_PATTERNS | (ERA1_ZERO_PATTERNS if era1 else {})
    repeated: list[NarrativeFigure] = []
    for number, (paragraph, loc) in enumerate(paragraphs):
        text = halfwidth(paragraph)
        clauses = _clauses(text)
        for clause, offset, cumulative in clauses:
            if cumulative:
                continue
            for item, item_patterns in patterns.items():
                if item in found:
                    continue
                match = next((m for p in item_patterns if (m := p.search(clause))), None)
                if match is None:
                    continue
                value = _value(match)
                if value.status in ("number", "redacted"):
                    found[item] = NarrativeFigure(
                        item, value, clause.strip(), {**loc, "offset": offset + match.start()}
                    )
        for item, pattern in zero_patterns.items():
            if item not in found and (match := pattern.search(text)):
                stated = Value(match.group(0), 0.0, "number", note="stated in words as none")
                found[item] = NarrativeFigure(
                    item, stated, match.group(0), {**loc, "offset": match.start()}
                )
        if era1:
            repeated += _categories(paragraphs, number, found) + _outcomes(clauses, loc, found)
    return list(found.values()) + _first_per_label(repeated)


def _first_per_label(figures: list[NarrativeFigure]) -> list[NarrativeFigure]:
    kept: dict[tuple[str, str | None], NarrativeFigure] = {}
    for figure in figures:
        kept.setdefault((figure.item, figure.label), figure)
    return list(kept.values())


def _labelled(
    item: str, pattern: re.Pattern[str], clause: str, offset: int, loc: dict[str, int]
) -> NarrativeFigure | None:
    stripped = clause.strip().lstrip("其中").strip()
    match = pattern.match(stripped.replace(" ", ""))
    if not match:
        return None
    value = _value(match)
    if value.status not in ("number", "redacted"):
        return None
    return NarrativeFigure(item, value, stripped, {**loc, "offset": offset}, match.group("label"))


def _categories(
    paragraphs: list[tuple[str, dict[str, int]]],
    number: int,
    found: dict[str, NarrativeFigure],
) -> list[NarrativeFigure]:
    """Categories of active disclosure, listed beside the year's total: in the paragraph that
    states the total, or else the paragraph after it."""
    total = found.get("active_disclosure_total")
    if total is None or total.loc != {**paragraphs[number][1], "offset": total.loc["offset"]}:
        return []
    for paragraph, loc in paragraphs[number : number + 2]:
        figures = [
            figure
            for clause, offset, cumulative in _clauses(halfwidth(paragraph))
            if not cumulative
            and "主动公开" not in clause
            and (figure := _labelled("active_disclosure_category", _CATEGORY, clause, offset, loc))
        ]
        if figures:
            return figures
    return []


def _outcomes(
    clauses: list[tuple[str, int, bool]], loc: dict[str, int], found: dict[str, NarrativeFigure]
) -> list[NarrativeFigure]:
    """Outcomes of applications as stated (同意公开数为7件), in the paragraph about applications."""
    received = found.get("requests_received_total")
    if received is None or {k: v for k, v in received.loc.items() if k != "offset"} != loc:
        return []
    return [
        figure
        for clause, offset, cumulative in clauses
        if not cumulative
        and _OUTCOME_WORDS.search(clause)
        and (figure := _labelled("request_outcome", _OUTCOME, clause, offset, loc))
    ]
