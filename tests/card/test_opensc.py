"""Interop: OpenSC, an independent PIV client, reads our virtual card and signs with it.

The card is issued by our code over APDUs; OpenSC's stock tools then talk to it through the
same pcscd. The signature OpenSC makes is checked with the 9A certificate.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.auth.card_workshop import PIN, CardMaker, IssuedVirtualCard
from kiosk.auth.identity import HolderRole
from kiosk.hardware.piv import Slot

MESSAGE = b"station-test-01\x00demande de RSA, dossier 42"


def _tool(*args: str) -> str:
    binary = shutil.which(args[0])
    assert binary is not None, f"{args[0]} is missing: the set-up installs Debian's opensc"
    done = subprocess.run(
        [binary, *args[1:]], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


@pytest.fixture
def inserted(cards: CardMaker) -> Iterator[IssuedVirtualCard]:
    card = cards.issue(
        "agent-opensc", HolderRole.AGENT, display_name="Camille Martin", structure_id="cms-1"
    )
    cards.insert(cards.link(card.state))
    yield card


def test_opensc_recognises_a_piv_card(inserted: IssuedVirtualCard) -> None:
    assert "Personal Identity Verification Card" in _tool("opensc-tool", "-n")


def test_pkcs15_tool_lists_our_keys_certificates_and_pins(inserted: IssuedVirtualCard) -> None:
    listing = _tool("pkcs15-tool", "-D")
    for label in (
        "Certificate for PIV Authentication",
        "Certificate for Digital Signature",
        "Certificate for Key Management",
        "Certificate for Card Authentication",
        "PIV AUTH key",
        "SIGN key",
        "KEY MAN key",
        "CARD AUTH key",
        "PIN [PIN]",
        "PIN [PIV PUK]",
    ):
        assert label in listing, label
    # The token serial OpenSC derives from the CHUID's GUID (FASC-N agency 9999).
    assert inserted.issued.holder.guid.hex() in listing.lower().replace(" ", "")


def test_pkcs11_tool_signature_verifies_with_the_9a_certificate(
    inserted: IssuedVirtualCard, tmp_path: Path
) -> None:
    message, signature = tmp_path / "message", tmp_path / "signature"
    message.write_bytes(MESSAGE)
    _tool(
        "pkcs11-tool",
        "--login",
        "--pin",
        PIN,
        "--sign",
        "--id",
        "01",  # OpenSC's id for the 9A key
        "--mechanism",
        "ECDSA-SHA256",
        "--signature-format",
        "openssl",
        "--input-file",
        str(message),
        "--output-file",
        str(signature),
    )
    key = inserted.issued.certificates[Slot.AUTHENTICATION].public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey)
    key.verify(signature.read_bytes(), MESSAGE, ec.ECDSA(hashes.SHA256()))
    # The same signature over another message does not verify: the check is real.
    with pytest.raises(InvalidSignature):
        key.verify(signature.read_bytes(), MESSAGE + b"!", ec.ECDSA(hashes.SHA256()))
