"""The words of the sync: one status line per state, and what each "à traiter" item says.

Pure functions of the status and the time: no window, no database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from kiosk.sync.protocol.hlc import pack
from kiosk.sync.protocol.ops import OpCode, OpType
from kiosk.sync.protocol.state import ConflictReason
from kiosk.sync.worker import Phase, SyncStatus
from kiosk.ui.sync_words import NoSync, Tone, clock_time, sync_line, todo_count, todo_note
from kiosk.ui.todo_words import (
    conflict_reason,
    op_type_name,
    rejection_reason,
    station_name,
    value_line,
)

UTC = dt.UTC
PARIS_WINTER = dt.timezone(dt.timedelta(hours=1))
# 12 March 2025, 10:42 UTC, and the same day at 15:00.
AT_10_42 = dt.datetime(2025, 3, 12, 10, 42, tzinfo=UTC).timestamp()
NOW = dt.datetime(2025, 3, 12, 15, 0, tzinfo=UTC).timestamp()
NB = "\u00a0"

IDLE = SyncStatus(
    phase=Phase.IDLE,
    pending=0,
    rejected=0,
    conflicts=0,
    oldest_pending_at=None,
    last_success_at=NOW - 30,
    offline_since=None,
    failures=0,
    last_error=None,
    blocked_by=None,
    next_attempt_at=NOW + 30,
    clock_offset=0,
)


def status(**changes: Any) -> SyncStatus:
    return dataclasses.replace(IDLE, **changes)


def offline(pending: int, since: float = AT_10_42, **changes: Any) -> SyncStatus:
    return status(
        phase=Phase.WAITING,
        pending=pending,
        offline_since=since,
        failures=3,
        last_error="network",
        **changes,
    )


def line(state: SyncStatus | NoSync, **kwargs: Any) -> str:
    return sync_line(state, now=NOW, tz=UTC, **kwargs).text


def test_everything_sent() -> None:
    words = sync_line(IDLE, now=NOW, tz=UTC)
    assert words.text == "Tout est envoyé"
    assert words.tone is Tone.OK
    assert words.next_step == ""


def test_operations_waiting_without_network_say_since_when() -> None:
    words = sync_line(offline(12), now=NOW, tz=UTC)
    assert words.text == "12 envois en attente, pas de réseau depuis 10:42"
    assert words.tone is Tone.WAITING
    assert line(offline(1)) == "1 envoi en attente, pas de réseau depuis 10:42"


def test_the_time_is_the_stations_local_time() -> None:
    words = sync_line(offline(12), now=NOW, tz=PARIS_WINTER)
    assert words.text == "12 envois en attente, pas de réseau depuis 11:42"


def test_another_day_is_named() -> None:
    yesterday = AT_10_42 - 86_400
    assert line(offline(2, yesterday)) == "2 envois en attente, pas de réseau depuis 11/03 à 10:42"
    last_year = dt.datetime(2024, 12, 31, 9, 5, tzinfo=UTC).timestamp()
    assert clock_time(last_year, NOW, UTC) == "31/12/2024 à 09:05"


def test_nothing_waits_but_no_network() -> None:
    words = sync_line(offline(0), now=NOW, tz=UTC)
    assert words.text == "Tout est envoyé, pas de réseau depuis 10:42"
    assert words.tone is Tone.WAITING


def test_sending_and_retrying() -> None:
    assert line(status(phase=Phase.SYNCING, pending=2)) == "2 envois en cours"
    assert line(status(phase=Phase.SYNCING, pending=1)) == "1 envoi en cours"
    retry = status(
        phase=Phase.WAITING, pending=4, last_error="internal_error", next_attempt_at=AT_10_42
    )
    assert line(retry) == "4 envois en attente, nouvel essai à 10:42"
    assert line(status(pending=5)) == "5 envois en attente"  # made since the last cycle


def test_conflicts_and_refusals_to_look_at() -> None:
    words = sync_line(status(conflicts=1), now=NOW, tz=UTC)
    assert words.text == "1 conflit à regarder"
    assert words.tone is Tone.ATTENTION
    assert line(status(conflicts=2)) == "2 conflits à regarder"
    assert line(status(rejected=3)) == "3 envois refusés à regarder"
    assert line(status(rejected=1)) == "1 envoi refusé à regarder"


def test_every_part_is_said_most_important_first() -> None:
    words = sync_line(offline(12, conflicts=1, rejected=3), now=NOW, tz=UTC)
    assert words.parts == (
        "12 envois en attente, pas de réseau depuis 10:42",
        "1 conflit à regarder",
        "3 envois refusés à regarder",
    )
    assert words.text == " · ".join(words.parts)
    assert words.spoken == ". ".join(words.parts)
    assert words.tone is Tone.ATTENTION
    assert line(offline(0, conflicts=1)) == "Pas de réseau depuis 10:42 · 1 conflit à regarder"


def test_a_station_not_enrolled_says_so_and_what_the_technician_does() -> None:
    words = sync_line(NoSync.NOT_ENROLLED)
    assert words.text == f"Station pas encore inscrite auprès de la plateforme{NB}: tout reste ici"
    assert "kiosk sync enrol --url ADRESSE --code CODE" in words.next_step
    assert words.tone is Tone.WAITING
    unreadable = sync_line(NoSync.UNREADABLE)
    assert unreadable.tone is Tone.BLOCKED
    assert "--again" in unreadable.next_step


def test_a_station_restored_from_a_backup_is_blocked() -> None:
    blocked = status(
        phase=Phase.BLOCKED, pending=7, blocked_by="device_regressed", last_error="device_regressed"
    )
    words = sync_line(blocked, now=NOW, tz=UTC)
    assert words.parts == (
        f"Cette station a été restaurée depuis une ancienne sauvegarde{NB}: "
        "appelez le technicien pour la réinscrire",
        "7 envois en attente",
    )
    assert words.tone is Tone.BLOCKED
    assert "--again" in words.next_step


@pytest.mark.parametrize(
    ("code", "start"),
    [
        ("station_unknown", "La plateforme ne connaît pas cette station"),
        ("station_revoked", "Cette station a été retirée de la plateforme"),
        ("signature_invalid", "La plateforme refuse cette station"),
        ("forbidden", "La plateforme refuse cette station"),
    ],
)
def test_other_blocks_name_what_happened(code: str, start: str) -> None:
    words = sync_line(status(phase=Phase.BLOCKED, blocked_by=code), now=NOW, tz=UTC)
    assert words.text.startswith(start)
    assert words.tone is Tone.BLOCKED
    assert words.next_step.startswith(f"Technicien{NB}:")
    assert code not in words.text  # nothing technical on the screen


def test_the_beneficiary_reads_short_sentences() -> None:
    def brief(state: SyncStatus | NoSync) -> str:
        return sync_line(state, brief=True, now=NOW, tz=UTC).text

    assert brief(IDLE) == "Tout est envoyé."
    assert brief(offline(3)) == "3 envois attendent le réseau. Ils partiront tout seuls."
    assert brief(offline(1)) == "1 envoi attend le réseau. Il partira tout seul."
    assert brief(status(phase=Phase.SYNCING, pending=2)) == "Envoi en cours."
    # Items of other people "à traiter" are not the beneficiary's business.
    assert brief(status(conflicts=2, rejected=1)) == "Tout est envoyé."
    assert brief(status(phase=Phase.BLOCKED, blocked_by="device_regressed")) == (
        "Les envois sont en pause. Vos documents restent sur cette borne."
    )
    assert brief(NoSync.NOT_ENROLLED) == "Vos documents restent sur cette borne."
    for state in (IDLE, offline(3), NoSync.NOT_ENROLLED, status(phase=Phase.BLOCKED)):
        words = sync_line(state, brief=True, now=NOW, tz=UTC)
        assert words.next_step == ""
        assert words.tone in (Tone.OK, Tone.WAITING)


def test_the_tiles_count() -> None:
    assert todo_count(None) == 0
    assert todo_count(NoSync.NOT_ENROLLED) == 0
    assert todo_count(status(conflicts=1, rejected=3)) == 4
    assert todo_note(0) == "Rien à regarder"
    assert todo_note(1) == "1 envoi à regarder"
    assert todo_note(4) == "4 envois à regarder"


# -- the items ------------------------------------------------------------------------------------


def test_each_operation_has_a_plain_name() -> None:
    assert op_type_name("beneficiary.patch") == "Modification du dossier"
    assert op_type_name("ar.create") == "Demande d’aide"
    assert op_type_name("ar.transition") == "Transition de la demande"
    assert op_type_name("ar.note.add") == "Note"
    assert op_type_name("doc.attach") == "Document"
    assert op_type_name("audit.append") == "Journal"
    names = {op_type_name(op) for op in OpType}
    assert len(names) == len(OpType)  # one name each, none shared
    assert op_type_name("thing.unknown") == "Autre envoi"


NOT_REFUSALS = (OpCode.NOOP, OpCode.BLOB_MISSING, OpCode.BLOCKED)
REJECTIONS = [code for code in OpCode if code not in NOT_REFUSALS]


def test_each_refusal_is_worded() -> None:
    assert rejection_reason("illegal_transition") == (
        "La demande avait déjà changé d’état sur une autre station"
    )
    assert rejection_reason("forbidden") == "Ce dossier appartient à une autre structure"
    assert rejection_reason("not_editable") == (
        "La demande ne peut plus être modifiée dans son état actuel"
    )
    fallback = rejection_reason(None)
    assert rejection_reason("a_code_added_later") == fallback
    reasons = [rejection_reason(code.value) for code in REJECTIONS]
    assert fallback not in reasons
    assert len(set(reasons)) == len(REJECTIONS)


def test_each_conflict_reason_is_worded() -> None:
    reasons = {conflict_reason(reason) for reason in ConflictReason}
    assert len(reasons) == len(ConflictReason)
    assert all(reasons)


def test_values_say_which_station_and_when() -> None:
    stamp = pack(int(AT_10_42 * 1000), 7)
    assert value_line(True, "st_other", stamp, "st_here", UTC) == (
        f"Valeur gardée{NB}: station st_other, le 12/03/2025 à 10:42"
    )
    assert value_line(False, "st_here", stamp, "st_here", UTC) == (
        f"Valeur non appliquée{NB}: cette station, le 12/03/2025 à 10:42"
    )
    assert station_name("st_here", None) == "station st_here"
