"""Run history (`main.refresh_runs`) and the one-refresh-at-a-time lock of a warehouse.

Every refresh leaves one row in the published warehouse's `refresh_runs`:
- a run that builds writes its row into the new build before the publish, after copying the
  history of the published warehouse into it;
- a run that finds nothing new (`unchanged`) or fails (`failed`) changes nothing else: it
  copies the published file, appends its row, and publishes the copy with the same atomic
  rename. Readers see the old file or the new one, whose data is the same.

Times are UTC. A failed run's counts are those it reached before the failure (NULL after).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from ogi import publish

RUNS_TABLE = "main.refresh_runs"
STATUSES = ("succeeded", "unchanged", "failed")
_COLUMNS = {
    "run_id": "varchar",
    "started_at": "timestamp",
    "ended_at": "timestamp",
    "status": "varchar",
    "files_discovered": "integer",
    "files_parsed": "integer",
    "files_unchanged": "integer",
    "files_rejected": "integer",
    "files_landed": "integer",
    "error": "varchar",
    "inbox": "varchar",
    "parser_version": "varchar",
    "input_fingerprint": "varchar",
    "duration_seconds": "double",
}
_COMMENTS = {
    "run_id": "the Prefect flow run id of the refresh",
    "started_at": "when the run started (UTC)",
    "ended_at": "when the run ended (UTC)",
    "status": "succeeded (built and published) | unchanged (nothing new: the published warehouse was kept) | failed (the last good warehouse was kept)",
    "files_discovered": "files found in the inbox",
    "files_parsed": "files parsed (or validated) by this run: new, changed, or due to a new parser version",
    "files_unchanged": "files whose earlier parse result was reused",
    "files_rejected": "files that ended in landing.rejected_inputs",
    "files_landed": "reports landed",
    "error": "why the run failed",
    "inbox": "the inbox folder the run read",
    "parser_version": "the parser that turned raw reports into documents",
    "input_fingerprint": "hash of every input's (path, content, parser version) and of the pipeline's code",
    "duration_seconds": "ended_at - started_at",
}
MAX_ERROR_CHARS = 4000


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass
class RunRecord:
    run_id: str
    started_at: dt.datetime
    ended_at: dt.datetime | None = None
    status: str | None = None
    files_discovered: int | None = None
    files_parsed: int | None = None
    files_unchanged: int | None = None
    files_rejected: int | None = None
    files_landed: int | None = None
    error: str | None = None
    inbox: str | None = None
    parser_version: str | None = None
    input_fingerprint: str | None = None
    duration_seconds: float | None = None

    @classmethod
    def begin(cls, run_id: str | None = None, **values) -> RunRecord:
        return cls(run_id=run_id or str(uuid.uuid4()), started_at=_now(), **values)

    def finish(self, status: str, error: BaseException | str | None = None) -> RunRecord:
        if status not in STATUSES:
            raise ValueError(f"unknown run status {status!r}")
        self.status, self.ended_at = status, _now()
        self.duration_seconds = round((self.ended_at - self.started_at).total_seconds(), 3)
        if isinstance(error, BaseException):
            error = f"{type(error).__name__}: {error}"
        self.error = error[:MAX_ERROR_CHARS] if error else None
        return self


def ensure_table(con: duckdb.DuckDBPyConnection) -> None:
    columns = ", ".join(f"{name} {kind}" for name, kind in _COLUMNS.items())
    con.execute(f"create table if not exists {RUNS_TABLE} ({columns})")
    con.execute(
        f"comment on table {RUNS_TABLE} is 'one row per refresh run: what it found, parsed,"
        " reused and rejected, and how it ended'"
    )
    for name, comment in _COMMENTS.items():
        con.execute(
            f"comment on column {RUNS_TABLE}.{name} is '{comment.replace(chr(39), chr(39) * 2)}'"
        )


def insert(con: duckdb.DuckDBPyConnection, record: RunRecord) -> None:
    ensure_table(con)
    values = asdict(record)
    con.execute(
        f"insert into {RUNS_TABLE} ({', '.join(_COLUMNS)}) values ({', '.join('?' for _ in _COLUMNS)})",
        [values[name] for name in _COLUMNS],
    )


def _has_runs_table(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> bool:
    where = "schema_name = 'main' and table_name = 'refresh_runs'"
    if catalog:
        where += f" and database_name = '{catalog}'"
    return bool(con.execute(f"select count(*) from duckdb_tables() where {where}").fetchall()[0][0])


def carry_history(con: duckdb.DuckDBPyConnection, published: Path) -> int:
    """Copy the published warehouse's refresh_runs into the build `con` writes; rows copied."""
    ensure_table(con)
    if not published.exists():
        return 0
    con.execute(f"attach '{str(published).replace(chr(39), chr(39) * 2)}' as previous (read_only)")
    try:
        if not _has_runs_table(con, "previous"):
            return 0
        previous_columns = {
            row[0]
            for row in con.execute(
                "select column_name from duckdb_columns() where database_name = 'previous'"
                " and schema_name = 'main' and table_name = 'refresh_runs'"
            ).fetchall()
        }
        shared = [name for name in _COLUMNS if name in previous_columns]
        con.execute(
            f"insert into {RUNS_TABLE} ({', '.join(shared)})"
            f" select {', '.join(shared)} from previous.main.refresh_runs"
        )
        return con.execute("select count(*) from previous.main.refresh_runs").fetchall()[0][0]
    finally:
        con.execute("detach previous")


