"""Reading one printed figure: as published, never repaired."""

import pytest

from ogi.normalize import read_value, to_simplified


@pytest.mark.parametrize(
    ("printed", "value", "status", "approximate", "unit", "note"),
    [
        ("0", 0, "number", False, None, None),
        ("", None, "blank", False, None, None),
        ("/", None, "slash", False, None, None),
        ("—", None, "dash", False, None, None),
        ("无", None, "none_word", False, None, None),
        ("XX条", None, "redacted", False, None, None),
        ("*", None, "redacted", False, None, None),
        ("33000余条次", 33000, "number", True, "条次", None),
        ("２２", 22, "number", False, None, None),  # full-width digits
        ("1,234", 1234, "number", False, None, None),
        ("7730.28", 7730.28, "number", False, None, None),
        ("75394432.52元", 75394432.52, "number", False, "元", None),
        ("240万元", 240, "number", False, "万元", None),
        ("22（其中修订16件）", 22, "number", False, None, "其中修订16件"),
        ("55(含自然失效29件)", 55, "number", False, None, "含自然失效29件"),
        ("十二件", 12, "number", False, "件", None),
        ("一百余条", 100, "number", True, "条", None),
        ("不填", None, "unreadable", False, None, None),
    ],
)
def test_a_figure_is_read_as_printed(printed, value, status, approximate, unit, note):
    read = read_value(printed)
    assert (read.value, read.status, read.is_approximate, read.unit, read.note) == (
        value, status, approximate, unit, note
    )
    assert read.raw == printed.strip()


def test_traditional_characters_and_pinyin_glosses_become_plain_simplified_text():
    assert to_simplified("區(qū)人民政府資訊公開") == "区人民政府资讯公开"
