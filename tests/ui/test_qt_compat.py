"""The guard against PySide6 builds that lose a reference to None on every void call."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel

from kiosk.ui.qt_compat import (
    NONE_RESERVE,
    none_references_lost_per_call,
    protect_none,
    true_references_lost_per_emit,
)


def test_tens_of_thousands_of_qt_calls_do_not_abort_the_interpreter(qapp: QApplication) -> None:
    label = QLabel()
    for _ in range(50_000):  # far more than None's own reference count on Python 3.11
        label.setText("Bienvenue")
    assert label.text() == "Bienvenue"


def test_none_is_protected_exactly_when_pyside_has_the_defect(qapp: QApplication) -> None:
    defective = none_references_lost_per_call() > 0 and sys.version_info < (3, 12)
    assert protect_none() is defective
    if defective:
        assert sys.getrefcount(None) > NONE_RESERVE // 2


class _Ticker(QObject):
    tick = Signal(int)


def test_tens_of_thousands_of_signals_do_not_abort_the_interpreter(qapp: QApplication) -> None:
    # PySide6 6.12.0 on Python 3.11 returns True from emit() without a reference to it
    protect_none()
    ticker = _Ticker()
    seen: list[int] = []
    ticker.tick.connect(seen.append)
    for index in range(50_000):  # far more than True's own reference count
        ticker.tick.emit(index)
    assert len(seen) == 50_000
    if true_references_lost_per_emit() > 0 and sys.version_info < (3, 12):
        assert sys.getrefcount(True) > NONE_RESERVE // 2
