"""A guard against a defect of some PySide6 builds: void calls that drop a reference to None.

PySide6-Essentials 6.12.0 (the ``cp310-abi3`` wheel) returns ``None`` from every method that
returns nothing (``setText``, ``setEnabled``...) without taking a reference to it. From
CPython 3.12 on, ``None`` is immortal and nothing happens; on CPython 3.11 each such call
lowers ``None``'s reference count by one, and after a few thousand calls the interpreter
aborts with "Fatal Python error: none_dealloc: deallocating None". 6.11.2 does not do this.

:func:`protect_none` measures the defect and, only when it is there, raises ``None``'s
reference count so far (2**40) that no session can bring it down to zero: the same thing
CPython 3.12 does for every process. The real fix is a PySide6 without the defect.
"""

from __future__ import annotations

import ctypes
import logging
import platform
import sys
from typing import Final

from PySide6 import __version__ as PYSIDE_VERSION
from PySide6.QtCore import QObject, Signal

log = logging.getLogger("kiosk.ui")

# References added to None when the defect is found: a trillion void calls.
NONE_RESERVE: Final = 1 << 40
_PROBE_CALLS: Final = 64

_protected = False


def none_references_lost_per_call() -> int:
    """Returns how many references to None one PySide6 void call loses (0 when healthy)."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(_PROBE_CALLS):
        probe.setObjectName("probe")
    lost = before - sys.getrefcount(None)
    return max(0, round(lost / _PROBE_CALLS))


class _Probe(QObject):
    ping = Signal()


def true_references_lost_per_emit() -> int:
    """Returns how many references to True one ``Signal.emit()`` loses (0 when healthy).

    The same build returns ``True`` from ``emit()`` without taking a reference to it: a
    session emitting signals steadily (the camera's live view) would end with "Fatal Python
    error: bool_dealloc".
    """
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBE_CALLS):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    return max(0, round(lost / _PROBE_CALLS))


_true_protected = False


def _protect_true() -> None:
    """Raises True's reference count out of reach when ``emit()`` loses references to it."""
    global _true_protected
    if _true_protected:
        return
    lost = true_references_lost_per_emit()
    if lost == 0:
        return
    refcount = ctypes.c_ssize_t.from_address(id(True))
    refcount.value += NONE_RESERVE
    _true_protected = True
    log.warning(
        "PySide6 %s loses %d reference(s) to True per signal emitted on Python %s; compensated.",
        PYSIDE_VERSION,
        lost,
        platform.python_version(),
    )


def protect_none() -> bool:
    """Compensates for the defect if this PySide6 has it; does nothing otherwise.

    The same build's ``Signal.emit()`` loses a reference to ``True`` each time: that is
    compensated here too, in the same way.

    Returns:
        True when ``None`` was protected (now or by an earlier call).
    """
    global _protected
    if _protected:
        return True
    if sys.version_info >= (3, 12) or platform.python_implementation() != "CPython":
        return False
    _protect_true()
    lost = none_references_lost_per_call()
    if lost == 0:
        return False
    # On CPython 3.11 an object starts with its reference count (a Py_ssize_t), at id().
    refcount = ctypes.c_ssize_t.from_address(id(None))
    refcount.value += NONE_RESERVE
    _protected = True
    log.warning(
        "PySide6 %s loses %d reference(s) to None per call on Python %s; compensated. "
        "Use a PySide6 without this defect (6.11.2 has none).",
        PYSIDE_VERSION,
        lost,
        platform.python_version(),
    )
    return True
