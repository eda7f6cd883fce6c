"""What happened to each batch: the journal's manifests, else the tracker's batch records.

The journal (``rollback``) is the truth about the tree; the tracker only mirrors it. A repository
whose journal cannot be read (not yet written, or ``rollback`` unavailable) falls back to the
batch records the commands left in the tracker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from guardian.tracking import Tracker
from guardian.tracking.tracking_store import parse_stamp

if TYPE_CHECKING:
    from rollback import Manifest


@dataclass(frozen=True)
class BatchChange:
    """One batch's status as of ``at``: ``applied``, ``reverted``, ``failed`` or ``started``."""

    batch_id: str
    kind: str
    status: str
    at: datetime
    files: tuple[str, ...] = ()
    #: old dotted module -> new, as the journal recorded it (None when unknown)
    mapping: tuple[tuple[str, str], ...] | None = None


def batch_history(repo: Path, tracker: Tracker) -> list[BatchChange]:
    """Every batch's latest state, oldest change first."""
    from_journal = journal_changes(repo)
    if from_journal is not None:
        return from_journal
    changes = []
    for event in reversed(tracker.events("batch")):
        data = event.payload or {}
        changes.append(
            BatchChange(
                str(data.get("batch")),
                str(data.get("kind", "rename")),
                str(data.get("status")),
                parse_stamp(event.at),
                tuple(data.get("files", [])),
            )
        )
    return changes


def journal_changes(repo: Path) -> list[BatchChange] | None:
    """The journal's manifests as changes; None when there is no readable journal.

    A reverted batch counts from its revert time, an applied one from its apply time, anything
    else (started, failed) from its creation.
    """
    manifests = _journal_entries(repo)
    if manifests is None:
        return None
    changes = []
    for manifest in manifests:
        stamp = {"applied": manifest.applied, "reverted": manifest.reverted}.get(manifest.status) or manifest.created
        files = tuple(p for record in manifest.files for p in (record.old_path, record.path) if p)
        found = manifest.meta.get("mapping") if isinstance(manifest.meta, dict) else None
        mapping = tuple(sorted((str(k), str(v)) for k, v in found.items())) if isinstance(found, dict) else None
        changes.append(
            BatchChange(
                manifest.batch_id,
                manifest.kind,
                manifest.status,
                _to_datetime(stamp) or datetime.now(UTC),
                files,
                mapping,
            )
        )
    return sorted(changes, key=lambda c: c.at)


def _to_datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parse_stamp(value)
    except ValueError:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def renamed_modules(repo: Path) -> dict[str, str] | None:
    """Old dotted module -> new, over every applied rename batch of the journal (None: no journal).

    Read from each manifest's ``meta["mapping"]`` (what apply really did), so a plan re-made since
    cannot change the answer.
    """
    manifests = _journal_entries(repo)
    if manifests is None:
        return None
    mapping: dict[str, str] = {}
    for manifest in manifests:
        if manifest.status == "applied" and manifest.kind == "rename":
            found = manifest.meta.get("mapping") if isinstance(manifest.meta, dict) else None
            if isinstance(found, dict):
                mapping.update({str(k): str(v) for k, v in found.items()})
    return mapping


def _journal_entries(repo: Path) -> list[Manifest] | None:
    """The journal's entries, oldest first; None when there is no readable journal (a corrupt one:
    `guardian journal` / `recover` report it, and status still shows the rest)."""
    if not (repo / ".guardian" / "journal").is_dir():
        return None
    from rollback import Journal, RollbackError

    try:
        return Journal(repo).entries()
    except RollbackError:
        return None
