"""The card stack as the interface owns it: built around the bridge, retried, stopped.

``kiosk run`` and the demo hand :class:`CardService` a :data:`CardStackFactory`;
:func:`station_card_stack` is a station's (the real pcscd, the trust store cached in the
data directory, the vault). When the factory cannot build the stack it raises
:class:`CardStackUnavailable` with the :class:`~kiosk.ui.messages.StationProblem` to tell
the technician; the service reports it and tries again every few seconds, so that a card
authority set up or a pcscd started while the kiosk runs is taken without a restart. The
attempts run in the GUI thread: reading the trust store and opening a PC/SC context are
quick, and the PC/SC traffic itself stays on the stack's threads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Final, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.auth.authority import TrustStore, load_trust
from kiosk.auth.session import CardStatus
from kiosk.documents.access import OpenVault
from kiosk.hardware.pcsc import PcscError
from kiosk.station import TRUST_DIR, build_card_stack
from kiosk.ui.card_bridge import CardBridge, CardControls
from kiosk.ui.messages import StationProblem
from kiosk.vault.vault import Vault

log = logging.getLogger("kiosk.ui")

#: Seconds between two attempts to start the card stack while it cannot be built.
CARD_RETRY_S: Final = 5.0


class CardStackLike(Protocol):
    """What the interface needs of the card stack (:class:`kiosk.station.CardStack`)."""

    @property
    def manager(self) -> CardControls:
        """Where PINs and logouts go."""
        ...

    def start(self) -> None:
        """Starts watching the readers."""
        ...

    def stop(self) -> None:
        """Ends any session and releases the readers."""
        ...


#: Builds the card stack around the bridge's listener; raises :class:`CardStackUnavailable`.
CardStackFactory = Callable[[Callable[[CardStatus], None]], CardStackLike]


class CardStackUnavailable(Exception):
    """The card stack cannot be built now (the station is not ready for cards).

    Attributes:
        problem: what the welcome screen tells the technician.
        detail: the technical reason, for the log.
    """

    def __init__(self, problem: StationProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem
        self.detail = detail


def _station_trust(directory: Path) -> TrustStore:
    try:
        return load_trust(directory)
    except FileNotFoundError as error:
        raise CardStackUnavailable(StationProblem.NO_CARD_AUTHORITY, str(error)) from error
    except (OSError, ValueError) as error:
        raise CardStackUnavailable(StationProblem.BAD_CARD_AUTHORITY, str(error)) from error


def station_card_stack(
    data_dir: Path,
    station_id: str,
    vault: Vault | None,
    trust: TrustStore | None = None,
    open_vault: OpenVault | None = None,
) -> CardStackFactory:
    """Returns the factory of a station's real card stack (pcscd, its trust store, its vault).

    Args:
        data_dir: the station's data directory (the trust store is in ``trust/``).
        station_id: the station's identifier, signed at each login.
        vault: the vault a beneficiary's card opens, or ``None`` for none.
        trust: the trust store already loaded (shared with the card tools, which add the
            revocations they make); loaded from ``trust/`` at each attempt when omitted.
        open_vault: where a beneficiary's open vault is held for the document screens.
    """

    def build(listener: Callable[[CardStatus], None]) -> CardStackLike:
        checks = trust or _station_trust(data_dir / TRUST_DIR)
        try:
            return build_card_stack(
                data_dir, station_id, vault, listener, trust=checks, open_vault=open_vault
            )
        except PcscError as error:
            raise CardStackUnavailable(StationProblem.NO_CARD_SERVICE, str(error)) from error

    return build


class CardService(QObject):
    """Owns the running card stack: builds and starts it, retries, stops it.

    While the stack cannot be built, :attr:`problem` says why and a timer tries again every
    ``retry_s`` seconds (a technician may configure the card authority or start pcscd
    while the kiosk runs).

    Signals:
        problem_changed(object): the :class:`~kiosk.ui.messages.StationProblem` now in the
            way, or ``None`` once the stack runs.
    """

    problem_changed = Signal(object)

    def __init__(
        self,
        factory: CardStackFactory,
        bridge: CardBridge,
        *,
        retry_s: float = CARD_RETRY_S,
        parent: QObject | None = None,
    ) -> None:
        """Prepares the service; nothing is built before :meth:`start`.

        Args:
            factory: builds the card stack around a listener.
            bridge: the bridge the stack reports to and the screens ask through.
            retry_s: seconds between two attempts while the stack cannot be built.
            parent: the Qt parent.
        """
        super().__init__(parent)
        self._factory = factory
        self._bridge = bridge
        self._stack: CardStackLike | None = None
        self._problem: StationProblem | None = None
        self._stopped = False
        self._retry = QTimer(self)
        self._retry.setInterval(round(retry_s * 1000))
        self._retry.timeout.connect(self._try)

    @property
    def stack(self) -> CardStackLike | None:
        """The running stack, if it could be built."""
        return self._stack

    @property
    def problem(self) -> StationProblem | None:
        """What keeps the stack from running, or ``None``."""
        return self._problem

    def start(self) -> None:
        """Builds and starts the stack, or starts retrying and reports the problem."""
        self._stopped = False
        self._try()

    def stop(self) -> None:
        """Stops retrying and stops the stack (ends any session, releases the readers)."""
        self._stopped = True
        self._retry.stop()
        stack, self._stack = self._stack, None
        if stack is not None:
            stack.stop()
            log.info("card stack stopped")

    def _try(self) -> None:
        if self._stopped or self._stack is not None:
            self._retry.stop()
            return
        try:
            stack = self._factory(self._bridge.listener)
        except CardStackUnavailable as error:
            if error.problem is not self._problem:
                log.warning(
                    "card login unavailable, retrying every %s s: %s",
                    self._retry.interval() / 1000,
                    error,
                )
            self._set_problem(error.problem)
            self._retry.start()
            return
        self._bridge.attach(stack.manager)
        self._stack = stack
        stack.start()
        self._retry.stop()
        log.info("card stack started")
        self._set_problem(None)

    def _set_problem(self, problem: StationProblem | None) -> None:
        if problem is not self._problem:
            self._problem = problem
            self.problem_changed.emit(problem)
