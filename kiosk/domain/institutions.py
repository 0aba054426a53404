"""Structures (the places agents work for) and the kinds of institution behind documents."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class InstitutionKind(StrEnum):
    """The class of institution a structure belongs to, or that issues a document."""

    CMS = "cms"
    CAF = "caf"
    CPAM = "cpam"
    MAIRIE = "mairie"
    MDPH = "mdph"
    IMPOTS = "impots"
    FRANCE_TRAVAIL = "france_travail"
    BANQUE = "banque"
    EMPLOYEUR = "employeur"  # payslips
    PREFECTURE = "prefecture"  # residence permits
    LOGEMENT = "logement"  # proofs of address: energy, water or phone bills, rent receipts
    AUTRE = "autre"


@dataclass(frozen=True, slots=True)
class Structure:
    """A structure: a CMS, a CAF branch, a mairie...

    Attributes:
        id: stable identifier.
        name: display name, as the structure writes it.
        kind: its class of institution.
    """

    id: str
    name: str
    kind: InstitutionKind
