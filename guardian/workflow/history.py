"""What happened to each batch: the journal's manifests, else the tracker's batch records.

The journal (``rollback``) is the truth about the tree; the tracker only mirrors it. A repository
whose journal cannot be read (not yet written, or ``rollback`` unavailable) falls back to the
batch records the commands left in the tracker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from guardian.tracking import Tracker
from guardian.tracking.store import parse_stamp


@dataclass(frozen=True)
class BatchChange:
    """One batch's status as of ``at``: ``applied``, ``reverted``, ``failed`` or ``started``."""

    batch_id: str
    kind: str
    status: str
    at: datetime
    files: tuple[str, ...] = ()


def batch_history(repo: Path, tracker: Tracker) -> list[BatchChange]:
    """Every batch's latest state, oldest change first."""
    from_journal = journal_changes(repo)
    if from_journal is not None:
        return from_journal
    changes = []
    for event in reversed(tracker.events("batch")):
        data = event.payload or {}
        changes.append(BatchChange(str(data.get("batch")), str(data.get("kind", "rename")), str(data.get("status")),
                                   parse_stamp(event.at), tuple(data.get("files", []))))
    return changes


def journal_changes(repo: Path) -> list[BatchChange] | None:
    """The journal's manifests as changes; None when there is no readable journal."""
    if not (repo / ".guardian" / "journal").is_dir():
        return None
    try:
        from rollback import Journal
    except ImportError:
        return None
    changes = []
    for manifest in Journal(repo).entries():
        status = str(_field(manifest, "status", ""))
        at = _time(manifest, status)
        if at is None:
            continue
        changes.append(BatchChange(str(_field(manifest, "batch_id", "?")), _kind(manifest), status, at,
                                   tuple(_files(manifest))))
    return sorted(changes, key=lambda c: c.at)


def _field(manifest: Any, name: str, default: Any) -> Any:
    if isinstance(manifest, dict):
        return manifest.get(name, default)
    return getattr(manifest, name, default)


def _kind(manifest: Any) -> str:
    kind = str(_field(manifest, "kind", "rename") or "rename")
    return "rename" if kind in ("rename", "renames", "rename-batch") else kind


def _files(manifest: Any) -> list[str]:
    files = _field(manifest, "files", ()) or ()
    if isinstance(files, dict):
        return [str(k) for k in files]
    return [str(_field(f, "path", f)) for f in files]


def _time(manifest: Any, status: str) -> datetime | None:
    """When the manifest reached its status (reverted_at, applied_at ... or any timestamp it has)."""
    for name in (f"{status}_at", "updated_at", "finished_at", "completed_at", "created_at", "started_at", "timestamp"):
        value = _field(manifest, name, None)
        if value is None:
            stamps = _field(manifest, "timestamps", None)
            value = stamps.get(status) if isinstance(stamps, dict) else None
        moment = _to_datetime(value)
        if moment is not None:
            return moment
    return None


def _to_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, timezone.utc)
    if isinstance(value, str) and value:
        try:
            return parse_stamp(value)
        except ValueError:
            try:
                moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return None
            return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return None
