"""Claims: add, list, show, edit and retract; and the topics that tag them."""

import calendar
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session, selectinload

from factcheck.db import utcnow
from factcheck.errors import Conflict, InvalidInput
from factcheck.models import (
    Actor,
    Appearance,
    ChangeAction,
    Claim,
    ClaimStance,
    ClaimStatus,
    ClaimTopic,
    DatePrecision,
    Proposition,
    Source,
    Stance,
    Topic,
    Wording,
)
from factcheck.models.changelog import mark_action
from factcheck.services import lookup, rows
from factcheck.services.dates import PartialDate
from factcheck.services.text import clean_language, clean_optional, clean_text, slugify


def _topics(session: Session, names: Iterable[str]) -> list[Topic]:
    found: dict[int, Topic] = {}
    for name in names:
        tag = lookup.topic(session, name)
        found.setdefault(tag.id, tag)
    return list(found.values())


def add_claim(
    session: Session,
    *,
    text: str,
    speaker: Actor,
    said: PartialDate | None = None,
    venue: str | None = None,
    source: Source | None = None,
    wording: Wording = Wording.PARAPHRASE,
    topics: Sequence[str] = (),
    language: str | None = None,
    proposition: Proposition | None = None,
    stance: Stance | None = None,
) -> Claim:
    """A new claim by ``speaker``; with ``proposition`` and ``stance``, the side it takes
    (``rows.add_claim`` with objects)."""
    session.flush()
    claim_id = rows.add_claim(
        session,
        text=text,
        speaker_id=speaker.id,
        said=said,
        venue=venue,
        source_id=source.id if source else None,
        wording=wording,
        topics=topics,
        language=language,
        proposition_id=proposition.id if proposition else None,
        stance=stance,
    )
    return session.get_one(Claim, claim_id)


def _period_end(day: PartialDate) -> date:
    """The last day of the day, month or year ``day`` names."""
    value = day.value
    if day.precision is DatePrecision.YEAR:
        return date(value.year, 12, 31)
    if day.precision is DatePrecision.MONTH:
        return date(value.year, value.month, calendar.monthrange(value.year, value.month)[1])
    return value


def claim_filters(
    *,
    speaker: Actor | None = None,
    topic: Topic | None = None,
    since: PartialDate | None = None,
    until: PartialDate | None = None,
    status: ClaimStatus | None = ClaimStatus.ACTIVE,
    source: Source | None = None,
) -> list[ColumnElement[bool]]:
    """The conditions on ``Claim`` that ``list_claims`` and search filter by."""
    if since and until and _period_end(until) < since.value:
        raise InvalidInput(f"--until {until} is before --since {since}")
    conditions: list[ColumnElement[bool]] = []
    if status is not None:
        conditions.append(Claim.status == status)
    if speaker is not None:
        conditions.append(Claim.speaker_id == speaker.id)
    if topic is not None:
        tagged = select(ClaimTopic.claim_id).where(ClaimTopic.topic_id == topic.id)
        conditions.append(Claim.id.in_(tagged))
    if since is not None:
        conditions.append(Claim.stated_on >= since.value)
    if until is not None:
        conditions.append(Claim.stated_on <= _period_end(until))
    if source is not None:
        appeared = select(Appearance.claim_id).where(Appearance.source_id == source.id)
        conditions.append(or_(Claim.first_source_id == source.id, Claim.id.in_(appeared)))
    return conditions


def list_claims(
    session: Session,
    *,
    speaker: Actor | None = None,
    topic: Topic | None = None,
    since: PartialDate | None = None,
    until: PartialDate | None = None,
    status: ClaimStatus | None = ClaimStatus.ACTIVE,
    source: Source | None = None,
    limit: int | None = None,
) -> list[Claim]:
    """Claims in the order they were said (undated last); ``status`` None means all.

    ``since`` and ``until`` take whole periods: ``until=2019-02`` includes February 28th.
    ``source`` matches the claim's first source and the sources it appeared in.
    """
    if limit is not None and limit < 1:
        raise InvalidInput(f"limit {limit} is not positive", "give 1 or more")
    statement = (
        select(Claim)
        .options(
            selectinload(Claim.speaker),
            selectinload(Claim.topics),
            selectinload(Claim.first_source),
        )
        .where(
            *claim_filters(
                speaker=speaker,
                topic=topic,
                since=since,
                until=until,
                status=status,
                source=source,
            )
        )
    )
    statement = statement.order_by(
        Claim.stated_on.is_(None),
        Claim.stated_on,
        Claim.stated_time.is_not(None),
        Claim.stated_time,
        Claim.id,
    )
    if limit is not None:
        # A limit beyond any table's size means all (and SQLite binds no larger integer).
        statement = statement.limit(min(limit, lookup.MAX_ID))
    return list(session.scalars(statement))


