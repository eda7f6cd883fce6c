"""The journal: the one door through which Guardian changes files (and, for database batches, SQL).

``apply`` is write-ahead: everything is validated first, then the manifest (status ``started``) is
written and fsynced, then the before/after blobs, the patches and the SQL scripts, and only then is
the tree changed, one atomic step per path; the status becomes ``applied`` last. A failure part-way
restores the pre-batch tree exactly (status ``failed``); a crash is finished or rolled back by
:meth:`Journal.recover`. ``revert`` restores from the blobs (cost: writing the changed files), after
refusing when any file drifted since the batch or a later applied batch builds on it.

Fault-injection step names (``GUARDIAN_CRASH_AT``): after-manifest, after-blobs, after-patches,
after-op-<n>, after-sql, before-final-status, after-final-status; revert-after-start, revert-after-sql,
revert-after-op-<n>, revert-before-final-status, and for ``revert --all`` of several file-only batches
(one composed step, rollback.group) revert-group-after-mark-<k>, revert-group-after-final-<k>;
recover-after-op-<n>.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from rollback import safegit
from rollback.changes import BatchChanges, compute_changes
from rollback.converge import StepFailed, converge, describe_drift, drifted_paths
from rollback.errors import (
    BatchFailed,
    CorruptJournal,
    DatabaseRequired,
    Drift,
    JournalConflict,
    NothingToRevert,
    UntrustedEntry,
)
from rollback.fsio import crash_point, fail_point, sha256_bytes
from rollback.gitpatch import build_patch
from rollback.group import recover_groups, revert_group, runs
from rollback.lock import repo_lock
from rollback.manifest import Manifest, check_batch_id, now_iso
from rollback.operations import Operation, operation_paths, operation_summary
from rollback.paths import check_no_symlinks
from rollback.recovery import recover_entry, revert_all_drift
from rollback.store import DOWN_SQL, FORWARD, REVERSE, UP_SQL, JournalStore


@dataclass(frozen=True)
class SqlChange:
    """A database step journaled with the batch (``up.sql`` / ``down.sql``); ``dsn_label`` never holds a password."""

    up: str
    down: str
    dsn_label: str = ""


class SqlExecutor(Protocol):
    """The port that runs SQL on the real database (the caller owns the connection and its transaction)."""

    def __call__(self, sql: str) -> None: ...


def git_head(repo: Path) -> str | None:
    """Returns: the commit checked out in ``repo``, or None outside git."""
    try:
        done = safegit.run(repo, "rev-parse", "--verify", "-q", "HEAD", timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("ascii", "replace").strip() or None if done.returncode == 0 else None


def _paths(manifest: Manifest) -> set[str]:
    return {p for record in manifest.files for p in (record.path, record.old_path) if p}


class Journal:
    """Apply, revert and recover batches of one repository (see the module docstring)."""

    def __init__(self, repo: Path, *, warn: Callable[[str], None] | None = None) -> None:
        self.repo = Path(repo).resolve()
        self.store = JournalStore(self.repo)
        self.warn = warn
        self._warned: set[str] = set()

    # -- reading ------------------------------------------------------------------------------------
    def entries(self, *, untrusted: bool = False) -> list[Manifest]:
        """Returns: every journal entry signed by this user's Guardian, oldest first (by sequence); the
        others are left out with a warning naming the command to inspect them (rollback.auth).

        Args:
            untrusted: include the entries that are not signed (to show them, never to act on them).

        Raises:
            CorruptJournal: a manifest cannot be read or parsed.
        """
        found = []
        for batch_id in self.store.ids():
            try:
                found.append(self.store.read(batch_id))
            except UntrustedEntry as exc:
                if untrusted:
                    found.append(self.store.read(batch_id, trusted=False))
                elif batch_id not in self._warned:
                    self._warned.add(batch_id)
                    (self.warn or (lambda m: None))(f"ignored: {exc}")
        return sorted(found, key=lambda m: m.sequence)

    def untrusted(self) -> set[str]:
        """Returns: ids of the entries not signed by this user's Guardian."""
        ids = set()
        for batch_id in self.store.ids():
            try:
                self.store.read(batch_id)
            except UntrustedEntry:
                ids.add(batch_id)
            except CorruptJournal:
                continue  # damaged, not merely unsigned: reading it again says why
        return ids

    def get(self, batch_id: str, *, untrusted: bool = False) -> Manifest:
        """Returns: the entry of ``batch_id``.

        Raises:
            UnknownBatch: no such batch. CorruptJournal: its manifest cannot be parsed.
            UntrustedEntry: not signed by this user's Guardian (unless ``untrusted``, to show it).
        """
        return self.store.read(batch_id, trusted=not untrusted)

    def trust(self, batch_id: str) -> Manifest:
        """Adopt an entry the user inspected (``guardian journal BATCH --trust``): sign it with this user's key.

        Returns:
            Its manifest.
        """
        with repo_lock(self.repo, command=f"journal {batch_id} --trust", warn=self.warn):
            return self.store.trust(check_batch_id(batch_id))

    def history(self, batch_id: str) -> list[Manifest]:
        """Returns: earlier attempts of ``batch_id`` (reverted or failed, then applied again), oldest first."""
        return self.store.history(check_batch_id(batch_id))

    def needs_recovery(self) -> bool:
        """Returns: True when a batch was interrupted (status started or reverting)."""
        return any(m.status in ("started", "reverting") for m in self.entries())

    def preview(self, operations: Sequence[Operation]) -> str:
        """The forward.patch that :meth:`apply` would write for ``operations`` (the dry-run sink); writes nothing.

        Returns:
            The patch text (non-UTF-8 bytes are kept as surrogate escapes: ``.encode("utf-8",
            "surrogateescape")`` gives the exact bytes).

        Raises:
            UnsafePath, InvalidBatch: as :meth:`apply`, before any write.
        """
        return self.preview_bytes(operations).decode("utf-8", "surrogateescape")

    def preview_bytes(self, operations: Sequence[Operation]) -> bytes:
        """Returns: the exact bytes of the forward patch :meth:`apply` would write."""
        changes = compute_changes(self.repo, "preview", operations)
        return build_patch(changes.records, changes.contents.__getitem__)

    # -- apply ----------------------------------------------------------------------------------------
    def apply(
        self,
        batch_id: str,
        operations: Sequence[Operation],
        *,
        kind: str = "rename",
        description: str = "",
        sql: SqlChange | None = None,
        executor: SqlExecutor | None = None,
        meta: Mapping[str, Any] | None = None,
        expected: Mapping[str, str] | None = None,
    ) -> Manifest:
        """Record, then perform, a batch atomically.

        ``expected`` maps path -> sha256 the caller computed its operations from (``""``: must not exist);
        when given, a touched file that exists but is not listed is refused too.

        Returns:
            The manifest, status ``applied``.

        Raises:
            UnsafePath (2), InvalidBatch/StaleBase (3): refused before any write.
            JournalConflict (4): the id is already applied. DatabaseRequired (2): SQL without an executor.
            BatchFailed (3): an operation failed; the tree was restored and the entry marked failed.
            LockHeld (3): another process is changing the repository.
        """
        check_batch_id(batch_id)
        if sql is not None and executor is None:
            raise DatabaseRequired(batch_id, "apply")
        with repo_lock(self.repo, command=f"apply {batch_id}", warn=self.warn):
            self._recover_first()
            archive = self._check_reusable(batch_id)
            if not operations and sql is not None:
                changes = BatchChanges((), {}, (), ())
            else:
                changes = compute_changes(self.repo, batch_id, operations, expected)
            if archive:
                self.store.archive(batch_id)
            manifest = self._write_ahead(batch_id, operations, changes, kind, description, sql, meta)
            return self._perform(manifest, changes, operations, sql, executor)

    def _recover_first(self) -> None:
        for line in self._recover_locked():
            (self.warn or (lambda m: None))(f"recovered: {line}")

    def _check_reusable(self, batch_id: str) -> bool:
        """Returns: True when an earlier (reverted or failed) attempt must be archived first."""
        if batch_id not in self.store.ids():
            return False
        if self.store.read(batch_id).status == "applied":
            raise JournalConflict(batch_id, "is already applied", hint=f"revert it first: `guardian revert {batch_id}`")
        return True

    def _write_ahead(
        self,
        batch_id: str,
        operations: Sequence[Operation],
        changes: BatchChanges,
        kind: str,
        description: str,
        sql: SqlChange | None,
        meta: Mapping[str, Any] | None,
    ) -> Manifest:
        entry = self.store.entry_dir(batch_id)
        rel = self.store.rel
        summaries = []
        for operation in operations:
            content = getattr(operation, "content", None)
            summaries.append(operation_summary(operation, None if content is None else sha256_bytes(content)))
        manifest = Manifest(
            batch_id=batch_id,
            kind=kind,
            description=description,
            status="started",
            sequence=self._next_sequence(),
            created=now_iso(),
            applied=None,
            reverted=None,
            base_commit=git_head(self.repo),
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
            self.store.ensure()
            self.store.write(manifest)
            crash_point("after-manifest")
            for data in changes.contents.values():
                self.store.write_blob(batch_id, data)
            self.store.sync_blobs(batch_id)  # durable before the tree changes: revert and recovery read them
            crash_point("after-blobs")
            fail_point("patches")
            self.store.write_file(batch_id, FORWARD, build_patch(changes.records, changes.contents.__getitem__))
            self.store.write_file(
                batch_id, REVERSE, build_patch(changes.records, changes.contents.__getitem__, reverse=True)
            )
            if sql is not None:
                self.store.write_file(batch_id, UP_SQL, sql.up.encode("utf-8"))
                self.store.write_file(batch_id, DOWN_SQL, sql.down.encode("utf-8"))
            crash_point("after-patches")
        except OSError as exc:
            self._mark_failed(manifest, f"writing the journal failed: {exc}")
            raise BatchFailed(
                batch_id,
                "writing the journal",
                str(exc),
                hint="free disk space or fix permissions of .guardian/, then retry",
            ) from exc
        return manifest

    def _perform(
        self,
        manifest: Manifest,
        changes: BatchChanges,
        operations: Sequence[Operation],
        sql: SqlChange | None,
        executor: SqlExecutor | None,
    ) -> Manifest:
        batch_id = manifest.batch_id
        content = changes.contents.__getitem__
        staging = self.store.staging(batch_id)
        try:
            drifted = converge(self.repo, changes.records, "after", content, staging=staging, phase="")
        except StepFailed as exc:
            where = _operation_of(exc.step.path, exc.step.source, operations)
            self._undo_failed(manifest, content, f"{where}: {exc.reason}")
            raise BatchFailed(batch_id, where, exc.reason) from exc
        except KeyboardInterrupt:
            self._undo_failed(manifest, content, "interrupted (Ctrl-C)")
            raise
        if drifted:
            self._mark_failed(manifest, "files changed before the batch started: " + "; ".join(describe_drift(drifted)))
            raise Drift(batch_id, describe_drift(drifted), action="apply")
        if sql is not None and executor is not None:
            manifest = manifest.with_status("started", sql_state="up-running")
            self.store.write(manifest)
            try:
                executor(sql.up)
            except Exception as exc:  # any driver error: the files go back, the database did not commit
                self._undo_failed(manifest.with_status("started", sql_state="pending"), content, f"up.sql: {exc}")
                raise BatchFailed(
                    batch_id,
                    "up.sql",
                    f"{type(exc).__name__}: {exc}".strip(),
                    hint="fix the SQL or the database, then apply the batch again",
                ) from exc
            manifest = manifest.with_status("started", sql_state="up-applied")
            self.store.write(manifest)
            crash_point("after-sql")
        crash_point("before-final-status")
        manifest = manifest.with_status("applied", applied=now_iso())
        self.store.write(manifest)
        self.store.clear_staging(batch_id)
        crash_point("after-final-status")
        return manifest

    def _undo_failed(self, manifest: Manifest, content: Callable[[str], bytes], why: str) -> None:
        try:
            left = converge(
                self.repo,
                manifest.files,
                "before",
                content,
                staging=self.store.staging(manifest.batch_id),
                phase="undo-",
                created_dirs=manifest.created_dirs,
                strict=False,
            )
        except StepFailed as exc:
            raise BatchFailed(manifest.batch_id, "restoring the tree", f"{why}; then {exc}", restored=False) from exc
        note = f"; kept files changed by someone else: {'; '.join(describe_drift(left))}" if left else ""
        self._mark_failed(manifest, why + note)

    def _mark_failed(self, manifest: Manifest, why: str) -> None:
        try:
            self.store.write(manifest.with_status("failed", error=why))
            self.store.clear_staging(manifest.batch_id)
        except OSError:
            pass  # the entry stays "started": recovery finishes the job later

    def _next_sequence(self) -> int:
        return self.store.max_sequence() + 1

    # -- revert ---------------------------------------------------------------------------------------
    def revert(self, batch_id: str, *, executor: SqlExecutor | None = None) -> Manifest:
        """Restore the tree (and database) to what it was before ``batch_id``, byte for byte.

        Returns:
            The manifest, status ``reverted``.

        Raises:
            UnknownBatch (2); JournalConflict (4): not applied, or a later applied batch changes the same
            files (named: revert it first); Drift (4): files changed since the batch (listed), nothing
            changed; DatabaseRequired (2); BatchFailed (3): a step failed, the batch stays applied.
        """
        with repo_lock(self.repo, command=f"revert {batch_id}", warn=self.warn):
            self._recover_first()
            return self._revert_locked(self.store.read(batch_id), executor)

    def revert_last(self, *, executor: SqlExecutor | None = None) -> Manifest:
        """Revert the newest applied batch. Returns: its manifest. Raises: NothingToRevert, and as :meth:`revert`."""
        with repo_lock(self.repo, command="revert --last", warn=self.warn):
            self._recover_first()
            applied = [m for m in self.entries() if m.status == "applied"]
            if not applied:
                raise NothingToRevert()
            return self._revert_locked(applied[-1], executor)

    def revert_all(self, *, executor: SqlExecutor | None = None) -> list[Manifest]:
        """Revert every applied batch, newest first, after checking none has drifted.

        Returns:
            The reverted manifests, in the order reverted.

        Raises:
            NothingToRevert; Drift (4) before any change when a file drifted; as :meth:`revert`.
        """
        with repo_lock(self.repo, command="revert --all", warn=self.warn):
            self._recover_first()
            applied = [m for m in self.entries() if m.status == "applied"][::-1]
            if not applied:
                raise NothingToRevert()
            revert_all_drift(self.repo, applied)
            done: list[Manifest] = []
            for run in runs(applied):  # consecutive file-only batches together: each file written once
                if len(run) == 1:
                    done.append(self._revert_locked(self.store.read(run[0].batch_id), executor))
                else:
                    done.extend(revert_group(self.store, [self.store.read(m.batch_id) for m in run]))
            return done

    def _revert_locked(self, manifest: Manifest, executor: SqlExecutor | None) -> Manifest:
        batch_id = manifest.batch_id
        if manifest.status != "applied":
            raise JournalConflict(
                batch_id,
                f"is {manifest.status}, only an applied batch can be reverted",
                hint="`guardian journal` shows every batch and its status",
            )
        later = [
            m
            for m in self.entries()
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
            check_no_symlinks(self.repo, record.path, where=f"journal of batch {batch_id}")
        drifted = drifted_paths(self.repo, manifest.files, ("after",))
        if drifted:
            raise Drift(batch_id, describe_drift(drifted))
        if manifest.up_sql and manifest.sql_state == "up-applied" and executor is None:
            raise DatabaseRequired(batch_id, "revert")
        reader = self.store.blob_reader(batch_id)
        needed = {r.before.sha256: reader(r.before.sha256) for r in manifest.files if r.before is not None}
        if manifest.sql_state == "up-applied" and executor is not None:
            self.store.read_signed(batch_id, DOWN_SQL)  # a down.sql edited since is refused before any change
        manifest = manifest.with_status("reverting")
        self.store.write(manifest)
        crash_point("revert-after-start")
        if manifest.sql_state == "up-applied" and executor is not None:
            self._run_down(manifest, executor)
            manifest = manifest.with_status("reverting", sql_state="down-applied")
            self.store.write(manifest)
            crash_point("revert-after-sql")
        try:
            converge(
                self.repo,
                manifest.files,
                "before",
                needed.__getitem__,
                staging=self.store.staging(batch_id),
                phase="revert-",
                created_dirs=manifest.created_dirs,
            )
        except StepFailed as exc:
            self._undo_revert(manifest, f"{exc.step.describe()}: {exc.reason}")
            raise BatchFailed(
                batch_id,
                f"reverting {exc.step.describe()}",
                exc.reason,
                hint="the batch stays applied; fix the cause and retry",
            ) from exc
        crash_point("revert-before-final-status")
        manifest = manifest.with_status("reverted", reverted=now_iso())
        self.store.write(manifest)
        self.store.clear_staging(batch_id)
        return manifest

    def _run_down(self, manifest: Manifest, executor: SqlExecutor) -> None:
        down = self.store.read_signed(manifest.batch_id, DOWN_SQL).decode("utf-8")  # never a path the manifest names
        self.store.write(manifest.with_status("reverting", sql_state="down-running"))
        try:
            executor(down)
        except Exception as exc:  # any driver error: nothing of the revert happened
            self.store.write(manifest.with_status("applied", sql_state="up-applied"))
            raise BatchFailed(
                manifest.batch_id,
                "down.sql",
                f"{type(exc).__name__}: {exc}",
                hint="the batch stays applied; fix the database, then retry",
            ) from exc

    def _undo_revert(self, manifest: Manifest, why: str) -> None:
        reader = self.store.blob_reader(manifest.batch_id)
        converge(
            self.repo,
            manifest.files,
            "after",
            reader,
            staging=self.store.staging(manifest.batch_id),
            phase="undo-",
            strict=False,
        )
        self.store.write(manifest.with_status("applied", error=f"revert failed: {why}"))

    # -- recovery -------------------------------------------------------------------------------------
    def recover(self) -> list[str]:
        """Finish or roll back every interrupted batch.

        Returns:
            What was done, one line per batch (empty when nothing was interrupted).

        Raises:
            Drift (4): a file of an interrupted batch was changed since (kept; the user decides).
            LockHeld (3): another process is running (its batch is not interrupted).
        """
        with repo_lock(self.repo, command="recover", warn=self.warn):
            return self._recover_locked()

    def _recover_locked(self) -> list[str]:
        lines, handled = recover_groups(self.store, self.entries())
        for manifest in self.entries():
            if manifest.status in ("started", "reverting") and manifest.batch_id not in handled:
                lines.append(recover_entry(self.store, manifest))
            self.store.clear_staging(manifest.batch_id)
        return lines


def _operation_of(path: str, source: str | None, operations: Sequence[Operation]) -> str:
    for index, operation in enumerate(operations, 1):
        if path in operation_paths(operation) or (source and source in operation_paths(operation)):
            return f"operation {index} ({operation.describe()})"
    return f"the change of {path}"
