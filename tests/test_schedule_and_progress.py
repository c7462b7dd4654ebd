"""The nightly deployment's schedule (no server), the progress display, which faults are retried."""

from __future__ import annotations

import asyncio
import datetime as dt
import errno
import io
from zoneinfo import ZoneInfo

import duckdb
from click.testing import CliRunner
from rich.console import Console

from flows import deploy
from ogi import build, progress
from ogi.build import DbtBuildFailed
from ogi.cli import main
from ogi.faults import is_transient


def test_the_nightly_deployment_runs_the_refresh_flow_on_a_cron_schedule(tmp_path):
    deployment = deploy.nightly_deployment(
        inbox=tmp_path / "inbox", warehouse=tmp_path / "w.duckdb"
    )
    assert (deployment.name, deployment.flow_name) == ("nightly", "ogi-refresh")
    assert deployment.entrypoint == "flows/refresh.py:refresh_flow"
    assert deployment.parameters == {
        "inbox": str(tmp_path / "inbox"),
        "warehouse": str(tmp_path / "w.duckdb"),
    }
    assert deployment.concurrency_limit == 1
    (schedule,) = deployment.schedules
    assert schedule.active
    assert (schedule.schedule.cron, schedule.schedule.timezone) == ("30 2 * * *", "Asia/Shanghai")

    # the next runs, as the Prefect server's scheduler would compute them
    from prefect.server.schemas.schedules import CronSchedule

    server_schedule = CronSchedule(cron=schedule.schedule.cron, timezone=schedule.schedule.timezone)
    start = dt.datetime(2026, 3, 1, tzinfo=ZoneInfo("Asia/Shanghai"))  # midnight in Beijing
    dates = asyncio.run(server_schedule.get_dates(n=3, start=start))
    local = [date.astimezone(ZoneInfo("Asia/Shanghai")) for date in dates]
    assert [(date.day, date.hour, date.minute) for date in local] == [
        (1, 2, 30),
        (2, 2, 30),
        (3, 2, 30),
    ]


def test_serve_is_a_command_and_a_make_target():
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "Prefect" in result.output
    shown = " ".join(result.output.split())
    assert f"[default: {deploy.NIGHTLY_CRON}]" in shown and f"[default: {deploy.TIMEZONE}]" in shown
    makefile = (deploy.PROJECT_DIR / "Makefile").read_text("utf-8")
    assert "\nserve:" in makefile and "ogi serve" in makefile


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_shown_on_a_terminal_and_never_in_ci_or_a_pipe():
    assert progress.enabled(_Terminal(), environ={})
    assert not progress.enabled(io.StringIO(), environ={})  # a pipe or a log file
    assert not progress.enabled(_Terminal(), environ={"CI": "true"})
    assert not progress.enabled(_Terminal(), environ={"TERM": "dumb"})
    assert progress.enabled(io.StringIO(), environ={"OGI_PROGRESS": "1"})
    assert not progress.enabled(_Terminal(), environ={"OGI_PROGRESS": "0"})


def test_the_display_counts_files_parsed_and_dbt_models_built():
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100, color_system=None)
    with progress.display(console=console, force=True) as shown:
        assert shown
        progress.bar("files parsed", total=3)
        for _ in range(3):
            progress.named("files parsed").advance()  # as the parse tasks do, by name
        on_event = build.progress_events(progress.bar("dbt build"))
        on_event({"info": {"name": "LogStartLine"}, "data": {"total": 3}})
        on_event({"info": {"name": "LogModelResult"}, "data": {}})
        on_event({"info": {"name": "LogModelResult"}, "data": {}})
        on_event({"info": {"name": "LogTestResult"}, "data": {}})
    output = screen.getvalue()
    assert "files parsed" in output and "3/3" in output
    assert "dbt 2 models, 1 tests" in output


def test_without_a_terminal_the_display_writes_nothing(capsys):
    with progress.display(force=False) as shown:
        assert not shown
        bar = progress.bar("files parsed", total=2)
        bar.advance()
        progress.named("files parsed").advance()
    captured = capsys.readouterr()
    assert captured.out == captured.err == ""


def test_transient_failures_are_retried_and_real_failures_are_not():
    assert is_transient(DbtBuildFailed("IO Error: Could not set lock on file", returncode=2))
    assert is_transient(DbtBuildFailed("killed", returncode=-9))
    assert not is_transient(DbtBuildFailed("fail: test.ogi.not_null_x", returncode=1))
    assert is_transient(duckdb.IOException("Could not set lock on file"))
    assert is_transient(OSError(errno.EBUSY, "busy"))
    assert is_transient(TimeoutError())
    assert not is_transient(OSError(errno.ENOENT, "missing"))
    assert not is_transient(ValueError("a bug"))