def _read(con: duckdb.DuckDBPyConnection, where: str = "true", limit: int = 10) -> list[RunRecord]:
    if not _has_runs_table(con):
        return []
    rows = con.execute(
        f"select {', '.join(_COLUMNS)} from {RUNS_TABLE} where {where}"
        f" order by started_at desc, ended_at desc limit {int(limit)}"
    ).fetchall()
    return [RunRecord(**dict(zip(_COLUMNS, row))) for row in rows]


def last_runs(published: Path, limit: int = 10) -> list[RunRecord]:
    """The newest runs first."""
    if not published.exists():
        return []
    with duckdb.connect(str(published), read_only=True) as con:
        return _read(con, limit=limit)


def last_good(published: Path) -> RunRecord | None:
    """The run whose build is the published one (or the latest run that kept it)."""
    if not published.exists():
        return None
    with duckdb.connect(str(published), read_only=True) as con:
        found = _read(con, "status in ('succeeded', 'unchanged')", limit=1)
    return found[0] if found else None


def append_to_published(published: Path, record: RunRecord) -> Path:
    """Add one history row to the published warehouse without touching anything else.

    The file is copied, the row appended to the copy, and the copy published by the same
    atomic rename as a build. With no published warehouse yet, the new file holds only the
    history (so a first run that fails still says why).
    """
    copy = publish.new_build_path(published, f"{uuid.uuid4().hex[:12]}")
    try:
        if published.exists():
            shutil.copyfile(published, copy)
        with duckdb.connect(str(copy)) as con:
            insert(con, record)
        return publish.publish(copy, published)
    except BaseException:
        publish.discard(copy)
        raise


def render(records: list[RunRecord]) -> str:
    """A table of runs, newest first; the run id is the Prefect flow run's."""
    if not records:
        return "no refresh runs recorded yet"

    def number(value) -> str:
        return "" if value is None else str(value)

    header = (
        f"{'started (UTC)':<19}  {'status':<9}  {'seconds':>7}  {'found':>6}  {'parsed':>6}"
        f"  {'unchanged':>9}  {'rejected':>8}  {'run id':<36}  error"
    )
    lines = [header]
    for record in records:
        error = record.error.splitlines()[0][:100] if record.error else ""
        seconds = "" if record.duration_seconds is None else f"{record.duration_seconds:.1f}"
        lines.append(
            f"{record.started_at:%Y-%m-%d %H:%M:%S}  {record.status or '':<9}  {seconds:>7}"
            f"  {number(record.files_discovered):>6}  {number(record.files_parsed):>6}"
            f"  {number(record.files_unchanged):>9}  {number(record.files_rejected):>8}"
            f"  {record.run_id:<36}  {error}".rstrip()
        )
    return "\n".join(lines)


class RefreshAlreadyRunning(RuntimeError):
    """Another refresh of the same warehouse holds its lock."""


@contextmanager
def refresh_lock(published: Path) -> Iterator[None]:
    """One refresh per warehouse at a time (an OS lock, released if the process dies).

    While it holds the lock, a refresh removes build files that a killed run left behind.
    """
    import fcntl

    build_dir = published.parent / ".build"
    build_dir.mkdir(parents=True, exist_ok=True)
    with (build_dir / f"{published.stem}.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise RefreshAlreadyRunning(
                f"another refresh of {published} is running (lock {handle.name})"
            ) from error
        try:
            _remove_stale_builds(published)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_stale_builds(published: Path) -> None:
    pattern = re.compile(
        re.escape(published.stem) + r"-[0-9a-f]{12}(\.duckdb(\.wal)?|-dbt-target)?"
    )
    for path in (published.parent / ".build").iterdir():
        if pattern.fullmatch(path.name):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
