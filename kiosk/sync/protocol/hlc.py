"""Hybrid logical clock stamps: 48-bit Unix milliseconds and a 16-bit counter in one integer.

``stamp = (milliseconds << 16) | counter``. Stamps order events near wall time and never go
backwards on one clock; ties between stations are broken by the station id, so the pair
``(hlc, station_id)`` is a total order. They do not detect concurrency: field versions do
(see :mod:`kiosk.sync.protocol.merge`).

The server never lets a stamp run ahead of its own clock: an operation stamped after the
server received it is clamped to the server's clock, so a station whose clock is a day fast
cannot win every last-writer-wins race for a day.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

COUNTER_BITS = 16
COUNTER_MAX = (1 << COUNTER_BITS) - 1
MAX_STAMP = (1 << 63) - 1


def pack(milliseconds: int, counter: int = 0) -> int:
    """The stamp for a wall time and a counter."""
    if not 0 <= counter <= COUNTER_MAX:
        raise ValueError("counter out of range")
    return (milliseconds << COUNTER_BITS) | counter


def physical_ms(stamp: int) -> int:
    """The wall-time part of a stamp, in Unix milliseconds."""
    return stamp >> COUNTER_BITS


def wall_ms() -> int:
    """The machine's clock in Unix milliseconds."""
    return time.time_ns() // 1_000_000


class HybridClock:
    """A thread-safe HLC: ``now()`` for local events, ``observe()`` for received stamps.

    Args:
        wall: the physical clock in Unix milliseconds (the station adds its learned offset).
        last: the high-water mark to start from (persisted by the caller).
    """

    def __init__(self, wall: Callable[[], int] = wall_ms, last: int = 0) -> None:
        self._wall = wall
        self._last = last
        self._lock = threading.Lock()

    @property
    def last(self) -> int:
        """The highest stamp issued or observed."""
        return self._last

    def now(self) -> int:
        """A stamp greater than every stamp issued or observed so far."""
        with self._lock:
            candidate = pack(self._wall())
            self._last = candidate if candidate > self._last else self._last + 1
            return self._last

    def observe(self, remote: int) -> int:
        """Merge a stamp received from elsewhere; returns a new local stamp after both."""
        with self._lock:
            floor = max(self._last, remote, pack(self._wall()))
            self._last = floor + 1
            return self._last
