"""The station's card authority on disk, and its register of the cards it issued.

Everything lives in ``<data dir>/authority`` (mode 0700, files 0600, technician only):

* ``authority.key.pem`` and ``authority.pem``: the authority's key and certificate;
* ``issued.json``: one entry per card, keyed by the printed card number. An entry names
  no one: a random holder id, the role, the certificate serials, the fingerprint of the
  card's 9D key (to take the lost card's vault keys away on reissue), and a keyed hash of
  the holder's family name (``register.key``), so that an agent can check the name a
  person gives without the register holding it. Staff entries also keep the name written
  in their certificates (their badge name);
* the revocations are the ``revoked_at`` of the entries: the authority is rebuilt with
  them each time it is loaded, and the signed revocation list comes from it.

The register is a small JSON file rather than vault tables: it belongs with the authority
key (a station without that key can neither issue nor revoke), it holds no personal data,
and it needs no migration.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.auth.authority import CardAuthority
from kiosk.auth.identity import HolderRole
from kiosk.auth.issuance import CARD_NUMBER_ALPHABET
from kiosk.domain.errors import UserFacingError
from kiosk.domain.normalise import (
    CARD_NUMBER_LENGTH,
    CardNumberProblem,
    InvalidCardNumber,
    normalise_name,
)

KEY_FILE = "authority.key.pem"
CERTIFICATE_FILE = "authority.pem"
REGISTER_FILE = "issued.json"
NAME_KEY_FILE = "register.key"

# Crockford's reading of base32: the letters people take for digits are those digits.
_CONFUSABLES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_IGNORED = " \t-._"


class NoSuchCard(UserFacingError):
    """No card of the register matches (unknown number, or a name that is not the holder's).

    Attributes:
        card_number: the normalised number looked up.
        reason: "unknown" (not issued here) or "name" (the name does not match).
    """

    def __init__(self, card_number: str, reason: str) -> None:
        super().__init__(f"no card {card_number} ({reason})")
        self.card_number = card_number
        self.reason = reason


class CardNumberTaken(UserFacingError):
    """A card number asked for is already in the register."""

    def __init__(self, card_number: str) -> None:
        super().__init__(f"card number {card_number} already issued")
        self.card_number = card_number


def normalise_printed_number(raw: str) -> str:
    """The card number as printed, from what a person typed.

    Case, spaces and dashes do not count, and the letters read as digits are those
    digits (``O`` is ``0``; ``I`` and ``L`` are ``1``): ``" ooo-ysz"`` gives ``"000YSZ"``.
    Card numbers are drawn from Crockford's alphabet, which has none of those letters.

    Raises:
        InvalidCardNumber: not 6 characters of that alphabet once cleaned.
    """
    compact = "".join(ch for ch in raw if ch not in _IGNORED).upper().translate(_CONFUSABLES)
    if not compact:
        raise InvalidCardNumber(CardNumberProblem.EMPTY, 0)
    if any(ch not in CARD_NUMBER_ALPHABET for ch in compact):
        raise InvalidCardNumber(CardNumberProblem.BAD_CHARACTER, len(compact))
    if len(compact) != CARD_NUMBER_LENGTH:
        raise InvalidCardNumber(CardNumberProblem.WRONG_LENGTH, len(compact))
    return compact


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    """One issued card, as the register keeps it.

    Attributes:
        card_number: the printed number (normalised).
        holder_id: the random id in the card's certificates (the vault's beneficiary id).
        role: what the card lets its holder do.
        serials: the serials of its certificates (all revoked together).
        key_fp: fingerprint of its 9D key (the vault's name of the card as a recipient).
        name_token: keyed hash of the holder's normalised family name ("" if unknown).
        issued_at: when it was issued (ISO-8601, UTC).
        display_name: a member of staff's name, as in their certificates ("" otherwise).
        structure_id: a member of staff's structure.
        revoked_at: when it was revoked, or None while it is valid.
        replaces: the number of the card this one replaced.
        replaced_by: the number of the card that replaced this one.
    """

    card_number: str
    holder_id: str
    role: HolderRole
    serials: tuple[int, ...]
    key_fp: str
    name_token: str
    issued_at: str
    display_name: str = ""
    structure_id: str = ""
    revoked_at: str | None = None
    replaces: str | None = None
    replaced_by: str | None = None

    @property
    def valid(self) -> bool:
        """Whether the card is still valid (not revoked)."""
        return self.revoked_at is None

    def to_json(self) -> dict[str, Any]:
        """The entry as stored (serials as strings: JSON readers lose big integers)."""
        data = asdict(self)
        del data["card_number"]
        data["holder"] = data.pop("holder_id")
        data["role"] = self.role.value
        data["serials"] = [str(serial) for serial in self.serials]
        return {key: value for key, value in data.items() if value not in (None, "")}

    @classmethod
    def from_json(cls, card_number: str, data: dict[str, Any]) -> RegisterEntry:
        """Read an entry back (older entries lack the newer fields)."""
        return cls(
            card_number=card_number,
            holder_id=str(data["holder"]),
            role=HolderRole(data["role"]),
            serials=tuple(int(serial) for serial in data["serials"]),
            key_fp=str(data.get("key_fp", "")),
            name_token=str(data.get("name_token", "")),
            issued_at=str(data["issued_at"]),
            display_name=str(data.get("display_name", "")),
            structure_id=str(data.get("structure_id", "")),
            revoked_at=data.get("revoked_at"),
            replaces=data.get("replaces"),
            replaced_by=data.get("replaced_by"),
        )


def _write_private(path: Path, data: bytes) -> None:
    """Write a file only its owner may read, atomically (a crash keeps the old one)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    fd = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


class CardRegister:
    """The authority files and the register in one folder. Not thread-safe: one user."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def create(cls, folder: Path, name: str, now: dt.datetime) -> CardRegister:
        """A new authority with an empty register (a station's first set-up)."""
        authority = CardAuthority.create(name, now)
        _write_private(
            folder / KEY_FILE,
            authority.key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
        )
        _write_private(
            folder / CERTIFICATE_FILE,
            authority.certificate.public_bytes(serialization.Encoding.PEM),
        )
        register = cls(folder)
        register._save({})
        return register

    def exists(self) -> bool:
        """Whether this folder holds an authority."""
        return (self.folder / KEY_FILE).exists()

    def authority(self) -> CardAuthority:
        """The authority, with every revocation of the register.

        Raises:
            FileNotFoundError: no authority here.
            ValueError: the key file holds no EC key.
        """
        key = serialization.load_pem_private_key((self.folder / KEY_FILE).read_bytes(), None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError("the authority key is not an EC key")
        certificate = x509.load_pem_x509_certificate((self.folder / CERTIFICATE_FILE).read_bytes())
        authority = CardAuthority(key, certificate)
        for entry in self.entries().values():
            if entry.revoked_at is not None:
                when = dt.datetime.fromisoformat(entry.revoked_at)
                for serial in entry.serials:
                    authority.revoke(serial, when)
        return authority

    def entries(self) -> dict[str, RegisterEntry]:
        """Every card issued here, by number."""
        path = self.folder / REGISTER_FILE
        if not path.exists():
            return {}
        raw: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
        return {number: RegisterEntry.from_json(number, data) for number, data in raw.items()}

    def get(self, card_number: str) -> RegisterEntry:
        """The entry of a (normalised) card number.

        Raises:
            NoSuchCard: not issued here.
        """
        entry = self.entries().get(card_number)
        if entry is None:
            raise NoSuchCard(card_number, "unknown")
        return entry

    def put(self, entry: RegisterEntry) -> None:
        """Add or replace an entry."""
        entries = self.entries()
        entries[entry.card_number] = entry
        self._save(entries)

    def update(self, card_number: str, **changes: Any) -> RegisterEntry:
        """Change fields of an entry; returns the new entry."""
        entry = replace(self.get(card_number), **changes)
        self.put(entry)
        return entry

    def _save(self, entries: dict[str, RegisterEntry]) -> None:
        data = {number: entry.to_json() for number, entry in sorted(entries.items())}
        _write_private(self.folder / REGISTER_FILE, json.dumps(data, indent=1).encode())

    def name_token(self, family_name: str) -> str:
        """The keyed hash of a family name, as the register keeps it.

        Raises:
            InvalidName: nothing left of the name once normalised.
        """
        path = self.folder / NAME_KEY_FILE
        if not path.exists():
            _write_private(path, secrets.token_bytes(32))
        key = path.read_bytes()
        folded = normalise_name(family_name).encode()
        return hmac.new(key, b"kiosk/register-name/v1\x00" + folded, hashlib.sha256).hexdigest()

    def name_matches(self, entry: RegisterEntry, family_name: str) -> bool:
        """Whether ``family_name`` is the holder's (case, accents, hyphens do not count)."""
        if not entry.name_token:
            return False
        return hmac.compare_digest(entry.name_token, self.name_token(family_name))
