"""All card work runs on one thread, in order."""

from __future__ import annotations

import threading

import pytest

from kiosk.hardware.reader_thread import ReaderThread


def test_work_runs_on_one_thread_in_order() -> None:
    reader = ReaderThread()
    seen: list[tuple[int, int]] = []
    futures = [
        reader.submit(lambda n=n: seen.append((n, threading.get_ident()))) for n in range(20)
    ]
    for future in futures:
        future.result(5)
    assert [n for n, _ in seen] == list(range(20))
    assert len({ident for _, ident in seen}) == 1
    assert seen[0][1] != threading.get_ident()
    assert reader.call(reader.on_thread) is True
    assert reader.call(lambda: reader.call(lambda: 7)) == 7  # re-entrant on its own thread
    with pytest.raises(RuntimeError):
        reader.assert_on_thread()
    reader.shutdown()
