"""The options ``apply`` and ``review`` share, and the settings of one run of the batches.

* ``--plan``: the plan file (``approve`` takes it too); ``-j/--jobs``: worker processes for Rope,
  libcst and verification, the machine's cores by default (:func:`batch_jobs`);
* :class:`BatchSettings`: what either command passes on to its run of the batches
  (``guardian/commands/apply.py``); the run's report is ``guardian/batch_report.py``'s.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import click


def batch_jobs() -> int:
    """``apply``/``review`` ``--jobs`` when not given: the cores this process may run on (at most 64)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, 64))


#: ``--plan`` of ``apply``, ``review`` and ``approve``.
plan_option = click.option(
    "--plan",
    "plan_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Plan file (default: .guardian/plan.json).",
)

#: ``-j/--jobs`` of ``apply`` and ``review``.
batch_jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=batch_jobs,
    show_default="the machine's cores",
    help="Worker processes for Rope's analysis, the libcst passes and verification.",
)


@dataclass(frozen=True)
class BatchSettings:
    """How one ``apply`` or ``review`` run treats its batches (from the command's options)."""

    dry_run: bool
    allow_dirty: bool
    #: None: the configuration's ``shims``
    shims: bool | None
    jobs: int
    rename_locals: bool = False
    prose: bool = True
    #: the test command proving each batch (None: no tests)
    tests: str | None = None
    all_tests: bool = False

    @classmethod
    def review(cls, shims: bool | None, jobs: int) -> BatchSettings:
        """``review``'s: a dry run that shows the batch whatever the tree's uncommitted changes."""
        return cls(dry_run=True, allow_dirty=True, shims=shims, jobs=jobs)
