"""What the virtual PIV card remembers between insertions: one JSON file (mode 0600).

The file holds the PIN and PUK as given (a test card), their tries left, the 9B management
key, the private keys (PKCS#8 PEM) and the data objects (hex of the whole ``53`` TLV). It is
rewritten atomically after every change, so a card pulled out and put back is the same card.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.hardware.tlv import encode

# A blank card's factory secrets: the same as ``kiosk.cli_card.BLANK``.
BLANK_PIN = "123456"
BLANK_PUK = "12345678"
BLANK_MANAGEMENT_KEY = bytes(range(1, 33))
ALG_AES256 = 0x0C
MAX_TRIES = 3
PRINTED_INFORMATION = 0x5FC109
_FORMAT = 1


def blank_printed_information() -> bytes:
    """A small PIN-protected Printed Information object (name, issuer), as OpenSC probes."""
    return encode(0x53, encode(0x01, b"CARTE DE TEST") + encode(0x06, b"KIOSK") + encode(0xFE, b""))


@dataclass
class CardState:
    """The persistent part of the card (no security status: that is lost at power off)."""

    pin: str = BLANK_PIN
    puk: str = BLANK_PUK
    pin_tries: int = MAX_TRIES
    puk_tries: int = MAX_TRIES
    management_key: bytes = BLANK_MANAGEMENT_KEY
    management_alg: int = ALG_AES256
    keys: dict[int, ec.EllipticCurvePrivateKey] = field(default_factory=dict)
    objects: dict[int, bytes] = field(default_factory=dict)

    @classmethod
    def blank(cls) -> CardState:
        """A card as it leaves the factory: default secrets, no key, no CHUID."""
        return cls(objects={PRINTED_INFORMATION: blank_printed_information()})

    def to_json(self) -> dict[str, Any]:
        """The JSON form written to the state file."""
        keys = {
            f"{slot:02X}": key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ).decode("ascii")
            for slot, key in sorted(self.keys.items())
        }
        return {
            "format": _FORMAT,
            "pin": self.pin,
            "puk": self.puk,
            "pin_tries": self.pin_tries,
            "puk_tries": self.puk_tries,
            "management_key": self.management_key.hex(),
            "management_alg": self.management_alg,
            "keys": keys,
            "objects": {f"{tag:X}": value.hex() for tag, value in sorted(self.objects.items())},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CardState:
        """Read the JSON form back.

        Raises:
            ValueError: not a state file of this format.
        """
        if data.get("format") != _FORMAT:
            raise ValueError("not a virtual PIV card state file")
        keys: dict[int, ec.EllipticCurvePrivateKey] = {}
        for slot, pem in data["keys"].items():
            key = serialization.load_pem_private_key(pem.encode("ascii"), None)
            if not isinstance(key, ec.EllipticCurvePrivateKey):
                raise ValueError(f"key {slot} is not an EC key")
            keys[int(slot, 16)] = key
        return cls(
            pin=str(data["pin"]),
            puk=str(data["puk"]),
            pin_tries=int(data["pin_tries"]),
            puk_tries=int(data["puk_tries"]),
            management_key=bytes.fromhex(data["management_key"]),
            management_alg=int(data["management_alg"]),
            keys=keys,
            objects={int(tag, 16): bytes.fromhex(v) for tag, v in data["objects"].items()},
        )


def load_state(path: Path) -> CardState:
    """The card in ``path``.

    Raises:
        OSError: unreadable. ValueError: not a state file.
    """
    return CardState.from_json(json.loads(path.read_text(encoding="utf-8")))


def save_state(path: Path, state: CardState) -> None:
    """Write the card atomically: a 0600 temporary file, fsync, rename, fsync the folder."""
    payload = json.dumps(state.to_json(), indent=1).encode("utf-8")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    os.close(fd)
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
