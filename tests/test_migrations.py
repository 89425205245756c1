"""pytest-alembic's standard checks, on SQLite and (with FACTCHECK_TEST_DATABASE_URL) on
PostgreSQL: one head, upgrade from empty, models match the migrations, up/down consistency."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_alembic.tests import (
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import Engine

from factcheck import schema
from factcheck.db import make_engine
from factcheck.resources import migrations_dir
from tests.conftest import postgres_base_url, recreate_pg_schema, with_search_path

__all__ = [
    "test_model_definitions_match_ddl",
    "test_single_head_revision",
    "test_up_down_consistency",
    "test_upgrade",
]

MIGRATIONS_SCHEMA = "factcheck_migration_tests"


@pytest.fixture
def alembic_engine(tmp_path: Path) -> Iterator[Engine]:
    """An empty database of the backend under test, as migrations see it."""
    base = postgres_base_url()
    if base is None:
        url = f"sqlite:///{tmp_path / 'migrations.db'}"
    else:
        recreate_pg_schema(base, MIGRATIONS_SCHEMA)
        url = with_search_path(base, MIGRATIONS_SCHEMA)
    engine = make_engine(url, foreign_keys=False)
    yield engine
    engine.dispose()


@pytest.fixture
def alembic_config() -> dict[str, str]:
    return {"script_location": str(migrations_dir())}


def test_revisions_recorded_in_package_match_migration_scripts() -> None:
    assert tuple(revision for revision, _ in schema.history()) == schema.REVISIONS
