"""The card authority and the station's trust checks, without a card."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.auth.authority import CardAuthority, TrustStore, load_trust, save_trust
from kiosk.auth.identity import Holder, HolderRole
from kiosk.auth.sheet import explanatory_sheet
from kiosk.hardware.card import CardRevoked, NotOurCard
from kiosk.hardware.piv import Slot

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
HOLDER = Holder("9f2c", HolderRole.BENEFICIARY, "000YSZ", bytes(range(16)))
AGENT = Holder(
    "a-17", HolderRole.HEAD_OF_SERVICE, "0A1B2C", b"\x01" * 16, "Inès Barka", "cms-lyon-3"
)


def _key() -> ec.EllipticCurvePublicKey:
    return ec.generate_private_key(ec.SECP256R1()).public_key()


@pytest.mark.parametrize("holder", [HOLDER, AGENT])
def test_holder_round_trips_through_the_certificate(holder: Holder) -> None:
    authority = CardAuthority.create("Autorité des cartes", NOW)
    certificate = authority.issue(_key(), holder, Slot.AUTHENTICATION, NOW)
    assert (
        TrustStore([authority.certificate]).check(certificate, Slot.AUTHENTICATION, NOW) == holder
    )


def test_other_authority_expired_and_wrong_usage_are_refused() -> None:
    ours, theirs = CardAuthority.create("A", NOW), CardAuthority.create("A", NOW)
    trust = TrustStore([ours.certificate])
    foreign = theirs.issue(_key(), HOLDER, Slot.AUTHENTICATION, NOW)
    with pytest.raises(NotOurCard) as info:
        trust.check(foreign, Slot.AUTHENTICATION, NOW)
    assert info.value.reason == "untrusted"
    certificate = ours.issue(_key(), HOLDER, Slot.AUTHENTICATION, NOW)
    with pytest.raises(NotOurCard):
        trust.check(certificate, Slot.AUTHENTICATION, NOW + dt.timedelta(days=6 * 365))
    agreement = ours.issue(_key(), HOLDER, Slot.KEY_MANAGEMENT, NOW)
    with pytest.raises(NotOurCard) as info:
        trust.check(agreement, Slot.AUTHENTICATION, NOW)
    assert info.value.reason == "wrong_usage"
    trust.check(agreement, Slot.KEY_MANAGEMENT, NOW)


def test_revocation_list_is_cached_and_enforced(tmp_path: Path) -> None:
    authority = CardAuthority.create("A", NOW)
    lost = authority.issue(_key(), HOLDER, Slot.AUTHENTICATION, NOW)
    kept = authority.issue(_key(), AGENT, Slot.AUTHENTICATION, NOW)
    authority.revoke(lost.serial_number, NOW)
    save_trust(tmp_path / "trust", authority, NOW)
    trust = load_trust(tmp_path / "trust")  # offline: from the cached files only
    with pytest.raises(CardRevoked) as info:
        trust.check(lost, Slot.AUTHENTICATION, NOW)
    assert info.value.serial == lost.serial_number
    assert trust.check(kept, Slot.AUTHENTICATION, NOW) == AGENT


def test_a_revocation_list_from_elsewhere_is_refused() -> None:
    ours, theirs = CardAuthority.create("A", NOW), CardAuthority.create("A", NOW)
    with pytest.raises(NotOurCard):
        TrustStore([ours.certificate], [theirs.crl(NOW)])


def test_sheet_has_the_card_number_and_plain_words(tmp_path: Path) -> None:
    pdf = tmp_path / "fiche.pdf"
    pdf.write_bytes(explanatory_sheet("000YSZ", HolderRole.BENEFICIARY))
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "000YSZ" in text.replace(" ", "")
    assert "Posez la carte dans le boîtier" in text and "code secret" in text
    english = tmp_path / "card.pdf"
    english.write_bytes(explanatory_sheet("0A1B2C", HolderRole.AGENT, "en"))
    text = subprocess.run(
        ["pdftotext", str(english), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "never lend it" in text and "0A1B2C" in text.replace(" ", "")
