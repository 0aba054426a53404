"""The open vault of the beneficiary logged in, shared by the reader thread and the vault worker.

The card session manager opens a beneficiary's :class:`~kiosk.vault.session.VaultSession` on
the reader thread (the card unwraps the keys there) and closes it there, at once, when the
card is pulled out. Document work (encrypting pages, listing, decrypting) needs no card: the
keys are already unwrapped, so it runs on the interface's vault worker thread instead.

:class:`OpenVault` is the meeting point, one per station, made by the composition root and
given to both sides:

* :meth:`OpenVault.hold` is called by :func:`kiosk.station.vault_opener` with the new session;
  it returns what the manager keeps and closes (:class:`~kiosk.auth.session.OpenedSession`);
* :meth:`OpenVault.ticket` tells the interface whose vault is open, as a :class:`Ticket`;
* :meth:`OpenVault.use` runs work on the session of a ticket.

One lock serialises the work on a session and its closing: the keys are never overwritten
under a page being encrypted. Closing does not wait, though: when work is in progress, the
ticket goes at once (no new work starts) and the worker closes the session as soon as its
work ends. The reader thread is therefore never stuck behind the vault's thread, which may
itself be waiting for the card (a key rotated meanwhile is unwrapped by the card, through
the reader thread). Work asked for under a ticket of an earlier session (the person left,
another came) raises :class:`~kiosk.documents.errors.SessionEnded` instead of touching the
new person's vault. :meth:`OpenVault.ticket` never waits (the GUI thread asks for tickets).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from kiosk.documents.errors import SessionEnded
from kiosk.vault.session import VaultSession

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Ticket:
    """Whose vault a piece of work is for.

    Attributes:
        generation: which opening of a vault at this station (counts up from 1).
        beneficiary_id: the beneficiary.
    """

    generation: int
    beneficiary_id: str


class _Held:
    """What the card session manager keeps: closing it closes the vault session."""

    def __init__(self, owner: OpenVault, generation: int) -> None:
        self._owner = owner
        self._generation = generation

    def close(self) -> None:
        """Overwrites the keys (now, or when the work in progress ends); never waits."""
        self._owner.release(self._generation)


class OpenVault:
    """At most one open vault session, used under a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # held while a session is used or closed
        self._session: VaultSession | None = None
        self._generation = 0
        self._ticket_lock = threading.Lock()  # held only to read or set the ticket
        self._ticket: Ticket | None = None
        self._closing: set[int] = set()  # generations to close when the work ends

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Holds the lock; on leaving, closes what was released meanwhile."""
        try:
            with self._lock:
                yield
        finally:
            self._drain()

    def _drain(self) -> None:
        """Closes released sessions unless someone holds the lock (they drain on leaving)."""
        while True:
            with self._ticket_lock:
                if not self._closing:
                    return
            if not self._lock.acquire(blocking=False):
                return
            try:
                with self._ticket_lock:
                    closing, self._closing = self._closing, set()
                if self._session is not None and self._generation in closing:
                    self._session.close()
                    self._session = None
            finally:
                self._lock.release()

    def hold(self, session: VaultSession) -> _Held:
        """Takes a session just opened (closing any earlier one); returns its handle.

        Args:
            session: the beneficiary's session, opened with their card.
        """
        with self._locked():
            self._set_ticket(None)
            if self._session is not None:
                self._session.close()
            self._generation += 1
            self._session = session
            self._set_ticket(Ticket(self._generation, session.beneficiary_id))
            return _Held(self, self._generation)

    def release(self, generation: int) -> None:
        """Closes the session of ``generation`` if it is still the one held.

        At once when no work is in progress; otherwise the worker closes it when its work
        ends (this never waits).
        """
        with self._ticket_lock:  # no new work is asked for it from now on
            if self._ticket is not None and self._ticket.generation == generation:
                self._ticket = None
            self._closing.add(generation)
        self._drain()

    def _set_ticket(self, ticket: Ticket | None) -> None:
        with self._ticket_lock:
            self._ticket = ticket

    def ticket(self) -> Ticket | None:
        """The ticket of the session now open, or None (never waits for work in progress)."""
        with self._ticket_lock:
            return self._ticket

    def use(self, ticket: Ticket, work: Callable[[VaultSession], T]) -> T:
        """Runs ``work`` on the session of ``ticket``, holding the lock.

        Raises:
            SessionEnded: that session is closed or being closed (card pulled out, logout,
                another person).
        """
        with self._locked():
            with self._ticket_lock:
                ended = self._ticket != ticket or self._generation in self._closing
            session = self._session
            if ended or session is None or self._generation != ticket.generation:
                raise SessionEnded(f"vault session {ticket.generation} has ended")
            return work(session)
