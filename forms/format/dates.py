"""Dates and times as people in the UK read them: the one place for the time zone
and the formats.

Times are stored in UTC; everything shown (pages, Excel, meeting notes) is UK
local time, ``LONDON``. The module lives in ``forms/format/``, the bottom layer
that imports nothing of the app, so that every other layer can use it: the
question types (a date answer in the notes), models, views, workflows (the
audit search's UK days) and exports (Excel, notes).

A few admin pages show exact times in UTC (when a question set was loaded, the
audit trail): ``utc_*`` below. The views register the formatters as Jinja
filters (``views.blueprints.register_blueprints``): ``uk_date``, ``uk_datetime``,
``short_date``, ``utc_minute``, ``utc_long`` and ``utc_stamp``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def uk_local(value: datetime) -> datetime:
    """The instant in UK time (a naive value is taken to be UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(LONDON)


def excel_local(value: datetime) -> datetime:
    """UK time without a time zone, for Excel (which has none)."""
    return uk_local(value).replace(tzinfo=None)


def long_date(value: date | datetime | None) -> str:
    """``22 September 2016`` (a time is first put into UK time); "" for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LONDON).date()
    return f"{value.day} {value:%B %Y}"


def weekday_date(value: date) -> str:
    """``Thursday 22 September 2016``."""
    return f"{value:%A} {long_date(value)}"


def iso_text_date(value) -> str:
    """An ISO date (``2016-09-22``, as answers store them) as ``22 September 2016``;
    anything else as it is."""
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return long_date(day)


def clock(value: datetime | None) -> str:
    """``14:03`` in UK time; "" for None."""
    if value is None:
        return ""
    return value.astimezone(LONDON).strftime("%H:%M")


def date_and_time(value: datetime | None) -> str:
    """``22 September 2016 at 14:03`` in UK time; "" for None."""
    if value is None:
        return ""
    return f"{long_date(value)} at {clock(value)}"


def clock_12h(value: datetime | None) -> str:
    """``2:03pm`` in UK time (GOV.UK style); "" for None."""
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    hour = local.hour % 12 or 12
    return f"{hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def date_and_12h_time(value: datetime | None) -> str:
    """``22 September 2016 at 2:03pm`` in UK time; "" for None."""
    if value is None:
        return ""
    return f"{long_date(value.astimezone(LONDON).date())} at {clock_12h(value)}"


def uk_day_start(day: date) -> datetime:
    """Midnight at the start of a UK day, in UTC (times are stored in UTC)."""
    return datetime.combine(day, time(0), tzinfo=LONDON).astimezone(timezone.utc)


def short_date(value: date) -> str:
    """``22 Sep 2016``."""
    return f"{value.day} {value:%b %Y}"


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(
        timezone.utc)


def utc_minute(value: datetime) -> str:
    """``22 Sep 2016 13:03 UTC``."""
    value = _utc(value)
    return f"{short_date(value.date())} {value:%H:%M} UTC"


def utc_long(value: datetime) -> str:
    """``22 September 2016 at 13:03 UTC``."""
    value = _utc(value)
    return f"{long_date(value.date())} at {value:%H:%M} UTC"


def utc_stamp(value: datetime) -> str:
    """``2016-09-22 13:03:00`` in UTC (the audit trail's times)."""
    return f"{_utc(value):%Y-%m-%d %H:%M:%S}"


def rfc3339(value: datetime) -> str:
    """``2016-09-22T13:03:00Z`` in UTC (the dates of an Atom feed)."""
    return f"{_utc(value):%Y-%m-%dT%H:%M:%SZ}"
