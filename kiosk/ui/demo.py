"""The demo: a real station walked through its screens, one screenshot each, unattended.

Run ``python -m kiosk.ui.demo DIR`` (``scripts/demo.sh`` does it, under Xvfb when there
is no display). :func:`~kiosk.ui.demo_station.prepare_station` sets up pcscd, a card
authority, a vault and three virtual cards issued over APDUs. The kiosk then runs on the
real card stack, built by :func:`~kiosk.ui.card_service.station_card_stack` as for
``kiosk run``.
The buttons of the :class:`~kiosk.ui.widgets.demo_panel.DemoPanel` put the cards in the
virtual reader and take them out, and the PIN is typed on the kiosk's own PIN pad.

Each step does what a person would do, then waits (at most :data:`STEP_TIMEOUT_S`,
processing Qt's events meanwhile) for the screen the card stack brings up; it fails with a
:class:`DemoFailed` naming the screen that did not come. After the action the window is
grabbed into ``DIR/NN-name.png``. Later issues add their screens by appending steps to
:func:`demo_steps`.

The beneficiary's documents come last: the beneficiary logs in again, photographs a RIB
(the camera is a :class:`~kiosk.hardware.camera.FileCamera` over a seed photo of
``tests/data/ocr/seed``; the photo takes itself once the page is still), checks what was
read, files it, then adds an avis d'impôt from "Mes documents" and opens a document. The
"USB stick" of the export is a folder of the demo's temporary directory.

The station is enrolled with a platform the network cannot reach, with a sync history
(:func:`~kiosk.ui.demo_station.seed_sync`): its real sync worker runs, finds no network,
and the homes' status line says so; the agent opens "À traiter", sees the refused
transition and the conflict, and marks the first one "C'est vu".

With ``--play`` the windows stay open after the walk, for a person to try the cards.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.auth.card_workshop import PIN
from kiosk.auth.identity import HolderRole
from kiosk.auth.session import CardPhase, CardStatus
from kiosk.documents.access import OpenVault
from kiosk.documents.export import MediumExport
from kiosk.documents.filing import DocumentShelf
from kiosk.hardware.camera import Camera, FileCamera
from kiosk.hardware.card import PinBlocked, WrongPin
from kiosk.hardware.pcscd_service import PcscdUnavailable
from kiosk.ocr.worker import OcrWorker
from kiosk.station import utc_now
from kiosk.sync.worker import SyncStatus
from kiosk.ui.app import KioskUi, build_app, quit_on_signals
from kiosk.ui.card_bridge import CardBridge
from kiosk.ui.card_service import CardService, station_card_stack
from kiosk.ui.demo_station import (
    STATION_ID,
    WRONG_PIN,
    DemoStation,
    DeskSlot,
    prepare_station,
)
from kiosk.ui.document_flow import DocumentFlow
from kiosk.ui.document_jobs import DocumentServices
from kiosk.ui.flow import Notice, ScreenName, View
from kiosk.ui.i18n import SOURCE_LANGUAGE, SUPPORTED_LANGUAGES
from kiosk.ui.messages import StationProblem
from kiosk.ui.sync_flow import SyncFlow
from kiosk.ui.sync_jobs import station_sync
from kiosk.ui.widgets.demo_panel import DemoCard, DemoPanel

log = logging.getLogger("kiosk.ui")

# The demo window's size: a common 10-inch kiosk tablet, in landscape.
DEMO_WIDTH, DEMO_HEIGHT = 1280, 800
# The longest a step waits for its screen.
STEP_TIMEOUT_S: Final = 15.0
# The demo panel's cards, in its order.
BENEFICIARY_CARD, AGENT_CARD, BLOCKED_CARD = 0, 1, 2
# The screenshot of the demo panel, beside the numbered ones.
PANEL_SHOT: Final = "panneau-de-demo.png"
# The photos the demo's camera plays (synthetic documents, made by docsynth).
SEED_PHOTOS: Final = Path(__file__).resolve().parents[2] / "tests" / "data" / "ocr" / "seed"
RIB_PHOTO: Final = "bad00_iban_wrong_key_photo.jpg"  # its IBAN key is wrong: "à vérifier"
AVIS_PHOTO: Final = "0004_avis_imposition_page_photo.jpg"
# The home tiles of the documents.
ADD_DOCUMENT_TILE, DOCUMENTS_TILE = 0, 1
# How often the demo's status line asks the sync worker (the station's default is 5 s).
DEMO_STATUS_INTERVAL_MS: Final = 300


@dataclass
class DemoCamera:
    """The demo's document camera: a seed photo held still under a file camera.

    Attributes:
        path: the photo it plays; a step changes it before the camera starts.
    """

    path: Path

    def open(self) -> Camera:
        """Opens the camera (what the capture screen calls)."""
        return FileCamera(self.path, repeat=1_000_000, fps=10)


class DemoFailed(RuntimeError):
    """A step of the demo did not bring up its screen in time."""


@dataclass
class DemoRun:
    """The running demo, as the steps see it.

    Attributes:
        ui: the kiosk.
        panel: the demo's card reader panel.
        timeout_s: the longest a step waits for its screen.
        snapshot: a screenshot a step took itself (of a screen that does not stay).
        removals_s: seconds from "Retirer la carte" to the welcome screen, each time.
        camera: the document camera (what it plays is chosen by the steps).
    """

    ui: KioskUi
    panel: DemoPanel
    timeout_s: float = STEP_TIMEOUT_S
    snapshot: QPixmap | None = None
    removals_s: list[float] = field(default_factory=list)
    camera: DemoCamera | None = None

    @property
    def status(self) -> CardStatus:
        """The last card status the kiosk showed."""
        if self.ui.card is None:
            raise DemoFailed("the demo needs a card bridge")
        return self.ui.card.status

    @property
    def screen(self) -> str:
        """The id of the screen shown."""
        return self.ui.window.current_screen().screen_id

    def wait_for(self, what: str, check: Callable[[], bool]) -> None:
        """Processes Qt's events until ``check()`` is true.

        Args:
            what: the awaited state, for the error message.
            check: true once the state is reached.

        Raises:
            DemoFailed: not reached within :attr:`timeout_s`.
        """
        deadline = time.monotonic() + self.timeout_s
        while not check():
            if time.monotonic() > deadline:
                raise DemoFailed(
                    f"{what}: not reached within {self.timeout_s:g} s (card: "
                    f"{self.status.phase.value}, screen: {self.screen})"
                )
            QTest.qWait(10)

    def shows(self, screen: ScreenName, phase: CardPhase) -> bool:
        """Whether the kiosk shows ``screen`` for a status of ``phase``."""
        return self.screen == screen and self.status.phase is phase


@dataclass(frozen=True)
class DemoStep:
    """One screenshot of the demo.

    Attributes:
        name: the file name without number and extension (``accueil``).
        action: brings the interface to the state to photograph, and waits for it.
    """

    name: str
    action: Callable[[DemoRun], None]


Action = Callable[[DemoRun], None]


def _suffix(language: str) -> str:
    return "" if language == SOURCE_LANGUAGE else f"-{language}"


def _then(*actions: Action) -> Action:
    def run(demo: DemoRun) -> None:
        for action in actions:
            action(demo)

    return run


def _welcome(demo: DemoRun) -> None:
    demo.ui.window.return_to_welcome()  # back to the station's language
    demo.wait_for("the welcome screen", lambda: demo.screen == ScreenName.WELCOME)


def _toggle_language(demo: DemoRun) -> None:
    before = demo.ui.language.language
    demo.ui.window.welcome.language_button.click()
    demo.wait_for("the other language", lambda: demo.ui.language.language != before)


def _insert(card: int) -> Action:
    """Chooses a card on the panel and presses "Insérer la carte"."""

    def insert(demo: DemoRun) -> None:
        demo.panel.choose(card)
        demo.panel.insert_button.click()
        demo.wait_for(f"card {card} in the reader", lambda: demo.panel.inserted == card)

    return insert


def _reading(card: int) -> Action:
    """Inserts a card and photographs "Lecture de la carte…", which shows only briefly."""

    def insert_and_catch(demo: DemoRun) -> None:
        flow = demo.ui.flow
        if flow is None:
            raise DemoFailed("the demo needs a card flow")

        def catch(view: View) -> None:
            if view.notice is Notice.READING and demo.snapshot is None:
                # Lay the screen out now; the card's next status waits in the queue.
                QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
                demo.snapshot = demo.ui.window.grab()

        flow.view_shown.connect(catch)
        try:
            _insert(card)(demo)
            demo.wait_for("the 'reading the card' screen", lambda: demo.snapshot is not None)
        finally:
            flow.view_shown.disconnect(catch)

    return insert_and_catch


def _pin_pad(role: HolderRole) -> Action:
    """Waits for the PIN pad, ready for a code, of a card of ``role``."""

    def wait(demo: DemoRun) -> None:
        def ready() -> bool:
            holder = demo.status.holder
            return (
                demo.shows(ScreenName.PIN_PAD, CardPhase.PIN)
                and holder is not None
                and holder.role is role
                and not demo.ui.screens.pin_pad.busy
            )

        demo.wait_for(f"the PIN pad of the {role.value}'s card", ready)

    return wait


def _type(digits: str) -> Action:
    """Presses digit keys on the PIN pad."""

    def type_digits(demo: DemoRun) -> None:
        for digit in digits:
            demo.ui.screens.pin_pad.digit_keys[digit].click()

    return type_digits


def _validate(demo: DemoRun) -> None:
    demo.ui.screens.pin_pad.validate_key.click()


def _wrong_pin_told(demo: DemoRun) -> None:
    def told() -> bool:
        return (
            demo.shows(ScreenName.PIN_PAD, CardPhase.PIN)
            and isinstance(demo.status.error, WrongPin)
            and not demo.ui.screens.pin_pad.busy
        )

    demo.wait_for("the PIN pad saying the code was wrong", told)


def _home(screen: ScreenName) -> Action:
    def wait(demo: DemoRun) -> None:
        demo.wait_for(f"the {screen.value} screen", lambda: demo.shows(screen, CardPhase.OPEN))

    return wait


def _remove(demo: DemoRun) -> None:
    """Presses "Retirer la carte", waits for the welcome screen, and times it."""
    start = time.monotonic()
    demo.panel.remove_button.click()
    demo.wait_for(
        "the welcome screen after the card was removed",
        lambda: demo.panel.inserted is None
        and demo.shows(ScreenName.WELCOME, CardPhase.NO_CARD),
    )
    elapsed = time.monotonic() - start
    demo.removals_s.append(elapsed)
    log.info("demo: card removed, welcome screen %.0f ms later", elapsed * 1000)


def _sync(demo: DemoRun) -> SyncFlow:
    if demo.ui.sync is None:
        raise DemoFailed("the demo needs the sync")
    return demo.ui.sync


def _offline(screen: ScreenName) -> Action:
    """Waits until the home's status line says the platform cannot be reached."""

    def wait(demo: DemoRun) -> None:
        line = demo.ui.screens.homes[screen].sync_line

        def told() -> bool:
            state = line.state
            return isinstance(state, SyncStatus) and state.offline_since is not None

        demo.wait_for(f"the status line of the {screen.value} saying 'no network'", told)

    return wait


