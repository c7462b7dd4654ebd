"""The nightly refresh: discover → parse (in batches) → land → dbt build → quality gate → publish.

Thin on purpose: every task calls a plain, tested function from the `ogi` package. Work is
scheduled in batches of hundreds of files, never one task per report (a Prefect task costs
milliseconds of overhead). A failure anywhere leaves the published warehouse as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.task_runners import ThreadPoolTaskRunner

from ogi import batch, build, land, publish, quality, summary
from ogi.discover import InboxFile, discover

# GX announces its temporary docs directory at INFO on every run; a run's output stays readable.
logging.getLogger("great_expectations.data_context.types.base").setLevel(logging.WARNING)


class QualityGateFailed(RuntimeError):
    """A blocking quality check failed: the build is not published."""


@task(name="discover inbox")
def discover_inbox(inbox: Path) -> list[InboxFile]:
    return discover(inbox)


@task(name="parse batch")
def parse_files(files: list[InboxFile], out_dir: Path, batch_number: int) -> batch.BatchOutput:
    return batch.parse_batch(files, out_dir, batch_number)


@task(name="land documents")
def land_documents(build_db: Path, outputs: list[batch.BatchOutput]) -> dict[str, int]:
    import duckdb

    with duckdb.connect(str(build_db)) as con:
        return land.land(
            con, [output.documents for output in outputs], [output.rejections for output in outputs]
        )


@task(name="dbt build")
def build_marts(build_db: Path) -> build.DbtResult:
    return build.run_dbt(build_db, "build")


@task(name="quality checkpoint")
def check_quality(build_db: Path) -> quality.QualityResult:
    import duckdb

    result = quality.run_quality_checks(build_db)
    with duckdb.connect(str(build_db)) as con:
        quality.write_results(con, quality.result_rows(result))
    if not result.blocking_ok:
        raise QualityGateFailed(result.summary())
    return result


@task(name="publish")
def publish_warehouse(build_db: Path, warehouse: Path) -> Path:
    return publish.publish(build_db, warehouse)


@flow(name="ogi-refresh", task_runner=ThreadPoolTaskRunner(max_workers=os.cpu_count() or 2))
def refresh_flow(inbox: Path, warehouse: Path) -> summary.RunSummary:
    logger = get_run_logger()
    inbox, warehouse = Path(inbox).resolve(), Path(warehouse).resolve()
    build_db = publish.new_build_path(warehouse)
    work_dir = build_db.with_suffix("")
    try:
        files = discover_inbox(inbox)
        logger.info("discovered %d files in %s", len(files), inbox)
        batches = batch.make_batches(files)
        futures = [
            parse_files.submit(files_in_batch, work_dir, number)
            for number, files_in_batch in enumerate(batches)
        ]
        outputs = [future.result() for future in futures]
        logger.info(
            "parsed %d, rejected %d",
            sum(o.parsed for o in outputs),
            sum(o.rejected for o in outputs),
        )
        counts = land_documents(build_db, outputs)
        logger.info("landed %s", counts)
        dbt_result = build_marts(build_db)
        logger.info(
            "dbt: %d models, %d tests, %d seeds",
            dbt_result.models,
            dbt_result.tests,
            dbt_result.seeds,
        )
        quality_result = check_quality(build_db)
        logger.info(quality_result.summary())
        publish_warehouse(build_db, warehouse)
    except BaseException:
        publish.discard(build_db)
        raise
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
        shutil.rmtree(build_db.parent / f"{build_db.stem}-dbt-target", ignore_errors=True)
    run_summary = summary.summarize(warehouse)
    run_summary.blocking_checks_ok = quality_result.blocking_ok
    run_summary.reconciliation_flags = len(quality_result.flags)
    return run_summary
