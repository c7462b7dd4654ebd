"""The parse cache: what each inbox file became, so an unchanged file is never parsed twice.

An entry is keyed by (inbox path, SHA-256 of the file's bytes, processing version) and holds
the file's NDJSON line exactly as a parse batch wrote it: the contract document, or the
rejection with its reason. Parsing is a pure function of that key, so the cache is a memo:
it may be deleted at any time (the next run parses everything again) and it never decides
what the warehouse holds. Every build still lands the whole inbox, from cached lines plus
newly parsed ones, which keeps landing and marts identical to a clean build whatever
sequence of runs came before.

- A file whose bytes changed gets a new key: it is parsed again and replaces its earlier
  version (the warehouse names a file by its inbox path).
- The processing version of a raw report is the parser's version and the contract's; a JSON
  document from another extractor depends only on the contract. A new parser version
  therefore re-parses the raw reports and leaves the JSON documents alone.
- Entries no longer in the inbox are pruned at every run, so the cache follows the inbox.
- Read failures (stage `discover`) are never cached: they may be transient.

The cache is a DuckDB file beside the warehouse (`<dir>/.cache/<stem>.parse-cache.duckdb`),
opened only by the refresh that holds the warehouse's refresh lock.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import duckdb
import pyarrow as pa

from ogi.contract import CONTRACT_VERSION
from ogi.discover import JSON_DOCUMENT, InboxFile
from ogi.parse import PARSER_NAME, PARSER_VERSION

PROJECT_DIR = Path(__file__).resolve().parent.parent
CACHE_FORMAT = "1"

# What decides the content of a build besides its inputs: a change to any of these files (or
# to these packages' versions) makes the next run rebuild even when no input changed.
PIPELINE_FILES = (
    "dbt_project.yml",
    "profiles.yml",
    "models",
    "seeds",
    "macros",
    "dbt_tests",
    "expectations",
    "ogi",
    "flows",
)
PIPELINE_PACKAGES = ("duckdb", "dbt-core", "dbt-duckdb", "great-expectations")


def parser_version() -> str:
    return f"{PARSER_NAME} {PARSER_VERSION}"


def cache_version(file: InboxFile) -> str:
    """The version of the code that turns this file into a line of the parse output."""
    contract = f"contract {CONTRACT_VERSION}"
    if file.media_type == JSON_DOCUMENT:
        return contract
    return f"{parser_version()}; {contract}"


@dataclass(frozen=True)
class KeyedFile:
    file: InboxFile
    sha256: str | None  # None: the file could not be read (never a cache hit)
    version: str

    @property
    def inbox_path(self) -> str:
        return self.file.inbox_path


def _sha256_of_file(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def key_files(files: list[InboxFile], on_file=None) -> list[KeyedFile]:
    """Hash every file (a few threads: reading is I/O, hashlib releases the GIL)."""

    def key(file: InboxFile) -> KeyedFile:
        keyed = KeyedFile(file, _sha256_of_file(file.path), cache_version(file))
        if on_file is not None:
            on_file()
        return keyed

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(key, files))


def pipeline_fingerprint(project_dir: Path = PROJECT_DIR) -> str:
    """A hash of the code and packages that shape a build (see PIPELINE_FILES)."""
    digest = hashlib.sha256()
    for name in PIPELINE_FILES:
        root = project_dir / name
        paths = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        for path in paths:
            relative = path.relative_to(project_dir)
            if not path.is_file() or any(
                part.startswith(".") or part in ("__pycache__", "uncommitted")
                for part in relative.parts
            ):
                continue
            digest.update(relative.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for package in PIPELINE_PACKAGES:
        try:
            digest.update(f"{package}=={importlib.metadata.version(package)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{package} missing\0".encode())
    return digest.hexdigest()


def input_fingerprint(keyed: list[KeyedFile], pipeline: str | None = None) -> str:
    """What a build is a function of: every input's key, and the pipeline's own code.

    Two runs with the same fingerprint produce the same warehouse (up to load timestamps)."""
    digest = hashlib.sha256((pipeline or pipeline_fingerprint()).encode() + b"\n")
    for item in sorted(keyed, key=lambda item: item.inbox_path):
        digest.update(f"{item.inbox_path}\0{item.sha256}\0{item.version}\n".encode())
    return digest.hexdigest()


def cache_path(warehouse: Path) -> Path:
    return warehouse.parent / ".cache" / f"{warehouse.stem}.parse-cache.duckdb"


_SCHEMA = """
create table if not exists cache_format (format varchar not null);
create table if not exists documents (
    inbox_path varchar not null,
    file_sha256 varchar not null,
    cache_version varchar not null,
    inbox_kind varchar not null,
    file_bytes bigint,
    document json not null,
    cached_at timestamp not null
);
create table if not exists rejections (
    inbox_path varchar not null,
    file_sha256 varchar not null,
    cache_version varchar not null,
    file_bytes bigint,
    media_type varchar,
    stage varchar not null,
    reason_code varchar not null,
    reason varchar not null,
    cached_at timestamp not null
);
"""
_DOCUMENT_COLUMNS = (
    "{'inbox_path': 'VARCHAR', 'inbox_kind': 'VARCHAR', 'file_sha256': 'VARCHAR',"
    " 'file_bytes': 'BIGINT', 'document': 'JSON'}"
)
_REJECTION_COLUMNS = (
    "{'inbox_path': 'VARCHAR', 'file_sha256': 'VARCHAR', 'file_bytes': 'BIGINT',"
    " 'media_type': 'VARCHAR', 'stage': 'VARCHAR', 'reason_code': 'VARCHAR', 'reason': 'VARCHAR'}"
)


def _keyed_in(relation: str, table: str) -> str:
    """SQL: the row of `table` has its key in `relation` (an exists, NULL-safe)."""
    return (
        f"exists (select 1 from {relation} as keys where keys.inbox_path = {table}.inbox_path"
        f" and keys.file_sha256 = {table}.file_sha256 and keys.cache_version = {table}.cache_version)"
    )


def _file_list(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(path).replace("'", "''") + "'" for path in paths) + "]"


def _sql_string(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


class ParseCache:
    """The cache file, open for one run: `with ParseCache(cache_path(warehouse)) as cache:`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.con: duckdb.DuckDBPyConnection | None = None

    def __enter__(self) -> Self:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = self._open()
        except duckdb.Error:  # unreadable or from an incompatible DuckDB: a memo, start again
            for stale in (self.path, self.path.with_name(self.path.name + ".wal")):
                stale.unlink(missing_ok=True)
            self.con = self._open()
        return self

    def _open(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(str(self.path))
        try:
            con.execute(_SCHEMA)
            formats = [row[0] for row in con.execute("select format from cache_format").fetchall()]
            if formats != [CACHE_FORMAT]:
                con.execute(
                    "delete from documents; delete from rejections; delete from cache_format"
                )
                con.execute("insert into cache_format values (?)", [CACHE_FORMAT])
        except BaseException:
            con.close()
            raise
        return con

    def __exit__(self, *exc_info) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None

    def _want(self, keyed: list[KeyedFile]) -> None:
        """Register the run's keys as the relation `wanted`."""
        table = pa.table(
            {
                "inbox_path": [item.inbox_path for item in keyed],
                "file_sha256": [item.sha256 for item in keyed],
                "cache_version": [item.version for item in keyed],
            },
            schema=pa.schema(
                [
                    ("inbox_path", pa.string()),
                    ("file_sha256", pa.string()),
                    ("cache_version", pa.string()),
                ]
            ),
        )
        self.con.register("wanted_arrow", table)
        try:
            self.con.execute(
                "create or replace temp table wanted as"
                " select * from wanted_arrow where file_sha256 is not null"
            )
        finally:
            self.con.unregister("wanted_arrow")

    def split(self, keyed: list[KeyedFile]) -> tuple[list[KeyedFile], list[KeyedFile]]:
        """(hits, misses): files whose result is cached under their current key, and the rest."""
        self._want(keyed)
        cached = {
            row[0]
            for row in self.con.execute(
                f"""
                select inbox_path from wanted
                where {_keyed_in("documents", "wanted")} or {_keyed_in("rejections", "wanted")}
                """
            ).fetchall()
        }
        hits = [item for item in keyed if item.sha256 is not None and item.inbox_path in cached]
        misses = [item for item in keyed if item.sha256 is None or item.inbox_path not in cached]
        return hits, misses

    def export(self, keyed: list[KeyedFile], documents: Path, rejections: Path) -> tuple[int, int]:
        """Write the cached lines of these files as parse-batch NDJSON (for the landing)."""
        self._want(keyed)
        documents.parent.mkdir(parents=True, exist_ok=True)
        self.con.execute(
            f"""
            copy (
                select inbox_path, inbox_kind, file_sha256, file_bytes, document
                from documents where {_keyed_in("wanted", "documents")}
                order by inbox_path
            ) to {_sql_string(documents)} (format json)
            """
        )
        self.con.execute(
            f"""
            copy (
                select inbox_path, file_sha256, file_bytes, media_type, stage, reason_code, reason
                from rejections where {_keyed_in("wanted", "rejections")}
                order by inbox_path
            ) to {_sql_string(rejections)} (format json)
            """
        )
        return tuple(
            self.con.execute(
                f"select count(*) from {table} where {_keyed_in('wanted', table)}"
            ).fetchall()[0][0]
            for table in ("documents", "rejections")
        )

    def store(
        self, keyed: list[KeyedFile], document_files: list[Path], rejection_files: list[Path]
    ) -> int:
        """Remember newly parsed lines; then drop every entry this inbox no longer uses."""
        self._want(keyed)
        document_files = [path for path in document_files if path.stat().st_size > 0]
        rejection_files = [path for path in rejection_files if path.stat().st_size > 0]
        stored = 0
        self.con.execute("begin transaction")
        try:
            if document_files:
                self.con.execute(
                    f"""
                    create or replace temp table new_documents as
                    select parsed.inbox_path, parsed.file_sha256, wanted.cache_version,
                           parsed.inbox_kind, parsed.file_bytes, parsed.document
                    from read_json({_file_list(document_files)}, format = 'newline_delimited',
                                   columns = {_DOCUMENT_COLUMNS}) as parsed
                    join wanted using (inbox_path)
                    where parsed.file_sha256 is not null
                    """
                )
                self.con.execute(
                    f"delete from documents where {_keyed_in('new_documents', 'documents')}"
                )
                self.con.execute(
                    "insert into documents select *, now()::timestamp from new_documents"
                )
                stored += self.con.execute("select count(*) from new_documents").fetchall()[0][0]
            if rejection_files:
                self.con.execute(
                    f"""
                    create or replace temp table new_rejections as
                    select rejected.inbox_path, rejected.file_sha256, wanted.cache_version,
                           rejected.file_bytes, rejected.media_type, rejected.stage,
                           rejected.reason_code, rejected.reason
                    from read_json({_file_list(rejection_files)}, format = 'newline_delimited',
                                   columns = {_REJECTION_COLUMNS}) as rejected
                    join wanted using (inbox_path)
                    where rejected.file_sha256 is not null and rejected.stage <> 'discover'
                    """
                )
                self.con.execute(
                    f"delete from rejections where {_keyed_in('new_rejections', 'rejections')}"
                )
                self.con.execute(
                    "insert into rejections select *, now()::timestamp from new_rejections"
                )
                stored += self.con.execute("select count(*) from new_rejections").fetchall()[0][0]
            for table in ("documents", "rejections"):
                self.con.execute(f"delete from {table} where not {_keyed_in('wanted', table)}")
            self.con.execute("commit")
        except BaseException:
            self.con.execute("rollback")
            raise
        self.con.execute("checkpoint")
        return stored

    def entries(self) -> int:
        return sum(
            self.con.execute(f"select count(*) from {table}").fetchall()[0][0]
            for table in ("documents", "rejections")
        )
