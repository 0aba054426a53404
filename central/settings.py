"""The platform's settings: where its data lives, which database, a few limits.

``kiosk-central serve`` with no option keeps everything in one data directory (SQLite file,
blobs, the development outbox): ``$KIOSK_CENTRAL_DATA``, else
``$XDG_DATA_HOME/kiosk-central``. ``$KIOSK_CENTRAL_DATABASE_URL`` (or ``--database-url``)
points at PostgreSQL in production: ``postgresql+psycopg://user@host/db``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk.sync.protocol.signing import CLOCK_SKEW_SECONDS

ENV_DATA = "KIOSK_CENTRAL_DATA"
ENV_DATABASE = "KIOSK_CENTRAL_DATABASE_URL"


@dataclass(frozen=True, slots=True)
class CentralSettings:
    """Everything the platform needs to start.

    Attributes:
        data_dir: blobs, uploads in progress, the development outbox (and the SQLite file).
        database_url: SQLAlchemy URL.
        clock_skew_seconds: how far a signed request's timestamp may be from the server's.
        enrol_code_hours: how long a new enrolment code stays valid.
        max_body_bytes: largest request body (chunks included).
    """

    data_dir: Path
    database_url: str
    clock_skew_seconds: int = CLOCK_SKEW_SECONDS
    enrol_code_hours: int = 24
    max_body_bytes: int = 16 << 20


def default_data_dir(environ: Mapping[str, str]) -> Path:
    """The data directory when none is given."""
    if environ.get(ENV_DATA):
        return Path(environ[ENV_DATA])
    base = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kiosk-central"


def sqlite_url(data_dir: Path) -> str:
    """The SQLite database inside a data directory."""
    return f"sqlite+pysqlite:///{data_dir / 'central.db'}"


def load_settings(
    environ: Mapping[str, str] | None = None,
    data_dir: Path | None = None,
    database_url: str | None = None,
) -> CentralSettings:
    """Settings from explicit values, else the environment, else the defaults."""
    env = os.environ if environ is None else environ
    directory = data_dir or default_data_dir(env)
    url = database_url or env.get(ENV_DATABASE) or sqlite_url(directory)
    return CentralSettings(data_dir=directory, database_url=url)
