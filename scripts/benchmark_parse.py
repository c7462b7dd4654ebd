"""Parser speed beside the limit measured in the same run (a benchmark, not a timed test).

Run from the repository root:

    .venv/bin/python scripts/benchmark_parse.py            # a few seconds per measurement
    .venv/bin/python scripts/benchmark_parse.py --quick    # a tiny run, to check it works
    .venv/bin/python scripts/benchmark_parse.py --json bench.json --kind html --kind pdf

For each kind of input, the real reports in the corpus (`$OGI_CORPUS_DIR`, by default
`../shared/corpus`) are loaded into memory and repeated until each measurement runs for about
`--seconds`. Two things are timed on the same bytes:

* the limit: merely reading and tokenising the files. HTML: a lexbor parse that collects every
  td/th cell's text; text: decoding and splitting into lines; PDF: opening with pdfium and
  extracting every page's text;
* the full `ogi.parse.parse_report`.

Both run in one process (reports/s per core) and on every core with a process pool. Every
file counts as one report, whether it ends as a document or as a rejection. The targets, on
all cores (2 on the machine they were set for): HTML parse >= 0.5x the HTML limit measured on
the same cores, plain text >= 2,000 reports/s, PDF >= 20 reports/s. The run then shows where
the parse's time goes: the share of each parser stage (timed by wrapping the stage functions)
and the functions with the most own time under cProfile (which inflates Python-heavy code, so
read its shares, not its times), each with the caller that spends most of it.

Timings are wall-clock and noisy when other work shares the machine. So that a run can be
judged, the load average is printed, and for each measurement the share of their cores the timed
processes actually got and the reports per CPU-second. `--json PATH` writes every figure.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import importlib.metadata
import inspect
import io
import json
import math
import multiprocessing
import os
import platform
import pstats
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
from selectolax.lexbor import LexborHTMLParser

from ogi.parse import Parsed, parse_report

PROJECT_DIR = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path(os.environ.get("OGI_CORPUS_DIR", PROJECT_DIR.parent / "shared" / "corpus"))

# Where each kind's inputs are, relative to the corpus.
INPUTS = {
    "html": [
        "pingtan/2019-pingtan-zone/page.html",
        "pingtan/2022-pingtan-zone/page.html",
        "pingtan/2025-pingtan-zone/page.html",
    ],
    "text": ["seeds/*.txt", "pingtan/*/page.txt"],
    "pdf": ["pdf/*.pdf"],
}
# What "the limit" is for each kind, in words, for the printout.
LIMIT_MEANING = {
    "html": "lexbor parse + every td/th text",
    "text": "decode + splitlines",
    "pdf": "pdfium open + every page's text",
}
# The reference figures, reports/s per core, for comparison with this run's limit.
REFERENCE_LIMIT = {"html": 770.0, "pdf": 60.0}
PDFPLUMBER_REFERENCE = 1.6
# A timed run whose processes got less than this share of their cores was contended.
CONTENDED = 0.8

# Stages of `ogi.parse._parse` are the parser's functions it calls by name, found in its code so
# that the breakdown follows the parser as it changes; each is timed by wrapping that name.
# Nested stages run inside another (not added to the total): (module, name, label, inside).
NESTED_STAGES = [
    (
        "ogi.parse.sources",
        "to_simplified",
        "of which to_simplified (OpenCC + gloss)",
        "read_source",
    ),
]
CORE_STAGES = ["read_source", "read_tables", "identify", "read_narrative"]


def parse_stages() -> list[tuple[str, str, str, str | None]]:
    """(module, name, label, inside) for each stage, in the order `_parse` names them."""
    import ogi.parse

    code = getattr(getattr(ogi.parse, "_parse", None), "__code__", None)
    names = list(code.co_names) if code is not None else CORE_STAGES
    stages: list[tuple[str, str, str, str | None]] = []
    for name in dict.fromkeys(names):
        function = getattr(ogi.parse, name, None)
        if inspect.isfunction(function) and function.__module__.startswith("ogi."):
            stages.append(("ogi.parse", name, name, None))
            stages += [nested for nested in NESTED_STAGES if nested[3] == name]
    return stages


# --- the limits ---------------------------------------------------------------------------


def limit_html(data: bytes) -> int:
    tree = LexborHTMLParser(data)
    return len([cell.text() for cell in tree.css("td, th")])


def limit_text(data: bytes) -> int:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    return len(text.splitlines())


def limit_pdf(data: bytes) -> int:
    pdf = pdfium.PdfDocument(data)
    try:
        characters = 0
        for index in range(len(pdf)):
            page = pdf[index]
            text_page = page.get_textpage()
            characters += len(text_page.get_text_range())
            text_page.close()
            page.close()
        return characters
    finally:
        pdf.close()


LIMITS: dict[str, Callable[[bytes], int]] = {
    "html": limit_html,
    "text": limit_text,
    "pdf": limit_pdf,
}


def outcome(data: bytes, path: str) -> str:
    result = parse_report(data, path)
    return "parsed" if isinstance(result, Parsed) else result.reason_code


def run_passes(pairs: list[tuple[bytes, str]], kind: str, mode: str, passes: int) -> Counter:
    """`passes` passes over the files: the limit's reading, or the full parse (with outcomes)."""
    outcomes: Counter = Counter()
    if mode == "limit":
        limit = LIMITS[kind]
        for _ in range(passes):
            for data, _path in pairs:
                limit(data)
        outcomes["read"] = passes * len(pairs)
    else:
        for _ in range(passes):
            for data, path in pairs:
                outcomes[outcome(data, path)] += 1
    return outcomes


