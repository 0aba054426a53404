"""Kill -9 a writer at random points, 50 times: nothing promised is lost, nothing is broken."""

from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.vault.factory import open_vault
from kiosk.vault.recipients import SoftwareKeyAgreement
from kiosk.vault.vault import Vault
from tests.vault.conftest import PROFILE
from tests.vault.crash_writer import content

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_kill_minus_nine_fifty_times(tmp_path: Path) -> None:
    rng = random.Random(20261125)
    escrow = SoftwareKeyAgreement.generate()
    card_key = ec.generate_private_key(ec.SECP256R1())
    card_pem = tmp_path / "card.pem"
    card_pem.write_bytes(
        card_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    data = tmp_path / "data"
    vault = open_vault(data, "station-crash", escrow.public_key(), frame_size=4096)
    vault.ensure_index_key("tech")
    index = vault.unlock_index(escrow)
    ben = vault.create_beneficiary(
        PROFILE,
        family_name="A",
        given_names="B",
        card_number=None,
        card_key=card_key.public_key(),
        index=index,
        actor="tech",
    )
    vault.db.close()

    promised: dict[tuple[str, int], str] = {}
    checked: set[tuple[str, int]] = set()
    for run in range(50):
        writer = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.vault.crash_writer",
                str(data),
                str(card_pem),
                ben,
                str(run),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "READY"
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(writer.pid, signal.SIGKILL)
        out, _ = writer.communicate(timeout=30)
        for line in out.splitlines():
            _ok, doc, rev, seed = line.split()
            promised[(doc, int(rev))] = seed

        vault = open_vault(data, "station-crash", escrow.public_key(), frame_size=4096)
        report = vault.verify()
        assert report.ok, (run, report)
        # verify() has checked every revision's ciphertext; decrypt what this run promised
        # and a sample of the older ones, then everything after the last run.
        older = [k for k in promised if k not in checked]
        sample = rng.sample(sorted(checked), min(10, len(checked)))
        _check(vault, ben, card_key, {k: promised[k] for k in older + sample})
        checked.update(older)
        vault.db.close()
    vault = open_vault(data, "station-crash", escrow.public_key(), frame_size=4096)
    _check(vault, ben, card_key, promised)
    vault.db.close()
    assert len(promised) > 50  # the writer did get work done between kills


def _check(
    vault: Vault, ben: str, card_key: ec.EllipticCurvePrivateKey, docs: dict[tuple[str, int], str]
) -> None:
    with vault.open_session(ben, SoftwareKeyAgreement(card_key), "check") as session:
        for (doc, rev), seed in docs.items():
            buf = io.BytesIO()
            assert session.read_document(doc, buf, rev) == {"seed": seed}
            assert buf.getvalue() == content(seed), (doc, rev)
