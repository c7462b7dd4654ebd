"""Figures stated in a report's prose (主动公开政府信息845条, 收到申请154件 ...).

Each item takes the first sentence that states it. The figure keeps its approximate marker
(7700余条) and the words around it, so a reader can check it against the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ogi.normalize import Value, halfwidth, read_value

_FIGURE = r"(?P<figure>\d[\d,]*(?:\.\d+)?\s*(?:余|多)?\s*(?P<unit>条次|条|件|项|篇|起)(?:余|多)?)"

ITEM_PATTERNS: dict[str, re.Pattern[str]] = {
    "active_disclosure_total": re.compile(r"主动公开[^,，。;；:：\d]{0,20}?" + _FIGURE),
    "requests_received_total": re.compile(r"(?:收到|受理)[^,，。;；:：\d]{0,20}?申请\s*" + _FIGURE),
    "administrative_review_total": re.compile(r"行政复议(?:案件)?\s*" + _FIGURE),
    "lawsuit_total": re.compile(r"行政诉讼(?:案件)?\s*" + _FIGURE),
}


# Sentences that state a count of zero in words: 未收到依申请公开政府信息, 没有发生行政复议.
ZERO_PATTERNS: dict[str, re.Pattern[str]] = {
    "requests_received_total": re.compile(
        r"(?:未|没有)(?:收到|接到|受理)[^,，。;；]{0,12}?(?:依申请公开|信息公开申请|申请)"
    ),
    "administrative_review_total": re.compile(
        r"(?:未|没有)(?:发生|收到|接到)[^,，。;；]{0,8}?行政复议"
    ),
    "lawsuit_total": re.compile(r"(?:未|没有)(?:发生|收到|接到)[^,，。;；]{0,8}?行政诉讼"),
}


@dataclass
class NarrativeFigure:
    item: str
    value: Value
    context: str
    loc: dict[str, int]  # line or page, and the character offset within it


def read_narrative(paragraphs: list[tuple[str, dict[str, int]]]) -> list[NarrativeFigure]:
    found: dict[str, NarrativeFigure] = {}
    for paragraph, loc in paragraphs:
        text = halfwidth(paragraph)
        for item, pattern in ITEM_PATTERNS.items():
            if item in found:
                continue
            match = pattern.search(text)
            if match:
                value = read_value(match.group("figure"))
                if value.status == "number":
                    context = text[max(0, match.start() - 10) : match.end()]
                    found[item] = NarrativeFigure(
                        item, value, context, {**loc, "offset": match.start()}
                    )
        for item, pattern in ZERO_PATTERNS.items():
            if item not in found and (match := pattern.search(text)):
                stated = Value(match.group(0), 0.0, "number", note="stated in words as none")
                found[item] = NarrativeFigure(
                    item, stated, match.group(0), {**loc, "offset": match.start()}
                )
    return list(found.values())
