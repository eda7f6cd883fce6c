"""The tracking database: phases, tasks, audits, ENUM migrations, impacts and test results.

SQLite at ``.guardian/tracking.db`` by default; ``GUARDIAN_TRACKING_URL=postgresql://...`` puts the
same tables in PostgreSQL so a team shares one.
"""

from __future__ import annotations

import os
from pathlib import Path

from guardian.tracking.backend import TrackingError, connect
from guardian.tracking.records import Approval, CheckRecord, EnumRecord
from guardian.tracking.tracker import Tracker
from guardian.tracking.tracking_store import Event, PhaseState, Task
from guardian.workflow.phases import leads
from planner.config import Config

ENV_URL = "GUARDIAN_TRACKING_URL"

__all__ = [
    "Approval",
    "CheckRecord",
    "EnumRecord",
    "Event",
    "PhaseState",
    "Task",
    "Tracker",
    "TrackingError",
    "open_tracker",
]


def open_tracker(repo: Path, config: Config, url: str | None = None, *, adopt: bool = False) -> Tracker:
    """Open (creating and migrating as needed) the tracking database of ``repo``.

    Args:
        repo: the repository root (the SQLite file lives in its ``.guardian/``).
        config: gives the table prefix (version), the phase leads and the required approval roles.
        url: a database URL; default ``$GUARDIAN_TRACKING_URL``, else the SQLite file.
        adopt: take a SQLite file made elsewhere as this repository's own (``--trust-tracking``).

    Raises:
        TrackingError: the database cannot be opened, was migrated by a newer Guardian, or is a SQLite
            file not bound to this repository and user (guardian.tracking.binding).
        ConfigError: ``[tool.guardian.workflow] leads`` is malformed.
    """
    workflow = config.extra_table("workflow")
    team = leads(workflow.get("leads"), config.source or "pyproject.toml")
    return Tracker(
        connect(repo, url if url is not None else os.environ.get(ENV_URL), adopt=adopt),
        version=config.version,
        leads=team,
        required_roles=config.required_roles,
    )
