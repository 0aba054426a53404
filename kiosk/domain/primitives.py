"""Small value helpers shared by the domain modules: UTC instants, calendar months, hex digests."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime

from kiosk.domain.errors import KioskError

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_HEX = re.compile(r"(?:[0-9a-f]{2})+")


class NaiveDatetimeError(KioskError, ValueError):
    """A datetime without a time zone reached the domain (a programming error).

    Attributes:
        value: the offending datetime.
    """

    def __init__(self, value: datetime) -> None:
        super().__init__("naive datetime; the domain needs time-zone aware instants")
        self.value = value


def require_aware(value: datetime) -> datetime:
    """Return ``value`` if it carries a time zone.

    Raises:
        NaiveDatetimeError: if it does not.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(value)
    return value


def utc_iso(value: datetime) -> str:
    """The one text form of an instant: UTC, microseconds, ``+00:00``.

    Example: ``2025-03-01T09:30:00.000000+00:00``.

    Raises:
        NaiveDatetimeError: if ``value`` has no time zone.
    """
    return require_aware(value).astimezone(UTC).isoformat(timespec="microseconds")


def parse_utc_iso(text: str) -> datetime:
    """Read an ISO-8601 instant with an offset back into an aware UTC datetime.

    Raises:
        ValueError: if ``text`` is not ISO-8601.
        NaiveDatetimeError: if it has no offset.
    """
    return require_aware(datetime.fromisoformat(text)).astimezone(UTC)


def add_months(day: date, months: int) -> date:
    """Move ``day`` by whole calendar months, clamping to the month's last day.

    ``add_months(date(2024, 11, 30), 3)`` is ``date(2025, 2, 28)``.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def age_on(birth: date, on: date) -> int:
    """Age in completed years on ``on`` (someone born on 29 February ages on 1 March)."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def is_sha256_hex(text: str) -> bool:
    """True for exactly 64 lower-case hex digits."""
    return _SHA256_HEX.fullmatch(text) is not None


def is_hex(text: str, min_bytes: int = 1) -> bool:
    """True for lower-case hex of whole bytes, at least ``min_bytes`` long."""
    return _HEX.fullmatch(text) is not None and len(text) >= 2 * min_bytes
