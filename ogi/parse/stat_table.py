"""Provincial statistical tables of era-1 reports (2008–2018): the annual column only.

Provinces attached their own tables to the free-text reports: Jilin's 指标 / 累计数 / 本年发生数,
Fujian's 指标名称 / 计量单位 / 本年度 / 历年累计. Their header says which column is the year's
figure and which is cumulative; only the annual one is kept (a cumulative figure is not the
year's). Rows are numbered r01, r02 … in printed order, with the indicator as printed.

Two layouts reach us: a grid (HTML cells, or a text copy with one cell per `|` line), read
from tokens, and a text copy whose cells run together (`主动公开文件数条294981916`). In the
second, the annual and cumulative digits are glued: a split is taken only when it is the only
one possible (cumulative ≥ annual, no leading zeros) or when a figure stated in the prose
picks one of the candidates; otherwise the cell is unreadable and the candidates are listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ogi.normalize import Value, collapse_spaces, halfwidth, read_value
from ogi.parse.sources import Token

_HEADER = re.compile(r"^指标(?:名称)?$")
_ANNUAL = re.compile(r"^(?:本年度?|本年发生数|\d{2,4}年(?:度|发生数)?)$")
_CUMULATIVE = re.compile(r"累计")
_UNIT_HEADER = "计量单位"
_UNITS = {"条", "件", "元", "万元", "次", "个", "人", "人次", "份", "期", "场", "项", "条次", "篇"}
_CELL_WORDS = {"不填"}  # printed in a cell where the template says it is not filled
# A numbered indicator: 1. / 15 / 其中: / ⑴ / ① / Ⅰ / (1) / 1、
_NUMBERED = re.compile(r"^(?:其中|\d+|[⑴-⒇]|[①-⑳]|[Ⅰ-Ⅻ]|\(\d+\)|（\d+）)")


@dataclass
class StatCell:
    row: str
    label: str
    value: Value
    loc: dict[str, int]


@dataclass
class StatTable:
    cells: list[StatCell] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, label: str, value: Value, loc: dict[str, int]) -> None:
        self.cells.append(StatCell(f"r{len(self.cells) + 1:02d}", label, value, loc))


def _key(text: str) -> str:
    return "".join(text.split())  # no whitespace: str.split() splits where \s matches


def _header_column(text: str) -> str | None:
    key = _key(halfwidth(text))
    if key == _UNIT_HEADER:
        return "unit"
    if _CUMULATIVE.search(key):
        return "cumulative"
    if _ANNUAL.match(key):
        return "annual"
    return None


def _is_value(text: str, columns: list[str]) -> bool:
    return _is_value_text(text, "unit" in columns)


@lru_cache(maxsize=4096)  # a province's tables print the same indicators and figures each year
def _is_value_text(text: str, has_unit_column: bool) -> bool:
    key = _key(text)
    if key in _CELL_WORDS or (has_unit_column and key in _UNITS):
        return True
    return read_value(text).is_figure_like


def read_stat_grid(tokens: list[Token]) -> StatTable:
    """A statistical table printed as cells (HTML table or `|`-flattened text)."""
    table = StatTable()
    columns: list[str] = []
    index = 0
    while index < len(tokens):
        text = tokens[index].text
        if "指" in text and _HEADER.match(_key(text)):  # (a cheap test first: most cells are not)
            columns, index = [], index + 1
            while index < len(tokens) and (column := _header_column(tokens[index].text)):
                columns.append(column)
                index += 1
            if "annual" not in columns:
                columns = []
            continue
        if not columns or _is_value(text, columns):
            index += 1
            continue
        label_token, index = tokens[index], index + 1
        values: list[Token] = []
        while index < len(tokens) and _is_value(tokens[index].text, columns):
            values.append(tokens[index])
            index += 1
        label = _key(label_token.text)
        if not values and not _NUMBERED.match(halfwidth(label)):
            continue  # a heading over its indicators (人员配置, 公开数量)
        annual_at = columns.index("annual")
        if annual_at < len(values):
            value = read_value(values[annual_at].text)
            if "unit" in columns and columns.index("unit") < len(values) and value.unit is None:
                value = replace(value, unit=_key(values[columns.index("unit")].text))
            table.add(label, value, values[annual_at].loc)
        else:
            # Printed with its cells empty (a text copy drops empty cells to bare `|` lines).
            table.add(label, Value("", None, "blank"), label_token.loc)
    return table


# --- cells run together ---------------------------------------------------------------------

_RUN_HEADER = re.compile(
    r"指标名称\s*计量\s*单位\s*(?P<first>\d{4}\s*年度|历年累计)\s*(?P<second>\d{4}\s*年度|历年累计)"
)
_UNIT_ALTERNATION = "|".join(sorted(_UNITS, key=len, reverse=True))
_RUN_ROW = re.compile(
    rf"\s*(?P<label>(?:其中[:：])?(?:(?P<number>\d+)[、.])?[^\d]+?)\s*(?P<unit>{_UNIT_ALTERNATION})\s*"
    r"(?P<digits>\d+(?:[ ]+\d+)*)"
)


def _number_ok(digits: str) -> bool:
    return digits == "0" or not digits.startswith("0")


def annual_cumulative_splits(digits: str, annual_first: bool = True) -> list[tuple[int, int]]:
    """Every (annual, cumulative) reading of two glued figures: no leading zeros, and the
    cumulative total is at least the year's figure."""
    readings = []
    for cut in range(1, len(digits)):
        first, second = digits[:cut], digits[cut:]
        if not (_number_ok(first) and _number_ok(second)):
            continue
        annual, cumulative = (int(first), int(second)) if annual_first else (int(second), int(first))
        if cumulative >= annual:
            readings.append((annual, cumulative))
    return readings


