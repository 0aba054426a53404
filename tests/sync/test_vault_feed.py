"""The vault's changes reach the outbox in their own transaction, and the platform by sync:
a beneficiary, a filed document (its ciphertext uploaded first) and the journal, as
ciphertext only."""

from __future__ import annotations

import base64
import io
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from stationkit import CentralServer

from central.db import CentralDatabase
from central.enrolment import create_enrol_code
from kiosk.sync import outbox, shadow
from kiosk.sync.station import build_worker, enrol_station
from kiosk.sync.vault_feed import AUDIT_INFO, OutboxFeed, open_station_vault
from kiosk.sync.worker import Backoff
from kiosk.vault import hpke
from kiosk.vault.feed import RevisionWritten
from kiosk.vault.models import AuditRow, Beneficiary
from kiosk.vault.recipients import SoftwareKeyAgreement
from kiosk.vault.vault import Vault

from .fleet import server_digest, server_state

PROFILE = {"nom": "Lefèvre-Ngoma", "prenoms": "Zoé", "adresse": "12 rue des Capucines"}
SCAN = b"%PDF-1.7 avis d'imposition de Zoe Lefevre-Ngoma " * 2000


class Station:
    def __init__(self, data_dir: Path) -> None:
        self.escrow = SoftwareKeyAgreement.generate()
        self.card = SoftwareKeyAgreement.generate()
        self.vault = open_station_vault(data_dir, "borne-1", self.escrow.public_key())
        self.vault.ensure_index_key("technicien-1")
        self.index = self.vault.unlock_index(self.escrow)

    def new_beneficiary(self) -> str:
        return self.vault.create_beneficiary(
            PROFILE,
            family_name=PROFILE["nom"],
            given_names=PROFILE["prenoms"],
            card_number="000YSZ",
            card_key=self.card.public_key(),
            index=self.index,
            actor="technicien-1",
        )

    def file(self, ben: str) -> tuple[str, str]:
        with self.vault.open_session(ben, self.card, ben) as session:
            doc, _rev = session.put_document(io.BytesIO(SCAN), 2, {"type": "avis_imposition"})
        return doc, self.revision_blob(doc)

    def revision_blob(self, doc: str) -> str:
        with self.vault.db.transaction() as s:
            row = json.loads(
                s.scalars(
                    select(outbox.OutboxRow.op_json).where(outbox.OutboxRow.entity_id == doc)
                ).one()
            )
        blob: str = row["payload"]["blob"]
        return blob

    def ops(self) -> list[dict[str, Any]]:
        with self.vault.db.transaction() as s:
            rows = s.scalars(select(outbox.OutboxRow).order_by(outbox.OutboxRow.seq))
            return [json.loads(row.op_json) for row in rows]


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    made = Station(tmp_path / "data")
    yield made
    made.index.wipe()
    made.vault.db.close()


def test_each_vault_change_commits_with_its_operation(station: Station) -> None:
    ben = station.new_beneficiary()
    doc, blob = station.file(ben)
    ops = station.ops()
    kinds = [op["op_type"] for op in ops]
    assert kinds.count("beneficiary.patch") == 1 and kinds.count("doc.attach") == 1
    with station.vault.db.transaction() as s:
        journal_rows = len(s.scalars(select(AuditRow)).all())
    assert kinds.count("audit.append") == journal_rows  # every journal row, once
    patch = next(op for op in ops if op["op_type"] == "beneficiary.patch")
    assert patch["entity_id"] == ben
    assert set(patch["payload"]["fields"]) == {"family_name", "given_names", "adresse"}
    attach = next(op for op in ops if op["op_type"] == "doc.attach")
    assert attach["entity_id"] == doc and attach["payload"]["level"] == 2
    assert station.vault.blobs.read_blob(blob)  # the vault's own ciphertext file
    # only ciphertext: no name, address or content in any operation
    text = json.dumps(ops)
    for secret in ("Lefèvre", "Lefevre", "Capucines", "Zoé", "avis d'imposition"):
        assert secret not in text
    # the escrow, and only the escrow, reads the journal rows
    audit = next(op for op in ops if op["op_type"] == "audit.append")
    record = json.loads(
        hpke.open_stanza(station.escrow, base64.b64decode(audit["payload"]["record"]), AUDIT_INFO)
    )
    assert record["device"] == "borne-1"
    with pytest.raises(hpke.StanzaError):
        hpke.open_stanza(station.card, base64.b64decode(audit["payload"]["record"]), AUDIT_INFO)


class _Broken(OutboxFeed):
    def revision_written(self, session: Session, written: RevisionWritten) -> None:
        raise RuntimeError("outbox full")


def test_no_change_commits_without_its_operation(station: Station) -> None:
    ben = station.new_beneficiary()
    before = station.ops()
    vault: Vault = station.vault
    vault.feed = _Broken(station.escrow.public_key())
    with pytest.raises(RuntimeError), vault.open_session(ben, station.card, ben) as session:
        session.put_document(io.BytesIO(SCAN), 2, {"type": "avis_imposition"})
    with vault.open_session(ben, station.card, ben) as session:
        assert session.list_documents() == []  # the filing rolled back with its operation
    assert [op["op_type"] for op in station.ops()][: len(before)] == [
        op["op_type"] for op in before
    ]
    assert not any(op["op_type"] == "doc.attach" for op in station.ops())
    with vault.db.transaction() as s:
        assert s.get(Beneficiary, ben) is not None


def test_the_platform_gets_the_beneficiary_the_document_and_the_journal(
    station: Station,
    server: CentralServer,
    admin: CentralDatabase,
    structure: str,
    tmp_path: Path,
) -> None:
    ben = station.new_beneficiary()
    doc, blob = station.file(ben)
    sync_dir = tmp_path / "data"
    enrol_station(sync_dir, server.base_url, create_enrol_code(admin, structure), "borne 1")
    worker = build_worker(
        sync_dir,
        station.vault.db,
        station.vault.blobs,
        backoff=Backoff(0.02, 0.2),
        rng=random.Random(1),
    )
    assert worker is not None
    try:
        worker.run_once()
        assert worker.status().all_sent, worker.status()
    finally:
        worker.close()
    document = server_state(admin, structure, "document", doc)
    assert document.meta["blob"] == blob and document.meta["beneficiary_id"] == ben
    stored = [p for p in server.data_dir.rglob(blob) if p.is_file()]
    assert stored and stored[0].read_bytes() == station.vault.blobs.read_blob(blob)
    beneficiary = server_state(admin, structure, "beneficiary", ben)
    assert set(beneficiary.fields) == {"family_name", "given_names", "adresse"}
    with station.vault.db.transaction() as s:
        mine = shadow.digest(s)
        journal_rows = len(s.scalars(select(AuditRow)).all())
    truth = server_digest(admin, structure)
    assert mine == truth
    assert sum(kind == "audit" for kind, _ in truth) == journal_rows
    # the platform keeps ciphertext only: nothing of the person or the scan on its disk
    files = [p for p in server.data_dir.rglob("*") if p.is_file()]
    if server.database_url.startswith("sqlite"):
        database = Path(server.database_url.split("///", 1)[1])
        files += [p for p in database.parent.glob(database.name + "*") if p.is_file()]
    for path in files:
        content = path.read_bytes()
        for secret in ("Lefèvre-Ngoma", "Capucines", "avis d'imposition de Zoe"):
            assert secret.encode() not in content, path
            assert secret.encode("utf-16-le") not in content, path
