"""The nightly refresh: discover → parse (in batches) → land → dbt build → quality gate → publish.

Thin on purpose: every task calls a plain, tested function from the `ogi` package. Work is
scheduled in batches of hundreds of files, never one task per report (a Prefect task costs
milliseconds of overhead). A failure anywhere leaves the published warehouse as it was.

Incremental: only files whose (path, content, parser version) has no cached parse result are
parsed; the landing is rebuilt from cached and new results (ogi/cache.py). A run whose inputs
and code are those of the published build changes nothing and records itself as `unchanged`.
Every run, failed ones included, leaves a row in `main.refresh_runs` (ogi/runs.py). Transient
failures of dbt and of the publish are retried.
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.task_runners import ThreadPoolTaskRunner

from ogi import batch, build, cache, faults, land, progress, publish, quality, runs, summary
from ogi.discover import InboxFile, discover

# GX announces its temporary docs directory at INFO on every run; a run's output stays readable.
logging.getLogger("great_expectations.data_context.types.base").setLevel(logging.WARNING)


class QualityGateFailed(RuntimeError):
    """A blocking quality check failed: the build is not published."""


@task(name="discover inbox")
def discover_inbox(inbox: Path) -> list[InboxFile]:
    return discover(inbox)


def retry_if_transient(task, task_run, state) -> bool:
    """Prefect retry_condition_fn: retry only what another attempt can fix (ogi/faults.py)."""
    try:
        error = state.result(raise_on_failure=False)
    except Exception:  # noqa: BLE001 -- the failure cannot be read: do not retry blindly
        return False
    return faults.is_transient(error)


@task(name="hash inbox files")
def key_inbox_files(files: list[InboxFile]) -> list[cache.KeyedFile]:
    bar = progress.bar("files checked", total=len(files))
    return cache.key_files(files, on_file=bar.advance)


@task(name="reuse cached parses")
def reuse_cached(
    keyed: list[cache.KeyedFile], warehouse: Path, out_dir: Path
) -> tuple[list[cache.KeyedFile], list[cache.KeyedFile], batch.BatchOutput]:
    with cache.ParseCache(cache.cache_path(warehouse)) as parse_cache:
        hits, misses = parse_cache.split(keyed)
        documents, rejections = (
            out_dir / "cached-documents.ndjson",
            out_dir / "cached-rejections.ndjson",
        )
        landed, rejected = parse_cache.export(hits, documents, rejections)
    return hits, misses, batch.BatchOutput(documents, rejections, landed, rejected)


@task(name="parse batch")
def parse_files(files: list[InboxFile], out_dir: Path, batch_number: int) -> batch.BatchOutput:
    return batch.parse_batch(
        files, out_dir, batch_number, on_file=progress.named("files parsed").advance
    )


@task(name="remember parses")
def remember_parsed(
    keyed: list[cache.KeyedFile], warehouse: Path, outputs: list[batch.BatchOutput]
) -> int:
    with cache.ParseCache(cache.cache_path(warehouse)) as parse_cache:
        return parse_cache.store(
            keyed,
            [output.documents for output in outputs],
            [output.rejections for output in outputs],
        )


@task(name="land documents")
def land_documents(build_db: Path, outputs: list[batch.BatchOutput]) -> dict[str, int]:
    import duckdb

    with duckdb.connect(str(build_db)) as con:
        return land.land(
            con, [output.documents for output in outputs], [output.rejections for output in outputs]
        )


@task(
    name="dbt build",
    retries=2,
    retry_delay_seconds=[10, 60],
    retry_condition_fn=retry_if_transient,
)
def build_marts(build_db: Path) -> build.DbtResult:
    bar = progress.bar("dbt build")
    return build.run_dbt(build_db, "build", on_event=build.progress_events(bar))


@task(name="quality checkpoint")
def check_quality(
    build_db: Path, warehouse: Path, discovered: list[str] | None = None
) -> quality.QualityResult:
    import duckdb

    # Data Docs of every run (a blocked one too) beside the warehouse: <stem>-quality-docs/
    result = quality.run_quality_checks(
        build_db, docs_dir=quality.docs_dir_for(warehouse), discovered=discovered
    )
    with duckdb.connect(str(build_db)) as con:
        quality.write_results(con, quality.result_rows(result))
    if not result.blocking_ok:
        raise QualityGateFailed(result.summary())
    return result


@task(name="record run in build")
def record_run_in_build(build_db: Path, warehouse: Path, record: runs.RunRecord) -> None:
    import duckdb

    with duckdb.connect(str(build_db)) as con:
        runs.carry_history(con, warehouse)
        runs.insert(con, record)


@task(name="publish", retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=retry_if_transient)
def publish_warehouse(build_db: Path, warehouse: Path) -> Path:
    return publish.publish(build_db, warehouse)


@task(
    name="record run", retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=retry_if_transient
)
def record_run(warehouse: Path, record: runs.RunRecord) -> Path:
    """Append the run's row to the published warehouse (copy, append, atomic rename)."""
    return runs.append_to_published(warehouse, record)


