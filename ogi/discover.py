"""Find every file in an inbox. Nothing is skipped silently: a file that is not a report
still becomes an `InboxFile`, and the parse stage rejects it with a reason."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ogi.parse.sources import MEDIA_TYPES

JSON_DOCUMENT = "application/json"


@dataclass(frozen=True)
class InboxFile:
    path: Path  # absolute
    inbox_path: str  # relative to the inbox root, '/'-separated: how the warehouse names it
    size: int

    @property
    def media_type(self) -> str | None:
        suffix = self.path.suffix.lower()
        return JSON_DOCUMENT if suffix == ".json" else MEDIA_TYPES.get(suffix)


def discover(inbox: Path) -> list[InboxFile]:
    """Every regular file under `inbox`, in a stable order; hidden files and folders excluded."""
    inbox = inbox.resolve()
    if not inbox.is_dir():
        raise FileNotFoundError(f"inbox {inbox} is not a directory")
    found = []
    for path in sorted(inbox.rglob("*")):
        relative = path.relative_to(inbox)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        found.append(InboxFile(path, relative.as_posix(), path.stat().st_size))
    return found


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
