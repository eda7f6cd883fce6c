"""Errors raised while applying a batch. Each carries its ``failures.ExitCode``."""

from __future__ import annotations

from failures import ExitCode, Failure


class CodemodError(Failure):
    """Base of every codemod error. ``exit_code`` and the message format come from :class:`failures.Failure`."""


class PreflightError(CodemodError):
    """A rename refused before anything is written: bad target, shadowing, dirty or untracked files."""

    exit_code = ExitCode.CONFLICT

    def __init__(self, problems: list[str], *, hint: str | None = None) -> None:
        head = problems[0] if len(problems) == 1 else f"{len(problems)} problems: " + "; ".join(problems)
        super().__init__(f"batch refused before any write: {head}", hint=hint)
        self.problems = tuple(problems)


class RenameFailed(CodemodError):
    """One rename could not be computed (Rope crashed on a file, a syntax error in the module)."""

    exit_code = ExitCode.CONFLICT

    def __init__(self, module: str, path: str, reason: str) -> None:
        super().__init__(
            f"{path}: renaming {module} failed: {reason}",
            hint="fix the file or exclude the module, then re-run `guardian plan`",
        )
        self.module, self.path, self.reason = module, path, reason


class VerificationFailed(CodemodError):
    """The import graph or compilation after a batch differs from what the renames promise."""

    exit_code = ExitCode.CONFLICT

    def __init__(self, batch: int, differences: list[str]) -> None:
        shown = "; ".join(differences[:5]) + (f"; ... {len(differences) - 5} more" if len(differences) > 5 else "")
        super().__init__(
            f"batch {batch} rolled back: verification failed: {shown}",
            hint="see `guardian review` for the diff; fix the reported import and re-run",
        )
        self.batch, self.differences = batch, tuple(differences)


class EditedBlock(CodemodError):
    """A block Guardian wrote (a compatibility binding) that a person has since edited: retire refuses it whole."""

    exit_code = ExitCode.CONFLICT

    def __init__(self, path: str, line: int, what: str) -> None:
        super().__init__(
            f"{path}:{line}: {what} was edited by hand; retire removes only a block exactly as Guardian wrote it",
            hint="remove the block by hand (keep what you added to it), then re-run `guardian retire`",
        )
        self.path, self.line = path, line


class WorkerDied(CodemodError):
    """A worker process of ``apply --jobs N`` ended from outside while a batch was computed or verified (the
    out-of-memory killer's SIGKILL): the batch is left unwritten or rolled back, not reported as a bug."""

    exit_code = ExitCode.CONFLICT

    def __init__(self, batch: int, how: str, *, rolled_back: bool) -> None:
        state = "was rolled back" if rolled_back else "was not written"
        super().__init__(
            f"batch {batch} {state}: a worker process {how} while it ran, likely out of memory; the batches "
            "before it stay applied (`guardian journal` lists them)",
            hint="retry with --jobs 1 (one process holds less memory) or lower the memory in use",
        )
        self.batch, self.how, self.rolled_back = batch, how, rolled_back
