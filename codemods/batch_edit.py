"""What computing a batch produces: the changed files and a report per rename, as data.

:class:`BatchEdit` is what ``codemods.rename_batch`` hands to the journal (and a dry run prints);
:class:`ModuleIndex` is the module name and package of each file as the batch's renames move them;
:class:`Options` are ``guardian apply``'s switches that change how a batch is computed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from codemods.workspace import FileChange


@dataclass(frozen=True)
class Options:
    shims: bool = False
    rename_locals: bool = False
    jobs: int = 1
    prose: bool = True  #: rewrite exact module paths in docstrings, comments and documentation too
    #: old module paths code outside the checkout imports (the test runner at start-up): a shim stays at each
    keep: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RenameReport:
    old: str
    new: str
    old_module: str
    new_module: str
    files: tuple[str, ...]  #: files changed for this rename (paths after the batch)
    rope_files: int
    masked: int  #: import aliases kept by masking
    fixed_by_libcst: tuple[str, ...]
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "old": self.old,
            "new": self.new,
            "old_module": self.old_module,
            "new_module": self.new_module,
            "files": list(self.files),
            "rope_files": self.rope_files,
            "kept_local_names": self.masked,
            "fixed_by_libcst": list(self.fixed_by_libcst),
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class BatchEdit:
    batch: int
    changes: tuple[FileChange, ...]
    renames: tuple[RenameReport, ...]
    mapping: Mapping[str, str]
    shims: Mapping[str, str]
    reference_edits: tuple[dict[str, object], ...] = ()
    warnings: tuple[str, ...] = ()
    manual: tuple[dict[str, object], ...] = field(default=())  #: references listed for a person to check

    @property
    def touched(self) -> tuple[str, ...]:
        return tuple(sorted({c.path for c in self.changes}))

    def without_texts(self) -> BatchEdit:
        """The edit with each change's paths and no bytes (``before`` and ``after`` None): what the report
        and the tracker read once the batch is journaled or its patch made; the journal holds the bytes."""
        return replace(self, changes=tuple(FileChange(c.old_path, c.new_path, None, None) for c in self.changes))


@dataclass
class _Module:
    name: str
    package: str | None


class ModuleIndex:
    """Repo path -> dotted module name and the package its relative imports resolve against."""

    def __init__(self, entries: Mapping[str, tuple[str, bool]]) -> None:
        self.by_path: dict[str, _Module] = {}
        for path, (name, is_package) in entries.items():
            self.by_path[path] = _Module(name, name if is_package else name.rpartition(".")[0])

    def _entry(self, path: str) -> _Module | None:
        """A module's entry; a ``.pyi`` stub reads its imports as the module beside it does (its ``.py``),
        a stub alone as its directory's package (``lazy_loader.attach_stub`` and type checkers resolve
        ``from .m1 import V`` in ``pkg/__init__.pyi`` against ``pkg``)."""
        entry = self.by_path.get(path)
        if entry is None and path.endswith(".pyi"):
            entry = self.by_path.get(path[:-1])
            if entry is None and (init := self.by_path.get(f"{path.rpartition('/')[0]}/__init__.py")) is not None:
                stem = path.rpartition("/")[2][: -len(".pyi")]
                entry = _Module(f"{init.name}.{stem}", init.package)
        return entry

    def package(self, path: str) -> str | None:
        entry = self._entry(path)
        return entry.package if entry is not None else None

    def in_script_directory(self, path: str) -> bool:
        """Whether ``path`` lies in a directory of scripts: below the root, with no ``__init__.py``. Run, a
        script has its directory first on ``sys.path``, so its ``import x`` is the sibling ``x.py``; in a
        regular package an absolute ``import x`` is the top-level ``x``."""
        directory = path.rpartition("/")[0]
        return bool(directory) and f"{directory}/__init__.py" not in self.by_path

    def name(self, path: str) -> str:
        entry = self._entry(path)
        return entry.name if entry is not None else path.rpartition("/")[2].partition(".")[0]

    def move(self, old_path: str, new_path: str, new_module: str) -> None:
        entry = self.by_path.pop(old_path, None)
        package = entry.package if entry is not None else new_module.rpartition(".")[0]
        self.by_path[new_path] = _Module(new_module, package)
