"""The roles an actor held, and those held at the time of a statement."""

from datetime import date
from typing import Any, NamedTuple

from factcheck.models import Affiliation, DatePrecision
from factcheck.reports.periods import covers, period
from factcheck.services.dates import format_date


class Held(NamedTuple):
    """What a report shows of an affiliation."""

    role: str | None
    organization_id: int | None
    started_on: date | None
    started_precision: DatePrecision | None
    ended_on: date | None
    ended_precision: DatePrecision | None


Role = tuple[Held, str | None]
"""An affiliation and the name of its organisation."""


def role_view(affiliation: Held | Affiliation, organization: str | None) -> dict[str, Any]:
    return {
        "role": affiliation.role,
        "organization": organization,
        "organization_id": affiliation.organization_id,
        "from": format_date(affiliation.started_on, affiliation.started_precision),
        "until": format_date(affiliation.ended_on, affiliation.ended_precision),
    }


def roles_at(
    roles: list[Role], on: date | None, precision: DatePrecision | None
) -> list[dict[str, Any]]:
    """The roles held at a date (any part of its day, month or year); for an undated
    statement, the roles that have no dates at all."""
    held = []
    for affiliation, organization in roles:
        started = period(affiliation.started_on, affiliation.started_precision)
        ended = period(affiliation.ended_on, affiliation.ended_precision)
        if covers(started, ended, period(on, precision)):
            held.append(role_view(affiliation, organization))
    return held
