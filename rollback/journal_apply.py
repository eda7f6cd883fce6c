"""Apply one batch, write-ahead: the journal first, then the tree (and the database); a failure part-way
restores the tree exactly. :class:`rollback.Journal` holds the lock and calls these in order.

Fault-injection steps (``GUARDIAN_CRASH_AT``): after-manifest, after-blobs, after-patches, after-op-<n>,
after-sql, before-final-status, after-final-status.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from rollback import safegit
from rollback.changes import BatchChanges
from rollback.converge import StepFailed, converge, describe_drift
from rollback.errors import BatchFailed, Drift
from rollback.fsio import crash_point, fail_point, sha256_bytes
from rollback.gitpatch import build_patch
from rollback.manifest import Manifest, now_iso
from rollback.operations import Operation, SqlChange, SqlExecutor, operation_paths, operation_summary
from rollback.store import DOWN_SQL, FORWARD, REVERSE, UP_SQL, JournalStore


def git_head(repo: Path) -> str | None:
    """Returns: the commit checked out in ``repo``, or None outside git."""
    try:
        done = safegit.run(repo, "rev-parse", "--verify", "-q", "HEAD", timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("ascii", "replace").strip() or None if done.returncode == 0 else None


def write_ahead(
    store: JournalStore,
    repo: Path,
    batch_id: str,
    operations: Sequence[Operation],
    changes: BatchChanges,
    kind: str,
    description: str,
    sql: SqlChange | None,
    meta: Mapping[str, Any] | None,
) -> Manifest:
    """Write the manifest (status ``started``), the blobs, the patches and the SQL, durably, before any change.

    Returns:
        The manifest written.

    Raises:
        BatchFailed: the journal could not be written (nothing of the tree changed).
    """
    entry = store.entry_dir(batch_id)
    rel = store.rel
    summaries = []
    for operation in operations:
        content = getattr(operation, "content", None)
        summaries.append(operation_summary(operation, None if content is None else sha256_bytes(content)))
    manifest = Manifest(
        batch_id=batch_id,
        kind=kind,
        description=description,
        status="started",
        sequence=store.max_sequence() + 1,
        created=now_iso(),
        applied=None,
        reverted=None,
        base_commit=git_head(repo),
        files=changes.records,
        created_dirs=changes.created_dirs,
        operations=tuple(summaries),
        meta=dict(meta or {}),
        forward_patch=rel(entry / FORWARD),
        reverse_patch=rel(entry / REVERSE),
        up_sql=rel(entry / UP_SQL) if sql else None,
        down_sql=rel(entry / DOWN_SQL) if sql else None,
        dsn_label=sql.dsn_label if sql else "",
        sql_state="pending" if sql else "none",
    )
    try:
        store.ensure()
        store.write(manifest)
        crash_point("after-manifest")
        store.write_blobs(batch_id, changes.contents.values())
        store.sync_blobs(batch_id)  # durable before the tree changes: revert and recovery read them
        crash_point("after-blobs")
        fail_point("patches")
        store.write_file(batch_id, FORWARD, build_patch(changes.records, changes.contents.__getitem__))
        store.write_file(batch_id, REVERSE, build_patch(changes.records, changes.contents.__getitem__, reverse=True))
        if sql is not None:
            store.write_file(batch_id, UP_SQL, sql.up.encode("utf-8"))
            store.write_file(batch_id, DOWN_SQL, sql.down.encode("utf-8"))
        crash_point("after-patches")
    except OSError as exc:
        mark_failed(store, manifest, f"writing the journal failed: {exc}")
        raise BatchFailed(
            batch_id,
            "writing the journal",
            str(exc),
            hint="free disk space or fix permissions of .guardian/, then retry",
        ) from exc
    return manifest


def perform(
    store: JournalStore,
    repo: Path,
    manifest: Manifest,
    changes: BatchChanges,
    operations: Sequence[Operation],
    sql: SqlChange | None,
    executor: SqlExecutor | None,
) -> Manifest:
    """Change the tree (then run ``up.sql``), one atomic step per path; the status becomes ``applied`` last.

    Returns:
        The manifest, status ``applied``.

    Raises:
        BatchFailed: a step failed; the tree was restored and the entry marked failed. Drift: files changed
        before the batch started.
    """
    batch_id = manifest.batch_id
    content = changes.contents.__getitem__
    staging = store.staging(batch_id)
    try:
        drifted = converge(repo, changes.records, "after", content, staging=staging, phase="")
    except StepFailed as exc:
        where = _operation_of(exc.step.path, exc.step.source, operations)
        undo_failed(store, repo, manifest, content, f"{where}: {exc.reason}")
        raise BatchFailed(batch_id, where, exc.reason) from exc
    except KeyboardInterrupt:
        undo_failed(store, repo, manifest, content, "interrupted (Ctrl-C)")
        raise
    if drifted:
        mark_failed(store, manifest, "files changed before the batch started: " + "; ".join(describe_drift(drifted)))
        raise Drift(batch_id, describe_drift(drifted), action="apply")
    if sql is not None and executor is not None:
        manifest = manifest.with_status("started", sql_state="up-running")
        store.write(manifest)
        try:
            executor(sql.up)
        except Exception as exc:  # any driver error: the files go back, the database did not commit
            undo_failed(store, repo, manifest.with_status("started", sql_state="pending"), content, f"up.sql: {exc}")
            raise BatchFailed(
                batch_id,
                "up.sql",
                f"{type(exc).__name__}: {exc}".strip(),
                hint="fix the SQL or the database, then apply the batch again",
            ) from exc
        manifest = manifest.with_status("started", sql_state="up-applied")
        store.write(manifest)
        crash_point("after-sql")
    crash_point("before-final-status")
    manifest = manifest.with_status("applied", applied=now_iso())
    store.write(manifest)
    store.clear_staging(batch_id)
    crash_point("after-final-status")
    return manifest


def undo_failed(store: JournalStore, repo: Path, manifest: Manifest, content: Callable[[str], bytes], why: str) -> None:
    try:
        left = converge(
            repo,
            manifest.files,
            "before",
            content,
            staging=store.staging(manifest.batch_id),
            phase="undo-",
            created_dirs=manifest.created_dirs,
            strict=False,
        )
    except StepFailed as exc:
        raise BatchFailed(manifest.batch_id, "restoring the tree", f"{why}; then {exc}", restored=False) from exc
    note = f"; kept files changed by someone else: {'; '.join(describe_drift(left))}" if left else ""
    mark_failed(store, manifest, why + note)


def mark_failed(store: JournalStore, manifest: Manifest, why: str) -> None:
    try:
        store.write(manifest.with_status("failed", error=why))
        store.clear_staging(manifest.batch_id)
    except OSError:
        pass  # the entry stays "started": recovery finishes the job later


def _operation_of(path: str, source: str | None, operations: Sequence[Operation]) -> str:
    for index, operation in enumerate(operations, 1):
        if path in operation_paths(operation) or (source and source in operation_paths(operation)):
            return f"operation {index} ({operation.describe()})"
    return f"the change of {path}"
