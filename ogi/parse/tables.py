"""Read statistical tables 2, 3 and 4 of a 2021- or 2019-format report from cell tokens.

One mechanism for every input format: walk the tokens; a token whose text is a known row label
starts a row, and the next tokens are that row's figures, in the template's column order.
Nothing is inferred: a row that is cut short keeps the figures it has and its table is marked
incomplete; a row the report does not print is absent, not zero.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from ogi import layout
from ogi.normalize import Value, label_key, read_value
from ogi.parse.sources import Token

_NUMBERING = re.compile(
    r"^(?:([一二三四五六七八九十]+)、|\(([一二三四五六七八九十]+)\)|(\d+)[.、])"
)
_STEM_CHARS = 4  # labels agree when their first four characters after the numbering agree
_key = lru_cache(maxsize=4096)(label_key)  # memoised: the same cells recur in every report


_WRAPPED_PREFIX = re.compile(r"^\D{1,4}?(?=\d+[.、])")


def split_numbering(key: str) -> tuple[str | None, str]:
    """'(三)不予公开' → ('(三)', '不予公开'); '规章' → (None, '规章').

    A PDF line may begin with the tail of a wrapped group label ('法提供2.没有现成信息…',
    the end of '（四）无法提供'): up to four characters before a sub-row number are dropped.
    """
    match = _NUMBERING.match(key)
    if not match and (wrapped := _WRAPPED_PREFIX.match(key)):
        key = key[wrapped.end() :]
        match = _NUMBERING.match(key)
    if not match:
        return None, key
    return match.group(0).rstrip(".、") if match.group(3) else match.group(0), key[match.end() :]


def _stems_agree(printed: str, template: str) -> bool:
    size = min(_STEM_CHARS, len(template))
    return len(printed) >= size and printed[:size] == template[:size]


@dataclass(frozen=True)
class _Label:
    numbering: str | None
    stem: str

    @classmethod
    def of(cls, text: str) -> _Label:
        return cls(*split_numbering(_key(text)))

    def matches(self, other: _Label, exact: bool) -> bool:
        if self.numbering != other.numbering:
            return False
        return self.stem == other.stem if exact else _stems_agree(self.stem, other.stem)


# The single-row （六）其他处理 of the 2019 format, which some 2021-format reports print too.
OTHER_HANDLING_ROW = layout.OTHER_HANDLING_ROW

_ROW_LABELS = {
    report_format: [
        (spec, _Label.of(spec.label))
        for spec in layout.T2_ROWS_BY_FORMAT[report_format] + layout.T3_ROWS
    ]
    for report_format in layout.T2_ROWS_BY_FORMAT
}
_GROUP_LABELS = [(group, _Label.of(label)) for group, label in layout.T3_GROUPS.items()]
_TOP_LEVEL_T3 = {spec.row for spec in layout.T3_ROWS_2019 if spec.parent is None}
_T4_START = label_key("行政复议")
_T4_TOTAL = label_key("总计")


class ReadCell(NamedTuple):  # a table has hundreds: cheaper to make than a dataclass
    table: str
    row: str
    column: str
    label: str
    value: Value
    loc: dict[str, int]


@dataclass
class TableRead:
    cells: list[ReadCell] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    statuses: dict[str, str] = field(default_factory=dict)


# The matchers are memoised by the printed text: a report's labels are the template's, and the
# same cells recur in every report.
@lru_cache(maxsize=4096)
def _match_row(text: str, group: str | None, report_format: str) -> layout.RowSpec | None:
    """The row this label starts. A numbered sub-row ('1.…') is found by its own words; only
    when those fit several groups ('3.其他') does the group printed before it decide."""
    label = _Label.of(text)
    candidates = [
        spec
        for spec, template in _ROW_LABELS[report_format]
        if template.matches(label, exact=spec.table == "t2")
    ]
    if len(candidates) > 1:
        candidates = [spec for spec in candidates if spec.parent == group]
    return candidates[0] if len(candidates) == 1 else None


@lru_cache(maxsize=4096)
def _match_group(text: str) -> str | None:
    label = _Label.of(text)
    for group, template in _GROUP_LABELS:
        if template.matches(label, exact=False):
            return group
    return None


@lru_cache(maxsize=4096)
def _is_label(text: str, report_format: str) -> bool:
    if _match_group(text) is not None:
        return True
    label = _Label.of(text)
    return any(
        template.matches(label, exact=spec.table == "t2")
        for spec, template in _ROW_LABELS[report_format]
    )


@lru_cache(maxsize=8192)
def _reading(text: str, report_format: str) -> tuple[bool, Value]:
    """Whether a cell is a row label, and its figure: one lookup for the two."""
    return _is_label(text, report_format), read_value(text)


def _take_values(
    tokens: list[Token], start: int, count: int, grid: bool, report_format: str
) -> tuple[list[tuple[Value, Token]], int]:
    """Up to `count` figures from `start` on; stops early at the next row label.

    In a grid (HTML, DOCX, `|`-flattened text) each token is one cell, so a cell holding text
    is kept as an unreadable figure in its column. In line-based text (PDF) a wrapped label
    continues on the next line: text before the first figure belongs to the label, and text
    after the figures ends the row.
    """
    values: list[tuple[Value, Token]] = []
    index = start
    while index < len(tokens) and len(values) < count:
        token = tokens[index]
        is_label, value = _reading(token.text, report_format)
        if is_label:
            break
        if not grid and not value.is_figure_like:
            if values:
                break
            index += 1
            continue
        values.append((value, token))
        index += 1
    return values, index


def _t4_values_start(tokens: list[Token], start: int) -> int | None:
    """Index of the first figure of table 4: right after the third 总计 of its header."""
    totals = 0
    for index in range(start, min(len(tokens), start + 60)):
        if _key(tokens[index].text) == _T4_TOTAL:
            totals += 1
            if totals == 3:
                return index + 1
    return None


def read_tables(tokens: list[Token], grid: bool, report_format: str = "2021") -> TableRead:
    """Cells of tables 2–4 in the vocabulary of `report_format` ('2021' or '2019')."""
    result = TableRead()
    seen_rows: set[tuple[str, str]] = set()
    group: str | None = None
    single_other_handling = False
    index = 0
    while index < len(tokens):
        token = tokens[index]
        spec = None
        if (found_group := _match_group(token.text)) is not None:
            group = found_group
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if (
                group == "other_handling"
                and following
                and read_value(following.text).is_figure_like
            ):
                spec = OTHER_HANDLING_ROW
                single_other_handling = True
            else:
                index += 1
                continue
        elif (
            _key(token.text).startswith(_T4_START)
            and ("t4", "*") not in seen_rows
            and (first := _t4_values_start(tokens, index + 1)) is not None
        ):
            seen_rows.add(("t4", "*"))
            size = len(layout.T4_PROCEEDINGS) * len(layout.T4_RESULTS)
            values, index = _take_values(tokens, first, size, grid, report_format)
            for position, (value, value_token) in enumerate(values):
                proceeding, proceeding_label = layout.T4_PROCEEDINGS[
                    position // len(layout.T4_RESULTS)
                ]
                result_code, result_label = layout.T4_RESULTS[position % len(layout.T4_RESULTS)]
                result.cells.append(
                    ReadCell(
                        "t4",
                        proceeding,
                        result_code,
                        f"{proceeding_label}/{result_label}",
                        value,
                        value_token.loc,
                    )
                )
            continue
        else:
            spec = _match_row(token.text, group, report_format)
        if spec is None:
            index += 1
            continue
        if spec.table == "t3":
            group = None if spec.row in _TOP_LEVEL_T3 else spec.parent
        if (spec.table, spec.row) in seen_rows:
            result.warnings.append(f"row {spec.label} printed twice; the first one was kept")
            index += 1
            continue
        seen_rows.add((spec.table, spec.row))
        values, index = _take_values(
            tokens, index + 1, len(spec.columns), grid, report_format
        )
        for column, (value, value_token) in zip(spec.columns, values):
            result.cells.append(
                ReadCell(spec.table, spec.row, column, token.text, value, value_token.loc)
            )
        if values and len(values) < len(spec.columns):
            result.warnings.append(
                f"row {spec.label}: {len(values)} of {len(spec.columns)} figures printed; the rest are missing"
            )
    expected = dict(layout.TABLE_CELL_COUNTS_BY_FORMAT[report_format])
    if single_other_handling and report_format == "2021":
        expected["t3"] -= 2 * len(layout.T3_COLUMNS)  # one printed row stands for three
    counts = Counter(cell.table for cell in result.cells)
    for table, size in expected.items():
        found = counts[table]
        result.statuses[table] = (
            "absent" if found == 0 else "complete" if found >= size else "incomplete"
        )
    return result


# --- cells run together ------------------------------------------------------------------------
# Some text copies print a table row as its label followed by its figures with no separator
# ("一、本年新收政府信息公开申请数量 713000074"). A figure is read only when every way of cutting
# the digits into the row's cells (no leading zeros, spaces are cell boundaries) gives it the
# same value; the other cells stay unreadable, with the run as printed.

_ZONE = re.compile(r"^[\d\s.,]*(?:万元|元)?")


def _piece_ends(chunk: str, start: int) -> list[int]:
    """Ends of the well-formed numbers that start at `start` in `chunk`: 0, 12, 0.5, 12.50 ...
    (no leading zeros; a decimal point only between digits)."""
    first = chunk[start]
    if first == "0":
        integer_end = start + 1
    elif "1" <= first <= "9":
        integer_end = start + 1
        while integer_end < len(chunk) and chunk[integer_end].isdecimal():
            integer_end += 1
    else:
        return []
    ends = list(range(start + 1, integer_end + 1)) if first != "0" else [start + 1]
    if integer_end < len(chunk) and chunk[integer_end] == ".":  # decimals follow the whole integer
        end = integer_end + 1
        while end < len(chunk) and chunk[end].isdecimal():
            end += 1
            ends.append(end)
    return ends


def _readings(zone: str, count: int) -> tuple[int, list[set[str]]]:
    """How many readings of a zone of digit chunks as `count` cells there are, and the values
    each cell takes in them.

    Counted, not listed (a long run has millions of readings), over the cut points between
    characters: `before[point]` has bit k set when what precedes the point can be cut into k
    cells, `after[point]` bit k when what follows can be cut into cells k, k+1 … The number
    between two cut points is a possible value of cell k when bit k is set on both sides.
    """
    chunks = zone.split()
    joined = "".join(chunks)
    size = len(joined)
    if size == count and joined.isascii() and joined.isdigit():
        return 1, [{digit} for digit in joined]  # one digit per cell: the only reading
    # Cut points run through the chunks (a space is a boundary). pieces[point] lists the
    # (end, number) from that point to the ends the numbers can have inside its chunk, leaving
    # at least a character for each other cell.
    longest = size - count + 1
    pieces: list[list[tuple[int, str]]] = []
    for chunk in chunks:
        offset = len(pieces)
        digits_only = chunk.isascii() and chunk.isdigit()
        for start in range(len(chunk)):
            if digits_only:  # the usual case, quicker: a number ends anywhere unless it is 0
                last = start + 1 if chunk[start] == "0" else min(len(chunk), start + longest)
                ends: Iterable[int] = range(start + 1, last + 1)
            else:
                ends = (end for end in _piece_ends(chunk, start) if end - start <= longest)
            pieces.append([(offset + end, chunk[start:end]) for end in ends])
    # ways[point] counts the cuttings before the point into k cells for every k at once: one
    # integer holding each count in its own `width` bits (a count is below 2**size).
    width = size + 1
    before, ways = [0] * (size + 1), [0] * (size + 1)
    before[0] = ways[0] = 1
    for point in range(size):
        if before[point]:
            for end, _ in pieces[point]:
                before[end] |= before[point] << 1
                ways[end] += ways[point] << width
    after = [0] * (size + 1)
    after[size] = 1 << count
    for point in range(size - 1, -1, -1):
        for end, _ in pieces[point]:
            after[point] |= after[end] >> 1
    values: list[set[str]] = [set() for _ in range(count)]
    for point in range(size):
        for end, number in pieces[point]:
            cells = before[point] & (after[end] >> 1)  # the cells this number can be
            while cells:
                cell = cells.bit_length() - 1
                values[cell].add(number)
                cells ^= 1 << cell
    return (ways[size] >> (count * width)) & ((1 << width) - 1), values


@lru_cache(maxsize=1024)
def _only_reading(number: str, unit: str | None) -> Value:
    # Memoised: the same few figures (0, 1 ...) fill most rows, and a Value is immutable.
    return Value(number, float(number), "number", unit=unit,
                 note="printed without separators; the only reading")


def _zone_cells(zone: str, count: int) -> list[Value]:
    unit = "元" if zone.rstrip().endswith("元") else None
    digits = zone.rstrip().removesuffix("万元").removesuffix("元").replace(",", "")
    readings, values = _readings(digits, count)
    unreadable = Value(zone.strip(), None, "unreadable", unit=unit,
                       note=f"printed without separators; {readings} possible readings")
    return [_only_reading(*choices, unit) if len(choices) == 1 else unreadable for choices in values]


@lru_cache(maxsize=256)
def _flexible(label: str) -> re.Pattern[str]:
    """A template label as a pattern that tolerates spaces between its characters."""
    key = label_key(label)
    return re.compile(r"\s*".join(re.escape(char) for char in key))


def read_run_together(plain_lines: list[str], report_format: str) -> TableRead:
    """Tables 2–4 from text whose cells run together, one row label after another.
    `plain_lines` are the text's lines NFKC-normalised (`halfwidth`)."""
    result = TableRead()
    rows = list(layout.T2_ROWS_BY_FORMAT[report_format]) + list(
        layout.T3_ROWS_BY_FORMAT[report_format]
    )
    for number, line in enumerate(plain_lines, start=1):
        start = line.find("第二十条")
        if start < 0:
            continue
        text = line.replace("\"", "").replace("“", "").replace("”", "")
        start = text.find("第二十条")
        position = start
        found: list[tuple[layout.RowSpec, int, int]] = []
        for spec in rows:
            match = _flexible(spec.label).search(text, position)
            if match:
                found.append((spec, match.start(), match.end()))
                position = match.end()
        if not found:
            continue
        for index, (spec, _, label_end) in enumerate(found):
            following = found[index + 1][1] if index + 1 < len(found) else len(text)
            zone = _ZONE.match(text[label_end:following]).group(0)
            if not zone.strip():
                continue
            for column, value in zip(spec.columns, _zone_cells(zone, len(spec.columns))):
                result.cells.append(
                    ReadCell(spec.table, spec.row, column, spec.label, value,
                             {"line": number, "offset": label_end})
                )
        t4 = _flexible("行政复议").search(text, position)
        totals = list(re.finditer("总计", text[t4.end():])) if t4 else []
        if len(totals) >= 3:
            zone_start = t4.end() + totals[2].end()
            zone = _ZONE.match(text[zone_start:]).group(0)
            size = len(layout.T4_PROCEEDINGS) * len(layout.T4_RESULTS)
            for position, value in enumerate(_zone_cells(zone, size) if zone.strip() else []):
                proceeding, proceeding_label = layout.T4_PROCEEDINGS[position // len(layout.T4_RESULTS)]
                result_code, result_label = layout.T4_RESULTS[position % len(layout.T4_RESULTS)]
                result.cells.append(
                    ReadCell("t4", proceeding, result_code, f"{proceeding_label}/{result_label}",
                             value, {"line": number, "offset": zone_start})
                )
        break
    unreadable = sum(1 for cell in result.cells if cell.value.status == "unreadable")
    if unreadable:
        result.warnings.append(
            f"the tables' cells run together in this text: {unreadable} of {len(result.cells)} figures "
            "have more than one reading and are left unread (the HTML or PDF of the same report has them)"
        )
    expected = layout.TABLE_CELL_COUNTS_BY_FORMAT[report_format]
    counts = Counter(cell.table for cell in result.cells)
    for table, size in expected.items():
        count = counts[table]
        result.statuses[table] = "absent" if count == 0 else "complete" if count >= size else "incomplete"
    return result
