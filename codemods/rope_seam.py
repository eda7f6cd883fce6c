"""Every place Guardian steers Rope, in one module (the seam).

Rope stays the engine that finds a renamed module's occurrences and rewrites imports; Guardian
changes *which* occurrences count and *when* Rope's caches are dropped, through four hooks:

* :func:`occurrence_guard` wraps the filters of the finder ``Rename`` builds
  (``rope.refactor.occurrences.create_finder``): bare local names are kept, a shadowed submodule is
  renamed in import statements only;
* :func:`recording` stands in for ``rope.refactor.rename.rename_in_module`` while ``get_changes``
  runs: the same occurrences and text, plus the edits as ``(start, end, text)`` so the edits of several
  renames computed on one analysis of a file can be merged (:func:`codemods.merged_edits.merged_text`), and a crash in one
  importer skips that file instead of the whole rename;
* :func:`invalidation_batched` defers ``_ModuleCache.forget_all_data`` to once per change set;
* :func:`release_analysis` drops every module Rope analysed (``_ModuleCache._invalidate_resource``
  on each, its invalidation deferred), so a round too big for one process's memory is analysed in
  parts, and :class:`AnalysisBound` does it between two files of one rename when the modules Rope
  holds pass a size;
* :func:`fix_source_folders` answers ``Project.get_source_folders`` from the first walk;
* :func:`modules_found_once` answers ``Project.find_module`` from a memo while an analysis only reads;
* :func:`module_never_local` skips Rope's ``_is_local`` test for a module rename (always false for
  one, but it analysed the renamed module's scopes and imports);
* :func:`regions_after_imports` answers Rope's scope-region test (``Scope.in_region``) without
  patching the module's whole AST for an offset before the first statement holding a scope;
* :func:`offsets_once` answers Rope's textual finder (``_TextualFinder.find_offsets``) from the
  offsets :func:`finder_offsets` found for the same name and text during a batch;
* :func:`write_on_demand` lets a project see the files of a scratch copy that are not written yet
  (``codemods.workspace.Workspace.pending``): each is written before Rope looks at it (``exists``,
  ``get_resource``, a folder's listing, a read, a move), so Rope's analysis finds exactly the files
  a full copy gives it, and only the ones it looks at are written.

Each hook depends on the exact code of a Rope function; :data:`SEAM` holds the sha256 of those
functions' source for the Rope versions pinned in ``pyproject.toml``, and :func:`seam_drift` (run by
``tests/codemods/test_rope_seam.py``) names every one that changed, so a Rope upgrade fails loudly
in the tests instead of silently changing what a rename rewrites.
"""

from __future__ import annotations

import ast
import gc
import hashlib
import inspect
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import import_module
from typing import Any, Protocol

from rope.base import builtins as rope_builtins
from rope.base import codeanalyze, pynames, pyobjects, pyscopes, resources
from rope.base import project as rope_project
from rope.base.exceptions import RopeError
from rope.base.fscommands import FileSystemCommands, file_data_to_unicode
from rope.base.project import Project
from rope.refactor import occurrences
from rope.refactor import rename as rope_rename

from codemods.import_lines import import_lines

#: The Rope versions whose seam functions are the ones hashed below (``pyproject.toml`` pins them).
ROPE_VERSIONS = ">=1.15,<1.16"

