"""What a BI tool's connection pool must be set to (README, "BI access").

A DuckDB connection reads the file it opened: after the refresh renames a new file into place,
a connection kept open goes on reading the old one. So a pool must open a connection per
query (SQLAlchemy NullPool). These tests publish with the refresh's own atomic rename.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from ogi import publish


def _publish(published: Path, value: int) -> None:
    build = publish.new_build_path(published)
    with duckdb.connect(str(build)) as con:
        con.execute("create table mart_agency_year as select ? as requests_new", [value])
    publish.publish(build, published)


def _read(engine) -> int:
    with engine.connect() as con:
        return con.execute(text("select requests_new from mart_agency_year")).scalar_one()


def test_with_nullpool_every_query_reads_the_file_published_last(tmp_path):
    published = tmp_path / "ogi.duckdb"
    _publish(published, 1)
    engine = create_engine(f"duckdb:///{published}?access_mode=read_only", poolclass=NullPool)
    assert _read(engine) == 1
    _publish(published, 2)
    assert _read(engine) == 2
    _publish(published, 3)
    assert _read(engine) == 3


def test_a_pool_that_keeps_connections_open_goes_on_reading_the_old_file(tmp_path):
    published = tmp_path / "ogi.duckdb"
    _publish(published, 1)
    pooled = create_engine(f"duckdb:///{published}?access_mode=read_only")  # QueuePool
    assert _read(pooled) == 1
    _publish(published, 2)
    assert _read(pooled) == 1  # the pooled connection still reads the replaced file
    pooled.dispose()  # what NullPool does after every query
    assert _read(pooled) == 2
    pooled.dispose()


def test_views_over_the_parquet_export_follow_every_export_even_on_a_kept_connection(tmp_path):
    """The Metabase route (README): an in-memory DuckDB whose views read the exported Parquet."""
    from ogi.export import export_marts

    published, export = tmp_path / "ogi.duckdb", tmp_path / "export"
    _publish(published, 1)
    export_marts(published, export, ("parquet",))
    kept = duckdb.connect(":memory:")  # what a BI tool's pool holds on to
    kept.execute(
        f"create view mart_agency_year as select * from '{export / 'mart_agency_year.parquet'}'"
    )
    assert kept.execute("select requests_new from mart_agency_year").fetchall() == [(1,)]
    _publish(published, 2)
    export_marts(published, export, ("parquet",))
    assert kept.execute("select requests_new from mart_agency_year").fetchall() == [(2,)]
    kept.close()
