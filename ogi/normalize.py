"""Text normalisation and the reading of one printed figure.

A figure keeps what the report printed: `read_value` never turns a blank, a dash, a slash or
无 into 0, keeps 余/多 as an approximate marker and XX/* as redacted, and keeps text printed
beside a figure (22（其中修订16件）) as a note.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_WHITESPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_QUOTES = re.compile("[\"'“”‘’「」『』]")


def collapse_spaces(text: str) -> str:
    """All runs of whitespace (incl. nbsp, ideographic space) become one ASCII space."""
    if "\u200b" in text or "\ufeff" in text:
        return _WHITESPACE.sub(" ", text).strip()
    # The same without those two: str.split() splits on exactly what \s matches, and is faster.
    return " ".join(text.split())


def collapse_spaces_each(lines: list[str]) -> list[str]:
    """`collapse_spaces` of every line, checking once for the two characters it treats apart."""
    joined = "\n".join(lines)
    if "\u200b" in joined or "\ufeff" in joined:
        return [collapse_spaces(line) for line in lines]
    return [" ".join(line.split()) for line in lines]


def halfwidth_lines(lines: list[str]) -> list[str]:
    """`halfwidth` of each line, in one call over the whole text: NFKC neither makes nor merges
    line breaks, so the joined text splits back into the lines normalised one by one."""
    joined = "\n".join(lines)
    if joined.count("\n") != len(lines) - 1:  # a line holds a line break of its own (or none)
        return [halfwidth(line) for line in lines]
    return halfwidth(joined).split("\n")


# The compatibility characters reports print (nbsp and typographic spaces, …, Roman numerals,
# ①/⑴, Kangxi radicals, the ideographic space, compatibility ideographs, full-width forms).
_COMPAT_RANGES = [
    (0xA0, 0xA0), (0x2000, 0x200A), (0x2024, 0x2026), (0x2160, 0x217F), (0x2460, 0x24FF),
    (0x2F00, 0x2FDF), (0x3000, 0x3000), (0xF900, 0xFAFF), (0xFF01, 0xFFEF),
]
_COMPAT = re.compile("[" + "".join(f"{chr(start)}-{chr(end)}" for start, end in _COMPAT_RANGES) + "]")
_COMPAT_NFKC = {
    char: unicodedata.normalize("NFKC", char)
    for start, end in _COMPAT_RANGES
    for char in map(chr, range(start, end + 1))
}


# The full-width characters Chinese prose is full of, replaced in bulk in long texts.
_COMMON_COMPAT = [(char, _COMPAT_NFKC[char]) for char in "，（）：；\u3000！？％．／０１２３４５６７８９"]


def halfwidth(text: str) -> str:
    """Full-width digits, letters and punctuation to ASCII (NFKC), e.g. （１２） → (12).

    Exactly NFKC, faster: CPython normalises a whole string slowly once one character needs it,
    so the characters reports print are mapped to their NFKC form first (the common ones with
    str.replace, the rest one by one); NFKC of the result is the same string (each character
    keeps its decomposition), and when the result is already normalised (the quick check) that
    is the answer.
    """
    if text.isascii():
        return text
    if len(text) > 200:
        for char, plain in _COMMON_COMPAT:
            if char in text:
                text = text.replace(char, plain)
        if unicodedata.is_normalized("NFKC", text):
            return text
    mapped = _COMPAT.sub(lambda match: _COMPAT_NFKC[match.group()], text)
    if unicodedata.is_normalized("NFKC", mapped):
        return mapped
    return unicodedata.normalize("NFKC", mapped)


_GLOSS_LETTERS = "[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,7}[)）]"
# Led by the bracket, not the lookbehind, so that the scan tries the lookbehind only at brackets.
_PINYIN_GLOSS = re.compile(rf"[(（](?<=[\u4e00-\u9fff][(（]){_GLOSS_LETTERS}")
# The same for each bracket alone: led by a literal, they find that a text has no gloss quickly.
_GLOSS_AFTER = [
    re.compile(rf"{bracket}(?<=[\u4e00-\u9fff]{bracket}){_GLOSS_LETTERS}") for bracket in (r"\(", "（")
]


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


# The characters OpenCC's t2s (1.4) changes only inside a phrase (沈澱 → 沉淀), read off its
# dictionaries (TSPhrases, TSCharacters, TSCharactersExt): every other character that an entry
# changes, t2s changes on its own too. 覆 is common in simplified text (覆盖), so rather than
# the character, the phrases in which t2s changes it.
_CHANGED_IN_PHRASES = "么俱哩坏彷沈甦瞭藉衹"
_FU_CHANGED_IN = re.compile(
    "反反覆覆|反覆思維|反覆思量|名覆金甌|反覆性|函覆|反覆|回覆|批覆|拜覆|明覆|申覆|示覆|稟覆"
    "|答覆|覆信|覆呈|覆命|覆墓|覆帳|覆按|覆文|覆校|覆電|見覆|重覆|鈞覆|電覆"
)


@lru_cache(maxsize=1)
def _t2s_would_change() -> re.Pattern[str]:
    """A character t2s may change: one it changes on its own (found by converting every BMP
    character once, each on a line of its own), one of _CHANGED_IN_PHRASES, or one beyond the
    BMP. A text without any (and without a phrase of _FU_CHANGED_IN) converts to itself: most
    reports are simplified already."""
    chars = [chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000 and code != 0x0A]
    converted = _t2s().convert("\n".join(chars)).split("\n")
    changed = {char for char, simplified in zip(chars, converted) if simplified != char}
    changed.update(_CHANGED_IN_PHRASES)
    return re.compile("[" + "".join(map(re.escape, sorted(changed))) + "\U00010000-\U0010ffff]")


def to_simplified(text: str) -> str:
    """Traditional → simplified characters (OpenCC), after removing pinyin glosses: 區(qū) → 区.

    Aggregator copies gloss characters with their pinyin; the gloss is not the report's text.
    """
    if any(pattern.search(text) for pattern in _GLOSS_AFTER):
        text = _PINYIN_GLOSS.sub("", text)
    if not _t2s_would_change().search(text) and not ("覆" in text and _FU_CHANGED_IN.search(text)):
        return text  # a quarter of the time OpenCC takes to return it unchanged
    return _t2s().convert(text)


def label_key(text: str) -> str:
    """Comparison key of a printed label: NFKC, no whitespace, no quote marks."""
    return _QUOTES.sub("", _WHITESPACE.sub("", halfwidth(text)))


@dataclass(frozen=True)
class Value:
    raw: str
    value: float | None
    status: str  # number | blank | dash | slash | none_word | redacted | unreadable
    is_approximate: bool = False
    note: str | None = None
    unit: str | None = None

    @property
    def is_figure_like(self) -> bool:
        """Could stand in a figure's place (anything but free text)."""
        return self.status != "unreadable"


