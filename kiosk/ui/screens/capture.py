"""Taking the photo of a page: the camera live, the page's outline, the shutter, the reading.

The person lays the page on the dark backdrop under the camera. The live view shows the
outline of the page the station found; once the page has stayed still and sharp for a
moment the photo is taken by itself (or with the big "Prendre la photo" button). The page
is then read on the OCR worker's thread ("Lecture de la page…", a few seconds); the flow
takes the reading to the review screen. A photo without any page (nothing found and
nothing read, or a blank page) is refused here with a clear message, and the camera goes
on for another try. Nothing is written anywhere.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QHideEvent, QImage
from PySide6.QtWidgets import QWidget

from kiosk.documents.errors import UnusablePage
from kiosk.domain.errors import KioskError
from kiosk.hardware.camera import Frame
from kiosk.ocr.page import FrameAnalysis
from kiosk.ocr.pipeline import DocumentReading
from kiosk.ui.camera_feed import CameraFeed, frame_image
from kiosk.ui.document_jobs import DocumentServices
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.screens.document_frame import DocumentScreen
from kiosk.ui.theme import Role, Theme
from kiosk.ui.widgets.labels import make_label, show_text
from kiosk.ui.widgets.page_view import PageView


def unusable(reading: DocumentReading) -> UnusablePage | None:
    """Why a reading holds no page to file, or None when it can go to the review."""
    problems = reading.problems
    nothing = not reading.fields and ("no_text" in problems or "empty_page" in problems)
    if reading.image is None or ("no_page" in problems and nothing):
        return UnusablePage("no_page")
    if "empty_page" in problems:
        return UnusablePage("empty_page")
    return None


class CaptureScreen(DocumentScreen):
    """The camera, live, and the photo of one page.

    Attributes:
        view: the live view with the page's outline (the photo while it is read).
        status: what to do now, or what the station is doing.
        take_button: "Prendre la photo".
        feed: the camera's thread, the page finder and the auto-shutter.
        page_number: the page being photographed (1 for the first).

    Signals:
        page_read(object): the :class:`~kiosk.ocr.pipeline.DocumentReading` of the photo.
        closed(): inherited; "Retour".
    """

    screen_id = "capture"
    page_read = Signal(object)

    def __init__(
        self,
        theme: Theme,
        language: LanguageSwitcher,
        services: DocumentServices,
        parent: QWidget | None = None,
    ) -> None:
        """Builds the screen; see :class:`~kiosk.ui.screens.document_frame.DocumentScreen`."""
        super().__init__(theme, language, services, parent)
        self.page_number = 1
        self._found = False
        self._reading = False
        self.feed = CameraFeed(services.camera, parent=self)
        self.view = PageView(theme, self)
        self.status = make_label(self, Role.INSTRUCTION)
        self.take_button = self.button(Role.PRIMARY, self.take_photo)
        self.take_button.setMinimumHeight(theme.sizes.tile_height_px)
        self.body.addWidget(self.view, 1)
        self.body.addWidget(self.status)
        self.body.addLayout(self.row(self.take_button))
        self.feed.preview.connect(self._on_preview)
        self.feed.analysed.connect(self._on_analysed)
        self.feed.shutter.connect(self.take_photo)
        self.feed.failed.connect(self._on_camera_failed)
        self.job.succeeded.connect(self._on_read)
        self.job.failed.connect(self._on_read_failed)
        self.retranslate()

    @property
    def reading(self) -> bool:
        """Whether a photo is being read."""
        return self._reading

    def start(self, page_number: int = 1) -> None:
        """Opens the camera for page ``page_number``."""
        self.job.cancel()
        self.page_number = page_number
        self._reading = False
        self._found = False
        self._error = None
        self.view.clear()
        self.feed.start()
        self.retranslate()

    def take_photo(self) -> None:
        """Takes the newest frame and reads it (the shutter, or the button)."""
        if self._reading:
            return
        frame = self.feed.take()
        if frame is None:
            return
        self.read_image(frame)

    def read_image(self, image: bytes | Frame) -> None:
        """Reads a photo (a frame, or an image file's bytes) on the OCR worker's thread."""
        self.feed.stop()
        self._reading = True
        self._error = None
        if not isinstance(image, bytes):
            frame = frame_image(image)
            self.view.show_image(frame, QSize(image.shape[1], image.shape[0]))
        self.job.watch(self.services.ocr.submit(image))
        self.retranslate()

    def go_back(self) -> None:
        """Stops the camera and any reading, then leaves."""
        self.feed.stop()
        self._reading = False
        super().go_back()

    def reset(self) -> None:
        """Stops the camera, drops the reading, forgets the picture."""
        self.feed.stop()
        self._reading = False
        self._found = False
        self.page_number = 1
        self.view.clear()
        super().reset()

    def hideEvent(self, event: QHideEvent, /) -> None:
        """The camera is released whenever the screen is not shown."""
        self.feed.stop()
        super().hideEvent(event)

    # -- outcomes -------------------------------------------------------------------------------

    def _on_preview(self, image: QImage, width: int, height: int) -> None:
        if not self._reading:
            self.view.show_image(image, QSize(width, height))

    def _on_analysed(self, analysis: FrameAnalysis, progress: float) -> None:
        if self._reading:
            return
        page = analysis.page
        self.view.set_outline(None if page is None else page.as_list())
        if (page is not None) != self._found:
            self._found = page is not None
            self.retranslate()

    def _on_read(self, result: object) -> None:
        self._reading = False
        if not isinstance(result, DocumentReading):
            self._on_read_failed(KioskError("the page reader returned no reading"))
            return
        refused = unusable(result)
        if refused is not None:
            self._on_read_failed(refused)
            return
        self.retranslate()
        self.page_read.emit(result)

    def _on_read_failed(self, error: KioskError) -> None:
        self._reading = False
        self._found = False
        self.view.set_outline(None)
        self.show_error(error)
        self.feed.start()  # another try

    def _on_camera_failed(self, error: KioskError) -> None:
        self.view.clear()
        self.show_error(error)

    # -- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Sets every text in the current language."""
        self.retranslate_frame()
        show_text(
            self.title,
            self.tr("Photo de la page %1").replace("%1", str(self.page_number))
            if self.page_number > 1
            else self.tr("Photo du document"),
        )
        if self._reading:
            status = self.tr("Lecture de la page… Patientez quelques secondes.")
        elif self._found:
            status = self.tr("Page trouvée. Ne bougez plus : la photo se prend toute seule.")
        else:
            status = self.tr("Posez la feuille à plat sur le fond sombre, sous la caméra.")
        show_text(self.status, status)
        self.take_button.setText(self.tr("Prendre la photo"))
        self.take_button.setAccessibleName(self.take_button.text())
        self.take_button.setAccessibleDescription(
            self.tr("Prend la photo tout de suite, sans attendre.")
        )
        self.take_button.setEnabled(not self._reading)
        self.view.setAccessibleName(self.tr("Image de la caméra"))
        self.view.setAccessibleDescription(status)
