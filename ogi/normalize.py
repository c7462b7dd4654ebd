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
    return _WHITESPACE.sub(" ", text).strip()


def halfwidth(text: str) -> str:
    """Full-width digits, letters and punctuation to ASCII (NFKC), e.g. （１２） → (12)."""
    return unicodedata.normalize("NFKC", text)


_PINYIN_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,7}[)）]")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified characters (OpenCC), after removing pinyin glosses: 區(qū) → 区.

    Aggregator copies gloss characters with their pinyin; the gloss is not the report's text.
    """
    return _t2s().convert(_PINYIN_GLOSS.sub("", text))


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
