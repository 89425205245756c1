"""Random argument vectors for every command, walked from the Typer app's tree, never end in a
traceback: the exit code is 0, 2 (usage) or a documented code, and a failure is one line on
stderr that starts with ``Error:`` (a usage error may show Typer's own message).

Each option gets plausible values (ids, names, dates and URLs from the seeded database) or
garbage; the database is put back to its seed after every example that may have changed it.
"""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.core import TyperArgument, TyperOption

from factcheck.errors import ExitCode
from tests.conftest import PostgresDatabase, invoke
from tests.helpers_fuzz import (
    HANOI,
    KIND_OF,
    PLAUSIBLE,
    SeededDatabase,
    assert_clean_outcome,
    fuzz_settings,
    leaf_commands,
    seeded_database,
)

COMMANDS = leaf_commands()
READ_ONLY = {"list", "show", "history", "current", "check", "log", "export"}

garbage = st.one_of(
    st.text(max_size=12),
    st.text(st.characters(codec="ascii"), max_size=8),
    st.sampled_from(
        ["", " ", "-", "--", "#", "0", "-1", "1.5", "²", "١٢", "99999999999999999999", "\x00"]
    ),
)


def values_for(param: TyperArgument | TyperOption) -> st.SearchStrategy[str]:
    """Plausible values for ``param`` (by its type or name), or garbage."""
    choices = getattr(param.type, "choices", None)
    if choices:
        plausible: st.SearchStrategy[str] = st.sampled_from([str(choice) for choice in choices])
    elif param.type.name.startswith("integer"):
        plausible = st.integers(-5, 10**20).map(str)
    else:
        kind = KIND_OF.get(param.name or "", "text")
        plausible = st.sampled_from(PLAUSIBLE[kind])
    # Mostly plausible, so that most runs get past the parser to the services.
    return st.integers(0, 4).flatmap(lambda roll: garbage if roll == 0 else plausible)


@st.composite
def argument_vectors(draw: st.DrawFn, path: str) -> list[str]:
    command = COMMANDS[path]
    args: list[str] = path.split()
    for param in command.params:
        if isinstance(param, TyperArgument):
            # Missing required arguments are usage errors; mostly give them.
            if param.required and draw(st.integers(0, 9)) == 0:
                continue
            if not param.required and draw(st.booleans()):
                continue
            args.append(draw(values_for(param)))
            continue
        assert isinstance(param, TyperOption)
        if not draw(st.booleans()):
            continue
        if param.is_flag:
            names = param.opts + param.secondary_opts
            args.append(draw(st.sampled_from(names)))
            continue
        repeats = draw(st.integers(1, 3)) if param.multiple else 1
        for _ in range(repeats):
            args += [draw(st.sampled_from(param.opts)), draw(values_for(param))]
    # Now and then something the parser does not expect.
    if draw(st.integers(0, 15)) == 0:
        args.insert(draw(st.integers(0, len(args))), draw(st.sampled_from(["--bogus", "extra"])))
    return args


@pytest.fixture(scope="module")
def seeded(
    postgres_database: PostgresDatabase | None,
    sqlite_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[SeededDatabase]:
    directory = tmp_path_factory.mktemp("fuzz-cli")
    database = seeded_database(postgres_database, sqlite_template, directory)
    yield database
    database.dispose()


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Files a command writes (``export -o``) land here, beside a copy of the fixture that
    the arguments name."""
    shutil.copyfile(HANOI, tmp_path / "hanoi.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("path", sorted(COMMANDS))
@fuzz_settings(10)
@given(data=st.data())
def test_random_arguments_never_crash(
    path: str, data: st.DataObject, seeded: SeededDatabase, workdir: Path
) -> None:
    args = data.draw(argument_vectors(path), label="args")
    user = data.draw(st.one_of(st.none(), garbage), label="as")
    head = ["--db", seeded.url, *([] if user is None else ["--as", user])]
    stdin = HANOI.read_text(encoding="utf-8") if "-" in args else None
    result = invoke(*head, *args, input=stdin)
    # A failed command wrote nothing (one transaction), and a read wrote nothing either.
    if result.exit_code == 0 and path.split()[0] != "report" and path.split()[-1] not in READ_ONLY:
        seeded.reset()
    assert_clean_outcome(result, args)


def test_every_command_is_fuzzed() -> None:
    """The tree walk finds the commands (a new command is fuzzed without a change here)."""
    assert {"claim add", "db downgrade", "import", "report contradictions"} <= set(COMMANDS)
    assert all(COMMANDS[path].params or path.startswith("db") for path in COMMANDS)


# Argument vectors that once ended in a traceback, with the exit code they get now.
FOUND = [
    (["claim", "show", "99999999999999999999"], ExitCode.INVALID),
    (["appearance", "show", "²"], ExitCode.INVALID),
    (["actor", "show", "#99999999999999999999"], ExitCode.NOT_FOUND),
    (["log", "--object", "claim:99999999999999999999"], ExitCode.INVALID),
    (["source", "show", "99999999999999999999"], ExitCode.INVALID),
    (["db", "downgrade", ""], ExitCode.INVALID),
    (["db", "upgrade", "@"], ExitCode.INVALID),
    (["db", "downgrade", "0001"], ExitCode.CONFLICT),
    (["import", "\x1e"], ExitCode.INVALID),
    (["import", "\x00"], ExitCode.INVALID),
    (["export", "--output", "\x00"], ExitCode.INVALID),
    (["log", "--limit", "99999999999999999999"], ExitCode.OK),
    (["claim", "list", "--limit", "99999999999999999999"], ExitCode.OK),
]


@pytest.mark.parametrize(("args", "code"), FOUND, ids=[" ".join(args) for args, _ in FOUND])
def test_arguments_that_once_crashed(
    args: list[str], code: ExitCode, seeded: SeededDatabase, workdir: Path
) -> None:
    result = invoke("--db", seeded.url, *args)
    assert_clean_outcome(result, args)
    assert result.exit_code == code, result.stderr
