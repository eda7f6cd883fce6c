"""Fixtures of the workflow tests: a real SQLite tracking database with a hand-moved clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from workflow_helpers import Clock

from guardian.tracking import Tracker
from guardian.tracking.backend import SQLiteBackend


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def tracker(tmp_path: Path, clock: Clock) -> Iterator[Tracker]:
    opened = Tracker(
        SQLiteBackend(tmp_path / ".guardian" / "tracking.db"),
        version=7,
        required_roles=("Layer Guardian", "Test Sentinel"),
        clock=clock,
    )
    yield opened
    opened.close()
