""""À traiter": refused and merged operations, worded, and "C'est vu", which drops nothing.

The items are made through the real outbox (the platform's answers stored as the worker
stores them) and the conflicts through the shadow (as a pull stores them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.sync import outbox
from kiosk.sync.protocol.hlc import physical_ms
from kiosk.sync.protocol.ops import OpCode
from kiosk.sync.protocol.state import ConflictReason
from kiosk.ui.app import KioskUi
from kiosk.ui.flow import ScreenName
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.screens.home_agent import AgentHomeScreen
from kiosk.ui.screens.home_technician import TechnicianHomeScreen
from kiosk.ui.screens.todo import TodoScreen
from kiosk.ui.sync_jobs import SyncServices
from kiosk.ui.sync_words import date_time
from kiosk.ui.theme import Theme
from kiosk.vault.db import Database

from .syncdesk import HERE, OTHER, merge_with_conflict, offline_worker, refuse, station_db

NB = "\u00a0"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    made = station_db(tmp_path / "station")
    yield made
    made.close()


@pytest.fixture
def services(db: Database) -> Iterator[SyncServices]:
    made = SyncServices(db, offline_worker(db), station_id=HERE, status_interval_ms=40)
    yield made
    made.close()


@pytest.fixture
def screen(qtbot: QtBot, language: LanguageSwitcher, services: SyncServices) -> TodoScreen:
    made = TodoScreen(Theme(), language, services)
    qtbot.addWidget(made)
    made.resize(1280, 800)
    made.show()
    qtbot.waitExposed(made)
    return made


def _listed(qtbot: QtBot, screen: TodoScreen, count: int) -> None:
    qtbot.waitUntil(lambda: not screen.busy and len(screen.cards) == count, timeout=3000)


def _open_items(db: Database) -> list[outbox.TodoItem]:
    with db.transaction() as session:
        return outbox.open_todo(session)


def test_refused_and_merged_items_say_what_why_who_and_when(
    qtbot: QtBot, screen: TodoScreen, db: Database
) -> None:
    refuse(db, "ar.transition", OpCode.ILLEGAL_TRANSITION)
    _row, theirs = merge_with_conflict(db, "adresse")
    screen.open()
    _listed(qtbot, screen, 2)
    refused, merged = screen.cards
    assert refused.heading.text() == "Transition de la demande"
    assert refused.reason.text() == (
        f"Refusé{NB}: La demande avait déjà changé d’état sur une autre station"
    )
    assert refused.details.text().startswith("Fait le ")
    assert ", réponse de la plateforme le " in refused.details.text()

    assert merged.heading.text() == "Modification du dossier"
    assert merged.reason.text() == (
        f"Conflit sur «{NB}Adresse{NB}»{NB}: Modifié sur deux stations en même temps{NB}: "
        "la modification la plus récente est gardée"
    )
    kept, not_applied, when = merged.details.text().split("\n")
    assert kept == f"Valeur gardée{NB}: station {OTHER}, le {date_time(physical_ms(theirs) / 1000)}"
    assert not_applied.startswith(f"Valeur non appliquée{NB}: cette station, le ")
    assert when.startswith("Fait le ")
    for card in screen.cards:
        assert card.seen_button.text() == "C’est vu"
        assert card.seen_button.accessibleName() == f"C’est vu{NB}: {card.heading.text()}"
        assert card.seen_button.height() >= 64
        assert card.seen_button.isEnabled()
    assert not screen.empty.isVisibleTo(screen)


def test_cest_vu_resolves_one_item_and_keeps_it(
    qtbot: QtBot, screen: TodoScreen, db: Database
) -> None:
    refuse(db, "ar.transition", OpCode.ILLEGAL_TRANSITION)
    refuse(db, "ar.patch", OpCode.FORBIDDEN)
    screen.open()
    _listed(qtbot, screen, 2)
    first = screen.cards[0].entry
    with qtbot.waitSignal(screen.resolved) as seen:
        QTest.mouseClick(screen.cards[0].seen_button, Qt.MouseButton.LeftButton)
    assert seen.args == [first.item_id]
    _listed(qtbot, screen, 1)
    forbidden = f"Refusé{NB}: Ce dossier appartient à une autre structure"
    assert screen.cards[0].reason.text() == forbidden
    assert screen.intro.text() == "C’est noté. L’envoi reste dans l’historique de la station."
    assert [item.id for item in _open_items(db)] == [screen.cards[0].entry.item_id]
    with db.transaction() as session:
        kept = session.scalars(select(outbox.TodoItem).order_by(outbox.TodoItem.id)).all()
        assert [item.id for item in kept] == [first.item_id, screen.cards[0].entry.item_id]
        assert kept[0].resolved_at is not None  # looked at, not dropped
        assert kept[1].resolved_at is None

    QTest.mouseClick(screen.cards[0].seen_button, Qt.MouseButton.LeftButton)
    _listed(qtbot, screen, 0)
    assert screen.empty.text() == "Rien à traiter."
    assert screen.empty.isVisibleTo(screen)


def test_a_conflict_not_pulled_yet_says_its_details_will_come(
    qtbot: QtBot, screen: TodoScreen, db: Database
) -> None:
    merge_with_conflict(db, "nom", ConflictReason.IDENTITY_FIELD, pulled=False)
    screen.open()
    _listed(qtbot, screen, 1)
    card = screen.cards[0]
    assert card.reason.text() == (
        f"Conflit{NB}: le détail arrive avec la prochaine synchronisation"
    )
    assert card.details.text().startswith("Fait le ")  # no value lines: not pulled yet


def test_the_screen_in_english_and_forgotten_by_reset(
    qtbot: QtBot, screen: TodoScreen, db: Database, language: LanguageSwitcher
) -> None:
    merge_with_conflict(db, "nom", ConflictReason.IDENTITY_FIELD)
    screen.open()
    _listed(qtbot, screen, 1)
    language.set_language("en")
    card = screen.cards[0]
    assert screen.title.text() == "To handle"
    assert card.heading.text() == "Change to the file"
    assert card.reason.text().startswith("Conflict on “")
    assert card.details.text().startswith("Value kept: kiosk st_other, on ")
    assert card.seen_button.text() == "Seen"
    screen.reset()
    assert screen.cards == [] and screen.entries == []


def test_the_staff_open_it_from_their_home_and_the_count_follows(
    qtbot: QtBot, make_ui: Callable[..., KioskUi], services: SyncServices, db: Database
) -> None:
    refuse(db, "ar.transition", OpCode.ILLEGAL_TRANSITION)
    merge_with_conflict(db)
    ui = make_ui(sync=services)
    ui.window.resize(1280, 800)
    ui.window.show()
    agent = ui.screens.homes[ScreenName.HOME_AGENT]
    technician = ui.screens.homes[ScreenName.HOME_TECHNICIAN]
    assert isinstance(agent, AgentHomeScreen) and isinstance(technician, TechnicianHomeScreen)
    ui.window.show_screen(agent.screen_id)
    qtbot.waitUntil(lambda: agent.todo_tile.note.text() == "2 envois à regarder", timeout=3000)
    assert agent.todo_tile.name.text() == "À traiter"
    assert agent.todo_tile.accessibleName() == "À traiter"
    assert agent.todo_tile.height() >= 120
    assert technician.todo_tile.note.text() == "2 envois à regarder"
    assert agent.sync_line.shown.text() == "1 conflit à regarder · 1 envoi refusé à regarder"

    QTest.mouseClick(agent.todo_tile, Qt.MouseButton.LeftButton)
    assert ui.sync is not None
    todo = ui.sync.screen
    assert ui.window.current_screen() is todo
    _listed(qtbot, todo, 2)
    QTest.mouseClick(todo.cards[1].seen_button, Qt.MouseButton.LeftButton)
    _listed(qtbot, todo, 1)
    qtbot.waitUntil(lambda: agent.todo_tile.note.text() == "1 envoi à regarder", timeout=3000)
    assert agent.sync_line.shown.text() == "1 envoi refusé à regarder"

    QTest.mouseClick(todo.back_button, Qt.MouseButton.LeftButton)
    assert ui.window.current_screen() is agent
    ui.window.show_screen(technician.screen_id)
    QTest.mouseClick(technician.todo_tile, Qt.MouseButton.LeftButton)
    assert ui.window.current_screen() is todo
    _listed(qtbot, todo, 1)
    QTest.mouseClick(todo.back_button, Qt.MouseButton.LeftButton)
    assert ui.window.current_screen() is technician


def test_five_tiles_fit_two_rows_of_three(
    qtbot: QtBot, make_ui: Callable[..., KioskUi], services: SyncServices
) -> None:
    ui = make_ui(sync=services)
    agent = ui.screens.homes[ScreenName.HOME_AGENT]
    assert isinstance(agent, AgentHomeScreen)
    agent.offer_cards()
    ui.window.resize(1280, 800)
    ui.window.show()
    ui.window.show_screen(agent.screen_id)
    qtbot.waitExposed(ui.window)
    qtbot.waitUntil(lambda: agent.sync_line.isVisible(), timeout=3000)
    tiles = [*agent.tiles, agent.cards_tile, agent.todo_tile]
    rows = sorted({tile.geometry().top() for tile in tiles})
    assert len(rows) == 2
    assert all(tile.geometry().bottom() < agent.sync_line.geometry().top() for tile in tiles)
    assert agent.hint.geometry().bottom() <= agent.height()
