"""Column helpers shared by every table."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.db import StrEnumType, UTCDateTime, utcnow
from factcheck.enums import DatePrecision

NAME_LENGTH = 300
URL_LENGTH = 2048
LANGUAGE_LENGTH = 35
IMPORT_KEY_LENGTH = 200

E = TypeVar("E", bound=StrEnum)


class Timestamped:
    """A surrogate key and UTC creation and update times."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-100)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, sort_order=100)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, sort_order=101
    )


class Imported:
    """A stable key from an imported file, so that importing it again changes nothing."""

    import_key: Mapped[str | None] = mapped_column(
        String(IMPORT_KEY_LENGTH), unique=True, sort_order=99
    )


def enum_column(enum_class: type[E], **kwargs: Any) -> Mapped[E]:
    return mapped_column(StrEnumType(enum_class), **kwargs)


def precision_column() -> Mapped[DatePrecision | None]:
    return mapped_column(StrEnumType(DatePrecision))


def date_column() -> Mapped[date | None]:
    return mapped_column()


def enum_check(
    column: str, enum_class: type[StrEnum], *, nullable: bool = False
) -> CheckConstraint:
    """``column IN (...)``, named ``ck_<table>_<column>_enum``."""
    values = ", ".join(f"'{member.value}'" for member in enum_class)
    condition = f"{column} IN ({values})"
    if nullable:
        condition = f"{column} IS NULL OR {condition}"
    return CheckConstraint(condition, name=f"{column}_enum")


def partial_date_checks(prefix: str) -> tuple[CheckConstraint, ...]:
    """A date and its precision are given together, or not at all."""
    on, precision = f"{prefix}_on", f"{prefix}_precision"
    return (
        enum_check(precision, DatePrecision, nullable=True),
        CheckConstraint(f"({on} IS NULL) = ({precision} IS NULL)", name=f"{prefix}_on_precision"),
    )


def not_blank(column: str) -> CheckConstraint:
    return CheckConstraint(f"length(trim({column})) > 0", name=f"{column}_not_blank")
