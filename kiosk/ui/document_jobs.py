"""The document screens' background work: reading pages, and the vault, off the GUI thread.

* :class:`DocumentServices` is what the composition root gives the document screens: the
  shelf (vault work), the open vault, the OCR worker, the camera and the export target;
* :class:`Job` runs one piece of work at a time on an executor (the vault's one thread, or
  the OCR worker) and brings its result or its typed error back as a signal, in the GUI
  thread. A newer request, or :meth:`Job.cancel`, drops the outcome of the older one, so a
  person who left (or a new person) never sees the result of work asked before.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.documents.access import OpenVault
from kiosk.documents.export import ExportTarget, MediumExport
from kiosk.documents.filing import DocumentShelf
from kiosk.hardware.camera import Camera, OpenCvCamera
from kiosk.ocr.worker import OcrWorker
from kiosk.station import utc_now

log = logging.getLogger("kiosk.ui")


@dataclass
class DocumentServices:
    """The collaborators of the document screens, made by the composition root.

    Attributes:
        open_vault: the vault of the beneficiary logged in (held at card login).
        shelf: files and lists that person's documents.
        ocr: reads captured pages, one at a time, on its own thread.
        camera: opens the camera (called each time the capture screen starts; closed when
            it stops, so the camera's light is off the rest of the time).
        export: where a document exported as PDF goes; None: no export at this station.
        vault_thread: the one thread for vault work (encryption, decryption, disk).
    """

    open_vault: OpenVault
    shelf: DocumentShelf
    ocr: OcrWorker
    camera: Callable[[], Camera]
    export: ExportTarget | None = None
    vault_thread: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="vault")
    )

    def close(self) -> None:
        """Finishes the work in progress and stops the threads."""
        self.ocr.close(wait=False)
        self.vault_thread.shutdown(wait=True, cancel_futures=True)


def station_documents(
    open_vault: OpenVault,
    camera_index: int | None,
    export_dir: Path | None,
    data_dir: Path,
    clock: Callable[[], dt.datetime] = utc_now,
) -> DocumentServices | None:
    """The document services of a station (settings ``camera`` and ``export_dir``).

    Args:
        open_vault: where the card stack holds a beneficiary's open vault.
        camera_index: the camera's device index; None: no camera, no documents.
        export_dir: the USB port's mount point; None: no export.
        data_dir: the station's data directory (the export folder must be outside it).
        clock: the station's clock.

    Raises:
        ValueError: ``export_dir`` is inside the data directory.
    """
    if camera_index is None:
        return None
    index = camera_index
    export = None if export_dir is None else MediumExport(export_dir, (data_dir,))
    return DocumentServices(
        open_vault,
        DocumentShelf(open_vault, clock),
        OcrWorker(),
        lambda: OpenCvCamera(index),
        export,
    )
