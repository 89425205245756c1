"""Folders of the checkout that the wheel ships inside the package (see pyproject.toml)."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_dir(packaged_name: str, checkout_name: str) -> Path:
    """``factcheck/<packaged_name>`` in an installed wheel, else ``<checkout_name>`` at the
    top of the checkout (an editable install)."""
    shipped = PACKAGE_DIR / packaged_name
    return shipped if shipped.is_dir() else PACKAGE_DIR.parent / checkout_name


def migrations_dir() -> Path:
    return shipped_dir("migrations", "alembic")


def fixtures_dir() -> Path:
    return shipped_dir("fixtures", "fixtures")
