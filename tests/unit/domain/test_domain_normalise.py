"""Card number and name normalisation (the blind-index keys)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.normalise import (
    CardNumberProblem,
    InvalidCardNumber,
    InvalidName,
    is_card_number,
    normalise_card_number,
    normalise_name,
)


@pytest.mark.parametrize(
    "typed", ["000YSZ", "000ysz", " 000 ysz ", "000\tYSZ", "0 0 0 Y S Z", "000\u00a0YSZ"]
)
def test_card_number_spaces_and_case(typed: str) -> None:
    assert normalise_card_number(typed) == "000YSZ"


@pytest.mark.parametrize(
    ("typed", "problem", "length"),
    [
        ("", CardNumberProblem.EMPTY, 0),
        ("   ", CardNumberProblem.EMPTY, 0),
        ("00YSZ", CardNumberProblem.WRONG_LENGTH, 5),
        ("000YSZ1", CardNumberProblem.WRONG_LENGTH, 7),
        ("000-YS", CardNumberProblem.BAD_CHARACTER, 6),
        ("000YSÉ", CardNumberProblem.BAD_CHARACTER, 6),
        ("０００YSZ", CardNumberProblem.BAD_CHARACTER, 6),  # full-width digits
    ],
)
def test_card_number_rejections(typed: str, problem: CardNumberProblem, length: int) -> None:
    with pytest.raises(InvalidCardNumber) as caught:
        normalise_card_number(typed)
    assert caught.value.problem is problem
    assert caught.value.length == length


def test_card_number_error_message_does_not_leak_the_number() -> None:
    with pytest.raises(InvalidCardNumber) as caught:
        normalise_card_number("ABC12")
    assert "ABC12" not in str(caught.value)


def test_is_card_number_only_accepts_normal_form() -> None:
    assert is_card_number("000YSZ")
    assert not is_card_number("000ysz")
    assert not is_card_number("000 YSZ")


@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=6, max_size=6))
def test_card_number_normal_form_is_a_fixed_point(number: str) -> None:
    assert normalise_card_number(number) == number
    assert normalise_card_number(" ".join(number.lower())) == number


@pytest.mark.parametrize(
    ("variants", "expected"),
    [
        (["Éléonore", "ELEONORE", "eleonore", "Eléonore"], "eleonore"),
        (["Jean-Pierre", "JEAN PIERRE", "  jean--pierre ", "Jean \u2011 Pierre"], "jean pierre"),
        (["N'Diaye", "N’DIAYE", "NDiaye"], "ndiaye"),
        (["Le Bœuf", "LE BOEUF", "le boeuf"], "le boeuf"),
        (["Strauß", "STRAUSS"], "strauss"),
        (["Çelik", "celik"], "celik"),
        (["Marie-Ève  de la Tour", "MARIE EVE DE LA TOUR"], "marie eve de la tour"),
    ],
)
def test_name_variants_share_one_key(variants: list[str], expected: str) -> None:
    assert {normalise_name(v) for v in variants} == {expected}


def test_decomposed_and_composed_accents_agree() -> None:
    composed = unicodedata.normalize("NFC", "Hélène")
    decomposed = unicodedata.normalize("NFD", "Hélène")
    assert composed != decomposed
    assert normalise_name(composed) == normalise_name(decomposed) == "helene"


def test_different_names_stay_different() -> None:
    assert normalise_name("Martin") != normalise_name("Martine")
    assert normalise_name("Jean Pierre") != normalise_name("Jeanpierre")


@pytest.mark.parametrize("empty", ["", "   ", "--", "'"])
def test_empty_names_are_refused(empty: str) -> None:
    with pytest.raises(InvalidName):
        normalise_name(empty)


_FRENCH = "abcdefghijklmnopqrstuvwxyzéèêëàâäîïôöùûüçœæ -'"


@given(st.text(alphabet=_FRENCH, min_size=1).filter(lambda s: any(c.isalpha() for c in s)))
def test_name_normalisation_is_idempotent_and_case_blind(name: str) -> None:
    key = normalise_name(name)
    assert normalise_name(key) == key
    assert normalise_name(name.upper()) == key
    assert key == key.strip()
    assert "  " not in key
    assert key.isascii()
