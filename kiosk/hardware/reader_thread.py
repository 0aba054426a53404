"""The one thread every APDU goes through (Electrum's ``hwd_comms`` habit).

PC/SC handles are not meant to be shared across threads, and a login is a sequence that
must not interleave with another. Code that talks to the card runs here; code elsewhere
hands it over with ``call`` (wait for the answer) or ``submit`` (get a future).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

log = logging.getLogger("kiosk.card")
T = TypeVar("T")
P = ParamSpec("P")


class ReaderThread:
    """A single worker thread for card traffic."""

    def __init__(self) -> None:
        self._ident: int | None = None
        self._pool = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="card-reader", initializer=self._remember
        )

    def _remember(self) -> None:
        self._ident = threading.get_ident()

    def on_thread(self) -> bool:
        """True when called from the reader thread."""
        return threading.get_ident() == self._ident

    def assert_on_thread(self) -> None:
        """Fail loudly if card code runs anywhere else."""
        if not self.on_thread():
            raise RuntimeError("card traffic outside the reader thread")

    def submit(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Queue ``fn`` on the reader thread; the caller collects the result or the error."""
        return self._pool.submit(fn, *args, **kwargs)

    def post(self, fn: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> None:
        """Queue ``fn`` and forget it: an exception it raises is logged, never lost."""
        self._pool.submit(fn, *args, **kwargs).add_done_callback(_log_failure)

    def call(self, fn: Callable[[], T], timeout: float = 30.0) -> T:
        """Run ``fn`` on the reader thread and wait for it (directly if already there)."""
        if self.on_thread():
            return fn()
        return self._pool.submit(fn).result(timeout)

    def shutdown(self) -> None:
        """Finish queued work and stop."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def _log_failure(future: Future[Any]) -> None:
    if not future.cancelled() and (error := future.exception()) is not None:
        log.error("card task failed: %s", type(error).__name__, exc_info=error)
