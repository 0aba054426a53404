"""A writer process for the crash test: files documents until it is killed.

Prints ``OK <document id> <rev> <seed>`` after each write has returned, so the parent knows
which documents the vault promised to keep.
"""

from __future__ import annotations

import hashlib
import io
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.vault.factory import open_vault
from kiosk.vault.recipients import SoftwareKeyAgreement


def content(seed: str) -> bytes:
    """The bytes of document ``seed``: 1 to 40 frames of 4 KiB, reproducible."""
    block = hashlib.sha256(seed.encode()).digest()
    size = 1000 + int.from_bytes(block[:2], "big") * 2
    return (block * (size // 32 + 1))[:size]


def main(data_dir: str, card_pem: str, ben: str, run: str) -> None:
    key = serialization.load_pem_private_key(Path(card_pem).read_bytes(), None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    card = SoftwareKeyAgreement(key)
    vault = open_vault(Path(data_dir), "station-crash", None, frame_size=4096)
    session = vault.open_session(ben, card, "usager")
    print("READY", flush=True)
    last = None
    n = 0
    while True:
        seed = f"{run}-{n}"
        if last is not None and n % 3 == 0:
            rev = session.add_revision(last, io.BytesIO(content(seed)), {"seed": seed})
            print(f"OK {last} {rev} {seed}", flush=True)
        else:
            last, rev = session.put_document(io.BytesIO(content(seed)), 1 + n % 3, {"seed": seed})
            print(f"OK {last} {rev} {seed}", flush=True)
        n += 1


if __name__ == "__main__":
    main(*sys.argv[1:5])
