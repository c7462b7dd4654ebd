import os
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
os.environ.setdefault("PREFECT_HOME", str(PROJECT_DIR / ".prefect"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for every test that runs a real flow."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


CORPUS_DIR = Path(os.environ.get("OGI_CORPUS_DIR", PROJECT_DIR.parent / "shared" / "corpus"))


@pytest.fixture(scope="session")
def published(tmp_path_factory, prefect_harness):
    """One real run over the demo inbox plus three real corpus reports: (inbox, warehouse, summary)."""
    import shutil

    from flows.refresh import refresh_flow

    inbox = tmp_path_factory.mktemp("inbox")
    shutil.copytree(PROJECT_DIR / "inbox" / "demo", inbox / "demo")
    for relative in (
        "pingtan/2025-pingtan-zone/page.html",
        "pdf/2023-huaian-hongze-district.pdf",
        "pingtan/2014-not-a-report-letter/page.txt",
    ):
        target = inbox / "corpus" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS_DIR / relative, target)
    warehouse = tmp_path_factory.mktemp("warehouse") / "ogi.duckdb"
    summary = refresh_flow(inbox=inbox, warehouse=warehouse)
    return inbox, warehouse, summary


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The real reports. They are present in development and CI; their absence is an error."""
    if not (CORPUS_DIR / "README.md").exists():
        pytest.fail(
            f"the real-report corpus is missing at {CORPUS_DIR} (set OGI_CORPUS_DIR)", pytrace=False
        )
    return CORPUS_DIR
