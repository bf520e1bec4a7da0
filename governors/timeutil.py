"""Time done once: aware UTC in the database, Europe/London only at the edges."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

LONDON = ZoneInfo("Europe/London")


def utcnow() -> datetime:
    """The current time, aware, in UTC. Used as a column default callable."""
    return datetime.now(UTC)


def to_local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    return moment.astimezone(LONDON)


def local_today() -> date:
    return utcnow().astimezone(LONDON).date()


def local_to_utc(day: date, at: time) -> datetime:
    """A local Europe/London wall-clock time as an aware UTC datetime."""
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC)


def format_date(day: date | datetime | str | None) -> str:
    """'Sunday 10 January 2027', the form governors read. A string is an ISO date, as a
    published snapshot keeps one."""
    if day is None or day == "":
        return ""
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    if isinstance(day, datetime):
        day = to_local(day).date()
    return f"{day:%A} {day.day} {day:%B %Y}"


def format_short_date(day: date | datetime | None) -> str:
    """'10 Jan 2027', for tables."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = to_local(day).date()
    return f"{day.day} {day:%b %Y}"


def format_time(moment: datetime | time | None) -> str:
    """'14:02' in London time."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        moment = to_local(moment).time()
    return f"{moment:%H:%M}"


def format_datetime(moment: datetime | None) -> str:
    """'Sunday 3 January 2027 at 14:02' in London time."""
    if moment is None:
        return ""
    return f"{format_date(moment)} at {format_time(moment)}"


class UTCDateTime(TypeDecorator):
    """Stores aware datetimes as UTC and always gives them back aware.

    SQLite keeps no zone, so values are normalised to UTC on the way in and
    marked UTC on the way out; naive values are refused rather than guessed.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
