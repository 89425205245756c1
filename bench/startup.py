"""Start-up: ``factcheck --help`` and ``--version`` against ``python -c pass``, and
``factcheck claim add`` on an existing database against a minimal SQLAlchemy + Typer script
that inserts one row (bench/minimal_insert.py). Wall time of fresh processes."""

import sys

from bench.common import (
    BENCH_DIR,
    Figure,
    Options,
    factcheck_command,
    interleaved,
    median,
    migrated_sqlite,
    run,
    run_measured,
)

NAME = "startup"
HELP_TARGET = 6.0
CLAIM_ADD_TARGET = 1.3
SPEAKER = "Donald Trump"


def measure(options: Options) -> list[Figure]:
    # At least 10 repeats: a process start is short and the machine is noisy.
    repeats = max(10, options.repeats * 2) if not options.quick else 7
    factcheck = factcheck_command()
    python_pass = [sys.executable, "-c", "pass"]
    figures = []
    for flag in ("--help", "--version"):
        subjects, baselines = interleaved(
            lambda flag=flag: run_measured([*factcheck, flag]).seconds,  # type: ignore[misc]
            lambda: run_measured(python_pass).seconds,
            repeats,
        )
        figures.append(
            _ratio(
                f"factcheck {flag} vs python -c pass",
                subjects,
                baselines,
                HELP_TARGET,
                "factcheck",
                "python -c pass",
            )
        )
    figures.append(_claim_add(options, factcheck, repeats))
    return figures


def _claim_add(options: Options, factcheck: list[str], repeats: int) -> Figure:
    database = options.workdir / "startup.db"
    database.unlink(missing_ok=True)
    migrated = migrated_sqlite(options.workdir / f"empty-{_head()}.db")
    database.write_bytes(migrated.read_bytes())
    url = f"sqlite:///{database}"
    run([*factcheck, "--db", url, "actor", "add", SPEAKER])
    speaker_id = "1"
    text = "North Korea wanted the sanctions lifted in their entirety."
    subjects, baselines = interleaved(
        lambda: (
            run_measured(
                [*factcheck, "--db", url, "claim", "add", text, "--speaker", SPEAKER]
            ).seconds
        ),
        lambda: (
            run_measured(
                [sys.executable, str(BENCH_DIR / "minimal_insert.py"), url, speaker_id, text]
            ).seconds
        ),
        repeats,
    )
    return _ratio(
        "factcheck claim add vs a minimal SQLAlchemy + Typer insert",
        subjects,
        baselines,
        CLAIM_ADD_TARGET,
        "claim add",
        "minimal script",
    )


def _head() -> str:
    from bench.common import schema_head

    return schema_head()


def _ratio(
    name: str,
    subjects: list[float],
    baselines: list[float],
    target: float,
    subject_label: str,
    baseline_label: str,
) -> Figure:
    subject, baseline = median(subjects), median(baselines)
    return Figure(
        name=name,
        value=subject / baseline,
        unit="x",
        target=target,
        detail=f"{subject_label} {subject * 1000:.0f} ms, {baseline_label} {baseline * 1000:.0f}"
        " ms (medians)",
        runs=len(subjects),
    )
