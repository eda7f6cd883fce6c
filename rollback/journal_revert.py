"""Revert one applied batch: refuse when a file drifted or a later batch builds on it, run ``down.sql``,
then restore every file from the journal's blobs; a failure part-way puts the batch back as applied.

Fault-injection steps (``GUARDIAN_CRASH_AT``): revert-after-start, revert-after-sql, revert-after-op-<n>,
revert-before-final-status.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rollback.converge import StepFailed, converge, describe_drift, drifted_paths
from rollback.errors import BatchFailed, DatabaseRequired, Drift, JournalConflict
from rollback.fsio import crash_point
from rollback.manifest import Manifest, now_iso
from rollback.operations import SqlExecutor
from rollback.paths import check_no_symlinks
from rollback.store import DOWN_SQL, JournalStore


def revert_batch(
    store: JournalStore,
    repo: Path,
    manifest: Manifest,
    entries: Callable[[], list[Manifest]],
    executor: SqlExecutor | None,
) -> Manifest:
    """Revert one applied batch (the caller holds the repository lock); see :meth:`rollback.Journal.revert`."""
    batch_id = manifest.batch_id
    if manifest.status != "applied":
        raise JournalConflict(
            batch_id,
            f"is {manifest.status}, only an applied batch can be reverted",
            hint="`guardian journal` shows every batch and its status",
        )
    later = [
        m
        for m in entries()
        if m.sequence > manifest.sequence
        and m.status == "applied"
        and (_paths(m) & _paths(manifest) or (m.up_sql and manifest.up_sql))
    ]
    if later:
        names = ", ".join(m.batch_id for m in reversed(later))
        raise JournalConflict(
            batch_id,
            f"later applied batch(es) {names} build on it (same files or database)",
            hint=f"revert batch {later[-1].batch_id} first (`guardian revert --last` goes newest first)",
        )
    for record in manifest.files:
        check_no_symlinks(repo, record.path, where=f"journal of batch {batch_id}")
    drifted = drifted_paths(repo, manifest.files, ("after",))
    if drifted:
        raise Drift(batch_id, describe_drift(drifted))
    if manifest.up_sql and manifest.sql_state == "up-applied" and executor is None:
        raise DatabaseRequired(batch_id, "revert")
    reader = store.blob_reader(batch_id)
    needed = {r.before.sha256: reader(r.before.sha256) for r in manifest.files if r.before is not None}
    if manifest.sql_state == "up-applied" and executor is not None:
        store.read_signed(batch_id, DOWN_SQL)  # a down.sql edited since is refused before any change
    manifest = manifest.with_status("reverting")
    store.write(manifest)
    crash_point("revert-after-start")
    if manifest.sql_state == "up-applied" and executor is not None:
        _run_down(store, manifest, executor)
        manifest = manifest.with_status("reverting", sql_state="down-applied")
        store.write(manifest)
        crash_point("revert-after-sql")
    try:
        converge(
            repo,
            manifest.files,
            "before",
            needed.__getitem__,
            staging=store.staging(batch_id),
            phase="revert-",
            created_dirs=manifest.created_dirs,
        )
    except StepFailed as exc:
        _undo_revert(store, repo, manifest, f"{exc.step.describe()}: {exc.reason}")
        raise BatchFailed(
            batch_id,
            f"reverting {exc.step.describe()}",
            exc.reason,
            hint="the batch stays applied; fix the cause and retry",
        ) from exc
    crash_point("revert-before-final-status")
    manifest = manifest.with_status("reverted", reverted=now_iso())
    store.write(manifest)
    store.clear_staging(batch_id)
    return manifest


def _run_down(store: JournalStore, manifest: Manifest, executor: SqlExecutor) -> None:
    down = store.read_signed(manifest.batch_id, DOWN_SQL).decode("utf-8")  # never a path the manifest names
    store.write(manifest.with_status("reverting", sql_state="down-running"))
    try:
        executor(down)
    except Exception as exc:  # any driver error: nothing of the revert happened
        store.write(manifest.with_status("applied", sql_state="up-applied"))
        raise BatchFailed(
            manifest.batch_id,
            "down.sql",
            f"{type(exc).__name__}: {exc}",
            hint="the batch stays applied; fix the database, then retry",
        ) from exc


def _undo_revert(store: JournalStore, repo: Path, manifest: Manifest, why: str) -> None:
    reader = store.blob_reader(manifest.batch_id)
    converge(
        repo,
        manifest.files,
        "after",
        reader,
        staging=store.staging(manifest.batch_id),
        phase="undo-",
        strict=False,
    )
    store.write(manifest.with_status("applied", error=f"revert failed: {why}"))


def _paths(manifest: Manifest) -> set[str]:
    return {p for record in manifest.files for p in (record.path, record.old_path) if p}
