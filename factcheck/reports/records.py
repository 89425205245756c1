"""Everything the reports show about a set of claims, read with a fixed number of queries.

The claims are named by a list of ids sent as one parameter (``queries.ids_select``), and
every query below filters with ``IN`` that list: the number of statements a report runs does
not depend on how many claims it covers. The statements are SQL text (``queries``), and each
finds its rows through an index.
"""

from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date, time
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from factcheck.models import DatePrecision, Source
from factcheck.reports.queries import (
    DATE,
    PRECISION,
    STAMP,
    TIME,
    ids_select,
    ids_value,
    link_statuses_sql,
    source_columns,
    source_types,
    statement,
)
from factcheck.reports.roles import Held, Role, roles_at
from factcheck.services.dates import format_date


@dataclass(frozen=True)
class Loaded:
    """The claims by id (each the ``claim`` object of docs/json/report-claim.md), and the topic
    names of every proposition they take a stance on."""

    claims: dict[int, dict[str, Any]]
    proposition_topics: dict[int, list[str]] = field(default_factory=dict)


def load_claims(
    session: Session,
    ids: Collection[int],
    *,
    include_suggested: bool = False,
    include_retracted: bool = False,
    verdict_history: bool = False,
) -> Loaded:
    """The claims ``ids``, with all they carry; ten queries whatever their number.

    ``verdicts`` holds the current verdicts, or every verdict with ``verdict_history``.
    Repeats by retracted claims are left out unless ``include_retracted``.
    """
    reader = _Reader(session, ids)
    claims, said = _claims(reader)
    for claim_id, name in reader.rows(
        "SELECT ct.claim_id, t.name FROM claim_topics ct JOIN topics t ON t.id = ct.topic_id"
        " WHERE ct.claim_id IN ({ids}) ORDER BY ct.claim_id, t.slug"
    ):
        claims[claim_id]["topics"].append(name)
    for claim_id, stance in _stances(reader):
        claims[claim_id]["stances"].append(stance)
    for claim_id, appearance in _appearances(reader):
        claims[claim_id]["appearances"].append(appearance)
    _add_repeats(reader, claims, include_suggested, include_retracted)
    for claim_id, evidence in _evidence(reader):
        claims[claim_id]["evidence"].append(evidence)
    for claim_id, verdict in _verdicts(reader, history=verdict_history):
        claims[claim_id]["verdicts"].append(verdict)
    corrections = list(_corrections(reader))
    actors = {record["speaker"]["id"] for record in claims.values()}
    actors.update(correction["issued_by"]["id"] for _, correction, _ in corrections)
    roles = _affiliations(_Reader(session, actors))
    for claim_id, correction, issued in corrections:
        issuer = correction["issued_by"]
        issuer["roles"] = roles_at(roles.get(issuer["id"], []), *issued)
        claims[claim_id]["corrections"].append(correction)
    for claim_id, record in claims.items():
        speaker = record["speaker"]
        speaker["roles"] = roles_at(roles.get(speaker["id"], []), *said[claim_id])
    return Loaded(claims, _proposition_topics(reader))


class _Reader:
    """Runs statements over the claims (or other rows) ``ids``: ``{ids}`` in their text stands
    for the SELECT of those ids."""

    def __init__(self, session: Session, ids: Collection[int]) -> None:
        self.session = session
        self.ids = ids_select(session)
        self.parameters = {"ids": ids_value(session, ids)}

    def rows(self, sql: str, **types: Any) -> Iterator[Any]:
        return iter(
            self.session.execute(statement(sql.format(ids=self.ids), **types), self.parameters)
        )


@lru_cache(maxsize=4096)
def date_text(value: date | None, precision: DatePrecision | None) -> str | None:
    """``format_date``, remembered: many records share a date, and reports show thousands."""
    return format_date(value, precision)


def source_ref(source: Source | None, publisher: str | None) -> dict[str, Any] | None:
    """How a report names a source."""
    if source is None:
        return None
    return source_view(
        source.id,
        source.url,
        source.title,
        source.kind.value,
        source.published_on,
        source.published_precision,
        publisher,
    )


