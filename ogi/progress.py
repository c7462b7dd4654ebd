"""Progress of the long steps (files parsed, dbt nodes built) for a person at a terminal.

Shown only when stderr is a terminal and the run is not in CI; everywhere else every call
here does nothing, so logs and CI output stay quiet. `OGI_PROGRESS=1` / `OGI_PROGRESS=0`
forces it on or off.

    with progress.display():                       # the flow, around the whole run
        bar = progress.bar("files parsed", total=120)
        bar.advance()                               # from any thread of the run
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import IO

_lock = threading.Lock()
_current = None  # the active rich Progress, or None


def enabled(stream: IO | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to draw progress: a terminal, not CI, not a dumb terminal (or OGI_PROGRESS)."""
    environ = os.environ if environ is None else environ
    forced = environ.get("OGI_PROGRESS", "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    if environ.get("CI") or environ.get("TERM") == "dumb":
        return False
    stream = sys.stderr if stream is None else stream
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Bar:
    """One line of the display. A disabled bar (no display) ignores every call."""

    def __init__(self, progress=None, task_id=None) -> None:
        self._progress, self._task_id = progress, task_id

    def advance(self, amount: int = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._task_id, amount)

    def update(self, **fields) -> None:
        """rich fields: total=, description=, completed= ..."""
        if self._progress is not None:
            self._progress.update(self._task_id, **fields)


_bars: dict[str, Bar] = {}


def bar(description: str, total: int | None = None, key: str | None = None) -> Bar:
    """A new line on the active display (a no-op bar when nothing is displayed).

    It can be found again with `named(key or description)`, e.g. from a task's thread."""
    with _lock:
        if _current is None:
            return Bar()
        new = Bar(_current, _current.add_task(description, total=total))
        _bars[key or description] = new
        return new


def named(key: str) -> Bar:
    """The bar created under `key` on the active display, or a no-op bar."""
    with _lock:
        return _bars.get(key) or Bar()


@contextmanager
def display(console=None, force: bool | None = None) -> Iterator[bool]:
    """Show the bars created inside this block; yields whether anything is shown.

    `console` (a rich Console) and `force` exist for tests; by default the display draws on
    stderr when `enabled()`.
    """
    global _current
    show = enabled() if force is None else force
    if not show or _current is not None:  # nested: the outer display already shows the bars
        yield show and _current is not None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    progress = Progress(
        TextColumn("{task.description:<26}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console or Console(stderr=True),
    )
    with progress:
        with _lock:
            _current = progress
        try:
            yield True
        finally:
            with _lock:
                _current = None
                _bars.clear()
