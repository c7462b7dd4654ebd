"""The project's conventions, as dbt-score rules: dbt-project-evaluator's yardstick, checked here.

dbt-project-evaluator (a dbt hub package, out of reach) holds a dbt project to rules about
naming and directories, lineage (no direct join to a source outside staging, no fan-out beyond
three, staging never depending on other models), documentation and tests. These rules check
the same things on dbt's manifest with dbt-score (a PyPI package). Every rule is CRITICAL, so a
single violation gives the model a score of 0 and `dbt-score lint --fail-any-item-under 10`
fails; tests/test_dbt_conventions.py runs that in `make test`:

    .venv/bin/dbt parse --project-dir . --profiles-dir .
    .venv/bin/dbt-score lint --namespace ogi.dbt_rules --manifest target/manifest.json \\
        --fail-any-item-under 10

An exception is written where the node is declared, with its reason, under the node's meta:

    config:
      meta:
        conventions:
          allow:
            <rule name>: <why this node may break the rule>

The test lists every exception, and fails on one without a reason or naming no known rule.
"""

# no `from __future__ import annotations`: dbt-score reads the rule functions' annotations
# at run time to know whether a rule applies to models, sources or seeds.
import re
from pathlib import PurePosixPath

from dbt_score import Model, RuleViolation, Seed, Severity, Source, rule

# dbt-project-evaluator's default: a model may have at most three direct leaf children.
MAX_LEAF_CHILDREN = 3

# Layer of a model: its name prefix and the folder (under models/) it must live in.
LAYERS = {
    "stg": "staging",
    "int": "intermediate",
    "fct": "marts",
    "dim": "marts",
    "mart": "marts",
}
STAGING_NAME = re.compile(r"^stg_(?P<source>[a-z0-9]+)__(?P<entity>[a-z0-9_]+)$")
MODEL_NAME = re.compile(r"^(?P<prefix>stg|int|fct|dim|mart)_[a-z0-9_]+$")
# a relation named in SQL rather than through ref() or source(): `from landing.reports`
# (a clause that starts a line or follows a parenthesis: not `is distinct from a.b`)
HARD_CODED_RELATION = re.compile(
    r"(?:^|\()\s*(?:from|(?:(?:left|right|full|inner|cross)\s+)?(?:outer\s+)?join)\s+"
    r"(?P<relation>[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*)\b",
    re.IGNORECASE | re.MULTILINE,
)
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
SQL_COMMENT = re.compile(r"--[^\n]*")


def allowed(node, rule_name: str) -> bool:
    """True when the node declares an exception to `rule_name` (with a reason)."""
    meta = node.meta or {}
    allow = (meta.get("conventions") or {}).get("allow") or {}
    return bool(str(allow.get(rule_name) or "").strip())


def _layer(model: Model) -> str | None:
    match = MODEL_NAME.match(model.name)
    return LAYERS[match["prefix"]] if match else None


def _folders(model: Model) -> tuple[str, ...]:
    """Folders of the model's SQL file below models/, e.g. ('staging', 'ogi')."""
    parts = PurePosixPath(model.original_file_path).parts
    return tuple(parts[1:-1]) if parts and parts[0] == "models" else tuple(parts[:-1])


def _model_parents(model: Model) -> list[Model]:
    return [parent for parent in model.parents if isinstance(parent, Model)]


def _source_parents(model: Model) -> list[Source]:
    return [parent for parent in model.parents if isinstance(parent, Source)]


def _model_children(node) -> list[Model]:
    return [child for child in node.children if isinstance(child, Model)]


# --- naming and directories -------------------------------------------------------------------


@rule(severity=Severity.CRITICAL)
def model_named_for_its_layer(model: Model) -> RuleViolation | None:
    """A model's name starts with its layer: stg_<source>__<entity>, int_, fct_, dim_, mart_."""
    if allowed(model, "model_named_for_its_layer"):
        return None
    if not MODEL_NAME.match(model.name):
        return RuleViolation(
            f"`{model.name}` has none of the prefixes stg_, int_, fct_, dim_, mart_."
        )
    if model.name.startswith("stg_") and not STAGING_NAME.match(model.name):
        return RuleViolation(f"`{model.name}` is not named stg_<source>__<entity>.")
    return None


@rule(severity=Severity.CRITICAL)
def model_in_its_layer_directory(model: Model) -> RuleViolation | None:
    """A model lives in models/<layer>/<source or domain>/ (staging, intermediate, marts)."""
    if allowed(model, "model_in_its_layer_directory"):
        return None
    layer, folders = _layer(model), _folders(model)
    if layer is None:
        return None  # model_named_for_its_layer reports it
    if len(folders) != 2 or folders[0] != layer:
        return RuleViolation(
            f"`{model.original_file_path}` is not in models/{layer}/<source or domain>/."
        )
    staging = STAGING_NAME.match(model.name)
    if staging and folders[1] != staging["source"]:
        return RuleViolation(f"staging model of source `{staging['source']}` is in `{folders[1]}`.")
    return None


@rule(severity=Severity.CRITICAL)
def properties_beside_the_model(model: Model) -> RuleViolation | None:
    """A model's YAML properties (description, columns, tests) sit in its own directory."""
    if allowed(model, "properties_beside_the_model"):
        return None
    if not model.patch_path:
        return RuleViolation("The model has no YAML properties.")
    yml_dir = PurePosixPath(model.patch_path.split("://", 1)[-1]).parent
    sql_dir = PurePosixPath(model.original_file_path).parent
    if yml_dir != sql_dir:
        return RuleViolation(f"Properties in `{yml_dir}`, SQL in `{sql_dir}`.")
    return None


# --- lineage ----------------------------------------------------------------------------------


