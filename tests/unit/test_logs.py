"""Tests of kiosk.logs: redaction patterns, the registry, the filter and the log files."""

from __future__ import annotations

import io
import logging
import os
import stat
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from stdnum import iban as stdnum_iban
from stdnum.fr import nir as stdnum_nir

from kiosk.logs import (
    TRAFFIC,
    RedactionFilter,
    SensitiveValues,
    log_payload,
    redact,
    setup_logging,
    shutdown_logging,
)

IBAN_FR = "FR76 3000 6000 0112 3456 7890 189"


def _nir(body: str) -> str:
    """Completes a 13-digit NIR body with its key."""
    return body + f"{97 - int(body) % 97:02d}"


NIR = _nir("2850578006084")  # a woman born in May 1985 in the Yvelines
NIR_SPACED = f"{NIR[0]} {NIR[1:3]} {NIR[3:5]} {NIR[5:7]} {NIR[7:10]} {NIR[10:13]} {NIR[13:]}"


@pytest.fixture
def sensitive() -> SensitiveValues:
    return SensitiveValues()


@pytest.fixture
def root_logging() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    try:
        yield
    finally:
        shutdown_logging()
        root.setLevel(level)


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0o000)
    try:
        yield
    finally:
        os.umask(previous)


def test_fixtures_are_what_they_claim() -> None:
    assert stdnum_iban.is_valid(IBAN_FR)
    assert stdnum_nir.is_valid(NIR)


@pytest.mark.parametrize(
    ("text", "secret", "placeholder"),
    [
        (f"IBAN {IBAN_FR} reçu", IBAN_FR, "[iban]"),
        ("IBAN FR7630006000011234567890189.", "FR7630006000011234567890189", "[iban]"),
        ("iban fr7630006000011234567890189", "fr7630006000011234567890189", "[iban]"),
        ("compte DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00", "[iban]"),
        ("compte GB82WEST12345698765432 ok", "GB82WEST12345698765432", "[iban]"),
        # a French IBAN with a typo (bad checksum) is still masked
        ("IBAN FR76 3000 6000 0112 3456 7890 188 ET AUSSI", "3456 7890 188", "[iban]"),
        (f"NIR {NIR}", NIR, "[nir]"),
        (f"NIR {NIR_SPACED} ok", NIR_SPACED, "[nir]"),
        ("NIR 2 85 05 2A 006 084 00", "2 85 05 2A 006 084 00", "[nir]"),
        ("NIR sans clé 1 85 05 78 006 084", "1 85 05 78 006 084", "[nir]"),
        ("appeler le 06 12 34 56 78", "06 12 34 56 78", "[tel]"),
        ("appeler le +33 6 12 34 56 78", "+33 6 12 34 56 78", "[tel]"),
        ("appeler le 0612345678", "0612345678", "[tel]"),
        ("appeler le 01.45.67.89.10", "01.45.67.89.10", "[tel]"),
        ("appeler le +33 (0)6 12 34 56 78", "+33 (0)6 12 34 56 78", "[tel]"),
        ("appeler le +44 20 7946 0958", "+44 20 7946 0958", "[tel]"),
        ("écrire à zoe.muller@exemple.fr.", "zoe.muller@exemple.fr", "[email]"),
        (
            "écrire à jean-éloi+caf@mairie-lyon.gouv.fr",
            "jean-éloi+caf@mairie-lyon.gouv.fr",
            "[email]",
        ),
        ("né le 12/05/1985 à Paris", "12/05/1985", "[date]"),
        ("né le 1/5/1985", "1/5/1985", "[date]"),
        ("né le 12.05.1985", "12.05.1985", "[date]"),
        ("né le 12/05/85", "12/05/85", "[date]"),
        ("né le 1985-05-12", "1985-05-12", "[date]"),
        ("né le 1er mai 1985", "1er mai 1985", "[date]"),
        (
            "IDFRAMULLER<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
            "IDFRAMULLER<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
            "[mrz]",
        ),
        ("ligne P<FRAMULLER<<ZOE<<<<<<<<<<<<<<<<<<<<<<<<<<<", "MULLER<<ZOE", "[mrz]"),
        ("allocataire 12345678", "12345678", "[nombre]"),
        ("numéro fiscal 3012345678901", "3012345678901", "[nombre]"),
        ("carte 04A1B2C3D4E5F6 guid 1234567890123456", "1234567890123456", "[nombre]"),
        ("carte 4970 1012 3456 7890", "4970 1012 3456 7890", "[nombre]"),
    ],
)
def test_each_pattern_is_masked(text: str, secret: str, placeholder: str) -> None:
    redacted = redact(text)
    assert secret not in redacted
    assert placeholder in redacted


