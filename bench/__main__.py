"""``python -m bench``: run the benchmarks, print each figure with its target, write RESULTS.md.

    python -m bench                      # every benchmark at full size; writes bench/RESULTS.md
    python -m bench --quick              # small sizes, a few minutes: checks that the suite runs
    python -m bench --only startup --only report
    python -m bench --size 20000 --postgres postgresql://postgres@127.0.0.1:5432/fc_bench

A full run exits 1 when a figure misses its target; ``--quick`` never does (its sizes are too
small for the targets to mean anything), only when a benchmark breaks.
"""

import argparse
import importlib
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench.common import BENCH_DIR, Figure, Options, Outcome, Skipped, machine, say

# Run in this order: cheap ones first, so that a broken suite shows early.
BENCHMARKS = ("startup", "import_sqlite", "import_postgres", "report", "search")
FULL_SIZE = 100_000
QUICK_SIZE = 2_000
POSTGRES_ENV = "FACTCHECK_BENCH_POSTGRES_URL"


def parse(argv: list[str]) -> tuple[Options, list[str], Path | None]:
    import os

    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (for CI)")
    parser.add_argument(
        "--size",
        type=int,
        help=f"claims in the main data set (default {FULL_SIZE:,}; {QUICK_SIZE:,} with"
        " --quick); the large data set has ten times as many",
    )
    parser.add_argument("--repeats", type=int, help="repeats per figure (default 5; 3 quick)")
    parser.add_argument(
        "--only",
        action="append",
        choices=BENCHMARKS,
        metavar="NAME",
        help=f"run only this benchmark (repeatable): {', '.join(BENCHMARKS)}",
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        default=os.environ.get(POSTGRES_ENV),
        help=f"a PostgreSQL database the import benchmark may empty (default ${POSTGRES_ENV})",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "factcheck-bench",
        help="where generated data and databases are kept between runs",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="results file (default bench/RESULTS.md for a full run, none for --quick)",
    )
    args = parser.parse_args(argv)
    size = args.size or (QUICK_SIZE if args.quick else FULL_SIZE)
    repeats = args.repeats or (3 if args.quick else 5)
    args.workdir.mkdir(parents=True, exist_ok=True)
    options = Options(args.quick, size, repeats, args.workdir, args.postgres)
    output = args.output or (None if args.quick else BENCH_DIR / "RESULTS.md")
    return options, args.only or list(BENCHMARKS), output


def run_one(name: str, options: Options) -> Outcome:
    outcome = Outcome(name)
    started = time.perf_counter()
    say(f"== {name}")
    try:
        module = importlib.import_module(f"bench.{name}")
        outcome.figures = module.measure(options)
    except Skipped as skipped:
        outcome.skipped = str(skipped)
    outcome.seconds = time.perf_counter() - started
    return outcome


def show(outcome: Outcome) -> None:
    if outcome.skipped:
        print(f"{outcome.benchmark}: skipped: {outcome.skipped}", flush=True)
        return
    for figure in outcome.figures:
        verdict = "pass" if figure.passed else "FAIL"
        print(
            f"{outcome.benchmark}: {figure.name}: {figure.shown()} (target {figure.goal()})"
            f" {verdict}  [{figure.detail}; {figure.runs} runs]",
            flush=True,
        )


def write_results(path: Path, options: Options, outcomes: list[Outcome], argv: list[str]) -> None:
    lines = [
        "# Benchmark results",
        "",
        "Written by `python -m bench` (bench/README.md explains each figure). Each figure is a"
        " ratio to a baseline measured in the same run, or a time in milliseconds; medians of"
        " the runs shown.",
        "",
        f"Command: `python -m bench{' ' + ' '.join(argv) if argv else ''}`; main data set"
        f" {options.size:,} claims, large {options.large:,}.",
        "",
        "| Machine | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in machine()),
        "",
        "| Benchmark | Figure | Measured | Target | Result | Runs | Detail |",
        "|---|---|---|---|---|---|---|",
    ]
    for outcome in outcomes:
        if outcome.skipped:
            lines.append(f"| {outcome.benchmark} | | | | skipped: {outcome.skipped} | | |")
        for figure in outcome.figures:
            result = "pass" if figure.passed else "**fail**"
            lines.append(
                f"| {outcome.benchmark} | {figure.name} | {figure.shown()} | {figure.goal()}"
                f" | {result} | {figure.runs} | {figure.detail} |"
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    options, names, output = parse(argv)
    outcomes: list[Outcome] = []
    broken = False
    for name in names:
        try:
            outcome = run_one(name, options)
        except Exception:
            traceback.print_exc()
            broken = True
            continue
        show(outcome)
        outcomes.append(outcome)
    if output:
        write_results(output, options, outcomes, argv)
        say(f"results written to {output}")
    figures: list[Figure] = [figure for outcome in outcomes for figure in outcome.figures]
    missed = [figure for figure in figures if not figure.passed]
    if broken:
        return 2
    return 0 if options.quick or not missed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
