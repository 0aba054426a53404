"""The technician issues a card: a blank card on the desk, the holder, a PIN chosen twice.

Steps: put a blank card in the second reader, choose the role, type the holder's names and
the PUK; the person chooses a PIN twice; the card is written on the reader thread; then its
number is shown and the explanatory sheet can be "printed" (written to the outbox).
"""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QPushButton, QWidget

from kiosk.auth.card_desk import CardDesk
from kiosk.auth.card_life import CardLifeService, HolderDetails
from kiosk.auth.identity import HolderRole
from kiosk.hardware.piv import PivClient
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.main_window import MainWindow
from kiosk.ui.screens.card_tool import PUK_LENGTH, CardToolScreen, is_puk, open_from_home
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.home_technician import TechnicianHomeScreen
from kiosk.ui.theme import Role, Theme, set_role
from kiosk.ui.widgets.labels import show_text

DETAILS_PAGE = "details"


class CardIssueScreen(CardToolScreen):
    """Issues a card to a new holder (technician).

    Attributes:
        intro: "Posez une carte vierge dans le second lecteur."
        role_buttons: one checkable button per role; the chosen one is filled.
        family_name, given_names, structure, puk: the fields, with their labels
            ``family_name_label``... (the structure only for staff).
        continue_button: to the PIN, once a family name and an 8-digit PUK are typed.

    Signals:
        closed(): inherited; back to the technician's home.
    """

    screen_id = "card_issue"
    first_page = DETAILS_PAGE

    def __init__(
        self,
        theme: Theme,
        language: LanguageSwitcher,
        service: CardLifeService,
        desk: CardDesk,
        parent: QWidget | None = None,
    ) -> None:
        """Builds the screen; the arguments are those of :class:`CardToolScreen`."""
        super().__init__(theme, language, service, desk, parent)
        self.intro = self.label(Role.INSTRUCTION)
        self.role_buttons: dict[HolderRole, QPushButton] = {}
        self._roles = QButtonGroup(self)
        for role in HolderRole:
            button = self.button(Role.SECONDARY, self._refresh)
            button.setCheckable(True)
            self._roles.addButton(button)
            self.role_buttons[role] = button
        self.role_buttons[HolderRole.BENEFICIARY].setChecked(True)
        self.family_name_label, self.family_name = self.label(Role.BODY), self.line_edit()
        self.given_names_label, self.given_names = self.label(Role.BODY), self.line_edit()
        self.structure_label, self.structure = self.label(Role.BODY), self.line_edit()
        self.puk_label = self.label(Role.BODY)
        self.puk = self.line_edit(secret=True, max_length=PUK_LENGTH)
        for edit in (self.family_name, self.puk):
            edit.textChanged.connect(self._refresh)
        self.continue_button = self.button(Role.PRIMARY, self.continue_to_pin)
        self.add_page(
            DETAILS_PAGE,
            [
                self.intro,
                self.row(*self.role_buttons.values()),
                self.form(
                    [
                        (self.family_name_label, self.family_name),
                        (self.given_names_label, self.given_names),
                        (self.structure_label, self.structure),
                        (self.puk_label, self.puk),
                    ]
                ),
                self.row(self.continue_button),
            ],
        )
        self.pin_choice.chosen.connect(self.issue)
        self.reset()

    @property
    def role(self) -> HolderRole:
        """The role chosen."""
        return next(r for r, b in self.role_buttons.items() if b.isChecked())

    def reset(self) -> None:
        """Forgets everything; the next card is a beneficiary's unless told otherwise."""
        self.role_buttons[HolderRole.BENEFICIARY].setChecked(True)
        super().reset()

    def ready_for_pin(self) -> bool:
        """Whether a family name and an 8-digit PUK are typed."""
        return bool(self.family_name.text().strip()) and is_puk(self.puk.text())

    def issue(self, pin: str) -> None:
        """Writes the card on the reader thread; the number is shown when it is done.

        Args:
            pin: the PIN the person chose.
        """
        role = self.role
        details = HolderDetails(
            role,
            self.family_name.text().strip(),
            self.given_names.text().strip(),
            self.structure.text().strip() if role.is_staff else "",
        )
        puk, actor, language = self.puk.text(), self._actor, self._language.language
        service = self._service

        def work(piv: PivClient) -> object:
            return service.issue(piv, details, pin, puk, actor=actor, language=language)

        self.run(self._desk.with_card(work), self.show_issued)

    def _refresh(self) -> None:
        for button in self.role_buttons.values():
            set_role(button, Role.PRIMARY if button.isChecked() else Role.SECONDARY)
            button.style().unpolish(button)
            button.style().polish(button)
        staff = self.role.is_staff
        self.structure_label.setVisible(staff)
        self.structure.setVisible(staff)
        self.continue_button.setEnabled(self.ready_for_pin())

    def retranslate(self) -> None:
        """Sets every text and accessible name in the current language."""
        self.setAccessibleName(self.tr("Émettre une carte"))
        show_text(self.title, self.tr("Émettre une carte"))
        show_text(
            self.intro,
            self.tr("Posez une carte vierge dans le second lecteur. Puis remplissez la fiche."),
        )
        names = {
            HolderRole.BENEFICIARY: self.tr("Usager"),
            HolderRole.AGENT: self.tr("Agent"),
            HolderRole.HEAD_OF_SERVICE: self.tr("Responsable"),
            HolderRole.TECHNICIAN: self.tr("Technicien"),
        }
        for role, button in self.role_buttons.items():
            button.setText(names[role])
            button.setAccessibleName(names[role])
            button.setAccessibleDescription(self.tr("Pour qui est la carte."))
        for label, edit, text in (
            (self.family_name_label, self.family_name, self.tr("Nom de famille")),
            (self.given_names_label, self.given_names, self.tr("Prénoms")),
            (self.structure_label, self.structure, self.tr("Structure de l’agent")),
            (self.puk_label, self.puk, self.tr("Code PUK du service (8 chiffres)")),
        ):
            label.setText(text)
            label.setAccessibleName(text)
            edit.setAccessibleName(text)
        self.continue_button.setText(self.tr("Continuer"))
        self.continue_button.setAccessibleName(self.continue_button.text())
        self.continue_button.setAccessibleDescription(
            self.tr("La personne choisit ensuite son code secret.")
        )
        self.retranslate_shared()
        self._refresh()


def install_card_issue(
    window: MainWindow,
    home: HomeScreen,
    theme: Theme,
    language: LanguageSwitcher,
    service: CardLifeService,
    desk: CardDesk,
) -> CardIssueScreen:
    """Adds the screen to the window and opens it from the technician's "Cartes" tile.

    Args:
        window: the main window.
        home: the technician's home screen.
        theme: colours and sizes.
        language: the language service.
        service: the card-life service.
        desk: the reader of the card being issued, and the reader thread.

    Returns:
        The screen.

    Raises:
        TypeError: ``home`` is not the technician's home screen.
    """
    if not isinstance(home, TechnicianHomeScreen):
        raise TypeError(f"not the technicians' home screen: {home!r}")
    screen = CardIssueScreen(theme, language, service, desk)
    open_from_home(window, home, screen)
    return screen
