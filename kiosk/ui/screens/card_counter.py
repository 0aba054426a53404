"""The agent's card counter: find a card, revoke it, replace it, unblock it.

The agent finds the card by its printed number and the holder's family name (read on an
identity document), then:

* a lost or stolen card is revoked (after a confirmation): no station accepts it any more;
* a new card replaces it: a blank card on the desk, the PUK, and for a beneficiary the
  escrow key file (on the technician's medium) that moves their vault to the new card;
  the person chooses a PIN twice; the number and the sheet are shown as at issue;
* a blocked card (PIN forgotten) is put on the desk; with the PUK, the person chooses a
  new PIN twice.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from kiosk.auth.card_desk import CardDesk
from kiosk.auth.card_life import CardLifeService, load_escrow_key
from kiosk.auth.card_register import RegisterEntry
from kiosk.auth.identity import Holder, HolderRole
from kiosk.domain.errors import KioskError
from kiosk.hardware.card import WrongPin
from kiosk.hardware.piv import PivClient
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.main_window import MainWindow
from kiosk.ui.screens.card_tool import PUK_LENGTH, CardToolScreen, is_puk, open_from_home
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.home_agent import AgentHomeScreen
from kiosk.ui.theme import Role, Theme
from kiosk.ui.widgets.labels import show_text

FIND_PAGE = "find"
CARD_PAGE = "card"
REVOKE_PAGE = "revoke"
SECRETS_PAGE = "secrets"  # the PUK (and the escrow key) before a PIN is chosen
UNBLOCKED_PAGE = "unblocked"


class CardCounterScreen(CardToolScreen):
    """An agent's tools for a person's card.

    Attributes:
        find_intro, card_number, family_name, search_button: finding the card (with the
            fields' labels ``card_number_label``, ``family_name_label``).
        summary: the card found: number, holder's role, state.
        revoke_button, reissue_button, unblock_button: what can be done with it.
        revoke_text, confirm_revoke_button: the confirmation of a revocation.
        secrets_intro, puk, escrow_key, secrets_button: before a new card or an unblock.
        unblocked_text, unblocked_button: the card works again.

    Signals:
        closed(): inherited; back to the agent's home.
    """

    screen_id = "card_counter"
    first_page = FIND_PAGE

    def __init__(
        self,
        theme: Theme,
        language: LanguageSwitcher,
        service: CardLifeService,
        desk: CardDesk,
        escrow_key: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Builds the screen; the other arguments are those of :class:`CardToolScreen`.

        Args:
            escrow_key: where the escrow key file usually is (the technician's medium).
        """
        super().__init__(theme, language, service, desk, parent)
        self._default_escrow = "" if escrow_key is None else str(escrow_key)
        self._entry: RegisterEntry | None = None
        self._action = ""  # "reissue" or "unblock", while the PUK and the PIN are asked
        self.find_intro = self.label(Role.INSTRUCTION)
        self.card_number_label, self.card_number = self.label(Role.BODY), self.line_edit()
        self.family_name_label, self.family_name = self.label(Role.BODY), self.line_edit()
        self.search_button = self.button(Role.PRIMARY, self.search)
        self.add_page(
            FIND_PAGE,
            [
                self.find_intro,
                self.form(
                    [
                        (self.card_number_label, self.card_number),
                        (self.family_name_label, self.family_name),
                    ]
                ),
                self.row(self.search_button),
            ],
        )
        self.summary = self.label(Role.INSTRUCTION)
        self.revoke_button = self.button(Role.SECONDARY, lambda: self.show_page(REVOKE_PAGE))
        self.reissue_button = self.button(Role.SECONDARY, lambda: self.ask_secrets("reissue"))
        self.unblock_button = self.button(Role.SECONDARY, lambda: self.ask_secrets("unblock"))
        self.add_page(
            CARD_PAGE,
            [self.summary, self.revoke_button, self.reissue_button, self.unblock_button],
        )
        self.revoke_text = self.label(Role.INSTRUCTION)
        self.confirm_revoke_button = self.button(Role.PRIMARY, self.revoke)
        self.add_page(REVOKE_PAGE, [self.revoke_text, self.row(self.confirm_revoke_button)])
        self.secrets_intro = self.label(Role.INSTRUCTION)
        self.puk_label = self.label(Role.BODY)
        self.puk = self.line_edit(secret=True, max_length=PUK_LENGTH)
        self.escrow_label, self.escrow_key = self.label(Role.BODY), self.line_edit(max_length=4096)
        self.secrets_button = self.button(Role.PRIMARY, self.continue_to_pin)
        self.add_page(
            SECRETS_PAGE,
            [
                self.secrets_intro,
                self.form([(self.puk_label, self.puk), (self.escrow_label, self.escrow_key)]),
                self.row(self.secrets_button),
            ],
        )
        self.unblocked_text = self.label(Role.INSTRUCTION)
        self.unblocked_button = self.button(Role.PRIMARY, self.restart)
        self.add_page(UNBLOCKED_PAGE, [self.unblocked_text, self.row(self.unblocked_button)])
        for edit in (self.card_number, self.family_name, self.puk, self.escrow_key):
            edit.textChanged.connect(self._refresh)
        self.pin_choice.chosen.connect(self.finish_with_pin)
        self.reset()

    # -- the steps ------------------------------------------------------------------------------

    def reset(self) -> None:
        """Forgets the card, the fields and any message."""
        self._entry = None
        self._action = ""
        super().reset()
        self.escrow_key.setText(self._default_escrow)

    def search(self) -> None:
        """Looks the card up (on the worker thread)."""
        number, name = self.card_number.text(), self.family_name.text()
        if not (number.strip() and name.strip()):
            return
        service = self._service
        self.run(self._desk.run(lambda: service.lookup(number, name)), self._found)

    def _found(self, entry: object) -> None:
        if isinstance(entry, RegisterEntry):
            self._entry = entry
            self.show_page(CARD_PAGE)

    def revoke(self) -> None:
        """Revokes the card found, once confirmed."""
        entry, service, actor = self._entry, self._service, self._actor
        if entry is not None:
            work = self._desk.run(lambda: service.revoke(entry.card_number, actor=actor))
            self.run(work, self._found)

    def ask_secrets(self, action: str) -> None:
        """Asks the PUK (and the escrow key for a beneficiary's new card)."""
        self._action = action
        self.puk.clear()
        self.show_page(SECRETS_PAGE)

    def _needs_escrow(self) -> bool:
        entry = self._entry
        return (
            self._action == "reissue" and entry is not None and entry.role is HolderRole.BENEFICIARY
        )

    def ready_for_pin(self) -> bool:
        """Whether the PUK (and the escrow key for a beneficiary's new card) is typed."""
        if not is_puk(self.puk.text()):
            return False
        return not self._needs_escrow() or bool(self.escrow_key.text().strip())

    def finish_with_pin(self, pin: str) -> None:
        """Writes the new card, or unblocks the card, on the reader thread.

        Args:
            pin: the PIN the person chose.
        """
        entry = self._entry
        if entry is None:
            return
        service, actor, puk = self._service, self._actor, self.puk.text()
        number, language = entry.card_number, self._language.language
        if self._action == "unblock":

            def unblock(piv: PivClient) -> Holder:
                return service.unblock(piv, puk, pin, actor=actor, card_number=number)

            self.run(self._desk.with_card(unblock), lambda _: self.show_page(UNBLOCKED_PAGE))
            return
        escrow_path = Path(self.escrow_key.text().strip()) if self._needs_escrow() else None

        def reissue(piv: PivClient) -> object:
            escrow = None if escrow_path is None else load_escrow_key(escrow_path)
            return service.reissue(
                piv, number, pin, puk, actor=actor, escrow=escrow, language=language
            )

        self.run(self._desk.with_card(reissue), self.show_issued)

    def page_after_error(self, error: KioskError) -> str:
        """A failed search stays on the search; a wrong PUK is typed again; else the card."""
        if self._entry is None:
            return FIND_PAGE
        return SECRETS_PAGE if isinstance(error, WrongPin) and error.puk else CARD_PAGE

    def go_back(self) -> None:
        """From an action back to the card found; from the card back to the search."""
        if not self.job.busy and self._entry is not None and self.page != CARD_PAGE:
            self._action = ""
            self.pin_choice.clear()
            self.show_page(CARD_PAGE)
            return
        super().go_back()

    # -- texts ----------------------------------------------------------------------------------

    def _summary(self, entry: RegisterEntry) -> str:
        roles = {
            HolderRole.BENEFICIARY: self.tr("Carte d’usager"),
            HolderRole.AGENT: self.tr("Carte d’agent"),
            HolderRole.HEAD_OF_SERVICE: self.tr("Carte de responsable"),
            HolderRole.TECHNICIAN: self.tr("Carte de technicien"),
        }
        lines = [f"{roles[entry.role]} {entry.card_number}."]
        if entry.replaced_by:
            lines.append(
                self.tr("Elle a été remplacée par la carte %1.").replace("%1", entry.replaced_by)
            )
        elif not entry.valid:
            lines.append(self.tr("Elle est annulée\u00a0: elle ne marche plus."))
        else:
            lines.append(self.tr("Elle est valable."))
        return " ".join(lines)

    def _refresh(self) -> None:
        entry = self._entry
        valid = entry is not None and entry.valid
        self.search_button.setEnabled(
            bool(self.card_number.text().strip() and self.family_name.text().strip())
        )
        self.revoke_button.setVisible(valid)
        self.unblock_button.setVisible(valid)
        self.reissue_button.setVisible(entry is not None and entry.replaced_by is None)
        escrow = self._needs_escrow()
        self.escrow_label.setVisible(escrow)
        self.escrow_key.setVisible(escrow)
        self.secrets_button.setEnabled(self.ready_for_pin())

    def retranslate(self) -> None:
        """Sets every text and accessible name in the current language."""
        self.setAccessibleName(self.tr("Cartes"))
        show_text(self.title, self.tr("Cartes"))
        show_text(
            self.find_intro,
            self.tr(
                "Demandez le numéro de la carte (il est sur sa fiche) et une pièce d’identité."
            ),
        )
        entry = self._entry
        number = "" if entry is None else entry.card_number
        show_text(self.summary, "" if entry is None else self._summary(entry))
        show_text(
            self.revoke_text,
            self.tr("La carte %1 ne marchera plus, sur aucune borne. C’est définitif.").replace(
                "%1", number
            ),
        )
        if self._action == "unblock":
            secrets_intro = self.tr(
                "Vérifiez la pièce d’identité. Posez la carte bloquée dans le second lecteur."
            )
        else:
            secrets_intro = self.tr(
                "Posez une carte vierge dans le second lecteur. L’ancienne carte sera annulée."
            )
        show_text(self.secrets_intro, secrets_intro)
        show_text(
            self.unblocked_text,
            self.tr("La carte est débloquée. Le nouveau code secret marche dès maintenant."),
        )
        for label, edit, text in (
            (self.card_number_label, self.card_number, self.tr("Numéro de la carte")),
            (self.family_name_label, self.family_name, self.tr("Nom de famille")),
            (self.puk_label, self.puk, self.tr("Code PUK du service (8 chiffres)")),
            (
                self.escrow_label,
                self.escrow_key,
                self.tr("Fichier de la clé de séquestre (support du technicien)"),
            ),
        ):
            label.setText(text)
            label.setAccessibleName(text)
            edit.setAccessibleName(text)
        for button, text, description in (
            (self.search_button, self.tr("Chercher"), self.tr("Cherche la carte.")),
            (
                self.revoke_button,
                self.tr("Carte perdue ou volée"),
                self.tr("Annule la carte pour toujours."),
            ),
            (
                self.reissue_button,
                self.tr("Donner une nouvelle carte"),
                self.tr("Les papiers de la personne passent sur la nouvelle carte."),
            ),
            (
                self.unblock_button,
                self.tr("Débloquer la carte"),
                self.tr("La personne choisit un nouveau code secret."),
            ),
            (
                self.confirm_revoke_button,
                self.tr("Oui, annuler la carte"),
                self.tr("La carte ne marchera plus."),
            ),
            (self.secrets_button, self.tr("Continuer"), self.tr("La personne choisit son code.")),
            (self.unblocked_button, self.tr("Terminé"), self.tr("Revient à la recherche.")),
        ):
            button.setText(text)
            button.setAccessibleName(text)
            button.setAccessibleDescription(description)
        self.retranslate_shared()
        self._refresh()


def install_card_counter(
    window: MainWindow,
    home: HomeScreen,
    theme: Theme,
    language: LanguageSwitcher,
    service: CardLifeService,
    desk: CardDesk,
    escrow_key: Path | None = None,
) -> CardCounterScreen:
    """Adds the screen to the window and opens it from the agent's "Cartes" tile.

    Args:
        window: the main window.
        home: the agents' home screen.
        theme: colours and sizes.
        language: the language service.
        service: the card-life service.
        desk: the reader of the person's card, and the reader thread.
        escrow_key: where the escrow key file usually is (prefilled, may be changed).

    Returns:
        The screen.

    Raises:
        TypeError: ``home`` is not the agents' home screen.
    """
    if not isinstance(home, AgentHomeScreen):
        raise TypeError(f"not the agents' home screen: {home!r}")
    screen = CardCounterScreen(theme, language, service, desk, escrow_key)
    open_from_home(window, home, screen)
    return screen
