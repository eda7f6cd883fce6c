"""``git`` as Guardian runs it: never a program the checkout's own git configuration names.

A checkout that comes with its ``.git/`` directory (a vendored tree, a tarball, a CI cache) can set
``core.fsmonitor`` (a command ``git status`` runs) or ``core.hooksPath`` (hooks ``git add`` may
run). Every git command Guardian starts turns both off on its command line, which wins over any
configuration file.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

#: The argv prefix of every git command Guardian runs.
GIT: tuple[str, ...] = ("git", "-c", "core.fsmonitor=false", "-c", f"core.hooksPath={os.devnull}")


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
        check=False,
    )
    drivers = sorted({line.split(" ", 1)[0][len("filter.") :].rsplit(".", 1)[0] for line in found.stdout.splitlines()})
    overrides: list[str] = []
    for driver in drivers:
        for key in ("clean", "smudge", "process"):
            overrides += ["-c", f"filter.{driver}.{key}="]
        overrides += ["-c", f"filter.{driver}.required=false"]
    return (*GIT, *overrides)