def _todo_listed(count: int) -> Action:
    def wait(demo: DemoRun) -> None:
        todo = _sync(demo).screen
        demo.wait_for(
            f"'À traiter' with {count} item(s)",
            lambda: demo.screen == todo.screen_id and not todo.busy and len(todo.cards) == count,
        )

    return wait


def _open_todo(demo: DemoRun) -> None:
    """Touches "À traiter" on the agent's home."""
    home = demo.ui.screens.homes[ScreenName.HOME_AGENT]
    todo_tile = getattr(home, "todo_tile", None)
    if todo_tile is None:
        raise DemoFailed("the agent's home has no 'À traiter' tile")
    todo_tile.click()
    _todo_listed(2)(demo)


def _seen(demo: DemoRun) -> None:
    """Presses "C'est vu" on the first item."""
    _sync(demo).screen.cards[0].seen_button.click()
    _todo_listed(1)(demo)


def _back_home(demo: DemoRun) -> None:
    _sync(demo).screen.back_button.click()
    _home(ScreenName.HOME_AGENT)(demo)


def _log_out(demo: DemoRun) -> None:
    demo.ui.screens.homes[ScreenName.HOME_AGENT].logout_button.click()
    demo.wait_for("the goodbye screen", lambda: demo.shows(ScreenName.MESSAGE, CardPhase.ENDED))


