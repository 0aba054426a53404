"""Typed errors of the documents service; ``kiosk/ui/messages.py`` words them.

``str()`` of these goes to the log: it names ids and reasons, never a field value.
"""

from __future__ import annotations

from kiosk.domain.errors import Cancelled, KioskError, UserFacingError


class DocumentError(KioskError):
    """Base of the errors of ``kiosk.documents``."""

    code = "document_error"


class NoOpenVault(DocumentError, UserFacingError):
    """No beneficiary's vault is open at this station (nobody logged in with their card)."""

    code = "no_open_vault"


class SessionEnded(Cancelled):
    """Work asked for by a person whose session has ended since: dropped, nothing to say."""

    code = "session_ended"


class NotAStationDocument(DocumentError, UserFacingError):
    """A vault document this station did not file as pages (it cannot show or export it).

    Attributes:
        document_id: the document.
    """

    code = "not_a_station_document"

    def __init__(self, document_id: str) -> None:
        super().__init__(f"document {document_id} holds no pages filed by a station")
        self.document_id = document_id


class NothingToFile(DocumentError):
    """A document without any page was about to be filed (a bug of the caller)."""

    code = "nothing_to_file"


class ExportUnavailable(DocumentError, UserFacingError):
    """A document cannot be handed over now.

    Attributes:
        reason: ``"no_medium"`` (no export folder configured, or nothing plugged in) or
            ``"write_failed"`` (the medium refused the file).
    """

    code = "export_unavailable"

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"export unavailable ({reason}){': ' + detail if detail else ''}")
        self.reason = reason
        self.detail = detail


class UnusablePage(DocumentError, UserFacingError):
    """The photo holds no page to file: no page found and nothing read, or a blank page.

    Attributes:
        problem: the reading's problem code (``"no_page"``, ``"empty_page"``, ``"no_text"``).
    """

    code = "unusable_page"

    def __init__(self, problem: str) -> None:
        super().__init__(f"unusable page ({problem})")
        self.problem = problem
