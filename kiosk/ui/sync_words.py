"""The plain words of the sync's state: the status line of the home screens.

:func:`sync_line` is the one place a :class:`~kiosk.sync.worker.SyncStatus` becomes words,
for the home screens (a short line in easy French for beneficiaries, the full one for
agents and technicians) and for ``kiosk sync status``. It is a pure function of the status,
the time and the time zone: no widget, no event loop, no database. Texts use
``QCoreApplication.translate("sync", ...)``, looked up at each call (call it again after a
language switch); without a translator installed they are the French source.

Nothing technical reaches a screen: no problem code, no exception name. The codes go to the
log where they happen (the worker logs them); the CLI prints them beside these words. What
each "à traiter" item was and why is worded in :mod:`kiosk.ui.todo_words`.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QCoreApplication

from kiosk.sync.worker import Phase, SyncStatus


class NoSync(StrEnum):
    """Why a station has no sync worker (it runs offline only)."""

    NOT_ENROLLED = "not_enrolled"  # never enrolled with the platform
    UNREADABLE = "unreadable"  # its enrolment or its key cannot be read


SyncState = SyncStatus | NoSync
"""What the status line shows: the worker's status, or why there is no worker."""


class Tone(StrEnum):
    """How much the line asks for attention."""

    OK = "ok"  # everything sent
    WAITING = "waiting"  # things wait (the network, the next try), nobody needs to act
    ATTENTION = "attention"  # items "à traiter"
    BLOCKED = "blocked"  # nothing leaves until a technician acts


@dataclass(frozen=True, slots=True)
class SyncLine:
    """The status line, in the current language.

    Attributes:
        parts: its sentences, most important first.
        tone: how much it asks for attention.
        next_step: what the technician does about it ("" when nothing).
    """

    parts: tuple[str, ...]
    tone: Tone
    next_step: str = ""

    @property
    def text(self) -> str:
        """The line as shown."""
        return " · ".join(self.parts)

    @property
    def spoken(self) -> str:
        """The line for screen readers (sentences, not dots)."""
        return ". ".join(self.parts)


def _count(count: int, one: str, many: str) -> str:
    return one if count == 1 else many.replace("%1", str(count))


def _local(timestamp: float, tz: dt.tzinfo | None) -> dt.datetime:
    moment = dt.datetime.fromtimestamp(timestamp, dt.UTC)
    return moment.astimezone(tz) if tz is not None else moment.astimezone()


def clock_time(timestamp: float, now: float | None = None, tz: dt.tzinfo | None = None) -> str:
    """A time as a person reads it: "10:42" today, "12/03 à 10:42" another day of the year.

    Args:
        timestamp: Unix time.
        now: Unix time of now (the machine's clock by default).
        tz: the time zone shown (the machine's by default).
    """
    moment = _local(timestamp, tz)
    today = _local(time.time() if now is None else now, tz)
    hour = moment.strftime("%H:%M")
    if moment.date() == today.date():
        return hour
    day = moment.strftime("%d/%m" if moment.year == today.year else "%d/%m/%Y")
    return QCoreApplication.translate("sync", "%1 à %2").replace("%1", day).replace("%2", hour)


def date_time(timestamp: float, tz: dt.tzinfo | None = None) -> str:
    """A moment in a list, where the day always matters: "12/03/2025 à 10:42"."""
    moment = _local(timestamp, tz)
    return (
        QCoreApplication.translate("sync", "%1 à %2")
        .replace("%1", moment.strftime("%d/%m/%Y"))
        .replace("%2", moment.strftime("%H:%M"))
    )