def test_overlapping_detections_become_one_placeholder(sensitive: SensitiveValues) -> None:
    # the IBAN holds a long digit run, the MRZ line a date-like and a long number
    assert redact("IBAN FR7630006000011234567890189") == "IBAN [iban]"
    assert redact("8806923102858ZOE<<<<<<<<<<<6512068F4 fin") == "[mrz] fin"
    # partial overlap: the union is masked, under the label of the first detector
    sensitive.add("1985 à Paris")
    assert redact("née le 12/05/1985 à Paris 15e", sensitive) == "née le [date] 15e"


@pytest.mark.parametrize(
    "text",
    [
        "document 3 enregistré, 2 pages, 120 ms",
        "synchronisation: 14 évènements envoyés en 2,5 s (lot 7/12)",
        "version 1.2.3, serveur 192.168.100.200:8443",
        "FRANCE CONNECT indisponible, code HTTP 503",
        "OCR: confiance 87 %, 1240x1754 px, 300 dpi",
        "rendez-vous le 31/13/1990 n'est pas une date",
        "aide au logement: montant 1234 €",
    ],
)
def test_ordinary_text_is_left_unchanged(text: str) -> None:
    assert redact(text) == text


def test_registry_masks_case_and_accent_insensitively(sensitive: SensitiveValues) -> None:
    sensitive.add("Zoé Müller")
    sensitive.add("Jean-Éloi")
    text = "dossier de ZOE MULLER, zoé müller, Zoe-Muller et JEAN ELOI; Zoé seule; Müllerstraße"
    assert redact(text, sensitive) == (
        "dossier de [donnée personnelle], [donnée personnelle], [donnée personnelle] et "
        "[donnée personnelle]; Zoé seule; Müllerstraße"
    )


def test_registry_handles_decomposed_accents(sensitive: SensitiveValues) -> None:
    sensitive.add("Zoé")
    decomposed = "Zoe\u0301 est arrivée"
    assert redact(decomposed, sensitive) == "[donnée personnelle] est arrivée"


def test_registry_respects_word_boundaries(sensitive: SensitiveValues) -> None:
    sensitive.add("Li")
    assert redact("Li a politiquement liké li", sensitive) == (
        "[donnée personnelle] a politiquement liké [donnée personnelle]"
    )


def test_registry_ignores_one_character_values(sensitive: SensitiveValues) -> None:
    sensitive.add("a")
    sensitive.add("  ")
    assert len(sensitive) == 0
    assert redact("a b c", sensitive) == "a b c"


def test_registry_clear_stops_masking(sensitive: SensitiveValues) -> None:
    sensitive.add("Dupont")
    assert redact("M. DUPONT", sensitive) == "M. [donnée personnelle]"
    sensitive.clear()
    assert len(sensitive) == 0
    assert redact("M. DUPONT", sensitive) == "M. DUPONT"


def test_registries_are_independent() -> None:
    first, second = SensitiveValues(), SensitiveValues()
    first.add("Dupont")
    assert redact("Dupont", second) == "Dupont"
    assert redact("Dupont", first) == "[donnée personnelle]"


