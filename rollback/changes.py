"""From operations to net changes: simulate a batch on the tree as it is, file by file.

The journal records and performs the *net* change of each path (its state before the batch and after
it), so every path moves from its before state to its after state in one atomic step, and a crash at
any instant leaves each path in exactly one of those two states. Renames keep their identity
(``old_path``) when the old path ends up absent and the new one did not exist before.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rollback.errors import InvalidBatch, StaleBase
from rollback.fsio import read_with_mode, sha256_bytes
from rollback.manifest import FileRecord
from rollback.operations import Chmod, Delete, Move, Operation, Write, operation_paths
from rollback.paths import check_path

#: In ``expected``, this value means "the path must not exist".
ABSENT = ""
_Content = tuple[bytes, int]


@dataclass(frozen=True)
class BatchChanges:
    """The net effect of a batch: one record per changed path, their contents, the directories to create."""

    records: tuple[FileRecord, ...]
    contents: Mapping[str, bytes]
    created_dirs: tuple[str, ...]
    touched: tuple[str, ...]


def _check_operation(batch_id: str, index: int, operation: object) -> Operation:
    if not isinstance(operation, (Write, Delete, Move, Chmod)):
        raise InvalidBatch(
            batch_id, f"operation {index} is a {type(operation).__name__}, not Write, Delete, Move or Chmod"
        )
    mode = getattr(operation, "mode", None)
    if mode is not None and (not isinstance(mode, int) or isinstance(mode, bool) or not 0 <= mode <= 0o777):
        raise InvalidBatch(
            batch_id,
            f"operation {index} ({operation.describe()}): mode {mode!r} is not permission bits between 0o000 and 0o777",
        )
    content = getattr(operation, "content", None)
    if content is not None and not isinstance(content, bytes):
        raise InvalidBatch(batch_id, f"operation {index} ({operation.describe()}): content must be bytes")
    return operation


def _read(root: Path, batch_id: str, index: int, path: str) -> _Content | None:
    check_path(root, path, where=f"batch {batch_id} operation {index}")
    found = read_with_mode(root, path)
    if isinstance(found, str):  # OTHER
        raise InvalidBatch(batch_id, f"operation {index}: {path} is not a regular file (a directory?)")
    return found


def compute_changes(
    root: Path, batch_id: str, operations: Sequence[Operation], expected: Mapping[str, str] | None = None
) -> BatchChanges:
    """Simulate ``operations`` in order on the current tree and return the net change of every path.

    Returns:
        The batch's records (in the order paths were first touched) and contents by sha256.

    Raises:
        UnsafePath: a path escapes the repository or goes through a symlink (exit 2).
        InvalidBatch: an operation cannot apply (missing file, rename onto an existing file, bad mode).
        StaleBase: a file's hash differs from ``expected`` (it changed since the batch was computed).
    """
    if not operations:
        raise InvalidBatch(batch_id, "it has no operations")
    before: dict[str, _Content | None] = {}
    state: dict[str, _Content | None] = {}
    origin: dict[str, str] = {}

    def current(index: int, path: str) -> _Content | None:
        if path not in state:
            before[path] = state[path] = _read(root, batch_id, index, path)
        return state[path]

    for index, raw in enumerate(operations, 1):
        operation = _check_operation(batch_id, index, raw)
        for path in operation_paths(operation):
            current(index, path)
        what = f"operation {index} ({operation.describe()})"
        if isinstance(operation, Write):
            existing = state[operation.path]
            mode = operation.mode if operation.mode is not None else (existing[1] if existing else 0o644)
            state[operation.path] = (operation.content, mode)
        elif isinstance(operation, Delete):
            if state[operation.path] is None:
                raise InvalidBatch(batch_id, f"{what}: {operation.path} does not exist")
            state[operation.path] = None
            origin.pop(operation.path, None)
        elif isinstance(operation, Move):
            source = state[operation.old]
            if source is None:
                raise InvalidBatch(batch_id, f"{what}: {operation.old} does not exist")
            if operation.old == operation.new:
                raise InvalidBatch(batch_id, f"{what}: old and new are the same path")
            if state[operation.new] is not None:
                raise InvalidBatch(
                    batch_id,
                    f"{what}: {operation.new} already exists; refusing to overwrite it",
                    hint="delete or rename the existing file first, in its own batch",
                )
            content = operation.content if operation.content is not None else source[0]
            state[operation.new] = (content, source[1])
            state[operation.old] = None
            origin[operation.new] = origin.pop(operation.old, operation.old)
        else:
            existing = state[operation.path]
            if existing is None:
                raise InvalidBatch(batch_id, f"{what}: {operation.path} does not exist")
            state[operation.path] = (existing[0], operation.mode)
    _check_expected(root, batch_id, before, expected)
    return _net(root, batch_id, before, state, origin)


def _check_expected(
    root: Path, batch_id: str, before: Mapping[str, _Content | None], expected: Mapping[str, str] | None
) -> None:
    if expected is None:
        return
    stale: list[str] = []
    for path, want in sorted(expected.items()):
        if path in before:
            have = before[path]
        else:
            have = _read(root, batch_id, 0, check_path(root, path, where=f"batch {batch_id} expected"))
        have_sha = ABSENT if have is None else sha256_bytes(have[0])
        if have_sha != want:
            stale.append(f"{path} ({'missing' if have is None else 'exists' if want == ABSENT else 'modified'})")
    unexpected = [
        f"{path} (exists; the batch did not expect it)"
        for path, have in sorted(before.items())
        if have is not None and path not in expected
    ]
    if stale or unexpected:
        raise StaleBase(batch_id, stale + unexpected)


def _net(
    root: Path,
    batch_id: str,
    before: Mapping[str, _Content | None],
    state: Mapping[str, _Content | None],
    origin: Mapping[str, str],
) -> BatchChanges:
    contents: dict[str, bytes] = {}
    records: list[FileRecord] = []

    def fix(value: _Content | None) -> tuple[str | None, int | None]:
        if value is None:
            return None, None
        digest = sha256_bytes(value[0])
        contents[digest] = value[0]
        return digest, value[1]

    for path in before:
        old, new = before[path], state[path]
        if old == new:
            continue
        source = origin.get(path)
        renamed = (
            source is not None
            and source != path
            and old is None
            and new is not None
            and state.get(source) is None
            and before.get(source) is not None
        )
        before_sha, before_mode = fix(old)
        after_sha, after_mode = fix(new)
        records.append(FileRecord(path, before_sha, after_sha, before_mode, after_mode, source if renamed else None))
    if not records:
        raise InvalidBatch(batch_id, "its operations change nothing")
    return BatchChanges(tuple(records), contents, _created_dirs(root, batch_id, records), tuple(before))


def _created_dirs(root: Path, batch_id: str, records: Sequence[FileRecord]) -> tuple[str, ...]:
    created: set[str] = set()
    deleted = {r.path for r in records if r.after is None}
    for record in records:
        if record.after is None:
            continue
        parts = record.path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            directory = "/".join(parts[:depth])
            if directory in deleted:
                raise InvalidBatch(
                    batch_id,
                    f"{record.path} would be created inside {directory}, a file the batch deletes",
                    hint="split the batch in two",
                )
            full = root / directory
            if not os.path.lexists(full):
                created.add(directory)
            elif not full.is_dir():
                raise InvalidBatch(batch_id, f"cannot create {record.path}: {directory} is a file")
    return tuple(sorted(created, key=lambda d: (d.count("/"), d)))
