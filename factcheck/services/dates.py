"""Dates as people give them: a day, a month or a year, and sometimes a time."""

import re
from dataclasses import dataclass
from datetime import date, time

from factcheck.errors import InvalidInput
from factcheck.models import DatePrecision

_DATE = re.compile(
    r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2})"
    r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?)?)?$"
)

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or the year; ``value`` is the period's first day."""

    value: date
    precision: DatePrecision
    clock: time | None = None

    def __str__(self) -> str:
        text = {
            DatePrecision.DAY: self.value.isoformat(),
            DatePrecision.MONTH: self.value.strftime("%Y-%m"),
            DatePrecision.YEAR: self.value.strftime("%Y"),
        }[self.precision]
        return f"{text} {self.clock.strftime('%H:%M')}" if self.clock else text


def parse_date(text: str, *, field: str = "date", allow_time: bool = True) -> PartialDate:
    """``2019-02-28``, ``2019-02``, ``2019``, or a day with ``HH:MM[:SS]``."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and _DAY.match(text):
        # The usual form, read without the general pattern's cost.
        try:
            return PartialDate(date.fromisoformat(text), DatePrecision.DAY)
        except ValueError:
            pass
    match = _DATE.match(text.strip())
    if not match:
        raise InvalidInput(
            f"{field} {text!r} is not a date",
            "use YYYY-MM-DD, YYYY-MM or YYYY, optionally with HH:MM",
        )
    parts = {key: int(value) for key, value in match.groupdict().items() if value is not None}
    if "hour" in parts and not allow_time:
        raise InvalidInput(f"{field} {text!r} has a time", "give the date only")
    precision = (
        DatePrecision.DAY
        if "day" in parts
        else DatePrecision.MONTH
        if "month" in parts
        else DatePrecision.YEAR
    )
    try:
        value = date(parts["year"], parts.get("month", 1), parts.get("day", 1))
        clock = (
            time(parts["hour"], parts["minute"], parts.get("second", 0))
            if "hour" in parts
            else None
        )
    except ValueError as error:
        raise InvalidInput(f"{field} {text!r} does not exist ({error})") from None
    return PartialDate(value, precision, clock)


def parse_optional_date(
    text: str | None, *, field: str = "date", allow_time: bool = False
) -> PartialDate | None:
    if text is None or not text.strip():
        return None
    return parse_date(text, field=field, allow_time=allow_time)


def format_date(value: date | None, precision: DatePrecision | None) -> str | None:
    if value is None or precision is None:
        return None
    return str(PartialDate(value, precision))
