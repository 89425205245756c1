"""A password in the database URL never shows: not in any command's output or error line,
not in a log record, not in the change log, not in a traceback.

Every command in the tree runs against URLs that hold a password: unreachable ones and
malformed ones (on both backends), and, when the tests run on PostgreSQL, the test database
itself (its trust authentication accepts any password and ignores it).
"""

import logging
import shutil
import traceback
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from typer.core import TyperArgument, TyperOption

from factcheck.models import ChangeLogEntry
from tests.conftest import PostgresDatabase, invoke
from tests.helpers_fuzz import (
    DOCUMENTED_EXIT_CODES,
    HANOI,
    KIND_OF,
    PLAUSIBLE,
    assert_clean_outcome,
    leaf_commands,
)

PASSWORD = "s3cr3t-pw"
# A password that needs percent-encoding in a URL; it must not show encoded or decoded.
ODD_PASSWORD = "p@ss:w/rd%£"
COMMANDS = leaf_commands()
UNUSABLE_URLS = [
    f"postgresql://postgres:{PASSWORD}@127.0.0.1:1/nowhere",
    f"postgresql+psycopg://postgres:{PASSWORD}@127.0.0.1:1/nowhere?connect_timeout=2",
    f"postgresql://postgres:{quote(ODD_PASSWORD, safe='')}@127.0.0.1:1/nowhere",
    f"postgresql://postgres:{PASSWORD}@127.0.0.1:notaport/nowhere",
    f"postgresql://postgres:{PASSWORD}@[::1/nowhere",
    f"postgresql//postgres:{PASSWORD}@127.0.0.1/nowhere",
    f"postgres:{PASSWORD}@127.0.0.1/nowhere",
    f"mysql://root:{PASSWORD}@127.0.0.1:1/nowhere",
    f"postgresql://postgres:{PASSWORD}@127.0.0.1:1/nowhere?sslmode=bogus",
    f"postgresql://postgres@127.0.0.1:1/nowhere?password={PASSWORD}",
    f"postgresql:///nowhere?host=127.0.0.1&port=1&password={PASSWORD}&sslmode=disable",
    f"postgresql://postgres@127.0.0.1:1/nowhere?PASSWORD={PASSWORD}",
]
SECRETS = [PASSWORD, ODD_PASSWORD, quote(ODD_PASSWORD, safe=""), "p@ss:w"]


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands run in a folder of their own, beside a copy of the fixture the arguments
    name: those that write files (export -o, db backup) write there."""
    shutil.copyfile(HANOI, tmp_path / "hanoi.yaml")
    monkeypatch.chdir(tmp_path)


def minimal_args(path: str) -> list[str]:
    """The command with its required arguments and options given plausible values."""
    command = COMMANDS[path]
    args = path.split()
    for param in command.params:
        if not param.required:
            continue
        kind = KIND_OF.get(param.name or "", "text")
        value = PLAUSIBLE[kind][0]
        if isinstance(param, TyperArgument):
            args.append(value)
        else:
            assert isinstance(param, TyperOption)
            args += [param.opts[0], value]
    return args


def assert_no_secret(text: str, where: object) -> None:
    for secret in SECRETS:
        assert secret not in text, (where, secret, text)


def run_without_leaks(args: list[str], caplog: pytest.LogCaptureFixture) -> int:
    caplog.clear()
    result = invoke(*args)
    assert_no_secret(result.stdout, args)
    assert_no_secret(result.stderr, args)
    assert_no_secret(caplog.text, args)
    if result.exc_info is not None and not isinstance(result.exception, SystemExit):
        assert_no_secret("".join(traceback.format_exception(*result.exc_info)), args)
    assert_clean_outcome(result, args)
    return result.exit_code


@pytest.mark.parametrize("url", UNUSABLE_URLS)
def test_unusable_urls_never_show_the_password(
    url: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.DEBUG)
    codes = set()
    for path in COMMANDS:
        if path == "db history":
            continue  # reads the migration scripts, not the database
        codes.add(run_without_leaks(["--db", url, *minimal_args(path)], caplog))
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", url)
    codes.add(run_without_leaks(["claim", "list"], caplog))
    assert codes <= DOCUMENTED_EXIT_CODES - {0}


def test_db_current_masks_the_password(caplog: pytest.LogCaptureFixture) -> None:
    url = f"postgresql://postgres:{PASSWORD}@127.0.0.1:1/nowhere"
    result = invoke("--db", url, "db", "current")
    assert result.exit_code != 0
    assert "postgres:***@127.0.0.1:1" in result.stderr
    assert_no_secret(result.stderr, "db current")


@pytest.fixture
def url_with_password(
    postgres_database: PostgresDatabase | None, database_url: str
) -> tuple[str, str]:
    """The PostgreSQL test database reached with a password in its URL (trust authentication
    ignores it), and the same with an odd one, percent-encoded."""
    if postgres_database is None:
        pytest.skip("needs PostgreSQL (FACTCHECK_TEST_DATABASE_URL)")
    parsed = make_url(database_url)
    plain = parsed.set(password=PASSWORD).render_as_string(hide_password=False)
    odd = parsed.set(password=ODD_PASSWORD).render_as_string(hide_password=False)
    return plain, odd


def test_every_command_on_a_live_database_never_shows_the_password(
    url_with_password: tuple[str, str], caplog: pytest.LogCaptureFixture, engine: Engine
) -> None:
    caplog.set_level(logging.DEBUG)
    plain, odd = url_with_password
    assert PASSWORD in plain and ODD_PASSWORD not in odd
    assert run_without_leaks(["--db", plain, "import", PLAUSIBLE["file"][0]], caplog) == 0
    successes = 0
    for path in sorted(COMMANDS):
        if path == "db downgrade":
            continue  # the fuzz tests cover it; here it would only take the schema away
        for url in (plain, odd):
            successes += run_without_leaks(["--db", url, *minimal_args(path)], caplog) == 0
    assert successes > len(COMMANDS)
    with Session(engine) as session:
        for entry in session.scalars(select(ChangeLogEntry)):
            assert_no_secret(f"{entry.user_name} {entry.changes}", f"change log #{entry.id}")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            f"postgresql://u@h/db?password={PASSWORD}&sslmode=require",
            "postgresql://u@h/db?password=***&sslmode=require",
        ),
        (
            f"postgresql://u:{PASSWORD}@h/db?sslpassword=x",
            "postgresql://u:***@h/db?sslpassword=***",
        ),
        (f"postgresql:///db?host=h&Password={PASSWORD}", "postgresql:///db?host=h&Password=***"),
    ],
)
def test_a_password_in_the_query_is_masked(url: str, shown: str) -> None:
    from factcheck.config import mask_secrets, mask_url

    assert mask_url(url) == shown
    assert mask_secrets(f"refused {PASSWORD}", url) == "refused ***"
