"""``factcheck log``: who changed what, and when."""

from typing import Annotated, Any

import typer

from factcheck.cli.output import FormatOption, OutputFormat, cell_text, emit, render_rows

COLUMNS = ["id", "at", "user", "action", "object", "object_type", "object_id", "changes"]
TABLE_COLUMNS = ["id", "at", "user", "action", "object", "changes"]
DEFAULT_LIMIT = 50


def _changes_text(changes: dict[str, list[Any]]) -> str:
    """One ``field: old -> new`` line a field; an insert shows the new value only."""
    lines = []
    for field, (old, new) in changes.items():
        before = "" if old is None else f"{cell_text(old)} -> "
        lines.append(f"{field}: {before}{cell_text(new)}")
    return "\n".join(lines)


def _short_time(iso: str) -> str:
    """``2019-03-01T00:04:05.123+00:00`` as ``2019-03-01 00:04:05`` (the log is in UTC)."""
    return iso[:19].replace("T", " ")


def log(
    ctx: typer.Context,
    objects: Annotated[
        list[str] | None,
        typer.Option(
            "--object",
            metavar="TYPE[:ID]",
            help="Only changes to this object, e.g. claim:3 (repeatable); a bare type such as"
            " verdict means all of them.",
        ),
    ] = None,
    user: Annotated[str | None, typer.Option(help="Only changes made by this user.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Only changes from this date on: YYYY[-MM[-DD]] [HH:MM].")
    ] = None,
    limit: Annotated[
        int, typer.Option(help="Show the latest N changes; 0 shows all.", min=0)
    ] = DEFAULT_LIMIT,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show the change log, oldest first: who changed what, when, and the fields changed.

    Each change names the user, the action (insert, update, merge, retract), the object and
    each field's old and new value. Times are in UTC.

    Example: factcheck log --object claim:3 --object verdict --user alice --format json
    """
    from factcheck.cli.state import session
    from factcheck.services import changelog
    from factcheck.services.dates import parse_optional_date

    filters = [changelog.parse_object(text) for text in objects or []]
    start = parse_optional_date(since, field="--since", allow_time=True)
    with session(ctx, write=False) as db:
        entries = changelog.list_changes(
            db,
            objects=filters,
            user=user,
            since=changelog.start_of(start) if start else None,
            limit=limit or None,
        )
        rows = [changelog.change_view(entry) for entry in entries]
    if fmt is OutputFormat.TABLE:
        rows = [
            {**row, "at": _short_time(row["at"]), "changes": _changes_text(row["changes"])}
            for row in rows
        ]
    emit(render_rows(rows, COLUMNS, fmt, table_columns=TABLE_COLUMNS))