#: sha256 of the source of each Rope function the hooks depend on (rope 1.15.x).
SEAM: dict[str, str] = {
    "rope.refactor.rename:rename_in_module": "0d36d54fd1101a670d136e9312cdc63fbf8b1b1cc2e424b63192a9567064cd8f",
    "rope.refactor.rename:Rename.get_changes": "9251a244b557ffbcdf1919ab1a2ded7ecb229c593c2021fe007ac5657a34a923",
    "rope.refactor.occurrences:create_finder": "ca026ff5d3fe2570110dab7c6b66ece485ea6ab6f5f2b32f24be89efaf9f35d3",
    "rope.refactor.occurrences:Finder.find_occurrences": "b81459f357299901e159c9de5cf7003ba9ab894fb718bfd0427e3fe030a0d73a",
    "rope.base.codeanalyze:ChangeCollector.get_changed": "2a96d8f796819e2853b55e8a9f108911733e5f26455e095428690e02b9b8dd20",
    "rope.base.pycore:_ModuleCache._invalidate_resource": "d16189162350bbfdd5dc0aebb76d3abec5c2de774619d4777a76f04e10d9812b",
    "rope.base.pycore:_ModuleCache.forget_all_data": "97f5614d0b54bf817b1ecc068f877ab32f000cdccf5bb9f304cbf08cae035d33",
    "rope.base.project:_Project.find_module": "e5be7316f12823a9476f7e19fa1c755627ec2f794b85504a3a71c1c56b989399",
    "rope.refactor.rename:_is_local": "8f8f440f7affe4637c42caa9ff66d4d90b60531a201d4d797026d8b5d992109a",
    "rope.base.project:Project.get_source_folders": "3d758a18a709c4518c11b48281fd4cb0302b1cce00bf8b30f5e8d11735e52d3e",
    "rope.base.project:_Project.get_resource": "a548221b167ff1a28a5769137deea2ae7b445a38a60b6ff1567662c7f00cc5a1",
    "rope.base.resources:Resource.exists": "6c2e13b7f4c29eb878f30f2862cca3c59215a11f10f3c5cb0fae04858c842bb4",
    "rope.base.resources:Folder.get_children": "413d4b0c8a2632b4428ba27091f609932d95297c98ae23a9d31c48741b8a9b47",
    "rope.base.resources:File.read_bytes": "9ff023b5a2a06f99e9db7721903afd8759c86f65286eb46f83c2afe7753e01fa",
    "rope.base.fscommands:FileSystemCommands": "22d7375f677b8966dc7aaad43111520f87a3f273b0beaf25b43fcd2efbc21f0c",
    "rope.base.fscommands:file_data_to_unicode": "3d076bda6490a93560db6a4da24594c09772bb859caf379d5b9b8f12c317aa31",
    "rope.refactor.occurrences:_TextualFinder": "3a5bfdc48efad3ff79e17336713e9e1df36bdc4ab2c589d8471db5c070716911",
    "rope.base.evaluate:ScopeNameFinder.get_primary_and_pyname_at": "50b5762be7e3de2d2f82b225ba0106401265ccb1a5ffc10e171c8aa8c346c93f",
    "rope.base.evaluate:ScopeNameFinder._find_module": "bb3fb912a4cc2ac73454c1414fe21ed2873227b0cff47f502822c7b646b98b0e",
    "rope.base.worder:_RealFinder.is_from_statement_module": "73bbe829cc0c9882e7f066c7cf95c51b488f573233d83f7d544d0833e0b9d721",
    "rope.base.project:_Project.find_relative_module": "b787b378850ebf98585b21d94b0e50a2ac1be8e4a3b7f30f7bc0baaac123d3a0",
    "rope.base.pyscopes:Scope.in_region": "1ecb21c540a805e9bff2c0655e00c06e5d4b288ff150d73ae4fe6de9d1a9edf6",
    "rope.base.pyscopes:GlobalScope._calculate_scope_regions": (
        "c0b1a8e3928cf0de6209c736f05a5d06256775a05416354174514bff537855a9"
    ),
    "rope.base.pyscopes:_HoldingScopeFinder.get_holding_scope_for_offset": (
        "ae76a292469e17263b50aff404c1c8cd236c13146f1c4148fb5a48ef44ad034d"
    ),
    "rope.refactor.patchedast:_PatchingASTWalker._handle": (
        "df912c069ac44670065fd4ce43042412a2a5e17765da48e6f696e22049ec0537"
    ),
    "rope.refactor.patchedast:_PatchingASTWalker._handle_parens": (
        "56e118a154648c16802148671043d6e6deee9c1a6ce9a97937e35d49e2783f61"
    ),
    # AnalysisBound: a file's end is told to the handle's observers; the renamed module is the
    # cached object its ``old_pyname`` resolved once, compared by identity
    "rope.base.taskhandle:JobSet.finished_job": "4db60a72a823683ad7f84a00d90effacb5f24186dba267616ed921e9c4fee8e6",
    "rope.refactor.rename:Rename.__init__": "d140ebb345a2ad9bd5646dcbcc027bd2b812cbb21bbc92e16779664b98d4a8cc",
    "rope.refactor.occurrences:same_pyname": "11993449aa1202e594797b4e8e2cc7b142960ed4edb8921688bc74d67f3ad732",
    "rope.base.pynames:ImportedModule._get_pymodule": "b05187bfa20dfb781220e432a2baff9d6c6c55e34e70be8b11e74d8f9668ef3e",
    "rope.base.pycore:_ModuleCache.get_pymodule": "0fce6074b9f1f120c72782647fd8318c3ab9abae51c8e1d00ca1c0614f03798a",
    # forget_builtin_types: the memo it empties
    "rope.base.builtins:_create_builtin_type_getter": "fdde98663cb669da4eb89f18a604ec9a204583b8aceb214d25a043d94b182b4f",
}


