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
_FIGURE = (
    r"(?P<figure>(?:\d[\d,]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+|[Xx×*]+)"
    rf"\s*(?:余|多)?\s*{_UNIT}(?:余|多)?)"
)
# A count printed without a unit, only where 为 introduces it: 申请总数为0。
_BARE = r"(?P<figure>\d[\d,]*)(?![\d.%])"
_GAP = r"[^,，。;；:：\d]{0,20}?"

# Each item's patterns, tried in order on every clause.
ITEM_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "active_disclosure_total": (
        # The year's total first (主动公开政府信息2122条), then looser wordings; 其他应主动公开
        # …信息 is a category, not the total.
        re.compile(rf"(?<!应)主动公开(?:各类)?(?:政府)?信息(?:共|总数为|为)?\s*{_FIGURE}"),
        re.compile(rf"公开信息总数(?:为|共)?\s*{_FIGURE}"),
        re.compile(rf"公布政府信息(?:共)?\s*{_FIGURE}"),
        re.compile(rf"(?<!应)主动公开{_GAP}{_FIGURE}"),
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
    "fees_collected": re.compile(
        r"(?:未|没有)[^,，。;；]{0,20}?(?:收取|收费)|暂不收费|不收取[^,，。;；]{0,6}?费"
    ),
    "requests_answered_total": re.compile(r"(?:不存在|未发生|没有)[^,，。;；]{0,8}?答复"),
}
# Words a clause must contain for the item: 受理申请136437件 at a service hall is not an
# information request.
CLAUSE_REQUIRES: dict[str, re.Pattern[str]] = {
    "requests_received_total": re.compile(r"公开"),
}

_CUMULATIVE = re.compile(r"截止|截至|历年|以来|近年|至今")
_THIS_YEAR = re.compile(r"本年|当年|今年|新增|\d{4}年")
_CLAUSE_SPLIT = re.compile(r"[,，;；:：]")
# A category of active disclosure: 政策法规类信息65条 / 行政权力运行公开3800余条次 / 计划规划类 XX 条
_CATEGORY = re.compile(
    rf"^(?:其中)?(?P<label>[\u4e00-\u9fff、()（）]{{2,40}}?)"
    rf"(?:数)?(?:为|分别为|共)?\s*{_FIGURE}(?:[)）].*)?$"
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


@dataclass
class _Clause:
    text: str
    offset: int  # within its paragraph
    cumulative: bool
    paragraph: int
    sentence: int  # index over the whole report


def _all_clauses(paragraphs: list[tuple[str, dict[str, int]]]) -> list[_Clause]:
    clauses: list[_Clause] = []
    sentence = 0
    for number, (paragraph, _) in enumerate(paragraphs):
        text = halfwidth(paragraph)
        previous_start = None
        for piece, offset, cumulative in _clauses(text):
            start_of_sentence = text.rfind("。", 0, offset) + 1
            if previous_start is not None and start_of_sentence != previous_start:
                sentence += 1
            previous_start = start_of_sentence
            clauses.append(_Clause(piece, offset, cumulative, number, sentence))
        sentence += 1
    return clauses


def read_narrative(
    paragraphs: list[tuple[str, dict[str, int]]], era1: bool = False
) -> list[NarrativeFigure]:
    """Each item from the first clause its most specific pattern matches; for era-1 reports
    also the categories and outcomes listed beside the totals."""
    clauses = _all_clauses(paragraphs)
    found: dict[str, NarrativeFigure] = {}
    found_at: dict[str, _Clause] = {}
    patterns = ITEM_PATTERNS | (ERA1_ITEM_PATTERNS if era1 else {})
    for item, item_patterns in patterns.items():
        required = CLAUSE_REQUIRES.get(item)
        for pattern in item_patterns:
            for clause in clauses:
                if clause.cumulative or (required and not required.search(clause.text)):
                    continue
                if (match := pattern.search(clause.text)) is None:
                    continue
                value = _value(match)
                if value.status in ("number", "redacted"):
                    loc = {**paragraphs[clause.paragraph][1], "offset": clause.offset + match.start()}
                    found[item] = NarrativeFigure(item, value, clause.text.strip(), loc)
                    found_at[item] = clause
                    break
            if item in found:
                break
    zero_patterns = ZERO_PATTERNS | (ERA1_ZERO_PATTERNS if era1 else {})
    for item, pattern in zero_patterns.items():
        for paragraph, loc in paragraphs:
            if item not in found and (match := pattern.search(halfwidth(paragraph))):
                stated = Value(match.group(0), 0.0, "number", note="stated in words as none")
                found[item] = NarrativeFigure(
                    item, stated, match.group(0), {**loc, "offset": match.start()}
                )
    figures = list(found.values())
    if era1:
        figures += _categories(clauses, paragraphs, found_at.get("active_disclosure_total"))
        figures += _outcomes(clauses, paragraphs, found_at.get("requests_received_total"))
    return figures


def _first_per_label(figures: list[NarrativeFigure]) -> list[NarrativeFigure]:
    kept: dict[tuple[str, str | None], NarrativeFigure] = {}
    for figure in figures:
        kept.setdefault((figure.item, figure.label), figure)
    return list(kept.values())


def _labelled(
    item: str, pattern: re.Pattern[str], clause: _Clause, paragraphs: list[tuple[str, dict[str, int]]]
) -> NarrativeFigure | None:
    stripped = clause.text.strip().lstrip("(（").strip()
    stripped = stripped.removeprefix("其中").strip()
    match = pattern.match(stripped.replace(" ", ""))
    if not match:
        return None
    value = _value(match)
    if value.status not in ("number", "redacted"):
        return None
    loc = {**paragraphs[clause.paragraph][1], "offset": clause.offset}
    return NarrativeFigure(item, value, stripped, loc, match.group("label"))


def _categories(
    clauses: list[_Clause], paragraphs: list[tuple[str, dict[str, int]]], total: _Clause | None
) -> list[NarrativeFigure]:
    """Categories of active disclosure (政策法规类信息65条 …): the list in the total's sentence
    or one of the four sentences after it that names the most categories (at least two when
    it is not the total's own sentence)."""
    if total is None:
        return []
    best: list[NarrativeFigure] = []
    for sentence in range(total.sentence, total.sentence + 5):
        figures = _first_per_label(
            [
                figure
                for clause in clauses
                if clause.sentence == sentence and clause is not total and not clause.cumulative
                and (
                    figure := _labelled(
                        "active_disclosure_category", _CATEGORY, clause, paragraphs
                    )
                )
            ]
        )
        enough = len(figures) >= (1 if sentence == total.sentence else 2)
        if enough and len(figures) > len(best):
            best = figures
    return best


def _outcomes(
    clauses: list[_Clause], paragraphs: list[tuple[str, dict[str, int]]], received: _Clause | None
) -> list[NarrativeFigure]:
    """Outcomes of applications as stated (同意公开数为7件), in the sentence that counts the
    applications and the one after it."""
    if received is None:
        return []
    return _first_per_label(
        [
            figure
            for clause in clauses
            if received.sentence <= clause.sentence <= received.sentence + 1
            and not clause.cumulative
            and _OUTCOME_WORDS.search(clause.text)
            and (figure := _labelled("request_outcome", _OUTCOME, clause, paragraphs))
        ]
    )
