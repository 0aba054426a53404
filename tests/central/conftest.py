"""The central platform under test: a real server over HTTP, on SQLite and on PostgreSQL.

``backend`` is a session fixture with two values, so every test that reaches the server runs
once against each database. The PostgreSQL cluster is started only when a PostgreSQL test
runs (see ``pgcluster.py``), and is stopped at the end of the session.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pgcluster import PostgresServer
from stationkit import CentralServer, Station

from central.db import CentralDatabase
from central.enrolment import create_enrol_code
from central.settings import sqlite_url


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer.start()
    yield server
    server.stop()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def fresh_database_url(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """An empty database of the current backend, for this test only."""
    if backend == "sqlite":
        yield sqlite_url(tmp_path / "db")
        return
    postgres: PostgresServer = request.getfixturevalue("postgres")
    url = postgres.create_database()
    yield url
    postgres.drop_database(url)


@pytest.fixture(scope="session")
def database_url(
    backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[str]:
    """The database of the session's server, per backend."""
    if backend == "sqlite":
        yield sqlite_url(tmp_path_factory.mktemp("central-sqlite"))
        return
    postgres: PostgresServer = request.getfixturevalue("postgres")
    url = postgres.create_database()
    yield url
    postgres.drop_database(url)


@pytest.fixture(scope="session")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CentralServer]:
    """The platform, one process per backend for the whole session."""
    process = CentralServer(tmp_path_factory.mktemp("central-data"), database_url).start()
    yield process
    process.stop()


@pytest.fixture(scope="session")
def admin(server: CentralServer) -> Iterator[CentralDatabase]:
    """The server's database, for what an administrator does (codes, answers, revocations)."""
    db = CentralDatabase(server.database_url)
    yield db
    db.dispose()


@pytest.fixture
def structure() -> str:
    """A structure of this test only."""
    return f"cms-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def enrol(server: CentralServer, admin: CentralDatabase) -> Iterator[Callable[[str], Station]]:
    """Enrol a new station of a structure (created on first use)."""
    made: list[Station] = []

    def make(structure_id: str) -> Station:
        station = Station.enrol(server.base_url, create_enrol_code(admin, structure_id))
        made.append(station)
        return station

    yield make
    for station in made:
        station.close()
