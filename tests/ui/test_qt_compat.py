"""The guard against PySide6 builds that lose a reference to None on every void call."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel

from kiosk.ui.qt_compat import NONE_RESERVE, none_references_lost_per_call, protect_none


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