def _record(msg: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("kiosk.test", logging.INFO, __file__, 1, msg, args, None)


def test_filter_formats_then_redacts(sensitive: SensitiveValues) -> None:
    sensitive.add("Dupont")
    record = _record("pièce de %s: %s", "M. Dupont", "tél 0612345678")
    assert RedactionFilter(sensitive).filter(record) is True
    assert record.msg == "pièce de M. [donnée personnelle]: tél [tel]"
    assert record.args is None
    assert record.getMessage() == record.msg


def test_filter_drops_arguments_that_do_not_format(sensitive: SensitiveValues) -> None:
    sensitive.add("Zoé Müller")
    record = _record("%d pièces", "Zoé Müller")
    RedactionFilter(sensitive).filter(record)
    assert record.args is None
    assert "Müller" not in record.getMessage()
    assert record.getMessage().startswith("%d pièces")


def _read_bytes(path: Path) -> bytes:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_bytes()


def test_real_log_file_holds_no_personal_data(
    tmp_path: Path, sensitive: SensitiveValues, root_logging: None
) -> None:
    log_file = tmp_path / "logs" / "kiosk.log"
    console = io.StringIO()
    setup_logging("INFO", log_file, sensitive=sensitive, stream=console)
    sensitive.add("Zoé")
    sensitive.add("Müller")
    logger = logging.getLogger("kiosk.vault.test")

    logger.info(
        "Mme %s a déposé son RIB (IBAN %s) et son attestation (NIR %s); "
        "joignable au %s ou %s, née le %s",
        "Zoé Müller",
        IBAN_FR,
        NIR_SPACED,
        "06 12 34 56 78",
        "zoe.muller@exemple.fr",
        "12/05/1985",
    )
    logger.warning("rappel: %s, %s", "ZOE MULLER", NIR)

    data = _read_bytes(log_file)
    secrets = [
        "Zoé", "Zoe", "ZOE", "Müller", "Muller", "MULLER", "muller",
        IBAN_FR, IBAN_FR.replace(" ", ""), "3456 7890", "7890 189",
        NIR, NIR_SPACED, NIR[:13],
        "06 12 34 56 78", "12 34 56 78", "exemple.fr", "12/05/1985",
    ]  # fmt: skip
    for secret in secrets:
        assert secret.encode("utf-8") not in data, secret
        assert secret not in console.getvalue(), secret
    text = data.decode("utf-8")
    assert "Mme [donnée personnelle] [donnée personnelle] a déposé son RIB (IBAN [iban])" in text
    assert "(NIR [nir]); joignable au [tel] ou [email], née le [date]" in text
    assert "WARNING kiosk.vault.test: rappel: [donnée personnelle] [donnée personnelle], [nir]" in (
        text
    )


def test_exception_messages_are_scrubbed(
    tmp_path: Path, sensitive: SensitiveValues, root_logging: None
) -> None:
    log_file = tmp_path / "logs" / "kiosk.log"
    console = io.StringIO()
    setup_logging(logging.INFO, log_file, sensitive=sensitive, stream=console)
    sensitive.add("Dupont")
    sensitive.add("Kévin")
    logger = logging.getLogger("kiosk.test")

    def lookup() -> None:
        try:
            raise KeyError("dossier introuvable pour 1 85 05 78 006 084")
        except KeyError as error:
            raise ValueError("pas de pièce pour Kévin DUPONT (kevin.dupont@exemple.fr)") from error

    try:
        lookup()
    except ValueError:
        logger.exception("échec de la recherche")

    data = _read_bytes(log_file)
    for secret in ["Kévin", "KEVIN", "Dupont", "DUPONT", "dupont", "1 85 05 78 006 084"]:
        assert secret.encode("utf-8") not in data, secret
        assert secret not in console.getvalue(), secret
    text = data.decode("utf-8")
    assert "ERROR kiosk.test: échec de la recherche\nTraceback (most recent call last)" in text
    assert "KeyError: 'dossier introuvable pour [nir]'" in text
    assert "ValueError: pas de pièce pour [donnée personnelle] [donnée personnelle] ([email])" in (
        text
    )


def test_log_file_is_0600_in_a_0700_directory(
    tmp_path: Path, sensitive: SensitiveValues, root_logging: None, open_umask: None
) -> None:
    log_file = tmp_path / "data" / "logs" / "kiosk.log"
    setup_logging("INFO", log_file, sensitive=sensitive, stream=io.StringIO())
    logging.getLogger("kiosk.test").info("démarrage")
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(log_file.parent.stat().st_mode) == 0o700
    assert b"INFO kiosk.test: d\xc3\xa9marrage" in _read_bytes(log_file)


def test_existing_open_log_file_is_tightened(
    tmp_path: Path, sensitive: SensitiveValues, root_logging: None, open_umask: None
) -> None:
    log_file = tmp_path / "logs" / "kiosk.log"
    log_file.parent.mkdir(mode=0o700)
    log_file.write_text("ancienne ligne\n")
    log_file.chmod(0o644)
    setup_logging("INFO", log_file, sensitive=sensitive, stream=io.StringIO())
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert _read_bytes(log_file).startswith(b"ancienne ligne\n")


def test_rotated_files_stay_0600(
    tmp_path: Path, sensitive: SensitiveValues, root_logging: None, open_umask: None
) -> None:
    log_file = tmp_path / "logs" / "kiosk.log"
    setup_logging(
        "INFO", log_file, sensitive=sensitive, stream=io.StringIO(), max_bytes=200, backup_count=2
    )
    logger = logging.getLogger("kiosk.test")
    for index in range(10):
        logger.info("ligne %d %s", index, "x" * 60)
    rotated = sorted(log_file.parent.iterdir())
    assert [path.name for path in rotated] == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in rotated)


