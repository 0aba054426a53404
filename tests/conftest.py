"""Fixtures shared by every test folder: the real pcscd with its virtual readers.

``ensure_pcscd`` uses the machine's pcscd when one runs, else starts one, which this
fixture stops at the end of the run. A missing pcscd or vpcd driver fails the tests that
need it: it is never a skip.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.hardware.pcscd_service import PcscdService, ensure_pcscd


@pytest.fixture(scope="session")
def pcscd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PcscdService]:
    service = ensure_pcscd(tmp_path_factory.mktemp("pcscd"))
    yield service
    service.stop()
