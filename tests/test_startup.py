"""The command line starts fast, and every command explains itself with an example."""

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
import typer
from typer.core import TyperGroup

from factcheck import __version__, config
from factcheck.cli import app, commands
from factcheck.cli.app import load_command
from tests.conftest import invoke

# Runs the command line in a fresh interpreter, then reports which of the modules named in
# its second argument it loaded.
PROBE = """
import json, sys
watched = json.loads(sys.argv[2])
sys.argv = ["factcheck", *json.loads(sys.argv[1])]
from factcheck.cli import main
code = 0
try:
    main()
except SystemExit as exit:
    code = exit.code
loaded = sorted(name for name in watched if name in sys.modules)
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""


HEAVY = ("sqlalchemy", "alembic")


def run_probe(*args: str, watched: tuple[str, ...] = HEAVY) -> tuple[dict[str, object], str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(watched)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stderr.splitlines()[-1]), done.stdout


@pytest.mark.parametrize("args", [("--help",), ("-h",), ("--version",)], ids=" ".join)
def test_help_and_version_import_neither_typer_nor_the_database_layer(
    args: tuple[str, ...],
) -> None:
    report, stdout = run_probe(*args, watched=(*HEAVY, "typer"))
    assert report == {"code": 0, "loaded": []}
    assert stdout.strip()


def test_no_arguments_print_the_help_and_exit_2_without_typer() -> None:
    report, stdout = run_probe(watched=(*HEAVY, "typer"))
    assert report == {"code": 2, "loaded": []}
    assert stdout == commands.root_help(80) + "\n"


def test_a_group_help_does_not_import_the_database_layer() -> None:
    report, stdout = run_probe("db", "--help")
    assert report == {"code": 0, "loaded": []}
    assert "upgrade" in stdout


@pytest.mark.parametrize(
    "args",
    [
        ("actor", "add", "Ri Yong Ho"),
        ("claim", "add", "The talks ended early.", "--speaker", "Ri Yong Ho", "--new"),
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_everyday_commands_check_the_schema_without_importing_alembic(
    db_env: str, args: tuple[str, ...]
) -> None:
    report, stdout = run_probe(*args, watched=(*HEAVY, "factcheck.models.ratings"))
    assert report == {"code": 0, "loaded": ["sqlalchemy"]}
    assert stdout.strip().isdigit()


MODELS = tuple(
    f"factcheck.models.{name}" for name in ("actors", "changelog", "claims", "ratings", "sources")
)


def test_claim_add_maps_no_model_class(db_env: str) -> None:
    """Adding a claim by a known speaker writes plain rows (services/rows.py)."""
    run_probe("actor", "add", "Ri Yong Ho")
    report, stdout = run_probe(
        *("claim", "add", "We asked for partial relief.", "--speaker", "ri yong ho"),
        *("--topic", "Sanctions", "--said", "2019-03-01", "--quote"),
        watched=(*HEAVY, *MODELS),
    )
    assert report == {"code": 0, "loaded": ["sqlalchemy"]}
    assert stdout.strip() == "1"


def test_what_claim_add_creates_besides_the_claim_is_logged(db_env: str) -> None:
    """A new source goes through the ORM, which logs it even though the claim itself is
    written as plain rows."""
    run_probe("actor", "add", "Ri Yong Ho")
    report, _ = run_probe(
        *("claim", "add", "We asked for partial relief.", "--speaker", "Ri Yong Ho"),
        *("--source", "https://example.org/ri", "--topic", "Sanctions"),
        watched=HEAVY,
    )
    assert report["code"] == 0
    report, stdout = run_probe("log", "--format", "csv", watched=HEAVY)
    logged = [line.split(",")[3:5] for line in stdout.splitlines()[1:]]
    assert sorted(logged) == [
        ["insert", "actor:1"],
        ["insert", "claim:1"],
        ["insert", "source:1"],
        ["insert", "topic:1"],
    ]


def test_the_help_printed_without_typer_is_the_help_typer_prints() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "factcheck", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert done.returncode == 0, done.stderr
    result = invoke("--help")
    assert result.exit_code == 0, result.stderr
    assert done.stdout == result.stdout == commands.root_help(80) + "\n"


def test_the_help_wraps_to_the_terminal() -> None:
    lines = commands.root_help(60).splitlines()
    assert max(len(line) for line in lines) == 60
    assert "│ claim        Add, list, show, edit and retract claims." in commands.root_help(100)


@pytest.mark.parametrize("name", list(commands.COMMANDS))
def test_each_listed_summary_is_the_commands_own_help(name: str) -> None:
    command = load_command(name, commands.COMMANDS[name].target)
    first_paragraph = (command.help or "").split("\n\n")[0]
    assert commands.COMMANDS[name].summary == " ".join(first_paragraph.split())


def test_the_listed_options_are_the_options_of_the_command() -> None:
    root = typer.main.get_command(app)
    declared = [
        (param.opts[0], getattr(param, "help", None))
        for param in root.params
        if param.opts[0] != "--help"
    ]
    listed = [(name, text) for name, _, _, text in commands.OPTIONS if name != "--help"]
    assert declared == listed


def test_the_help_names_the_environment_variables_the_configuration_reads() -> None:
    assert (commands.DATABASE_URL_ENV, commands.USER_ENV) == (
        config.DATABASE_URL_ENV,
        config.USER_ENV,
    )


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
