"""Portability: a beneficiary's whole vault as a ZIP of decrypted files plus a JSON manifest.

Only a session opened with the beneficiary's own card may export (not an agent, not the
escrow). The ZIP goes where the person chose (their USB stick): it is theirs, in clear, by
design. Files are streamed into the archive one frame at a time.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from typing import IO, BinaryIO

from kiosk.domain.audit import AuditOp
from kiosk.vault.errors import NotAllowed
from kiosk.vault.keys import LEVELS, Role
from kiosk.vault.session import VaultSession

_EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/tiff": ".tif",
    "text/plain": ".txt",
}


class _HashingWriter:
    """Writes through to the ZIP entry and hashes the plaintext on the way."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: memoryview, /) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return self.target.write(data)


def export_zip(session: VaultSession, dst: BinaryIO) -> int:
    """Write the whole vault of ``session``'s beneficiary to ``dst``; return the file count.

    Raises:
        NotAllowed: the session is not the beneficiary's own, or lacks a level.
    """
    if session.role is not Role.BENEFICIARY or session.levels != frozenset(LEVELS):
        raise NotAllowed("export", "only the beneficiary's own card may export the vault")
    manifest: dict[str, object] = {
        "format": "kiosk-vault-export/1",
        "beneficiaire": session.profile(),
        "documents": [],
    }
    entries: list[dict[str, object]] = []
    with zipfile.ZipFile(dst, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for info in session.list_documents():
            for rev in range(1, info.rev + 1):
                mime = str(info.meta.get("mime", "application/octet-stream"))
                name = f"documents/{info.document_id}-v{rev}{_EXTENSIONS.get(mime, '.bin')}"
                with archive.open(name, "w", force_zip64=True) as entry:
                    writer = _HashingWriter(entry)
                    meta = session.read_document(info.document_id, writer, rev)
                entries.append(
                    {
                        "fichier": name,
                        "document": info.document_id,
                        "version": rev,
                        "niveau": info.level,
                        "sha256": writer.sha256.hexdigest(),
                        "taille": writer.size,
                        "metadonnees": meta,
                    }
                )
        manifest["documents"] = entries
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    session.record(AuditOp.EXPORT, f"beneficiary:{session.beneficiary_id}")
    return len(entries)
