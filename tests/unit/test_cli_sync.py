"""``kiosk sync enrol / status / now`` against the real central platform, and ``kiosk run``'s
worker, started and always closed.

The platform is ``kiosk-central serve`` in a subprocess on SQLite (the central tests'
``stationkit.CentralServer``); codes come from its database, as ``kiosk-central
enrol-code`` makes them.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.cli_sync import EXIT_REFUSED, EXIT_UNREACHABLE, ensure_sync_tables
from kiosk.sync import outbox
from kiosk.sync.protocol.hlc import wall_ms
from kiosk.sync.protocol.values import seal_text
from kiosk.sync.station import load_identity
from kiosk.sync.worker import Phase
from kiosk.ui import app as app_module
from kiosk.ui.sync_jobs import SyncServices
from kiosk.vault.factory import open_vault

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "central"))
from stationkit import CentralServer

from central.db import CentralDatabase
from central.enrolment import create_enrol_code
from central.settings import sqlite_url

HOUR_MS = 3_600_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CentralServer]:
    data = tmp_path_factory.mktemp("central")
    process = CentralServer(data / "data", sqlite_url(data / "db")).start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def admin(server: CentralServer) -> Iterator[CentralDatabase]:
    db = CentralDatabase(server.database_url)
    yield db
    db.dispose()


@pytest.fixture
def structure() -> str:
    return f"cms-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.startswith("KIOSK_"):
            monkeypatch.delenv(name)
    return tmp_path / "station"


def kiosk(data_dir: Path, *argv: str) -> int:
    return cli.main(["--data-dir", str(data_dir), "sync", *argv])


def enrol(data_dir: Path, server: CentralServer, code: str, *extra: str) -> int:
    return kiosk(data_dir, "enrol", "--url", server.base_url, "--code", code, *extra)


def make_operations(data_dir: Path) -> None:
    """A beneficiary's address typed here, and a note on a request the platform never had."""
    vault = open_vault(data_dir, "station-dev", None)
    try:
        ensure_sync_tables(vault.db)
        with vault.db.transaction() as session:
            sealed = seal_text(os.urandom(40))
            outbox.enqueue(
                session,
                outbox.OpDraft("beneficiary.patch", "b-cli-1", {"fields": {"adresse": sealed}}),
            )
            outbox.enqueue(
                session,
                outbox.OpDraft(
                    "ar.note.add", "ar-missing", {"note_id": "n-1", "body": sealed}
                ),
            )
    finally:
        vault.db.close()


