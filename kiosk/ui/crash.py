"""The crash hook: an unexpected exception is logged, then the kiosk starts over.

A kiosk must never sit in an error dialog that nobody can close. Exceptions that reach
``sys.excepthook`` (PySide6 sends those raised in slots and event handlers there) or
``threading.excepthook`` are logged on the ``kiosk.ui`` logger, and the window goes back
to the welcome screen, in the GUI thread.

The log line keeps the exception's type and stack but not its message: messages often
quote the data being handled (a name, a number) and personal data never goes to the logs.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("kiosk.ui")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
ThreadExceptHook = Callable[[threading.ExceptHookArgs], object]


def describe_crash(exc: BaseException) -> str:
    """Returns the types and stacks of an exception and of its causes, without messages.

    Args:
        exc: the exception.
    """
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        if parts:
            parts.append("Caused by:\n")
        parts.append(f"{kind.__module__}.{kind.__qualname__}\n")
        parts.extend(traceback.format_tb(current.__traceback__))
        current = current.__cause__ or current.__context__
    return "".join(parts).rstrip("\n")


class CrashHandler(QObject):
    """Logs uncaught exceptions and calls a recovery function in the GUI thread.

    Create it in the GUI thread: recovery runs in the thread the handler lives in, queued
    there when the exception happened in a worker thread.

    Signals:
        crashed(str): an uncaught exception was logged; carries its type's qualified name.
    """

    crashed = Signal(str)

    def __init__(self, recover: Callable[[], None], parent: QObject | None = None) -> None:
        """Creates the handler; :meth:`install` makes it active.

        Args:
            recover: brings the kiosk back to a clean state (the welcome screen).
            parent: the Qt parent.
        """
        super().__init__(parent)
        self._recover = recover
        self._previous_hook: ExceptHook | None = None
        self._previous_thread_hook: ThreadExceptHook | None = None
        self.crashed.connect(self._on_crashed)

    def install(self) -> None:
        """Becomes ``sys.excepthook`` and ``threading.excepthook``."""
        if self._previous_hook is None:
            self._previous_hook = sys.excepthook
            self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self.handle_thread

    def uninstall(self) -> None:
        """Puts back the hooks that were there before :meth:`install`."""
        if self._previous_hook is None:
            return
        if sys.excepthook == self.handle:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self.handle_thread and self._previous_thread_hook:
            threading.excepthook = self._previous_thread_hook
        self._previous_hook = self._previous_thread_hook = None

    def handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        """The ``sys.excepthook``: logs the exception and asks for recovery.

        ``KeyboardInterrupt`` and ``SystemExit`` are not crashes: they go to the hook that
        was there before.
        """
        if issubclass(exc_type, (KeyboardInterrupt, SystemExit)):
            (self._previous_hook or sys.__excepthook__)(exc_type, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        log.error("unexpected error; going back to the welcome screen\n%s", describe_crash(exc))
        self.crashed.emit(f"{exc_type.__module__}.{exc_type.__qualname__}")

    def handle_thread(self, args: threading.ExceptHookArgs) -> None:
        """The ``threading.excepthook``: same as :meth:`handle`, for a Python thread."""
        if args.exc_value is None:
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _on_crashed(self, _name: str) -> None:
        try:
            self._recover()
        except Exception as error:  # the hook itself must never raise
            log.critical("could not go back to the welcome screen\n%s", describe_crash(error))
