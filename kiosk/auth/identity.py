"""Who a card belongs to, as written in its certificates' subject.

The subject carries no personal data for a beneficiary: a random holder id, the short card
number printed on the card, and the card's GUID. An agent's certificate names the agent,
their structure and their role, as their badge does.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cryptography import x509
from cryptography.x509.oid import NameOID

from kiosk.hardware.card import NotOurCard


class HolderRole(StrEnum):
    """What the card lets its holder do at a station."""

    BENEFICIARY = "beneficiary"
    AGENT = "agent"
    HEAD_OF_SERVICE = "head_of_service"
    TECHNICIAN = "technician"

    @property
    def is_staff(self) -> bool:
        """Agents, heads of service and technicians."""
        return self is not HolderRole.BENEFICIARY


@dataclass(frozen=True, slots=True)
class Holder:
    """The holder named by a card's certificates."""

    holder_id: str
    role: HolderRole
    card_number: str
    guid: bytes
    display_name: str = ""  # agents only
    structure_id: str = ""  # agents only

    def to_name(self) -> x509.Name:
        """The certificate subject."""
        attributes = [
            x509.NameAttribute(NameOID.COMMON_NAME, self.display_name or self.holder_id),
            x509.NameAttribute(NameOID.USER_ID, self.holder_id),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, self.role.value),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, self.card_number),
            x509.NameAttribute(NameOID.X500_UNIQUE_IDENTIFIER, self.guid.hex()),
        ]
        if self.structure_id:
            attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, self.structure_id))
        return x509.Name(attributes)

    @classmethod
    def from_name(cls, name: x509.Name) -> Holder:
        """Read a holder back from a certificate subject.

        Raises:
            NotOurCard: a subject we did not write.
        """

        def one(oid: x509.ObjectIdentifier, required: bool = True) -> str:
            values = name.get_attributes_for_oid(oid)
            if not values:
                if required:
                    raise NotOurCard("untrusted", f"subject lacks {oid.dotted_string}")
                return ""
            return str(values[0].value)

        try:
            role = HolderRole(one(NameOID.ORGANIZATIONAL_UNIT_NAME))
            guid = bytes.fromhex(one(NameOID.X500_UNIQUE_IDENTIFIER))
        except ValueError as exc:
            raise NotOurCard("untrusted", "subject role or GUID unreadable") from exc
        holder_id = one(NameOID.USER_ID)
        common = one(NameOID.COMMON_NAME)
        return cls(
            holder_id=holder_id,
            role=role,
            card_number=one(NameOID.SERIAL_NUMBER),
            guid=guid,
            display_name="" if common == holder_id else common,
            structure_id=one(NameOID.ORGANIZATION_NAME, required=False),
        )
