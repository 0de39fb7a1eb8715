"""The consent server under faults: crashes under load, storage that is locked, full or read-only,
and clients that hold connections open. Each check starts its own real server and stops by itself.

Environment:
  PIGMENT_BIN   the pigment binary (default: <repo>/.build/debug/pigment)
  CI            when true a part that cannot start fails the check (here every part is required anyway)
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from consent_server import PIGMENT_BIN


def pytest_report_header(config):
    return [f"pigment: {PIGMENT_BIN}"]


@pytest.fixture(scope="session", autouse=True)
def pigment_binary():
    if not PIGMENT_BIN.exists():
        pytest.fail(f"{PIGMENT_BIN} does not exist: build it first (make test does)", pytrace=False)


@pytest.fixture
def workdir():
    """A folder every user may enter (the read-only check runs its server as nobody), removed after."""
    path = Path(tempfile.mkdtemp(prefix="pigment-faults-", dir="/tmp"))
    path.chmod(0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)
