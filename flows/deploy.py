"""The nightly refresh as a Prefect deployment: declared here, served by `make serve`.

    nightly_deployment()     # the deployment object: schedule, parameters (no server needed)
    serve_nightly()          # register it and run its scheduled flow runs until stopped

A scheduled run is created by the Prefect server's scheduler, which the temporary server
Prefect starts for a bare flow call does not run. `serve_nightly` therefore starts a local
Prefect server (its UI on http://127.0.0.1:4200) unless PREFECT_API_URL names one already.
One run at a time: the deployment's concurrency limit is 1, and the refresh itself holds a
lock on the warehouse.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flows.refresh import refresh_flow

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEPLOYMENT_NAME = "nightly"
NIGHTLY_CRON = "30 2 * * *"  # 02:30 every night: reports published during the day are in
TIMEZONE = "Asia/Shanghai"
DEFAULT_INBOX = PROJECT_DIR / "inbox" / "demo"
DEFAULT_WAREHOUSE = PROJECT_DIR / "warehouse" / "ogi.duckdb"


def nightly_deployment(
    inbox: Path = DEFAULT_INBOX,
    warehouse: Path = DEFAULT_WAREHOUSE,
    cron: str = NIGHTLY_CRON,
    timezone: str = TIMEZONE,
    export_dir: Path | None = None,
):
    """The refresh flow's deployment with its nightly cron schedule (a RunnerDeployment)."""
    from prefect.schedules import Cron

    parameters: dict = {
        "inbox": str(Path(inbox).resolve()),
        "warehouse": str(Path(warehouse).resolve()),
    }
    if export_dir is not None:
        parameters["export_dir"] = str(Path(export_dir).resolve())
    return refresh_flow.to_deployment(
        name=DEPLOYMENT_NAME,
        schedules=[Cron(cron, timezone=timezone)],
        parameters=parameters,
        concurrency_limit=1,
        description="Refresh the OGI warehouse from its inbox: parse what is new, build, check, publish.",
        tags=["ogi", "nightly"],
    )


def _prefect_executable() -> str:
    candidate = Path(sys.executable).with_name("prefect")
    return str(candidate) if candidate.exists() else "prefect"


@contextmanager
def local_server(port: int = 4200, timeout: float = 120.0) -> Iterator[str]:
    """Start `prefect server start` (state in PREFECT_HOME); yield its API URL; stop it."""
    import httpx

    api_url = f"http://127.0.0.1:{port}/api"
    process = subprocess.Popen(
        [_prefect_executable(), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env={**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"},
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the Prefect server exited with code {process.returncode}")
            try:
                if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"the Prefect server did not answer on {api_url} in {timeout:.0f} s"
                )
            time.sleep(1)
        yield api_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def serve_nightly(
    inbox: Path = DEFAULT_INBOX,
    warehouse: Path = DEFAULT_WAREHOUSE,
    cron: str = NIGHTLY_CRON,
    timezone: str = TIMEZONE,
    port: int = 4200,
    export_dir: Path | None = None,
) -> None:
    """Serve the nightly deployment until interrupted (Ctrl-C)."""
    from prefect import serve
    from prefect.settings import PREFECT_API_URL, temporary_settings

    os.chdir(PROJECT_DIR)  # the deployment's entrypoint (flows/refresh.py) is relative to here
    deployment = nightly_deployment(inbox, warehouse, cron, timezone, export_dir)
    if PREFECT_API_URL.value():
        serve(deployment)
        return
    with local_server(port) as api_url, temporary_settings(updates={PREFECT_API_URL: api_url}):
        print(f"Prefect UI: {api_url.removesuffix('/api')}", flush=True)
        serve(deployment)
