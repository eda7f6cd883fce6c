"""Errors raised by the journal. Each carries its ``failures.ExitCode``."""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence

from failures import ExitCode, Failure


class RollbackError(Failure):
    """Base of every journal error. ``exit_code`` and the message format come from :class:`failures.Failure`."""


class UnsafePath(RollbackError):
    """A path that escapes the repository, goes through a symlink or into ``.guardian``/``.git``."""

    exit_code = ExitCode.USAGE

    def __init__(self, path: str, reason: str, *, where: str = "", hint: str = "") -> None:
        origin = f"{where}: " if where else ""
        super().__init__(
            f"{origin}unsafe path {path!r}: {reason}; nothing was changed",
            hint=hint or "batch paths must be relative to the repository root, use '/' and stay inside it",
        )
        self.path = path
        self.reason = reason


class UnknownBatch(RollbackError):
    """No journal entry has this id."""

    exit_code = ExitCode.USAGE

    def __init__(self, batch_id: str, known: Sequence[str] = ()) -> None:
        listing = f" (journal has: {', '.join(known[-10:])})" if known else " (the journal is empty)"
        super().__init__(
            f"no batch {batch_id!r} in .guardian/journal{listing}", hint="run `guardian journal` to list batches"
        )
        self.batch_id = batch_id


class CorruptJournal(RollbackError):
    """A journal file that cannot be trusted: unreadable JSON, a missing key, a blob whose hash is wrong."""

    exit_code = ExitCode.USAGE

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(
            f"{path}: {problem}",
            hint="the journal was edited or damaged; restore it from a backup, or undo by hand "
            "with `git apply` of the batch's reverse.patch",
        )
        self.path = path


class UntrustedEntry(CorruptJournal):
    """A journal entry not signed with this user's key for this repository: shipped with a checkout,
    copied from another repository, edited, or written by another user or an older Guardian. It is
    shown, never recovered or reverted."""

    def __init__(self, path: str, batch_id: str) -> None:
        super().__init__(
            path,
            f"batch {batch_id} is UNTRUSTED: not signed by this user's Guardian for this repository (it was "
            "shipped with the checkout, copied from another repository, edited, written by another "
            "user or an older release, or the repository was moved); it is never recovered or "
            "reverted automatically",
        )
        self.hint = (
            f"inspect it with `guardian journal {batch_id}`; if it is your own batch, "
            f"`guardian journal {batch_id} --trust` adopts it"
        )
        self.batch_id = batch_id


class InvalidBatch(RollbackError):
    """A batch refused before any write: an operation that cannot apply to the tree as it is."""

    exit_code = ExitCode.CONFLICT

    def __init__(self, batch_id: str, problem: str, *, hint: str | None = None) -> None:
        super().__init__(
            f"batch {batch_id} refused before any write: {problem}",
            hint=hint or "re-plan the batch against the current tree",
        )
        self.batch_id = batch_id
        self.problem = problem


class StaleBase(RollbackError):
    """Files changed since the caller computed its operations: refused before any write."""

    exit_code = ExitCode.CONFLICT

    def __init__(self, batch_id: str, paths: Sequence[str]) -> None:
        super().__init__(
            f"batch {batch_id} refused before any write: {len(paths)} file(s) changed since the batch "
            f"was computed: {', '.join(paths)}",
            hint="re-run the command so the batch is computed from the current files",
        )
        self.batch_id = batch_id
        self.paths = tuple(paths)


class BatchFailed(RollbackError):
    """An operation failed part-way; the tree was restored to what it was before the batch."""

    exit_code = ExitCode.CONFLICT

    def __init__(
        self, batch_id: str, operation: str, reason: str, *, restored: bool = True, hint: str | None = None
    ) -> None:
        outcome = (
            "the tree was restored to its state before the batch"
            if restored
            else "the tree could NOT be fully restored; run `guardian recover`"
        )
        super().__init__(f"batch {batch_id} failed at {operation}: {reason}; {outcome}", hint=hint)
        self.batch_id = batch_id
        self.operation = operation
        self.reason = reason