def _source_digest(target: str) -> str:
    module_name, _, qualname = target.partition(":")
    obj: object = import_module(module_name)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    obj = _REPLACED.get(target, obj)  # the hooks of write_on_demand stand in for these once installed
    return hashlib.sha256(inspect.getsource(obj).encode()).hexdigest()  # type: ignore[arg-type]


def seam_drift() -> list[str]:
    """The seam functions whose source differs from the one the hooks were written against.

    Returns:
        ``"module:function"`` names (empty when the installed Rope is the one the seam knows).
    """
    drift = []
    for target, digest in SEAM.items():
        try:
            found = _source_digest(target)
        except (AttributeError, ImportError, OSError, TypeError) as exc:
            drift.append(f"{target} (missing: {exc})")
            continue
        if found != digest:
            drift.append(target)
    return drift


Filter = Callable[[occurrences.Occurrence], "bool | None"]


def _first_verdict(filters: list[Filter], occurrence: occurrences.Occurrence) -> bool:
    """Rope's own rule: the first filter that does not answer None decides."""
    for check in filters:
        verdict = check(occurrence)
        if verdict is not None:
            return verdict
    return False


def _in_import(occurrence: occurrences.Occurrence) -> bool:
    """Rope's ``is_in_import_statement``, where the file's syntax tree has an import on that line
    (Rope's textual test is fooled by a ``from`` that starts no import: :mod:`codemods.import_lines`)."""
    if not occurrence.is_in_import_statement():
        return False
    pymodule = occurrence.tools.pymodule
    lines: frozenset[int] | None = getattr(pymodule, "guardian_import_lines", None)
    if lines is None:
        lines = pymodule.guardian_import_lines = import_lines(pymodule.get_ast())
    return pymodule.lines.get_line_number(occurrence.offset) in lines


def _keep_local_names(filters: list[Filter]) -> Filter:
    """Keep local names: a bare name (``mod.f()``, ``mod(...)``, ``box=``) is never renamed.

    Import statements are left to Rope (the masks protect the bindings); dotted uses through a
    package (``pkg.mod.f``, ``p.mod``: the submodule attribute) are Rope's to rewrite; an attribute
    of a plain module (``payments.loyalty`` after ``import shop.plugins.loyalty as loyalty`` in
    ``payments``) is that module's binding, kept like every local name. The cheap textual tests
    come first; the owner is resolved only for occurrences Rope's filters accept.
    """

    def check(occurrence: occurrences.Occurrence) -> bool:
        if _in_import(occurrence):
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
        return _in_import(occurrence) and _first_verdict(filters, occurrence)

    return check


@contextmanager
def occurrence_guard(active: bool, shadowed: bool = False) -> Iterator[None]:
    """Wrap the filters of the finder Rope's ``Rename`` builds, for one ``get_changes`` call.

    ``active``: bare local names are kept; ``shadowed``: only import statements are renamed.
    """
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


#: What a crash inside one importer may raise (seen on sympy: ``'PyObject' object has no attribute
#: 'get_returned_object'``, ``'DefinedName' object has no attribute 'assignments'``).
ROPE_CRASHES = (RopeError, AttributeError, TypeError, ValueError, KeyError, IndexError, RecursionError)

Edit = tuple[int, int, str]


@contextmanager
def recording(edits: dict[str, list[Edit]], crashed: list[tuple[str, str]]) -> Iterator[None]:
    """Stand in for ``rename_in_module`` during one ``Rename.get_changes``.

    The same computation as Rope's (occurrences of the finder in the file's text, each word
    replaced by the new name), also recording the edits per file in ``edits``. A Rope exception inside
    one file skips that file (recorded in ``crashed``: the libcst pass and the graph verification deal
    with it), the module's own file too: Rope 1.x cannot read an f-string joined to a string holding
    ``#`` before a comma (``(f"{x} " "#a", 2)``, isort's ``settings.py``), and the module's file needs
    no edit of Rope's but its imports of other renamed modules, which the libcst pass rewrites.
    """
    original = rope_rename.rename_in_module

    def rename_in_module(
        finder: occurrences.Finder,
        new_name: str,
        resource: object = None,
        pymodule: object = None,
        replace_primary: bool = False,
        region: object = None,
        reads: bool = True,
        writes: bool = True,
    ) -> str | None:
        if resource is None or pymodule is not None or replace_primary or region is not None or not reads or not writes:
            return original(finder, new_name, resource, pymodule, replace_primary, region, reads, writes)  # type: ignore[no-any-return]
        path = getattr(resource, "path", None)
        try:
            source = resource.read()  # type: ignore[attr-defined]
            collector = codeanalyze.ChangeCollector(source)
            found: list[Edit] = []
            for occurrence in finder.find_occurrences(resource, None):
                start, end = occurrence.get_word_range()
                collector.add_change(start, end, new_name)
                found.append((start, end, new_name))
            result: str | None = collector.get_changed()
        except ROPE_CRASHES as exc:
            if path is None:
                raise
            crashed.append((path, f"{type(exc).__name__}: {exc}"))
            return None
        if result is not None and path is not None:
            edits.setdefault(path, []).extend(found)
        return result

    rope_rename.rename_in_module = rename_in_module
    try:
        yield
    finally:
        rope_rename.rename_in_module = original


