"""The versioned JSON contract every extractor's documents follow (ogi/schema/report.schema.json)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

CONTRACT_VERSION = "1.1.0"


def schema() -> dict:
    return json.loads(
        resources.files("ogi").joinpath("schema/report.schema.json").read_text("utf-8")
    )


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    return jsonschema.Draft202012Validator(schema())


def contract_errors(document: object) -> list[str]:
    """Every way the document breaks the contract, as 'path: message' lines (empty when valid)."""
    errors = sorted(_validator().iter_errors(document), key=lambda error: list(error.absolute_path))
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(document)'}: {error.message}"
        for error in errors
    ]