def _refused_blocked(demo: DemoRun) -> None:
    demo.wait_for(
        "the 'card blocked' screen",
        lambda: demo.shows(ScreenName.MESSAGE, CardPhase.REFUSED)
        and isinstance(demo.status.error, PinBlocked),
    )


def _no_authority(demo: DemoRun) -> None:
    # Shown directly: what a station without a card authority shows on its welcome screen.
    demo.ui.notice.show_problem(StationProblem.NO_CARD_AUTHORITY)


def _papers(demo: DemoRun) -> DocumentFlow:
    if demo.ui.documents is None:
        raise DemoFailed("the demo needs the document screens")
    return demo.ui.documents


def _no_notice(demo: DemoRun) -> None:
    demo.ui.notice.show_problem(None)


def _camera_on(photo: str) -> Action:
    """Puts a seed photo under the document camera."""

    def choose(demo: DemoRun) -> None:
        if demo.camera is None:
            raise DemoFailed("the demo needs its document camera")
        demo.camera.path = SEED_PHOTOS / photo

    return choose


def _live_page(demo: DemoRun) -> None:
    """Waits for the camera's live view with the page's outline, and photographs it."""
    capture = _papers(demo).screens.capture

    def outlined() -> bool:
        if demo.screen == capture.screen_id and capture.view.has_outline:
            if demo.snapshot is None:
                demo.snapshot = demo.ui.window.grab()
            return True
        return demo.snapshot is not None

    demo.wait_for("the page outlined in the camera's view", outlined)


