"""Rope renames a module in the scratch workspace: one open Project per batch, one rename at a time.

Each rename's changes are computed after the previous one was performed (change sets computed up
front undo each other, research T15). Rope's knobs that change its cost and not its output
(research/perf-baseline.md): ``automatic_soa=False`` (~100x cheaper ``do()``), no ``.ropeproject``
(``ropefolder=None``: Guardian's journal is the undo), and the cyclic garbage collector paused while
Rope works (its object graph is huge and acyclic-heavy: 4.5x on a cold scan). The files Rope
searches come from the workspace's whole-word index, plus the module itself (Rope only moves the
file when it is among the resources).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rope.base import pyobjects, taskhandle
from rope.base.change import ChangeContents, ChangeSet, MoveResource
from rope.base.exceptions import RopeError
from rope.base.project import Project
from rope.refactor import occurrences
from rope.refactor.rename import Rename

from codemods.errors import RenameFailed
from codemods.workspace import Workspace


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic GC (and freeze what exists) for the duration; restore the previous state."""
    enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


def _bare_name_filter(occurrence: occurrences.Occurrence) -> bool | None:
    """Keep local names: a bare name (``mod.f()``, ``mod(...)``, ``box=``) is never renamed.

    Import statements are left to Rope (the masks protect the bindings); dotted uses through a
    package (``pkg.mod.f``, ``p.mod``: the submodule attribute) are Rope's to rewrite; an attribute
    of a plain module (``payments.loyalty`` after ``import shop.plugins.loyalty as loyalty`` in
    ``payments``) is that module's binding, kept like every local name.
    """
    if occurrence.is_in_import_statement():
        return None
    if occurrence.get_primary_range()[0] == occurrence.get_word_range()[0]:
        return False
    pair = occurrence.get_primary_and_pyname()
    primary = pair[0] if pair else None
    owner = primary.get_object() if primary is not None else None
    if isinstance(owner, pyobjects.PyModule) and not isinstance(owner, pyobjects.PyPackage):
        return False  # ``payments.loyalty``: a name another module binds (kept), not a submodule
    return None


def _imports_only_filter(occurrence: occurrences.Occurrence) -> bool | None:
    """For a submodule its package shadows (sympy's ``sympify``): ``pkg.name`` anywhere outside an
    import statement is the package's object, never the module, so only imports are renamed."""
    return None if occurrence.is_in_import_statement() else False


@contextmanager
def _local_names_kept(active: bool, shadowed: bool = False) -> Iterator[None]:
    """Put a filter first in the finder Rope's ``Rename`` builds, for one call."""
    if not active and not shadowed:
        yield
        return
    original = occurrences.create_finder
    guard = _imports_only_filter if shadowed else _bare_name_filter

    def create_finder(*args: object, **kwargs: object) -> occurrences.Finder:
        finder = original(*args, **kwargs)
        finder.filters.insert(0, guard)
        return finder

    occurrences.create_finder = create_finder
    try:
        yield
    finally:
        occurrences.create_finder = original


@dataclass(frozen=True)
class RopeResult:
    changed: tuple[str, ...]  #: files whose text Rope changed (paths after the move)
    moves: tuple[tuple[str, str], ...]  #: (old path, new path)


class _Handle(taskhandle.TaskHandle):
    """Remembers which file Rope was working on, to name it when Rope crashes."""

    def __init__(self) -> None:
        super().__init__("guardian", interrupts=False)

    def current_file(self) -> str:
        jobset = self.current_jobset()
        name = jobset.get_active_job_name() if jobset is not None else None
        return str(name) if name else "?"


class RopeSession:
    """One Rope project over the workspace, for one batch."""

    def __init__(self, workspace: Workspace, source_roots: Iterable[str], *, keep_local_names: bool = True) -> None:
        self.workspace = workspace
        self.keep_local_names = keep_local_names
        folders = [r for r in source_roots if r not in (".", "")]
        self.project = Project(str(workspace.root), ropefolder=None, automatic_soa=False,
                               ignore_syntax_errors=True, ignore_bad_imports=True, save_history=False,
                               source_folders=folders, python_files=["*.py"])

    def write(self, path: str, text: str) -> None:
        """Write through Rope so its caches see the new text."""
        self.project.get_file(path).write(text)
        self.workspace.refresh(path)

    def rename(self, module: str, path: str, new_base: str, resources: Iterable[str], *,
               shadowed: bool = False) -> RopeResult:
        """Rename the module at ``path`` to ``new_base`` (same directory) and perform it in the workspace.

        ``shadowed``: the package binds the module's name to another object, so only import
        statements refer to the module.

        Raises:
            RenameFailed: Rope raised (a crash on one file, a syntax error in the module itself).
        """
        handle = _Handle()
        files = [self.project.get_file(p) for p in sorted(set(resources) | {path})]
        try:
            with gc_paused(), _local_names_kept(self.keep_local_names, shadowed):
                changes = Rename(self.project, self.project.get_file(path)).get_changes(
                    new_base, docs=False, resources=files, task_handle=handle)
                self.project.do(changes)
        except RecursionError:
            raise RenameFailed(module, handle.current_file(), "Rope hit the recursion limit") from None
        except (RopeError, AttributeError, TypeError, ValueError, KeyError, IndexError, SyntaxError) as exc:
            raise RenameFailed(module, handle.current_file(), f"Rope raised {type(exc).__name__}: {exc}") from None
        return self._record(changes)

    def _record(self, changes: ChangeSet) -> RopeResult:
        changed: list[str] = []
        moves: list[tuple[str, str]] = []
        for change in changes.changes:
            if isinstance(change, MoveResource):
                moves.append((change.resource.path, change.new_resource.path))
        moved = dict(moves)
        for old, new in moves:
            self.workspace.moved(old, new, on_disk=True)
        for change in changes.changes:
            if isinstance(change, ChangeContents):
                current = moved.get(change.resource.path, change.resource.path)
                self.workspace.refresh(current)
                changed.append(current)
        return RopeResult(tuple(sorted(set(changed))), tuple(moves))

    def close(self) -> None:
        self.project.close()
