"""Parse a batch of inbox files into NDJSON: contract documents, and rejections with reasons.

A batch is the unit of work the flow schedules (hundreds of files, seconds of work), never a
single report. Raw reports are parsed here; JSON documents from other extractors are checked
against the contract. Each input produces exactly one line, in one of the two outputs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ogi.contract import contract_errors
from ogi.discover import JSON_DOCUMENT, InboxFile, sha256_of
from ogi.parse import Parsed, parse_report


@dataclass(frozen=True)
class BatchOutput:
    documents: Path  # NDJSON: {"inbox_path", "inbox_kind", "document"}
    rejections: Path  # NDJSON: {"inbox_path", "file_sha256", "file_bytes", "stage", "reason_code", "reason"}
    parsed: int
    rejected: int


def _reject(file: InboxFile, digest: str | None, stage: str, code: str, reason: str) -> dict:
    return {
        "inbox_path": file.inbox_path,
        "file_sha256": digest,
        "file_bytes": file.size,
        "media_type": file.media_type,
        "stage": stage,
        "reason_code": code,
        "reason": reason,
    }


def _read_json_document(
    file: InboxFile, data: bytes, digest: str
) -> tuple[dict | None, dict | None]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, _reject(
            file, digest, "validate", "invalid_json", f"not a JSON document: {error}"
        )
    errors = contract_errors(document)
    if errors:
        shown = "; ".join(errors[:3]) + (f"; and {len(errors) - 3} more" if len(errors) > 3 else "")
        return None, _reject(
            file, digest, "validate", "contract_violation", f"breaks the report contract: {shown}"
        )
    return document, None


def process_file(file: InboxFile) -> tuple[dict | None, dict | None]:
    """One inbox file → (document line, None) or (None, rejection line)."""
    try:
        data = file.path.read_bytes()
    except OSError as error:
        return None, _reject(
            file, None, "discover", "unreadable_file", f"cannot read the file: {error}"
        )
    digest = sha256_of(data)
    if file.media_type == JSON_DOCUMENT:
        document, rejection = _read_json_document(file, data, digest)
        kind = "json"
    else:
        outcome = parse_report(data, file.inbox_path)
        if not isinstance(outcome, Parsed):
            return None, _reject(file, digest, outcome.stage, outcome.reason_code, outcome.reason)
        document, kind = outcome.document, "raw"
        errors = contract_errors(document)
        rejection = (
            _reject(
                file,
                digest,
                "validate",
                "contract_violation",
                "the parser's own output breaks the contract: " + "; ".join(errors[:3]),
            )
            if errors
            else None
        )
    if rejection:
        return None, rejection
    line = {
        "inbox_path": file.inbox_path,
        "inbox_kind": kind,
        "file_sha256": digest,
        "file_bytes": file.size,
    }
    return {**line, "document": document}, None


def parse_batch(
    files: list[InboxFile],
    out_dir: Path,
    batch_number: int,
    on_file: Callable[[], None] | None = None,
) -> BatchOutput:
    """Parse `files` into two NDJSON outputs; `on_file` is called after each file (progress)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    documents_path = out_dir / f"documents-{batch_number:05d}.ndjson"
    rejections_path = out_dir / f"rejections-{batch_number:05d}.ndjson"
    parsed = rejected = 0
    with (
        documents_path.open("w", encoding="utf-8") as documents,
        rejections_path.open("w", encoding="utf-8") as rejections,
    ):
        for file in files:
            line, rejection = process_file(file)
            if line is not None:
                documents.write(json.dumps(line, ensure_ascii=False) + "\n")
                parsed += 1
            else:
                rejections.write(json.dumps(rejection, ensure_ascii=False) + "\n")
                rejected += 1
            if on_file is not None:
                on_file()
    return BatchOutput(documents_path, rejections_path, parsed, rejected)


def make_batches(
    files: list[InboxFile], target_bytes: int = 8_000_000, max_files: int = 500
) -> list[list[InboxFile]]:
    """Group files into batches of a few seconds of parsing each (by bytes and by count)."""
    batches: list[list[InboxFile]] = []
    current: list[InboxFile] = []
    size = 0
    for file in files:
        if current and (size + file.size > target_bytes or len(current) >= max_files):
            batches.append(current)
            current, size = [], 0
        current.append(file)
        size += file.size
    if current:
        batches.append(current)
    return batches