def _add_document(demo: DemoRun) -> None:
    """Touches "Ajouter un document" on the beneficiary's home."""
    home = demo.ui.screens.homes[ScreenName.HOME_BENEFICIARY]
    home.tiles[ADD_DOCUMENT_TILE].click()
    _live_page(demo)


def _add_from_documents(demo: DemoRun) -> None:
    """Touches "Ajouter un document" under the list of "Mes documents"."""
    _papers(demo).screens.documents.add_button.click()
    demo.wait_for("the camera", lambda: demo.screen == _papers(demo).screens.capture.screen_id)


def _review(demo: DemoRun) -> None:
    """Waits until the photo was taken by itself and read: the review."""
    review = _papers(demo).screens.review
    demo.wait_for(
        "the review of what was read",
        lambda: demo.screen == review.screen_id and review.page_count > 0,
    )


def _file(count: int) -> Action:
    """Presses "C'est exact" and waits for "Mes documents" listing ``count`` documents."""

    def confirm(demo: DemoRun) -> None:
        documents = _papers(demo).screens.documents
        _papers(demo).screens.review.confirm_button.click()
        demo.wait_for(
            f"'Mes documents' with {count} document(s)",
            lambda: demo.screen == documents.screen_id
            and not documents.job.busy
            and len(documents.document_buttons) == count,
        )

    return confirm


def _details(demo: DemoRun) -> None:
    documents = _papers(demo).screens.documents
    documents.document_buttons[0].click()
    demo.wait_for("the document's details", lambda: documents.selected is not None)


def _pages(demo: DemoRun) -> None:
    flow = _papers(demo)
    flow.screens.documents.open_button.click()
    viewer = flow.screens.viewer
    demo.wait_for(
        "the document's pages",
        lambda: demo.screen == viewer.screen_id and viewer.page_count > 0,
    )


def document_steps(language: str) -> list[DemoStep]:
    """Returns the steps of the beneficiary's documents (they log in first).

    Args:
        language: the station's language.
    """
    x = _suffix(language)
    return [
        DemoStep(
            f"document-camera{x}",
            _then(
                _no_notice,
                _insert(BENEFICIARY_CARD),
                _pin_pad(HolderRole.BENEFICIARY),
                _type(PIN),
                _validate,
                _home(ScreenName.HOME_BENEFICIARY),
                _camera_on(RIB_PHOTO),
                _add_document,
            ),
        ),
        DemoStep(f"document-verification{x}", _review),
        DemoStep(f"mes-documents{x}", _file(1)),
        DemoStep(
            f"document-avis{x}", _then(_camera_on(AVIS_PHOTO), _add_from_documents, _review)
        ),
        DemoStep(f"mes-documents-2{x}", _file(2)),
        DemoStep(f"document-details{x}", _details),
        DemoStep(f"document-pages{x}", _pages),
    ]