@rule(severity=Severity.CRITICAL)
def staging_reads_one_source_only(model: Model) -> RuleViolation | None:
    """A staging model selects from exactly one source and from no model (never a mart)."""
    if not model.name.startswith("stg_") or allowed(model, "staging_reads_one_source_only"):
        return None
    sources, models = _source_parents(model), _model_parents(model)
    if models:
        names = ", ".join(sorted(parent.name for parent in models))
        return RuleViolation(f"The staging model reads models: {names}.")
    if len(sources) != 1:
        return RuleViolation(f"The staging model reads {len(sources)} sources, not one.")
    return None


@rule(severity=Severity.CRITICAL)
def only_staging_reads_sources(model: Model) -> RuleViolation | None:
    """No direct join to a source outside staging: intermediate models and marts use ref()."""
    if model.name.startswith("stg_") or allowed(model, "only_staging_reads_sources"):
        return None
    sources = _source_parents(model)
    if sources:
        names = ", ".join(sorted(f"{source.source_name}.{source.name}" for source in sources))
        return RuleViolation(f"Reads sources directly: {names}.")
    return None


@rule(severity=Severity.CRITICAL)
def no_hard_coded_relations(model: Model) -> RuleViolation | None:
    """Every relation is named through ref() or source(), never as schema.table in the SQL."""
    if allowed(model, "no_hard_coded_relations"):
        return None
    code = SQL_COMMENT.sub("", JINJA.sub("", model.raw_code))
    relations = sorted({match["relation"] for match in HARD_CODED_RELATION.finditer(code)})
    if relations:
        return RuleViolation(f"Hard-coded relations: {', '.join(relations)}.")
    return None


@rule(severity=Severity.CRITICAL)
def no_fanout_beyond_three(model: Model) -> RuleViolation | None:
    """A model feeds at most three leaf models directly (dbt-project-evaluator's model fan-out)."""
    if allowed(model, "no_fanout_beyond_three"):
        return None
    leaves = sorted(child.name for child in _model_children(model) if not _model_children(child))
    if len(leaves) > MAX_LEAF_CHILDREN:
        return RuleViolation(
            f"{len(leaves)} direct leaf children (> {MAX_LEAF_CHILDREN}): {', '.join(leaves)}."
        )
    return None


@rule(severity=Severity.CRITICAL)
def model_has_a_parent(model: Model) -> RuleViolation | None:
    """Every model reads a source, a seed or a model (no root model with hard-coded data)."""
    if allowed(model, "model_has_a_parent"):
        return None
    if not model.parents:
        return RuleViolation("The model reads no source, seed or model.")
    return None


# --- documentation and tests ------------------------------------------------------------------


@rule(severity=Severity.CRITICAL)
def model_is_documented(model: Model) -> RuleViolation | None:
    """A model has a description, lists its columns, and describes every one of them."""
    if allowed(model, "model_is_documented"):
        return None
    if not (model.description or "").strip():
        return RuleViolation("The model has no description.")
    if not model.columns:
        return RuleViolation("The model lists no columns.")
    missing = [column.name for column in model.columns if not (column.description or "").strip()]
    if missing:
        return RuleViolation(f"Columns without a description: {', '.join(missing)}.")
    return None


def _has_test(tests, test_type: str) -> bool:
    return any(test.type == test_type for test in tests)


@rule(severity=Severity.CRITICAL)
def model_has_a_tested_key(model: Model) -> RuleViolation | None:
    """A model's grain is tested: unique and not_null on one column, or a unique combination."""
    if allowed(model, "model_has_a_tested_key"):
        return None
    if _has_test(model.tests, "unique_combination_of_columns"):
        return None
    for column in model.columns:
        if _has_test(column.tests, "unique") and _has_test(column.tests, "not_null"):
            return None
    return RuleViolation("No unique + not_null column and no unique_combination_of_columns test.")


@rule(severity=Severity.CRITICAL)
def source_is_documented(source: Source) -> RuleViolation | None:
    """A source table has a description and describes every column it lists."""
    if allowed(source, "source_is_documented"):
        return None
    if not (source.description or "").strip():
        return RuleViolation("The source table has no description.")
    missing = [column.name for column in source.columns if not (column.description or "").strip()]
    if not source.columns or missing:
        return RuleViolation(f"Columns without a description: {', '.join(missing) or 'all'}.")
    return None


@rule(severity=Severity.CRITICAL)
def source_has_one_child(source: Source) -> RuleViolation | None:
    """A source table is read by exactly one model, its staging model (no unused source, no
    source fan-out)."""
    if allowed(source, "source_has_one_child"):
        return None
    children = sorted(child.name for child in _model_children(source))
    if len(children) != 1:
        return RuleViolation(
            f"Read by {len(children)} models, not one: {', '.join(children) or 'none'}."
        )
    return None


@rule(severity=Severity.CRITICAL)
def seed_is_documented(seed: Seed) -> RuleViolation | None:
    """A seed has a description and describes every column."""
    if allowed(seed, "seed_is_documented"):
        return None
    if not (seed.description or "").strip():
        return RuleViolation("The seed has no description.")
    missing = [column.name for column in seed.columns if not (column.description or "").strip()]
    if not seed.columns or missing:
        return RuleViolation(f"Columns without a description: {', '.join(missing) or 'all'}.")
    return None


RULE_NAMES = frozenset(
    {
        "model_named_for_its_layer",
        "model_in_its_layer_directory",
        "properties_beside_the_model",
        "staging_reads_one_source_only",
        "only_staging_reads_sources",
        "no_hard_coded_relations",
        "no_fanout_beyond_three",
        "model_has_a_parent",
        "model_is_documented",
        "model_has_a_tested_key",
        "source_is_documented",
        "source_has_one_child",
        "seed_is_documented",
    }
)