class Drift(RollbackError):
    """Files changed since the batch was applied: reverting would destroy that work, so it is refused."""

    exit_code = ExitCode.DRIFT

    def __init__(self, batch_id: str, drifted: Sequence[str], *, action: str = "revert") -> None:
        super().__init__(
            f"{action} of batch {batch_id} refused, nothing changed: {len(drifted)} file(s) changed "
            f"since the batch: {'; '.join(drifted)}",
            hint="commit or move your edits away (or restore the files), then retry; "
            "`guardian journal " + batch_id + "` shows what the batch wrote",
        )
        self.batch_id = batch_id
        self.drifted = tuple(drifted)


class JournalConflict(RollbackError):
    """The journal's order forbids the request: a later batch builds on this one, or the status is wrong."""

    exit_code = ExitCode.DRIFT

    def __init__(self, batch_id: str, problem: str, *, hint: str | None = None) -> None:
        super().__init__(f"batch {batch_id}: {problem}", hint=hint)
        self.batch_id = batch_id


class LockHeld(RollbackError):
    """Another live process is changing this repository."""

    exit_code = ExitCode.CONFLICT

    def __init__(self, holder: str, lock_path: str) -> None:
        super().__init__(
            f"another Guardian process is changing this repository: {holder}",
            hint=f"wait for it to finish; if that process is gone, delete {lock_path}",
        )
        self.holder = holder


class DatabaseRequired(RollbackError):
    """A batch has SQL steps but no way to run SQL was given."""

    exit_code = ExitCode.USAGE

    def __init__(self, batch_id: str, action: str) -> None:
        super().__init__(
            f"batch {batch_id} has database steps; {action} needs a database connection",
            hint="set [tool.guardian.database] dsn in the configuration, or run its down.sql by hand",
        )
        self.batch_id = batch_id


class NothingToRevert(RollbackError):
    """``revert --last``/``--all`` on a journal without applied batches."""

    exit_code = ExitCode.USAGE

    def __init__(self) -> None:
        super().__init__("no applied batch to revert", hint="`guardian journal` lists batches and their status")


class GitFailed(RollbackError):
    """A git command Guardian needs failed: a damaged or unusual ``.git/`` (a missing object, say)."""

    exit_code = ExitCode.USAGE

    def __init__(self, command: str, message: str) -> None:
        super().__init__(
            f"`git {command}` failed in the repository: {message}",
            hint="check the repository with `git status` and `git fsck`",
        )
        self.command = command


class ForeignGitDir(RollbackError):
    """The repository's ``.git`` names the git directory of another work tree, or leads git's writes
    out of it (a symlink in it)."""

    exit_code = ExitCode.USAGE

    def __init__(self, git_dir: str) -> None:
        super().__init__(
            f"the repository's .git leads git to {git_dir!r}, outside this work tree (the git directory of "
            "another work tree, or a symlink in .git); Guardian lets git change nothing there",
            hint="give the checkout its own .git (git init), or remove the .git file or the symlink",
        )
        self.git_dir = git_dir


class OutputUnwritable(RollbackError):
    """A file the user named for output (``plan -o``, ``graph -o``, ``report --html``, ``enums sql -o``)
    cannot be written where it was named: its directory is missing or not one, or not writable."""

    exit_code = ExitCode.USAGE

    def __init__(self, target: str, exc: OSError) -> None:
        directory = os.path.dirname(target) or "."
        if exc.errno == errno.ENOENT:
            message, hint = f"the directory {directory} does not exist", f"create it first: mkdir -p {directory}"
        elif exc.errno == errno.ENOTDIR:
            message, hint = "a part of its directory is not a directory", "name a file in an existing directory"
        else:
            message, hint = exc.strerror or str(exc), "name a file in a directory you can write"
        super().__init__(f"{target}: cannot write the output file: {message}", hint=hint)
        self.target = target


class UnreadableGitFile(RollbackError):
    """A file of the git directory Guardian reads before running git is a FIFO, a socket or a device,
    or too large: opening a FIFO waits for ever, and git itself would."""

    exit_code = ExitCode.USAGE

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(
            f"{path}: {problem}; no git command was run",
            hint="remove it after checking what it is, or give the checkout a .git of its own (git init)",
        )
        self.path = path
