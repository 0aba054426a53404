"""Beneficiaries, their relatives, and agents."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from kiosk.domain.errors import KioskError
from kiosk.domain.levels import SensitivityLevel
from kiosk.domain.normalise import is_card_number
from kiosk.domain.primitives import is_sha256_hex


class Relation(StrEnum):
    """How a relative (proche) is related to the beneficiary."""

    SPOUSE = "conjoint"
    CHILD = "enfant"
    PARENT = "parent"
    OTHER = "autre"


class Parcours(StrEnum):
    """How autonomous the beneficiary is at the station."""

    AUTONOMOUS = "autonome"
    IN_TRANSITION = "en_transition"
    ACCOMPANIED = "accompagne"


class AgentRole(StrEnum):
    """What an agent card allows."""

    AGENT = "agent"
    HEAD_OF_SERVICE = "head_of_service"
    TECHNICIAN = "technician"


class InvalidRecord(KioskError, ValueError):
    """A record was built with a malformed value (a programming or data error).

    Attributes:
        record: the class name.
        attribute: the attribute at fault.
    """

    def __init__(self, record: str, attribute: str) -> None:
        super().__init__(f"{record}.{attribute} is malformed")
        self.record = record
        self.attribute = attribute


@dataclass(frozen=True, slots=True)
class Proche:
    """A relative of a beneficiary.

    Attributes:
        relation: how they are related.
        family_name: family name, as written.
        given_names: given names, as written.
        birth_date: date of birth.
    """

    relation: Relation
    family_name: str
    given_names: str
    birth_date: date


@dataclass(frozen=True, slots=True)
class Beneficiary:
    """A beneficiary (usager).

    Attributes:
        id: stable random identifier (never derived from personal data).
        family_name: family name, as written, accents kept.
        given_names: given names, as written.
        birth_date: date of birth.
        parcours: how autonomous they are at the station.
        relatives: relatives (proches).
        card_number: the 6 characters printed on their card, normalised, if they have one.
    """

    id: str
    family_name: str
    given_names: str
    birth_date: date
    parcours: Parcours = Parcours.AUTONOMOUS
    relatives: tuple[Proche, ...] = ()
    card_number: str | None = None

    def __post_init__(self) -> None:
        if self.card_number is not None and not is_card_number(self.card_number):
            raise InvalidRecord("Beneficiary", "card_number")


@dataclass(frozen=True, slots=True)
class Agent:
    """An agent of a structure.

    Attributes:
        id: stable identifier.
        family_name: family name.
        given_names: given names.
        structure_id: the structure they work for.
        role: what their card allows.
        competence_level: the highest sensitivity level they may ever see.
        cert_fingerprints: SHA-256 (lower-case hex) of the certificates of their cards; a
            proxy names one of them.
    """

    id: str
    family_name: str
    given_names: str
    structure_id: str
    role: AgentRole
    competence_level: SensitivityLevel
    cert_fingerprints: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not all(is_sha256_hex(fp) for fp in self.cert_fingerprints):
            raise InvalidRecord("Agent", "cert_fingerprints")
