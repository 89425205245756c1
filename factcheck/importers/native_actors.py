"""The ``actors`` section: people and organisations, their aliases and affiliations.

Affiliations and merges refer to other actors, which may come further down the file, so they
are written once every actor of the file has its row.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from factcheck.changes import log_value
from factcheck.enums import ActorKind, ChangeAction
from factcheck.errors import Conflict
from factcheck.importers.bulk import Change, batches, table_of
from factcheck.importers.native import Context, Parsed
from factcheck.importers.records import Record
from factcheck.models import Actor, ActorAlias, Affiliation
from factcheck.services.actors import check_affiliation, clean_alias
from factcheck.services.text import normalize_key

FIELDS = ("key", "name", "kind", "aliases", "description", "affiliations", "merged_into")
AFFILIATION_FIELDS = ("organization", "role", "from", "until")
AFFILIATION_COLUMNS = (
    "organization_id",
    "role",
    "started_on",
    "started_precision",
    "ended_on",
    "ended_precision",
)

ACTORS = table_of(Actor)
ALIASES = table_of(ActorAlias)
AFFILIATIONS = table_of(Affiliation)

# An affiliation as read: its record, the organisation's key, and its other columns.
Membership = tuple[Record, str | None, dict[str, Any]]


@dataclass
class _Later:
    """An actor's row, with what is written once every actor has a row."""

    item: Parsed
    change: Change

    @property
    def actor_id(self) -> int:
        return self.change.row_id


def import_actors(context: Context) -> None:
    later: list[_Later] = []
    for batch in context.records("actors"):
        parsed = [_parse(record) for record in batch]
        changes = context.write(ACTORS, "actors", parsed)
        pairs = list(zip(parsed, changes, strict=True))
        aliases = {change.row_id: item.extra["aliases"] for item, change in pairs}
        new = {change.row_id for change in changes if change.is_new}
        altered = context.writer.mirror(ALIASES, "actor_id", aliases, ("alias",), created=new)
        for item, change in pairs:
            change.touched = change.id in altered
            later.append(_Later(item, change))
        context.writer.flush_log()
    for chunk in batches(later):
        _write_affiliations(context, chunk)
        context.writer.flush_log()
    _write_merges(context, later)
    context.count("actors", [entry.change for entry in later])


def _parse(record: Record) -> Parsed:
    record.only(FIELDS)
    key = record.key()
    name = record.required_name("name")
    values = {
        "name": name,
        "name_key": normalize_key(name),
        "kind": record.choice("kind", ActorKind, ActorKind.PERSON),
        "description": record.text("description"),
    }
    merged_into = record.reference("merged_into")
    if merged_into == key:
        record.fail("merged_into", "an actor cannot be merged into itself")
    extra = {
        "aliases": _aliases(record, name),
        "affiliations": [_affiliation(child, key) for child in record.children("affiliations")],
        "merged_into": merged_into,
    }
    return Parsed(record, key, values, extra=extra)


def _aliases(record: Record, name: str) -> list[dict[str, Any]]:
    aliases: dict[str, str] = {}
    for text in record.strings("aliases"):
        alias, alias_key = record.check("aliases", clean_alias, text)
        if alias == name:
            record.fail("aliases", f"alias {alias!r} is the actor's name", error_class=Conflict)
        if alias_key in aliases:
            record.fail(
                "aliases",
                f"aliases {aliases[alias_key]!r} and {alias!r} are the same name",
                "keep one",
                error_class=Conflict,
            )
        aliases[alias_key] = alias
    return [{"alias": alias, "alias_key": alias_key} for alias_key, alias in aliases.items()]


def _affiliation(record: Record, actor_key: str) -> Membership:
    record.only(AFFILIATION_FIELDS)
    organization = record.reference("organization")
    if organization == actor_key:
        record.fail("organization", "an actor cannot be a member of itself")
    started = record.date("from")
    ended = record.date("until")
    role = record.check(
        "role",
        check_affiliation,
        role=record.string("role"),
        has_organization=organization is not None,
        started=started,
        ended=ended,
        missing_hint="give an organization, a role or both",
    )
    values = {
        "role": role,
        "started_on": started.value if started else None,
        "started_precision": started.precision if started else None,
        "ended_on": ended.value if ended else None,
        "ended_precision": ended.precision if ended else None,
    }
    return record, organization, values


def _write_affiliations(context: Context, chunk: Sequence[_Later]) -> None:
    """Each actor's affiliations become those of the file."""
    index = context.keys["actors"]
    memberships: list[list[Membership]] = [entry.item.extra["affiliations"] for entry in chunk]
    index.fetch(context, [org for listed in memberships for _r, org, _v in listed if org])
    wanted = {
        entry.actor_id: [
            {"organization_id": index.maybe(record, "organization", org), **values}
            for record, org, values in listed
        ]
        for entry, listed in zip(chunk, memberships, strict=True)
    }
    new = {entry.actor_id for entry in chunk if entry.change.is_new}
    altered = context.writer.mirror(
        AFFILIATIONS, "actor_id", wanted, AFFILIATION_COLUMNS, created=new
    )
    for entry in chunk:
        entry.change.touched = entry.change.touched or entry.actor_id in altered


def _write_merges(context: Context, later: list[_Later]) -> None:
    """Set the actor each merged duplicate points to; a merge is logged as one."""
    index = context.keys["actors"]
    index.fetch(context, [key for entry in later if (key := entry.item.extra["merged_into"])])
    updates = []
    for entry in later:
        before = entry.change.old["merged_into_id"] if entry.change.old is not None else None
        target = index.maybe(entry.item.record, "merged_into", entry.item.extra["merged_into"])
        if target == entry.actor_id:
            entry.item.record.fail("merged_into", "an actor cannot be merged into itself")
        if target == before:
            continue
        updates.append((entry.actor_id, {"merged_into_id": target}))
        action = ChangeAction.MERGE if target is not None else ChangeAction.UPDATE
        change = {"merged_into_id": [log_value(before), target]}
        context.writer.log(ACTORS, entry.actor_id, action, change)
        entry.change.touched = True
    for chunk in batches(updates):
        context.writer.update_rows(ACTORS, chunk, ["merged_into_id"])
    context.writer.flush_log()
