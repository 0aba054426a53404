"""``kiosk sync ...``: enrol the station with the central platform, see its sync, sync now.

* ``kiosk sync enrol --url URL --code CODE [--label TEXT] [--again]`` enrols the station
  with a one-time code from the platform (``kiosk-central enrol-code``); its key and what
  the platform answered stay in ``<data dir>/sync`` (see :mod:`kiosk.sync.station`);
* ``kiosk sync status`` reads the outbox in the station database: enrolment, operations
  waiting, "à traiter" items, the last refusal;
* ``kiosk sync now`` runs one push-and-pull cycle (:meth:`SyncWorker.run_once`) and says
  how it went.

The station's sync tables live in the vault's SQLite file; :func:`ensure_sync_tables` makes
them (the one place that does). Messages are for the technician at a terminal, in French;
the status line and the items are worded by the interface's own functions
(:func:`kiosk.ui.sync_words.sync_line`, :func:`kiosk.ui.todo_words.entry_words`), so the
terminal and the screen say the same thing.

Exit codes: 0 done; 1 refused (a code to renew, a station to enrol or re-enrol, an
operation the platform will not take); 3 the platform could not be reached or is
unavailable (try again later).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from sqlalchemy import select

from kiosk.config import Settings, ensure_data_dir
from kiosk.sync import outbox
from kiosk.sync.errors import (
    EnrolmentRefused,
    ProblemError,
    TransportFailed,
    UnexpectedAnswer,
)
from kiosk.sync.protocol.problems import ProblemCode
from kiosk.sync.station import StationIdentity, build_worker, enrol_station, load_identity
from kiosk.sync.worker import Phase, SyncStatus
from kiosk.vault.db import Database
from kiosk.vault.factory import open_vault
from kiosk.vault.vault import Vault

EXIT_REFUSED: Final = 1
EXIT_UNREACHABLE: Final = 3
ENROL_HINT: Final = "kiosk sync enrol --url ADRESSE --code CODE"

_REFUSED_CODES = {
    ProblemCode.ENROL_CODE_INVALID: "Code d'inscription inconnu de la plateforme : vérifiez-le, "
    "ou demandez-en un nouveau.",
    ProblemCode.ENROL_CODE_USED: "Ce code d'inscription a déjà servi : demandez-en un nouveau.",
    ProblemCode.ENROL_CODE_EXPIRED: "Ce code d'inscription a expiré : demandez-en un nouveau.",
    ProblemCode.KEY_INVALID: "La plateforme refuse la clé de cette station : supprimez "
    "le dossier « sync » des données de la station, puis recommencez.",
    ProblemCode.PROOF_INVALID: "La plateforme refuse la preuve de clé de cette station : "
    "supprimez le dossier « sync » des données de la station, puis recommencez.",
}
_LAST_ERRORS = {
    "network": "la plateforme est injoignable (réseau coupé, adresse fausse ou plateforme "
    "arrêtée) ; la station réessaie d'elle-même",
    "retry_later": "des envois attendent que la plateforme ait reçu leurs fichiers ; "
    "nouvel essai plus tard",
    ProblemCode.INTERNAL.value: "la plateforme a un problème ; réessayez plus tard",
    ProblemCode.CLOCK_SKEW.value: "l'horloge de la station est trop décalée de celle de la "
    "plateforme ; corrigez-la",
    ProblemCode.STATION_UNKNOWN.value: "la plateforme ne connaît pas cette station : "
    "réinscrivez-la (--again)",
    ProblemCode.STATION_REVOKED.value: "la plateforme a retiré cette station",
    ProblemCode.DEVICE_REGRESSED.value: "cette station a été restaurée depuis une ancienne "
    "sauvegarde : réinscrivez-la (--again) avec un nouveau code",
}
# Failures after which trying again later may work.
_TRANSIENT = frozenset({"network", ProblemCode.INTERNAL.value, ProblemCode.REPLAYED.value})


class SyncCliFail(Exception):
    """A message for the person at the terminal, and the exit code."""

    def __init__(self, message: str, code: int = EXIT_REFUSED) -> None:
        super().__init__(message)
        self.code = code


def ensure_sync_tables(db: Database) -> None:
    """Makes or migrates the outbox, sync state, "à traiter" and shadow tables (idempotent;
    their own Alembic chain beside the vault's, see ``kiosk.sync.outbox``)."""
    outbox.create_tables(db.engine)


@contextlib.contextmanager
def station_vault(settings: Settings) -> Iterator[Vault]:
    """The station's vault (its database holds the sync tables), closed after."""
    vault = open_vault(ensure_data_dir(settings), settings.station_id, None)
    try:
        ensure_sync_tables(vault.db)
        yield vault
    finally:
        vault.db.close()


def _identity(data_dir: Path) -> StationIdentity | None:
    try:
        return load_identity(data_dir)
    except ValueError as error:
        raise SyncCliFail(
            f"L'inscription de la station est illisible ({error}) : réinscrivez-la avec "
            f"« {ENROL_HINT} --again »."
        ) from None


def _moment(text: str | None) -> str:
    if not text:
        return ""
    from kiosk.ui.sync_words import iso_date_time

    return iso_date_time(text)


# --- enrol -------------------------------------------------------------------------------------


def _enrol_failure(error: Exception, url: str) -> SyncCliFail:
    if isinstance(error, TransportFailed):
        return SyncCliFail(
            f"Plateforme injoignable à {url} : vérifiez l'adresse et le réseau, puis réessayez.",
            EXIT_UNREACHABLE,
        )
    if isinstance(error, EnrolmentRefused):
        words = _REFUSED_CODES.get(error.code, f"Inscription refusée ({error.code.value}).")
        return SyncCliFail(words)
    if isinstance(error, ProblemError) and error.retryable:
        return SyncCliFail(
            f"La plateforme a un problème ({error.code.value}) : réessayez plus tard.",
            EXIT_UNREACHABLE,
        )
    if isinstance(error, ProblemError):
        return SyncCliFail(f"Inscription refusée par la plateforme ({error.code.value}).")
    return SyncCliFail(
        f"Réponse inattendue de {url} : est-ce bien l'adresse de la plateforme centrale ?"
    )


def cmd_enrol(args: argparse.Namespace, settings: Settings) -> int:
    """Enrol the station with a one-time code."""
    data_dir = ensure_data_dir(settings)
    known = _identity(data_dir)
    if known is not None and not args.again:
        raise SyncCliFail(
            f"Station déjà inscrite ({known.station_id}, structure {known.structure_id}, "
            f"{known.base_url}). Pour la réinscrire (après une restauration, un changement "
            "de plateforme), ajoutez --again."
        )
    try:
        identity = enrol_station(data_dir, args.url, args.code, args.label)
    except (ProblemError, TransportFailed, UnexpectedAnswer) as error:
        raise _enrol_failure(error, args.url) from None
    except ValueError as error:  # the station's key file is damaged
        raise SyncCliFail(
            f"La clé de la station est illisible ({error}) : supprimez le dossier « sync » "
            "des données de la station, puis recommencez."
        ) from None
    print(
        f"Station inscrite : {identity.station_id}, structure {identity.structure_id}, "
        f"plateforme {identity.base_url}."
    )
    print(
        "La station se synchronise au prochain démarrage de « kiosk run » "
        "(ou tout de suite avec « kiosk sync now »)."
    )
    return 0


# --- status ------------------------------------------------------------------------------------


def _enrolment_line(identity: StationIdentity | None) -> str:
    if identity is None:
        return f"Inscription : pas encore inscrite (« {ENROL_HINT} »)."
    label = f", « {identity.label} »" if identity.label else ""
    return (
        f"Inscription : station {identity.station_id} (structure {identity.structure_id}) "
        f"sur {identity.base_url}{label}."
    )


def _outbox_lines(vault: Vault, own_station: str | None) -> list[str]:
    from kiosk.ui.sync_jobs import load_todo
    from kiosk.ui.todo_words import entry_words, op_type_name, rejection_reason

    with vault.db.transaction() as session:
        counts = outbox.counts(session)
        last = session.scalars(
            select(outbox.OutboxRow)
            .where(outbox.OutboxRow.result_status == "rejected")
            .order_by(outbox.OutboxRow.seq.desc())
            .limit(1)
        ).first()
        last_refusal = (
            None if last is None else (last.seq, last.op_type, last.result_code, last.done_at)
        )
    oldest = _moment(counts.oldest_pending_at)
    lines = [
        f"En attente : {counts.pending} envoi(s)"
        + (f", le plus ancien fait le {oldest}." if oldest else "."),
        f"Envoyés (réponse reçue) : {counts.done}.",
        f"À traiter : {counts.todo_rejected} refus, {counts.todo_merged} conflit(s).",
    ]
    for entry in load_todo(vault.db):
        heading, reason, details = entry_words(entry, own_station)
        tag = f" [{entry.code}]" if entry.code else ""
        lines.append(f"  - n° {entry.item_id} {heading} : {reason}{tag}")
        lines.extend(f"      {line}" for line in details.splitlines())
    if last_refusal is None:
        lines.append("Dernier refus de la plateforme : aucun.")
    else:
        seq, op_type, refusal, done_at = last_refusal
        lines.append(
            f"Dernier refus de la plateforme : envoi n° {seq} ({op_type_name(op_type)}), "
            f"{rejection_reason(refusal)} [{refusal}], le {_moment(done_at)}."
        )
    return lines


def _status_lines(status: SyncStatus | None) -> list[str]:
    from kiosk.ui.sync_words import NoSync, sync_line

    words = sync_line(NoSync.NOT_ENROLLED if status is None else status)
    lines = [f"État : {words.text}."]
    if words.next_step:
        lines.append(words.next_step)
    return lines


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    """Print how the station's sync stands, from its database."""
    data_dir = ensure_data_dir(settings)
    identity = _identity(data_dir)
    with station_vault(settings) as vault:
        try:
            worker = (
                None if identity is None else build_worker(data_dir, vault.db, identity=identity)
            )
        except ValueError as error:
            raise SyncCliFail(f"La clé de la station est illisible ({error}).") from None
        try:
            status = None if worker is None else worker.status()
        finally:
            if worker is not None:
                worker.close()
        own = None if identity is None else identity.station_id
        lines = [_enrolment_line(identity), *_status_lines(status), *_outbox_lines(vault, own)]
    if identity is not None:
        lines.append("(Le réseau se vérifie avec « kiosk sync now ».)")
    print("\n".join(lines))
    return 0


# --- now ---------------------------------------------------------------------------------------


def _last_error_line(status: SyncStatus) -> str:
    code = status.last_error
    if code is None:
        when = ""
        if status.last_success_at is not None:
            moment = dt.datetime.fromtimestamp(status.last_success_at).astimezone()
            when = f" ({moment:%H:%M:%S})"
        return f"Synchronisation faite{when} : envois poussés, changements reçus."
    words = _LAST_ERRORS.get(code, f"la plateforme a refusé ({code})")
    return f"Dernière erreur : {words} [{code}]."


def _exit_code(status: SyncStatus) -> int:
    if status.phase is Phase.BLOCKED:
        return EXIT_REFUSED
    if status.last_error is None or status.last_error == "retry_later":
        return 0
    return EXIT_UNREACHABLE if status.last_error in _TRANSIENT else EXIT_REFUSED


def cmd_now(args: argparse.Namespace, settings: Settings) -> int:
    """Run one sync cycle and print how it went."""
    data_dir = ensure_data_dir(settings)
    identity = _identity(data_dir)
    if identity is None:
        raise SyncCliFail(f"Station pas encore inscrite : lancez « {ENROL_HINT} ».")
    with station_vault(settings) as vault:
        try:
            worker = build_worker(data_dir, vault.db, vault.blobs, identity=identity)
        except ValueError as error:
            raise SyncCliFail(f"La clé de la station est illisible ({error}).") from None
        if worker is None:  # pragma: no cover - identity given
            raise SyncCliFail("Station pas encore inscrite.")
        try:
            worker.run_once()
            status = worker.status()
        finally:
            worker.close()
        lines = [
            _enrolment_line(identity),
            _last_error_line(status),
            *_status_lines(status),
            *_outbox_lines(vault, identity.station_id),
        ]
    print("\n".join(lines))
    return _exit_code(status)


# --- parser ------------------------------------------------------------------------------------


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Runs a ``kiosk sync`` command; a refusal is printed, with its exit code."""
    try:
        code: int = args.sync_func(args, settings)
    except SyncCliFail as failure:
        print(str(failure))
        return failure.code
    return code


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``kiosk sync ...`` to the ``kiosk`` parser."""
    sync = sub.add_parser(
        "sync",
        help="synchronisation avec la plateforme centrale",
        epilog="Codes de sortie : 0 fait, 1 refusé, 3 plateforme injoignable ou indisponible.",
    ).add_subparsers(dest="sync_command", required=True)
    enrol = sync.add_parser("enrol", help="inscrire la station auprès de la plateforme")
    enrol.add_argument("--url", required=True, help="adresse de la plateforme")
    enrol.add_argument("--code", required=True, help="code d'inscription à usage unique")
    enrol.add_argument(
        "--label", default="", help="nom de la station (« CMS Belleville, borne 2 »)"
    )
    enrol.add_argument(
        "--again",
        action="store_true",
        help="réinscrire une station déjà inscrite (après une restauration de sauvegarde)",
    )
    enrol.set_defaults(sync_func=cmd_enrol)
    sync.add_parser("status", help="où en est la synchronisation").set_defaults(
        sync_func=cmd_status
    )
    sync.add_parser("now", help="synchroniser tout de suite (un cycle)").set_defaults(
        sync_func=cmd_now
    )
