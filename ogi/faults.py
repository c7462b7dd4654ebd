"""Which failures are worth another attempt.

Transient: the database file was locked by another process, an I/O error or a timeout, dbt
could not run at all (exit 2) or was killed. Not transient: a failing dbt model or test
(exit 1), a failed quality gate, a bug. The refresh retries the first kind a few times and
fails at once on the second.
"""

from __future__ import annotations

import errno
import subprocess

import duckdb

from ogi.build import DbtBuildFailed

TRANSIENT_ERRNOS = {
    errno.EAGAIN,
    errno.EBUSY,
    errno.EINTR,
    errno.EIO,
    errno.ENOLCK,
    errno.ETIMEDOUT,
    errno.ESTALE,
}


def is_transient(error: BaseException | None) -> bool:
    if isinstance(error, DbtBuildFailed):
        return error.transient
    if isinstance(error, duckdb.IOException):  # e.g. "Could not set lock on file"
        return True
    if isinstance(error, (TimeoutError, ConnectionError, subprocess.TimeoutExpired)):
        return True
    if isinstance(error, OSError):
        return error.errno in TRANSIENT_ERRNOS
    return False
