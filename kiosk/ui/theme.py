"""The kiosk's look: colours, sizes and the Qt stylesheet built from them.

Every colour and every size the screens use is declared here, once. The rules come from
accessibility guidance for public kiosks:

* text and background contrast at least 7:1 (WCAG 2.2 level AAA, criterion 1.4.6);
* a focus indicator that cannot be missed (yellow fill with a thick black border, the
  pattern of the GOV.UK design system);
* touch targets far above the 44 px minimum: buttons are at least 72 px high, and no text
  is smaller than 24 px.

Screens do not set colours or fonts themselves: they tag widgets with a dynamic ``role``
property (see :class:`Role`) and the stylesheet does the rest.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

#: The minimum contrast ratio between any text and its background (WCAG AAA).
MIN_TEXT_CONTRAST = 7.0


class Role(enum.StrEnum):
    """Values of the ``role`` dynamic property that the stylesheet styles."""

    TITLE = "title"
    INSTRUCTION = "instruction"
    HINT = "hint"
    PICTOGRAM = "pictogram"
    PRIMARY = "primary"
    SECONDARY = "secondary"
    BODY = "body"
    ALERT = "alert"
    FIELD = "field"
    KEY = "key"
    TILE = "tile"
    CARD = "card"


def set_role(widget: QWidget, role: Role) -> None:
    """Tags a widget with a stylesheet role. Call it before the widget is first shown.

    Args:
        widget: the widget to tag.
        role: how the stylesheet should draw it.
    """
    widget.setProperty("role", role.value)


@dataclass(frozen=True)
class Colours:
    """The colour palette, as ``#RRGGBB`` strings.

    Attributes:
        background: the window background.
        text: text on ``background``.
        primary: fill of primary buttons and accents.
        on_primary: text on ``primary``.
        focus: fill of the focused control.
        on_focus: text and border of the focused control.
        pressed: fill of a button while it is pressed.
        on_pressed: text on ``pressed``.
        alert: text and mark of a message that something went wrong (on ``background``).
        muted: fill of controls that cannot be used (yet, or while the kiosk works).
        on_muted: text and dashed border on ``muted``.
    """

    background: str = "#FFFFFF"
    text: str = "#0B0C0C"
    primary: str = "#003A70"
    on_primary: str = "#FFFFFF"
    focus: str = "#FFDD00"
    on_focus: str = "#0B0C0C"
    pressed: str = "#0B0C0C"
    on_pressed: str = "#FFFFFF"
    alert: str = "#942514"
    muted: str = "#F3F2F1"
    on_muted: str = "#3D4548"

    def text_pairs(self) -> dict[str, tuple[str, str]]:
        """Returns every (text, background) pair the stylesheet uses, by name."""
        return {
            "text": (self.text, self.background),
            "primary button": (self.on_primary, self.primary),
            "secondary button": (self.text, self.background),
            "focused button": (self.on_focus, self.focus),
            "pressed button": (self.on_pressed, self.pressed),
            "alert": (self.alert, self.background),
            "unavailable control": (self.on_muted, self.muted),
            "text on an unavailable tile": (self.text, self.muted),
        }


@dataclass(frozen=True)
class Sizes:
    """Sizes in device-independent pixels.

    Attributes:
        font_family: the font for all text (DejaVu Sans ships with Debian).
        base_font_px: ordinary text and buttons.
        hint_font_px: secondary text; never below 20 px.
        instruction_font_px: the main instruction of a screen.
        title_font_px: the title of a screen.
        button_min_height_px: outer height of every button, border included.
        button_min_width_px: outer width of every button, border included.
        button_padding_px: space between a button's border and its text.
        border_px: border width of buttons, the same focused or not so nothing moves.
        radius_px: corner radius of buttons.
        pictogram_px: side of the large pictograms.
        margin_px: space around a screen's content.
        spacing_px: space between the blocks of a screen.
        key_font_px: the digits of the PIN pad.
        key_width_px: outer width of a PIN pad key.
        key_height_px: outer height of a PIN pad key (and of "Effacer", "Valider").
        key_padding_px: space between a PIN pad key's border and its text.
        dots_font_px: the dots standing for the typed digits.
        tile_height_px: outer height of a home screen tile.
        alert_mark_px: width of the bar beside an alert.
    """

    font_family: str = "DejaVu Sans"
    base_font_px: int = 24
    hint_font_px: int = 24
    instruction_font_px: int = 32
    title_font_px: int = 56
    button_min_height_px: int = 72
    button_min_width_px: int = 160
    button_padding_px: int = 12
    border_px: int = 4
    radius_px: int = 12
    pictogram_px: int = 220
    margin_px: int = 48
    spacing_px: int = 24
    key_font_px: int = 44
    key_width_px: int = 144
    key_height_px: int = 96
    key_padding_px: int = 6
    dots_font_px: int = 48
    tile_height_px: int = 152
    alert_mark_px: int = 10

    @property
    def button_content_min_height_px(self) -> int:
        """The stylesheet ``min-height``, which Qt applies to the content box only."""
        return self.button_min_height_px - 2 * (self.button_padding_px + self.border_px)

    @property
    def button_content_min_width_px(self) -> int:
        """The stylesheet ``min-width``, which Qt applies to the content box only."""
        return self.button_min_width_px - 2 * (2 * self.button_padding_px + self.border_px)


@dataclass(frozen=True)
class Theme:
    """Colours plus sizes; the single source of the kiosk's look.

    Attributes:
        colours: the palette.
        sizes: fonts, touch targets and spacing.
    """

    colours: Colours = field(default_factory=Colours)
    sizes: Sizes = field(default_factory=Sizes)

    def stylesheet(self) -> str:
        """Returns the application-wide Qt stylesheet."""
        c, s = self.colours, self.sizes
        return f"""
