"""The sync tests reuse the central tests' fixtures: the real platform in a subprocess, on
SQLite and on PostgreSQL (``tests/central/conftest.py``), loaded here under another module
name so both folders can run in one session."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_CENTRAL = Path(__file__).resolve().parents[1] / "central"
if str(_CENTRAL) not in sys.path:
    sys.path.insert(0, str(_CENTRAL))


def _load_central_fixtures() -> object:
    name = "central_test_fixtures"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, _CENTRAL / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_central = _load_central_fixtures()
admin = _central.admin  # type: ignore[attr-defined]
backend = _central.backend  # type: ignore[attr-defined]
database_url = _central.database_url  # type: ignore[attr-defined]
fresh_database_url = _central.fresh_database_url  # type: ignore[attr-defined]
postgres = _central.postgres  # type: ignore[attr-defined]
server = _central.server  # type: ignore[attr-defined]
structure = _central.structure  # type: ignore[attr-defined]
