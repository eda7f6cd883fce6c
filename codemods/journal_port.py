"""The runner's door to ``rollback``: a computed batch becomes journal operations.

A renamed file is a ``Move`` (with its new bytes when they changed too), an edited file a
``Write``, a created one (a shim) a ``Write`` after the renames. Renames are ordered so that none
lands on a path still to be vacated (a chain ``a -> b``, ``b -> c`` moves ``b`` first); a true cycle
(``x <-> y``) is, on disk, only new contents at the same paths, so it is journaled as ``Write``\\ s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rollback import Delete, Journal, Move, Write

ABSENT = ""  #: ``owned()``'s sha256 of a path Guardian's batches left absent

if TYPE_CHECKING:  # the plan command reads the journal without loading the codemods (libcst)
    from codemods.batch_edit import BatchEdit
    from codemods.workspace import FileChange


def operations(changes: Sequence[FileChange]) -> list[Write | Move | Delete]:
    """Journal operations performing ``changes`` in a safe order.

    Returns:
        Renames first (chains ordered, cycles as writes), then edits and creations, then deletions.
    """
    renames = {c.old_path: c for c in changes if c.is_rename and c.old_path is not None}
    ops: list[Write | Move | Delete] = []
    pending = dict(renames)
    while pending:
        ready = [old for old, c in pending.items() if c.new_path not in pending]
        if not ready:
            for old in sorted(pending):  # what is left are cycles: same paths, new contents
                change = pending[old]
                assert change.new_path is not None and change.after is not None
                ops.append(Write(change.new_path, change.after))
            break
        for old in sorted(ready):
            change = pending.pop(old)
            assert change.new_path is not None
            content = change.after if change.after != change.before else None
            ops.append(Move(old, change.new_path, content))
    for change in changes:
        if change.is_rename:
            continue
        if change.new_path is None:
            continue
        assert change.after is not None
        ops.append(Write(change.new_path, change.after))
    ops += [Delete(c.old_path) for c in changes if c.new_path is None and c.old_path is not None]
    return ops


class RollbackJournal:
    """``JournalPort`` over :class:`rollback.Journal`."""

    def __init__(self, repo: Path) -> None:
        self.journal = Journal(repo)

    def preview(self, edit: BatchEdit) -> str:
        return self.journal.preview(operations(edit.changes))

    def apply(self, edit: BatchEdit, expected: Mapping[str, str]) -> None:
        names = [f"{r.old_module} -> {r.new_module.rpartition('.')[2]}" for r in edit.renames]
        described = ", ".join(names[:2]) + (f" and {len(names) - 2} more" if len(names) > 2 else "")
        meta = {
            "renames": [r.to_json() for r in edit.renames],
            "mapping": dict(edit.mapping),
            "shims": dict(edit.shims),
        }
        self.journal.apply(
            str(edit.batch),
            operations(edit.changes),
            kind="rename",
            description=f"{len(names)} renames: {described}",
            meta=meta,
            expected=dict(expected),
        )

    def revert(self, batch_id: int) -> None:
        self.journal.revert(str(batch_id))

    def _applied(self) -> list[object]:
        return [
            m
            for m in self.journal.entries()
            if getattr(m, "kind", "") == "rename"
            and getattr(m, "status", "") == "applied"
            and str(getattr(m, "batch_id", "")).isdigit()
        ]

    def applied_batches(self) -> set[int]:
        """Plan batches the journal holds as applied."""
        return {int(getattr(m, "batch_id")) for m in self._applied()}

    def owned(self) -> Mapping[str, str]:
        """path -> sha256 of every file as Guardian's applied rename batches left it, ``ABSENT`` for a
        path they left absent (a renamed module's old path), the latest batch's state winning."""
        result: dict[str, str] = {}
        for manifest in self._applied():
            for record in getattr(manifest, "files", ()):
                result[record.path] = getattr(record, "after_sha256", None) or ABSENT
        return result
