"""The audit journal: append-only in the database, and every edit or deletion found."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from tests.vault.conftest import World


def _journal_rows(world: World, count: int) -> None:
    ben = world.new_beneficiary()
    with world.vault.open_session(ben, world.card, "usager") as session:
        for n in range(count):
            session.put_document(io.BytesIO(b"piece %d" % n), 1, {})


def _raw(world: World) -> sqlite3.Connection:
    return sqlite3.connect(world.data_dir / "vault.sqlite3", isolation_level=None)


def test_the_database_refuses_edits_and_deletions(world: World) -> None:
    _journal_rows(world, 2)
    db = _raw(world)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE audit_events SET actor='someone else' WHERE seq=3")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit_events WHERE seq=3")
    db.close()
    assert world.vault.verify().ok


def _without_guard(world: World, statement: str) -> None:
    """What an attacker with the file does: drop the triggers, then edit."""
    db = _raw(world)
    db.execute("DROP TRIGGER audit_events_no_update")
    db.execute("DROP TRIGGER audit_events_no_delete")
    db.execute(statement)
    db.close()


@pytest.mark.parametrize(
    ("statement", "seq", "reason"),
    [
        ("UPDATE audit_events SET actor='agent-9' WHERE seq=5", 5, "hash_mismatch"),
        ("UPDATE audit_events SET op='not-an-op' WHERE seq=4", 4, "hash_mismatch"),
        ("DELETE FROM audit_events WHERE seq=6", 7, "seq_gap"),
        ("DELETE FROM audit_events WHERE seq=1", 2, "seq_gap"),
        ("UPDATE audit_events SET prev=hash WHERE seq=8", 8, "broken_link"),
    ],
)
def test_edited_or_deleted_rows_are_named(
    world: World, statement: str, seq: int, reason: str
) -> None:
    _journal_rows(world, 5)
    _without_guard(world, statement)
    verdict = world.vault.verify().journal
    assert (verdict.ok, verdict.first_bad_seq, str(verdict.reason)) == (False, seq, reason)


def test_rewritten_row_with_recomputed_hash_breaks_the_next_link(world: World) -> None:
    _journal_rows(world, 5)
    from kiosk.vault.journal import Journal

    with world.vault.db.transaction() as s:
        rows = list(Journal.rows(s))
    event, _ = rows[4]
    forged = type(event)(**{**{f: getattr(event, f) for f in event.__slots__}, "actor": "x"})
    _without_guard(
        world,
        f"UPDATE audit_events SET actor='x', hash='{forged.digest()}' WHERE seq=5",  # noqa: S608
    )
    verdict = world.vault.verify().journal
    assert (verdict.first_bad_seq, str(verdict.reason)) == (6, "broken_link")


def _cli(world: World, *args: str) -> subprocess.CompletedProcess[str]:
    pem = world.escrow.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    key = world.data_dir.parent / "escrow.pub.pem"
    key.write_bytes(pem)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(world.data_dir.parent)}
    env["KIOSK_ESCROW_PUBLIC_KEY"] = str(key)
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--data-dir", str(world.data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


def test_cli_verify_says_exactly_what_fails(world: World) -> None:
    _journal_rows(world, 3)
    ok = _cli(world, "vault", "verify")
    assert ok.returncode == 0, ok.stderr
    assert "chaîne intègre" in ok.stdout and "Coffre intègre." in ok.stdout
    _without_guard(world, "UPDATE audit_events SET object='document:x' WHERE seq=6")
    blob = next(
        p
        for p in Path(world.data_dir, "blobs").rglob("*")
        if p.parent.name != "tmp" and p.is_file()
    )
    blob.write_bytes(blob.read_bytes()[:-1])
    bad = _cli(world, "vault", "verify")
    assert bad.returncode == 1
    assert "ERREUR à l'événement n° 6 : contenu modifié" in bad.stdout
    assert "fichier chiffré modifié" in bad.stdout and "NON intègre" in bad.stdout