def demo_steps(language: str) -> list[DemoStep]:
    """Returns the walk through the screens, for a station set to ``language``.

    Args:
        language: the station's language, which every screenshot but the second uses.
    """
    other = next(code for code in SUPPORTED_LANGUAGES if code != language)
    x = _suffix(language)
    return [
        DemoStep(f"accueil{x}", _welcome),
        DemoStep(f"accueil-{other}", _toggle_language),
        DemoStep(f"lecture{x}", _then(_welcome, _reading(BENEFICIARY_CARD))),
        DemoStep(f"code{x}", _then(_pin_pad(HolderRole.BENEFICIARY), _type(WRONG_PIN))),
        DemoStep(f"code-faux{x}", _then(_validate, _wrong_pin_told)),
        DemoStep(
            f"accueil-usager{x}",
            _then(
                _type(PIN),
                _validate,
                _home(ScreenName.HOME_BENEFICIARY),
                _offline(ScreenName.HOME_BENEFICIARY),
            ),
        ),
        DemoStep(f"carte-retiree{x}", _remove),
        DemoStep(f"code-agent{x}", _then(_insert(AGENT_CARD), _pin_pad(HolderRole.AGENT))),
        DemoStep(
            f"accueil-agent{x}",
            _then(
                _type(PIN),
                _validate,
                _home(ScreenName.HOME_AGENT),
                _offline(ScreenName.HOME_AGENT),
            ),
        ),
        DemoStep(f"a-traiter{x}", _open_todo),
        DemoStep(f"a-traiter-vu{x}", _seen),
        DemoStep(f"au-revoir{x}", _then(_back_home, _log_out)),
        DemoStep(f"carte-bloquee{x}", _then(_remove, _insert(BLOCKED_CARD), _refused_blocked)),
        DemoStep(f"borne-sans-autorite{x}", _then(_remove, _no_authority)),
        *document_steps(language),
    ]


def _panel(ui: KioskUi, station: DemoStation) -> DemoPanel:
    def link(state: Path) -> DeskSlot:
        return DeskSlot(station.maker, station.maker.link(state))

    cards = [
        DemoCard(
            lambda: QCoreApplication.translate("demo", "Carte d’usager"),
            PIN,
            link(station.beneficiary.state),
        ),
        DemoCard(
            lambda: QCoreApplication.translate("demo", "Carte d’agent"),
            PIN,
            link(station.agent.state),
        ),
        DemoCard(
            lambda: QCoreApplication.translate("demo", "Carte bloquée"),
            PIN,
            link(station.blocked.state),
        ),
    ]
    panel = DemoPanel(ui.theme, cards, parent=ui.window)
    panel.setWindowFlag(Qt.WindowType.Tool)  # a window of its own, owned by the kiosk's
    return panel


def _place(ui: KioskUi, panel: DemoPanel) -> None:
    """Puts the panel right of the kiosk's window, or in its bottom-right corner."""
    panel.adjustSize()
    frame = ui.window.frameGeometry()
    screen = ui.window.screen().availableGeometry()
    right = frame.topRight() + QPoint(16, 0)
    if right.x() + panel.width() <= screen.right():
        panel.move(right)
    else:
        panel.move(frame.bottomRight() - QPoint(panel.width() + 16, panel.height() + 48))


def _save(pixmap: QPixmap, path: Path) -> None:
    if not pixmap.save(str(path), "PNG"):
        raise OSError(f"could not write the screenshot {path}")
    print(path, flush=True)


def _walk(demo: DemoRun, language: str, screenshot_dir: Path) -> None:
    for number, step in enumerate(demo_steps(language), start=1):
        demo.snapshot = None
        try:
            step.action(demo)
        except DemoFailed as error:
            raise DemoFailed(f"demo step {number} ({step.name}): {error}") from None
        QApplication.processEvents()
        shot = demo.snapshot or demo.ui.window.grab()
        _save(shot, screenshot_dir / f"{number:02d}-{step.name}.png")
    demo.ui.notice.show_problem(None)
    _save(demo.panel.grab(), screenshot_dir / PANEL_SHOT)
    worst = max(demo.removals_s)
    print(f"demo: card removed -> welcome screen in at most {worst * 1000:.0f} ms", flush=True)


def _play(demo: DemoRun) -> None:
    print(
        f"demo: try it: choose a card on the demo panel, insert it, type {PIN} on the kiosk; "
        "close the kiosk's window to finish",
        flush=True,
    )
    with quit_on_signals(demo.ui.app):
        demo.ui.app.exec()