_DASHES = {"-", "—", "–", "－", "——", "--", "─", "―"}
_SLASHES = {"/", "／", "\\"}
_NONE_WORDS = {"无", "没有", "暂无"}
_UNITS = "|".join(  # longest first, so that 条次 is not read as 条 followed by text
    sorted(["件", "条", "条次", "个", "次", "项", "篇", "期", "份", "人次", "人", "起", "万元", "元", "亿元", "千元", "%"], key=len, reverse=True)
)
# XX / * / XX条 / **余件: a figure the publisher blanked out
_REDACTED = re.compile(rf"^(?:[xX×]+|\*+|＊+)(?:余|多)?(?:{_UNITS})?$")
# 22 / 1,234 / 4166.24 / 33000余 / 75394432.52元 / 22(其中修订16件)
_NUMBER = re.compile(
    rf"^(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"(?P<approx>余|多|以上)?"
    rf"(?P<unit>{_UNITS})?"
    rf"(?P<approx2>余|多)?"
    rf"(?P<rest>.*)$"
)


_CHINESE_NUMBER = re.compile(
    rf"^(?P<num>[零〇一二两三四五六七八九十百千万]+)(?P<approx>余|多)?(?P<unit>{_UNITS})?$"
)


def read_value(raw: str) -> Value:
    """Read one printed table cell as published."""
    if len(raw) <= 16:  # a figure: the same few recur in every table, so read each once
        return _read_short_value(raw)
    return _read_value(raw)


@lru_cache(maxsize=8192)
def _read_short_value(raw: str) -> Value:
    return _read_value(raw)  # a Value is immutable, so one can stand for every such cell


def _read_value(raw: str) -> Value:
    shown = collapse_spaces(raw)
    text = halfwidth(shown).replace(" ", "")
    if text == "":
        return Value(shown, None, "blank")
    if text in _DASHES or set(text) <= set("-—–－─―"):
        return Value(shown, None, "dash")
    if text in _SLASHES:
        return Value(shown, None, "slash")
    if text in _NONE_WORDS:
        return Value(shown, None, "none_word")
    if _REDACTED.match(text):
        return Value(shown, None, "redacted")
    match = _NUMBER.match(text)
    if not match and (chinese := _CHINESE_NUMBER.match(text)):
        # 三件 / 十二条 / 一百余条: Chinese numerals, converted by cn2an.
        import cn2an

        try:
            number = float(cn2an.cn2an(chinese.group("num"), "normal"))
        except ValueError:
            return Value(shown, None, "unreadable")
        return Value(
            shown,
            number,
            "number",
            is_approximate=bool(chinese.group("approx")),
            unit=chinese.group("unit"),
        )
    if not match:
        return Value(shown, None, "unreadable")
    rest = match.group("rest")
    note = None
    if rest:
        # Only a bracketed remark may follow a figure: 22(其中修订16件), 55(含自然失效29件).
        bracketed = re.fullmatch(r"[(\[](.*)[)\]]", rest)
        if not bracketed:
            return Value(shown, None, "unreadable")
        note = bracketed.group(1)
    number = float(match.group("num").replace(",", ""))
    return Value(
        raw=shown,
        value=number,
        status="number",
        is_approximate=bool(match.group("approx") or match.group("approx2")),
        note=note,
        unit=match.group("unit"),
    )