def test_setup_twice_replaces_its_own_handlers_only(
    tmp_path: Path, sensitive: SensitiveValues, root_logging: None
) -> None:
    root = logging.getLogger()
    foreign = logging.NullHandler()
    root.addHandler(foreign)
    try:
        setup_logging("INFO", tmp_path / "a.log", sensitive=sensitive, stream=io.StringIO())
        count = len(root.handlers)
        setup_logging("INFO", tmp_path / "b.log", sensitive=sensitive, stream=io.StringIO())
        assert len(root.handlers) == count
        files = [h.baseFilename for h in root.handlers if isinstance(h, logging.FileHandler)]
        assert str(tmp_path / "b.log") in files
        assert str(tmp_path / "a.log") not in files
        assert foreign in root.handlers
        shutdown_logging()
        assert foreign in root.handlers
        assert not any(
            isinstance(h, logging.FileHandler) and h.baseFilename.startswith(str(tmp_path))
            for h in root.handlers
        )
    finally:
        root.removeHandler(foreign)


def test_stderr_only_without_log_file(
    tmp_path: Path, sensitive: SensitiveValues, root_logging: None
) -> None:
    console = io.StringIO()
    setup_logging("DEBUG", None, sensitive=sensitive, stream=console)
    logging.getLogger("kiosk.test").debug("appel au %s", "0612345678")
    assert "DEBUG kiosk.test: appel au [tel]" in console.getvalue()
    assert list(tmp_path.iterdir()) == []


def test_warnings_are_logged_redacted(sensitive: SensitiveValues, root_logging: None) -> None:
    console = io.StringIO()
    setup_logging("INFO", None, sensitive=sensitive, stream=console)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("champ mal lu: 0612345678", UserWarning, stacklevel=1)
    assert "[tel]" in console.getvalue()
    assert "0612345678" not in console.getvalue()


def test_unknown_level_is_refused(sensitive: SensitiveValues, root_logging: None) -> None:
    with pytest.raises(ValueError, match="VERBOSE"):
        setup_logging("VERBOSE", None, sensitive=sensitive, stream=io.StringIO())


def test_traffic_level_is_below_debug_and_named() -> None:
    assert TRAFFIC == 5 < logging.DEBUG
    assert logging.getLevelName(TRAFFIC) == "TRAFFIC"
    assert logging.getLevelName("TRAFFIC") == TRAFFIC


def test_log_payload_logs_length_and_fingerprint_only(
    sensitive: SensitiveValues, root_logging: None
) -> None:
    console = io.StringIO()
    setup_logging("TRAFFIC", None, sensitive=sensitive, stream=console)
    logger = logging.getLogger("kiosk.hardware.test")
    apdu = bytes.fromhex("0020008008") + b"1234\xff\xff\xff\xff"
    log_payload(logger, "APDU >", apdu)
    log_payload(logger, "APDU >", apdu)
    log_payload(logger, "APDU >", b"other")

    lines = console.getvalue().splitlines()
    assert len(lines) == 3
    assert all(" TRAFFIC kiosk.hardware.test: APDU >: " in line for line in lines)
    assert lines[0].endswith(f": {len(apdu)} octets, empreinte {lines[0][-8:]}")
    assert lines[0][-8:] == lines[1][-8:] != lines[2][-8:]
    for form in ("1234", apdu.hex(), "00200080", repr(apdu)):
        assert form not in console.getvalue()


def test_log_payload_is_silent_above_traffic(
    sensitive: SensitiveValues, root_logging: None
) -> None:
    console = io.StringIO()
    setup_logging("DEBUG", None, sensitive=sensitive, stream=console)
    log_payload(logging.getLogger("kiosk.hardware.test"), "APDU >", b"\x00\xa4")
    assert console.getvalue() == ""
