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

import contextlib
import gc
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rope.base import pyobjects, taskhandle
from rope.base.change import ChangeContents, ChangeSet, MoveResource
from rope.base.exceptions import RopeError
from rope.base.project import Project
from rope.refactor import occurrences
from rope.refactor import rename as rope_rename
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


Filter = Callable[[occurrences.Occurrence], "bool | None"]


def _first_verdict(filters: list[Filter], occurrence: occurrences.Occurrence) -> bool:
    """Rope's own rule: the first filter that does not answer None decides."""
    for check in filters:
        verdict = check(occurrence)
        if verdict is not None:
            return verdict
    return False


def _keep_local_names(filters: list[Filter]) -> Filter:
    """Keep local names: a bare name (``mod.f()``, ``mod(...)``, ``box=``) is never renamed.

    Import statements are left to Rope (the masks protect the bindings); dotted uses through a
    package (``pkg.mod.f``, ``p.mod``: the submodule attribute) are Rope's to rewrite; an attribute
    of a plain module (``payments.loyalty`` after ``import shop.plugins.loyalty as loyalty`` in
    ``payments``) is that module's binding, kept like every local name. The cheap textual tests
    come first; the owner is resolved only for occurrences Rope's filters accept.
    """

    def check(occurrence: occurrences.Occurrence) -> bool:
        if occurrence.is_in_import_statement():
            return _first_verdict(filters, occurrence)
        if occurrence.get_primary_range()[0] == occurrence.get_word_range()[0]:
            return False
        if not _first_verdict(filters, occurrence):
            return False
        pair = occurrence.get_primary_and_pyname()
        primary = pair[0] if pair else None
        owner = primary.get_object() if primary is not None else None
        return not (isinstance(owner, pyobjects.PyModule) and not isinstance(owner, pyobjects.PyPackage))

    return check


def _imports_only(filters: list[Filter]) -> Filter:
    """For a submodule its package shadows (sympy's ``sympify``): ``pkg.name`` anywhere outside an
    import statement is the package's object, never the module, so only imports are renamed."""

    def check(occurrence: occurrences.Occurrence) -> bool:
        return occurrence.is_in_import_statement() and _first_verdict(filters, occurrence)

    return check


@contextmanager
def _local_names_kept(active: bool, shadowed: bool = False) -> Iterator[None]:
    """Wrap the filters of the finder Rope's ``Rename`` builds, for one call."""
    if not active and not shadowed:
        yield
        return
    original = occurrences.create_finder
    guard = _imports_only if shadowed else _keep_local_names

    def create_finder(*args: object, **kwargs: object) -> occurrences.Finder:
        finder = original(*args, **kwargs)
        finder.filters = [guard(list(finder.filters))]
        return finder

    occurrences.create_finder = create_finder
    try:
        yield
    finally:
        occurrences.create_finder = original


@contextmanager
def _crashes_isolated(crashed: list[tuple[str, str]], module_path: str) -> Iterator[None]:
    """A Rope exception inside one importer (seen on sympy: ``'PyObject' object has no attribute
    'get_returned_object'``) skips that file instead of the whole rename; it is recorded, and the
    libcst pass and the graph verification deal with the file. The module's own file is not skipped."""
    original = rope_rename.rename_in_module

    def guarded(finder: object, new_name: str, *args: object, **kwargs: object) -> object:
        resource = kwargs.get("resource")
        try:
            return original(finder, new_name, *args, **kwargs)
        except (RopeError, AttributeError, TypeError, ValueError, KeyError, IndexError, RecursionError) as exc:
            path = getattr(resource, "path", None)
            if path is None or path == module_path:
                raise
            crashed.append((path, f"{type(exc).__name__}: {exc}"))
            return None

    rope_rename.rename_in_module = guarded
    try:
        yield
    finally:
        rope_rename.rename_in_module = original


@dataclass(frozen=True)
class RopeResult:
    changed: tuple[str, ...]  #: files whose text Rope changed (paths after the move)
    moves: tuple[tuple[str, str], ...]  #: (old path, new path)
    crashed: tuple[tuple[str, str], ...] = ()  #: (file, Rope's exception) skipped by Rope


