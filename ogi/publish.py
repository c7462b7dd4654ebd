"""Publish a finished, validated warehouse file by renaming it into place.

Readers that open a connection per query see either the old file or the new one, never a
half-built state: the build happens in a separate file in the same directory, is
checkpointed (no write-ahead log left behind), and replaces the published file with one
atomic rename.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import duckdb


def new_build_path(published: Path, run_id: str | None = None) -> Path:
    """A fresh file beside the published one (same filesystem, so the rename is atomic)."""
    build_dir = published.parent / ".build"
    build_dir.mkdir(parents=True, exist_ok=True)
    return build_dir / f"{published.stem}-{run_id or uuid.uuid4().hex[:12]}.duckdb"


def publish(build_db: Path, published: Path) -> Path:
    with duckdb.connect(str(build_db)) as con:
        con.execute("checkpoint")
    wal = build_db.with_name(build_db.name + ".wal")
    if wal.exists():
        raise RuntimeError(
            f"{wal} still exists after a checkpoint: another process holds {build_db}"
        )
    published.parent.mkdir(parents=True, exist_ok=True)
    os.replace(build_db, published)
    return published


def discard(build_db: Path) -> None:
    """Remove an unpublished build (after a failure); the published warehouse is untouched."""
    for path in (build_db, build_db.with_name(build_db.name + ".wal")):
        path.unlink(missing_ok=True)
