"""Where a document handed over as PDF goes: the person's own medium, never the station's disk.

A document in clear is the person's, by design (as the vault's export ZIP): it leaves the
station with them. :class:`MediumExport` writes the PDF straight to a folder the technician
configured as the mount point of the kiosk's USB port (setting ``export_dir``), with no
temporary file; a folder inside the station's data directory is refused. A station without
that setting offers no export.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from kiosk.documents.errors import ExportUnavailable


class ExportTarget(Protocol):
    """Takes a document's PDF and puts it where the person gets it."""

    def save(self, name: str, data: bytes) -> Path:
        """Writes ``data`` under a file name made from ``name``; returns where.

        Raises:
            ExportUnavailable: nowhere to write now, or the write failed.
        """
        ...


def _inside(path: Path, parent: Path) -> bool:
    try:
        path.resolve().relative_to(parent.resolve())
    except ValueError:
        return False
    return True


class MediumExport:
    """Writes PDFs to the folder of a removable medium.

    Args:
        folder: the medium's mount point (or a folder on it).
        station_dirs: the station's own folders (its data directory), which must not hold
            the folder.

    Raises:
        ValueError: ``folder`` is inside one of the station's folders.
    """

    def __init__(self, folder: Path, station_dirs: tuple[Path, ...] = ()) -> None:
        for refused in station_dirs:
            if _inside(folder, refused):
                raise ValueError(f"export folder {folder} is on the station's disk ({refused})")
        self.folder = folder

    def _free_name(self, stem: str) -> Path:
        for number in range(1, 1000):
            suffix = "" if number == 1 else f"-{number}"
            candidate = self.folder / f"{stem}{suffix}.pdf"
            if not candidate.exists():
                return candidate
        raise ExportUnavailable("write_failed", "too many files of that name")

    def save(self, name: str, data: bytes) -> Path:
        """Writes the PDF as ``<name>.pdf`` (``<name>-2.pdf``... if taken), mode 0600."""
        if not self.folder.is_dir():
            raise ExportUnavailable("no_medium", "export folder missing (no medium plugged in?)")
        stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in name)[:60] or "document"
        path = self._free_name(stem)
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except OSError as error:
            raise ExportUnavailable("write_failed", error.strerror or "") from error
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            path.unlink(missing_ok=True)  # ours: a half-written PDF is of no use
            raise ExportUnavailable("write_failed", error.strerror or "") from error
        return path
