"""``git`` as Guardian runs it: never a program the checkout's own git configuration names.

A checkout that comes with its ``.git/`` directory (a vendored tree, a tarball, a CI cache) can set
``core.fsmonitor`` (a command ``git status`` runs) or ``core.hooksPath`` (hooks ``git add`` may
run). Every git command Guardian starts turns both off on its command line, which wins over any
configuration file. It also runs with ``GIT_NO_LAZY_FETCH=1``: a ``.git/`` that claims to be a
partial clone, with an object missing, would otherwise make git fetch it from the "promisor" remote
the configuration names, through the ``core.sshCommand`` (or any transport) that configuration
chooses. Filter drivers are switched off by :func:`git_command`; nested repositories (submodules,
each with its own configuration and filters) are never entered (``--ignore-submodules=all``).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from rollback.errors import GitFailed

#: The argv prefix of every git command Guardian runs.
GIT: tuple[str, ...] = ("git", "-c", "core.fsmonitor=false", "-c", f"core.hooksPath={os.devnull}")


def environment() -> dict[str, str]:
    """The environment of every git command: this process's, with on-demand fetching turned off."""
    return {**os.environ, "GIT_NO_LAZY_FETCH": "1"}


def run(
    repo: Path, *args: str, filters_off: bool = False, check: bool = False, timeout: float | None = None
) -> subprocess.CompletedProcess[bytes]:
    """``git ARGS`` in ``repo``, output captured as bytes.

    Args:
        filters_off: the prefix of :func:`git_command` (for commands that read or stage file contents).
        check: raise :class:`GitFailed` (exit 2, git's own message) when git fails.
    """
    argv = [*(git_command(repo) if filters_off else GIT), *args]
    done = subprocess.run(argv, cwd=repo, capture_output=True, env=environment(), timeout=timeout, check=False)
    if check and done.returncode != 0:
        lines = [line.strip() for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        raise GitFailed(" ".join(args[:1]), (lines[-1] if lines else f"exit status {done.returncode}")[:300])
    return done


def git_command(repo: Path) -> tuple[str, ...]:
    """:data:`GIT` for commands that read or stage the tree's files (``status``, ``add``, ``rm``),
    plus an empty command for every filter driver the checkout's configuration defines.

    A ``clean``/``smudge``/``process`` filter is a program git runs on the tree's files when
    ``.gitattributes`` names it; a shipped ``.git/config`` could name any program. An empty command
    on the command line wins over the file and makes git pass the bytes through unfiltered.
    Reading the configuration (``git config --get-regexp``) runs nothing.
    """
    found = subprocess.run(
        [*GIT, "config", "--get-regexp", r"^filter\..*\.(clean|smudge|process)$"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=environment(),
        check=False,
    )
    drivers = sorted({line.split(" ", 1)[0][len("filter.") :].rsplit(".", 1)[0] for line in found.stdout.splitlines()})
    overrides: list[str] = []
    for driver in drivers:
        for key in ("clean", "smudge", "process"):
            overrides += ["-c", f"filter.{driver}.{key}="]
        overrides += ["-c", f"filter.{driver}.required=false"]
    return (*GIT, *overrides)
