"""Compare parser output with hand-checked gold files, figure by figure.

A gold file (tests/gold/*.json) holds what a careful reader found in one report: its identity,
every table cell (`<table>.<row>.<column>` → raw, value, status; status 'absent' for a cell the
report does not print) and the narrative figures. Nothing here repairs or guesses: a figure
is right only when its value and status both match.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ogi.parse import Parsed, Rejection


@dataclass
class Score:
    source: str
    expected: int = 0  # figures the gold file says the report prints
    right: int = 0
    wrong: list[str] = field(default_factory=list)  # expected, but read differently or not at all
    invented: list[str] = field(default_factory=list)  # read, but the report does not print them
    identity_errors: list[str] = field(default_factory=list)
    rejected: str | None = None  # reason code when the parser rejected the file

    @property
    def perfect(self) -> bool:
        return not (self.wrong or self.invented or self.identity_errors)


def _same_number(left, right) -> bool:
    if left is None or right is None:
        return left is None and right is None
    return abs(float(left) - float(right)) < 1e-9


def compare(outcome: Parsed | Rejection, gold: dict) -> Score:
    score = Score(gold["source"])
    if gold["expect"] == "rejected":
        if isinstance(outcome, Rejection):
            score.rejected = outcome.reason_code
            if gold.get("reject_reason_code") and outcome.reason_code != gold["reject_reason_code"]:
                score.identity_errors.append(
                    f"rejected as {outcome.reason_code}, expected {gold['reject_reason_code']}"
                )
        else:
            score.identity_errors.append("parsed, but the file must be rejected")
            score.invented += [
                f"{c['table']}.{c['row']}.{c['column']}"
                for c in outcome.document["cells"]
                if c["status"] == "number"
            ]
        return score
    expected_cells = {
        key: cell for key, cell in gold["cells"].items() if cell["status"] != "absent"
    }
    # A figure the gold file marks absent (the report does not state it) is not expected; a
    # redacted or unreadable one is, with its status.
    expected_figures = {
        key: figure
        for key, figure in gold.get("figures", {}).items()
        if figure.get("status", "number") != "absent"
    }
    score.expected = len(expected_cells) + len(expected_figures)
    if isinstance(outcome, Rejection):
        score.rejected = outcome.reason_code
        score.wrong = sorted(expected_cells) + sorted(expected_figures)
        return score
    document = outcome.document
    for key, expected in (
        ("agency_name", document["agency"]["name"]),
        ("agency_basis", document["agency"]["basis"]),
        ("report_year", document["report_year"]),
        ("report_year_basis", document.get("report_year_basis")),
        ("report_format", document["report_format"]),
    ):
        if key in gold and gold[key] != expected:
            score.identity_errors.append(f"{key}: read {expected!r}, gold {gold.get(key)!r}")
    cells = {f"{c['table']}.{c['row']}.{c['column']}": c for c in document["cells"]}
    for key, expected in expected_cells.items():
        found = cells.get(key)
        if (
            found
            and found["status"] == expected["status"]
            and _same_number(found["value"], expected["value"])
        ):
            score.right += 1
        else:
            shown = f"{found['raw']!r}/{found['status']}" if found else "nothing"
            score.wrong.append(
                f"{key}: read {shown}, gold {expected.get('raw')!r}/{expected['status']}"
            )
    score.invented += [
        key
        for key, cell in cells.items()
        if key not in expected_cells and cell["status"] != "blank"
    ]
    figures = {figure_key(f): f for f in document["figures"]}
    for key, expected in expected_figures.items():
        found = figures.get(key)
        if (
            found
            and found["status"] == expected.get("status", "number")
            and _same_number(found["value"], expected["value"])
            and found["is_approximate"] == bool(expected.get("is_approximate"))
        ):
            score.right += 1
        else:
            shown = (
                f"{found['value']}{'~' if found['is_approximate'] else ''}/{found['status']}"
                if found
                else "nothing"
            )
            score.wrong.append(f"figure {key}: read {shown}, gold {expected.get('raw')!r}")
    score.invented += [f"figure {key}" for key in figures if key not in expected_figures]
    return score


def figure_key(figure: dict) -> str:
    """`item`, or `item:label` for an item that repeats by category (request_outcome:同意公开)."""
    return f"{figure['item']}:{figure['label']}" if figure.get("label") else figure["item"]


@dataclass
class FolderCheck:
    scores: list[Score]
    without_gold: list[tuple[str, str]]  # (file, outcome) for reports no gold file covers

    @property
    def expected(self) -> int:
        return sum(score.expected for score in self.scores)

    @property
    def right(self) -> int:
        return sum(score.right for score in self.scores)

    @property
    def invented(self) -> int:
        return sum(len(score.invented) for score in self.scores)


def check_folder(reports: Path, gold_dir: Path) -> FolderCheck:
    """Parse every report under `reports` and compare it with its gold file, if it has one."""
    from ogi.parse import parse_report
    from ogi.parse.sources import MEDIA_TYPES

    golds = {}
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        golds[gold["source"]] = gold
    scores, without_gold = [], []
    for path in sorted(reports.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in MEDIA_TYPES:
            continue
        source = path.relative_to(reports).as_posix()
        outcome = parse_report(path.read_bytes(), source)
        if source in golds:
            scores.append(compare(outcome, golds[source]))
        else:
            shown = (
                f"rejected: {outcome.reason_code}" if isinstance(outcome, Rejection)
                else f"parsed: {len(outcome.document['cells'])} cells, {len(outcome.document['figures'])} figures"
            )
            without_gold.append((source, shown))
    return FolderCheck(scores, without_gold)


def format_check(check: FolderCheck, verbose: bool = False) -> str:
    lines = [f"{'report':58} {'right/expected':>15} {'invented':>8}  outcome"]
    for score in check.scores:
        outcome = f"rejected ({score.rejected})" if score.rejected else "parsed"
        flag = "" if score.perfect else "  <-- differs"
        lines.append(
            f"{score.source[:58]:58} {f'{score.right}/{score.expected}':>15} {len(score.invented):>8}  {outcome}{flag}"
        )
        if verbose or not score.perfect:
            lines += [f"    identity: {error}" for error in score.identity_errors]
            lines += [f"    missed:   {wrong}" for wrong in score.wrong]
            lines += [f"    invented: {key}" for key in score.invented]
    for source, shown in check.without_gold:
        lines.append(f"{source[:58]:58} {'no gold file':>15} {'':>8}  {shown}")
    share = check.right / check.expected if check.expected else 1.0
    rejected = [score for score in check.scores if score.rejected]
    lines.append(
        f"\nfigures right: {check.right}/{check.expected} ({share:.1%}); invented: {check.invented}; "
        f"reports: {len(check.scores)} with gold files, {len(rejected)} rejected "
        f"({', '.join(sorted({str(score.rejected) for score in rejected})) or 'none'})"
    )
    return "\n".join(lines)