def iso_date_time(text: str, tz: dt.tzinfo | None = None) -> str:
    """:func:`date_time` of an ISO 8601 time as the outbox stores it ("" if unreadable)."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return date_time(moment.timestamp(), tz)


# -- the status line ------------------------------------------------------------------------------


def _blocked(code: str | None) -> tuple[str, str]:
    """What a blocked worker says, and the technician's next step."""
    again = QCoreApplication.translate(
        "sync",
        "Technicien\u00a0: demandez un nouveau code à la plateforme, puis lancez "
        "«\u00a0kiosk sync enrol --url ADRESSE --code CODE --again\u00a0».",
    )
    if code == "device_regressed":
        return (
            QCoreApplication.translate(
                "sync",
                "Cette station a été restaurée depuis une ancienne sauvegarde\u00a0: "
                "appelez le technicien pour la réinscrire",
            ),
            again,
        )
    if code == "station_unknown":
        return (
            QCoreApplication.translate(
                "sync",
                "La plateforme ne connaît pas cette station\u00a0: "
                "appelez le technicien pour la réinscrire",
            ),
            again,
        )
    if code == "station_revoked":
        return (
            QCoreApplication.translate(
                "sync", "Cette station a été retirée de la plateforme\u00a0: appelez le technicien"
            ),
            QCoreApplication.translate(
                "sync", "Technicien\u00a0: voyez avec la plateforme avant de réinscrire la station."
            ),
        )
    return (
        QCoreApplication.translate(
            "sync", "La plateforme refuse cette station\u00a0: appelez le technicien"
        ),
        QCoreApplication.translate(
            "sync", "Technicien\u00a0: «\u00a0kiosk sync now\u00a0» montre l’erreur."
        ),
    )


def _sending(status: SyncStatus, now: float | None, tz: dt.tzinfo | None) -> str:
    """The part about what waits to leave ("" when nothing to say)."""
    pending, todo = status.pending, status.rejected + status.conflicts
    offline = status.offline_since
    if pending == 0:
        if offline is not None:
            since = clock_time(offline, now, tz)
            if todo:
                return QCoreApplication.translate("sync", "Pas de réseau depuis %1").replace(
                    "%1", since
                )
            return QCoreApplication.translate(
                "sync", "Tout est envoyé, pas de réseau depuis %1"
            ).replace("%1", since)
        return "" if todo else QCoreApplication.translate("sync", "Tout est envoyé")
    if offline is not None:
        return _count(
            pending,
            QCoreApplication.translate("sync", "1 envoi en attente, pas de réseau depuis %2"),
            QCoreApplication.translate("sync", "%1 envois en attente, pas de réseau depuis %2"),
        ).replace("%2", clock_time(offline, now, tz))
    if status.phase is Phase.SYNCING:
        return _count(
            pending,
            QCoreApplication.translate("sync", "1 envoi en cours"),
            QCoreApplication.translate("sync", "%1 envois en cours"),
        )
    if status.phase is Phase.WAITING and status.next_attempt_at is not None:
        return _count(
            pending,
            QCoreApplication.translate("sync", "1 envoi en attente, nouvel essai à %2"),
            QCoreApplication.translate("sync", "%1 envois en attente, nouvel essai à %2"),
        ).replace("%2", clock_time(status.next_attempt_at, now, tz))
    return _count(
        pending,
        QCoreApplication.translate("sync", "1 envoi en attente"),
        QCoreApplication.translate("sync", "%1 envois en attente"),
    )


def _todo(status: SyncStatus) -> list[str]:
    parts = []
    if status.conflicts:
        parts.append(
            _count(
                status.conflicts,
                QCoreApplication.translate("sync", "1 conflit à regarder"),
                QCoreApplication.translate("sync", "%1 conflits à regarder"),
            )
        )
    if status.rejected:
        parts.append(
            _count(
                status.rejected,
                QCoreApplication.translate("sync", "1 envoi refusé à regarder"),
                QCoreApplication.translate("sync", "%1 envois refusés à regarder"),
            )
        )
    return parts


