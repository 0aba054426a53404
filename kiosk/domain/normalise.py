"""Normalisers for exact look-ups: card numbers and names.

The vault keys a blind index with an HMAC of these forms, so the same person typed in
different ways (case, accents, hyphens) must give the same bytes, and the functions must
never change behaviour silently: a change here means re-indexing every vault.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from kiosk.domain.errors import UserFacingError

CARD_NUMBER_LENGTH = 6
_CARD_NUMBER = re.compile(r"[0-9A-Z]{6}")

# Apostrophes are dropped, as in the MRZ (ICAO 9303: D'ARTAGNAN -> DARTAGNAN).
_APOSTROPHES = frozenset("'’‘`´ʼ")
# Letters that NFKD does not split into a base letter and a mark.
_LIGATURES = {"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i"}


class CardNumberProblem(StrEnum):
    """Why a card number was refused."""

    EMPTY = "empty"
    WRONG_LENGTH = "wrong_length"
    BAD_CHARACTER = "bad_character"


class InvalidCardNumber(UserFacingError):
    """A typed card number is not 6 digits or capital letters.

    Attributes:
        problem: what is wrong.
        length: how many characters were left after removing spaces.
    """

    def __init__(self, problem: CardNumberProblem, length: int) -> None:
        # The number itself stays out of the message: messages end up in logs.
        super().__init__(f"invalid card number: {problem.value} (length {length})")
        self.problem = problem
        self.length = length


class InvalidName(UserFacingError):
    """A name has no letter or digit left once normalised."""

    def __init__(self) -> None:
        super().__init__("name is empty once normalised")


def normalise_card_number(raw: str) -> str:
    """The card number as printed: 6 characters from ``0-9A-Z``.

    White space anywhere is removed and letters are upper-cased (``" 000 ysz"`` gives
    ``"000YSZ"``); nothing else is corrected, so ``O`` and ``0`` stay different.

    Raises:
        InvalidCardNumber: for anything else.
    """
    compact = "".join(raw.split()).upper()
    if not compact:
        raise InvalidCardNumber(CardNumberProblem.EMPTY, 0)
    if not all(ch.isascii() and ch.isalnum() for ch in compact):
        raise InvalidCardNumber(CardNumberProblem.BAD_CHARACTER, len(compact))
    if len(compact) != CARD_NUMBER_LENGTH:
        raise InvalidCardNumber(CardNumberProblem.WRONG_LENGTH, len(compact))
    return compact


def is_card_number(text: str) -> bool:
    """True if ``text`` is already in normal form."""
    return _CARD_NUMBER.fullmatch(text) is not None


def normalise_name(raw: str) -> str:
    """A name folded for exact comparison.

    Case-folded, accents removed (NFKD, combining marks dropped), ligatures spelled out,
    apostrophes dropped, and every run of spaces, hyphens or other punctuation made one
    space: ``"  Le Bœuf-N'Diaye "`` and ``"LE BOEUF NDIAYE"`` both give ``"le boeuf ndiaye"``.

    Raises:
        InvalidName: if no letter or digit remains.
    """
    decomposed = unicodedata.normalize("NFKD", raw.casefold())
    kept: list[str] = []
    for ch in decomposed:
        if unicodedata.combining(ch) or ch in _APOSTROPHES:
            continue
        ch = _LIGATURES.get(ch, ch)
        kept.append(ch if ch.isalnum() else " ")
    folded = " ".join("".join(kept).split())
    if not folded:
        raise InvalidName()
    return folded
