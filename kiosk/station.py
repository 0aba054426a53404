"""The station's services, wired in one place from the settings (no Qt here).

The UI's composition root calls ``build_card_stack`` with its listener and owns the result;
tests call it with theirs. Nothing else constructs these services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from kiosk.auth.authority import TrustStore, load_trust
from kiosk.auth.card_desk import CardDesk
from kiosk.auth.identity import HolderRole
from kiosk.auth.login import CardIdentity, CardKeyAgreement, LoginService
from kiosk.auth.session import CardSessionManager, CardStatus, OpenedSession
from kiosk.documents.access import OpenVault
from kiosk.domain.audit import AuditOp
from kiosk.hardware.pcsc import PcscConnection, ReaderMonitor, list_readers
from kiosk.hardware.reader_thread import ReaderThread
from kiosk.vault.vault import Vault

TRUST_DIR = "trust"


def utc_now() -> dt.datetime:
    """The station's clock."""
    return dt.datetime.now(dt.UTC)


@dataclass
class CardStack:
    """The running card services; ``stop()`` releases the reader and PC/SC."""

    reader: ReaderThread
    monitor: ReaderMonitor
    manager: CardSessionManager

    def start(self) -> None:
        """Start watching the readers (the current cards are reported at once)."""
        self.monitor.start()

    def stop(self) -> None:
        """Stop watching, end any session, stop the reader thread."""
        self.monitor.stop()
        self.manager.logout("shutdown")
        self.reader.shutdown()


def vault_opener(
    vault: Vault, open_vault: OpenVault | None = None
) -> Callable[[CardIdentity, CardKeyAgreement], OpenedSession | None]:
    """What opens for a holder at login: a beneficiary's vault, unwrapped by their card.

    With ``open_vault``, the session is also held there for the interface's document work
    (:mod:`kiosk.documents.access`); the manager closes it all the same.
    """

    def open_for(identity: CardIdentity, card: CardKeyAgreement) -> OpenedSession | None:
        holder = identity.holder
        vault.record(holder.holder_id, AuditOp.LOGIN, f"card:{holder.card_number}")
        if holder.role is not HolderRole.BENEFICIARY:
            return None
        session = vault.open_session(holder.holder_id, card, holder.holder_id)
        return session if open_vault is None else open_vault.hold(session)

    return open_for


def build_card_stack(
    data_dir: Path,
    station_id: str,
    vault: Vault | None,
    listener: Callable[[CardStatus], None],
    *,
    trust: TrustStore | None = None,
    clock: Callable[[], dt.datetime] = utc_now,
    open_vault: OpenVault | None = None,
) -> CardStack:
    """Wire pyscard, the reader thread, the login checks and the session manager.

    ``open_vault`` receives each beneficiary's vault session (see :func:`vault_opener`).
    """
    reader = ReaderThread()
    login = LoginService(trust or load_trust(data_dir / TRUST_DIR), station_id, clock)
    manager = CardSessionManager(
        reader,
        PcscConnection,
        login,
        listener,
        open_session=None if vault is None else vault_opener(vault, open_vault),
        clock=clock,
    )
    monitor = ReaderMonitor(manager.handle_event)
    return CardStack(reader, monitor, manager)


def card_desk(
    thread: Callable[[], ReaderThread | None], exclude: Callable[[], Collection[str]]
) -> CardDesk:
    """The card tools' access to a card in another reader than the session's (PC/SC)."""
    return CardDesk(thread, list_readers, PcscConnection, exclude=exclude)
