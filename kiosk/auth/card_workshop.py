"""A workshop of virtual cards for the demo, the tests and the benches (never a station).

A virtual card is a state file. ``CardMaker.issue`` inserts a blank card in a virtual reader
of the real pcscd, personalises it with the real ``issue_card`` (9B authentication,
GENERATE, PUT DATA, CHANGE REFERENCE, all through PC/SC) and pulls it out again. Callers
then insert it with ``CardMaker.link`` (tests may add a quirk that makes it misbehave).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from kiosk.auth.authority import CardAuthority
from kiosk.auth.identity import HolderRole
from kiosk.auth.issuance import BlankCard, IssuedCard, issue_card
from kiosk.hardware.card import CardRemoved
from kiosk.hardware.pcsc import PcscConnection, card_present
from kiosk.hardware.pcscd_service import PcscdService
from kiosk.hardware.piv import PivClient
from kiosk.hardware.virtual_card import VpcdCardLink

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
BLANK = BlankCard(pin="123456", puk="12345678", management_key=bytes(range(1, 33)))
PIN = "258046"
PUK = "73915820"
T = TypeVar("T")


def until(check: Callable[[], T | None], timeout: float = 5.0, what: str = "") -> T:
    """Polls ``check`` until it returns something other than None or False."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value is not None and value is not False:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or check}")
        time.sleep(0.01)


def connect(reader: str, timeout: float = 5.0) -> PcscConnection:
    """An exclusive connection once pcscd sees the card in ``reader``."""

    last: list[str] = []

    def attempt() -> PcscConnection | None:
        try:
            return PcscConnection(reader)
        except CardRemoved as exc:
            last[:] = [exc.detail]
            return None

    try:
        return until(attempt, timeout, f"a card in {reader}")
    except AssertionError as exc:
        raise AssertionError(f"{exc} (last answer: {last[0] if last else 'none'})") from None


@dataclass
class IssuedVirtualCard:
    """A personalised virtual card: its state file and what was written on it."""

    state: Path
    issued: IssuedCard

    @property
    def holder_id(self) -> str:
        """The holder named by the certificates."""
        return self.issued.holder.holder_id


@dataclass
class CardMaker:
    """Issues virtual cards and inserts them in the virtual readers of one pcscd."""

    pcscd: PcscdService
    authority: CardAuthority
    directory: Path
    now: dt.datetime = NOW
    links: list[VpcdCardLink] = field(default_factory=list)
    _count: int = 0

    def port(self, slot: int = 0) -> int:
        """The vpcd port of virtual reader ``slot`` (0 or 1)."""
        return self.pcscd.vpcd_port + slot

    def reader(self, slot: int = 0) -> str:
        """The name of virtual reader ``slot``."""
        return self.pcscd.readers[slot]

    def blank(self) -> Path:
        """A new blank card's state file (created on first insertion)."""
        self._count += 1
        return self.directory / f"card-{self._count}.json"

    def link(
        self, state: Path, slot: int = 0, quirks: frozenset[str] = frozenset()
    ) -> VpcdCardLink:
        """A link for ``state`` in reader ``slot`` (not inserted yet); removed at teardown."""
        link = VpcdCardLink(state, port=self.port(slot), quirks=quirks)
        self.links.append(link)
        return link

    def issue(
        self,
        holder_id: str,
        role: HolderRole = HolderRole.BENEFICIARY,
        *,
        authority: CardAuthority | None = None,
        card_number: str = "",
        display_name: str = "",
        structure_id: str = "",
    ) -> IssuedVirtualCard:
        """Personalises a blank card through pcscd, with PIN ``PIN`` and PUK ``PUK``."""
        state = self.blank()
        link = self.link(state)
        self.insert(link)
        connection = connect(self.reader())
        try:
            issued = issue_card(
                PivClient(connection),
                authority or self.authority,
                BLANK,
                role=role,
                holder_id=holder_id,
                card_number=card_number or f"{self._count:06d}",
                pin=PIN,
                puk=PUK,
                now=self.now,
                display_name=display_name,
                structure_id=structure_id,
            )
        finally:
            connection.close()
            self.remove(link)
        return IssuedVirtualCard(state, issued)

    def insert(self, link: VpcdCardLink, timeout: float = 5.0) -> None:
        """Inserts the card and waits until pcscd sees it."""
        reader = self.pcscd.reader_for_port(link.port)
        until(lambda: not card_present(reader), timeout, f"{reader} empty before insertion")
        link.insert()
        until(lambda: card_present(reader), timeout, f"a card in {reader}")

    def remove(self, link: VpcdCardLink, timeout: float = 5.0) -> None:
        """Pulls the card out and waits until pcscd has seen it go.

        pcscd learns of a removal by polling; until then it still connects programs to the
        card that left, and their first exchange fails.
        """
        link.remove()
        reader = self.pcscd.reader_for_port(link.port)
        until(lambda: not card_present(reader), timeout, f"{reader} empty")

    def remove_all(self) -> None:
        """Pulls every card out (teardown)."""
        for link in self.links:
            if link.inserted:
                self.remove(link)
        self.links.clear()
