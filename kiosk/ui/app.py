"""The composition root of the user interface: builds and wires every Qt object.

Nothing else creates the application, the services the screens use, the screens or the
window. Collaborators are passed to constructors; there is no global registry.

The card stack (pyscard monitor, reader thread, login, session manager) is built by
:func:`kiosk.station.build_card_stack` and reaches the interface through a
:class:`~kiosk.ui.card_bridge.CardBridge` given to :func:`build_app`. Without one the
kiosk shows its welcome screen and never leaves it (tests, and a station with no reader).

:func:`run_app` is what ``kiosk run`` calls: it creates the application, the bridge and
a :class:`~kiosk.ui.card_service.CardService` around a card stack factory
(:func:`~kiosk.ui.card_service.station_card_stack` for a station), runs the window, and
stops the stack at the end, whatever happens. When the stack cannot be built (no card
authority configured, pcscd not answering), the kiosk still starts: a
:class:`~kiosk.ui.widgets.station_notice.StationNotice` on the welcome screen tells the
technician what to do, and the service tries again every few seconds.

With :class:`~kiosk.ui.sync_jobs.SyncServices` (the station database, and the sync worker
of an enrolled station), every home shows the sync's status line and the staff's homes open
"À traiter" (:func:`~kiosk.ui.sync_flow.install_sync`). Their owner (``kiosk run``) starts
the worker and closes it.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSocketNotifier
from PySide6.QtWidgets import QApplication, QBoxLayout

from kiosk.auth.card_life import CardLifeService
from kiosk.ui.card_bridge import DEFAULT_IDLE_TIMEOUT_S, CardBridge
from kiosk.ui.card_service import CardService, CardStackFactory
from kiosk.ui.card_tools import install_card_tools
from kiosk.ui.controller import CardFlowController, CardScreens
from kiosk.ui.crash import CrashHandler
from kiosk.ui.document_flow import DocumentFlow, install_documents
from kiosk.ui.document_jobs import DocumentServices
from kiosk.ui.flow import ScreenName
from kiosk.ui.i18n import TRANSLATIONS_DIR, LanguageSwitcher
from kiosk.ui.main_window import MainWindow
from kiosk.ui.qt_compat import protect_none
from kiosk.ui.screens.home_agent import AgentHomeScreen
from kiosk.ui.screens.home_beneficiary import BeneficiaryHomeScreen
from kiosk.ui.screens.home_technician import TechnicianHomeScreen
from kiosk.ui.screens.message import MessageScreen
from kiosk.ui.screens.pin_pad import PinPadScreen
from kiosk.ui.screens.welcome import WelcomeScreen
from kiosk.ui.sync_flow import SyncFlow, install_sync
from kiosk.ui.sync_jobs import SyncServices
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.station_notice import StationNotice

log = logging.getLogger("kiosk.ui")

APPLICATION_NAME = "kiosk"



@dataclass
class KioskUi:
    """Everything :func:`build_app` made, for the caller to run, drive or shut down.

    Attributes:
        app: the Qt application.
        window: the main window (not shown yet).
        language: the language service.
        crash_handler: the installed crash hook.
        theme: the theme applied to the application.
        screens: the screens of the card flow.
        notice: what the welcome screen says when cards cannot be read (hidden otherwise).
        card: the bridge to the card stack, when there is one.
        flow: what shows the screen of each card status, when there is a card stack.
        documents: the beneficiary's document screens, when the station offers them.
        sync: the sync's status line and "À traiter", when the station has sync services.
    """

    app: QApplication
    window: MainWindow
    language: LanguageSwitcher
    crash_handler: CrashHandler
    theme: Theme
    screens: CardScreens
    notice: StationNotice
    card: CardBridge | None = None
    flow: CardFlowController | None = None
    documents: DocumentFlow | None = None
    sync: SyncFlow | None = None

    def shutdown(self) -> None:
        """Undoes :func:`build_app`: removes the hooks and translators, closes the window.

        The bridge stops delivering statuses and the sync monitor stops asking; the card
        stack and the sync worker are their owners' to stop.
        """
        if self.card is not None:
            self.card.close()
        if self.sync is not None:
            self.sync.stop()
        self.crash_handler.uninstall()
        self.language.uninstall()
        self.window.close()
        self.window.deleteLater()
        self.crash_handler.deleteLater()
        self.language.deleteLater()


def _application(argv: Sequence[str]) -> QApplication:
    existing = QCoreApplication.instance()
    if existing is None:
        return QApplication(list(argv))
    if not isinstance(existing, QApplication):
        raise RuntimeError("a non-GUI Qt application already exists")
    return existing


def build_app(
    settings_language: str,
    kiosk_mode: bool,
    *,
    theme: Theme | None = None,
    translations_dir: Path = TRANSLATIONS_DIR,
    argv: Sequence[str] | None = None,
    card: CardBridge | None = None,
    documents: DocumentServices | None = None,
    sync: SyncServices | None = None,
) -> KioskUi:
    """Creates (or reuses) the QApplication and builds the window with its screens.

    Create the QApplication before the bridge when there is one: build_app reuses it.

    Args:
        settings_language: the station's language, ``"fr"`` or ``"en"``.
        kiosk_mode: frameless full-screen window when true.
        theme: the look; the default high-contrast theme when omitted.
        translations_dir: where the compiled ``.qm`` files are.
        argv: the arguments for a new QApplication (``sys.argv`` when omitted).
        card: the bridge to the card stack; the screens follow its statuses. Without it
            the window stays on the welcome screen.
        documents: the services of the beneficiary's documents (camera, OCR, vault);
            without them the documents tiles stay "Bientôt disponible".
        sync: the sync services; with them the homes show how the sync stands and the
            staff's homes open "À traiter".

    Raises:
        ValueError: the language is not supported.
        kiosk.ui.i18n.TranslationMissingError: a compiled translation is missing.
    """
    protect_none()
    app = _application(sys.argv if argv is None else argv)
    app.setApplicationName(APPLICATION_NAME)
    theme = theme or Theme()
    theme.apply(app)

    language = LanguageSwitcher(app, settings_language, translations_dir)
    welcome = WelcomeScreen(theme, language)
    window = MainWindow(welcome, language, kiosk_mode=kiosk_mode)
    screens = _card_screens(theme, language)
    for screen in screens.all():
        window.add_screen(screen)
    notice = _station_notice(theme, welcome)
    flow = None if card is None else CardFlowController(card, window, screens, window)
    papers = None
    if documents is not None:
        home = screens.homes[ScreenName.HOME_BENEFICIARY]
        if not isinstance(home, BeneficiaryHomeScreen):  # pragma: no cover - built above
            raise TypeError("the beneficiary's home is not a BeneficiaryHomeScreen")
        papers = install_documents(window, home, theme, language, documents)
    synced = None if sync is None else install_sync(window, screens.homes, theme, language, sync)
    crash_handler = CrashHandler(window.return_to_welcome)
    crash_handler.install()
    return KioskUi(
        app, window, language, crash_handler, theme, screens, notice, card, flow, papers, synced
    )


def _station_notice(theme: Theme, welcome: WelcomeScreen) -> StationNotice:
    """Puts the station notice in the welcome screen, in place of the card instructions."""
    instructions = (welcome.pictogram, welcome.step_card, welcome.step_code, welcome.keep_card)
    notice = StationNotice(theme, instructions, welcome)
    layout = welcome.layout()
    if not isinstance(layout, QBoxLayout):  # pragma: no cover - it is a QVBoxLayout
        raise TypeError("the welcome screen has no box layout for the station notice")
    layout.insertWidget(layout.indexOf(welcome.step_code) + 1, notice)
    return notice


def _card_screens(theme: Theme, language: LanguageSwitcher) -> CardScreens:
    return CardScreens(
        pin_pad=PinPadScreen(theme, language),
        message=MessageScreen(theme),
        homes={
            ScreenName.HOME_BENEFICIARY: BeneficiaryHomeScreen(theme, language),
            ScreenName.HOME_AGENT: AgentHomeScreen(theme, language),
            ScreenName.HOME_TECHNICIAN: TechnicianHomeScreen(theme, language),
        },
    )


@contextlib.contextmanager
def quit_on_signals(
    app: QCoreApplication, signals: Sequence[signal.Signals] = (signal.SIGINT, signal.SIGTERM)
) -> Iterator[None]:
    """Ends Qt's event loop on Ctrl+C or SIGTERM, so the code after it still runs.

    Python runs its signal handlers only between two bytecodes, never while Qt's loop
    waits in C++. The signal's byte written to a socket wakes a notifier, whose slot runs
    Python, which runs the handler, which quits the loop. Main thread only.

    Args:
        app: the application whose loop ends.
        signals: the signals that end it.
    """
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(lambda: _drain(reader))
    previous_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    previous = {number: signal.signal(number, lambda *_: app.quit()) for number in signals}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
        signal.set_wakeup_fd(previous_fd)
        notifier.setEnabled(False)
        notifier.deleteLater()
        reader.close()
        writer.close()


def _drain(reader: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while reader.recv(64):
            pass


def run_app(
    language: str,
    kiosk_mode: bool,
    card_stack: CardStackFactory | None = None,
    *,
    idle_timeout_s: float = DEFAULT_IDLE_TIMEOUT_S,
    argv: Sequence[str] | None = None,
    card_life: CardLifeService | None = None,
    documents: DocumentServices | None = None,
    sync: SyncServices | None = None,
) -> int:
    """Builds the interface and the card stack, runs Qt's event loop, then stops them.

    The stack is stopped however the loop ends (quit, Ctrl+C, SIGTERM, an exception).

    Args:
        language: the station's language, ``"fr"`` or ``"en"``.
        kiosk_mode: frameless full-screen window when true.
        card_stack: builds the card stack
            (:func:`~kiosk.ui.card_service.station_card_stack`); without it the kiosk
            stays on its welcome screen.
        idle_timeout_s: seconds without activity before an open session is ended.
        argv: the arguments for a new QApplication (``sys.argv`` when omitted).
        card_life: the station's card-life service; with it, the technician's and agents'
            "Cartes" tiles open the card tools.
        documents: the services of the beneficiary's documents; with them, the
            "Ajouter un document" and "Mes documents" tiles work.
        sync: the sync services (their worker already started by the caller, who closes
            it); with them, the status line and "À traiter".

    Returns:
        The event loop's exit code.
    """
    app = _application(sys.argv if argv is None else argv)
    bridge = None if card_stack is None else CardBridge(idle_timeout_s=idle_timeout_s)
    cards = None if card_stack is None or bridge is None else CardService(card_stack, bridge)
    try:
        ui = build_app(
            language, kiosk_mode, card=bridge, argv=argv, documents=documents, sync=sync
        )
        try:
            if cards is not None and bridge is not None and card_life is not None:
                install_card_tools(
                    ui.window, ui.screens.homes, ui.theme, ui.language, card_life, cards, bridge
                )
            if cards is not None:
                cards.problem_changed.connect(ui.notice.show_problem)
                cards.start()
                ui.notice.show_problem(cards.problem)
            ui.window.show_for_mode()
            log.info("kiosk started (language=%s, kiosk_mode=%s)", language, kiosk_mode)
            with quit_on_signals(app):
                return app.exec()
        finally:
            ui.shutdown()
    finally:
        if bridge is not None:
            bridge.close()
        if cards is not None:
            cards.stop()
            cards.deleteLater()
        if bridge is not None:
            bridge.deleteLater()
