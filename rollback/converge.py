"""Move every path of a batch to one side (before or after), one atomic step per path.

This single routine performs a batch, reverts it, undoes a failed one and finishes a crashed one. Each
step first checks that its path is in the state it comes from (or already where it goes, then it is
skipped), so re-running after a crash is safe and a file someone else changed is never overwritten.
A pure rename is one ``os.rename``; everything else is an atomic write, an unlink or a chmod. Every
one goes through ``rollback.door``: no symlink is followed at any component of a path, so a symlink
planted after the journal was written cannot send a write out of the repository.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rollback import door
from rollback.errors import UnsafePath
from rollback.fsio import (
    OTHER,
    FileState,
    Observed,
    crash_point,
    fail_point,
    observe,
    sync_dirs,
    sync_staged,
)
from rollback.manifest import FileRecord
from rollback.paths import check_no_symlinks

Side = Literal["before", "after"]


@dataclass(frozen=True)
class Step:
    """One atomic change: ``path`` (and for a move, ``source``) from its state on one side to the other."""

    kind: Literal["write", "delete", "chmod", "move"]
    path: str
    source: str | None
    origin: FileState | None
    target: FileState | None

    def describe(self) -> str:
        if self.kind == "move":
            return f"move {self.source} -> {self.path}"
        return f"{self.kind} {self.path}"


class StepFailed(Exception):
    """A step could not be performed; carries the step and the reason."""

    def __init__(self, step: Step, index: int, reason: str) -> None:
        super().__init__(f"step {index} ({step.describe()}): {reason}")
        self.step, self.index, self.reason = step, index, reason


def _other(side: Side) -> Side:
    return "before" if side == "after" else "after"


def plan_steps(records: Sequence[FileRecord], to: Side) -> list[Step]:
    """The steps that take every record from the other side to ``to``, in record order.

    Returns:
        One step per path, or one ``move`` for both paths of a rename whose bytes and mode are unchanged.
    """
    frm = _other(to)
    by_path = {record.path: record for record in records}
    paired: set[str] = set()
    steps: list[Step] = []
    for record in records:
        source = by_path.get(record.old_path) if record.old_path else None
        if source is not None and source.before is not None and source.before == record.after:
            paired.update((source.path, record.path))
            if to == "after":
                steps.append(Step("move", record.path, source.path, source.before, record.after))
            else:
                steps.append(Step("move", source.path, record.path, record.after, source.before))
    for record in records:
        if record.path in paired:
            continue
        origin, target = record.state(frm), record.state(to)
        if target is None:
            kind: Literal["write", "delete", "chmod"] = "delete"
        elif origin is not None and origin.sha256 == target.sha256:
            kind = "chmod"
        else:
            kind = "write"
        steps.append(Step(kind, record.path, None, origin, target))
    return steps


def _state_text(observed: Observed) -> str:
    if observed is None:
        return "missing"
    if observed == OTHER:
        return "not a regular file"
    return "changed"


def drifted_paths(root: Path, records: Sequence[FileRecord], allowed: Sequence[Side]) -> list[tuple[str, str]]:
    """Paths whose current state is none of the ``allowed`` sides, with what is wrong.

    Returns:
        ``[(path, "modified"), ...]``, empty when every path is in an allowed state.
    """
    return _drift(records, {record.path: observe(root, record.path) for record in records}, allowed)


def _drift(
    records: Sequence[FileRecord], observed: Mapping[str, Observed], allowed: Sequence[Side]
) -> list[tuple[str, str]]:
    """:func:`drifted_paths` on states already observed."""
    drifted: list[tuple[str, str]] = []
    for record in records:
        now = observed[record.path]
        states = [record.state(side) for side in allowed]
        if now in states:
            continue
        if isinstance(now, FileState) and any(s is not None and s.sha256 == now.sha256 for s in states):
            drifted.append((record.path, "mode changed"))
        elif now is None:
            drifted.append((record.path, "deleted"))
        elif now == OTHER:
            drifted.append((record.path, "replaced by a directory or symlink"))
        elif all(s is None for s in states):
            drifted.append((record.path, "created since"))
        else:
            drifted.append((record.path, "modified"))
    return drifted


def describe_drift(drifted: Sequence[tuple[str, str]]) -> list[str]:
    """Returns: ``["path (why)", ...]`` for messages."""
    return [f"{path} ({why})" for path, why in drifted]


def _perform(
    root: Path, step: Step, content: Callable[[str], bytes], staging: int | None, dirs: set[Path], staged: str | None
) -> bool:
    """Do one step unless already done (``staged``: the name of its new content, already durable in
    the staging directory, open as ``staging``). Returns: True when something was changed."""
    target_now = observe(root, step.path)
    if step.kind == "move":
        assert step.source is not None
        source_now = observe(root, step.source)
        if source_now is None and target_now == step.target:
            return False
        if source_now != step.origin or target_now is not None:
            raise ValueError(
                f"{step.source} is {_state_text(source_now)} or {step.path} exists; refusing to overwrite it"
            )
        door.move(root, step.source, step.path, where="journal")
        dirs.update(((root / step.path).parent, (root / step.source).parent))
        return True
    if target_now == step.target:
        return False
    if target_now != step.origin:
        raise ValueError(
            f"{step.path} is {_state_text(target_now)} (not what the journal recorded); refusing to overwrite it"
        )
    dirs.add((root / step.path).parent)
    if step.kind == "delete":
        door.remove(root, step.path, where="journal")
    elif step.kind == "chmod":
        assert step.target is not None
        door.change_mode(root, step.path, step.target.mode, where="journal")
    else:
        assert step.target is not None
        if staged is not None and staging is not None:
            try:
                door.place(root, staging, staged, step.path, where="journal")
                return True
            except OSError as exc:
                if exc.errno != errno.EXDEV:
                    raise
                # the tree is on another file system than the journal: written in its own directory
        door.write_file(root, step.path, content(step.target.sha256), step.target.mode, where="journal")
    return True


def _stage(
    observed: Mapping[str, Observed],
    steps: Sequence[Step],
    content: Callable[[str], bytes],
    root: Path,
    staging: Path,
    skip: set[str],
    phase: str,
    opened: ExitStack,
) -> tuple[dict[int, str], int | None]:
    """Write the new content of every write step still to do to ``staging`` and make it all durable
    at once (a step already done, after a crash, needs no content: its blob may not even exist).
    The staging directory is walked once, when the first content is staged, and stays open in
    ``opened`` (each staged file is renamed from it).

    Returns:
        Step index -> its staged file's name in ``staging`` (renamed into the tree by :func:`_perform`),
        and the staging directory's descriptor (None when nothing was staged).

    Raises:
        StepFailed: a content could not be staged (the tree is untouched; staged files are removed).
    """
    staged: dict[int, str] = {}
    rel = staging.relative_to(root).as_posix()
    directory: int | None = None
    try:
        for index, step in enumerate(steps, 1):
            if step.kind != "write" or step.path in skip or step.target is None or observed[step.path] != step.origin:
                continue
            try:
                fail_point(f"{phase}stage-{index}")
                data = content(step.target.sha256)
                if directory is None:
                    parts = door.split_relpath(rel, where="journal")
                    directory = opened.enter_context(
                        door.open_dir(root, parts, create=True, rel=rel, where="journal", private=True)
                    )
                staged[index] = door.stage_file(directory, data, step.target.mode)
            except OSError as exc:
                raise StepFailed(step, index, f"staging its content: {exc}") from exc
        try:
            sync_staged(staging, [staging / name for name in staged.values()])
        except OSError as exc:
            first = min(staged)
            raise StepFailed(steps[first - 1], first, f"syncing staged content: {exc}") from exc
    except StepFailed:
        _discard(staging, staged)
        raise
    return staged, directory


def _discard(staging: Path, staged: dict[int, str]) -> None:
    for name in staged.values():
        (staging / name).unlink(missing_ok=True)


def converge(
    root: Path,
    records: Sequence[FileRecord],
    to: Side,
    content: Callable[[str], bytes],
    *,
    staging: Path,
    phase: str,
    created_dirs: Sequence[str] = (),
    strict: bool = True,
) -> list[tuple[str, str]]:
    """Bring every path of the batch to side ``to``.

    ``phase`` prefixes the fault-injection step names: ``{phase}op-<n>`` fails step n with an I/O error
    (GUARDIAN_FAIL_AT), ``{phase}after-op-<n>`` kills the process after it (GUARDIAN_CRASH_AT).
    ``strict``: refuse (return the drifted paths, change nothing) when a path is in neither state.
    Not strict: skip such paths (their content is someone's work) and return them.

    Returns:
        The drifted paths; empty when the tree is fully on side ``to``.

    Raises:
        UnsafePath: a path of the batch now goes through a symlink (checked before any change).
        StepFailed: a step failed (I/O error, a file changed during the run, a symlink planted on a
            path since the check: the door refuses it); earlier steps stay done.
    """
    for record in records:  # the journal is untrusted input too: never follow a symlink planted since
        check_no_symlinks(root, record.path, where="journal")
    observed = {record.path: observe(root, record.path) for record in records}  # each step checks again
    drifted = _drift(records, observed, ("before", "after"))
    if drifted and strict:
        return drifted
    skip = {path for path, _why in drifted}
    # Each step is atomic (a rename); the directories' fsyncs that make the renames durable are done
    # once per directory before converge returns, i.e. before the caller writes the final status, so a
    # power loss can only leave paths that recovery finds in one state or the other, as before.
    # New contents are staged and flushed together first (one file-system sync, not one fsync per
    # file); each step then is a rename, as atomic as before.
    dirs: set[Path] = set()
    steps = plan_steps(records, to)
    with ExitStack() as opened:
        staged, source = _stage(observed, steps, content, root, staging, skip, phase, opened)
        try:
            for index, step in enumerate(steps, 1):
                if step.path in skip or (step.source is not None and step.source in skip):
                    continue
                try:
                    fail_point(f"{phase}op-{index}")
                    changed = _perform(root, step, content, source, dirs, staged.get(index))
                except (OSError, ValueError, UnsafePath) as exc:
                    raise StepFailed(step, index, str(exc)) from exc
                if changed:
                    staged.pop(index, None)  # renamed into the tree (or removed after writing in place)
                    crash_point(f"{phase}after-op-{index}")
        finally:
            sync_dirs(dirs)
            _discard(staging, staged)
    if to == "before":
        for directory in sorted(created_dirs, key=lambda d: (-d.count("/"), d)):
            try:
                door.remove_dir(root, directory, where="journal")
            except (OSError, UnsafePath):
                continue  # not empty (someone's files), already gone, or a symlink now: keep it
    return drifted
