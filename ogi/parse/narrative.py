"""Figures stated in a report's prose (主动公开政府信息845条, 收到申请154件 ...).

Each item takes the first clause that states it for the report's own year: a clause about a
cumulative total (截至…累计, 历年) is skipped. The figure keeps its approximate marker
(7700余条), a redaction (XX条) and the words around it, so a reader can check it against the
source. Era-1 reports (2008–2018) have no national tables, so for them the prose is read for
more: the categories of active disclosure, applications answered, the outcomes stated, fees.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from dataclasses import dataclass
from typing import NamedTuple

from ogi.normalize import Value, read_value

_UNIT = r"(?P<unit>条次|条|件|项|篇|起)"
_UNIT_CHAR = re.compile("[条件项篇起]")  # a _FIGURE holds one: without one, no need to try it
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
    # 发放政府公报(政报) 24份: the copies of the government gazette handed out that year.
    "gazette_copies": (
        re.compile(r"发放政府公报(?:\(政报\))?\s*(?P<figure>\d[\d,]*\s*(?P<unit>份))"),
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
# Words every pattern of an item (and its zero pattern) contains: the report is searched for
# them, and only the sentences that hold one are split into clauses and tried (most hold none).
ITEM_WORDS: dict[str, tuple[str, ...]] = {
    "active_disclosure_total": ("主动公开", "公开信息总数", "公布政府信息"),
    "requests_received_total": ("申请",),
    "administrative_review_total": ("行政复议",),
    "lawsuit_total": ("行政诉讼",),
    "requests_answered_total": ("答复",),
    "fees_collected": ("收取", "收费"),
    "gazette_copies": ("政府公报",),
}
# Words a clause must contain for the item: 受理申请136437件 at a service hall is not an
# information request.
CLAUSE_REQUIRES: dict[str, str] = {
    "requests_received_total": "公开",
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


class _Clause(NamedTuple):
    text: str
    offset: int  # within its paragraph
    cumulative: bool
    paragraph: int
    sentence: int  # where its sentence starts in the paragraph


def _clauses(sentence: str, paragraph: int, start: int) -> list[_Clause]:
    """The clauses of a sentence that starts at `start` in a paragraph; a clause is about a
    cumulative total when it says so, or follows one in the same sentence without naming the
    year again."""
    pieces = _CLAUSE_SPLIT.split(sentence)
    offsets = itertools.accumulate((len(piece) + 1 for piece in pieces[:-1]), initial=start)
    if not _CUMULATIVE.search(sentence):  # most sentences: a cumulative word holds no separator
        return [
            _Clause(piece, offset, False, paragraph, start) for piece, offset in zip(pieces, offsets)
        ]
    clauses = []
    cumulative = False
    for piece, offset in zip(pieces, offsets):
        if _CUMULATIVE.search(piece):
            cumulative = True
        elif cumulative and _THIS_YEAR.search(piece):
            cumulative = False
        clauses.append(_Clause(piece, offset, cumulative, paragraph, start))
    return clauses


def _value(match: re.Match[str]) -> Value:
    return read_value(match.group("figure"))


class _Prose:
    """A report's paragraphs; a sentence (text between 。) is split into clauses only when it is
    needed: most of a report names none of the items."""

    def __init__(self, unit: str, texts: list[str]):
        self.unit = unit
        self.texts = texts
        self.joined = "\n".join(self.texts)  # searched for key words; starts map back
        # Where each paragraph starts in `joined`: the lengths before it, plus one \n each.
        lengths = itertools.accumulate(map(len, self.texts), initial=0)
        self.starts = list(map(operator.add, lengths, range(len(self.texts) + 1)))
        self._clauses: dict[tuple[int, int], list[_Clause]] = {}
        self._sentences: dict[str, list[tuple[int, int, int]]] = {}

    def loc(self, paragraph: int, offset: int) -> dict[str, int]:
        return {self.unit: paragraph + 1, "offset": offset}

    def sentence(self, paragraph: int, offset: int) -> tuple[int, int]:
        """Start and end of the sentence around `offset` (a character that is not 。)."""
        text = self.texts[paragraph]
        end = text.find("。", offset)
        return text.rfind("。", 0, offset) + 1, len(text) if end < 0 else end

    def clauses(self, paragraph: int, start: int, end: int) -> list[_Clause]:
        """The clauses of the sentence from `start` to `end` in a paragraph."""
        key = (paragraph, start)
        if key not in self._clauses:
            self._clauses[key] = _clauses(self.texts[paragraph][start:end], paragraph, start)
        return self._clauses[key]

    def _locate(self, position: int) -> tuple[int, int]:
        """(paragraph, offset within it) of a position in `joined`."""
        paragraph = bisect.bisect_right(self.starts, position) - 1
        return paragraph, position - self.starts[paragraph]

    def _sentences_with(self, word: str) -> list[tuple[int, int, int]]:
        """(paragraph, start, end) of each sentence that contains `word`, in order (once per
        word: the zero patterns look again for the items' words)."""
        if word not in self._sentences:
            found = []
            position = self.joined.find(word)
            while position >= 0:
                paragraph, offset = self._locate(position)
                start, end = self.sentence(paragraph, offset)
                found.append((paragraph, start, end))
                position = self.joined.find(word, self.starts[paragraph] + end)  # next sentence on
            self._sentences[word] = found
        return self._sentences[word]

    def sentences_naming(self, words: tuple[str, ...]) -> list[tuple[int, int, int]]:
        """(paragraph, start, end) of the sentences that contain one of `words`, in order."""
        return sorted({sentence for word in words for sentence in self._sentences_with(word)})

    def clauses_naming(self, words: tuple[str, ...]) -> list[_Clause]:
        """The clauses that contain one of `words`, in order (a word holds no clause or sentence
        separator, so it lies inside one clause)."""
        found: dict[tuple[int, int], _Clause] = {}
        for word in words:
            for paragraph, start, end in self._sentences_with(word):
                for clause in self.clauses(paragraph, start, end):
                    if word in clause.text:
                        found[paragraph, clause.offset] = clause
        return [found[key] for key in sorted(found)]

    def following(self, clause: _Clause, count: int) -> list[list[_Clause]]:
        """The clause's sentence and the `count - 1` after it; a paragraph without a sentence
        (an empty line) counts as one empty sentence."""
        paragraph, offset = clause.paragraph, clause.sentence
        window: list[list[_Clause]] = []
        while len(window) < count and paragraph < len(self.texts):
            text = self.texts[paragraph]
            while offset < len(text) and text[offset] == "。":
                offset += 1
            if offset < len(text):
                start, end = self.sentence(paragraph, offset)
                window.append(self.clauses(paragraph, start, end))
                offset = end
                continue
            if not text.strip("。"):
                window.append([])
            paragraph, offset = paragraph + 1, 0
        return window


def read_narrative(
    paragraphs: tuple[str, list[str]], era1: bool = False
) -> list[NarrativeFigure]:
    """Each item from the first clause its most specific pattern matches; for era-1 reports
    also the categories and outcomes listed beside the totals. `paragraphs` are as
    `SourceText.paragraphs` gives them: what a piece is, and the pieces NFKC-normalised."""
    prose = _Prose(*paragraphs)
    found: dict[str, NarrativeFigure] = {}
    found_at: dict[str, _Clause] = {}
    patterns = ITEM_PATTERNS | (ERA1_ITEM_PATTERNS if era1 else {})
    for item, item_patterns in patterns.items():
        required = CLAUSE_REQUIRES.get(item)
        clauses = [
            clause
            for clause in prose.clauses_naming(ITEM_WORDS[item])
            if not clause.cumulative and (required is None or required in clause.text)
        ]
        for pattern in item_patterns:
            for clause in clauses:
                if (match := pattern.search(clause.text)) is None:
                    continue
                value = _value(match)
                if value.status in ("number", "redacted"):
                    loc = prose.loc(clause.paragraph, clause.offset + match.start())
                    found[item] = NarrativeFigure(item, value, clause.text.strip(), loc)
                    found_at[item] = clause
                    break
            if item in found:
                break
    zero_patterns = ZERO_PATTERNS | (ERA1_ZERO_PATTERNS if era1 else {})
    for item, pattern in zero_patterns.items():
        if item in found:
            continue
        # No zero pattern spans a 。, so the first match in a paragraph is the first in the
        # sentences that name the item's words.
        for number, start, end in prose.sentences_naming(ITEM_WORDS[item]):
            if match := pattern.search(prose.texts[number], start, end):
                stated = Value(match.group(0), 0.0, "number", note="stated in words as none")
                found[item] = NarrativeFigure(
                    item, stated, match.group(0), prose.loc(number, match.start())
                )
                break
    figures = list(found.values())
    if era1:
        figures += _categories(prose, found_at.get("active_disclosure_total"))
        figures += _outcomes(prose, found_at.get("requests_received_total"))
    return figures


def _first_per_label(figures: list[NarrativeFigure]) -> list[NarrativeFigure]:
    kept: dict[tuple[str, str | None], NarrativeFigure] = {}
    for figure in figures:
        kept.setdefault((figure.item, figure.label), figure)
    return list(kept.values())


def _labelled(
    item: str, pattern: re.Pattern[str], clause: _Clause, prose: _Prose
) -> NarrativeFigure | None:
    if not _UNIT_CHAR.search(clause.text):
        return None
    stripped = clause.text.strip().lstrip("(（").strip()
    stripped = stripped.removeprefix("其中").strip()
    match = pattern.match(stripped.replace(" ", ""))
    if not match:
        return None
    value = _value(match)
    if value.status not in ("number", "redacted"):
        return None
    loc = prose.loc(clause.paragraph, clause.offset)
    return NarrativeFigure(item, value, stripped, loc, match.group("label"))


def _categories(prose: _Prose, total: _Clause | None) -> list[NarrativeFigure]:
    """Categories of active disclosure (政策法规类信息65条 …): the list in the total's sentence
    or one of the four sentences after it that names the most categories (at least two when
    it is not the total's own sentence)."""
    if total is None:
        return []
    best: list[NarrativeFigure] = []
    for distance, sentence in enumerate(prose.following(total, 5)):
        figures = _first_per_label(
            [
                figure
                for clause in sentence
                if clause is not total and not clause.cumulative
                and (figure := _labelled("active_disclosure_category", _CATEGORY, clause, prose))
            ]
        )
        enough = len(figures) >= (1 if distance == 0 else 2)
        if enough and len(figures) > len(best):
            best = figures
    return best


def _outcomes(prose: _Prose, received: _Clause | None) -> list[NarrativeFigure]:
    """Outcomes of applications as stated (同意公开数为7件), in the sentence that counts the
    applications and the one after it."""
    if received is None:
        return []
    return _first_per_label(
        [
            figure
            for sentence in prose.following(received, 2)
            for clause in sentence
            if not clause.cumulative
            and _OUTCOME_WORDS.search(clause.text)
            and (figure := _labelled("request_outcome", _OUTCOME, clause, prose))
        ]
    )