def _brief(state: SyncState) -> SyncLine:
    """The beneficiary's line: short sentences, about their papers leaving the station."""
    if isinstance(state, NoSync):
        return SyncLine(
            (QCoreApplication.translate("sync", "Vos documents restent sur cette borne."),),
            Tone.WAITING,
        )
    if state.phase is Phase.BLOCKED:
        return SyncLine(
            (
                QCoreApplication.translate(
                    "sync", "Les envois sont en pause. Vos documents restent sur cette borne."
                ),
            ),
            Tone.WAITING,
        )
    if state.pending == 0:
        return SyncLine((QCoreApplication.translate("sync", "Tout est envoyé."),), Tone.OK)
    if state.offline_since is not None:
        text = _count(
            state.pending,
            QCoreApplication.translate("sync", "1 envoi attend le réseau. Il partira tout seul."),
            QCoreApplication.translate(
                "sync", "%1 envois attendent le réseau. Ils partiront tout seuls."
            ),
        )
        return SyncLine((text,), Tone.WAITING)
    return SyncLine((QCoreApplication.translate("sync", "Envoi en cours."),), Tone.WAITING)


def sync_line(
    state: SyncState,
    *,
    brief: bool = False,
    now: float | None = None,
    tz: dt.tzinfo | None = None,
) -> SyncLine:
    """The status line of a sync state, in the current language.

    Examples: "Tout est envoyé", "12 envois en attente, pas de réseau depuis 10:42",
    "1 conflit à regarder", "Station pas encore inscrite auprès de la plateforme".

    Args:
        state: the worker's status, or why the station has no worker.
        brief: the beneficiary's short line in easy French, instead of the full one.
        now: Unix time of now, to tell today from another day (the clock by default).
        tz: the time zone of the times shown (the machine's by default).
    """
    if brief:
        return _brief(state)
    if state is NoSync.NOT_ENROLLED:
        return SyncLine(
            (
                QCoreApplication.translate(
                    "sync",
                    "Station pas encore inscrite auprès de la plateforme\u00a0: tout reste ici",
                ),
            ),
            Tone.WAITING,
            QCoreApplication.translate(
                "sync",
                "Technicien\u00a0: inscrivez-la avec "
                "«\u00a0kiosk sync enrol --url ADRESSE --code CODE\u00a0».",
            ),
        )
    if state is NoSync.UNREADABLE:
        return SyncLine(
            (
                QCoreApplication.translate(
                    "sync",
                    "L’inscription de cette station est illisible\u00a0: appelez le technicien",
                ),
            ),
            Tone.BLOCKED,
            QCoreApplication.translate(
                "sync",
                "Technicien\u00a0: réinscrivez la station avec "
                "«\u00a0kiosk sync enrol --url ADRESSE --code CODE --again\u00a0».",
            ),
        )
    status = state
    todo = _todo(status)
    if status.phase is Phase.BLOCKED:
        blocked, next_step = _blocked(status.blocked_by)
        waiting = (
            [
                _count(
                    status.pending,
                    QCoreApplication.translate("sync", "1 envoi en attente"),
                    QCoreApplication.translate("sync", "%1 envois en attente"),
                )
            ]
            if status.pending
            else []
        )
        return SyncLine((blocked, *waiting, *todo), Tone.BLOCKED, next_step)
    sending = _sending(status, now, tz)
    parts = tuple(part for part in (sending, *todo) if part)
    if todo:
        tone = Tone.ATTENTION
    elif status.pending or status.offline_since is not None:
        tone = Tone.WAITING
    else:
        tone = Tone.OK
    return SyncLine(parts, tone)


def todo_count(state: SyncState | None) -> int:
    """How many items are "à traiter" (0 when the state is not known yet)."""
    if state is None or isinstance(state, NoSync):
        return 0
    return state.rejected + state.conflicts


def todo_note(count: int) -> str:
    """The note of the "À traiter" tile: "Rien à regarder", "3 envois à regarder"."""
    if count == 0:
        return QCoreApplication.translate("sync", "Rien à regarder")
    return _count(
        count,
        QCoreApplication.translate("sync", "1 envoi à regarder"),
        QCoreApplication.translate("sync", "%1 envois à regarder"),
    )
