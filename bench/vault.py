"""Vault throughput beside its ceilings, measured side by side in one run.

Prints ratios (never absolute targets):
- store: a 10 MB scan through the vault (encrypt + write + fsync + journal commit) against
  the same bytes written and fsynced unencrypted;
- read: reading it back (decrypt, authenticated) against reading the plain file;
- streamed encryption (our frames, to a null sink) against one-shot ``AESGCM.encrypt`` and
  against ``openssl speed -evp aes-256-gcm`` on 1 MiB blocks.
Each measure is the median of interleaved rounds.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.vault import frames
from kiosk.vault.factory import open_vault
from kiosk.vault.recipients import SoftwareKeyAgreement

SIZE = 10 * 1000 * 1000
ROUNDS = 7


class NullSink:
    """Swallows bytes (measures the cipher, not the disk)."""

    def write(self, data: memoryview | bytes, /) -> int:
        return len(data)


def plain_write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def raw_cipher_and_hash(key: bytes, data: bytes) -> None:
    """The floor of what we do: AES-GCM ``update_into`` then SHA-256, 1 MiB at a time."""
    cipher = algorithms.AES256(key)
    out = bytearray((1 << 20) + 15)
    digest = hashlib.sha256()
    view = memoryview(data)
    for start in range(0, len(data), 1 << 20):
        enc = Cipher(cipher, modes.GCM(os.urandom(12))).encryptor()
        size = enc.update_into(view[start : start + (1 << 20)], out)
        enc.finalize()
        digest.update(memoryview(out)[:size])
        digest.update(enc.tag)


def openssl_mb_s() -> float | None:
    if shutil.which("openssl") is None:
        return None
    out = subprocess.run(
        ["openssl", "speed", "-evp", "aes-256-gcm", "-bytes", "1048576", "-seconds", "2"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    match = re.search(r"^AES-256-GCM\s+([\d.]+)k", out, re.MULTILINE | re.IGNORECASE)
    return None if match is None else float(match.group(1)) * 1000 / 1e6


def median_time(action: Callable[[], object]) -> float:
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    scan = os.urandom(SIZE)
    key = os.urandom(32)
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        root = Path(tmp)
        escrow, card = SoftwareKeyAgreement.generate(), SoftwareKeyAgreement.generate()
        vault = open_vault(root / "data", "bench", escrow.public_key())
        vault.ensure_index_key("bench")
        ben = vault.create_beneficiary(
            {},
            family_name="bench",
            given_names="",
            card_number=None,
            card_key=card.public_key(),
            index=vault.unlock_index(escrow),
            actor="bench",
        )
        session = vault.open_session(ben, card, "bench")
        plain = root / "plain.bin"
        stored: list[str] = []

        def store() -> None:
            doc, _ = session.put_document(io.BytesIO(scan), 2, {"mime": "image/jpeg"})
            stored.append(doc)

        def read_back() -> None:
            session.read_document(stored[-1], NullSink())

        def read_plain() -> None:
            with plain.open("rb") as handle:
                while handle.read(1 << 20):
                    pass

        rows = []
        t_plain_write = median_time(lambda: plain_write(plain, scan))
        t_store = median_time(store)
        rows.append(("store 10 MB: vault / write+fsync plain", t_plain_write / t_store, 0.5))
        t_read_plain = median_time(read_plain)
        t_read = median_time(read_back)
        rows.append(("read 10 MB: vault / plain read", t_read_plain / t_read, None))
        t_stream = median_time(
            lambda: frames.encrypt_stream(key, b"label", io.BytesIO(scan), NullSink())  # type: ignore[arg-type]
        )
        t_oneshot = median_time(lambda: AESGCM(key).encrypt(os.urandom(12), scan, b"label"))
        rows.append(("encrypt: frames / one-shot AESGCM", t_oneshot / t_stream, None))
        t_floor = median_time(lambda: raw_cipher_and_hash(key, scan))
        rows.append(("encrypt: frames / raw AES-GCM+SHA-256 loop", t_floor / t_stream, None))
        ossl = openssl_mb_s()
        ours = SIZE / t_stream / 1e6
        t_sha = median_time(lambda: hashlib.sha256(scan).digest())
        if ossl:
            rows.append(("encrypt: frames / openssl speed", ours / ossl, 1 / 3))
            # The SHA-256 of the ciphertext (the design's empreinte) bounds the stream.
            rows.append(("ceiling: SHA-256 alone / openssl speed", SIZE / t_sha / 1e6 / ossl, None))
        session.close()
        vault.db.close()

    print(f"vault benchmark, {SIZE // 1_000_000} MB scan, median of {ROUNDS} rounds")
    print(f"{'measure':45} {'ratio':>7}  target")
    for name, ratio, target in rows:
        goal = "" if target is None else f">= {target:.2f}  {'ok' if ratio >= target else 'MISSED'}"
        print(f"{name:45} {ratio:7.2f}  {goal}")
    print(
        f"(for reference: frames {ours:.0f} MB/s, one-shot {SIZE / t_oneshot / 1e6:.0f} MB/s, "
        f"AES+SHA-256 loop {SIZE / t_floor / 1e6:.0f} MB/s"
        + (f", openssl {ossl:.0f} MB/s" if ossl else "")
        + ")"
    )


if __name__ == "__main__":
    main()