def read_stat_run_together(
    plain_lines: list[str], stated: dict[str, list[float]]
) -> StatTable:
    """A Fujian-style table whose cells run together in one line of text (`plain_lines`: the
    text's lines NFKC-normalised by `halfwidth`).

    `stated` maps indicator words to figures the prose states for the year (e.g. 主动公开 →
    [2069]); a stated figure that equals exactly one candidate split decides the split.
    """
    table = StatTable()
    for number, text in enumerate(plain_lines, start=1):
        header = _RUN_HEADER.search(text)
        if not header:
            continue
        annual_first = header.group("first").endswith("年度")
        position = header.end()
        pending_numbering: str | None = None
        while match := _RUN_ROW.match(text, position):
            label = collapse_spaces(match.group("label")).replace(" ", "")
            numbering = match.group("number")
            if pending_numbering:
                label, numbering = pending_numbering + label, pending_numbering[:-1]
            digits = match.group("digits")
            position = match.end()
            pending_numbering = None
            # The next indicator's numbering can stick to this row's digits: …1916 + 2、政府公报.
            if position < len(text) and text[position] in "、." and numbering:
                following = str(int(numbering) + 1)
                if digits.endswith(" " + following):  # 418 1509 2.政府公报公开
                    digits = digits[: -len(following)].rstrip()
                    pending_numbering = following + text[position]
                    position += 1
                elif digits.endswith(following) and len(digits) > len(following):
                    digits = digits[: -len(following)]
                    pending_numbering = following + text[position]
                    position += 1
            loc = {"line": number, "offset": match.start("digits")}
            unit = match.group("unit")
            table.add(label, _resolve(label, unit, digits, annual_first, stated, table), loc)
        break
    return table


def _resolve(
    label: str,
    unit: str,
    digits: str,
    annual_first: bool,
    stated: dict[str, list[float]],
    table: StatTable,
) -> Value:
    raw = digits
    if " " in digits:  # printed apart: nothing to resolve
        parts = digits.split()
        if len(parts) == 2:
            annual = parts[0] if annual_first else parts[1]
            return read_value(annual + unit)
        table.warnings.append(f"statistical table row {label}: '{digits}' is not two figures")
        return Value(raw, None, "unreadable", unit=unit)
    readings = annual_cumulative_splits(digits, annual_first)
    if len(readings) == 1:
        return Value(raw, float(readings[0][0]), "number", unit=unit, note="annual and cumulative figures printed without a separator; one reading only")
    confirmed = [
        annual
        for annual, _ in readings
        if any(annual in stated.get(word, []) for word in stated if word in label)
    ]
    if len(confirmed) == 1:
        return Value(
            raw,
            float(confirmed[0]),
            "number",
            unit=unit,
            note="annual and cumulative figures printed without a separator; the split the report's text states",
        )
    shown = ", ".join(f"{annual}|{cumulative}" for annual, cumulative in readings) or "none"
    table.warnings.append(
        f"statistical table row {label}: '{digits}' runs the annual and cumulative figures together; "
        f"possible readings {shown}: left unread"
    )
    return Value(raw, None, "unreadable", unit=unit, note=f"possible readings (annual|cumulative): {shown}")
