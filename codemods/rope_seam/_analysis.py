"""The seam's hooks on Rope's analysis and caches: when they are dropped, and lookups answered once.

:func:`invalidation_batched`, :func:`release_analysis` and :class:`AnalysisBound` decide when Rope's
analysis is forgotten; :func:`fix_source_folders`, :func:`modules_found_once` and
:func:`module_never_local` answer questions whose answer a rename cannot change (the package's
docstring: :mod:`codemods.rope_seam`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rope.base import builtins as rope_builtins
from rope.base import pynames
from rope.base.project import Project
from rope.refactor import rename as rope_rename


@contextmanager
def invalidation_batched(project: Project) -> Iterator[None]:
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


def release_analysis(project: Project, keep: object = None) -> None:
    """Drop Rope's analysis of every module it holds (its object graph: about 100 KB per analysed
    file), as a change of each file would, and collect it (the graph is cyclic). ``keep``: a
    resource whose module stays (its inferred data forgotten like every module's)."""
    cache = project.pycore.module_cache
    with invalidation_batched(project):
        for resource in list(cache.module_map):
            if resource != keep:
                cache._invalidate_resource(resource)
    forget_builtin_types()
    gc.collect()


def forget_builtin_types() -> None:
    """Empty Rope's process-wide memo of built-in types (``_create_builtin_type_getter``: a
    ``_generated`` dict on ``Tuple``, ``List``, ...), keyed by the objects they hold: classes of the
    analysed modules, so a closed project's whole object graph stayed reachable (a sympy worker
    task's 366 modules and 2.7 million objects survived its project's close and a collection). A
    memo emptied is one a fresh process starts with; call it when a project is closed or released."""
    for value in vars(rope_builtins).values():
        memo = vars(value).get("_generated") if isinstance(value, type) else None
        if isinstance(memo, dict):
            memo.clear()


class AnalysisBound:
    """Keeps Rope's analysis during one ``Rename.get_changes`` under ``limit`` characters of
    source: an observer of its task handle (Rope calls it when a file is started and when it is
    finished) that, after a file, releases every module Rope holds but the renamed one
    (:func:`release_analysis`) when their sources add up to more than the limit (Rope's object
    graph grows with them: about 45 bytes per character on sympy). The next files analyse again
    what their imports resolve to. The renamed module stays because its object is what Rope's
    occurrence filter compares (``same_pyname``: the module objects' identity, ``old_pyname``
    keeping the first one); every other answer is computed again from the same files, so the
    occurrences found are the same."""

    def __init__(self, project: Project, handle: Any, renamed: Any, limit: int) -> None:
        self.project = project
        self.handle = handle
        # Rope's ``Rename`` of a package's ``__init__.py`` renames its folder (a ``PyPackage``)
        self.renamed = renamed.parent if renamed.name == "__init__.py" else renamed
        self.limit = limit
        self._done = 0  #: files finished
        self._counted = 0  #: the modules held whose characters are in ``_held`` (the cache only grows)
        self._held = 0

    def held(self) -> int:
        """The characters of source of the modules Rope holds (the ones added since last asked counted)."""
        modules = list(self.project.pycore.module_cache.module_map.values())
        if len(modules) < self._counted:
            self._counted = self._held = 0
        self._held += sum(len(getattr(pymodule, "source_code", "")) for pymodule in modules[self._counted :])
        self._counted = len(modules)
        return self._held

    def __call__(self) -> None:
        done = getattr(self.handle.current_jobset(), "done", 0)
        if done == self._done:  # not the end of a file
            return
        self._done = done
        if self.held() > self.limit:
            release_analysis(self.project, keep=self.renamed)


def fix_source_folders(project: Project) -> None:
    """Answer ``get_source_folders`` from one walk for the project's life.

    Rope re-walks the tree for source folders on every module lookup; renames in place never create
    or remove a folder, so the answer is fixed for the session (15 s of 69 s measured on a
    2,000-module batch).
    """
    fixed = project.get_source_folders()
    project.get_source_folders = lambda: list(fixed)


@contextmanager
def modules_found_once(project: Project) -> Iterator[None]:
    """Answer Rope's module lookups from a memo while nothing in the tree moves (an analysis).

    Every analysed file resolves its imports (``ignore_bad_imports``), and each lookup walks the
    source folders, then resolves and searches every ``sys.path`` entry again: the same few names
    (``__future__``, the packages) from every file, 22% of Rope's analysis of a 500-module batch.
    The answer depends only on which files and folders exist, which an analysis does not change.
    """
    original = project.find_module
    memo: dict[tuple[str, str | None], Any] = {}

    def find_module(modname: str, folder: Any = None) -> Any:
        key = (modname, None if folder is None else folder.path)
        if key not in memo:
            memo[key] = original(modname, folder)
        return memo[key]

    project.find_module = find_module
    try:
        yield
    finally:
        del project.find_module


@contextmanager
def module_never_local() -> Iterator[None]:
    """Skip ``Rename.get_changes``'s test whether the renamed name is a function's local, for a module.

    For a module (an ``ImportedModule``, never an ``AssignedName``) the answer is always false, but
    computing it built the renamed module's scopes and resolved its imports: in a late batch of leaf
    modules, most of what Rope analysed. Other names are tested as before.
    """
    original = rope_rename._is_local

    def is_local(pyname: object) -> bool:
        if isinstance(pyname, pynames.ImportedModule):
            return False
        return bool(original(pyname))

    rope_rename._is_local = is_local
    try:
        yield
    finally:
        rope_rename._is_local = original
