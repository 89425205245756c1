"""Which rows an export holds, and the key each is written with.

Without a filter, everything. With one, the claims it selects and everything they need: their
speakers, sources, propositions, the links between them, their verdicts and corrections, and
the actors, sources and custom scales those refer to (and the organisations of those actors,
and the actors they were merged into).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, and_, or_, select, true, union
from sqlalchemy.orm import Session

from factcheck.importers.bulk import BATCH_SIZE, batches, table_of
from factcheck.models import (
    Actor,
    Affiliation,
    Appearance,
    Claim,
    ClaimLink,
    ClaimStance,
    ClaimTopic,
    Correction,
    Evidence,
    Proposition,
    RatingScale,
    Source,
    Topic,
    Verdict,
)

ACTORS = table_of(Actor)
SOURCES = table_of(Source)
PROPOSITIONS = table_of(Proposition)
CLAIMS = table_of(Claim)
APPEARANCES = table_of(Appearance)
EVIDENCE = table_of(Evidence)
LINKS = table_of(ClaimLink)
VERDICTS = table_of(Verdict)
CORRECTIONS = table_of(Correction)
SCALES = table_of(RatingScale)

# The kind each table's generated keys start with: ``claim-12``.
KINDS = {
    "actors": "actor",
    "sources": "source",
    "propositions": "proposition",
    "claims": "claim",
    "appearances": "appearance",
    "evidence": "evidence",
    "claim_links": "link",
    "verdicts": "verdict",
    "corrections": "correction",
}


class KeyNamer:
    """The key of each row: its import key, else ``<kind>-<id>``; should that be another
    row's import key, ``<kind>-<id>-2`` (and so on), so that keys stay unique."""

    def __init__(self, kind: str, taken: Iterable[str]) -> None:
        self.kind = kind
        self.taken = set(taken)

    def __call__(self, row_id: int, import_key: str | None) -> str:
        if import_key is not None:
            return import_key
        key = f"{self.kind}-{row_id}"
        number = 1
        while key in self.taken:
            number += 1
            key = f"{self.kind}-{row_id}-{number}"
        if number > 1:
            self.taken.add(key)
        return key


@dataclass
class Selection:
    """The rows of an export: id -> key for the rows others refer to, and the conditions
    that select the rest."""

    session: Session
    claim_filter: ColumnElement[bool] | None
    actors: dict[int, str]
    sources: dict[int, str]
    propositions: dict[int, str]
    claims: dict[int, str]
    verdicts: dict[int, str]
    scales: list[int]

    @property
    def filtered(self) -> bool:
        return self.claim_filter is not None

    def selected_claims(self) -> Select[Any]:
        condition = self.claim_filter
        return select(CLAIMS.c.id).where(true() if condition is None else condition)

    def link_filter(self) -> ColumnElement[bool]:
        if not self.filtered:
            return true()
        claims = self.selected_claims()
        return and_(LINKS.c.claim_a_id.in_(claims), LINKS.c.claim_b_id.in_(claims))

    def correction_filter(self) -> ColumnElement[bool]:
        if not self.filtered:
            return true()
        claims = self.selected_claims()
        verdicts = select(VERDICTS.c.id).where(VERDICTS.c.claim_id.in_(claims))
        return or_(CORRECTIONS.c.claim_id.in_(claims), CORRECTIONS.c.verdict_id.in_(verdicts))

    def child_filter(self, table: Table) -> ColumnElement[bool]:
        """Appearances, evidence and verdicts: those of the selected claims."""
        return table.c.claim_id.in_(self.selected_claims()) if self.filtered else true()

    def namer(self, table: Table, condition: ColumnElement[bool]) -> KeyNamer:
        kind = KINDS[table.name]
        query = select(table.c.import_key).where(condition, table.c.import_key.like(f"{kind}-%"))
        return KeyNamer(kind, self.session.scalars(query))


def claim_filter(
    *, topic: Topic | None = None, speaker: Actor | None = None, claim_ids: Sequence[int] = ()
) -> ColumnElement[bool] | None:
    """The claims that match every filter given; None when none is."""
    conditions: list[ColumnElement[bool]] = []
    if topic is not None:
        tagged = select(ClaimTopic.claim_id).where(ClaimTopic.topic_id == topic.id)
        conditions.append(CLAIMS.c.id.in_(tagged))
    if speaker is not None:
        conditions.append(CLAIMS.c.speaker_id == speaker.id)
    if claim_ids:
        conditions.append(CLAIMS.c.id.in_(list(claim_ids)))
    return and_(*conditions) if conditions else None


