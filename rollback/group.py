"""Several batches reverted as one step: ``revert --all`` writes each file once, not once per batch.

Reverting batch after batch writes a file once for every batch that touched it: an importer that
each of 20 batches rewrote is written 20 times. Consecutive batches that change only files (no SQL)
are therefore composed: every path goes straight from its state after the newest batch to its
state before the oldest batch that touched it, in one atomic step, exactly as one batch's revert
does. ``revert_all_drift`` has already shown the batches chain (each one's after state is the next
one's before state), so the composition is well defined.

Crash safety is the one-batch argument, extended to the group (members listed newest first):

1. before the tree is touched, every member is marked ``reverting`` with the group's ids
   (``Manifest.revert_group``), and the marks are synced;
2. the composed steps run, each path atomically in its composed after or before state;
3. every member is marked ``reverted``, and the marks are synced.

Whatever a crash (or a power loss, which may keep any subset of the unsynced marks) interrupts,
each path of the group is in its composed after state or its composed before state, so
:func:`recover_groups` composes *every* member named by the group, converges that to before and
marks them all ``reverted``: the interrupted ``revert --all`` is finished, as recovery finishes an
interrupted revert of one batch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rollback.converge import StepFailed, converge, describe_drift
from rollback.errors import BatchFailed, Drift
from rollback.fsio import crash_point
from rollback.manifest import FileRecord, Manifest, now_iso
from rollback.recovery import recovery_failed
from rollback.store import JournalStore


@dataclass(frozen=True)
class Composed:
    """The composed change of several batches: one record per path, and where each blob lives."""

    records: tuple[FileRecord, ...]
    created_dirs: tuple[str, ...]
    #: sha256 -> the batch whose blobs hold that content
    blob_owner: dict[str, str]

    def reader(self, store: JournalStore) -> Callable[[str], bytes]:
        """Returns: ``read(sha256) -> bytes`` over the members' blobs (verified, as a batch's reader)."""
        readers = {batch_id: store.blob_reader(batch_id) for batch_id in set(self.blob_owner.values())}
        return lambda digest: readers[self.blob_owner[digest]](digest)


def file_only(manifest: Manifest) -> bool:
    """Returns: True when the batch has no SQL (its revert is files only, and it can join a group)."""
    return not manifest.up_sql and manifest.sql_state == "none"


def runs(newest_first: Sequence[Manifest]) -> list[list[Manifest]]:
    """Split batches (newest first) into the order they are reverted in: maximal runs of consecutive
    file-only batches, and every batch with SQL alone (its ``down.sql`` runs between its neighbours)."""
    result: list[list[Manifest]] = []
    for manifest in newest_first:
        if file_only(manifest) and result and file_only(result[-1][-1]):
            result[-1].append(manifest)
        else:
            result.append([manifest])
    return result


def compose(newest_first: Sequence[Manifest]) -> Composed:
    """Compose batches (newest first) into one change from the oldest's before to the newest's after.

    Returns:
        A record per path, in the order the paths first appear from the oldest batch on. A path that
        the oldest touching batch created by a rename keeps its ``old_path`` (so a pure rename is
        still one ``os.rename`` when nothing else changed it).
    """
    first: dict[str, FileRecord] = {}
    last: dict[str, FileRecord] = {}
    owner: dict[str, str] = {}
    created: dict[str, None] = {}
    for manifest in reversed(newest_first):
        for record in manifest.files:
            first.setdefault(record.path, record)
            last[record.path] = record
            for state in (record.before, record.after):
                if state is not None:
                    owner.setdefault(state.sha256, manifest.batch_id)
        created.update(dict.fromkeys(manifest.created_dirs))
    records = tuple(
        FileRecord(
            path,
            start.before_sha256,
            last[path].after_sha256,
            start.before_mode,
            last[path].after_mode,
            start.old_path if start.before is None else None,
        )
        for path, start in first.items()
    )
    return Composed(records, tuple(created), owner)


def revert_group(store: JournalStore, members: Sequence[Manifest]) -> list[Manifest]:
    """Revert ``members`` (applied, file-only, newest first, already checked for drift and for later
    batches building on them) as one step.

    Returns:
        Their manifests, status ``reverted``, newest first.

    Raises:
        Drift (4): a file is in neither the composed before nor after state (nothing changed).
        BatchFailed (3): a step failed; the tree was put back and every member stays applied.
    """
    composed = compose(members)
    reader = composed.reader(store)
    group = tuple(m.batch_id for m in members)
    staging = store.staging(group[0])
    marked = []
    for number, manifest in enumerate(members, 1):  # the marks are made durable together, below
        marked.append(manifest.with_status("reverting", revert_group=group))
        store.write(marked[-1], durable=False)
        crash_point(f"revert-group-after-mark-{number}")
    store.sync()  # every mark survives a power loss before the tree changes
    crash_point("revert-after-start")
    try:
        drifted = converge(
            store.repo,
            composed.records,
            "before",
            reader,
            staging=staging,
            phase="revert-",
            created_dirs=composed.created_dirs,
        )
    except StepFailed as exc:
        converge(store.repo, composed.records, "after", reader, staging=staging, phase="undo-", strict=False)
        for manifest in marked:
            store.write(
                manifest.with_status(
                    "applied", revert_group=(), error=f"revert failed: {exc.step.describe()}: {exc.reason}"
                )
            )
        store.clear_staging(group[0])
        raise BatchFailed(
            group[0],
            f"reverting {exc.step.describe()}",
            exc.reason,
            hint="the batches stay applied; fix the cause and retry",
        ) from exc
    if drifted:  # changed between the caller's check and now: nothing was written
        for manifest in marked:
            store.write(manifest.with_status("applied", revert_group=()))
        raise Drift(group[0], describe_drift(drifted))
    crash_point("revert-before-final-status")
    done = []
    for number, manifest in enumerate(marked, 1):
        done.append(manifest.with_status("reverted", reverted=now_iso()))
        store.write(done[-1], durable=False)
        crash_point(f"revert-group-after-final-{number}")
    store.sync()
    store.clear_staging(group[0])
    return done


def recover_groups(store: JournalStore, entries: Sequence[Manifest]) -> tuple[list[str], set[str]]:
    """Finish every interrupted group revert (see the module docstring).

    Returns:
        One line per group, and the ids of the batches handled (recovery skips them afterwards).

    Raises:
        Drift: a file of the group is in neither state (changed since the crash; nothing changed).
        BatchFailed: a recovery step failed (run recover again).
    """
    lines: list[str] = []
    handled: set[str] = set()
    groups = {m.revert_group for m in entries if m.status == "reverting" and m.revert_group}
    for group in sorted(groups):
        members = sorted((store.read(batch_id) for batch_id in group), key=lambda m: m.sequence, reverse=True)
        composed = compose(members)
        try:
            drifted = converge(
                store.repo,
                composed.records,
                "before",
                composed.reader(store),
                staging=store.staging(group[0]),
                phase="recover-",
                created_dirs=composed.created_dirs,
            )
        except StepFailed as exc:
            raise recovery_failed(members[0].batch_id, exc) from exc
        if drifted:
            raise Drift(members[0].batch_id, describe_drift(drifted), action="recovery")
        for manifest in members:
            if manifest.status != "reverted":
                store.write(manifest.with_status("reverted", reverted=now_iso(), revert_group=group))
        store.clear_staging(group[0])
        handled.update(group)
        lines.append(f"batches {', '.join(group)}: interrupted `revert --all` finished (status reverted)")
    return lines, handled