def demo_documents(
    held: OpenVault, camera: DemoCamera, usb: Path, data_dir: Path
) -> DocumentServices:
    """The demo's document services: the seed photos as camera, a folder as USB stick.

    Args:
        held: where the card stack holds the beneficiary's open vault.
        camera: the document camera.
        usb: the folder standing for the USB stick.
        data_dir: the station's data directory (``usb`` must be outside it).
    """
    usb.mkdir(mode=0o700, parents=True, exist_ok=True)
    export = MediumExport(usb, (data_dir,))
    return DocumentServices(held, DocumentShelf(held, utc_now), OcrWorker(), camera.open, export)


def _show(station: DemoStation, screenshot_dir: Path, language: str, play: bool) -> None:
    bridge = CardBridge()
    held = OpenVault()
    camera = DemoCamera(SEED_PHOTOS / RIB_PHOTO)
    documents = demo_documents(held, camera, station.data_dir.parent / "cle-usb", station.data_dir)
    cards = CardService(
        station_card_stack(station.data_dir, STATION_ID, station.vault, open_vault=held), bridge
    )
    vault = station.vault
    sync = station_sync(station.data_dir, vault.db, vault.blobs, identity=station.platform)
    sync.status_interval_ms = DEMO_STATUS_INTERVAL_MS
    sync.start()
    try:
        ui = build_app(language, kiosk_mode=False, card=bridge, documents=documents, sync=sync)
    except BaseException:
        sync.close()
        documents.close()
        raise
    log.info("demo on the Qt platform %s", ui.app.platformName())
    panel = _panel(ui, station)
    try:
        cards.start()
        if cards.problem is not None:
            raise DemoFailed(f"the card stack did not start: {cards.problem.value}")
        ui.window.setFixedSize(DEMO_WIDTH, DEMO_HEIGHT)
        ui.window.show_for_mode()
        panel.show()
        _place(ui, panel)
        demo = DemoRun(ui, panel, camera=camera)
        _walk(demo, language, screenshot_dir)
        if play:
            _play(demo)
    finally:
        panel.wait_until_idle()
        if ui.documents is not None:
            ui.documents.screens.capture.feed.wait_stopped()
        ui.shutdown()  # closes the bridge: the stack's last statuses go nowhere
        cards.stop()
        sync.close()
        documents.close()
        bridge.deleteLater()
        cards.deleteLater()
        QApplication.processEvents()


def run_demo(screenshot_dir: Path, language: str = SOURCE_LANGUAGE, *, play: bool = False) -> int:
    """Sets up a station, starts the kiosk at 1280 x 800 and saves one PNG per demo step.

    Args:
        screenshot_dir: where the PNG files (and the card's sheet) go; created if missing.
        language: the station's language.
        play: keep the windows open after the walk, until the kiosk's window is closed.

    Returns:
        0 when every screenshot was saved.

    Raises:
        DemoFailed: a step did not reach its screen.
        kiosk.hardware.pcscd_service.PcscdUnavailable: pcscd could not be used or started.
        OSError: a screenshot could not be written.
    """
    screenshot_dir.mkdir(parents=True, exist_ok=True)
    # Before any other Qt object; build_app reuses it.
    app = QApplication.instance() or QApplication(["kiosk-demo"])
    with tempfile.TemporaryDirectory(prefix="kiosk-demo-") as work:
        station = prepare_station(Path(work), screenshot_dir)
        try:
            _show(station, screenshot_dir, language, play)
        finally:
            station.close()
    app.processEvents()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: ``python -m kiosk.ui.demo [--language fr|en] [--play] DIR``."""
    parser = argparse.ArgumentParser(
        prog="python -m kiosk.ui.demo",
        description="Walk through the kiosk's screens and save one PNG screenshot each.",
    )
    parser.add_argument("screenshot_dir", type=Path, help="folder for the PNG files")
    parser.add_argument(
        "--language", choices=SUPPORTED_LANGUAGES, default=SOURCE_LANGUAGE,
        help="the station's language (default: %(default)s)",
    )
    parser.add_argument(
        "--play", action="store_true",
        help="keep the kiosk and the demo panel open after the screenshots",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("alembic", "fontTools"):  # migrations and the sheet's font subsetting
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        return run_demo(args.screenshot_dir, args.language, play=args.play)
    except (DemoFailed, PcscdUnavailable) as error:
        log.error("%s", error)
        print(f"demo: FAILED: {error}", flush=True)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
