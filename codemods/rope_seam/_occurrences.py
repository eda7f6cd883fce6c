"""The seam's occurrence hooks: which occurrences of a renamed module Rope's ``Rename`` rewrites, recorded as edits.

:func:`occurrence_guard` wraps the filters of the finder ``Rename`` builds; :func:`recording` stands in
for ``rename_in_module`` while ``get_changes`` runs (the package's docstring: :mod:`codemods.rope_seam`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rope.base import codeanalyze, pyobjects
from rope.base.exceptions import RopeError
from rope.refactor import occurrences
from rope.refactor import rename as rope_rename

from codemods.import_lines import import_lines

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
