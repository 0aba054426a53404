"""Logging that never writes personal data or document content.

:func:`setup_logging` sends the root logger to stderr and to a rotating file (mode 0600 in a
0700 directory), both behind one :class:`RedactionFilter`. The filter formats each record
itself, masks what looks personal (IBAN, NIR, telephone, e-mail, dates, MRZ lines, long
numbers) and whatever the session registered in a :class:`SensitiveValues` (the name and
field values of the person being served), then hands the handlers the masked text only;
tracebacks are formatted and masked the same way.

Card APDUs and OCR payloads are logged at :data:`TRAFFIC` (below DEBUG, off in production)
and only as a length and a keyed fingerprint: see :func:`log_payload`.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import logging
import logging.handlers
import os
import re
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterable
from io import TextIOWrapper
from pathlib import Path
from typing import TextIO

from stdnum import iban as stdnum_iban
from stdnum.fr import nir as stdnum_nir

from kiosk.config import ensure_private_dir

TRAFFIC = 5
"""Level of raw device and OCR traffic (lengths and fingerprints only), below DEBUG."""
logging.addLevelName(TRAFFIC, "TRAFFIC")

LOG_FILE_MODE = 0o600
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

IBAN = "[iban]"
NIR = "[nir]"
TEL = "[tel]"
EMAIL = "[email]"
DATE = "[date]"
MRZ = "[mrz]"
NUMBER = "[nombre]"
PERSONAL = "[donnée personnelle]"

_REDACTED_MARK = "_kiosk_redacted"
_KIOSK_HANDLER_MARK = "_kiosk_handler"
# Fingerprints are keyed per process: equal payloads can be matched within one run, but a
# fingerprint of a short secret (a PIN block) cannot be brute-forced from a log file.
_PAYLOAD_KEY = os.urandom(32)


# --- registry of the current person's values ----------------------------------------------

_SEPARATORS = frozenset("-_.'’ʼ‐‑–—")
_FOLDED_LETTERS = {"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i"}


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char.isspace() or char in _SEPARATORS:
        return " "
    decomposed = unicodedata.normalize("NFKD", char.casefold())
    return "".join(
        _FOLDED_LETTERS.get(part, part) for part in decomposed if not unicodedata.combining(part)
    )


def _fold(text: str) -> tuple[str, list[int], list[int]]:
    """Folds case, accents and separators; maps each folded char back to the original.

    Returns:
        The folded text, and for each of its characters the start and end offsets of the
        original character(s) it comes from. Runs of separators become one space.
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        if not folded or (folded == " " and out and out[-1] == " "):
            if ends:  # combining accent or repeated separator: belongs to the previous char
                ends[-1] = index + 1
            continue
        for part in folded:
            out.append(part)
            starts.append(index)
            ends.append(index + 1)
    return "".join(out), starts, ends