# --- the process pool -----------------------------------------------------------------------

_WORKER_FILES: dict[str, list[tuple[bytes, str]]] = {}


def _init_worker(files: dict[str, list[tuple[bytes, str]]], ready) -> None:
    """Hold the inputs and run each once (imports, OpenCC's dictionaries), then wait for all
    workers, so that the timed runs measure warm workers only."""
    _WORKER_FILES.update(files)
    for kind, pairs in files.items():
        run_passes(pairs, kind, "limit", 1)
        run_passes(pairs, kind, "parse", 1)
    ready.wait()


def _noop(_: int) -> None:
    return None


def _run_task(task: tuple[str, str, int]) -> tuple[Counter, float]:
    """A batch of whole passes, so that the pool's messaging is a negligible share."""
    kind, mode, passes = task
    cpu = time.process_time()
    outcomes = run_passes(_WORKER_FILES[kind], kind, mode, passes)
    return outcomes, time.process_time() - cpu


# --- measuring --------------------------------------------------------------------------------


@dataclass
class Measure:
    """One timed run: how many reports, in how much wall-clock and CPU time, on how many
    processes. `cpu_share` below 1 means the processes did not get their cores the whole time
    (other work on the machine), so the rate understates what the code can do."""

    reports: int
    wall_seconds: float
    cpu_seconds: float
    processes: int

    @property
    def rate(self) -> float:
        return self.reports / self.wall_seconds

    @property
    def cpu_share(self) -> float:
        return self.cpu_seconds / (self.wall_seconds * self.processes)

    def as_dict(self) -> dict:
        return {
            **asdict(self),
            "reports_per_second": self.rate,
            "reports_per_cpu_second": self.reports / max(self.cpu_seconds, 1e-9),
            "cpu_share": self.cpu_share,
        }


@dataclass
class KindResult:
    kind: str
    files: int
    mebibytes: float
    limit_meaning: str
    outcomes: dict[str, int]
    passes: dict[str, int] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    target: str = ""
    target_rate: float = 0.0
    passed: bool = False
    stages: list[dict] = field(default_factory=list)
    profile: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def contended(self) -> bool:
        return any(measure.cpu_share < CONTENDED for measure in self.measures.values())

    def rate(self, name: str) -> float:
        return self.measures[name].rate if name in self.measures else float("nan")

    def as_dict(self) -> dict:
        figures = asdict(self)
        figures["measures"] = {name: m.as_dict() for name, m in self.measures.items()}
        return figures


