"""Which repository a command works on, found the way ruff, pre-commit and git find theirs.

Without ``--repo``, Guardian walks up from the current directory: the nearest directory holding a
``guardian.toml`` or a ``pyproject.toml`` with a ``[tool.guardian]`` table is the root; without one,
the top level of the git work tree; without git, the current directory. ``--repo`` always wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from guardian.config_file import find_config_file


@dataclass(frozen=True)
class Root:
    """The repository root and how it was chosen (said with ``-v``)."""

    path: Path
    how: str

    def describe(self) -> str:
        return f"repository root {self.path} ({self.how})"


def find_root(start: Path, explicit: Path | None = None) -> Root:
    """The root of the repository that contains ``start`` (or ``explicit``, given as ``--repo``).

    Returns:
        The resolved root with the reason it was chosen.
    """
    if explicit is not None:
        return Root(explicit.resolve(), "--repo")
    here = start.resolve()
    for directory in (here, *here.parents):
        found = find_config_file(directory)
        if found is not None:
            _path, is_pyproject = found
            what = "pyproject.toml with [tool.guardian]" if is_pyproject else "guardian.toml"
            return Root(directory, f"nearest {what}" + ("" if directory == here else f", found from {here}"))
    for directory in (here, *here.parents):
        if (directory / ".git").exists():  # a directory, or a file in a linked work tree / submodule
            return Root(directory, "git top level" + ("" if directory == here else f", found from {here}"))
    return Root(here, "current directory: no guardian.toml, no [tool.guardian], no git work tree above it")
