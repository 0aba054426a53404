"""The vault end to end on a real SQLite file: documents, levels, proxies, keys, erasure."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile

import pytest

from kiosk.vault.errors import (
    IntegrityError,
    NoKeyForRecipient,
    NotAllowed,
    NotFound,
    SessionClosed,
)
from kiosk.vault.export import export_zip
from kiosk.vault.keys import Recipient, Role
from kiosk.vault.recipients import SoftwareKeyAgreement, fingerprint
from tests.vault.conftest import PROFILE, World

SCAN = b"%PDF-1.7 avis d'imposition revenu fiscal de reference 18 432\n" * 300


def read(session: object, doc_id: str, rev: int | None = None) -> bytes:
    out = io.BytesIO()
    session.read_document(doc_id, out, rev)  # type: ignore[attr-defined]
    return out.getvalue()


def test_store_read_list_and_revise(world: World) -> None:
    ben = world.new_beneficiary()
    with world.vault.open_session(ben, world.card, "usager") as session:
        assert session.role is Role.BENEFICIARY and session.levels == {1, 2, 3}
        assert session.profile() == PROFILE
        doc, rev = session.put_document(io.BytesIO(SCAN), 2, {"type": "avis_imposition"})
        assert rev == 1 and read(session, doc) == SCAN
        assert session.add_revision(doc, io.BytesIO(b"v2"), {"type": "avis_imposition"}) == 2
        assert read(session, doc) == b"v2" and read(session, doc, 1) == SCAN
        [info] = session.list_documents()
        assert (info.document_id, info.level, info.rev) == (doc, 2, 2)
        assert info.meta == {"type": "avis_imposition"}
        with pytest.raises(NotFound):
            read(session, "0" * 32)
    with pytest.raises(SessionClosed):
        session.list_documents()


def test_find_by_name_and_card_number_is_exact_after_normalising(world: World) -> None:
    ben = world.new_beneficiary()
    assert world.vault.find(world.index, "LEFEVRE NGOMA", "zoe  marie") == [ben]
    assert world.vault.find(world.index, "Lefèvre-Ngoma", "Zoé Marie", "000 ysz") == [ben]
    assert world.vault.find(world.index, "Lefèvre-Ngoma", "Zoé Marie", "000YSA") == []
    assert world.vault.find(world.index, "Lefèvre", "Zoé") == []


def test_agent_under_proxy_sees_only_up_to_their_level(world: World) -> None:
    ben = world.new_beneficiary()
    with world.vault.open_session(ben, world.card, "usager") as session:
        admin, _ = session.put_document(io.BytesIO(b"cni"), 1, {"type": "cni"})
        health, _ = session.put_document(io.BytesIO(b"mdph"), 3, {"type": "autre"})
        granted = session.grant(
            Recipient(Role.AGENT, world.agent.public_key(), proxy_id="p-1", max_level=1)
        )
    assert granted == [1]
    with world.vault.open_session(ben, world.agent, "agent-7") as agent:
        assert agent.role is Role.AGENT and agent.levels == {1}
        assert read(agent, admin) == b"cni"
        assert [d.document_id for d in agent.list_documents()] == [admin]
        with pytest.raises(NoKeyForRecipient) as info:
            read(agent, health)
        assert info.value.level == 3
        with pytest.raises(NotAllowed):
            agent.grant(Recipient(Role.AGENT, SoftwareKeyAgreement.generate().public_key()))
        with pytest.raises(NotAllowed):
            export_zip(agent, io.BytesIO())
    with pytest.raises(NoKeyForRecipient):
        world.vault.open_session(ben, SoftwareKeyAgreement.generate(), "stranger")


def test_revocation_moves_to_a_new_version_and_documents_stay_readable(world: World) -> None:
    ben = world.new_beneficiary()
    agent = Recipient(Role.AGENT, world.agent.public_key(), proxy_id="p-1", max_level=2)
    with world.vault.open_session(ben, world.card, "usager") as session:
        doc, _ = session.put_document(io.BytesIO(SCAN), 2, {"type": "rib"})
        session.grant(agent)
        assert session.revoke(agent.fp) == [1, 2]
        assert read(session, doc) == SCAN and session.profile() == PROFILE
    with pytest.raises(NoKeyForRecipient):
        world.vault.open_session(ben, world.agent, "agent-7")
    db = sqlite3.connect(world.data_dir / "vault.sqlite3")
    versions = db.execute(
        "SELECT level, version FROM data_keys WHERE beneficiary_id=? ORDER BY level", (ben,)
    ).fetchall()
    assert versions == [(1, 2), (2, 2), (3, 1)]  # old versions shredded, level 3 untouched
    fps = {r[0] for r in db.execute("SELECT recipient_fp FROM key_stanzas")}
    assert agent.fp not in fps and fingerprint(world.card.public_key()) in fps
    # The escrow still opens everything (recovery of a lost card).
    with world.vault.open_session(ben, world.escrow, "escrow") as recovery:
        assert read(recovery, doc) == SCAN


def test_a_session_survives_a_rotation_made_by_another(world: World) -> None:
    ben = world.new_beneficiary()
    first = world.vault.open_session(ben, world.card, "usager")
    doc, _ = first.put_document(io.BytesIO(b"piece"), 2, {})
    with world.vault.open_session(ben, world.card, "usager") as second:
        assert second.rotate(2) == 2
    assert read(first, doc) == b"piece"
    first.close()


def test_tampered_ciphertext_is_refused_and_verify_names_it(world: World) -> None:
    ben = world.new_beneficiary()
    with world.vault.open_session(ben, world.card, "usager") as session:
        doc, _ = session.put_document(io.BytesIO(SCAN), 2, {"type": "rib"})
        other, _ = session.put_document(io.BytesIO(b"intact"), 2, {})
        [blob] = [
            p
            for p in (world.data_dir / "blobs").rglob("*")
            if p.is_file() and p.parent.name != "tmp" and p.stat().st_size > 1000
        ]
        data = bytearray(blob.read_bytes())
        data[100] ^= 0x01
        blob.write_bytes(bytes(data))
        with pytest.raises(IntegrityError):
            read(session, doc)
        assert read(session, other) == b"intact"
    report = world.vault.verify()
    assert not report.ok
    assert [(p.kind, p.document_id) for p in report.problems] == [("blob_mismatch", doc)]


def test_level3_document_relabelled_level1_does_not_open(world: World) -> None:
    ben = world.new_beneficiary()
    with world.vault.open_session(ben, world.card, "usager") as session:
        doc, _ = session.put_document(io.BytesIO(b"certificat medical"), 3, {"type": "autre"})
    db = sqlite3.connect(world.data_dir / "vault.sqlite3")
    level1 = db.execute(
        "SELECT id FROM data_keys WHERE beneficiary_id=? AND level=1", (ben,)
    ).fetchone()[0]
    db.execute("UPDATE documents SET level=1 WHERE id=?", (doc,))
    db.commit()
    with (
        world.vault.open_session(ben, world.card, "usager") as session,
        pytest.raises(IntegrityError),
    ):
        read(session, doc)
    # Pointing the revision at the level-1 key as well does not help.
    db.execute("UPDATE revisions SET data_key_id=? WHERE document_id=?", (level1, doc))
    db.commit()
    with (
        world.vault.open_session(ben, world.card, "usager") as session,
        pytest.raises(IntegrityError),
    ):
        read(session, doc)
    db.close()


def test_stanza_moved_to_another_level_does_not_open(world: World) -> None:
    ben = world.new_beneficiary()
    db = sqlite3.connect(world.data_dir / "vault.sqlite3")
    for old, new in ((1, 9), (3, 1), (9, 3)):  # swap the level-1 and level-3 keys
        db.execute(
            "UPDATE data_keys SET level=? WHERE beneficiary_id=? AND level=?", (new, ben, old)
        )
    db.commit()
    db.close()
    with pytest.raises(IntegrityError):
        world.vault.open_session(ben, world.card, "usager")


def test_delete_shreds_the_document_only(world: World) -> None:
    ben = world.new_beneficiary()
    with world.vault.open_session(ben, world.card, "usager") as session:
        gone, _ = session.put_document(io.BytesIO(b"old bill"), 1, {})
        session.add_revision(gone, io.BytesIO(b"newer bill"), {})
        kept, _ = session.put_document(io.BytesIO(b"payslip"), 2, {})
        blobs_before = set(world.vault.blobs.names())
        session.delete_document(gone)
        assert len(blobs_before - set(world.vault.blobs.names())) == 2
        with pytest.raises(NotFound):
            read(session, gone)
        assert read(session, kept) == b"payslip"
    db = sqlite3.connect(world.data_dir / "vault.sqlite3")
    assert (
        db.execute("SELECT count(*) FROM revisions WHERE document_id=?", (gone,)).fetchone()[0] == 0
    )
    assert world.vault.verify().ok


def test_erasure_destroys_every_key_row_and_file(world: World) -> None:
    ben = world.new_beneficiary()
    keep = world.new_beneficiary(SoftwareKeyAgreement.generate())
    with world.vault.open_session(ben, world.card, "usager") as session:
        session.put_document(io.BytesIO(SCAN), 2, {})
        session.grant(Recipient(Role.AGENT, world.agent.public_key(), "p-1", 3))
        with (
            world.vault.open_session(ben, world.agent, "agent-7") as agent,
            pytest.raises(NotAllowed),
        ):
            agent.erase()
        session.erase()
    assert list(world.vault.blobs.names()) == []
    with pytest.raises(NotFound):
        world.vault.open_session(ben, world.escrow, "escrow")
    db = sqlite3.connect(world.data_dir / "vault.sqlite3")
    assert db.execute(
        "SELECT count(*) FROM data_keys WHERE beneficiary_id=?", (ben,)
    ).fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM documents").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM key_stanzas").fetchone() == (6,)  # keep: card+escrow x3
    assert db.execute("SELECT id FROM beneficiaries").fetchall() == [(keep,)]
    ops = [r[0] for r in db.execute("SELECT op FROM audit_events ORDER BY seq")]
    assert ops[-1] == "erase_beneficiary"
    assert world.vault.find(world.index, str(PROFILE["nom"]), str(PROFILE["prenoms"])) == [keep]


def test_export_is_the_whole_vault_decrypted_with_a_manifest(world: World) -> None:
    ben = world.new_beneficiary()
    out = io.BytesIO()
    with world.vault.open_session(ben, world.card, "usager") as session:
        doc, _ = session.put_document(
            io.BytesIO(SCAN), 2, {"type": "rib", "mime": "application/pdf"}
        )
        session.add_revision(doc, io.BytesIO(b"v2"), {"type": "rib", "mime": "application/pdf"})
        health, _ = session.put_document(io.BytesIO(b"x" * 5000), 3, {"mime": "image/jpeg"})
        assert export_zip(session, out) == 3
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["beneficiaire"] == PROFILE
        files = {e["fichier"]: e for e in manifest["documents"]}
        assert archive.read(f"documents/{doc}-v1.pdf") == SCAN
        assert archive.read(f"documents/{doc}-v2.pdf") == b"v2"
        assert archive.read(f"documents/{health}-v1.jpg") == b"x" * 5000
        assert (
            files[f"documents/{doc}-v1.pdf"]["sha256"]
            == __import__("hashlib").sha256(SCAN).hexdigest()
        )
    with world.vault.open_session(ben, world.escrow, "escrow") as escrow, pytest.raises(NotAllowed):
        export_zip(escrow, io.BytesIO())


def test_every_access_is_journaled_in_order(world: World) -> None:
    ben = world.new_beneficiary()
    with world.vault.open_session(ben, world.card, "usager") as session:
        doc, _ = session.put_document(io.BytesIO(b"a"), 1, {})
        read(session, doc)
        session.delete_document(doc)
    db = sqlite3.connect(world.data_dir / "vault.sqlite3")
    rows = db.execute("SELECT op, object, actor FROM audit_events ORDER BY seq").fetchall()
    ops = [r[0] for r in rows]
    assert ops[:1] == ["key_create"]  # the index key
    assert ops[-4:] == ["key_unwrap", "write", "read", "delete"]
    assert rows[-1][1] == f"document:{doc}" and rows[-1][2] == "usager"
    assert world.vault.verify().ok
