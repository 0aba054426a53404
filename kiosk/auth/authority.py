"""The card authority: it certifies card keys and keeps the revocation list.

A station trusts the institution's card authority certificate and its latest revocation
list, both cached on disk for offline use (public data: certificates of the authority and
serial numbers, nothing personal). The station's own issuing key signs the certificates of
the cards it personalises.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509 import verification
from cryptography.x509.oid import NameOID

from kiosk.auth.identity import Holder
from kiosk.hardware.card import CardRevoked, NotOurCard
from kiosk.hardware.piv import Slot

CARD_LIFETIME = dt.timedelta(days=5 * 365)

# Key usage per slot: (digital_signature, content_commitment, key_agreement).
_USAGE = {
    Slot.AUTHENTICATION: (True, False, False),
    Slot.SIGNATURE: (True, True, False),
    Slot.KEY_MANAGEMENT: (False, False, True),
    Slot.CARD_AUTHENTICATION: (True, False, False),
}


def _key_usage(slot: Slot) -> x509.KeyUsage:
    sign, commit, agree = _USAGE[slot]
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=commit,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=agree,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


@dataclass
class CardAuthority:
    """A certificate authority for cards (private key held by the institution or station)."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    revoked: dict[int, dt.datetime] = field(default_factory=dict)

    @classmethod
    def create(cls, name: str, now: dt.datetime) -> CardAuthority:
        """A new self-signed authority (tests, demo, an institution's first set-up)."""
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        certificate = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=20 * 365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .sign(key, hashes.SHA256())
        )
        return cls(key, certificate)

    def issue(
        self, public_key: ec.EllipticCurvePublicKey, holder: Holder, slot: Slot, now: dt.datetime
    ) -> x509.Certificate:
        """Certify a card key for one slot."""
        return (
            x509.CertificateBuilder()
            .subject_name(holder.to_name())
            .issuer_name(self.certificate.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + CARD_LIFETIME)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(slot), critical=True)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), False
            )
            .sign(self.key, hashes.SHA256())
        )

    def revoke(self, serial: int, when: dt.datetime) -> None:
        """Put a certificate serial on the revocation list."""
        self.revoked.setdefault(serial, when)

    def crl(self, now: dt.datetime) -> x509.CertificateRevocationList:
        """The signed revocation list as of ``now``."""
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.certificate.subject)
            .last_update(now)
            .next_update(now + dt.timedelta(days=7))
        )
        for serial, when in sorted(self.revoked.items()):
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when).build()
            )
        return builder.sign(self.key, hashes.SHA256())


class TrustStore:
    """What a station trusts: the authority certificate(s) and their revocation lists."""

    def __init__(
        self,
        anchors: list[x509.Certificate],
        crls: list[x509.CertificateRevocationList] | None = None,
    ) -> None:
        self.anchors = anchors
        self._revoked: set[tuple[bytes, int]] = set()
        for crl in crls or []:
            self.add_crl(crl)

    def add_crl(self, crl: x509.CertificateRevocationList) -> None:
        """Take a revocation list, if an anchor signed it (otherwise it is ignored).

        Raises:
            NotOurCard: the list is signed by nobody we trust.
        """
        for anchor in self.anchors:
            public = anchor.public_key()
            if crl.issuer == anchor.subject and isinstance(public, ec.EllipticCurvePublicKey):
                try:
                    if crl.is_signature_valid(public):
                        for revoked in crl:
                            self._revoked.add((crl.issuer.public_bytes(), revoked.serial_number))
                        return
                except InvalidSignature:  # pragma: no cover - is_signature_valid returns False
                    break
        raise NotOurCard("untrusted", "revocation list not signed by a trusted authority")

    def check(self, certificate: x509.Certificate, slot: Slot, at: dt.datetime) -> Holder:
        """Verify a card certificate: chain, validity dates, usage, revocation.

        Raises:
            NotOurCard: not issued by a trusted authority, expired, or wrong usage.
            CardRevoked: on the revocation list.
        """
        policy = (
            verification.PolicyBuilder()
            .store(verification.Store(self.anchors))
            .time(at)
            .extension_policies(
                ca_policy=verification.ExtensionPolicy.webpki_defaults_ca(),
                ee_policy=verification.ExtensionPolicy.permit_all(),
            )
        )
        try:
            policy.build_client_verifier().verify(certificate, [])
        except verification.VerificationError as exc:
            reason = "expired" if "expired" in str(exc) or "validity" in str(exc) else "untrusted"
            raise NotOurCard(reason, str(exc)) from exc
        if (certificate.issuer.public_bytes(), certificate.serial_number) in self._revoked:
            raise CardRevoked(certificate.serial_number)
        try:
            usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
        except x509.ExtensionNotFound as exc:
            raise NotOurCard("wrong_usage", "no key usage") from exc
        sign, _commit, agree = _USAGE[slot]
        if (sign and not usage.digital_signature) or (agree and not usage.key_agreement):
            raise NotOurCard("wrong_usage", f"certificate not for slot {slot.name}")
        return Holder.from_name(certificate.subject)


def save_trust(directory: Path, authority: CardAuthority, now: dt.datetime) -> None:
    """Write the public trust material a station caches (authority certificate, CRL)."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    pem = serialization.Encoding.PEM
    (directory / "authority.pem").write_bytes(authority.certificate.public_bytes(pem))
    (directory / "revoked.crl.pem").write_bytes(authority.crl(now).public_bytes(pem))


def load_trust(directory: Path) -> TrustStore:
    """Read the cached trust material (offline)."""
    anchors = x509.load_pem_x509_certificates((directory / "authority.pem").read_bytes())
    crl_path = directory / "revoked.crl.pem"
    crls = [x509.load_pem_x509_crl(crl_path.read_bytes())] if crl_path.exists() else []
    return TrustStore(anchors, crls)
