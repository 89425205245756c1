"""Who changed what, and when."""

from typing import Any

from sqlalchemy import JSON, Index, String, event, insert, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from factcheck.changes import UNLOGGED_COLUMNS, log_value
from factcheck.db import Base
from factcheck.enums import ChangeAction
from factcheck.models.base import NAME_LENGTH, Timestamped, enum_check, enum_column


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


def mark_action(session: Session, obj: object, action: ChangeAction) -> None:
    """Record the next flush of ``obj`` as ``action`` (a retraction, a merge) in the log."""
    session.info.setdefault(_ACTIONS, {})[id(obj)] = action


_ACTIONS = "change_actions"


def _changes(obj: object, *, inserted: bool, deleted: bool) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for attribute in state.mapper.column_attrs:
        key = attribute.key
        if key in UNLOGGED_COLUMNS:
            continue
        history = state.attrs[key].history
        if inserted or deleted:
            value = log_value(getattr(obj, key))
            if value is not None:
                changes[key] = [value, None] if deleted else [None, value]
        elif history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changes[key] = [log_value(old), log_value(new)]
    for relationship in state.mapper.relationships:
        if relationship.secondary is None or deleted:
            continue
        history = state.attrs[relationship.key].history
        if history.added or history.deleted:
            kept = [item.id for item in history.unchanged]
            before = sorted(kept + [item.id for item in history.deleted])
            after = sorted(kept + [item.id for item in history.added])
            # An insert records its many-to-many links (a claim's topics) like its columns.
            changes[relationship.key] = [None if inserted else before, after]
    return changes


@event.listens_for(Session, "after_flush")
def _record_changes(session: Session, _flush_context: Any) -> None:
    """Every insert, update and delete of a flush becomes a change-log row."""
    from factcheck.config import current_user

    actions: dict[int, ChangeAction] = session.info.pop(_ACTIONS, {})
    user = session.info.get("user") or current_user()
    rows = []
    groups = (
        (session.new, ChangeAction.INSERT),
        (session.dirty, ChangeAction.UPDATE),
        (session.deleted, ChangeAction.DELETE),
    )
    for objects, default_action in groups:
        for obj in objects:
            if isinstance(obj, ChangeLogEntry) or not isinstance(obj, Timestamped):
                continue
            changes = _changes(
                obj,
                inserted=default_action is ChangeAction.INSERT,
                deleted=default_action is ChangeAction.DELETE,
            )
            if not changes:
                continue
            rows.append(
                {
                    "user_name": user,
                    "action": actions.get(id(obj), default_action),
                    "object_type": inspect(obj).mapper.persist_selectable.description,
                    "object_id": obj.id,
                    "changes": changes,
                }
            )
    if rows:
        session.connection().execute(insert(ChangeLogEntry), rows)