class _Handle(taskhandle.TaskHandle):  # type: ignore[misc]  # rope ships no type information
    """Remembers which file Rope was working on, to name it when Rope crashes."""

    def __init__(self) -> None:
        super().__init__("guardian", interrupts=False)

    def current_file(self) -> str:
        jobset = self.current_jobset()
        name = getattr(jobset, "job_name", None) if jobset is not None else None
        return str(name) if name else "?"


@contextmanager
def _invalidation_batched(project: Project) -> Iterator[None]:
    """Forget Rope's concluded data once per change set instead of once per written file.

    Rope drops the inferred data of every cached module each time one file changes: O(files x
    cached modules) per rename (14 s of 58 s on a 2,000-module batch). Nothing is resolved while a
    change set is being written, so doing it once at the end gives the same state.
    """
    cache = project.pycore.module_cache
    original = cache.forget_all_data
    pending = [False]

    def deferred() -> None:
        pending[0] = True

    cache.forget_all_data = deferred
    try:
        yield
    finally:
        cache.forget_all_data = original
        if pending[0]:
            original()


class RopeSession:
    """One Rope project over the workspace, for one batch."""

    def __init__(self, workspace: Workspace, source_roots: Iterable[str]) -> None:
        self.workspace = workspace
        folders = [r for r in source_roots if r not in (".", "")]
        with warnings.catch_warnings():  # rope 1.x warns about its own deprecated source-folder code
            warnings.simplefilter("ignore", DeprecationWarning)
            self.project = Project(str(workspace.root), ropefolder=None, automatic_soa=False,
                                   ignore_syntax_errors=True, ignore_bad_imports=True, save_history=False,
                                   source_folders=folders, python_files=["*.py"])
        # Rope re-walks the tree for source folders on every module lookup; renames in place never
        # create or remove a folder, so the answer is fixed for the session (15 s of 69 s measured
        # on a 2,000-module batch).
        fixed = self.project.get_source_folders()
        self.project.get_source_folders = lambda: list(fixed)

    def write(self, path: str, text: str) -> None:
        """Write through Rope so its caches see the new text (group writes in :meth:`batched`)."""
        self.project.get_file(path).write(text)
        self.workspace.refresh(path)

    def batched(self) -> contextlib.AbstractContextManager[None]:
        """Several writes, one invalidation of Rope's inferred data."""
        return _invalidation_batched(self.project)

    def rename(self, module: str, path: str, new_base: str, resources: Iterable[str], *,
               keep_local_names: bool = True, shadowed: bool = False) -> RopeResult:
        """Rename the module at ``path`` to ``new_base`` (same directory) and perform it in the workspace.

        ``keep_local_names``: bare names are never renamed (the default; ``--rename-locals`` turns
        it off for modules without hazards). ``shadowed``: the package binds the module's name to
        another object, so only import statements refer to the module.

        Raises:
            RenameFailed: Rope raised (a crash on one file, a syntax error in the module itself).
        """
        handle = _Handle()
        crashed: list[tuple[str, str]] = []
        files = [self.project.get_file(p) for p in sorted(set(resources) | {path})]
        try:
            with gc_paused(), _local_names_kept(keep_local_names, shadowed), _crashes_isolated(crashed, path):
                changes = Rename(self.project, self.project.get_file(path)).get_changes(
                    new_base, docs=False, resources=files, task_handle=handle)
                with _invalidation_batched(self.project):
                    self.project.do(changes)
        except RecursionError:
            raise RenameFailed(module, handle.current_file(), "Rope hit the recursion limit") from None
        except (RopeError, AttributeError, TypeError, ValueError, KeyError, IndexError, SyntaxError) as exc:
            raise RenameFailed(module, handle.current_file(), f"Rope raised {type(exc).__name__}: {exc}") from None
        return self._record(changes, crashed)

    def _record(self, changes: ChangeSet, crashed: list[tuple[str, str]]) -> RopeResult:
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
        return RopeResult(tuple(sorted(set(changed))), tuple(moves), tuple(crashed))

    def close(self) -> None:
        self.project.close()