def source_view(
    source_id: int | None,
    url: str | None,
    title: str | None,
    kind: str,
    published_on: date | None,
    published_precision: DatePrecision | None,
    publisher: str | None,
) -> dict[str, Any] | None:
    """``source_ref`` of a source given by the columns of ``queries.source_columns``: None when
    there is no source (its id is NULL)."""
    if source_id is None:
        return None
    return {
        "id": source_id,
        "url": url,
        "title": title,
        "kind": kind,
        "publisher": publisher,
        "published": format_date(published_on, published_precision),
    }


def clock(value: time | None) -> str | None:
    if value is None:
        return None
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


Said = tuple[date | None, DatePrecision | None]


def _claims(reader: _Reader) -> tuple[dict[int, dict[str, Any]], dict[int, Said]]:
    """The claims by id, and the date each was said."""
    rows = reader.rows(
        "SELECT c.id, c.text, c.wording, c.status, c.retracted_at AS c_retracted_at,"
        " c.retraction_reason, c.speaker_id, c.stated_on AS c_stated_on,"
        " c.stated_precision AS c_stated_precision, c.stated_time AS c_stated_time, c.venue,"
        f" c.language, a.name, {source_columns('s', 'p')}"
        " FROM claims c JOIN actors a ON a.id = c.speaker_id"
        " LEFT JOIN sources s ON s.id = c.first_source_id"
        " LEFT JOIN actors p ON p.id = s.publisher_id"
        " WHERE c.id IN ({ids}) ORDER BY c.id",
        c_retracted_at=STAMP,
        c_stated_on=DATE,
        c_stated_precision=PRECISION,
        c_stated_time=TIME,
        **source_types("s"),
    )
    found: dict[int, dict[str, Any]] = {}
    said: dict[int, Said] = {}
    for (
        claim_id,
        text,
        wording,
        status,
        retracted_at,
        retraction_reason,
        speaker_id,
        stated_on,
        precision,
        stated_time,
        venue,
        language,
        speaker,
        *source,
    ) in rows:
        said[claim_id] = (stated_on, precision)
        found[claim_id] = {
            "id": claim_id,
            "text": text,
            "wording": wording,
            "status": status,
            "retracted_at": retracted_at.isoformat() if retracted_at else None,
            "retraction_reason": retraction_reason,
            "speaker": {"id": speaker_id, "name": speaker, "roles": []},
            "said": date_text(stated_on, precision),
            "said_precision": str(precision) if precision else None,
            "said_time": clock(stated_time),
            "venue": venue,
            "language": language,
            "topics": [],
            "stances": [],
            "first_source": source_view(*source),
            "appearances": [],
            "repeats": [],
            "repeat_of": [],
            "evidence": [],
            "verdicts": [],
            "corrections": [],
        }
    return found, said


def _stances(reader: _Reader) -> Iterator[tuple[int, dict[str, Any]]]:
    rows = reader.rows(
        "SELECT cs.claim_id, cs.proposition_id, cs.stance, pr.text FROM claim_stances cs"
        " JOIN propositions pr ON pr.id = cs.proposition_id"
        " WHERE cs.claim_id IN ({ids}) ORDER BY cs.claim_id, cs.proposition_id"
    )
    for claim_id, proposition_id, stance, text in rows:
        yield claim_id, {"proposition_id": proposition_id, "proposition": text, "stance": stance}


def _proposition_topics(reader: _Reader) -> dict[int, list[str]]:
    rows = reader.rows(
        "SELECT pt.proposition_id, t.name FROM proposition_topics pt"
        " JOIN topics t ON t.id = pt.topic_id"
        " WHERE pt.proposition_id IN"
        " (SELECT cs.proposition_id FROM claim_stances cs WHERE cs.claim_id IN ({ids}))"
        " ORDER BY pt.proposition_id, t.slug"
    )
    found: dict[int, list[str]] = defaultdict(list)
    for proposition_id, name in rows:
        found[proposition_id].append(name)
    return dict(found)


def _appearances(reader: _Reader) -> Iterator[tuple[int, dict[str, Any]]]:
    rows = reader.rows(
        "SELECT ap.id, ap.claim_id, ap.appeared_on AS ap_appeared_on,"
        " ap.appeared_precision AS ap_appeared_precision, ap.locator, ap.excerpt,"
        f" {source_columns('s', 'p')}"
        " FROM appearances ap JOIN sources s ON s.id = ap.source_id"
        " LEFT JOIN actors p ON p.id = s.publisher_id"
        " WHERE ap.claim_id IN ({ids})"
        " ORDER BY ap.appeared_on IS NULL, ap.appeared_on, ap.id",
        ap_appeared_on=DATE,
        ap_appeared_precision=PRECISION,
        **source_types("s"),
    )
    for appearance_id, claim_id, appeared_on, precision, locator, excerpt, *source in rows:
        yield (
            claim_id,
            {
                "id": appearance_id,
                "date": format_date(appeared_on, precision),
                "locator": locator,
                "excerpt": excerpt,
                "source": source_view(*source),
            },
        )


