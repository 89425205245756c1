"""The command line starts fast, and every command explains itself with an example."""

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest
import typer
from typer.core import TyperGroup

from factcheck import __version__
from factcheck.cli import app
from tests.conftest import invoke

# Runs the command line in a fresh interpreter, then reports which heavy modules it loaded.
PROBE = """
import json, sys
sys.argv = ["factcheck", *json.loads(sys.argv[1])]
from factcheck.cli import main
code = 0
try:
    main()
except SystemExit as exit:
    code = exit.code
loaded = sorted(name for name in ("sqlalchemy", "alembic") if name in sys.modules)
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""


def run_probe(*args: str) -> tuple[dict[str, object], str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stderr.splitlines()[-1]), done.stdout


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("db", "--help")], ids=" ".join)
def test_help_and_version_do_not_import_the_database_layer(args: tuple[str, ...]) -> None:
    report, stdout = run_probe(*args)
    assert report == {"code": 0, "loaded": []}
    assert stdout.strip()


def test_everyday_commands_check_the_schema_without_importing_alembic(db_env: str) -> None:
    report, stdout = run_probe("actor", "add", "Ri Yong Ho")
    assert report == {"code": 0, "loaded": ["sqlalchemy"]}
    assert stdout.strip().isdigit()


def test_python_m_factcheck_prints_the_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "factcheck", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"factcheck {__version__}\n"


def walk(command: object, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], bool]]:
    """Every command below ``command``, with its path and whether it is a group."""
    if not isinstance(command, TyperGroup):
        yield path, False
        return
    if path:
        yield path, True
    context = typer.Context(command)
    for name in sorted(command.list_commands(context)):
        yield from walk(command.get_command(context, name), (*path, name))


COMMANDS = list(walk(typer.main.get_command(app)))
LEAVES = [path for path, is_group in COMMANDS if not is_group]
GROUPS = [path for path, is_group in COMMANDS if is_group]


def test_the_walk_finds_the_db_commands() -> None:
    assert {
        ("db", name) for name in ("current", "upgrade", "downgrade", "check", "history")
    } <= set(LEAVES)
    assert ("db",) in GROUPS


@pytest.mark.parametrize("path", LEAVES, ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = invoke(*path, "--help")
    assert result.exit_code == 0, result.stderr
    assert "Example" in result.stdout


@pytest.mark.parametrize("path", [(), *GROUPS], ids=lambda path: " ".join(path) or "factcheck")
def test_every_group_has_help_listing_its_commands(path: tuple[str, ...]) -> None:
    group: object = typer.main.get_command(app)
    for name in path:
        assert isinstance(group, TyperGroup)
        group = group.get_command(typer.Context(group), name)
    assert isinstance(group, TyperGroup)
    result = invoke(*path, "--help")
    assert result.exit_code == 0, result.stderr
    for name in group.list_commands(typer.Context(group)):
        assert name in result.stdout
