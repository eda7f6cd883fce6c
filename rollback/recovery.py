"""Crash recovery: every interrupted batch is finished or rolled back, never left half-way.

Because each path moves from its before state to its after state in one atomic step, a crash leaves
every path of the batch in one of those two states. Recovery decides per batch:

* ``started`` (interrupted apply): when every path is already in its after state and the SQL, if
  any, is known to have committed, the batch is completed (status ``applied``); otherwise every path
  goes back to its before state (status ``failed``). If the crash hit while ``up.sql`` was running,
  the database outcome is unknown: the files are rolled back and the line says to check the database.
* ``reverting`` (interrupted revert): the revert is finished (status ``reverted``); if its SQL had not
  started yet, the batch simply stays ``applied``.

A path in neither state was changed by someone since the crash: recovery refuses (:class:`Drift`,
exit 4) and changes nothing, so no work is ever lost. Files the batch does not touch are never read or
written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rollback.converge import StepFailed, converge, describe_drift, drifted_paths
from rollback.errors import BatchFailed, Drift
from rollback.fsio import FileState, Observed, observe
from rollback.manifest import Manifest, now_iso
from rollback.store import JournalStore


def _converge(store: JournalStore, manifest: Manifest, to: str) -> None:
    reader = store.blob_reader(manifest.batch_id)
    try:
        drifted = converge(
            store.repo,
            manifest.files,
            "after" if to == "after" else "before",
            reader,
            staging=store.staging(manifest.batch_id),
            phase="recover-",
            created_dirs=manifest.created_dirs,
        )
    except StepFailed as exc:
        raise recovery_failed(manifest.batch_id, exc) from exc
    if drifted:
        raise Drift(manifest.batch_id, describe_drift(drifted), action="recovery")


def _changed_count(store: JournalStore, manifest: Manifest) -> int:
    return sum(
        1
        for record in manifest.files
        if observe(store.repo, record.path) == record.after and record.after != record.before
    )


def recover_entry(store: JournalStore, manifest: Manifest) -> str:
    """Finish or roll back one interrupted batch and record the outcome in its manifest.

    Returns:
        One line saying what was done.

    Raises:
        Drift: a file of the batch is in neither its before nor its after state (nothing changed).
        BatchFailed: a recovery step failed (run recover again).
    """
    batch_id = manifest.batch_id
    drifted = drifted_paths(store.repo, manifest.files, ("before", "after"))
    if drifted:
        raise Drift(batch_id, describe_drift(drifted), action="recovery")
    if manifest.status == "reverting":
        if manifest.sql_state == "up-applied":
            store.write(manifest.with_status("applied"))
            _converge(store, manifest, "after")
            return f"batch {batch_id}: revert was interrupted before it changed anything; the batch stays applied"
        _converge(store, manifest, "before")
        store.write(manifest.with_status("reverted", reverted=now_iso()))
        note = "; down.sql was running: check the database" if manifest.sql_state == "down-running" else ""
        return f"batch {batch_id}: interrupted revert finished (status reverted){note}"
    total = len(manifest.files)
    done = _changed_count(store, manifest)
    all_after = not drifted_paths(store.repo, manifest.files, ("after",))
    if all_after and manifest.sql_state in ("none", "up-applied"):
        store.write(manifest.with_status("applied", applied=now_iso(), error=None))
        return f"batch {batch_id}: interrupted after all {total} file change(s); completed (status applied)"
    _converge(store, manifest, "before")
    if manifest.sql_state == "up-running":
        why = "interrupted while up.sql was running; files rolled back; the database may hold part of up.sql"
        store.write(manifest.with_status("failed", error=why))
        return f"batch {batch_id}: {why} -- check it and run {manifest.down_sql} by hand if needed (status failed)"
    store.write(
        manifest.with_status(
            "failed", error=f"interrupted by a crash after {done} of {total} file change(s); rolled back"
        )
    )
    return (
        f"batch {batch_id}: interrupted after {done} of {total} file change(s); rolled back to the tree "
        "before the batch (status failed)"
    )


def revert_all_drift(repo: Path, newest_first: Sequence[Manifest]) -> None:
    """Check, before any change, that reverting these batches in this order meets no drifted file.

    Each batch must find its paths in their after state once the newer batches are reverted, which
    is simulated on a virtual view of the tree.

    Raises:
        Drift: the first batch with drifted files, listing them.
    """
    view: dict[str, Observed] = {}
    for manifest in newest_first:
        drifted = []
        for record in manifest.files:
            now = view[record.path] if record.path in view else observe(repo, record.path)
            if now != record.after:
                why = (
                    "deleted"
                    if now is None
                    else "mode changed"
                    if isinstance(now, FileState) and record.after is not None and now.sha256 == record.after.sha256
                    else "modified"
                )
                drifted.append(f"{record.path} ({why})")
        if drifted:
            raise Drift(manifest.batch_id, drifted)
        for record in manifest.files:
            view[record.path] = record.before


def recovery_failed(batch_id: str, exc: StepFailed) -> BatchFailed:
    """The error of a recovery step that failed: the tree is left as it is, for ``guardian recover`` again."""
    return BatchFailed(
        batch_id,
        f"recovery step {exc.step.describe()}",
        exc.reason,
        restored=False,
        hint="fix the cause (disk space, permissions) and run `guardian recover` again",
    )