@task(name="export marts")
def export_marts(warehouse: Path, export_dir: Path) -> list[Path]:
    from ogi.export import export_marts as export

    return export(warehouse, export_dir)


def _run_id() -> str:
    from prefect.runtime import flow_run

    return str(flow_run.id or uuid.uuid4())


@flow(name="ogi-refresh", task_runner=ThreadPoolTaskRunner(max_workers=os.cpu_count() or 2))
def refresh_flow(
    inbox: Path, warehouse: Path, force: bool = False, export_dir: Path | None = None
) -> summary.RunSummary:
    """Refresh `warehouse` from `inbox`. `force` rebuilds even when nothing changed;
    `export_dir` also writes the marts there as Parquet and CSV after a publish."""
    logger = get_run_logger()
    inbox, warehouse = Path(inbox).resolve(), Path(warehouse).resolve()
    record = runs.RunRecord.begin(
        _run_id(), inbox=str(inbox), parser_version=cache.parser_version()
    )
    with runs.refresh_lock(warehouse), progress.display():
        try:
            quality_result = _refresh(inbox, warehouse, record, force, logger)
        except BaseException as error:
            record.finish("failed", error)
            try:
                record_run(warehouse, record)
            except Exception as history_error:  # noqa: BLE001 -- the run's own error matters more
                logger.error("could not record the failed run in %s: %s", warehouse, history_error)
            raise
    if export_dir is not None and (
        record.status == "succeeded" or not (Path(export_dir) / "_manifest.json").exists()
    ):
        export_marts(warehouse, Path(export_dir).resolve())
    run_summary = summary.summarize(warehouse)
    run_summary.run = record
    if quality_result is not None:
        run_summary.blocking_checks_ok = quality_result.blocking_ok
        run_summary.reconciliation_flags = len(quality_result.flags)
    return run_summary


def _refresh(
    inbox: Path, warehouse: Path, record: runs.RunRecord, force: bool, logger
) -> quality.QualityResult | None:
    """The run's steps; returns None when nothing changed and the published build was kept."""
    # the random end of the run id (Prefect's ids begin with a timestamp)
    build_db = publish.new_build_path(warehouse, record.run_id.replace("-", "")[-12:])
    work_dir = build_db.with_suffix("")
    try:
        files = discover_inbox(inbox)
        record.files_discovered = len(files)
        logger.info("discovered %d files in %s", len(files), inbox)
        keyed = key_inbox_files(files)
        record.input_fingerprint = cache.input_fingerprint(keyed)
        previous = runs.last_good(warehouse)
        if not force and previous and previous.input_fingerprint == record.input_fingerprint:
            record.files_parsed, record.files_unchanged = 0, len(files)
            record.files_rejected, record.files_landed = (
                previous.files_rejected,
                previous.files_landed,
            )
            record_run(warehouse, record.finish("unchanged"))
            logger.info(
                "nothing new since run %s: the published warehouse is kept", previous.run_id
            )
            return None
        hits, misses, cached = reuse_cached(keyed, warehouse, work_dir)
        record.files_unchanged, record.files_parsed = len(hits), len(misses)
        progress.bar("files parsed", total=len(misses))
        batches = batch.make_batches([item.file for item in misses])
        futures = [
            parse_files.submit(files_in_batch, work_dir, number)
            for number, files_in_batch in enumerate(batches)
        ]
        outputs = [future.result() for future in futures]
        logger.info(
            "reused %d cached results; parsed %d, rejected %d",
            len(hits),
            sum(o.parsed for o in outputs),
            sum(o.rejected for o in outputs),
        )
        remember_parsed(keyed, warehouse, outputs)
        counts = land_documents(build_db, [cached, *outputs])
        record.files_rejected, record.files_landed = counts["rejected_inputs"], counts["reports"]
        logger.info("landed %s", counts)
        dbt_result = build_marts(build_db)
        logger.info(
            "dbt: %d models, %d tests, %d seeds",
            dbt_result.models,
            dbt_result.tests,
            dbt_result.seeds,
        )
        quality_result = check_quality(
            build_db, warehouse, discovered=[file.inbox_path for file in files]
        )
        logger.info(quality_result.summary())
        record_run_in_build(build_db, warehouse, record.finish("succeeded"))
        publish_warehouse(build_db, warehouse)
        return quality_result
    except BaseException:
        publish.discard(build_db)
        raise
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
        shutil.rmtree(build_db.parent / f"{build_db.stem}-dbt-target", ignore_errors=True)