def select_rows(session: Session, condition: ColumnElement[bool] | None) -> Selection:
    """Everything an export of the claims ``condition`` selects (all, when None) holds."""
    selection = Selection(session, condition, {}, {}, {}, {}, {}, [])
    claims = selection.selected_claims()
    verdicts = selection.child_filter(VERDICTS)
    selection.claims = _keyed(selection, CLAIMS, selection.claim_filter)
    selection.verdicts = _keyed(selection, VERDICTS, verdicts)
    corrections = selection.correction_filter()
    if not selection.filtered:
        selection.propositions = _keyed(selection, PROPOSITIONS, None)
        selection.sources = _keyed(selection, SOURCES, None)
        selection.actors = _keyed(selection, ACTORS, None)
        selection.scales = list(
            session.scalars(select(SCALES.c.id).where(~SCALES.c.is_builtin).order_by(SCALES.c.id))
        )
        return selection
    assert condition is not None
    stances = select(ClaimStance.proposition_id).where(ClaimStance.claim_id.in_(claims))
    selection.propositions = _keyed(selection, PROPOSITIONS, PROPOSITIONS.c.id.in_(stances))
    used_sources = union(
        select(CLAIMS.c.first_source_id).where(condition),
        select(APPEARANCES.c.source_id).where(APPEARANCES.c.claim_id.in_(claims)),
        select(EVIDENCE.c.source_id).where(EVIDENCE.c.claim_id.in_(claims)),
        select(VERDICTS.c.review_source_id).where(verdicts),
        select(CORRECTIONS.c.source_id).where(corrections),
    )
    selection.sources = _keyed(selection, SOURCES, SOURCES.c.id.in_(used_sources))
    scales = select(VERDICTS.c.scale_id).where(verdicts)
    selection.scales = list(
        session.scalars(
            select(SCALES.c.id)
            .where(~SCALES.c.is_builtin, SCALES.c.id.in_(scales))
            .order_by(SCALES.c.id)
        )
    )
    used_actors = union(
        select(CLAIMS.c.speaker_id).where(condition),
        select(VERDICTS.c.reviewer_id).where(verdicts),
        select(CORRECTIONS.c.issued_by_id).where(corrections),
    )
    actor_ids = set(session.scalars(used_actors))
    actor_ids |= _publishers(session, SOURCES, selection.sources)
    actor_ids |= _publishers(session, SCALES, selection.scales)
    actor_ids = _with_organizations(session, actor_ids)
    selection.actors = _keyed_ids(selection, ACTORS, sorted(actor_ids))
    return selection


def _keyed(
    selection: Selection, table: Table, condition: ColumnElement[bool] | None
) -> dict[int, str]:
    where = true() if condition is None else condition
    namer = selection.namer(table, where)
    query = select(table.c.id, table.c.import_key).where(where).order_by(table.c.id)
    return {row_id: namer(row_id, key) for row_id, key in selection.session.execute(query)}


def _keyed_ids(selection: Selection, table: Table, ids: Sequence[int]) -> dict[int, str]:
    rows: list[tuple[int, str | None]] = []
    for chunk in batches(ids):
        query = select(table.c.id, table.c.import_key).where(table.c.id.in_(chunk))
        rows.extend((row_id, key) for row_id, key in selection.session.execute(query))
    rows.sort()
    kind = KINDS[table.name]
    namer = KeyNamer(kind, [key for _id, key in rows if key and key.startswith(f"{kind}-")])
    return {row_id: namer(row_id, key) for row_id, key in rows}


def _publishers(session: Session, table: Table, ids: Iterable[int]) -> set[int]:
    found: set[int] = set()
    for chunk in batches(list(ids)):
        query = select(table.c.publisher_id).where(
            table.c.id.in_(chunk), table.c.publisher_id.is_not(None)
        )
        found.update(session.scalars(query))
    return found


def _with_organizations(session: Session, actor_ids: set[int]) -> set[int]:
    """``actor_ids`` and, again and again, the organisations they belong to and the actors
    they were merged into, until nothing new comes in."""
    everyone = {actor_id for actor_id in actor_ids if actor_id is not None}
    frontier = sorted(everyone)
    affiliations = table_of(Affiliation)
    while frontier:
        found: set[int] = set()
        for start in range(0, len(frontier), BATCH_SIZE):
            chunk = frontier[start : start + BATCH_SIZE]
            found.update(
                session.scalars(
                    select(affiliations.c.organization_id).where(
                        affiliations.c.actor_id.in_(chunk),
                        affiliations.c.organization_id.is_not(None),
                    )
                )
            )
            found.update(
                session.scalars(
                    select(ACTORS.c.merged_into_id).where(
                        ACTORS.c.id.in_(chunk), ACTORS.c.merged_into_id.is_not(None)
                    )
                )
            )
        frontier = sorted(found - everyone)
        everyone |= found
    return everyone