def test_enrol_then_status_then_now(
    server: CentralServer,
    admin: CentralDatabase,
    structure: str,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert kiosk(data_dir, "status") == 0
    before = capsys.readouterr().out
    assert "Inscription : pas encore inscrite" in before
    assert "État : Station pas encore inscrite auprès de la plateforme" in before

    code = create_enrol_code(admin, structure)
    assert enrol(data_dir, server, code, "--label", "Borne 2") == 0
    out = capsys.readouterr().out
    identity = load_identity(data_dir)
    assert identity is not None
    assert identity.structure_id == structure and identity.label == "Borne 2"
    assert f"Station inscrite : {identity.station_id}, structure {structure}" in out

    make_operations(data_dir)
    assert kiosk(data_dir, "status") == 0
    out = capsys.readouterr().out
    assert f"Inscription : station {identity.station_id} (structure {structure})" in out
    assert "État : 2 envois en attente." in out
    assert "En attente : 2 envoi(s), le plus ancien fait le " in out

    assert kiosk(data_dir, "now") == 0
    out = capsys.readouterr().out
    assert "Synchronisation faite" in out
    assert "État : 1 envoi refusé à regarder." in out
    assert "En attente : 0 envoi(s)." in out
    assert "Envoyés (réponse reçue) : 2." in out
    assert "À traiter : 1 refus, 0 conflit(s)." in out
    assert "Note : Refusé" in out  # the item, worded as on the screen

    assert kiosk(data_dir, "status") == 0
    assert "Dernier refus de la plateforme : envoi n° 2 (Note)" in capsys.readouterr().out


def test_refused_codes_are_told_in_french(
    server: CentralServer,
    admin: CentralDatabase,
    structure: str,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert enrol(data_dir, server, "ABCD-EFGH-JKMN-PQRS") == EXIT_REFUSED
    assert capsys.readouterr().out.startswith("Code d'inscription inconnu de la plateforme")

    expired = create_enrol_code(admin, structure, hours=1, now_ms=wall_ms() - 2 * HOUR_MS)
    assert enrol(data_dir, server, expired) == EXIT_REFUSED
    assert capsys.readouterr().out.startswith("Ce code d'inscription a expiré")

    code = create_enrol_code(admin, structure)
    other = data_dir.parent / "other-station"
    assert enrol(other, server, code) == 0
    capsys.readouterr()
    assert enrol(data_dir, server, code) == EXIT_REFUSED
    assert capsys.readouterr().out.startswith("Ce code d'inscription a déjà servi")
    assert load_identity(data_dir) is None


def test_an_enrolled_station_is_enrolled_again_only_when_asked(
    server: CentralServer,
    admin: CentralDatabase,
    structure: str,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert enrol(data_dir, server, create_enrol_code(admin, structure)) == 0
    first = load_identity(data_dir)
    capsys.readouterr()
    assert enrol(data_dir, server, create_enrol_code(admin, structure)) == EXIT_REFUSED
    assert "Station déjà inscrite" in capsys.readouterr().out
    assert load_identity(data_dir) == first
    assert enrol(data_dir, server, create_enrol_code(admin, structure), "--again") == 0
    again = load_identity(data_dir)
    assert again is not None and first is not None
    assert again.station_id != first.station_id


def test_an_unreachable_platform(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert kiosk(data_dir, "enrol", "--url", "http://127.0.0.1:9", "--code", "X") == (
        EXIT_UNREACHABLE
    )
    assert capsys.readouterr().out.startswith("Plateforme injoignable à http://127.0.0.1:9")
    assert kiosk(data_dir, "now") == EXIT_REFUSED
    assert "Station pas encore inscrite" in capsys.readouterr().out


def test_now_without_network_says_so(
    tmp_path: Path, data_dir: Path, structure: str, capsys: pytest.CaptureFixture[str]
) -> None:
    own = CentralServer(tmp_path / "central", sqlite_url(tmp_path / "central-db")).start()
    try:
        admin = CentralDatabase(own.database_url)
        try:
            assert enrol(data_dir, own, create_enrol_code(admin, structure)) == 0
        finally:
            admin.dispose()
    finally:
        own.stop()
    make_operations(data_dir)
    capsys.readouterr()
    assert kiosk(data_dir, "now") == EXIT_UNREACHABLE
    out = capsys.readouterr().out
    assert "Dernière erreur : la plateforme est injoignable" in out
    assert "État : 2 envois en attente, pas de réseau depuis " in out


def test_kiosk_run_starts_the_worker_and_closes_it_whatever_happens(
    server: CentralServer,
    admin: CentralDatabase,
    structure: str,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert enrol(data_dir, server, create_enrol_code(admin, structure)) == 0
    handed: list[SyncServices] = []

    def broken_run_app(*args: object, sync: SyncServices | None = None, **kwargs: object) -> int:
        assert sync is not None and sync.worker is not None
        assert sync.worker.status().phase is not Phase.STOPPED  # started
        handed.append(sync)
        raise RuntimeError("the window could not open")

    monkeypatch.setattr(app_module, "run_app", broken_run_app)
    args = cli.build_parser().parse_args(["--data-dir", str(data_dir), "run"])
    monkeypatch.setenv("KIOSK_CAMERA", "")
    with pytest.raises(RuntimeError, match="could not open"):
        cli.cmd_run(args)
    [sync] = handed
    assert sync.worker is not None
    assert sync.worker.status().phase is Phase.STOPPED  # closed on the way out
    with pytest.raises(RuntimeError):
        sync.thread.submit(lambda: None)  # and its query thread with it
