"""The dbt project keeps dbt-project-evaluator's rules, checked by dbt-score (ogi/dbt_rules.py).

The project's manifest must pass every rule, and every exception must be written down with its
reason. The rules themselves are shown to fire on a manifest broken on purpose: a rule that
never fires would prove nothing.
"""

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ogi import dbt_rules

PROJECT_DIR = Path(__file__).resolve().parent.parent
DBT_SCORE = Path(sys.executable).with_name("dbt-score")
DBT = Path(sys.executable).with_name("dbt")


@pytest.fixture(scope="module")
def manifest_path(tmp_path_factory) -> Path:
    """dbt's manifest of the project as it stands (dbt parse: no database needed)."""
    target = tmp_path_factory.mktemp("dbt-target")
    env = {
        **os.environ,
        "DBT_TARGET_PATH": str(target),
        "DBT_LOG_PATH": str(target / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    completed = subprocess.run(
        [str(DBT), "parse", "--project-dir", ".", "--profiles-dir", ".", "--target", "lint"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return target / "manifest.json"


def _lint(manifest: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(DBT_SCORE),
            "lint",
            "--namespace",
            "ogi.dbt_rules",
            "--manifest",
            str(manifest),
            "--format",
            "json",
            "--fail-any-item-under",
            "10",
        ],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def _violations(completed: subprocess.CompletedProcess) -> dict[str, dict[str, str]]:
    """{node unique_id: {rule name: message}} for every rule a node breaks."""
    report = json.loads(completed.stdout)
    return {
        node: {
            rule.rsplit(".", 1)[-1]: result["message"]
            for rule, result in evaluated["results"].items()
            if result["result"] != "OK"
        }
        for node, evaluated in report["evaluables"].items()
        if any(result["result"] != "OK" for result in evaluated["results"].values())
    }


def test_the_project_keeps_every_convention(manifest_path):
    completed = _lint(manifest_path)
    assert completed.returncode in (0, 1), completed.stderr
    violations = _violations(completed)
    assert violations == {}, "conventions broken (ogi/dbt_rules.py):\n" + "\n".join(
        f"  {node}: {rule}: {message}"
        for node, rules in sorted(violations.items())
        for rule, message in rules.items()
    )
    assert completed.returncode == 0


def _exceptions(manifest: dict) -> list[tuple[str, str, str]]:
    nodes = {**manifest["nodes"], **manifest["sources"]}
    return [
        (unique_id, rule_name, str(reason or "").strip())
        for unique_id, node in nodes.items()
        for rule_name, reason in (
            ((node.get("meta") or {}).get("conventions") or {}).get("allow") or {}
        ).items()
    ]


def test_every_exception_names_a_rule_and_gives_its_reason(manifest_path):
    exceptions = _exceptions(json.loads(manifest_path.read_text("utf-8")))
    for unique_id, rule_name, reason in exceptions:
        assert rule_name in dbt_rules.RULE_NAMES, f"{unique_id}: no rule named {rule_name}"
        assert len(reason) >= 20, f"{unique_id}: the exception to {rule_name} gives no reason"
    # the exceptions as they stand; adding one is a decision, so this list is kept by hand
    assert {(unique_id, rule_name) for unique_id, rule_name, _ in exceptions} == {
        ("source.ogi.ogi.report_cells", "source_has_one_child"),
    }


def _model(manifest: dict, name: str) -> dict:
    return manifest["nodes"][f"model.ogi.{name}"]


def test_the_rules_catch_a_project_that_breaks_them(manifest_path, tmp_path):
    manifest = json.loads(manifest_path.read_text("utf-8"))
    broken = copy.deepcopy(manifest)
    # a mart that joins a source directly
    _model(broken, "fct_litigation")["depends_on"]["nodes"].append("source.ogi.ogi.reports")
    # a staging model that reads a mart
    _model(broken, "stg_ogi__reports")["depends_on"]["nodes"].append("model.ogi.dim_agency")
    # a model without a description
    _model(broken, "dim_agency")["description"] = ""
    # a model named and placed outside the layers
    oddity = _model(broken, "fct_report_versions")
    oddity["name"] = "report_audit"
    oddity["original_file_path"] = "models/report_audit.sql"
    # a hard-coded relation
    _model(broken, "int_agencies")["raw_code"] += "\nleft join landing.reports as raw_reports\n"
    # fan-out: five leaf models read int_reports__versions directly
    template = _model(broken, "mart_agency_year")
    for number in range(4):
        leaf = copy.deepcopy(template)
        leaf["unique_id"] = f"model.ogi.fct_leaf_{number}"
        leaf["name"] = f"fct_leaf_{number}"
        leaf["depends_on"]["nodes"] = ["model.ogi.int_reports__versions"]
        broken["nodes"][leaf["unique_id"]] = leaf
    # a key without its tests
    for unique_id in [
        test_id
        for test_id, node in broken["nodes"].items()
        if node["resource_type"] == "test"
        and node.get("attached_node") == "model.ogi.mart_agency_year"
    ]:
        del broken["nodes"][unique_id]
    # an undocumented source table
    broken["sources"]["source.ogi.ogi.rejected_inputs"]["description"] = ""
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(broken), "utf-8")

    completed = _lint(path)
    assert completed.returncode == 1
    violations = _violations(completed)
    expected = {
        ("model.ogi.fct_litigation", "only_staging_reads_sources"),
        ("model.ogi.stg_ogi__reports", "staging_reads_one_source_only"),
        ("model.ogi.dim_agency", "model_is_documented"),
        ("model.ogi.fct_report_versions", "model_named_for_its_layer"),
        ("model.ogi.int_agencies", "no_hard_coded_relations"),
        ("model.ogi.int_reports__versions", "no_fanout_beyond_three"),
        ("model.ogi.mart_agency_year", "model_has_a_tested_key"),
        ("source.ogi.ogi.reports", "source_has_one_child"),
        ("source.ogi.ogi.rejected_inputs", "source_is_documented"),
    }
    found = {(node, rule) for node, rules in violations.items() for rule in rules}
    assert expected <= found, f"not caught: {sorted(expected - found)}"
    # the documented exception still holds on the broken manifest
    assert "source.ogi.ogi.report_cells" not in violations
