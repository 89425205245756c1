"""Run one factcheck command many times in this process, for the tests that need several
processes on one database at once.

    python -m tests.cli_loop COUNT -- ARG... ({i} in an argument becomes the run's number)

Every run is a whole command-line invocation (parsing, its own engine, connection and
transaction, the error handler), as `factcheck ARG...` would do in a process of its own; only
the interpreter start-up is shared. The process prints ``ready`` once it has loaded the
program, waits for a line on stdin so that all the processes of a test start together, then
prints one JSON line per run: its number, exit code, stdout and stderr.
"""

import functools
import json
import sys

import typer.main
import typer.testing
from typer.testing import CliRunner

from factcheck.cli import app

# As in tests/conftest.py: build the command tree once, not once per run.
typer.testing._get_command = functools.cache(typer.main.get_command)  # type: ignore[attr-defined]


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    count = int(argv[0])
    if argv[1:2] != ["--"]:
        raise SystemExit("usage: python -m tests.cli_loop COUNT -- ARG...")
    template = argv[2:]
    runner = CliRunner()
    runner.invoke(app, ["--help"])
    say("ready")
    sys.stdin.readline()
    for number in range(count):
        args = [arg.replace("{i}", str(number)) for arg in template]
        result = runner.invoke(app, args)
        record = {
            "run": number,
            "exit_code": result.exit_code,
            "stdout": result.stdout,
            "stderr": result.stderr,
            "exception": None if result.exception is None else repr(result.exception),
        }
        say(json.dumps(record))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