class SensitiveValues:
    """The values of the person currently served, masked in every log line.

    One instance is created by the composition root, given to :class:`RedactionFilter` and
    to the session code, which calls :meth:`add` for names and field values once a person is
    identified and :meth:`clear` at logout. Matching ignores case, accents and separators
    (``Zoé Müller`` also masks ``ZOE MULLER`` and ``zoe-muller``) and respects word
    boundaries. A multi-word value matches as a whole: register first and last names
    separately too. Values shorter than two characters are ignored (they would mask
    everything). Thread-safe.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: set[str] = set()
        self._pattern: re.Pattern[str] | None = None

    def add(self, value: str) -> None:
        """Registers a value to mask from now on."""
        folded = _fold(value)[0].strip()
        if len(folded) < 2:
            return
        with self._lock:
            if folded in self._values:
                return
            self._values.add(folded)
            alternatives = "|".join(
                re.escape(v) for v in sorted(self._values, key=len, reverse=True)
            )
            self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")

    def clear(self) -> None:
        """Forgets every value (at logout)."""
        with self._lock:
            self._values.clear()
            self._pattern = None

    def __len__(self) -> int:
        return len(self._values)

    def find(self, text: str) -> list[tuple[int, int]]:
        """Returns the (start, end) spans of ``text`` holding a registered value."""
        pattern = self._pattern
        if pattern is None:
            return []
        folded, starts, ends = _fold(text)
        return [(starts[m.start()], ends[m.end() - 1]) for m in pattern.finditer(folded)]


# --- detectors ------------------------------------------------------------------------------

_IBAN_CANDIDATE = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}(?:[ -]?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])"
)
_FR_IBAN_LENGTH = 27
_NIR_CANDIDATE = re.compile(
    r"(?<![0-9A-Za-z])[1-478][ .]?[0-9]{2}[ .]?[0-9]{2}[ .]?(?:[0-9]{2}|2[AB])"
    r"[ .]?[0-9]{3}[ .]?[0-9]{3}(?:[ .]?[0-9]{2})?(?![0-9A-Za-z])"
)
_PHONES = (
    re.compile(
        r"(?<![0-9+])(?:(?:\+|00)33[ .-]?(?:\(0\)[ .-]?)?|0)[1-9](?:[ .-]?[0-9]{2}){4}(?![0-9])"
    ),
    re.compile(r"(?<![0-9+])\+[1-9][0-9]{0,2}(?:[ .-]?[0-9]){8,12}(?![0-9])"),
)
_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre"
    "|novembre|décembre|decembre"
)
# Each date pattern names its day and month groups so that 31/13/1990 is not taken as a date.
_DATES = (
    re.compile(r"(?<![0-9])(?P<d>[0-9]{1,2})([/.-])(?P<m>[0-9]{1,2})\2(?:19|20)[0-9]{2}(?![0-9])"),
    re.compile(r"(?<![0-9])(?P<d>[0-9]{2})/(?P<m>[0-9]{2})/[0-9]{2}(?![0-9/])"),
    re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}([/.-])(?P<m>[0-9]{1,2})\1(?P<d>[0-9]{1,2})(?![0-9])"),
    re.compile(
        rf"(?<![0-9])(?P<d>[0-9]{{1,2}})(?:er)? (?:{_MONTHS}) (?:19|20)[0-9]{{2}}(?![0-9])",
        re.IGNORECASE,
    ),
)
_MRZ = re.compile(r"(?<![A-Z0-9<])[A-Z0-9<]{30,}(?![A-Z0-9<])")
_LONG_NUMBER = re.compile(r"(?<![0-9])[0-9]{8,}(?![0-9])")
_GROUPED_NUMBER = re.compile(r"(?<![0-9])[0-9]{2,4}(?: [0-9]{2,4}){2,}(?![0-9])")
_MAYBE_PERSONAL = re.compile(r"[0-9@<]")

Span = tuple[int, int]


def _find_mrz(text: str) -> Iterable[Span]:
    return (m.span() for m in _MRZ.finditer(text) if "<" in m.group())


def _find_emails(text: str) -> Iterable[Span]:
    return (m.span() for m in _EMAIL.finditer(text))


def _iban_end(candidate: str) -> int | None:
    """Length of the prefix of ``candidate`` to mask as an IBAN, or None."""
    cuts = [i for i in range(len(candidate), 0, -1) if i == len(candidate) or candidate[i] in " -"]
    compacts = {i: candidate[:i].replace(" ", "").replace("-", "").upper() for i in cuts}
    for cut in cuts:
        if len(compacts[cut]) >= 15 and stdnum_iban.is_valid(compacts[cut]):
            return cut
    # A French IBAN that fails its checksum (a typo) is still a bank account number.
    shaped = [
        cut
        for cut in cuts
        if compacts[cut].startswith("FR")
        and 20 <= len(compacts[cut]) <= _FR_IBAN_LENGTH + 2
        and compacts[cut][2:14].isdigit()
    ]
    if shaped:
        return min(shaped, key=lambda cut: (abs(len(compacts[cut]) - _FR_IBAN_LENGTH), cut))
    return None


def _find_ibans(text: str) -> Iterable[Span]:
    for match in _IBAN_CANDIDATE.finditer(text):
        end = _iban_end(match.group())
        if end is not None:
            yield match.start(), match.start() + end


def _find_nirs(text: str) -> Iterable[Span]:
    for match in _NIR_CANDIDATE.finditer(text):
        compact = re.sub(r"[ .]", "", match.group())
        # A grouped 13/15-digit number in NIR layout is a NIR even with a wrong key; a bare
        # run of digits that fails the check is left to the long-number rule.
        if stdnum_nir.is_valid(compact) or compact != match.group():
            yield match.span()


def _find_phones(text: str) -> Iterable[Span]:
    return (m.span() for pattern in _PHONES for m in pattern.finditer(text))


def _find_dates(text: str) -> Iterable[Span]:
    for pattern in _DATES:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            day = int(groups["d"])
            month = int(groups.get("m") or 1)
            if 1 <= day <= 31 and 1 <= month <= 12:
                yield match.span()


def _find_numbers(text: str) -> Iterable[Span]:
    yield from (m.span() for m in _LONG_NUMBER.finditer(text))
    for match in _GROUPED_NUMBER.finditer(text):
        if sum(char.isdigit() for char in match.group()) >= 10:
            yield match.span()


# In priority order: when spans overlap they are merged under the first detector's label.
_DETECTORS: tuple[tuple[str, Callable[[str], Iterable[Span]]], ...] = (
    (MRZ, _find_mrz),
    (EMAIL, _find_emails),
    (IBAN, _find_ibans),
    (NIR, _find_nirs),
    (TEL, _find_phones),
    (DATE, _find_dates),
    (NUMBER, _find_numbers),
)


def redact(text: str, sensitive: SensitiveValues | None = None) -> str:
    """Replaces personal data in ``text`` by typed placeholders such as ``[iban]``.

    Args:
        text: Any text bound for a log or a diagnostic report.
        sensitive: Values of the person currently served, masked as ``[donnée personnelle]``.

    Returns:
        The text with every detected span replaced; overlapping spans are merged.
    """
    spans: list[tuple[int, int, int, str]] = []
    if _MAYBE_PERSONAL.search(text):
        for rank, (label, find) in enumerate(_DETECTORS):
            spans.extend((start, end, rank, label) for start, end in find(text))
    if sensitive is not None and len(sensitive):
        rank = len(_DETECTORS)
        spans.extend((start, end, rank, PERSONAL) for start, end in sensitive.find(text))
    if not spans:
        return text
    spans.sort()
    pieces: list[str] = []
    position = 0
    start, end, best_rank, label = spans[0]
    for next_start, next_end, rank, next_label in spans[1:]:
        if next_start < end:  # overlap: one masked span covering both
            end = max(end, next_end)
            if rank < best_rank:
                best_rank, label = rank, next_label
            continue
        pieces += [text[position:start], label]
        position = end
        start, end, best_rank, label = next_start, next_end, rank, next_label
    pieces += [text[position:start], label, text[end:]]
    return "".join(pieces)


# --- logging plumbing ---------------------------------------------------------------------


class RedactionFilter(logging.Filter):
    """Rewrites each record so that handlers only ever see redacted text.

    The message is formatted here (``record.getMessage()``), redacted, and stored back in
    ``record.msg`` with ``record.args = None``. Exception information is formatted into
    ``record.exc_text``, redacted, and ``record.exc_info`` cleared, so no formatter can print
    the original traceback; ``record.stack_info`` is redacted too. A record is processed
    once even when several handlers share the filter.

    Args:
        sensitive: The registry of the current person's values.
    """

    def __init__(self, sensitive: SensitiveValues) -> None:
        super().__init__()
        self.sensitive = sensitive
        self._formatter = logging.Formatter()

    def redact(self, text: str) -> str:
        """Redacts a text with this filter's registry."""
        return redact(text, self.sensitive)

    def filter(self, record: logging.LogRecord) -> bool:
        """Redacts the record in place; never drops it."""
        if getattr(record, _REDACTED_MARK, False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # bad %-args: logging would print them raw on stderr
            try:
                message = f"{record.msg} [arguments de journal illisibles]"
            except Exception:
                message = "[message de journal illisible]"
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info:
            record.exc_text = self._formatter.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        setattr(record, _REDACTED_MARK, True)
        return True


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file handler whose files are created (or forced) to mode 0600."""

    def _open(self) -> TextIOWrapper:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC
        descriptor = os.open(self.baseFilename, flags, LOG_FILE_MODE)
        try:
            os.fchmod(descriptor, LOG_FILE_MODE)
            return open(descriptor, "a", encoding=self.encoding, errors=self.errors)
        except BaseException:
            os.close(descriptor)
            raise


def setup_logging(
    level: int | str,
    log_file: Path | None,
    *,
    sensitive: SensitiveValues,
    stream: TextIO | None = None,
    max_bytes: int = 5_000_000,
    backup_count: int = 5,
) -> None:
    """Configures the root logger: stderr and an optional rotating file, both redacted.

    Calling it again replaces the handlers it installed before (and leaves others alone).
    Python warnings are routed to logging so that they are redacted too.

    Args:
        level: Level number or name (``"TRAFFIC"``, ``"DEBUG"``, ``"INFO"``...).
        log_file: The log file, or None for stderr only. Its directory is created at 0700
            (see :func:`kiosk.config.ensure_private_dir`); the file is created at 0600.
        sensitive: The registry of the current person's values (shared with the session).
        stream: Where console output goes; ``sys.stderr`` by default.
        max_bytes: Size at which the file rotates.
        backup_count: Rotated files kept.

    Raises:
        ValueError: Unknown level name.
        kiosk.config.UnsafeDirectoryError: The log directory is not ours.
    """
    if isinstance(level, str):
        number = logging.getLevelNamesMapping().get(level.upper())
        if number is None:
            raise ValueError(f"unknown log level {level!r}")
        level = number
    shutdown_logging()
    root = logging.getLogger()
    handlers: list[logging.Handler] = [logging.StreamHandler(stream or sys.stderr)]
    if log_file is not None:
        ensure_private_dir(log_file.parent)
        handlers.append(
            _PrivateRotatingFileHandler(
                log_file, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8"
            )
        )
    redaction = RedactionFilter(sensitive)
    formatter = logging.Formatter(LOG_FORMAT)
    for handler in handlers:
        handler.addFilter(redaction)
        handler.setFormatter(formatter)
        setattr(handler, _KIOSK_HANDLER_MARK, True)
        root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)


def shutdown_logging() -> None:
    """Removes and closes the handlers :func:`setup_logging` installed (others stay)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _KIOSK_HANDLER_MARK, False):
            root.removeHandler(handler)
            handler.close()
    logging.captureWarnings(False)


def log_payload(logger: logging.Logger, label: str, data: bytes) -> None:
    """Logs a payload's length and a short keyed fingerprint at TRAFFIC, never its bytes.

    Args:
        logger: Where to log.
        label: What the payload is (``"APDU >"``, ``"OCR page 1"``).
        data: The payload; only ``len(data)`` and an 8-character HMAC fingerprint are logged.
    """
    if not logger.isEnabledFor(TRAFFIC):
        return
    digest = hmac.new(_PAYLOAD_KEY, data, hashlib.sha256).digest()[:5]
    fingerprint = base64.b32encode(digest).decode("ascii").lower()
    logger.log(TRAFFIC, "%s: %d octets, empreinte %s", label, len(data), fingerprint)
