"""A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl in a temporary directory.

The server binaries come from the Debian ``postgresql`` package (``scripts/apt-packages.txt``;
``make setup`` installs it). PostgreSQL refuses to run as root, so when the tests run as root
the cluster belongs to the ``postgres`` system user and every server command runs through
``runuser``. With ``KIOSK_TEST_POSTGRES_URL`` set (an SQLAlchemy URL of a database the tests
may create databases from), that server is used instead and nothing is started.

A missing PostgreSQL is an error, never a skip.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

ENV_URL = "KIOSK_TEST_POSTGRES_URL"
SUPERUSER = "kiosk"


class PostgresMissing(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def _version(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", path.parent.parent.name)) or (0,)


def find_bindir() -> Path:
    """The newest PostgreSQL server ``bin`` directory (Debian keeps them out of ``PATH``)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=_version)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise PostgresMissing(
        "PostgreSQL server binaries not found (initdb, pg_ctl): install the Debian package "
        "'postgresql' (make setup installs it), or set KIOSK_TEST_POSTGRES_URL"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class PostgresServer:
    """A PostgreSQL server the tests may create databases on."""

    def __init__(self, admin_url: str, owned: Path | None = None, bindir: Path | None = None):
        self.admin_url = admin_url
        self._owned = owned
        self._bindir = bindir

    @classmethod
    def start(cls, *, fsync: bool = False) -> PostgresServer:
        """Use ``$KIOSK_TEST_POSTGRES_URL``, else initdb and start a private cluster."""
        external = os.environ.get(ENV_URL)
        if external:
            return cls(external)
        bindir = find_bindir()
        root = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
        data = root / "data"
        as_postgres = os.geteuid() == 0
        if as_postgres:
            entry = pwd.getpwnam("postgres")
            os.chown(root, entry.pw_uid, entry.pw_gid)
        server = cls("", owned=root, bindir=bindir)
        port = _free_port()
        server._run(
            "initdb",
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-instructions",
            "--no-sync",
        )
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1"
        if not fsync:
            options += " -F -c synchronous_commit=off -c full_page_writes=off"
        server._run(
            "pg_ctl",
            "-D",
            str(data),
            "-l",
            str(root / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )
        server.admin_url = f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/postgres"
        return server

    def _run(self, tool: str, *args: str) -> None:
        if self._bindir is None or self._owned is None:
            raise RuntimeError("not a cluster of ours")
        command = [str(self._bindir / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(
            command, capture_output=True, text=True, cwd=self._owned, check=False, timeout=120
        )
        if done.returncode != 0:
            log = self._owned / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stderr}\n{tail}")

    def _connect(self) -> psycopg.Connection[tuple[object, ...]]:
        url = make_url(self.admin_url)
        return psycopg.connect(
            host=url.host or "127.0.0.1",
            port=url.port or 5432,
            user=url.username,
            password=url.password,
            dbname=url.database or "postgres",
            autocommit=True,
        )

    def create_database(self, prefix: str = "kiosk_central") -> str:
        """A new empty database; its SQLAlchemy URL."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with self._connect() as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def drop_database(self, url: str) -> None:
        """Drop a database made by :meth:`create_database`."""
        name = make_url(url).database
        with self._connect() as connection:
            statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            connection.execute(statement.format(sql.Identifier(str(name))))

    def stop(self) -> None:
        """Stop and delete the private cluster (nothing for an external server)."""
        if self._owned is None:
            return
        try:
            self._run("pg_ctl", "-D", str(self._owned / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self._owned, ignore_errors=True)
            self._owned = None
