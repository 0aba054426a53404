"""The PIN pad: fixed large keys, masked digits, 6 to 8 digits, keyboard, busy state."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.hardware.card import WrongPin
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.screens.pin_pad import PinPadScreen
from kiosk.ui.theme import Theme

from .cards import AGENT, BENEFICIARY, TECHNICIAN

MIN_KEY_PX = 64


@pytest.fixture
def pad(qtbot: QtBot, language: LanguageSwitcher) -> PinPadScreen:
    screen = PinPadScreen(Theme(), language)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    qtbot.waitExposed(screen)
    screen.show_entry(BENEFICIARY, 3)
    return screen


def _type(pad: PinPadScreen, digits: str) -> None:
    for digit in digits:
        QTest.mouseClick(pad.digit_keys[digit], Qt.MouseButton.LeftButton)


def _visible_texts(screen: QWidget) -> str:
    return " ".join(
        label.text() for label in screen.findChildren(QLabel) if label.isVisibleTo(screen)
    )


def test_keys_sit_in_the_fixed_telephone_layout(pad: PinPadScreen) -> None:
    def centre(key: QPushButton) -> tuple[int, int]:
        point = key.geometry().center()
        return point.x(), point.y()

    keys = pad.digit_keys
    rows = [["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"]]
    for row in rows:
        ys = {centre(keys[d])[1] for d in row}
        assert len(ys) == 1, row
    for column in zip(*rows, strict=True):
        xs = {centre(keys[d])[0] for d in column}
        assert len(xs) == 1, column
    assert centre(keys["1"])[1] < centre(keys["4"])[1] < centre(keys["7"])[1]
    assert centre(keys["7"])[1] < centre(keys["0"])[1]
    assert centre(keys["0"])[0] == centre(keys["8"])[0]
    assert centre(pad.erase_key)[0] == centre(keys["7"])[0]
    assert centre(pad.validate_key)[0] == centre(keys["9"])[0]
    assert centre(pad.erase_key)[1] == centre(keys["0"])[1] == centre(pad.validate_key)[1]


def test_the_layout_never_changes_between_two_people(pad: PinPadScreen) -> None:
    before = {d: k.geometry() for d, k in pad.digit_keys.items()}
    pad.reset()
    pad.show_entry(AGENT, 2, WrongPin(2))
    assert {d: k.geometry() for d, k in pad.digit_keys.items()} == before


def test_keys_are_large_and_named_for_screen_readers(pad: PinPadScreen) -> None:
    keys = [*pad.digit_keys.values(), pad.erase_key, pad.validate_key]
    assert len(keys) == 12
    for key in keys:
        assert key.height() >= MIN_KEY_PX, key.text()
        assert key.width() >= MIN_KEY_PX, key.text()
    assert sorted(pad.digit_keys) == list("0123456789")
    for digit, key in pad.digit_keys.items():
        assert key.text() == digit
        assert key.accessibleName() == f"Chiffre {digit}"
    assert pad.erase_key.accessibleName() == "Effacer"
    assert pad.validate_key.accessibleName() == "Valider"
    assert pad.validate_key.accessibleDescription()
    assert pad.digit_keys["5"].font().pixelSize() > pad.erase_key.font().pixelSize()


def test_digits_are_shown_as_dots_only(pad: PinPadScreen) -> None:
    _type(pad, "4071")
    assert pad.digit_count == 4
    assert pad.dots.text() == "● ● ● ●"
    assert pad.dots.accessibleDescription() == "4 chiffres tapés."
    assert not any(d in _visible_texts(pad) for d in "4071")
    assert "4071" not in pad.dots.accessibleName() + pad.dots.accessibleDescription()


def test_validate_needs_six_to_eight_digits(qtbot: QtBot, pad: PinPadScreen) -> None:
    _type(pad, "12345")
    assert not pad.validate_key.isEnabled()
    _type(pad, "6")
    assert pad.validate_key.isEnabled()
    _type(pad, "789")  # the ninth digit is refused
    assert pad.digit_count == 8
    assert not pad.digit_keys["0"].isEnabled()
    with qtbot.waitSignal(pad.pin_entered) as blocker:
        QTest.mouseClick(pad.validate_key, Qt.MouseButton.LeftButton)
    assert blocker.args == ["12345678"]


def test_validate_does_nothing_with_too_few_digits(qtbot: QtBot, pad: PinPadScreen) -> None:
    _type(pad, "1234")
    with qtbot.assertNotEmitted(pad.pin_entered):
        pad.validate()
    assert pad.digit_count == 4


def test_erase_removes_the_last_digit(pad: PinPadScreen) -> None:
    assert not pad.erase_key.isEnabled()
    _type(pad, "123456")
    QTest.mouseClick(pad.erase_key, Qt.MouseButton.LeftButton)
    assert pad.digit_count == 5
    assert not pad.validate_key.isEnabled()


def test_a_keyboard_works_too(qtbot: QtBot, pad: PinPadScreen) -> None:
    QTest.keyClicks(pad, "2468135")
    QTest.keyClick(pad, Qt.Key.Key_Backspace)
    QTest.keyClick(pad, Qt.Key.Key_A)  # ignored
    assert pad.digit_count == 6
    with qtbot.waitSignal(pad.pin_entered) as blocker:
        QTest.keyClick(pad, Qt.Key.Key_Return)
    assert blocker.args == ["246813"]


def test_a_keypad_digit_reaches_the_pad_when_a_key_has_the_focus(pad: PinPadScreen) -> None:
    pad.digit_keys["1"].setFocus()
    QTest.keyClick(pad.digit_keys["1"], Qt.Key.Key_7)
    assert pad.digit_count == 1


def test_touching_a_key_does_not_leave_it_highlighted(pad: PinPadScreen) -> None:
    _type(pad, "5")
    assert not pad.digit_keys["5"].hasFocus()
    assert pad.digit_keys["5"].focusPolicy() == Qt.FocusPolicy.TabFocus


def test_validating_forgets_the_pin_and_waits_for_the_card(
    qtbot: QtBot, pad: PinPadScreen
) -> None:
    _type(pad, "987654")
    with qtbot.waitSignal(pad.pin_entered):
        pad.validate()
    assert pad.digit_count == 0
    assert pad.busy
    assert pad.tries.text() == "Vérification…"
    keys = [*pad.digit_keys.values(), pad.erase_key, pad.validate_key]
    assert not any(key.isEnabled() for key in keys)
    QTest.keyClicks(pad, "123456")
    assert pad.digit_count == 0
    assert "987654" not in repr(vars(pad))


def test_tries_are_shown_before_any_mistake(pad: PinPadScreen) -> None:
    assert pad.tries.text() == "Il vous reste 3 essais."
    assert not pad.alert.isVisibleTo(pad)
    assert not pad.warning.isVisibleTo(pad)


def test_a_wrong_pin_says_so_with_the_tries_left(pad: PinPadScreen) -> None:
    _type(pad, "111111")
    pad.validate()
    pad.show_entry(BENEFICIARY, 2, WrongPin(2))
    assert not pad.busy
    assert pad.alert.isVisibleTo(pad)
    assert pad.alert.text() == "Code incorrect."
    assert pad.tries.text() == "Il vous reste 2 essais."
    assert pad.digit_keys["1"].isEnabled()
    pad.show_entry(BENEFICIARY, 1, WrongPin(1))
    assert pad.tries.text() == "Il vous reste 1 essai."
    assert pad.warning.isVisibleTo(pad)
    assert "bloquée" in pad.warning.text()


def test_a_beneficiary_sees_nothing_personal(pad: PinPadScreen) -> None:
    assert not pad.greeting.isVisibleTo(pad)
    shown = _visible_texts(pad)
    for personal in (BENEFICIARY.holder_id, BENEFICIARY.card_number, "Bonjour"):
        assert personal not in shown


@pytest.mark.parametrize("holder", [AGENT, TECHNICIAN])
def test_staff_are_greeted_by_name(pad: PinPadScreen, holder: object) -> None:
    pad.show_entry(holder, 3)  # type: ignore[arg-type]
    assert pad.greeting.isVisibleTo(pad)
    assert pad.greeting.text() == f"Bonjour {holder.display_name}"  # type: ignore[attr-defined]
    assert holder.card_number not in _visible_texts(pad)  # type: ignore[attr-defined]


def test_reset_clears_the_digits_and_every_text(pad: PinPadScreen) -> None:
    pad.show_entry(AGENT, 2, WrongPin(2))
    _type(pad, "1234")
    pad.reset()
    assert pad.digit_count == 0
    assert pad.dots.text() == ""
    assert not pad.busy
    assert _visible_texts(pad).strip() == "Tapez votre code secret"


def test_english_after_switching_language(pad: PinPadScreen, language: LanguageSwitcher) -> None:
    pad.show_entry(AGENT, 2, WrongPin(2))
    language.set_language("en")
    assert pad.title.text() == "Type your secret code"
    assert pad.greeting.text() == "Hello Camille Martin"
    assert pad.alert.text() == "Wrong code."
    assert pad.tries.text() == "You have 2 tries left."
    assert pad.digit_keys["5"].accessibleName() == "Digit 5"
    assert pad.validate_key.text() == "Confirm"


def test_only_digit_keys_can_be_pressed(pad: PinPadScreen) -> None:
    with pytest.raises(ValueError, match="digit"):
        pad.press_digit("A")
