"""Where the database is, who is making changes, what the schema check says, and that a
password never reaches the terminal."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from factcheck import config, schema
from factcheck.config import current_user, database_url
from factcheck.db import make_engine, unit_of_work
from factcheck.errors import ExitCode, SchemaMismatch
from factcheck.models import RatingScale
from tests.conftest import invoke, postgres_base_url, recreate_pg_schema, with_search_path

SCRATCH_SCHEMA = "factcheck_config_tests"
SECRET = "s3cretpw"


@pytest.fixture
def scratch_url(tmp_path: Path) -> Iterator[str]:
    """A database of the backend under test with nothing in it, not even a schema revision:
    a SQLite file that does not exist yet, or an empty PostgreSQL schema."""
    base = postgres_base_url()
    if base is None:
        yield f"sqlite:///{tmp_path / 'scratch' / 'new.db'}"
        return
    recreate_pg_schema(base, SCRATCH_SCHEMA)
    yield with_search_path(base, SCRATCH_SCHEMA)
    engine = make_engine(base)
    try:
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCRATCH_SCHEMA} CASCADE"))
    finally:
        engine.dispose()


def execute(url: str, statement: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def default_file(tmp_path: Path) -> Path:
    # The autouse fixture in conftest.py points XDG_DATA_HOME here.
    return tmp_path / "home" / "data" / "factcheck" / "factcheck.db"


# Where the database is


def test_db_option_beats_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    assert database_url(f"sqlite:///{tmp_path / 'option.db'}") == (
        f"sqlite:///{tmp_path / 'option.db'}"
    )


def test_environment_beats_default_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    assert database_url() == f"sqlite:///{tmp_path / 'env.db'}"


@pytest.mark.parametrize("environment", [None, "", "   "], ids=["unset", "empty", "blank"])
def test_default_file_lives_in_the_user_data_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, environment: str | None
) -> None:
    if environment is not None:
        monkeypatch.setenv("FACTCHECK_DATABASE_URL", environment)
    assert database_url() == f"sqlite:///{default_file(tmp_path)}"


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://ri@db.example/factcheck", "postgresql+psycopg://ri@db.example/factcheck"),
        ("postgresql://ri@db.example/factcheck", "postgresql+psycopg://ri@db.example/factcheck"),
        (
            "postgresql+psycopg2://ri@db.example:5433/fc",
            "postgresql+psycopg://ri@db.example:5433/fc",
        ),
        ("postgresql+psycopg://ri@db.example/fc", "postgresql+psycopg://ri@db.example/fc"),
        ("  postgres://ri@db.example/fc\n", "postgresql+psycopg://ri@db.example/fc"),
        ("sqlite:///relative/factcheck.db", "sqlite:///relative/factcheck.db"),
    ],
)
def test_postgres_urls_select_psycopg(given: str, used: str) -> None:
    assert database_url(given) == used


def test_db_current_shows_the_db_option_over_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    result = invoke("--db", f"sqlite:///{tmp_path / 'option.db'}", "db", "current")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"database: sqlite:///{tmp_path / 'option.db'}"


def test_db_current_on_a_migrated_database(db_env: str) -> None:
    result = invoke("db", "current")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"database: {db_env}\n"
        f"revision: {schema.HEAD}\n"
        f"head:     {schema.HEAD}\n"
        "status:   up to date\n"
    )


def test_db_current_creates_the_default_directory_on_first_use(tmp_path: Path) -> None:
    path = default_file(tmp_path)
    assert not path.parent.exists()
    result = invoke("db", "current")
    assert result.exit_code == 0, result.stderr
    assert path.parent.is_dir()
    assert result.stdout == (
        f"database: sqlite:///{path}\n"
        "revision: -\n"
        f"head:     {schema.HEAD}\n"
        "status:   not migrated yet (the next command brings it to head)\n"
    )


# Passwords

REFUSED = f"postgresql://postgres:{SECRET}@127.0.0.1:5999/x"  # nothing listens on 5999
SECRET_URLS = {
    "refused": REFUSED,
    "refused_short_scheme": f"postgres://postgres:{SECRET}@127.0.0.1:5999/x",
    "unknown_scheme": f"postgresq://postgres:{SECRET}@127.0.0.1:5999/x",
    "missing_colon": f"postgresql//postgres:{SECRET}@127.0.0.1:5999/x",
    "missing_scheme": f"postgres:{SECRET}@127.0.0.1:5999/x",
    "port_not_a_number": f"postgresql://postgres:{SECRET}@127.0.0.1:59x9/x",
    "sqlite_with_password": f"sqlite://:{SECRET}@/factcheck.db",
    "percent_encoded": "postgresql://postgres:s3cret%70w@127.0.0.1:5999/x",
}


@pytest.mark.parametrize("command", ["upgrade", "current", "check"])
@pytest.mark.parametrize("url", list(SECRET_URLS.values()), ids=list(SECRET_URLS))
def test_password_never_appears_in_output(url: str, command: str) -> None:
    result = invoke("--db", url, "db", command)
    assert result.exit_code == ExitCode.DATABASE
    assert SECRET not in result.stdout
    assert SECRET not in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("Error: ")
    assert "***" in result.stderr


def test_password_from_environment_never_appears_in_output(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", REFUSED)
    result = invoke("db", "upgrade")
    assert result.exit_code == ExitCode.DATABASE
    assert SECRET not in result.stdout + result.stderr
    assert result.stderr == (
        "Error: database postgresql+psycopg://postgres:***@127.0.0.1:5999/x failed:"
        ' connection failed: connection to server at "127.0.0.1", port 5999 failed:'
        " Connection refused (nothing was written)\n"
    )


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (f"postgresql+psycopg://ri:{SECRET}@db/fc", "postgresql+psycopg://ri:***@db/fc"),
        (f"postgresql://ri:p@ss{SECRET}@db/fc", "postgresql://ri:***@db/fc"),
        (f"postgresql//ri:{SECRET}@db/fc", "postgresql//***@db/fc"),
        (f"ri:{SECRET}@db/fc", "ri:***@db/fc"),
        ("postgresql://ri@db/fc", "postgresql://ri@db/fc"),
        ("postgresql//ri@db:5432/fc", "postgresql//ri@db:5432/fc"),
        ("sqlite:////home/ri/factcheck.db", "sqlite:////home/ri/factcheck.db"),
    ],
)
def test_mask_url_hides_only_the_password(url: str, shown: str) -> None:
    assert config.mask_url(url) == shown


# Who is making changes


def test_as_option_beats_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_USER", "desk-editor")
    assert current_user("  reporter  ") == "reporter"


def test_environment_beats_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_USER", "desk-editor")
    monkeypatch.setenv("LOGNAME", "login-name")
    assert current_user() == "desk-editor"
    assert current_user("   ") == "desk-editor"


def test_login_is_the_last_resort(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_USER", " ")
    # getpass.getuser() reads LOGNAME first.
    monkeypatch.setenv("LOGNAME", "login-name")
    assert current_user() == "login-name"


# The schema check


def test_fresh_database_has_no_drift(db_env: str) -> None:
    result = invoke("db", "check")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "No drift: the database schema matches the models.\n"


def test_database_behind_asks_for_upgrade(scratch_url: str) -> None:
    schema.upgrade(scratch_url)
    schema.downgrade(scratch_url, "0001")
    expected = (
        f"the database schema is behind this program (revision 0001, expected {schema.HEAD})"
        " (run: factcheck db upgrade)"
    )

    result = invoke("--db", scratch_url, "db", "check")
    assert result.exit_code == 7
    assert result.stderr == f"Error: {expected}\n"
    engine = make_engine(scratch_url)
    try:
        with pytest.raises(SchemaMismatch) as raised:
            schema.ensure_current(engine, scratch_url)
    finally:
        engine.dispose()
    assert str(raised.value) == expected
    current = invoke("--db", scratch_url, "db", "current")
    assert current.exit_code == 0, current.stderr
    assert "status:   behind (run: factcheck db upgrade)\n" in current.stdout


def test_database_ahead_says_so(scratch_url: str) -> None:
    schema.upgrade(scratch_url)
    execute(scratch_url, "UPDATE alembic_version SET version_num = '9999'")

    result = invoke("--db", scratch_url, "db", "check")
    assert result.exit_code == ExitCode.SCHEMA
    assert result.stderr == (
        "Error: the database schema is ahead of this program (revision 9999 is unknown here)"
        " (upgrade factcheck, or run db downgrade with the newer version)\n"
    )


def test_foreign_database_is_not_touched(scratch_url: str) -> None:
    execute(scratch_url, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")

    result = invoke("--db", scratch_url, "db", "check")
    assert result.exit_code == ExitCode.SCHEMA
    assert result.stderr.startswith(f"Error: {config.mask_url(scratch_url)} is not a factcheck")
    assert len(result.stderr.splitlines()) == 1
    with (
        pytest.raises(SchemaMismatch, match="not a factcheck database"),
        unit_of_work(scratch_url, user="tester"),
    ):
        pass
    engine = make_engine(scratch_url)
    try:
        with engine.connect() as connection:
            assert schema.stored_revision(connection) is None
    finally:
        engine.dispose()


def test_empty_database_is_brought_to_head_by_the_first_command(scratch_url: str) -> None:
    with unit_of_work(scratch_url, user="tester") as session:
        slugs = session.scalars(select(RatingScale.slug).order_by(RatingScale.slug)).all()
    assert slugs == ["basic", "pinocchios", "politifact"]
    engine = make_engine(scratch_url)
    try:
        with engine.connect() as connection:
            assert schema.stored_revision(connection) == schema.HEAD
    finally:
        engine.dispose()
