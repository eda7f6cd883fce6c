"""The journal: the one door through which Guardian changes files (and, for database batches, SQL).

``apply`` is write-ahead: everything is validated first, then the manifest (status ``started``) is
written and fsynced, then the before/after blobs, the patches and the SQL scripts, and only then is
the tree changed, one atomic step per path; the status becomes ``applied`` last. A failure part-way
restores the pre-batch tree exactly (status ``failed``); a crash is finished or rolled back by
:meth:`Journal.recover`. ``revert`` restores from the blobs (cost: writing the changed files), after
refusing when any file drifted since the batch or a later applied batch builds on it.
The steps of an apply live in :mod:`rollback.journal_apply`, those of a revert in
:mod:`rollback.journal_revert`; :class:`Journal` holds the lock and the order.

Fault-injection step names (``GUARDIAN_CRASH_AT``): after-manifest, after-blobs, after-patches,
after-op-<n>, after-sql, before-final-status, after-final-status; revert-after-start, revert-after-sql,
revert-after-op-<n>, revert-before-final-status, and for ``revert --all`` of several file-only batches
(one composed step, rollback.group) revert-group-after-mark-<k>, revert-group-after-final-<k>;
recover-after-op-<n>.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from rollback.changes import BatchChanges, compute_changes
from rollback.errors import (
    CorruptJournal,
    DatabaseRequired,
    JournalConflict,
    NothingToRevert,
    UntrustedEntry,
)
from rollback.gitpatch import build_patch
from rollback.group import recover_groups, revert_group, runs
from rollback.journal_apply import perform, write_ahead
from rollback.journal_revert import revert_batch
from rollback.lock import repo_lock
from rollback.manifest import Manifest, check_batch_id
from rollback.operations import Operation, SqlChange, SqlExecutor
from rollback.recovery import recover_entry, revert_all_drift
from rollback.store import JournalStore

__all__ = ["Journal"]


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
            manifest = write_ahead(self.store, self.repo, batch_id, operations, changes, kind, description, sql, meta)
            return perform(self.store, self.repo, manifest, changes, operations, sql, executor)

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
        return revert_batch(self.store, self.repo, manifest, self.entries, executor)

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
