"""Rewrite string references to renamed modules in Python source, on an exact dotted-path match only.

Rope rewrites imports, never strings (docs/design.md). This codemod rewrites, for a whole batch at once:

- targets of the calls that take a module path (planner/module_calls.py: ``mock.patch``,
  ``monkeypatch.setattr``, ``importlib.import_module`` (relative ones too when the package is known),
  ``__import__``, ``pkgutil.resolve_name`` ...) and the attribute of ``patch.object(pkg, "mod")``;
- ``pytest_plugins`` and, in a package ``__init__``, ``__all__`` entries naming a renamed submodule
  (left alone when the file still binds that name, e.g. ``from . import new as mod``);
- string annotations, ``# type:`` comments, doctests and Sphinx roles in docstrings, source in strings;
- any other string, f-string part, regex (``pkg\\.mod``) and, unless ``prose=False``, docstring prose
  and comment where the path stands as a whole token (codemods/string_tokens.py), and there a renamed
  module's file path from the repository root (``open("pkg/_version.py")``, ``collect_ignore``) and its
  bare file name when no other file has it (``File "core.py", line``; else a follow-up);
- in a package ``__init__``, its lazy table and its implicit submodule names (the base class,
  codemods/package_init_refs.py).

``pkg.mod``, ``pkg.mod.func``, ``pkg.mod:func`` match ``pkg.mod``, never ``pkg.models`` nor ``pkg.mod_utils``.
What each string is by where it stands (a call's target, ``__all__``, a docstring ...) is marked first, by the
base class in codemods/string_contexts.py; this module rewrites each string by that mark.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import MetadataWrapper, PositionProvider, ProviderT

from codemods.base import CodemodResult, Renames, unchanged
from codemods.cst_source import parse_cst
from codemods.module_scope import table_renames
from codemods.string_prefilter import needs_parse
from codemods.string_rewriter import RewriteStringRefs
from planner.computed_paths import computed_renames
from planner.module_attributes import Attributes
from planner.path_tokens import ELIDED
from planner.python_source import Unparsable, deep_walk
from planner.reference_kinds import package_relative, path_ends_in

__all__ = ["RewriteStringRefs", "rewrite_string_refs"]


#: Every name of the call tables and ``sys.modules`` holds one of these words: a file whose text holds
#: none has no call or subscript whose qualified name matters (tests/codemods checks the tables).
CALL_WORDS = re.compile(
    r"__import__|find_spec|import_module|patch|setattr|delattr|resolve_name|modules|importorskip|run_module"
)


class _Unqualified(RewriteStringRefs):
    """The transformer of a module (no package ``__init__``) whose text holds none of :data:`CALL_WORDS`:
    libcst's scopes and qualified names of every node, two thirds of the cost of a large module's
    parse (sympy's ``matrices/common.py``: 0.9 of 1.3 s), are never asked for there."""

    @classmethod
    def get_inherited_dependencies(cls) -> Collection[ProviderT]:
        return frozenset({PositionProvider})

    def _names(self, node: cst.CSTNode) -> set[str]:
        full = get_full_name_for_node(node)
        return {full.rpartition(".<locals>.")[2]} if full else set()


def rewrite_string_refs(
    source: str,
    renames: Mapping[str, str],
    *,
    path: str,
    module: str | None,
    prose: bool = True,
    paths: Mapping[str, str] | None = None,
    groups: Collection[str] = (),
    names: Mapping[str, str] | None = None,
    shared: Collection[str] = (),
    space: Attributes | None = None,
    beside: Mapping[str, str | None] | None = None,
    held: tuple[str, frozenset[str]] | None = None,
    shown: Mapping[str, tuple[str, ...]] | None = None,
) -> CodemodResult:
    """Rewrite string references to the renamed modules in one Python file.

    Args:
        source: the file's text. renames: old dotted module -> new dotted module, the whole batch.
        path: repo-relative path, used in edits and warnings.
        module: dotted name of the file (``pkg`` for ``pkg/__init__.py``), ``None`` outside source roots.
        prose: also rewrite docstrings' prose and comments (``--no-prose``: list them as follow-ups).
        paths: old repo-relative file path -> new, for the renamed files named by their paths.
        names: old bare file name -> new, for the renamed files named by a name no other file of the
            checkout has (planner/reference_kinds.py's ``bare_renames``).
        shared: the renamed files' bare names that other files have too: listed as follow-ups.
        beside: those of ``shared`` one of whose files is in this file's directory -> that file's new name
            (``None``: not renamed): the name is that file's, unless the file joins it below another module's
            directory (planner/joined_file_names.py).
        groups: entry-point group names of the checkout (planner/entry_point_groups.py): kept as they are.
        space: what may follow a module's path (planner/module_attributes.py): no file named after it, no host.
        held: (a package, names of this file's module-level tables its ``__getattr__`` reads): widened like the
            package's own (codemods/held_tables.py).
        shown: in a package ``__init__``, each table imported from its module and shown as its names (spelling ->
            the table's names): its loader test answers the new names too (codemods/shown_tables.py).

    Returns:
        The new code with its edits and warnings. Never raises for bad input: a file that does
        not parse comes back unchanged with ``skipped="syntax error at line N: ..."``.
    """
    matcher = Renames.of(renames).keeping(groups).knowing(space).python  # ``pkg.slug("x")``: a shadowed module's object
    is_package = path.rpartition("/")[2] in ("__init__.py", "__init__.pyi")
    rooted = dict(paths or {})
    # ``"pkg/mod.py"``, ``'parsers/lalr_parser.py'`` in its package, or ``"pkg/mod"`` (without ``.py``, matched
    # inside a file name); a text holding no renamed file's end (``/mod``) holds none of those forms
    paths = package_relative(path, paths) if paths and path_ends_in(source, paths) else None
    moved = paths is not None and any(old.removesuffix(".py") in source for old in paths)
    named = any(  # ``errors\.py``, ``errors\\.py``: a regex's (codemods/string_tokens.py's ``sub_escaped_paths``)
        spelled in source
        for name in (*(names or ()), *shared)
        for spelled in (name.removeprefix(ELIDED), name.replace(".", "\\."), name.replace(".", "\\\\."))
    )
    try:
        with deep_walk():
            computed = computed_renames(source, module, is_package, matcher.mapping)  # ``PKG + ".m1"``
    except Unparsable:
        computed = {}  # libcst's parse below reports it
    if not (moved or named or computed or held or shown) and not needs_parse(
        source, matcher, module, is_package, prose
    ):
        return unchanged(source)
    try:
        with deep_walk():
            tables = table_renames(source, matcher, module, is_package)
    except Unparsable:
        tables = {}  # libcst's parse below reports it
    transformer = (RewriteStringRefs if is_package or CALL_WORDS.search(source) else _Unqualified)(
        matcher,
        tables=tables,
        path=path,
        module=module,
        is_package=is_package,
        prose=prose,
        paths=paths if moved else None,
        stem_paths=rooted if moved else None,
        names=names if named else None,
        shared=shared if named else (),
        joined_paths=rooted if named else None,
        beside=beside if named else None,
        computed=computed,
    )
    transformer.held = held
    transformer.shown_held = shown or {}
    try:
        tree = parse_cst(source, path)
        with deep_walk():
            new = MetadataWrapper(tree, unsafe_skip_copy=True).visit(transformer).code
    except Unparsable as error:
        what = f"syntax error at line {error.line}: {error.message}" if error.line else error.message
        return unchanged(source, skipped=what)
    edits = tuple(sorted(transformer.edits, key=lambda e: e.line))
    return CodemodResult(new, new != source, edits, tuple(transformer.warnings))