def load_inputs(corpus: Path, kinds: list[str]) -> dict[str, list[tuple[bytes, str]]]:
    files: dict[str, list[tuple[bytes, str]]] = {}
    for kind in kinds:
        paths = sorted({path for pattern in INPUTS[kind] for path in corpus.glob(pattern)})
        if not paths:
            raise SystemExit(f"no {kind} inputs under {corpus} ({', '.join(INPUTS[kind])})")
        files[kind] = [(path.read_bytes(), str(path.relative_to(corpus))) for path in paths]
    return files


def passes_for(seconds: float, one_pass: float, fixed: int | None) -> int:
    """Passes over the files for a run of about `seconds`, or `fixed` when given."""
    if fixed is not None:
        return max(1, fixed)
    return max(1, math.ceil(seconds / max(one_pass, 1e-6)))


def single_core(pairs: list[tuple[bytes, str]], kind: str, mode: str, passes: int) -> Measure:
    cpu, start = time.process_time(), time.perf_counter()
    run_passes(pairs, kind, mode, passes)
    wall = time.perf_counter() - start
    return Measure(len(pairs) * passes, wall, time.process_time() - cpu, 1)


def all_cores(
    pool, kind: str, mode: str, files: int, passes: int, per_task: int, workers: int
) -> tuple[Measure, Counter]:
    """The same work per worker as `passes` passes in one process, in batches of `per_task`."""
    total = passes * workers
    tasks = [(kind, mode, min(per_task, total - done)) for done in range(0, total, per_task)]
    start = time.perf_counter()
    results = pool.map(_run_task, tasks, chunksize=1)
    wall = time.perf_counter() - start
    outcomes: Counter = Counter()
    for counted, _ in results:
        outcomes.update(counted)
    cpu = sum(seconds for _, seconds in results)
    return Measure(files * total, wall, cpu, workers), outcomes


