"""Claims, their speakers and their topics read and written as plain rows.

``factcheck claim add`` is run many times a day, and mapping the ORM classes a claim touches
would cost it more than all its other work (about 60 ms: a claim's relationships pull in
most of the model). So what it needs is here, in SQL of its own over the few columns it
uses, which maps nothing; the ORM services are built on the same functions, so that each
rule is written once. Rows written here get the change-log entries the ORM would write for
them (models/changelog.py).
"""

from collections.abc import Mapping, Sequence
from datetime import time
from typing import Any, NamedTuple

from sqlalchemy import (
    JSON,
    Date,
    Integer,
    String,
    Text,
    Time,
    bindparam,
    column,
    insert,
    table,
    text,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import TableClause

from factcheck.changes import inserted
from factcheck.config import current_user
from factcheck.db import StrEnumType, UTCDateTime, utcnow
from factcheck.enums import ChangeAction, ClaimStatus, DatePrecision, Stance, Wording
from factcheck.errors import Ambiguous, InvalidInput, NotFound
from factcheck.services.dates import PartialDate, format_date
from factcheck.services.lookup import found_or_created, id_number, topic_name
from factcheck.services.text import (
    clean_language,
    clean_optional,
    clean_text,
    enum_member,
    normalize_key,
)

CANDIDATES_SHOWN = 5


def _timestamps() -> tuple[Any, Any]:
    return column("created_at", UTCDateTime), column("updated_at", UTCDateTime)


# The columns written and read here, with the types the models give them (a test compares).
CLAIMS = table(
    "claims",
    column("id", Integer),
    column("text", Text),
    column("wording", StrEnumType(Wording)),
    column("speaker_id", Integer),
    column("stated_on", Date),
    column("stated_precision", StrEnumType(DatePrecision)),
    column("stated_time", Time),
    column("venue", Text),
    column("language", String),
    column("first_source_id", Integer),
    column("status", StrEnumType(ClaimStatus)),
    column("retracted_at", UTCDateTime),
    column("retraction_reason", Text),
    *_timestamps(),
)
CLAIM_TOPICS = table(
    "claim_topics",
    column("id", Integer),
    column("claim_id", Integer),
    column("topic_id", Integer),
    *_timestamps(),
)
CLAIM_STANCES = table(
    "claim_stances",
    column("id", Integer),
    column("claim_id", Integer),
    column("proposition_id", Integer),
    column("stance", StrEnumType(Stance)),
    *_timestamps(),
)
TOPICS = table(
    "topics", column("id", Integer), column("name", String), column("slug", String), *_timestamps()
)
CHANGE_LOG = table(
    "change_log",
    column("id", Integer),
    column("user_name", String),
    column("action", StrEnumType(ChangeAction)),
    column("object_type", String),
    column("object_id", Integer),
    column("changes", JSON),
    *_timestamps(),
)
LIGHT_TABLES = (CLAIMS, CLAIM_TOPICS, CLAIM_STANCES, TOPICS, CHANGE_LOG)


def insert_logged(
    session: Session,
    into: TableClause,
    values: Mapping[str, Any],
    *,
    extra: Mapping[str, Any] | None = None,
) -> int:
    """Insert a row of ``values`` and log it; ``extra`` entries follow its columns in the
    log (a claim's topics). Returns the new row's id."""
    now = utcnow()
    statement = insert(into).values(**values, created_at=now, updated_at=now)
    row_id: int = session.execute(statement.returning(into.c.id)).scalar_one()
    changes = inserted(values) | dict(extra or {})
    if changes:
        entry = {
            "user_name": session.info.get("user") or current_user(),
            "action": ChangeAction.INSERT,
            "object_type": into.name,
            "object_id": row_id,
            "changes": changes,
            "created_at": now,
            "updated_at": now,
        }
        session.execute(insert(CHANGE_LOG).values(entry))
    return row_id


# Topics.

_TOPIC_BY_SLUG = text("SELECT id FROM topics WHERE slug = :slug")


def topic_id(session: Session, name: str) -> int:
    """The id of the topic called ``name`` (matched by slug), created when it is new."""
    name, slug = topic_name(name)
    session.flush()

    def find() -> int | None:
        found: int | None = session.scalar(_TOPIC_BY_SLUG, {"slug": slug})
        return found

    tag, _ = found_or_created(
        session, find, lambda: insert_logged(session, TOPICS, {"name": name, "slug": slug})
    )
    return tag


# Actors.


class Named(NamedTuple):
    """An actor's id and name."""

    id: int
    name: str

    @property
    def label(self) -> str:
        return f"{self.name} (#{self.id})"


_ACTOR_BY_ID = text("SELECT id, name, merged_into_id FROM actors WHERE id = :id")
# Actors merged into another are left out of every look-up by name.
_ACTORS_NAMED = (
    text("SELECT id, name FROM actors WHERE name = :name AND merged_into_id IS NULL ORDER BY id"),
    text(
        "SELECT id, name FROM actors WHERE name_key = :key AND merged_into_id IS NULL ORDER BY id"
    ),
    text(
        "SELECT DISTINCT a.id, a.name FROM actors AS a"
        " JOIN actor_aliases AS l ON l.actor_id = a.id"
        " WHERE l.alias_key = :key AND a.merged_into_id IS NULL ORDER BY a.id"
    ),
)
_ALL_NAMES = (
    text("SELECT id, name_key, name FROM actors WHERE merged_into_id IS NULL"),
    text(
        "SELECT a.id, l.alias_key, a.name FROM actors AS a"
        " JOIN actor_aliases AS l ON l.actor_id = a.id WHERE a.merged_into_id IS NULL"
    ),
)


def _actor_by_id(session: Session, reference: str) -> Named | None:
    """The actor with the id ``reference`` spells, or the one it was merged into."""
    number = id_number(reference)
    while number is not None:
        row = session.execute(_ACTOR_BY_ID, {"id": number}).first()
        if row is None:
            return None
        if row.merged_into_id is None:
            return Named(row.id, row.name)
        number = row.merged_into_id
    return None


def actor_matches(session: Session, name: str) -> list[Named]:
    """Actors that ``name`` denotes: by id, exact name, folded name, then alias."""
    session.flush()
    by_id = _actor_by_id(session, name.strip())
    if by_id is not None:
        return [by_id]
    bound = {"name": name.strip(), "key": normalize_key(name)}
    for statement in _ACTORS_NAMED:
        found = [Named(row.id, row.name) for row in session.execute(statement, bound)]
        if found:
            return found
    return []


def closest_names(session: Session, name: str, limit: int = CANDIDATES_SHOWN) -> list[str]:
    """The known actors whose names or aliases look most like ``name``."""
    import difflib

    key = normalize_key(name)
    labels: dict[str, str] = {}
    for statement in _ALL_NAMES:
        for actor_id, candidate_key, actor_name in session.execute(statement):
            labels.setdefault(candidate_key, Named(actor_id, actor_name).label)
    close = difflib.get_close_matches(key, list(labels), n=limit * 2, cutoff=0.5)
    if not close:
        close = [k for k in labels if key and (key in k or k in key)]
    return list(dict.fromkeys(labels[k] for k in close))[:limit]


def resolve_actor(session: Session, name: str, *, role: str = "actor") -> Named:
    """The one actor ``name`` denotes, or an error listing the candidates."""
    if not name or not name.strip():
        raise InvalidInput(f"{role} name is empty", f"give the {role}'s name, alias or id")
    found = actor_matches(session, name)
    if len(found) == 1:
        return found[0]
    if found:
        raise Ambiguous(
            f"{role} {name!r} matches {len(found)} actors: "
            + ", ".join(actor.label for actor in found[:CANDIDATES_SHOWN]),
            "give the id, e.g. #" + str(found[0].id),
        )
    candidates = closest_names(session, name)
    hint = "did you mean: " + ", ".join(candidates) if candidates else None
    create = "add it with --new" if role != "actor" else "add it with: factcheck actor add"
    raise NotFound(f"no {role} named {name!r}", f"{hint}; or {create}" if hint else create)


# Claims.


def parse_stance(value: Stance | str) -> Stance:
    """A stance from its name; anything else is an error listing the choices."""
    return enum_member(Stance, value, "stance")


def require_stance_pair(proposition: object | None, stance: Stance | str | None) -> None:
    """A stance is taken on a proposition: both are given, or neither."""
    if (proposition is None) != (stance is None):
        raise InvalidInput(
            "a stance needs a proposition, and a proposition a stance",
            "give both --proposition ID and --stance, or neither",
        )


def add_claim(
    session: Session,
    *,
    text: str,
    speaker_id: int,
    said: PartialDate | None = None,
    venue: str | None = None,
    source_id: int | None = None,
    wording: Wording = Wording.PARAPHRASE,
    topics: Sequence[str] = (),
    language: str | None = None,
    proposition_id: int | None = None,
    stance: Stance | str | None = None,
) -> int:
    """A new claim by the actor ``speaker_id``, tagged with ``topics`` (new ones are
    created); with ``proposition_id`` and ``stance``, the side it takes. Returns its id."""
    text = clean_text(text, field="claim text")
    require_stance_pair(proposition_id, stance)
    values = {
        "text": text,
        "wording": Wording(wording),
        "speaker_id": speaker_id,
        "stated_on": said.value if said else None,
        "stated_precision": said.precision if said else None,
        "stated_time": said.clock if said else None,
        "venue": clean_optional(venue, field="venue"),
        "language": clean_language(language),
        "first_source_id": source_id,
        "status": ClaimStatus.ACTIVE,
    }
    tags = sorted({topic_id(session, name) for name in topics})
    # The claim's insert logs its topics, as the ORM logs a many-to-many collection.
    claim_id = insert_logged(
        session, CLAIMS, values, extra={"topics": [None, tags]} if tags else None
    )
    if tags:
        now = utcnow()
        session.execute(
            insert(CLAIM_TOPICS),
            [
                {"claim_id": claim_id, "topic_id": tag, "created_at": now, "updated_at": now}
                for tag in tags
            ],
        )
    if proposition_id is not None and stance is not None:
        insert_logged(
            session,
            CLAIM_STANCES,
            {
                "claim_id": claim_id,
                "proposition_id": proposition_id,
                "stance": parse_stance(stance),
            },
        )
    return claim_id


# Claim views: the stable JSON shape of a claim (docs/json/claim.md).

_VIEWED = (
    "id", "text", "wording", "speaker_id", "stated_on", "stated_precision", "stated_time",
    "venue", "language", "first_source_id", "status", "retracted_at", "retraction_reason",
    "created_at", "updated_at",
)  # fmt: skip
# A claim's columns as the view reads them, its speaker's name and its first source's address.
_VIEW_ROWS = (
    text(
        "SELECT " + ", ".join(f"c.{name}" for name in _VIEWED) + ", a.name AS speaker_name,"
        " s.url AS source_url"
        " FROM claims AS c JOIN actors AS a ON a.id = c.speaker_id"
        " LEFT JOIN sources AS s ON s.id = c.first_source_id WHERE c.id IN :ids"
    )
    .bindparams(bindparam("ids", expanding=True))
    .columns(*(CLAIMS.c[name] for name in _VIEWED), speaker_name=String, source_url=String)
)
_VIEW_TOPICS = text(
    "SELECT ct.claim_id, t.slug, t.name FROM claim_topics AS ct"
    " JOIN topics AS t ON t.id = ct.topic_id WHERE ct.claim_id IN :ids"
).bindparams(bindparam("ids", expanding=True))
_VIEW_STANCES = (
    text(
        "SELECT s.claim_id, s.proposition_id, p.text, s.stance FROM claim_stances AS s"
        " JOIN propositions AS p ON p.id = s.proposition_id"
        " WHERE s.claim_id IN :ids ORDER BY s.proposition_id"
    )
    .bindparams(bindparam("ids", expanding=True))
    .columns(
        CLAIM_STANCES.c.claim_id,
        CLAIM_STANCES.c.proposition_id,
        column("text", Text),
        CLAIM_STANCES.c.stance,
    )
)


def claim_views_of(session: Session, claim_ids: Sequence[int]) -> list[dict[str, Any]]:
    """The views of the claims with these ids, in that order, read as plain rows in three
    statements spelled as text: no objects made, nothing to compile (a page of search
    hits). An id with no claim is left out."""
    if not claim_ids:
        return []
    ids = {"ids": list(claim_ids)}
    tags: dict[int, list[tuple[str, str]]] = {claim_id: [] for claim_id in claim_ids}
    for claim_id, slug, name in session.execute(_VIEW_TOPICS, ids):
        tags[claim_id].append((slug, name))
    topics = {claim_id: [name for _, name in sorted(found)] for claim_id, found in tags.items()}
    stances: dict[int, list[dict[str, Any]]] = {claim_id: [] for claim_id in claim_ids}
    for claim_id, proposition_id, proposition, stance in session.execute(_VIEW_STANCES, ids):
        stances[claim_id].append(stance_view(proposition_id, proposition, stance))
    rows = {row.id: row for row in session.execute(_VIEW_ROWS, ids)}
    return [
        claim_view_of(rows[claim_id], rows[claim_id].speaker_name, rows[claim_id].source_url,
                      topics[claim_id], stances[claim_id])
        for claim_id in claim_ids
        if claim_id in rows
    ]  # fmt: skip


def _clock(value: time | None) -> str | None:
    if value is None:
        return None
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


def stance_view(proposition_id: int, proposition: str, stance: Stance) -> dict[str, Any]:
    return {"proposition_id": proposition_id, "proposition": proposition, "stance": stance.value}


def claim_view_of(
    claim: Any,
    speaker: str,
    source_url: str | None,
    topics: list[str],
    stances: list[dict[str, Any]],
) -> dict[str, Any]:
    """A claim's view from anything with its columns as attributes: a claim, or a row."""
    return {
        "id": claim.id,
        "text": claim.text,
        "wording": claim.wording.value,
        "speaker": speaker,
        "speaker_id": claim.speaker_id,
        "said": format_date(claim.stated_on, claim.stated_precision),
        "said_time": _clock(claim.stated_time),
        "venue": claim.venue,
        "language": claim.language,
        "first_source_id": claim.first_source_id,
        "first_source_url": source_url,
        "topics": topics,
        "stances": stances,
        "status": claim.status.value,
        "retracted_at": claim.retracted_at.isoformat() if claim.retracted_at else None,
        "retraction_reason": claim.retraction_reason,
        "created_at": claim.created_at.isoformat(),
        "updated_at": claim.updated_at.isoformat(),
    }