QWidget {{
    background-color: {c.background};
    color: {c.text};
    font-family: "{s.font_family}";
    font-size: {s.base_font_px}px;
}}
QLabel[role="title"] {{
    font-size: {s.title_font_px}px;
    font-weight: bold;
}}
QLabel[role="instruction"] {{
    font-size: {s.instruction_font_px}px;
    font-weight: bold;
}}
QLabel[role="hint"] {{
    font-size: {s.hint_font_px}px;
}}
QPushButton {{
    min-height: {s.button_content_min_height_px}px;
    min-width: {s.button_content_min_width_px}px;
    padding: {s.button_padding_px}px {2 * s.button_padding_px}px;
    border: {s.border_px}px solid {c.text};
    border-radius: {s.radius_px}px;
    background-color: {c.background};
    color: {c.text};
    font-size: {s.base_font_px}px;
    font-weight: bold;
}}
QPushButton[role="primary"] {{
    background-color: {c.primary};
    border-color: {c.primary};
    color: {c.on_primary};
}}
QPushButton:focus, QPushButton[role="primary"]:focus {{
    background-color: {c.focus};
    border-color: {c.on_focus};
    color: {c.on_focus};
}}
QPushButton:pressed, QPushButton[role="primary"]:pressed {{
    background-color: {c.pressed};
    border-color: {c.pressed};
    color: {c.on_pressed};
}}
QLabel[role="body"] {{
    font-size: {s.instruction_font_px}px;
}}
QPushButton[role="key"] {{
    font-size: {s.key_font_px}px;
}}
QPushButton[keypad="true"] {{
    padding: {s.key_padding_px}px;
    min-height: {s.key_height_px - 2 * (s.key_padding_px + s.border_px)}px;
    min-width: {s.key_width_px - 2 * (s.key_padding_px + s.border_px)}px;
    max-width: {s.key_width_px - 2 * (s.key_padding_px + s.border_px)}px;
}}
QPushButton:disabled, QPushButton[role="primary"]:disabled, QPushButton[role="key"]:disabled {{
    background-color: {c.muted};
    border: {s.border_px}px dashed {c.on_muted};
    color: {c.on_muted};
}}
QPushButton[role="tile"] {{
    min-height: {s.tile_height_px - 2 * (s.button_padding_px + s.border_px)}px;
}}
QPushButton[role="tile"] QLabel {{
    background-color: transparent;
}}
QPushButton[role="tile"]:disabled QLabel {{
    color: {c.text};
}}
QLabel[role="alert"] {{
    color: {c.alert};
    font-size: {s.instruction_font_px}px;
    font-weight: bold;
    border-left: {s.alert_mark_px}px solid {c.alert};
    padding-left: {s.spacing_px}px;
}}
QFrame[role="card"] {{
    border: {s.border_px}px solid {c.text};
    border-radius: {s.radius_px}px;
}}
QLabel[role="field"] {{
    font-size: {s.dots_font_px}px;
    border: {s.border_px}px solid {c.text};
    border-radius: {s.radius_px}px;
    padding: 0px {s.spacing_px}px;
}}
"""

    def palette(self) -> QPalette:
        """Returns a palette matching the stylesheet, for widgets it does not cover."""
        c = self.colours
        palette = QPalette()
        for role, colour in (
            (QPalette.ColorRole.Window, c.background),
            (QPalette.ColorRole.Base, c.background),
            (QPalette.ColorRole.WindowText, c.text),
            (QPalette.ColorRole.Text, c.text),
            (QPalette.ColorRole.ButtonText, c.text),
            (QPalette.ColorRole.Button, c.background),
            (QPalette.ColorRole.Highlight, c.focus),
            (QPalette.ColorRole.HighlightedText, c.on_focus),
        ):
            palette.setColor(role, QColor(colour))
        return palette

    def font(self) -> QFont:
        """Returns the application's base font."""
        font = QFont(self.sizes.font_family)
        font.setPixelSize(self.sizes.base_font_px)
        return font

    def apply(self, app: QApplication) -> None:
        """Applies the theme to the whole application.

        Args:
            app: the application to style.
        """
        app.setFont(self.font())
        app.setPalette(self.palette())
        app.setStyleSheet(self.stylesheet())


def relative_luminance(colour: str) -> float:
    """Returns the WCAG relative luminance of a ``#RRGGBB`` colour, from 0 to 1.

    Args:
        colour: the colour, as ``#RRGGBB``.
    """
    qcolour = QColor(colour)
    if not qcolour.isValid():
        raise ValueError(f"not a colour: {colour!r}")

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(qcolour.red())
        + 0.7152 * linear(qcolour.green())
        + 0.0722 * linear(qcolour.blue())
    )


def contrast_ratio(foreground: str, background: str) -> float:
    """Returns the WCAG contrast ratio of two colours, from 1 to 21.

    Args:
        foreground: the text colour, as ``#RRGGBB``.
        background: the background colour, as ``#RRGGBB``.
    """
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)
