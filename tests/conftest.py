import os
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
os.environ.setdefault("PREFECT_HOME", str(PROJECT_DIR / ".prefect"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

CORPUS_DIR = Path(os.environ.get("OGI_CORPUS_DIR", PROJECT_DIR.parent / "shared" / "corpus"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The real reports. They are present in development and CI; their absence is an error."""
    if not (CORPUS_DIR / "README.md").exists():
        pytest.fail(
            f"the real-report corpus is missing at {CORPUS_DIR} (set OGI_CORPUS_DIR)", pytrace=False
        )
    return CORPUS_DIR