def _claim_columns(alias: str, speaker: str) -> str:
    """The columns of a claim that ``_related`` takes."""
    return (
        f"{alias}.id, {alias}.text, {alias}.wording, {speaker}.name, {alias}.speaker_id,"
        f" {alias}.stated_on AS {alias}_stated_on,"
        f" {alias}.stated_precision AS {alias}_stated_precision, {alias}.venue, {alias}.status"
    )


def _add_repeats(
    reader: _Reader,
    claims: dict[int, dict[str, Any]],
    include_suggested: bool,
    include_retracted: bool,
) -> None:
    """``repeats``: the claims that say a claim again; ``repeat_of``: those it says again."""
    rows = reader.rows(
        f"SELECT l.id, l.status, {_claim_columns('rc', 'rs')}, {_claim_columns('oc', 'os')}"
        " FROM claim_links l"
        " JOIN claims rc ON rc.id = l.claim_a_id JOIN actors rs ON rs.id = rc.speaker_id"
        " JOIN claims oc ON oc.id = l.claim_b_id JOIN actors os ON os.id = oc.speaker_id"
        f" WHERE l.kind = 'repeats' AND l.status IN {link_statuses_sql(include_suggested)}"
        # Each side through its own index: an OR of the two would read every link.
        " AND l.id IN (SELECT id FROM claim_links WHERE claim_a_id IN ({ids})"
        " UNION SELECT id FROM claim_links WHERE claim_b_id IN ({ids}))"
        " ORDER BY rc.stated_on IS NULL, rc.stated_on, l.id",
        rc_stated_on=DATE,
        rc_stated_precision=PRECISION,
        oc_stated_on=DATE,
        oc_stated_precision=PRECISION,
    )
    for link_id, status, *sides in rows:
        repeat, original = sides[:9], sides[9:]
        if original[0] in claims and (include_retracted or repeat[8] == "active"):
            claims[original[0]]["repeats"].append(_related(link_id, status, *repeat))
        if repeat[0] in claims and (include_retracted or original[8] == "active"):
            claims[repeat[0]]["repeat_of"].append(_related(link_id, status, *original))


def _related(
    link_id: int,
    link_status: str,
    claim_id: int,
    text: str,
    wording: str,
    speaker: str,
    speaker_id: int,
    stated_on: date | None,
    precision: DatePrecision | None,
    venue: str | None,
    status: str,
) -> dict[str, Any]:
    return {
        "link_id": link_id,
        "link_status": link_status,
        "claim_id": claim_id,
        "text": text,
        "wording": wording,
        "speaker": speaker,
        "speaker_id": speaker_id,
        "said": format_date(stated_on, precision),
        "venue": venue,
        "status": status,
    }


def _evidence(reader: _Reader) -> Iterator[tuple[int, dict[str, Any]]]:
    rows = reader.rows(
        "SELECT e.id, e.claim_id, e.stance, e.excerpt, e.locator, e.note,"
        f" {source_columns('s', 'p')}"
        " FROM evidence e JOIN sources s ON s.id = e.source_id"
        " LEFT JOIN actors p ON p.id = s.publisher_id"
        " WHERE e.claim_id IN ({ids}) ORDER BY e.id",
        **source_types("s"),
    )
    for evidence_id, claim_id, stance, excerpt, locator, note, *source in rows:
        yield (
            claim_id,
            {
                "id": evidence_id,
                "stance": stance,
                "excerpt": excerpt,
                "locator": locator,
                "note": note,
                "source": source_view(*source),
            },
        )


