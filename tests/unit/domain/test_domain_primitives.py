"""Time and hex helpers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.primitives import (
    NaiveDatetimeError,
    add_months,
    age_on,
    is_hex,
    is_sha256_hex,
    parse_utc_iso,
    require_aware,
    utc_iso,
)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 1, 15), 3, date(2025, 4, 15)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 1, 10), -13, date(2023, 12, 10)),
        (date(2025, 12, 5), 1, date(2026, 1, 5)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_age_on_birthdays() -> None:
    assert age_on(date(2000, 6, 15), date(2018, 6, 14)) == 17
    assert age_on(date(2000, 6, 15), date(2018, 6, 15)) == 18
    assert age_on(date(2004, 2, 29), date(2022, 2, 28)) == 17
    assert age_on(date(2004, 2, 29), date(2022, 3, 1)) == 18


def test_utc_iso_converts_to_utc() -> None:
    paris = timezone(timedelta(hours=1))
    assert utc_iso(datetime(2025, 3, 1, 10, 30, tzinfo=paris)) == (
        "2025-03-01T09:30:00.000000+00:00"
    )


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2025, 3, 1, 10, 30)  # naive on purpose
    with pytest.raises(NaiveDatetimeError) as caught:
        utc_iso(naive)
    assert caught.value.value == naive
    with pytest.raises(NaiveDatetimeError):
        require_aware(naive)
    with pytest.raises(NaiveDatetimeError):
        parse_utc_iso("2025-03-01T10:30:00")


@given(st.datetimes(timezones=st.just(UTC)))
def test_utc_iso_round_trips(moment: datetime) -> None:
    assert parse_utc_iso(utc_iso(moment)) == moment


def test_hex_checks() -> None:
    assert is_sha256_hex("ab" * 32)
    assert not is_sha256_hex("AB" * 32)
    assert not is_sha256_hex("ab" * 31)
    assert is_hex("00ff", 2)
    assert not is_hex("00ff", 3)
    assert not is_hex("0ff")
    assert not is_hex("")
