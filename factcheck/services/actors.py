"""People and organisations: add, find by name or alias, alias, affiliate, merge."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, selectinload

from factcheck.errors import Conflict, InvalidInput, NotFound
from factcheck.models import (
    Actor,
    ActorAlias,
    ActorKind,
    Affiliation,
    ChangeAction,
    Claim,
    Source,
)
from factcheck.models.changelog import mark_action
from factcheck.services import rows
from factcheck.services.dates import PartialDate, format_date
from factcheck.services.lookup import looks_like_id
from factcheck.services.text import MAX_NAME_LENGTH, clean_name, clean_optional, normalize_key


def _live(statement: Any) -> Any:
    return statement.where(Actor.merged_into_id.is_(None))


def _label(actor: Actor) -> str:
    return f"{actor.name} (#{actor.id})"


def resolve_actor(session: Session, name: str, *, role: str = "actor") -> Actor:
    """The one actor ``name`` denotes, or an error listing the candidates."""
    return session.get_one(Actor, rows.resolve_actor(session, name, role=role).id)


def resolve_or_create(session: Session, name: str, *, role: str, create: bool) -> Actor:
    """``resolve_actor``, creating a person named ``name`` when ``create`` and nobody matches."""
    try:
        return resolve_actor(session, name, role=role)
    except NotFound:
        if not create:
            raise
        return add_actor(session, name=name)


def add_actor(
    session: Session,
    *,
    name: str,
    kind: ActorKind = ActorKind.PERSON,
    aliases: Sequence[str] = (),
    description: str | None = None,
    allow_duplicate: bool = False,
) -> Actor:
    """A new actor; an error if one already goes by that name, unless ``allow_duplicate``."""
    name = clean_name(name)
    if not allow_duplicate:
        existing = rows.actor_matches(session, name)
        if existing and not looks_like_id(name):
            raise Conflict(
                f"an actor named {name!r} already exists: "
                + ", ".join(actor.label for actor in existing[: rows.CANDIDATES_SHOWN]),
                "use it, or pass --allow-duplicate for a different actor of the same name",
            )
    actor = Actor(
        name=name,
        name_key=normalize_key(name),
        kind=ActorKind(kind),
        description=clean_optional(description, field="description"),
    )
    session.add(actor)
    session.flush()
    for alias in aliases:
        add_alias(session, actor, alias)
    return actor


def clean_alias(alias: str | None) -> tuple[str, str]:
    """An alias, cleaned, and its lookup key; an error when it has no letters or digits."""
    alias = clean_name(alias, field="alias")
    key = normalize_key(alias)
    if not key:
        raise InvalidInput(f"alias {alias!r} has no letters or digits")
    return alias, key


def add_alias(session: Session, actor: Actor, alias: str) -> ActorAlias:
    alias, key = clean_alias(alias)
    if alias == actor.name or any(a.alias_key == key for a in actor.aliases):
        raise Conflict(f"{_label(actor)} already goes by {alias!r}")
    record = ActorAlias(actor=actor, alias=alias, alias_key=key)
    session.add(record)
    session.flush()
    return record


def check_affiliation(
    *,
    role: str | None,
    has_organization: bool,
    started: PartialDate | None,
    ended: PartialDate | None,
    missing_hint: str | None = None,
) -> str | None:
    """The role of an affiliation, cleaned; an error when the affiliation has neither an
    organisation nor a role, or ends before it starts."""
    role = clean_optional(role, field="role", limit=MAX_NAME_LENGTH)
    if not has_organization and role is None:
        raise InvalidInput("an affiliation needs an organisation or a role", missing_hint)
    if started and ended and ended.value < started.value:
        raise InvalidInput(f"the affiliation ends ({ended}) before it starts ({started})")
    return role


def add_affiliation(
    session: Session,
    actor: Actor,
    *,
    organization: Actor | None,
    role: str | None,
    started: PartialDate | None = None,
    ended: PartialDate | None = None,
) -> Affiliation:
    """``actor`` held ``role`` (at ``organization``) from ``started`` until ``ended``."""
    if organization is not None and organization.id == actor.id:
        raise InvalidInput(f"{_label(actor)} cannot be a member of itself")
    role = check_affiliation(
        role=role,
        has_organization=organization is not None,
        started=started,
        ended=ended,
        missing_hint="give --member-of",
    )
    affiliation = Affiliation(
        actor=actor,
        organization=organization,
        role=role,
        started_on=started.value if started else None,
        started_precision=started.precision if started else None,
        ended_on=ended.value if ended else None,
        ended_precision=ended.precision if ended else None,
    )
    session.add(affiliation)
    session.flush()
    return affiliation


def list_actors(
    session: Session, *, kind: ActorKind | None = None, search: str | None = None
) -> list[Actor]:
    statement = _live(select(Actor)).options(
        selectinload(Actor.aliases),
        selectinload(Actor.affiliations).selectinload(Affiliation.organization),
    )
    if kind is not None:
        statement = statement.where(Actor.kind == kind)
    if search:
        pattern = f"%{normalize_key(search)}%"
        aliased = select(ActorAlias.actor_id).where(ActorAlias.alias_key.like(pattern))
        statement = statement.where(or_(Actor.name_key.like(pattern), Actor.id.in_(aliased)))
    return list(session.scalars(statement.order_by(Actor.name_key, Actor.id)))


def _actor_references() -> tuple[tuple[Any, Any], ...]:
    """Every column that refers to an actor; a merge moves them all to the actor kept."""
    # The rating classes are mapped only by the commands that use them (start-up time).
    from factcheck.models.ratings import Correction, RatingScale, Verdict

    return (
        (Claim, Claim.speaker_id),
        (Source, Source.publisher_id),
        (Verdict, Verdict.reviewer_id),
        (Correction, Correction.issued_by_id),
        (Affiliation, Affiliation.actor_id),
        (Affiliation, Affiliation.organization_id),
        (RatingScale, RatingScale.publisher_id),
        (ActorAlias, ActorAlias.actor_id),
        (Actor, Actor.merged_into_id),
    )


def merge_actors(session: Session, keep: Actor, duplicate: Actor) -> dict[str, int]:
    """Move everything of ``duplicate`` to ``keep``; the duplicate stays as a redirect.

    Returns how many rows of each kind were moved.
    """
    if keep.id == duplicate.id:
        raise InvalidInput(f"cannot merge {_label(keep)} into itself")
    kept_keys = {alias.alias_key for alias in keep.aliases} | {keep.name_key}
    for alias in list(duplicate.aliases):
        if alias.alias_key in kept_keys:
            session.delete(alias)
    session.flush()
    moved: dict[str, int] = {}
    for model, column in _actor_references():
        result = session.execute(
            update(model)
            .where(column == duplicate.id, model.id != keep.id)
            .values({column.key: keep.id})
            .execution_options(synchronize_session="fetch")
        )
        if result.rowcount:  # type: ignore[attr-defined]
            moved[f"{model.__tablename__}.{column.key}"] = result.rowcount  # type: ignore[attr-defined]
    session.expire(keep)
    session.expire(duplicate)
    if duplicate.name_key not in kept_keys:
        add_alias(session, keep, duplicate.name)
    mark_action(session, duplicate, ChangeAction.MERGE)
    duplicate.merged_into_id = keep.id
    session.flush()
    return moved


def actor_view(actor: Actor) -> dict[str, Any]:
    """The stable JSON shape of an actor."""
    return {
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind.value,
        "description": actor.description,
        "aliases": [alias.alias for alias in actor.aliases],
        "affiliations": [
            {
                "organization": aff.organization.name if aff.organization else None,
                "organization_id": aff.organization_id,
                "role": aff.role,
                "from": format_date(aff.started_on, aff.started_precision),
                "until": format_date(aff.ended_on, aff.ended_precision),
            }
            for aff in actor.affiliations
        ],
        "merged_into_id": actor.merged_into_id,
        "created_at": actor.created_at.isoformat(),
        "updated_at": actor.updated_at.isoformat(),
    }
