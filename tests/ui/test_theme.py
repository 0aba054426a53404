"""The theme: contrast, touch-target sizes and a visible focus, measured on real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.theme import MIN_TEXT_CONTRAST, Colours, Role, Sizes, contrast_ratio, set_role

MIN_BUTTON_HEIGHT = 64
MIN_BUTTON_WIDTH = 48
MIN_FONT_PX = 20


def test_contrast_ratio_matches_the_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    # #767676 on white is the classic "just passes AA" grey: 4.54:1.
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


def test_contrast_ratio_rejects_what_is_not_a_colour() -> None:
    with pytest.raises(ValueError, match="not a colour"):
        contrast_ratio("blue-ish", "#FFFFFF")


@pytest.mark.parametrize("name", list(Colours().text_pairs()))
def test_every_text_colour_reaches_7_to_1(name: str) -> None:
    text, background = Colours().text_pairs()[name]
    assert contrast_ratio(text, background) >= MIN_TEXT_CONTRAST


def test_focus_border_stands_out_from_the_page() -> None:
    colours = Colours()
    # WCAG 2.4.13: the focus indicator contrasts at least 3:1 with what is around it.
    assert contrast_ratio(colours.on_focus, colours.background) >= 3.0
    assert colours.focus not in (colours.background, colours.primary)


def test_no_font_size_is_below_20_px() -> None:
    sizes = Sizes()
    fonts = [sizes.base_font_px, sizes.hint_font_px, sizes.instruction_font_px]
    assert min(fonts) >= MIN_FONT_PX
    assert sizes.title_font_px > sizes.instruction_font_px >= sizes.base_font_px


@pytest.fixture
def buttons(qtbot: QtBot, styled_app: QApplication) -> tuple[QWidget, QPushButton, QPushButton]:
    page = QWidget()
    qtbot.addWidget(page)
    layout = QVBoxLayout(page)
    plain = QPushButton("OK", page)  # the shortest label a screen could have
    primary = QPushButton("OK", page)
    set_role(primary, Role.PRIMARY)
    layout.addWidget(plain)
    layout.addWidget(primary)
    layout.addStretch(1)
    page.resize(600, 400)
    page.show()
    qtbot.waitExposed(page)
    return page, plain, primary


def test_buttons_are_large_touch_targets(
    buttons: tuple[QWidget, QPushButton, QPushButton],
) -> None:
    _, plain, primary = buttons
    for button in (plain, primary):
        assert button.height() >= MIN_BUTTON_HEIGHT
        assert button.minimumSizeHint().height() >= MIN_BUTTON_HEIGHT
        assert button.width() >= MIN_BUTTON_WIDTH
        assert button.minimumSizeHint().width() >= MIN_BUTTON_WIDTH
        assert button.font().pixelSize() >= MIN_FONT_PX


def _colour_count(image: QImage, colour: str) -> int:
    wanted = QColor(colour).rgb()
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixel(x, y) == wanted
    )


def _grab_unfocused_then_focused(qtbot: QtBot, button: QPushButton) -> tuple[QImage, QImage]:
    button.clearFocus()
    qtbot.waitUntil(lambda: not button.hasFocus())
    unfocused = button.grab().toImage()
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    return unfocused, button.grab().toImage()


def test_focused_button_is_filled_with_the_focus_colour(
    qtbot: QtBot, buttons: tuple[QWidget, QPushButton, QPushButton]
) -> None:
    page, plain, primary = buttons
    page.activateWindow()
    qtbot.waitActive(page)
    focus = Colours().focus
    for button in (plain, primary):
        unfocused, focused = _grab_unfocused_then_focused(qtbot, button)
        assert _colour_count(unfocused, focus) == 0
        # Most of the button turns yellow: impossible to miss.
        sampled = (focused.width() // 2) * (focused.height() // 2)
        assert _colour_count(focused, focus) > sampled // 2
