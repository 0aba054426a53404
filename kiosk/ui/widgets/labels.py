"""The kiosk's labels: how every screen makes one, and sets its text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.theme import Role, set_role

# One line or one picture: the dots of a PIN, a pictogram.
_UNWRAPPED = frozenset({Role.FIELD, Role.PICTOGRAM})


def make_label(parent: QWidget, role: Role, *, centred: bool = False) -> QLabel:
    """Returns a label that the stylesheet draws by its role.

    Its text wraps (but for the dots of a PIN and a pictogram), and a touch does not select it.

    Args:
        parent: the Qt parent.
        role: how the stylesheet draws it.
        centred: whether the text is centred.
    """
    label = QLabel(parent)
    set_role(label, role)
    if centred:
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(role not in _UNWRAPPED)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def show_text(label: QLabel, text: str) -> None:
    """Sets a label's text and accessible name; hides the label when the text is empty.

    Args:
        label: the label.
        text: what it says, in the current language.
    """
    label.setText(text)
    label.setAccessibleName(text)
    label.setVisible(bool(text))
