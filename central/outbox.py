"""What the platform sends to the outside world: confirmation codes, messages to institutions.

:class:`Sender` is the interface; :class:`LogOutbox`, for development and tests, appends one
JSON line per sending to ``<data_dir>/outbox.jsonl`` (mode 0600, fsynced) instead of calling
an e-mail, SMS or institution gateway. Delivery is at least once: an institution
deduplicates on ``message_id``.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Protocol

from pydantic import JsonValue


class Sender(Protocol):
    """The gateways."""

    def send_code(
        self, confirmation_id: str, channel: str, address: str, code: str, purpose: str
    ) -> None:
        """Send a confirmation code to a person."""

    def deliver_message(
        self, message_id: str, institution: str, body: str, meta: dict[str, JsonValue]
    ) -> None:
        """Hand a sealed message to an institution."""


class LogOutbox:
    """A development sender: every sending is a JSON line in one file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def _append(self, record: dict[str, JsonValue]) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        with self._lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                os.write(fd, line.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)

    def send_code(
        self, confirmation_id: str, channel: str, address: str, code: str, purpose: str
    ) -> None:
        """Log the code as if it had been sent."""
        self._append(
            {
                "at_ms": time.time_ns() // 1_000_000,
                "kind": "confirmation_code",
                "confirmation_id": confirmation_id,
                "channel": channel,
                "to": address,
                "code": code,
                "purpose": purpose,
            }
        )

    def deliver_message(
        self, message_id: str, institution: str, body: str, meta: dict[str, JsonValue]
    ) -> None:
        """Log the message as if it had been delivered."""
        self._append(
            {
                "at_ms": time.time_ns() // 1_000_000,
                "kind": "message",
                "message_id": message_id,
                "institution": institution,
                "body": body,
                "meta": meta,
            }
        )

    def records(self) -> list[dict[str, JsonValue]]:
        """Everything sent so far (for tests and ``kiosk-central outbox``)."""
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]
