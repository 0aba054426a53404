"""``kiosk ocr IMAGE [IMAGE ...] [--json]``: read documents from image files.

With ``--json``, one JSON object per image and per line, exactly as design/OCR.md says::

    {"file": "scan.jpg", "type": "rib", "type_confidence": 0.97,
     "fields": {"iban": {"value": "FR76...", "confidence": 0.99, "valid": true}},
     "page": {"detected": true, "corners": [[12, 40], ...]},
     "timings_ms": {"detect": 18, "ocr": 610, "total": 702}}

A file that cannot be read gives ``{"file": ..., "error": "<code>"}`` (the stable codes of
``kiosk.ocr.errors``, or ``file_not_found``) and the command goes on; the exit status is 1
only if no image could be read. Without ``--json`` a short summary in French is printed.
Nothing is written to the disk.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the pipeline (OpenCV, zxing) is imported only when ``ocr`` runs
    from kiosk.ocr.pipeline import DocumentReading
    from kiosk.ocr.twoddoc import CertificateStore

_MESSAGES = {
    "file_not_found": "fichier introuvable",
    "not_an_image": "ce n'est pas une image lisible",
    "truncated_image": "image incomplète (fichier tronqué)",
    "image_too_small": "image trop petite",
    "image_too_large": "image trop grande",
    "ocr_engine_missing": "tesseract ou sa langue est absent",
    "ocr_engine_failed": "la lecture du texte a échoué",
}


def add_parser(sub: Any) -> None:
    """Register ``ocr`` on the ``kiosk`` sub-command parser."""
    parser = sub.add_parser("ocr", help="lire des documents depuis des images")
    parser.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    parser.add_argument("--json", action="store_true", help="une ligne JSON par image")
    parser.add_argument(
        "--certificates",
        type=Path,
        default=None,
        help="dossier des certificats 2D-Doc (sinon : « non vérifié »)",
    )
    parser.add_argument("--lang", default="fra", help="langue(s) tesseract (défaut : fra)")
    parser.set_defaults(func=cmd_ocr)


def as_json(name: str, reading: DocumentReading) -> dict[str, Any]:
    """The JSON object of one reading (design/OCR.md)."""
    page: dict[str, Any] = {"detected": reading.page.detected}
    if reading.page.corners is not None:
        page["corners"] = reading.page.corners
    return {
        "file": name,
        "type": reading.type.value,
        "type_confidence": reading.type_confidence,
        "fields": {
            key: {"value": item.value, "confidence": item.confidence, "valid": item.valid}
            for key, item in reading.fields.items()
        },
        "page": page,
        "timings_ms": reading.timings_ms,
    }


def _summary(name: str, reading: DocumentReading) -> str:
    lines = [
        f"{name} : {reading.type.value} (confiance {reading.type_confidence:.2f}), "
        f"{reading.timings_ms.get('total', 0)} ms"
    ]
    for key, item in reading.fields.items():
        mark = {True: "valide", False: "INVALIDE", None: "sans contrôle"}[item.valid]
        lines.append(f"  {key} = {item.value} ({mark}, confiance {item.confidence:.2f})")
    if reading.problems:
        lines.append("  à vérifier : " + ", ".join(reading.problems))
    return "\n".join(lines)


def cmd_ocr(args: argparse.Namespace) -> int:
    """Read each image; print its result; 1 if none could be read."""
    from kiosk.ocr.errors import OcrError
    from kiosk.ocr.pipeline import read_document
    from kiosk.ocr.twoddoc import DirectoryCertificateStore

    store: CertificateStore | None = None
    if args.certificates is not None:
        store = DirectoryCertificateStore(args.certificates)
    read_any = False
    for path in args.images:
        name = str(path)
        try:
            data = path.read_bytes()
        except OSError:
            _emit(args.json, {"file": name, "error": "file_not_found"})
            continue
        try:
            reading = read_document(data, store, args.lang)
        except OcrError as exc:
            _emit(args.json, {"file": name, "error": exc.code})
            continue
        read_any = True
        if args.json:
            print(json.dumps(as_json(name, reading), ensure_ascii=False), flush=True)
        else:
            print(_summary(name, reading), flush=True)
    return 0 if read_any else 1


def _emit(as_json_line: bool, error: dict[str, str]) -> None:
    if as_json_line:
        print(json.dumps(error, ensure_ascii=False), flush=True)
    else:
        message = _MESSAGES.get(error["error"], error["error"])
        print(f"{error['file']} : {message}", file=sys.stderr, flush=True)
