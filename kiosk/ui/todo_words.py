"""The plain words of the "à traiter" items: what an operation was, and why it came back.

Each refused operation names its :class:`~kiosk.sync.protocol.ops.OpCode`, each conflict its
:class:`~kiosk.sync.protocol.state.ConflictReason`; here they become a sentence a person
understands. The values in conflict are sealed (ciphertext): what is shown is which station
made each one, and when. Texts use ``QCoreApplication.translate("sync", ...)`` like
:mod:`kiosk.ui.sync_words`.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from kiosk.sync.protocol.hlc import physical_ms
from kiosk.sync.protocol.ops import OpCode, OpType
from kiosk.sync.protocol.state import ConflictReason
from kiosk.sync.shadow import ConflictView
from kiosk.ui.document_words import field_label
from kiosk.ui.sync_jobs import TodoEntry
from kiosk.ui.sync_words import date_time, iso_date_time

#: How many characters of another station's id are shown.
STATION_ID_SHOWN = 24


def op_type_name(op_type: str) -> str:
    """What an operation was, as people say it ("Modification du dossier")."""
    names = {
        OpType.BENEFICIARY_PATCH: QCoreApplication.translate("sync", "Modification du dossier"),
        OpType.AR_CREATE: QCoreApplication.translate("sync", "Demande d’aide"),
        OpType.AR_PATCH: QCoreApplication.translate("sync", "Modification de la demande"),
        OpType.AR_TRANSITION: QCoreApplication.translate("sync", "Transition de la demande"),
        OpType.AR_NOTE_ADD: QCoreApplication.translate("sync", "Note"),
        OpType.AR_CORRECTION_RESOLVE: QCoreApplication.translate(
            "sync", "Correction de la demande"
        ),
        OpType.DOC_ATTACH: QCoreApplication.translate("sync", "Document"),
        OpType.AUDIT_APPEND: QCoreApplication.translate("sync", "Journal"),
    }
    try:
        return names[OpType(op_type)]
    except ValueError:
        return QCoreApplication.translate("sync", "Autre envoi")


def rejection_reason(code: str | None) -> str:
    """Why the platform refused an operation, in plain words."""
    reasons = {
        OpCode.UNKNOWN_OP_TYPE: QCoreApplication.translate(
            "sync",
            "La plateforme ne connaît pas ce genre d’envoi\u00a0: elle est peut-être plus "
            "ancienne que la station",
        ),
        OpCode.INVALID_PAYLOAD: QCoreApplication.translate(
            "sync", "L’envoi était mal formé\u00a0: prévenez le technicien"
        ),
        OpCode.UNKNOWN_FIELD: QCoreApplication.translate(
            "sync", "L’envoi contenait une information que la plateforme ne connaît pas"
        ),
        OpCode.VERSION_AHEAD: QCoreApplication.translate(
            "sync", "La station croyait connaître une version que la plateforme n’a jamais eue"
        ),
        OpCode.FORBIDDEN: QCoreApplication.translate(
            "sync", "Ce dossier appartient à une autre structure"
        ),
        OpCode.NOT_FOUND: QCoreApplication.translate(
            "sync", "Ce dossier ou cette demande n’existe pas (ou plus) sur la plateforme"
        ),
        OpCode.ALREADY_EXISTS: QCoreApplication.translate(
            "sync", "Ce dossier ou cette demande existait déjà sur la plateforme"
        ),
        OpCode.STALE_REVISION: QCoreApplication.translate(
            "sync", "Une version plus récente de ce document était déjà sur la plateforme"
        ),
        OpCode.OP_ID_REUSED: QCoreApplication.translate(
            "sync", "Cet envoi portait le numéro d’un autre envoi\u00a0: prévenez le technicien"
        ),
        OpCode.ILLEGAL_TRANSITION: QCoreApplication.translate(
            "sync", "La demande avait déjà changé d’état sur une autre station"
        ),
        OpCode.NOT_EDITABLE: QCoreApplication.translate(
            "sync", "La demande ne peut plus être modifiée dans son état actuel"
        ),
        OpCode.CORRECTION_PENDING: QCoreApplication.translate(
            "sync",
            "Une correction est demandée sur cette demande\u00a0: elle doit être faite d’abord",
        ),
        OpCode.NO_PENDING_CORRECTION: QCoreApplication.translate(
            "sync", "Aucune correction n’était demandée sur cette demande"
        ),
        OpCode.REASON_REQUIRED: QCoreApplication.translate(
            "sync", "Une demande de correction doit dire pourquoi"
        ),
        OpCode.REASON_UNEXPECTED: QCoreApplication.translate(
            "sync", "Un motif était donné alors qu’il n’en faut pas ici"
        ),
    }
    try:
        return reasons.get(
            OpCode(code or ""),
            QCoreApplication.translate("sync", "La plateforme a refusé cet envoi"),
        )
    except ValueError:
        return QCoreApplication.translate("sync", "La plateforme a refusé cet envoi")


def conflict_reason(reason: ConflictReason) -> str:
    """Why a change was not merged automatically."""
    reasons = {
        ConflictReason.CONCURRENT_EDIT: QCoreApplication.translate(
            "sync",
            "Modifié sur deux stations en même temps\u00a0: la modification la plus récente "
            "est gardée",
        ),
        ConflictReason.IDENTITY_FIELD: QCoreApplication.translate(
            "sync",
            "Une information d’identité n’est jamais fusionnée toute seule\u00a0: "
            "vérifiez la bonne valeur",
        ),
        ConflictReason.AMENDMENT_PROPOSED: QCoreApplication.translate(
            "sync", "La demande était déjà envoyée\u00a0: la modification attend l’instructeur"
        ),
    }
    return reasons[reason]


def station_name(station_id: str, own_station: str | None) -> str:
    """The station that made a value: "cette station", or "station 3f2a9c1b"."""
    if own_station is not None and station_id == own_station:
        return QCoreApplication.translate("sync", "cette station")
    return QCoreApplication.translate("sync", "station %1").replace(
        "%1", station_id[:STATION_ID_SHOWN]
    )


def value_line(
    kept: bool, station_id: str, hlc: int, own_station: str | None, tz: dt.tzinfo | None = None
) -> str:
    """Who made a value and when: "Valeur gardée : station 3f2a9c1b, le 12/03/2025 à 10:42".

    The value itself is sealed (the station cannot show it here).
    """
    text = (
        QCoreApplication.translate("sync", "Valeur gardée\u00a0: %1, le %2")
        if kept
        else QCoreApplication.translate("sync", "Valeur non appliquée\u00a0: %1, le %2")
    )
    when = date_time(physical_ms(hlc) / 1000, tz)
    return text.replace("%1", station_name(station_id, own_station)).replace("%2", when)


def _when(entry: TodoEntry, tz: dt.tzinfo | None) -> str:
    made, answered = iso_date_time(entry.made_at, tz), iso_date_time(entry.answered_at, tz)
    if made:
        return (
            QCoreApplication.translate("sync", "Fait le %1, réponse de la plateforme le %2")
            .replace("%1", made)
            .replace("%2", answered)
        )
    return QCoreApplication.translate("sync", "Réponse de la plateforme le %1").replace(
        "%1", answered
    )


def _conflict_lines(
    conflict: ConflictView, own_station: str | None, tz: dt.tzinfo | None
) -> list[str]:
    lines = []
    winner, loser = conflict.winner, conflict.loser
    if winner is not None:
        lines.append(value_line(True, winner.station, winner.hlc, own_station, tz))
    lines.append(value_line(False, loser.station, loser.hlc, own_station, tz))
    return lines


def entry_words(
    entry: TodoEntry, own_station: str | None, tz: dt.tzinfo | None = None
) -> tuple[str, str, str]:
    """What an "à traiter" item says: what it was, why it came back, who and when.

    Args:
        entry: the item.
        own_station: this station's id on the platform (its values say "cette station").
        tz: the time zone of the times shown (the machine's by default).

    Returns:
        The heading ("Transition de la demande"), the reason ("Refusé : ..."), and the
        details (one line per conflicting value, then the operation's times).
    """
    heading = op_type_name(entry.op_type)
    if entry.rejected:
        reason = QCoreApplication.translate("sync", "Refusé\u00a0: %1").replace(
            "%1", rejection_reason(entry.code)
        )
        return heading, reason, _when(entry, tz)
    reasons: list[str] = []
    details: list[str] = []
    for conflict in entry.conflicts:
        reasons.append(
            QCoreApplication.translate("sync", "Conflit sur «\u00a0%1\u00a0»\u00a0: %2")
            .replace("%1", field_label(conflict.field))
            .replace("%2", conflict_reason(conflict.reason))
        )
        details.extend(_conflict_lines(conflict, own_station, tz))
    if not entry.conflicts:
        reasons.append(
            QCoreApplication.translate(
                "sync", "Conflit\u00a0: le détail arrive avec la prochaine synchronisation"
            )
        )
    details.append(_when(entry, tz))
    return heading, "\n".join(reasons), "\n".join(details)