def _verdicts(reader: _Reader, *, history: bool) -> Iterator[tuple[int, dict[str, Any]]]:
    rows = reader.rows(
        "SELECT v.id, v.claim_id, v.reviewer_id, v.reviewed_on AS v_reviewed_on,"
        " v.reviewed_precision AS v_reviewed_precision, v.explanation, v.review_url,"
        " v.supersedes_id, a.name, sc.slug, lv.label, lv.bucket, lv.score, w.id"
        " FROM verdicts v JOIN actors a ON a.id = v.reviewer_id"
        " JOIN rating_scales sc ON sc.id = v.scale_id"
        " JOIN rating_levels lv ON lv.id = v.level_id"
        " LEFT JOIN verdicts w ON w.supersedes_id = v.id"
        " WHERE v.claim_id IN ({ids})"
        + ("" if history else " AND w.id IS NULL")
        + " ORDER BY v.id",
        v_reviewed_on=DATE,
        v_reviewed_precision=PRECISION,
    )
    for (
        verdict_id,
        claim_id,
        reviewer_id,
        reviewed_on,
        reviewed_precision,
        explanation,
        url,
        supersedes_id,
        reviewer,
        scale,
        rating,
        bucket,
        score,
        superseded_by,
    ) in rows:
        yield (
            claim_id,
            {
                "id": verdict_id,
                "reviewer": reviewer,
                "reviewer_id": reviewer_id,
                "scale": scale,
                "rating": rating,
                "bucket": bucket,
                "score": score,
                "date": date_text(reviewed_on, reviewed_precision),
                "explanation": explanation,
                "url": url,
                "supersedes_id": supersedes_id,
                "superseded_by_id": superseded_by,
                "is_current": superseded_by is None,
            },
        )


# The corrections of the claims, and of their verdicts: each through its own index.
_CORRECTED = (
    "SELECT id FROM corrections WHERE claim_id IN ({ids})"
    " UNION SELECT k.id FROM corrections k JOIN verdicts v ON v.id = k.verdict_id"
    " WHERE v.claim_id IN ({ids})"
)


def _corrections(reader: _Reader) -> Iterator[tuple[int, dict[str, Any], Said]]:
    """(claim id, correction, (issued on, precision)) for corrections of the claims and of
    their verdicts."""
    rows = reader.rows(
        "SELECT k.id, k.claim_id, k.verdict_id, k.kind, k.issued_by_id,"
        " k.issued_on AS k_issued_on, k.issued_precision AS k_issued_precision, k.text,"
        f" b.name, v.claim_id, {source_columns('s', 'p')}"
        " FROM corrections k JOIN actors b ON b.id = k.issued_by_id"
        " LEFT JOIN sources s ON s.id = k.source_id"
        " LEFT JOIN actors p ON p.id = s.publisher_id"
        " LEFT JOIN verdicts v ON v.id = k.verdict_id"
        f" WHERE k.id IN ({_CORRECTED})"
        " ORDER BY k.issued_on IS NULL, k.issued_on, k.id",
        k_issued_on=DATE,
        k_issued_precision=PRECISION,
        **source_types("s"),
    )
    for (
        correction_id,
        corrected_claim,
        verdict_id,
        kind,
        issuer_id,
        issued_on,
        precision,
        text,
        issuer,
        verdict_claim,
        *source,
    ) in rows:
        on_verdict = verdict_id is not None
        yield (
            verdict_claim if on_verdict else corrected_claim,
            {
                "id": correction_id,
                "target": f"verdict:{verdict_id}" if on_verdict else f"claim:{corrected_claim}",
                "kind": kind,
                "issued_by": {"id": issuer_id, "name": issuer, "roles": []},
                "date": format_date(issued_on, precision),
                "text": text,
                "source": source_view(*source),
            },
            (issued_on, precision),
        )


def _affiliations(actors: _Reader) -> dict[int, list[Role]]:
    """The affiliations of the actors (the claims' speakers and the issuers of their
    corrections)."""
    rows = actors.rows(
        "SELECT f.role, f.organization_id, f.started_on AS f_started_on,"
        " f.started_precision AS f_started_precision, f.ended_on AS f_ended_on,"
        " f.ended_precision AS f_ended_precision, f.actor_id, o.name"
        " FROM affiliations f LEFT JOIN actors o ON o.id = f.organization_id"
        " WHERE f.actor_id IN ({ids}) ORDER BY f.actor_id, f.started_on, f.id",
        f_started_on=DATE,
        f_started_precision=PRECISION,
        f_ended_on=DATE,
        f_ended_precision=PRECISION,
    )
    found: dict[int, list[Role]] = defaultdict(list)
    for *held, actor_id, organization_name in rows:
        found[actor_id].append((Held(*held), organization_name))
    return dict(found)
