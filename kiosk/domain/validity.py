"""Is a document still good as proof? Expired identity papers, stale proofs of address.

The rules are a table keyed by document type so that later work can add some (e.g. an
attestation CAF of less than 3 months) without new code paths:

* CNI, passport, titre de séjour: expired after ``date_expiration`` (the 2004-2013 adult
  CNIs get their 5 extra years);
* proof of address: too old once ``date_document`` is more than 3 calendar months ago;
* avis d'imposition: too old once a newer one is out. The avis on the income of year N is
  sent in the summer of N+1; from :data:`TAX_NOTICE_OUT` (1 September) of N+2 the avis on
  N+1 is the one asked for, so the avis on N is "not the latest" from that day;
* every other type: no rule (always VALID).

The day of the check is always passed in (the caller's clock); nothing here reads the time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType

from kiosk.domain.documents import Document, DocumentType
from kiosk.domain.primitives import add_months, age_on

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# French CNIs issued to adults from 2 January 2004 to 31 December 2013 are valid 5 years
# beyond the date printed on them (décret 2013-1188). They were issued for 10 years, so
# the printed end of validity falls in 2014-2023; the issue date is estimated from it.
CNI_EXTENSION_PRINTED_FROM = date(2014, 1, 2)
CNI_EXTENSION_PRINTED_TO = date(2023, 12, 31)
CNI_EXTENSION_YEARS = 5
CNI_PRINTED_YEARS = 10
ADULT_AGE = 18


class Validity(StrEnum):
    """The verdict on a document at a date."""

    VALID = "valid"
    EXPIRED = "expired"
    TOO_OLD = "too_old"
    UNKNOWN = "unknown"  # a rule applies but its date is missing, unreadable or in the future


@dataclass(frozen=True, slots=True)
class ExpiryRule:
    """Valid up to and including the date in ``field``."""

    field: str = "date_expiration"


@dataclass(frozen=True, slots=True)
class MaxAgeRule:
    """Valid while the date in ``field`` is at most ``months`` calendar months old."""

    field: str
    months: int


@dataclass(frozen=True, slots=True)
class LatestTaxYearRule:
    """Valid while the income year in ``field`` is the latest one with an avis out."""

    field: str = "annee_revenus"


#: Month and day from which the avis on last year's income is taken as sent to everyone.
TAX_NOTICE_OUT = (9, 1)

Rule = ExpiryRule | MaxAgeRule | LatestTaxYearRule

VALIDITY_RULES: Mapping[DocumentType, Rule] = MappingProxyType(
    {
        DocumentType.CNI: ExpiryRule(),
        DocumentType.PASSEPORT: ExpiryRule(),
        DocumentType.TITRE_SEJOUR: ExpiryRule(),
        DocumentType.JUSTIFICATIF_DOMICILE: MaxAgeRule("date_document", 3),
        DocumentType.AVIS_IMPOSITION: LatestTaxYearRule(),
    }
)


def parse_date(text: str | None) -> date | None:
    """A ``YYYY-MM-DD`` date, or None if absent or malformed."""
    if text is None or _ISO_DATE.fullmatch(text) is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_year(text: str | None) -> int | None:
    """A four-digit year, or None if absent or malformed."""
    if text is None or not (len(text) == 4 and text.isascii() and text.isdigit()):
        return None
    return int(text)


def latest_tax_year(at: date) -> int:
    """The income year of the newest avis d'imposition everyone has on ``at``."""
    out = date(at.year, *TAX_NOTICE_OUT)
    return at.year - 1 if at >= out else at.year - 2


def _tax_verdict(year: int, at: date) -> Validity:
    if year >= at.year:  # income of a year not over yet: misread
        return Validity.UNKNOWN
    return Validity.VALID if year >= latest_tax_year(at) else Validity.TOO_OLD


def cni_extended_expiry(printed: date) -> date | None:
    """The extended end of a CNI whose card says ``printed``, if the extension may apply.

    It applies only if the holder was an adult at issue, which the caller checks.
    """
    if not CNI_EXTENSION_PRINTED_FROM <= printed <= CNI_EXTENSION_PRINTED_TO:
        return None
    return add_months(printed, 12 * CNI_EXTENSION_YEARS)


def _cni_verdict_after_printed_end(printed: date, birth: date | None, at: date) -> Validity:
    extended = cni_extended_expiry(printed)
    if extended is None or at > extended:
        return Validity.EXPIRED
    if birth is None:
        return Validity.UNKNOWN
    issued = add_months(printed, -12 * CNI_PRINTED_YEARS)
    return Validity.VALID if age_on(birth, issued) >= ADULT_AGE else Validity.EXPIRED


def assess_validity(doc_type: DocumentType, fields: Mapping[str, str], at: date) -> Validity:
    """The verdict for a document of ``doc_type`` with these field values, on ``at``.

    Args:
        doc_type: the document type; types without a rule are always VALID.
        fields: canonical field values (dates ``YYYY-MM-DD``).
        at: the day of the check.
    """
    rule = VALIDITY_RULES.get(doc_type)
    if rule is None:
        return Validity.VALID
    if isinstance(rule, LatestTaxYearRule):
        year = parse_year(fields.get(rule.field))
        return Validity.UNKNOWN if year is None else _tax_verdict(year, at)
    when = parse_date(fields.get(rule.field))
    if when is None:
        return Validity.UNKNOWN
    if isinstance(rule, MaxAgeRule):
        if when > at:
            return Validity.UNKNOWN
        return Validity.TOO_OLD if at > add_months(when, rule.months) else Validity.VALID
    if at <= when:
        return Validity.VALID
    if doc_type is DocumentType.CNI:
        return _cni_verdict_after_printed_end(when, parse_date(fields.get("date_naissance")), at)
    return Validity.EXPIRED


def document_validity(document: Document, at: date) -> Validity:
    """The verdict for a vault document on ``at``.

    Fields whose checksum failed (``valid is False``) are not trusted. When the rule's field
    is absent, ``valid_until`` (expiry rules) or ``issued_on`` (age rules) stands in for it.
    """
    values = {f.name: f.value for f in document.fields if f.valid is not False}
    rule = VALIDITY_RULES.get(document.type)
    if rule is not None and rule.field not in values and not isinstance(rule, LatestTaxYearRule):
        fallback = document.valid_until if isinstance(rule, ExpiryRule) else document.issued_on
        if fallback is not None:
            values[rule.field] = fallback.isoformat()
    return assess_validity(document.type, values, at)


def good_until(doc_type: DocumentType, fields: Mapping[str, str]) -> date | None:
    """The last day the document is good as proof, when its rule and its date say so.

    None for types without a rule and when the rule's field is missing or malformed. For
    a CNI whose printed end falls in the extension window, the extended end is given when
    the holder's birth date shows they were an adult at issue.
    """
    rule = VALIDITY_RULES.get(doc_type)
    if rule is None:
        return None
    if isinstance(rule, LatestTaxYearRule):
        year = parse_year(fields.get(rule.field))
        return None if year is None else date(year + 2, *TAX_NOTICE_OUT) - timedelta(days=1)
    when = parse_date(fields.get(rule.field))
    if when is None:
        return None
    if isinstance(rule, MaxAgeRule):
        return add_months(when, rule.months)
    if doc_type is DocumentType.CNI:
        extended = cni_extended_expiry(when)
        birth = parse_date(fields.get("date_naissance"))
        issued = add_months(when, -12 * CNI_PRINTED_YEARS)
        if extended is not None and birth is not None and age_on(birth, issued) >= ADULT_AGE:
            return extended
    return when
