"""Who changed what, and when."""

from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.db import Base
from factcheck.models.base import NAME_LENGTH, Timestamped, enum_check, enum_column
from factcheck.models.enums import ChangeAction


class ChangeLogEntry(Timestamped, Base):
    """One insert, update, merge or retraction, with the fields it changed.

    ``changes`` maps each field to ``[old, new]`` (``old`` is null on insert). ``created_at``
    is when the change was made.
    """

    __tablename__ = "change_log"
    __table_args__ = (
        enum_check("action", ChangeAction),
        Index("ix_change_log_object", "object_type", "object_id"),
    )

    user_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    action: Mapped[ChangeAction] = enum_column(ChangeAction)
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[int] = mapped_column()
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
