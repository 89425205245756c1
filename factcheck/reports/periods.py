"""Dates known to the day, month or year, as the periods they stand for."""

import calendar
from datetime import date

from factcheck.models import DatePrecision

Period = tuple[date, date]


def period(value: date | None, precision: DatePrecision | None) -> Period | None:
    """The first and last day of the day, month or year a partial date names."""
    if value is None or precision is None:
        return None
    if precision is DatePrecision.YEAR:
        return date(value.year, 1, 1), date(value.year, 12, 31)
    if precision is DatePrecision.MONTH:
        last = calendar.monthrange(value.year, value.month)[1]
        return date(value.year, value.month, 1), date(value.year, value.month, last)
    return value, value


def covers(started: Period | None, ended: Period | None, when: Period | None) -> bool:
    """Whether a range from ``started`` until ``ended`` (open where None) overlaps ``when``.

    An undated ``when`` is covered only by a range with no dates at all: a role held at an
    unknown time is a role that was never bounded.
    """
    if when is None:
        return started is None and ended is None
    first, last = when
    return (started is None or started[0] <= last) and (ended is None or ended[1] >= first)
