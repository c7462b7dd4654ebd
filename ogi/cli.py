"""The `ogi` command line: thin wrappers over the package's functions and the refresh flow."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_INBOX = PROJECT_DIR / "inbox" / "demo"
DEFAULT_WAREHOUSE = PROJECT_DIR / "warehouse" / "ogi.duckdb"


def _prefect_environment() -> None:
    """Keep Prefect's state inside the project and its telemetry off; set before Prefect loads."""
    os.environ.setdefault("PREFECT_HOME", str(PROJECT_DIR / ".prefect"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")  # Prefect's client-side telemetry
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Warehouse of China's 政府信息公开工作年度报告 (Open Government Information annual reports).

    Parses raw reports (HTML, text, PDF, DOCX) and JSON documents from other extractors into
    a DuckDB warehouse of validated marts.
    """


@main.command()
@click.option(
    "--inbox",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_INBOX,
    show_default=True,
    help="Folder of raw reports and JSON documents (searched recursively).",
)
@click.option(
    "--warehouse",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_WAREHOUSE,
    show_default=True,
    help="The published DuckDB file; replaced atomically on success.",
)
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed since the last run.")
@click.option(
    "--export-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also export the marts there as Parquet and CSV after publishing.",
)
def refresh(inbox: Path, warehouse: Path, force: bool, export_dir: Path | None) -> None:
    """Rebuild the warehouse from an inbox: parse, land, dbt build, quality checks, publish.

    Every file ends either in the warehouse or in landing.rejected_inputs with its reason.
    Only new or changed files are parsed; a run with nothing new keeps the published
    warehouse. If a blocking check fails, the previously published warehouse stays in place.
    Every run is recorded in refresh_runs (`ogi runs`).
    """
    _prefect_environment()
    from flows.refresh import refresh_flow

    if not inbox.is_dir():
        raise click.UsageError(f"inbox {inbox} is not a directory")
    try:
        run_summary = refresh_flow(
            inbox=inbox, warehouse=warehouse, force=force, export_dir=export_dir
        )
    except Exception as error:  # noqa: BLE001 -- the flow already discarded the unpublished build
        click.echo(
            f"refresh failed; the published warehouse {warehouse} was left as it was.\n{error}",
            err=True,
        )
        sys.exit(1)
    click.echo(run_summary.render())


@main.command("generate-demo")
@click.option(
    "--dest",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_INBOX / "generated",
    show_default=True,
    help="Folder to write the generated reports into.",
)
@click.option(
    "--seed",
    default=2026,
    show_default=True,
    help="Random seed; the same seed writes the same bytes.",
)
def generate_demo(dest: Path, seed: int) -> None:
    """Write the synthetic 2021-format reports of the demo inbox (deterministic)."""
    from ogi.generate import write_demo_inbox

    for path in write_demo_inbox(dest, seed=seed):
        click.echo(path)


@main.command()
@click.option(
    "--warehouse",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=DEFAULT_WAREHOUSE,
    show_default=True,
)
def summary(warehouse: Path) -> None:
    """Print what the published warehouse holds: files, rejections, agency-years, arithmetic flags."""
    from ogi.summary import summarize

    click.echo(summarize(warehouse).render())


@main.command()
@click.option(
    "--warehouse",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_WAREHOUSE,
    show_default=True,
)
@click.option("--last", "limit", default=10, show_default=True, help="How many runs to show.")
def runs(warehouse: Path, limit: int) -> None:
    """Show the last refresh runs (main.refresh_runs): status, files found, parsed, reused, rejected."""
    from ogi.runs import last_runs, render

    records = last_runs(warehouse, limit)
    click.echo(render(records))
    for record in records[:1]:
        if record.status == "failed" and record.error:
            click.echo(f"\nlast run failed:\n{record.error}")


@main.command()
@click.option(
    "--warehouse",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=DEFAULT_WAREHOUSE,
    show_default=True,
)
@click.option(
    "--dest",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_WAREHOUSE.parent / "export",
    show_default=True,
    help="Folder to write <table>.parquet and <table>.csv into.",
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(["parquet", "csv"]),
    multiple=True,
    default=("parquet", "csv"),
    show_default=True,
)
def export(warehouse: Path, dest: Path, formats: tuple[str, ...]) -> None:
    """Export the marts (and refresh_runs, rejected_inputs) to Parquet and CSV for BI tools."""
    from ogi.export import export_marts

    for path in export_marts(warehouse, dest, formats):
        click.echo(path)


@main.command()
@click.option(
    "--inbox",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_INBOX,
    show_default=True,
)
@click.option(
    "--warehouse",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_WAREHOUSE,
    show_default=True,
)
@click.option("--cron", default=None, help="Cron schedule.  [default: 30 2 * * *]")
@click.option(
    "--timezone", default=None, help="IANA time zone of the schedule.  [default: Asia/Shanghai]"
)
@click.option("--port", default=4200, show_default=True, help="Port of the local Prefect server.")
@click.option(
    "--export-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also export the marts there as Parquet and CSV after each publish.",
)
def serve(
    inbox: Path,
    warehouse: Path,
    cron: str | None,
    timezone: str | None,
    port: int,
    export_dir: Path | None,
) -> None:
    """Run the nightly refresh on its schedule (a Prefect deployment) until stopped.

    Without PREFECT_API_URL this also starts a local Prefect server (UI on --port), whose
    scheduler creates the nightly runs.
    """
    _prefect_environment()
    from flows import deploy

    deploy.serve_nightly(
        inbox=inbox,
        warehouse=warehouse,
        cron=cron or deploy.NIGHTLY_CRON,
        timezone=timezone or deploy.TIMEZONE,
        port=port,
        export_dir=export_dir,
    )


if __name__ == "__main__":
    main()


@main.command("check-parser")
@click.option(
    "--reports",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=PROJECT_DIR.parent / "shared" / "corpus",
    show_default=True,
    help="Folder of raw reports (searched recursively).",
)
@click.option(
    "--gold",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=PROJECT_DIR / "tests" / "gold",
    show_default=True,
    help="Folder of hand-checked gold files (tests/gold/README.md says their shape).",
)
@click.option("--verbose", is_flag=True, help="List every difference, not only for imperfect reports.")
def check_parser(reports: Path, gold: Path, verbose: bool) -> None:
    """Compare the parser with gold files, figure by figure: right, missed, invented, rejected."""
    from ogi.fidelity import check_folder, format_check

    check = check_folder(reports, gold)
    click.echo(format_check(check, verbose))
    if not check.scores:
        raise click.ClickException(f"no gold file in {gold} names a report under {reports}")