def stage_breakdown(pairs: list[tuple[bytes, str]], repeat: int) -> tuple[list[dict], list[str]]:
    """Time per report in each parser stage, by wrapping the functions `_parse` calls."""
    spent: dict[str, float] = {}
    originals: list[tuple[object, str, object]] = []
    notes: list[str] = []

    def timed(name: str, function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - start

        return wrapper

    stages = parse_stages()
    for name in CORE_STAGES:
        if name not in {stage[1] for stage in stages}:
            notes.append(f"_parse no longer calls {name}; not timed")
    for module_name, name, _, _ in stages:
        module = importlib.import_module(module_name)
        function = getattr(module, name, None)
        if function is None:
            notes.append(f"{module_name}.{name} does not exist; not timed")
            continue
        originals.append((module, name, function))
        setattr(module, name, timed(name, function))
    try:
        start = time.perf_counter()
        for _ in range(repeat):
            for data, path in pairs:
                parse_report(data, path)
        total = time.perf_counter() - start
    finally:
        for module, name, function in originals:
            setattr(module, name, function)
    reports = len(pairs) * repeat
    rows = []
    top_level = 0.0
    for _, name, label, inside in stages:
        if name not in spent:
            continue  # not called for this kind
        if inside is None:
            top_level += spent[name]
        rows.append(
            {
                "stage": f"  {label}" if inside else label,
                "ms_per_report": spent[name] / reports * 1000,
                "share": spent[name] / total,
            }
        )
    rest = max(total - top_level, 0.0)
    rows.append(
        {
            "stage": "rest (_parse itself: building the document ...)",
            "ms_per_report": rest / reports * 1000,
            "share": rest / total,
        }
    )
    rows.append({"stage": "total", "ms_per_report": total / reports * 1000, "share": 1.0})
    return rows, notes


def _where(key: tuple[str, int, str]) -> str:
    """A profiled function, short: `ogi/parse/tables.py:119(<genexpr>)`, `re.Pattern.sub`."""
    filename, line, function = key
    if filename == "~":  # a builtin: "<method 'sub' of 're.Pattern' objects>"
        if function.startswith("<method '") and " of '" in function:
            method, owner = function[len("<method '") :].split("' of '", 1)
            return f"{owner.split(chr(39))[0]}.{method}"
        return function.removeprefix("<built-in method ").removesuffix(">")
    path = Path(filename)
    if "site-packages" in path.parts:
        shown = "/".join(path.parts[path.parts.index("site-packages") + 1 :])
    elif "ogi" in path.parts:
        shown = "/".join(path.parts[len(path.parts) - path.parts[::-1].index("ogi") :])
    else:
        shown = "/".join(path.parts[-2:])
    return f"{shown}:{line}({function})"


def profile_top(pairs: list[tuple[bytes, str]], repeat: int, count: int) -> list[dict]:
    """The functions with the most own time under cProfile, with their share of the total."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        for data, path in pairs:
            parse_report(data, path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt or 1e-9
    reports = len(pairs) * repeat
    entries = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)
    rows = []
    for key, (_, calls, own, cumulative, callers) in entries[:count]:
        # The caller that spent most of this function's own time, e.g. which code calls re.sub.
        # When that caller is a thin helper (halfwidth around unicodedata.normalize), the
        # helper's own main caller, by cumulative time, is named too.
        caller = None
        if callers and own > 0:
            top_key, top = max(callers.items(), key=lambda item: item[1][2])
            caller = f"{_where(top_key)} {top[2] / own:.0%}"
            helper = stats.stats.get(top_key)
            if (
                helper
                and helper[4]
                and top[2] / own >= 0.9
                and helper[2] < 0.5 * helper[3]
                and "ogi" in Path(top_key[0]).parts
                and "parse" not in Path(top_key[0]).parts
            ):
                grand_key, grand = max(helper[4].items(), key=lambda item: item[1][3])
                caller += f" <- {_where(grand_key)} {grand[3] / (helper[3] or 1e-9):.0%}"
        rows.append(
            {
                "function": _where(key),
                "calls_per_report": calls / reports,
                "own_share": own / total,
                "cumulative_share": cumulative / total,
                "main_caller": caller,
            }
        )
    return rows


def pdfplumber_rate(pairs: list[tuple[bytes, str]]) -> float | None:
    """pdfplumber's word extraction, reports/s per core, when it is installed (it is not a
    dependency; the issue quotes about 1.6/s)."""
    try:
        import pdfplumber
    except ImportError:
        return None

    def words(data: bytes, _: str) -> None:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.extract_words()

    start = time.perf_counter()
    for data, path in pairs:
        words(data, path)
    return len(pairs) / (time.perf_counter() - start)


# --- reporting --------------------------------------------------------------------------------


def machine() -> dict:
    versions = {}
    for package in ("duckdb", "selectolax", "pypdfium2", "opencc", "python-docx"):
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    try:
        import pypdfium2.version

        versions["pdfium"] = str(pypdfium2.version.PDFIUM_INFO)
    except (ImportError, AttributeError):
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable,
        "processor": platform.processor() or platform.machine(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "versions": versions,
    }


def judge(result: KindResult) -> None:
    if result.kind == "html":
        result.target_rate = 0.5 * result.rate("limit_all_cores")
        result.target = f">= 0.5x limit = {result.target_rate:,.0f}/s"
    elif result.kind == "text":
        result.target_rate = 2000.0
        result.target = ">= 2,000/s"
    else:
        result.target_rate = 20.0
        result.target = ">= 20/s"
    result.passed = result.rate("parse_all_cores") >= result.target_rate


def print_table(results: list[KindResult], workers: int) -> None:
    cores = f"{workers} cores"
    print(f"{'':<5} {'':>5} {'':>5} {'-- per core (1 process) --':^27} {f'-- on {cores} --':^31}")
    print(
        f"{'kind':<5} {'files':>5} {'MiB':>5} {'limit/s':>8} {'parse/s':>8} {'ratio':>9} "
        f"{'limit/s':>9} {'parse/s':>9} {'ratio':>11}  {'target on ' + cores:<27} result"
    )
    for r in results:
        print(
            f"{r.kind:<5} {r.files:>5} {r.mebibytes:>5.2f} {r.rate('limit_per_core'):>8,.1f} "
            f"{r.rate('parse_per_core'):>8,.1f} "
            f"{r.rate('parse_per_core') / r.rate('limit_per_core'):>8.3f}x "
            f"{r.rate('limit_all_cores'):>9,.1f} {r.rate('parse_all_cores'):>9,.1f} "
            f"{r.rate('parse_all_cores') / r.rate('limit_all_cores'):>10.3f}x  "
            f"{r.target:<27} {'PASS' if r.passed else 'FAIL'}" + (" *" if r.contended else "")
        )
    print("(reports/s, wall clock; ratio = parse / limit; a rejected file counts as a report)")
    if any(r.contended for r in results):
        print(
            f"* a timed run got less than {CONTENDED:.0%} of its cores (other work on the "
            "machine): its rates understate the code; see the CPU shares below"
        )


def print_details(result: KindResult) -> None:
    outcomes = ", ".join(f"{code} {count}" for code, count in sorted(result.outcomes.items()))
    print(f"\n[{result.kind}] limit = {result.limit_meaning}")
    print(f"  outcomes of one pass over the {result.files} files: {outcomes}")
    print(
        "  CPU share the timed processes got (1.0 = their cores throughout): "
        + ", ".join(f"{name} {measure.cpu_share:.2f}" for name, measure in result.measures.items())
    )
    print(
        "  reports per CPU-second (less sensitive to other work on the machine): "
        + ", ".join(
            f"{name} {measure.reports / max(measure.cpu_seconds, 1e-9):,.1f}"
            for name, measure in result.measures.items()
        )
    )
    print(
        "  passes per process: "
        + ", ".join(f"{name} {count}" for name, count in result.passes.items())
    )
    if result.kind in REFERENCE_LIMIT:
        print(
            f"  the issue's limit: about {REFERENCE_LIMIT[result.kind]:,.0f}/s per core; "
            f"this run's: {result.rate('limit_per_core'):,.1f}/s per core"
        )
    for note in result.notes:
        print(f"  note: {note}")
    print("  where the parse's time goes (stage functions, wall clock):")
    for row in result.stages:
        print(f"    {row['stage']:<48} {row['ms_per_report']:>8.3f} ms/report {row['share']:>6.1%}")
    print("  most own time under cProfile (share of profiled time, own and cumulative):")
    for row in result.profile:
        print(
            f"    {row['own_share']:>6.1%} {row['cumulative_share']:>6.1%} "
            f"{row['calls_per_report']:>8.1f} calls/report  {row['function']}"
            + (f"  <- {row['main_caller']}" if row["main_caller"] else "")
        )


def measure_kind(
    kind: str,
    pairs: list[tuple[bytes, str]],
    seconds: float,
    fixed: int | None,
    args: argparse.Namespace,
) -> KindResult:
    """Everything measured in this process for one kind; the pool's runs come later."""
    outcomes = run_passes(pairs, kind, "parse", 1)  # also warms up (imports, OpenCC)
    run_passes(pairs, kind, "limit", 1)
    result = KindResult(
        kind=kind,
        files=len(pairs),
        mebibytes=sum(len(data) for data, _ in pairs) / 2**20,
        limit_meaning=LIMIT_MEANING[kind],
        outcomes=dict(outcomes),
    )
    for mode in ("limit", "parse"):
        one_pass = single_core(pairs, kind, mode, 1).wall_seconds
        result.passes[mode] = passes_for(seconds, one_pass, fixed)
        # The pool gets batches of whole passes lasting about 50 ms each.
        result.passes[f"{mode}_per_task"] = max(
            1, min(result.passes[mode], math.ceil(0.05 / max(one_pass, 1e-6)))
        )
        result.measures[f"{mode}_per_core"] = single_core(pairs, kind, mode, result.passes[mode])
    profile_passes = passes_for(
        seconds / 2, result.measures["parse_per_core"].wall_seconds / result.passes["parse"], fixed
    )
    result.stages, result.notes = stage_breakdown(pairs, profile_passes)
    result.profile = profile_top(pairs, profile_passes, args.top)
    if kind == "pdf":
        rate = None if args.quick else pdfplumber_rate(pairs)
        result.notes.append(
            f"pdfplumber word extraction: {rate:,.2f}/s per core"
            if rate is not None
            else "pdfplumber not measured (not installed, or --quick); the issue quotes about "
            f"{PDFPLUMBER_REFERENCE}/s per core"
        )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the report corpus")
    parser.add_argument(
        "--kind", action="append", choices=list(INPUTS), help="only this kind (repeatable)"
    )
    parser.add_argument(
        "--seconds", type=float, default=2.0, help="about how long each measurement runs"
    )
    parser.add_argument(
        "--repeat", type=int, help="passes over the files per measurement (default: by --seconds)"
    )
    parser.add_argument("--quick", action="store_true", help="a tiny run (0.2 s per measurement)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="pool size")
    parser.add_argument("--top", type=int, default=8, help="functions to show from cProfile")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this path")
    args = parser.parse_args(argv)
    seconds = 0.2 if args.quick else args.seconds
    kinds = args.kind or list(INPUTS)
    workers = max(1, args.workers)

    info = machine()
    print(
        f"machine: {info['cpu_count']} CPUs ({info['usable_cpus']} usable), {info['processor']}, "
        f"{info['platform']}; Python {info['python']}"
    )
    print(
        "versions: " + ", ".join(f"{name} {version}" for name, version in info["versions"].items())
    )
    if info["load_average"]:
        print("load average at start: " + " ".join(f"{load:.2f}" for load in info["load_average"]))

    files = load_inputs(args.corpus, kinds)
    results = {
        kind: measure_kind(kind, pairs, seconds, args.repeat, args) for kind, pairs in files.items()
    }

    # The workers are started once, hold every input, and are warm before any timing.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    ready = context.Barrier(workers)
    with context.Pool(workers, initializer=_init_worker, initargs=(files, ready)) as pool:
        pool.map(_noop, range(workers))  # returns only once every worker is past the barrier
        for kind, result in results.items():
            pooled: dict[str, Counter] = {}
            for mode in ("limit", "parse"):
                measure, pooled[mode] = all_cores(
                    pool,
                    kind,
                    mode,
                    result.files,
                    result.passes[mode],
                    result.passes[f"{mode}_per_task"],
                    workers,
                )
                result.measures[f"{mode}_all_cores"] = measure
            expected = Counter(
                {code: n * result.passes["parse"] * workers for code, n in result.outcomes.items()}
            )
            if pooled["parse"] != expected:
                result.notes.append(
                    f"the pool's outcomes differ from one process's: {dict(pooled['parse'])}"
                )
            judge(result)

    print()
    print_table(list(results.values()), workers)
    for result in results.values():
        print_details(result)
    if info["load_average"]:
        print("\nload average at end: " + " ".join(f"{load:.2f}" for load in os.getloadavg()))

    if args.json:
        payload = {
            "machine": info,
            "workers": workers,
            "seconds_per_measurement": seconds,
            "kinds": {kind: result.as_dict() for kind, result in results.items()},
        }
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