def rope_text(data: bytes) -> str | None:
    """A file's text as Rope reads it (``File.read``: its encoding, newlines made ``\\n``); None
    when Rope cannot decode it."""
    try:
        text: str = file_data_to_unicode(data)[0]
    except (UnicodeError, LookupError):
        return None
    return text


_ROPE_IN_REGION = pyscopes.Scope.in_region
#: The nodes Rope makes a scope of (and lambdas, for safety): a statement holding none has no scope.
SCOPE_NODES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Lambda,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


def _scopes_start(pymodule: Any) -> int:
    """An offset no scope region of ``pymodule`` starts after: the start of the line on which the
    statement before the first one holding a scope ends (0 when that is the first statement), or
    the file's first ``(`` if it comes before (see :func:`regions_after_imports`)."""
    found: int | None = getattr(pymodule, "guardian_scopes_start", None)
    if found is None:
        found = 0
        body = pymodule.get_ast().body
        for index, statement in enumerate(body):
            if any(isinstance(node, SCOPE_NODES) for node in ast.walk(statement)):
                if index:
                    found = pymodule.lines.get_line_start(body[index - 1].end_lineno)
                break
        paren = pymodule.source_code.find("(")
        if paren != -1:
            found = min(found, paren)
        pymodule.guardian_scopes_start = found
    return found


def _in_region(scope: Any, offset: int) -> bool:
    if offset <= _scopes_start(scope._get_global_scope().pyobject):
        return False
    return bool(_ROPE_IN_REGION(scope, offset))


def regions_after_imports() -> None:
    """Answer ``Scope.in_region`` without Rope's scope regions for an offset before every scope.

    Rope finds the scope holding each occurrence by asking every scope of the module whether its
    region holds the offset (``start < offset < end``), and the first question patches the whole
    module's AST with token offsets (``patchedast``): most of those questions are about the import
    statements at the top of a file, before any function or class. A scope's region starts at its
    first token (``def``, ``class``, ``@``, a comprehension's bracket), after the end of every
    statement before the one holding it, or, where Rope's token walk met parentheses it could not
    pair (an f-string joined to a string holding ``(.)``: moto's ``sqs/models.py``), at an earlier
    ``(``. So an offset at or before both the start of the line where the statement before the first
    scope-holding one ends and the file's first ``(`` is in no region: the answer is False, as
    Rope's. Any other offset asks Rope. Checked on the standard library, the installed packages and
    sympy: no scope region of those files starts before this bound. Installed once per process."""
    pyscopes.Scope.in_region = _in_region


def finder_offsets(name: str, text: str) -> list[int] | None:
    """The offsets Rope's finder examines for ``name`` in a file's ``text`` (:func:`rope_text`):
    ``_TextualFinder`` with ``docs=False``, as ``Rename`` builds it (code and f-strings, not
    comments or strings); None when it raises (Rope's own search fails there too). Used by
    :mod:`codemods.rope_search`; kept for Rope's own search while :func:`offsets_once` is active."""
    try:
        found = list(_ROPE_FIND_OFFSETS(occurrences._TextualFinder(name, docs=False), text))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if _offsets is not None:
        _offsets[name, _digest(text)] = found
    return found


_ROPE_FIND_OFFSETS = occurrences._TextualFinder.find_offsets
#: Rope's finder's offsets by (name, digest of the text) while :func:`offsets_once` is active
_offsets: dict[tuple[str, bytes], list[int]] | None = None
Offsets = dict[tuple[str, bytes], list[int]]


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _find_offsets(finder: Any, source: str) -> Iterator[int]:
    known = _offsets.get((finder.name, _digest(source))) if _offsets is not None and not finder.docs else None
    return iter(known) if known is not None else _ROPE_FIND_OFFSETS(finder, source)


