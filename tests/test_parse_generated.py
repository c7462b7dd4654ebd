"""The parser on generated reports whose every figure is known, broken ones included."""

import random

import pytest

from ogi import generate
from ogi.parse import Parsed, parse_report


def _parsed_cells(text: str, name: str) -> tuple[dict, dict]:
    outcome = parse_report(text.encode("utf-8"), name)
    assert isinstance(outcome, Parsed), outcome
    cells = {f"{c['table']}.{c['row']}.{c['column']}": c for c in outcome.document["cells"]}
    return outcome.document, cells


def _assert_matches_truth(document: dict, cells: dict, truth: dict) -> None:
    assert document["agency"]["name"] == truth["agency_name"]
    assert document["report_year"] == truth["report_year"]
    assert set(cells) == set(truth["cells"])
    for key, expected in truth["cells"].items():
        assert (cells[key]["status"], cells[key]["value"]) == (
            expected["status"],
            expected["value"],
        ), key


@pytest.mark.parametrize("style", generate.STYLES)
@pytest.mark.parametrize("seed", range(6))
def test_random_reports_are_read_exactly(style, seed):
    spec = generate.random_spec(
        random.Random(seed), "样例市样例区人民政府", 2021 + seed % 5, style=style
    )
    document, cells = _parsed_cells(
        generate.render(spec), f"report.{'html' if style == 'html' else 'txt'}"
    )
    _assert_matches_truth(document, cells, generate.truth(spec))
    assert document["tables"] == {"t2": "complete", "t3": "complete", "t4": "complete", "stat": "absent"}


@pytest.mark.parametrize("rule", generate.RULES)
@pytest.mark.parametrize("style", generate.STYLES)
def test_a_broken_report_is_read_as_published_not_repaired(rule, style):
    spec = generate.break_rule(
        generate.random_spec(random.Random(7), "样例市人民政府", 2023, style=style), rule
    )
    document, cells = _parsed_cells(
        generate.render(spec), f"broken.{'html' if style == 'html' else 'txt'}"
    )
    _assert_matches_truth(document, cells, generate.truth(spec))


def test_every_demo_report_is_read_exactly():
    for name, truth in generate.demo_truths().items():
        if name.endswith(".json"):
            continue
        document, cells = _parsed_cells(generate.render(generate.demo_specs()[name]), name)
        _assert_matches_truth(document, cells, truth)
        assert document["tables"] == truth["tables"], name
