"""The configuration the planner works from, as frozen data.

Loading and validating the TOML is ``guardian.config_file``'s job; the planner only reads this.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.declared_roots import declared_roots

DEFAULT_PATTERN = "WF{workflow}_V{version}_L{layer}_{index}of{total}_{name}"
DEFAULT_EXEMPT = ("**/__init__.py", "**/__main__.py", "**/conftest.py", "tests/**", "**/migrations/**")
#: File names Python or pytest find by name: a package's ``__init__.py``, ``python -m``'s ``__main__.py``,
#: pytest's ``conftest.py``. They keep their names whatever ``exempt`` says: a configuration that lists
#: its own globs replaces the defaults, and renaming one of these breaks the package instead of moving it.
#: Files other tools find by name in their own context only (``setup.py``, a Django app's ``models.py``)
#: are planner/conventions.py's, and listed as kept.
FIXED_NAMES = frozenset({"__init__.py", "__main__.py", "conftest.py"})
#: pytest's default ``python_files``: test modules, which pytest finds by name too and which keep
#: their names the same way (the checkout's own patterns: planner/pytest_files.py).
DEFAULT_PYTHON_FILES = ("test_*.py", "*_test.py")
#: Directories never scanned: virtual envs, caches, VCS and build output.
IGNORED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".guardian",
        ".ropeproject",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        "env",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        "build",
        "dist",
        "node_modules",
        ".eggs",
        "site-packages",
    }
)


#: PEP 405's marker of a virtual environment's directory, which venv and virtualenv write whatever its name.
VENV_MARKER = "pyvenv.cfg"


def skipped_dir(parent: str, name: str) -> bool:
    """Is the directory ``name`` below ``parent`` never scanned: one of :data:`IGNORED_DIRS`, or a virtual
    environment by its marker (``tvenv/``, ``py311/``: its ``bin/`` scripts are no part of the checkout)? A
    package's directory (an ``__init__.py``) is never one: a stray marker hides no code from a rename."""
    if name in IGNORED_DIRS:
        return True
    directory = os.path.join(parent, name)
    return os.path.isfile(os.path.join(directory, VENV_MARKER)) and not os.path.isfile(
        os.path.join(directory, "__init__.py")
    )


#: The kinds of code ↔ database finding (planner/dbcheck/findings.py describes each): here, so that
#: reading the configuration's ``[database] accept`` loads neither the check nor SQLGlot.
FINDING_KINDS = (
    "unknown-table",
    "unknown-column",
    "unknown-label",
    "model-column-missing",
    "db-column-unmapped",
    "nullability-mismatch",
    "type-mismatch",
    "positional-insert",
    "positional-select",
    "stale-after-switch",
)


@dataclass(frozen=True)
class AcceptedFinding:
    """``[database] accept`` entry: code-vs-database findings of ``kind`` in ``path`` (a glob) are accepted."""

    kind: str
    path: str
    reason: str


@dataclass(frozen=True)
class DatabaseConfig:
    schema: tuple[str, ...] = ()
    dsn: str | None = None
    dialect: str = "postgres"
    accept: tuple[AcceptedFinding, ...] = ()


@dataclass(frozen=True)
class EnumOverride:
    canonical: str
    merge: tuple[str, ...] = ()
    map: tuple[tuple[str, str], ...] = ()
    lossy: bool = False


def layout_roots(root: Path) -> tuple[str, ...]:
    """The source roots of a repository whose configuration names none: those its packaging
    configuration declares (``package_dir={"": "lib"}``, planner/declared_roots.py), else ``src`` in a src layout (a
    real ``src/`` directory inside the repository holding a package or a module, as setuptools'
    automatic discovery and ``guardian init`` take it), else the repository root. With the root, a
    src layout's modules would be named ``src.pkg.mod``: its imports and string references of
    ``pkg.mod`` would be attributed to nothing."""
    declared = declared_roots(root)
    if declared:
        return declared
    src = root / "src"
    try:
        if src.is_symlink() or not src.is_dir() or (src / "__init__.py").exists():
            return (".",)  # no directory, or a package named src (``from src import core``): not a layout
        if any((entry / "__init__.py").is_file() or entry.suffix == ".py" for entry in src.iterdir()):
            return ("src",)
    except OSError:  # unreadable: as if there were none
        pass
    return (".",)


@dataclass(frozen=True)
class Config:
    """Everything in ``[tool.guardian]``; paths are relative to ``root``."""

    root: Path
    #: where importable packages live; a configuration that names none gets :func:`layout_roots`
    source_roots: tuple[str, ...] = (".",)
    version: int = 7
    pattern: str = DEFAULT_PATTERN
    exempt: tuple[str, ...] = DEFAULT_EXEMPT
    batch_size: int = 20
    shims: bool = False
    #: ``{index}of{total}`` policy (planner/numbering.py): "stable" keeps the numbers names carry,
    #: "dense" renumbers every module in dependency order (what ``guardian renumber`` plans)
    numbering: str = "stable"
    #: glob -> workflow number, first match wins.
    workflows: tuple[tuple[str, int], ...] = ()
    #: glob -> layer number, first match wins; unmatched modules get a layer from the graph.
    layers: tuple[tuple[str, int], ...] = ()
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    enums: tuple[EnumOverride, ...] = ()
    required_roles: tuple[str, ...] = ()
    validate_tests: str | None = None
    #: pytest's ``python_files`` in the checkout: modules they match keep their names
    python_files: tuple[str, ...] = DEFAULT_PYTHON_FILES
    #: where ``python_files`` was read ("tox.ini [pytest]"), None for pytest's default
    python_files_source: str | None = None
    #: Every other table (``validate``, ``workflow`` ...) kept as plain data for the commands that own it.
    extra: tuple[tuple[str, Any], ...] = ()
    #: Where the configuration came from ("pyproject.toml", "guardian.toml" or None for defaults).
    source: str | None = None

    @property
    def table_prefix(self) -> str:
        """Prefix of the tracking tables: ``v7_`` for version 7."""
        return f"v{self.version}_"

    def extra_table(self, name: str) -> dict[str, Any]:
        return dict(dict(self.extra).get(name, {}))