@contextmanager
def offsets_once(given: Offsets | None = None) -> Iterator[None]:
    """Rope's textual finder answers from :func:`finder_offsets`'s results for the same name and
    text (the search for the files Rope is given, :mod:`codemods.rope_search`), instead of scanning
    the text again with the name's pattern (the name, comments and every string form, one regex run
    over the whole file): the same offsets, one scan per file and name. Active for a batch's Rope
    session; a worker analysing a round's task gets the parent's (``given``: :func:`offsets_of`)."""
    global _offsets  # noqa: PLW0603 - the memo of one batch (or task), in this process
    _offsets = dict(given or {})
    occurrences._TextualFinder.find_offsets = _find_offsets
    try:
        yield
    finally:
        occurrences._TextualFinder.find_offsets = _ROPE_FIND_OFFSETS
        _offsets = None


def offsets_of(names: set[str]) -> Offsets:
    """The offsets kept for ``names`` (a round's task, sent to a worker)."""
    return {key: found for key, found in (_offsets or {}).items() if key[0] in names}


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


class Pending(Protocol):
    """Files of a scratch copy written on demand (``codemods.workspace.Workspace``)."""

    def materialize(self, rel: str) -> None: ...
    def materialize_folder(self, folder: str) -> None: ...


class ScratchFiles(FileSystemCommands):  # type: ignore[misc]  # rope ships no type information
    """Rope's plain file operations (never a version control program), each writing a pending file
    first when ``pending`` is set (:func:`write_on_demand`)."""

    def __init__(self) -> None:
        super().__init__()
        self.pending: Pending | None = None
        self.prefix = ""  #: the project's address and a separator: real path -> relative path

    def _touch(self, path: str) -> None:
        if self.pending is not None and path.startswith(self.prefix):
            self.pending.materialize(path[len(self.prefix) :].replace(os.sep, "/"))

    def read(self, path: str) -> bytes:
        self._touch(path)
        return super().read(path)  # type: ignore[no-any-return]

    def write(self, path: str, data: bytes) -> None:
        self._touch(path)
        super().write(path, data)

    def move(self, path: str, new_location: str) -> None:
        self._touch(path)
        super().move(path, new_location)

    def remove(self, path: str) -> None:
        self._touch(path)
        super().remove(path)


_ROPE_EXISTS = resources.Resource.exists
_ROPE_CHILDREN = resources.Folder.get_children
_ROPE_GET_RESOURCE = rope_project._Project.get_resource


_REPLACED: dict[str, object] = {
    "rope.base.resources:Resource.exists": _ROPE_EXISTS,
    "rope.base.resources:Folder.get_children": _ROPE_CHILDREN,
    "rope.base.project:_Project.get_resource": _ROPE_GET_RESOURCE,
    "rope.base.pyscopes:Scope.in_region": _ROPE_IN_REGION,
}


def _pending(project: Any) -> Pending | None:
    found: Pending | None = getattr(project, "guardian_pending", None)
    return found


def _exists(resource: Any) -> bool:
    pending = _pending(resource.project)
    if pending is not None:
        pending.materialize(resource.path)
    return _ROPE_EXISTS(resource)  # type: ignore[no-any-return]


def _get_children(folder: Any) -> list[Any]:
    pending = _pending(folder.project)
    if pending is not None:
        pending.materialize_folder(folder.path)
    return _ROPE_CHILDREN(folder)  # type: ignore[no-any-return]


def _get_resource(project: Any, resource_name: str) -> Any:
    pending = _pending(project)
    if pending is not None:
        pending.materialize(resource_name)
    return _ROPE_GET_RESOURCE(project, resource_name)


def write_on_demand(project: Project, files: ScratchFiles, pending: Pending) -> None:
    """Let ``project`` (opened with ``files`` as its file operations) see the pending files of its
    scratch copy: Rope asks whether a resource exists (``Resource.exists``, ``get_resource``, which
    ``has_child`` and module lookups use), lists a folder (``Folder.get_children``: source folders,
    a package's submodules) or reads, writes or moves a file; each hook writes the file (or the
    folder's files) first, then Rope's own code runs on the disk as with a full copy. The hooks are
    installed once per process and act only for a project marked here."""
    files.prefix = os.path.join(project.address, "")
    files.pending = pending
    project.guardian_pending = pending
    resources.Resource.exists = _exists
    resources.Folder.get_children = _get_children
    rope_project._Project.get_resource = _get_resource