def edit_claim(
    session: Session,
    claim: Claim,
    *,
    text: str | None = None,
    venue: str | None = None,
    said: PartialDate | None = None,
    clear_said: bool = False,
    wording: Wording | None = None,
    language: str | None = None,
    add_topics: Sequence[str] = (),
    remove_topics: Sequence[str] = (),
) -> list[str]:
    """Change a claim; returns the names of the fields that changed.

    None leaves a field as it is; an empty ``venue`` or ``language`` clears it, and so does
    ``clear_said`` for the date. A retracted claim cannot be edited.
    """
    requested = (
        text is not None
        or venue is not None
        or said is not None
        or clear_said
        or wording is not None
        or language is not None
        or bool(add_topics)
        or bool(remove_topics)
    )
    if not requested:
        raise InvalidInput(
            f"nothing to change on claim #{claim.id}",
            "give --text, --venue, --said, --quote/--paraphrase, --language, --topic or"
            " --remove-topic",
        )
    if said is not None and clear_said:
        raise InvalidInput("give a new date or clear it, not both")
    if claim.status is ClaimStatus.RETRACTED:
        raise Conflict(
            f"claim #{claim.id} is retracted and cannot be edited",
            "add a new claim instead",
        )
    new_values: dict[str, Any] = {}
    if text is not None:
        new_values["text"] = clean_text(text, field="claim text")
    if venue is not None:
        new_values["venue"] = clean_optional(venue, field="venue")
    if language is not None:
        new_values["language"] = clean_language(language)
    if wording is not None:
        new_values["wording"] = Wording(wording)
    if said is not None or clear_said:
        new_values["stated_on"] = said.value if said else None
        new_values["stated_precision"] = said.precision if said else None
        new_values["stated_time"] = said.clock if said else None
    # Topics are found or created before any field is set, so that the edit is one flush
    # and one change-log row.
    topics = _retagged(session, claim, add_topics, remove_topics)
    changed = [key for key, value in new_values.items() if getattr(claim, key) != value]
    for key in changed:
        setattr(claim, key, new_values[key])
    if topics is not None:
        claim.topics = topics
        changed.append("topics")
    session.flush()
    return list(dict.fromkeys("said" if key.startswith("stated_") else key for key in changed))


def _retagged(
    session: Session, claim: Claim, add_topics: Sequence[str], remove_topics: Sequence[str]
) -> list[Topic] | None:
    """The claim's topics after adding and removing some; None if they stay the same."""
    current = {tag.slug: tag for tag in claim.topics}
    removed: set[str] = set()
    for name in remove_topics:
        slug = slugify(name)
        if slug not in current:
            raise InvalidInput(
                f"claim #{claim.id} has no topic {name!r}",
                "its topics: " + (", ".join(tag.name for tag in claim.topics) or "none"),
            )
        removed.add(slug)
    added = [tag for tag in _topics(session, add_topics) if tag.slug not in current]
    if not removed and not added:
        return None
    return [tag for tag in claim.topics if tag.slug not in removed] + added


def retract_claim(session: Session, claim: Claim, *, reason: str) -> Claim:
    """Mark a claim retracted, with why and when; it stays, with its links and history."""
    reason = clean_text(reason, field="reason")
    if claim.status is ClaimStatus.RETRACTED:
        when = claim.retracted_at.date().isoformat() if claim.retracted_at else "earlier"
        raise Conflict(
            f"claim #{claim.id} was already retracted on {when}",
            f"see: factcheck claim show {claim.id}",
        )
    mark_action(session, claim, ChangeAction.RETRACT)
    claim.status = ClaimStatus.RETRACTED
    claim.retracted_at = utcnow()
    claim.retraction_reason = reason
    session.flush()
    return claim


def claim_stances(session: Session, claim_ids: Sequence[int]) -> dict[int, list[ClaimStance]]:
    """The stances of several claims at once, by claim id."""
    found: dict[int, list[ClaimStance]] = {claim_id: [] for claim_id in claim_ids}
    if not claim_ids:
        return found
    rows = session.scalars(
        select(ClaimStance)
        .options(selectinload(ClaimStance.proposition))
        .where(ClaimStance.claim_id.in_(claim_ids))
        .order_by(ClaimStance.proposition_id)
    )
    for stance in rows:
        found[stance.claim_id].append(stance)
    return found


def claim_views(session: Session, claims: Sequence[Claim]) -> list[dict[str, Any]]:
    """``claim_view`` of each claim, with their stances fetched in one query."""
    stances = claim_stances(session, [claim.id for claim in claims])
    return [claim_view(claim, stances=stances[claim.id]) for claim in claims]


def claim_view(claim: Claim, *, stances: Sequence[ClaimStance] | None = None) -> dict[str, Any]:
    """The stable JSON shape of a claim (docs/json/claim.md).

    Without ``stances``, they are read from the claim's session.
    """
    if stances is None:
        session = Session.object_session(claim)
        stances = claim_stances(session, [claim.id])[claim.id] if session else []
    source = claim.first_source
    return rows.claim_view_of(
        claim,
        claim.speaker.name,
        source.url if source else None,
        [tag.name for tag in sorted(claim.topics, key=lambda tag: tag.slug)],
        [rows.stance_view(s.proposition_id, s.proposition.text, s.stance) for s in stances],
    )


def list_topics(session: Session) -> list[dict[str, Any]]:
    """Every topic with the number of active claims it tags, by slug."""
    statement = (
        select(Topic.id, Topic.name, Topic.slug, func.count(Claim.id))
        .outerjoin(ClaimTopic, ClaimTopic.topic_id == Topic.id)
        .outerjoin(Claim, and_(Claim.id == ClaimTopic.claim_id, Claim.status == ClaimStatus.ACTIVE))
        .group_by(Topic.id, Topic.name, Topic.slug)
        .order_by(Topic.slug)
    )
    return [
        {"id": topic_id, "name": name, "slug": slug, "claims": count}
        for topic_id, name, slug, count in session.execute(statement)
    ]
