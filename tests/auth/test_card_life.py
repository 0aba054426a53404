"""A card's life with the virtual PIV card in this process: issue, revoke, reissue, unblock.

The card is reached over APDUs through a tiny ``SmartCardConnection`` around
``VirtualPivCard``; the checks are the station's real login checks and real vault.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.auth import card_life
from kiosk.auth.authority import load_trust
from kiosk.auth.card_desk import CardDesk, DeskUnavailable, NoCardOnDesk
from kiosk.auth.card_life import (
    CardAlreadyReplaced,
    CardLifeService,
    EscrowKeyProblem,
    InvalidSecret,
    NotABlankCard,
    NoVaultForBeneficiary,
    load_escrow_key,
)
from kiosk.auth.card_register import (
    CardNumberTaken,
    NoSuchCard,
    RegisterEntry,
    normalise_printed_number,
)
from kiosk.auth.identity import HolderRole
from kiosk.auth.issuance import BlankCard
from kiosk.auth.login import LoginService
from kiosk.domain.audit import AuditOp
from kiosk.domain.normalise import CardNumberProblem, InvalidCardNumber
from kiosk.hardware.card import CardRemoved, CardRevoked, PinBlocked, WrongPin
from kiosk.hardware.piv import PivClient, Slot
from kiosk.hardware.reader_thread import ReaderThread
from kiosk.hardware.virtual_card import VirtualPivCard
from kiosk.vault.errors import NoKeyForRecipient
from kiosk.vault.factory import open_vault
from kiosk.vault.recipients import SoftwareKeyAgreement

from .virtual_desk import (
    CAMILLE,
    NEW_PIN,
    NOW,
    PIN,
    PUK,
    STATION,
    ZOE,
    InProcessConnection,
    PivKey,
    Station,
    make_station,
)


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    made = make_station(tmp_path)
    yield made
    made.vault.db.close()


# -- issue ------------------------------------------------------------------------------------


def test_an_issued_card_passes_the_login_checks_and_opens_its_vault(station: Station) -> None:
    card = station.blank()
    result = station.issue(card)
    number = result.entry.card_number
    assert normalise_printed_number(number) == number
    assert result.sheet.startswith(b"%PDF")

    piv, identity = station.log_in(card)
    assert identity.holder.card_number == number
    assert identity.holder.holder_id == result.entry.holder_id
    assert identity.holder.role is HolderRole.BENEFICIARY
    assert identity.holder.display_name == ""  # no name of a beneficiary on the card
    with station.vault.open_session(
        identity.holder.holder_id, PivKey(piv, identity.key_management), "test"
    ) as session:
        assert session.profile() == {"nom": "Lefèvre-Ngoma", "prenoms": "Zoé Marie"}
        assert session.levels == frozenset({1, 2, 3})

    entry = station.register.get(number)
    assert entry == result.entry and entry.valid
    assert ("tech-1", AuditOp.CARD_ISSUE, f"card:{number}") in station.audit()
    raw = (station.data_dir / "authority" / "issued.json").read_text()
    assert "Lefèvre" not in raw and "Zoé" not in raw  # the register names no one

    sheet = station.service.save_sheet(number, result.sheet)
    assert sheet == station.data_dir / "outbox" / f"fiche-{number}.pdf"
    assert sheet.read_bytes() == result.sheet
    assert sheet.stat().st_mode & 0o777 == 0o600


def test_a_staff_card_carries_the_badge_name_and_needs_no_vault(station: Station) -> None:
    card = station.blank()
    result = station.issue(card, CAMILLE, card_number="0a1-b2c")
    assert result.entry.card_number == "0A1B2C"
    _piv, identity = station.log_in(card)
    assert identity.holder.display_name == "Camille Martin"
    assert identity.holder.structure_id == "cms-belleville"
    with pytest.raises(CardNumberTaken):
        station.issue(station.blank("other"), CAMILLE, card_number="0A1B2C")


def test_an_issued_card_is_not_issued_again(station: Station) -> None:
    card = station.blank()
    station.issue(card)
    with pytest.raises(NotABlankCard) as info:
        station.issue(card)
    assert info.value.reason == "issued"
    station.log_in(card)  # untouched


def test_a_card_with_other_factory_secrets_is_refused(station: Station) -> None:
    service = CardLifeService(
        station.register,
        station.vault,
        station.trust,
        trust_dir=station.data_dir / "trust",
        outbox=station.data_dir / "outbox",
        blank=BlankCard("123456", "12345678", bytes(32)),
        clock=lambda: NOW,
    )
    with pytest.raises(NotABlankCard) as info:
        service.issue(station.piv(station.blank()), CAMILLE, PIN, PUK, actor="tech-1")
    assert info.value.reason == "factory_secrets"
    assert station.register.entries() == {}


def test_a_beneficiary_needs_the_vault_index_and_a_valid_pin(station: Station) -> None:
    service = CardLifeService(
        station.register,
        station.vault,
        station.trust,
        trust_dir=station.data_dir / "trust",
        outbox=station.data_dir / "outbox",
        clock=lambda: NOW,
    )
    card = station.blank()
    with pytest.raises(NoVaultForBeneficiary):
        service.issue(station.piv(card), ZOE, PIN, PUK, actor="tech-1")
    with pytest.raises(InvalidSecret) as info:
        station.service.issue(station.piv(card), ZOE, "12345", PUK, actor="tech-1")
    assert not info.value.puk
    with pytest.raises(InvalidSecret) as info:
        station.service.issue(station.piv(card), ZOE, PIN, "123456", actor="tech-1")
    assert info.value.puk
    assert card.public_key(Slot.AUTHENTICATION) is None  # nothing was written


# -- look-up ----------------------------------------------------------------------------------


def test_lookup_forgives_case_spaces_dashes_and_letters_read_as_digits(station: Station) -> None:
    station.issue(station.blank(), card_number="011Y5Z")
    for typed in ("011Y5Z", "o1l-y5z", " 0 I L y 5 z ", "OIIY5Z"):
        entry = station.service.lookup(typed, "LEFEVRE NGOMA")
        assert entry.card_number == "011Y5Z"
    assert station.service.lookup("011y5z", "lefèvre-ngoma").role is HolderRole.BENEFICIARY
    with pytest.raises(NoSuchCard) as info:
        station.service.lookup("011Y5Z", "Martin")
    assert info.value.reason == "name"
    with pytest.raises(NoSuchCard) as info:
        station.service.lookup("011Y5X", "Lefèvre-Ngoma")
    assert info.value.reason == "unknown"


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", CardNumberProblem.EMPTY),
        (" - ", CardNumberProblem.EMPTY),
        ("011Y5", CardNumberProblem.WRONG_LENGTH),
        ("011Y5ZZ", CardNumberProblem.WRONG_LENGTH),
        ("011Y5U", CardNumberProblem.BAD_CHARACTER),
        ("011Y5É", CardNumberProblem.BAD_CHARACTER),
    ],
)
def test_card_numbers_that_cannot_be_are_refused(typed: str, problem: CardNumberProblem) -> None:
    with pytest.raises(InvalidCardNumber) as info:
        normalise_printed_number(typed)
    assert info.value.problem is problem


def test_older_register_entries_still_read(tmp_path: Path) -> None:
    entry = RegisterEntry.from_json(
        "000YSZ",
        {"holder": "ab", "role": "agent", "serials": ["7", "9"], "issued_at": "2026-01-01"},
    )
    assert entry.serials == (7, 9) and entry.valid and entry.key_fp == ""
    assert RegisterEntry.from_json("000YSZ", entry.to_json()) == entry


# -- revoke -----------------------------------------------------------------------------------


def test_a_revoked_card_is_refused_at_once_and_offline(station: Station) -> None:
    lost, kept = station.blank("lost"), station.blank("kept")
    number = station.issue(lost).entry.card_number
    station.issue(kept, CAMILLE)
    entry = station.service.revoke(number.lower(), actor="agent-7")
    assert not entry.valid
    with pytest.raises(CardRevoked):
        station.login.identify(station.piv(lost))  # the live trust store of the login
    offline = LoginService(load_trust(station.data_dir / "trust"), STATION, lambda: NOW)
    with pytest.raises(CardRevoked):
        offline.identify(station.piv(lost))  # the cached files, after a restart
    offline.identify(station.piv(kept))
    events = station.audit()
    assert ("agent-7", AuditOp.CARD_REVOKE, f"card:{number}") in events
    assert station.service.revoke(number, actor="agent-7") == entry  # already done
    assert len(station.audit()) == len(events)
    with pytest.raises(NoSuchCard):
        station.service.revoke("ZZZZZZ", actor="agent-7")


# -- reissue ----------------------------------------------------------------------------------


def test_reissue_moves_the_vault_to_the_new_card_and_revokes_the_old(station: Station) -> None:
    old_card, new_card = station.blank("old"), station.blank("new")
    old = station.issue(old_card).entry
    result = station.service.reissue(
        station.piv(new_card),
        old.card_number,
        NEW_PIN,
        PUK,
        actor="agent-7",
        escrow=station.escrow,
    )
    new = result.entry
    assert new.holder_id == old.holder_id and new.card_number != old.card_number
    assert new.replaces == old.card_number
    assert station.register.get(old.card_number).replaced_by == new.card_number
    assert not station.register.get(old.card_number).valid

    piv, identity = station.log_in(new_card, NEW_PIN)
    assert identity.holder.holder_id == old.holder_id
    with station.vault.open_session(old.holder_id, PivKey(piv, identity.key_management), "t") as s:
        assert s.profile()["nom"] == "Lefèvre-Ngoma"

    with pytest.raises(CardRevoked):
        station.login.identify(station.piv(old_card))
    # Even past the login checks, the old card's key opens nothing any more.
    old_piv = station.piv(old_card)
    old_piv.select()
    old_piv.verify(PIN)
    old_key = old_card.public_key(Slot.KEY_MANAGEMENT)
    assert old_key is not None
    with pytest.raises(NoKeyForRecipient):
        station.vault.open_session(old.holder_id, PivKey(old_piv, old_key), "t")

    events = station.audit()
    assert ("agent-7", AuditOp.CARD_REVOKE, f"card:{old.card_number}") in events
    issue = f"card:{new.card_number};replaces=card:{old.card_number}"
    assert ("agent-7", AuditOp.CARD_ISSUE, issue) in events
    assert any(op is AuditOp.KEY_REVOKE and actor == "agent-7" for actor, op, _ in events)

    with pytest.raises(CardAlreadyReplaced) as info:
        station.service.reissue(
            station.piv(station.blank("third")),
            old.card_number,
            PIN,
            PUK,
            actor="agent-7",
            escrow=station.escrow,
        )
    assert info.value.replaced_by == new.card_number


def test_reissue_checks_the_escrow_key_before_touching_the_card(station: Station) -> None:
    old = station.issue(station.blank("old")).entry
    new_card = station.blank("new")
    for escrow, reason in ((None, "missing"), (SoftwareKeyAgreement.generate(), "mismatch")):
        with pytest.raises(EscrowKeyProblem) as info:
            station.service.reissue(
                station.piv(new_card), old.card_number, PIN, PUK, actor="a", escrow=escrow
            )
        assert info.value.reason == reason
    assert new_card.public_key(Slot.AUTHENTICATION) is None
    assert station.register.get(old.card_number).valid


def test_a_staff_card_is_reissued_without_escrow(station: Station) -> None:
    old = station.issue(station.blank("old"), CAMILLE).entry
    new_card = station.blank("new")
    station.service.reissue(
        station.piv(new_card), old.card_number, PIN, PUK, actor="a", escrow=None
    )
    _piv, identity = station.log_in(new_card)
    assert identity.holder.display_name == "Camille Martin"
    assert identity.holder.holder_id == old.holder_id


def test_the_escrow_key_file_is_read_and_checked(station: Station, tmp_path: Path) -> None:
    loaded = load_escrow_key(station.escrow_file())
    assert loaded.public_key().public_numbers() == station.escrow.public_key().public_numbers()
    (tmp_path / "junk.pem").write_text("not a key")
    for bad in (tmp_path / "junk.pem", tmp_path / "missing.pem"):
        with pytest.raises(EscrowKeyProblem) as info:
            load_escrow_key(bad)
        assert info.value.reason == "unreadable"


# -- unblock ----------------------------------------------------------------------------------


def test_unblock_needs_the_right_puk_then_the_new_pin_works(station: Station) -> None:
    card = station.blank()
    number = station.issue(card).entry.card_number
    piv = station.piv(card)
    piv.select()
    for _ in range(3):
        with pytest.raises((WrongPin, PinBlocked)):
            piv.verify("000000")
    with pytest.raises(PinBlocked):
        station.log_in(card)

    with pytest.raises(WrongPin) as info:
        station.service.unblock(station.piv(card), "87654321", NEW_PIN, actor="agent-7")
    assert info.value.puk and info.value.tries_left == 2
    with pytest.raises(InvalidSecret):
        station.service.unblock(station.piv(card), PUK, "12", actor="agent-7")
    assert not any(op is AuditOp.CARD_UNBLOCK for _a, op, _o in station.audit())

    holder = station.service.unblock(station.piv(card), PUK, NEW_PIN, actor="agent-7")
    assert holder.card_number == number
    station.log_in(card, NEW_PIN)
    assert ("agent-7", AuditOp.CARD_UNBLOCK, f"card:{number}") in station.audit()


def test_a_blocked_puk_says_so(station: Station) -> None:
    card = station.blank()
    station.issue(card)
    for _ in range(2):
        with pytest.raises(WrongPin):
            station.service.unblock(station.piv(card), "87654321", NEW_PIN, actor="a")
    with pytest.raises(PinBlocked) as info:
        station.service.unblock(station.piv(card), "87654321", NEW_PIN, actor="a")
    assert info.value.puk


def test_unblocking_a_revoked_card_is_refused(station: Station) -> None:
    card = station.blank()
    number = station.issue(card).entry.card_number
    station.service.revoke(number, actor="a")
    with pytest.raises(CardRevoked):
        station.service.unblock(station.piv(card), PUK, NEW_PIN, actor="a")


# -- the desk ---------------------------------------------------------------------------------


def test_the_desk_uses_the_reader_with_a_card_on_the_reader_thread(station: Station) -> None:
    thread = ReaderThread()
    card = station.blank()
    seen: list[str] = []

    def connect(reader: str) -> InProcessConnection:
        seen.append(reader)
        if reader != "desk":
            raise CardRemoved(reader, "no card")
        return InProcessConnection(card, reader)

    desk = CardDesk(thread, lambda: ["session", "empty", "desk"], connect, lambda: {"session"})
    try:

        def issue(piv: PivClient) -> card_life.IssueResult:
            thread.assert_on_thread()
            return station.service.issue(piv, CAMILLE, PIN, PUK, actor="tech-1")

        result = desk.with_card(issue).result(10)
        assert seen == ["empty", "desk"]
        assert result.entry.role is HolderRole.AGENT
        nobody = CardDesk(thread, lambda: ["session"], connect, lambda: {"session"})
        with pytest.raises(NoCardOnDesk):
            nobody.with_card(lambda piv: None).result(10)
        assert desk.run(lambda: thread.on_thread()).result(10)
        started: list[ReaderThread] = []  # the card stack is not running yet
        later = CardDesk(lambda: started[0] if started else None, lambda: ["desk"], connect)
        with pytest.raises(DeskUnavailable):
            later.run(lambda: 1).result(10)
        started.append(thread)
        assert later.with_card(lambda piv: thread.on_thread()).result(10)
    finally:
        thread.shutdown()


# -- the command line -------------------------------------------------------------------------


def test_the_command_line_issues_looks_up_revokes_and_unblocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk import cli_card

    data = tmp_path / "data"
    card = VirtualPivCard.blank(tmp_path / "card.json")
    monkeypatch.setattr(cli_card, "open_connection", lambda reader: InProcessConnection(card))
    monkeypatch.delenv("KIOSK_ESCROW_PUBLIC_KEY", raising=False)

    def run(*argv: str) -> tuple[int, str]:
        code = cli.main(["--data-dir", str(data), "card", "--actor", "tech-9", *argv])
        return code, capsys.readouterr().out

    assert run("revoke", "000YSZ")[0] == 1  # no authority yet
    assert run("authority-init")[0] == 0
    code, out = run(
        "issue",
        "--role",
        "agent",
        "--family-name",
        "Martin",
        "--given-names",
        "Camille",
        "--card-number",
        "0O0YSZ",
        "--pin",
        PIN,
        "--puk",
        PUK,
    )
    assert code == 0, out
    assert "Carte 000YSZ émise" in out
    assert (data / "outbox" / "fiche-000YSZ.pdf").exists()
    code, out = run("lookup", "ooo-ysz", "MARTIN")
    assert code == 0 and "valide" in out
    assert run("lookup", "000YSZ", "Dupont") == (
        1,
        "Aucune carte émise ici ne correspond à ce numéro et à ce nom.\n",
    )
    code, out = run("unblock", "--puk", "11112222", "--new-pin", NEW_PIN)
    assert code == 1 and "PUK incorrect" in out and "2 essai" in out
    assert run("unblock", "--puk", PUK, "--new-pin", NEW_PIN)[0] == 0
    code, out = run(
        "issue", "--role", "beneficiary", "--family-name", "Lefèvre", "--pin", PIN, "--puk", PUK
    )
    assert code == 1 and "séquestre" in out
    assert run("revoke", "000ysz")[0] == 0
    code, out = run("lookup", "000YSZ", "martin")
    assert "révoquée" in out
    vault = open_vault(data, "station-dev", None)
    try:
        with vault.db.transaction() as s:
            ops = [(e.actor, e.op) for e, _ in vault.journal.rows(s)]
    finally:
        vault.db.close()
    assert ops == [
        ("tech-9", AuditOp.CARD_ISSUE),
        ("tech-9", AuditOp.CARD_UNBLOCK),
        ("tech-9", AuditOp.CARD_REVOKE),
    ]
