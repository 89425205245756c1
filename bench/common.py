"""What every benchmark shares: options, figures, timing, peak memory and the machine."""

import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"


class Skipped(Exception):
    """The feature a benchmark measures is not there (yet), or its service is unreachable."""


@dataclass(frozen=True)
class Options:
    quick: bool
    # Claims in the main data set; the large one has ten times as many.
    size: int
    repeats: int
    workdir: Path
    postgres_url: str | None

    @property
    def large(self) -> int:
        return self.size * 10

    @property
    def large_repeats(self) -> int:
        """Repeats at the large size: as many as at the main size (at least 5), but one with
        ``--quick``, whose large size only checks that the benchmark runs."""
        return 1 if self.quick else max(5, self.repeats)


@dataclass
class Figure:
    """One measured figure with its target. ``higher`` is for figures that must reach the
    target (a speed-up) rather than stay under it (a ratio of times, milliseconds)."""

    name: str
    value: float
    unit: str
    target: float
    detail: str
    higher: bool = False
    runs: int = 0

    @property
    def passed(self) -> bool:
        return self.value >= self.target if self.higher else self.value <= self.target

    def shown(self) -> str:
        return (
            f"{self.value:.2f}{self.unit}" if self.unit == "x" else f"{self.value:.1f} {self.unit}"
        )

    def goal(self) -> str:
        sign = ">=" if self.higher else "<="
        return (
            f"{sign} {self.target:g}{self.unit}"
            if self.unit == "x"
            else (f"{sign} {self.target:g} {self.unit}")
        )


@dataclass
class Outcome:
    benchmark: str
    figures: list[Figure] = field(default_factory=list)
    skipped: str | None = None
    seconds: float = 0.0


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def factcheck_command() -> list[str]:
    """The installed ``factcheck`` script next to this Python, else ``python -m factcheck``."""
    script = Path(sys.executable).with_name("factcheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "factcheck"]


def bench_env() -> dict[str, str]:
    """The environment for the programs measured: no user settings, the repository importable
    (for the baseline scripts in bench/)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    # Installed packages run from cached bytecode; so must the code measured here.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(ROOT)
    env["FACTCHECK_USER"] = "bench"
    return env


@dataclass(frozen=True)
class Run:
    seconds: float
    # Peak resident memory of the process, in MiB (getrusage's ru_maxrss of that child).
    peak_mib: float
    stdout: str
    # User plus system CPU time of the child (from wait4; 0 where not measured): steadier
    # than wall time on a loaded machine, shown beside it.
    cpu_seconds: float = 0.0


def run(command: Sequence[str], *, timeout: float = 7200) -> Run:
    """Run ``command`` to completion (setting things up); its wall time and output."""
    started = time.perf_counter()
    done = subprocess.run(
        list(command), capture_output=True, env=bench_env(), cwd=ROOT, timeout=timeout
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        stderr = done.stderr.decode(errors="replace")[-2000:]
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {stderr}")
    return Run(seconds, 0.0, done.stdout.decode(errors="replace"))


def run_measured(command: Sequence[str], *, timeout: float = 7200) -> Run:
    """Like ``run``, with the command's own peak memory and CPU time (see bench/peak.py).

    Output goes to files rather than pipes, so that waiting cannot deadlock on a full pipe.
    """
    base = Path(tempfile.gettempdir()) / f"factcheck-bench-{os.getpid()}"
    out_path, err_path, result_path = (base.with_suffix(s) for s in (".out", ".err", ".json"))
    with out_path.open("wb") as out, err_path.open("wb") as err:
        done = subprocess.run(
            [sys.executable, "-m", "bench.peak", str(result_path), *command],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=bench_env(),
            cwd=ROOT,
            timeout=timeout,
        )
    stdout = out_path.read_text(errors="replace")
    stderr = err_path.read_text(errors="replace")
    out_path.unlink()
    err_path.unlink()
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {stderr[-2000:]}")
    measured = json.loads(result_path.read_text())
    result_path.unlink()
    return Run(measured["seconds"], measured["peak_mib"], stdout, measured["cpu_seconds"])


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def interleaved(
    subject: Callable[[], float], baseline: Callable[[], float], repeats: int
) -> tuple[list[float], list[float]]:
    """Both measured ``repeats`` times, alternately, so that a slow spell of a shared machine
    falls on both rather than on one."""
    subjects: list[float] = []
    baselines: list[float] = []
    for index in range(repeats):
        if index % 2:
            baselines.append(baseline())
            subjects.append(subject())
        else:
            subjects.append(subject())
            baselines.append(baseline())
    return subjects, baselines


def migrated_sqlite(path: Path) -> Path:
    """An empty database at the schema head, made by ``factcheck db upgrade``; cached."""
    if not path.exists():
        partial = path.with_suffix(".partial.db")
        partial.unlink(missing_ok=True)
        run([*factcheck_command(), "--db", f"sqlite:///{partial}", "db", "upgrade"])
        partial.rename(path)
    return path


def schema_head() -> str:
    from factcheck.schema import HEAD

    return HEAD


def copy_database(template: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, target)
    return target


def machine() -> list[tuple[str, str]]:
    """What the figures were measured on."""
    return [
        ("CPU", _cpu_model()),
        ("Cores", str(os.cpu_count())),
        ("RAM", _memory()),
        ("OS", f"{platform.system()} {platform.release()} {platform.machine()}"),
        ("Python", platform.python_version()),
        ("SQLite", sqlite3.sqlite_version),
        ("PostgreSQL", _postgres_version()),
        ("SQLAlchemy", _package_version("sqlalchemy")),
        ("Typer", _package_version("typer")),
        ("psycopg", _package_version("psycopg")),
        ("Date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
    ]


_POSTGRES_VERSION: list[str] = []


def remember_postgres_version(version: str) -> None:
    _POSTGRES_VERSION.append(version)


def _postgres_version() -> str:
    return _POSTGRES_VERSION[-1] if _POSTGRES_VERSION else "not measured"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def filled_sqlite(options: Options, size: int) -> Path:
    """A database at the schema head holding the synthetic data set of ``size`` claims,
    written with bulk SQL (bench.data.fill_sqlite); kept in the work directory."""
    from bench import data

    head = schema_head()
    path = options.workdir / f"filled-{size}-{head}-v{data.DATA_VERSION}.db"
    if not path.exists():
        say(f"   filling a database with {size:,} claims")
        template = migrated_sqlite(options.workdir / f"empty-{head}.db")
        partial = path.with_suffix(".partial.db")
        copy_database(template, partial)
        data.fill_sqlite(data.Shape(size), partial)
        partial.rename(path)
    return path


def invoke_cli(args: Sequence[str]) -> tuple[int, str]:
    """Run the command line inside this process (modules already imported, as in a warm
    shell): the command's own work, without the interpreter's start-up."""
    from typer.testing import CliRunner

    from factcheck.cli import app

    result = CliRunner().invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout
