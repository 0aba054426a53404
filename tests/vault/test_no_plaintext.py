"""A copy of the data directory, with no card present, reveals nothing of the person.

A beneficiary is created with documents and extracted fields, everything is read back and
logged the way the app logs, then every byte of every file under the data directory (the
SQLite file, its WAL, the blobs, the logs) is searched for the name, the document text and
the field values, in UTF-8 and UTF-16, any case.
"""

from __future__ import annotations

import io
import logging
import unicodedata
from pathlib import Path

from kiosk.logs import SensitiveValues, setup_logging, shutdown_logging
from kiosk.vault.factory import open_vault
from kiosk.vault.recipients import SoftwareKeyAgreement

NAME, GIVEN = "Quenneville-Abadie", "Héloïse"
SECRETS = [
    NAME,
    GIVEN,
    "Quenneville",
    "1979-11-02",
    "14 impasse des Glycines",
    "FR7630006000011234567890189",
    "2791175108123",
    "revenu fiscal de reference",
    "Allocation adulte handicape",
    "MRZ<<QUENNEVILLE",
    "0612345678",
]


def _variants(secret: str) -> list[bytes]:
    plain = unicodedata.normalize("NFKD", secret).encode("ascii", "ignore").decode()
    out = []
    for text in {secret, secret.lower(), secret.upper(), plain, plain.lower(), plain.upper()}:
        out += [text.encode("utf-8"), text.encode("utf-16-le")]
    return out


def test_nothing_personal_on_disk(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    log_file = data_dir / "logs" / "kiosk.log"
    sensitive = SensitiveValues()
    setup_logging("TRAFFIC", log_file, sensitive=sensitive)
    log = logging.getLogger("kiosk.test")
    escrow, card = SoftwareKeyAgreement.generate(), SoftwareKeyAgreement.generate()
    vault = open_vault(data_dir, "station-1", escrow.public_key(), frame_size=4096)
    try:
        vault.ensure_index_key("tech")
        index = vault.unlock_index(escrow)
        ben = vault.create_beneficiary(
            {
                "nom": NAME,
                "prenoms": GIVEN,
                "date_naissance": "1979-11-02",
                "adresse": "14 impasse des Glycines",
                "telephone": "0612345678",
            },
            family_name=NAME,
            given_names=GIVEN,
            card_number="000YSZ",
            card_key=card.public_key(),
            index=index,
            actor="tech",
        )
        for value in (NAME, GIVEN):
            sensitive.add(value)
        with vault.open_session(ben, card, "usager") as session:
            text = (
                b"Avis d'imposition, revenu fiscal de reference 18 432, "
                b"MRZ<<QUENNEVILLE<<HELOISE, Allocation adulte handicape"
            )
            doc, _ = session.put_document(
                io.BytesIO(text * 50),
                2,
                {
                    "type": "rib",
                    "fields": {
                        "iban": "FR7630006000011234567890189",
                        "nir": "2791175108123",
                        "titulaire": NAME,
                    },
                },
            )
            session.add_revision(doc, io.BytesIO(text), {"titulaire": NAME})
            out = io.BytesIO()
            meta = session.read_document(doc, out)
            assert out.getvalue() == text
            profile = session.profile()
            # What careless code might log: the layer below must mask it.
            log.info(
                "profil lu pour %s %s né le %s",
                profile["nom"],
                profile["prenoms"],
                profile["date_naissance"],
            )
            log.warning(
                "IBAN lu : %s, NIR %s, tél %s",
                "FR76 3000 6000 0112 3456 7890 189",
                "2 79 11 75 108 123",
                "06 12 34 56 78",
            )
            log.debug("métadonnées %s", meta)
            try:
                raise ValueError(f"document de {NAME} illisible: {text[:40]!r}")
            except ValueError:
                log.exception("échec")
            session.delete_document(doc)
            session.put_document(io.BytesIO(text), 3, {"nom": NAME})
    finally:
        vault.db.close()
        shutdown_logging()
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert log_file in files and any(p.name.endswith(".sqlite3") for p in files)
    assert log_file.read_text(encoding="utf-8").count("[") >= 5  # things were logged, masked
    for path in files:
        blob = path.read_bytes()
        for secret in SECRETS:
            for variant in _variants(secret):
                assert variant not in blob, f"{secret!r} found in {path.relative_to(data_dir)}"
