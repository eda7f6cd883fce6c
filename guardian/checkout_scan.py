"""The scan every command that reads the checkout starts from, and its ``-j/--jobs`` option.

:func:`scan` is :func:`planner.scan.scan_repo` with a progress bar on a terminal and the facts cache
(``guardian/cache.py``): unchanged files are not parsed again. ``assess``, ``plan``, ``check``,
``graph``, ``report``, ``renumber`` and ``validate`` use it. Light to import: ``check``'s start-up
is most of its time.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from guardian.app import App
    from planner.graph import RepoScan


def scan_jobs() -> int:
    """Parser processes when ``--jobs`` is not given: the cores, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


#: ``-j/--jobs`` of the commands that scan the checkout.
scan_jobs_option = click.option(
    "-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Parser processes (default: up to 4)."
)


def scan(app: App, jobs: int | None = None) -> RepoScan:
    """Scan the repository with a progress bar on a terminal, reusing the facts of unchanged files."""
    from guardian.cache import JsonFactsCache
    from planner.scan import scan_repo

    cache = JsonFactsCache(app.repo)
    with app.progress_callback("Reading modules") as progress:
        result = scan_repo(app.config, jobs=jobs or scan_jobs(), progress=progress, cache=cache)
    cache.save()
    return result
