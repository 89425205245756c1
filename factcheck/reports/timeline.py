"""A topic's timeline: its claims, the verdicts on them and their corrections, in date order."""

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from factcheck.errors import InvalidInput
from factcheck.models import Topic
from factcheck.reports.periods import period
from factcheck.reports.queries import TAGGED
from factcheck.reports.records import load_claims
from factcheck.services.dates import PartialDate, parse_date

_KIND_ORDER = {"claim": 0, "verdict": 1, "correction": 2}


def timeline_report(
    session: Session,
    topic: Topic,
    *,
    since: PartialDate | None = None,
    until: PartialDate | None = None,
    include_retracted: bool = False,
) -> dict[str, Any]:
    """The events of a topic's claims, oldest first, undated ones last
    (docs/json/report-timeline.md).

    The claims are those tagged with the topic or taking a stance on a proposition that is.
    ``since`` and ``until`` take whole periods; an event is in the range when its date falls in
    it, and undated events are left out when either is given. Superseded verdicts are events too.
    """
    start = period(since.value, since.precision) if since else None
    end = period(until.value, until.precision) if until else None
    if start and end and end[1] < start[0]:
        raise InvalidInput(f"--until {until} is before --since {since}")
    active = "" if include_retracted else " AND status = 'active'"
    ids = session.scalars(
        text(f"SELECT id FROM claims WHERE id IN ({TAGGED}){active}"), {"topic": topic.id}
    ).all()
    loaded = load_claims(session, ids, include_retracted=include_retracted, verdict_history=True)
    events = [event for claim in loaded.claims.values() for event in _events(claim)]
    if start or end:
        events = [event for event in events if _within(event, start, end)]
    events.sort(key=_order)
    return {
        "report": "timeline",
        "topic": topic.name,
        "filters": {
            "since": str(since) if since else None,
            "until": str(until) if until else None,
            "include_retracted": include_retracted,
        },
        "count": len(events),
        "events": events,
    }


def _events(claim: dict[str, Any]) -> list[dict[str, Any]]:
    about = {"claim_id": claim["id"], "claim_speaker": claim["speaker"]["name"]}
    found = [
        {
            "date": claim["said"],
            "time": claim["said_time"],
            "kind": "claim",
            "id": claim["id"],
            **about,
            "actor": claim["speaker"],
            "text": claim["text"],
            "wording": claim["wording"],
            "venue": claim["venue"],
            "status": claim["status"],
        }
    ]
    for verdict in claim["verdicts"]:
        found.append(
            {
                "date": verdict["date"],
                "time": None,
                "kind": "verdict",
                "id": verdict["id"],
                **about,
                "actor": {"id": verdict["reviewer_id"], "name": verdict["reviewer"], "roles": []},
                "text": verdict["rating"],
                "scale": verdict["scale"],
                "bucket": verdict["bucket"],
                "explanation": verdict["explanation"],
                "is_current": verdict["is_current"],
                "superseded_by_id": verdict["superseded_by_id"],
            }
        )
    for correction in claim["corrections"]:
        found.append(
            {
                "date": correction["date"],
                "time": None,
                "kind": "correction",
                "id": correction["id"],
                **about,
                "actor": correction["issued_by"],
                "text": correction["text"],
                "correction_kind": correction["kind"],
                "target": correction["target"],
                "source": correction["source"],
            }
        )
    return [
        {"date": event["date"], "date_precision": _precision(event["date"]), **event}
        for event in found
    ]


def _precision(text: str | None) -> str | None:
    """``day``, ``month`` or ``year``, from how a formatted date is written."""
    if text is None:
        return None
    return {10: "day", 7: "month"}.get(len(text), "year")


def _within(event: dict[str, Any], start: Any, end: Any) -> bool:
    if event["date"] is None:
        return False
    day = parse_date(event["date"])
    when = period(day.value, day.precision)
    assert when is not None
    return (start is None or when[0] >= start[0]) and (end is None or when[0] <= end[1])


def _order(event: dict[str, Any]) -> tuple[Any, ...]:
    """Date order by the first day of each period, undated last; claims before the verdicts
    and corrections of the same day."""
    return (
        event["date"] is None,
        (event["date"] or "").ljust(10, "-"),
        event["time"] or "",
        _KIND_ORDER[event["kind"]],
        event["id"],
    )
