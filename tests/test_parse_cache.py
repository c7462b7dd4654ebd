"""The parse cache: an unchanged file is not parsed again; a change or a new version is."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ogi import cache
from ogi.batch import parse_batch
from ogi.discover import discover

DEMO = Path(__file__).resolve().parent.parent / "inbox" / "demo" / "generated"
FILES = (
    "sample-city-2021.html",
    "sample-district-2021.txt",
    "external-sample-county-2023.json",
)


@pytest.fixture
def inbox(tmp_path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in FILES:
        shutil.copy(DEMO / name, inbox / name)
    (inbox / "notes.md").write_text("not a report", encoding="utf-8")  # a rejection
    return inbox


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def _refresh_cache(inbox: Path, cache_file: Path, out: Path) -> tuple[list[str], Path, Path]:
    """What a run does: key, split, parse the misses, remember them, export the hits."""
    keyed = cache.key_files(discover(inbox))
    with cache.ParseCache(cache_file) as parse_cache:
        hits, misses = parse_cache.split(keyed)
        output = parse_batch([item.file for item in misses], out / "new", 0)
        parse_cache.store(keyed, [output.documents], [output.rejections])
        parse_cache.export(hits, out / "hits-documents.ndjson", out / "hits-rejections.ndjson")
    return sorted(item.inbox_path for item in misses), output.documents, output.rejections


def test_an_unchanged_file_is_not_parsed_again_and_its_cached_line_is_the_parsers(inbox, tmp_path):
    cache_file = tmp_path / "cache.duckdb"
    parsed, documents, rejections = _refresh_cache(inbox, cache_file, tmp_path / "run1")
    assert parsed == sorted([*FILES, "notes.md"])
    parsed_again, _, _ = _refresh_cache(inbox, cache_file, tmp_path / "run2")
    assert parsed_again == []
    by_path = {line["inbox_path"]: line for line in _lines(documents) + _lines(rejections)}
    cached = _lines(tmp_path / "run2" / "hits-documents.ndjson") + _lines(
        tmp_path / "run2" / "hits-rejections.ndjson"
    )
    assert {line["inbox_path"]: line for line in cached} == by_path


def test_a_changed_file_is_parsed_again_and_replaces_its_earlier_version(inbox, tmp_path):
    cache_file = tmp_path / "cache.duckdb"
    _refresh_cache(inbox, cache_file, tmp_path / "run1")
    changed = inbox / "sample-district-2021.txt"
    changed.write_bytes(changed.read_bytes() + b"\n")
    parsed, documents, _ = _refresh_cache(inbox, cache_file, tmp_path / "run2")
    assert parsed == ["sample-district-2021.txt"]
    (line,) = _lines(documents)
    with cache.ParseCache(cache_file) as parse_cache:
        assert parse_cache.entries() == len(FILES) + 1  # the earlier version is gone
        rows = parse_cache.con.execute(
            "select file_sha256 from documents where inbox_path = 'sample-district-2021.txt'"
        ).fetchall()
    assert rows == [(line["file_sha256"],)]


def test_a_new_parser_version_reparses_raw_reports_but_not_json_documents(
    inbox, tmp_path, monkeypatch
):
    cache_file = tmp_path / "cache.duckdb"
    _refresh_cache(inbox, cache_file, tmp_path / "run1")
    monkeypatch.setattr(cache, "PARSER_VERSION", "99.0.0")
    parsed, _, _ = _refresh_cache(inbox, cache_file, tmp_path / "run2")
    assert parsed == ["notes.md", "sample-city-2021.html", "sample-district-2021.txt"]
    monkeypatch.setattr(cache, "CONTRACT_VERSION", "99.0.0")
    parsed, _, _ = _refresh_cache(inbox, cache_file, tmp_path / "run3")
    assert parsed == sorted([*FILES, "notes.md"])  # a new contract re-validates everything


def test_files_gone_from_the_inbox_leave_the_cache_and_read_failures_are_not_cached(
    inbox, tmp_path
):
    cache_file = tmp_path / "cache.duckdb"
    _refresh_cache(inbox, cache_file, tmp_path / "run1")
    (inbox / "notes.md").unlink()
    files = discover(inbox)
    (inbox / "sample-city-2021.html").unlink()  # vanishes between discovery and parsing
    keyed = cache.key_files(files)
    assert [item.sha256 for item in keyed if item.inbox_path == "sample-city-2021.html"] == [None]
    with cache.ParseCache(cache_file) as parse_cache:
        _, misses = parse_cache.split(keyed)
        assert [item.inbox_path for item in misses] == ["sample-city-2021.html"]
        output = parse_batch([item.file for item in misses], tmp_path / "run2", 0)
        assert _lines(output.rejections)[0]["reason_code"] == "unreadable_file"
        parse_cache.store(keyed, [output.documents], [output.rejections])
        assert parse_cache.entries() == 2  # the two files still there and readable


def test_the_input_fingerprint_follows_content_parser_and_pipeline_not_order(inbox, monkeypatch):
    keyed = cache.key_files(discover(inbox))
    base = cache.input_fingerprint(keyed, pipeline="p1")
    assert cache.input_fingerprint(list(reversed(keyed)), pipeline="p1") == base
    assert cache.input_fingerprint(keyed, pipeline="p2") != base
    assert cache.input_fingerprint(keyed[1:], pipeline="p1") != base
    (inbox / "notes.md").write_text("changed", encoding="utf-8")
    assert cache.input_fingerprint(cache.key_files(discover(inbox)), pipeline="p1") != base
    monkeypatch.setattr(cache, "PARSER_VERSION", "99.0.0")
    assert cache.input_fingerprint(cache.key_files(discover(inbox)), pipeline="p1") != base
    assert cache.pipeline_fingerprint() == cache.pipeline_fingerprint()


def test_an_unreadable_cache_file_is_started_again(tmp_path):
    cache_file = tmp_path / "cache.duckdb"
    cache_file.write_bytes(b"this is not a DuckDB file" * 100)
    with cache.ParseCache(cache_file) as parse_cache:
        assert parse_cache.entries() == 0
