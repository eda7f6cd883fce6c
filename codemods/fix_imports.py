"""The libcst pass for what Rope misses: imports of the renamed module that Rope left behind.

Rope silently skips ``import a.b as c`` inside a ``def``, ``if``, ``try``/``except ImportError`` or
``with`` (docs/design.md). After Rope ran, :func:`needs_fix` finds (with a
cheap ``ast`` walk) any import statement that still resolves to the old module, and
:func:`fix_imports` rewrites those with libcst, resolving names with ``FullyQualifiedNameProvider``:
aliases are kept, relative imports stay relative, ``from X import mod`` keeps its local name
(``from X import new as mod``) and dotted uses ``a.b.mod.f()`` of an un-aliased import are rewritten
only where the name really resolves to that import.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

import libcst as cst
from libcst.helpers import ModuleNameAndPackage, get_full_name_for_node
from libcst.metadata import FullyQualifiedNameProvider, MetadataWrapper

from codemods.cst_source import parse_cst
from codemods.local_names import resolve_from
from planner.python_source import deep_walk


@dataclass(frozen=True)
class ImportFix:
    """The fixed source and how many import names or dotted uses were rewritten."""

    code: str
    rewrites: int


def _hits(name: str, old: str, aliased: bool = False) -> bool:
    """``name`` is ``old`` or below it; below it only when ``old`` registers no aliases there (``aliased``:
    ``requests.packages.urllib3``, which keeps the old path: planner/dynamic_imports.py's ``module-alias``)."""
    return name == old or (not aliased and name.startswith(old + "."))


def needs_fix(
    tree: ast.Module | Sequence[ast.Import | ast.ImportFrom],
    *,
    old_module: str,
    package: str | None,
    shadowed: Collection[str],
    aliased: bool = False,
) -> list[int]:
    """Lines of import statements that still import ``old_module`` (empty: nothing to fix).

    ``tree``: the parsed file, or its import statements (:func:`codemods.local_names.import_nodes`)
    when several renames check the same file.
    """
    base = old_module.rpartition(".")[2]
    lines = []
    for node in ast.walk(tree) if isinstance(tree, ast.AST) else tree:
        if isinstance(node, ast.Import):
            if any(_hits(alias.name, old_module, aliased) for alias in node.names):
                lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom):
            source = resolve_from(node.level, node.module, package)
            if source is None:
                continue
            if _hits(source, old_module, aliased) or any(
                alias.name == base and f"{source}.{base}" == old_module and old_module not in shadowed
                for alias in node.names
            ):
                lines.append(node.lineno)
    return sorted(lines)


def may_need_fix(source: bytes, *, old_module: str, package: str | None) -> bool:
    """Whether :func:`needs_fix` may find an import of ``old_module`` in ``source``, without parsing it.

    Every import it finds names the module's base name as a word (``import a.mod``, ``from a.mod
    import f``, ``from a import mod``, ``from .mod import f``), except a relative import that
    resolves through the file's own package, when that package is the module or below it
    (``from . import x`` in ``a/mod/x.py``). Words are judged on an ASCII text only: Python reads
    identifiers NFKC-normalized (a full-width ``ｍod`` is ``mod``), so any other text holding the base
    name at all may. False: :func:`needs_fix` answers nothing, or the text does not hold the base
    name at all (which the fix-up has always taken as nothing to do); True: parse and look.
    """
    base = old_module.rpartition(".")[2]
    if base.encode() not in source:
        return False
    through_package = package is not None and (package == old_module or package.startswith(old_module + "."))
    if through_package or not source.isascii():
        return True
    return _word(base).search(source) is not None


@lru_cache(maxsize=256)
def _word(name: str) -> re.Pattern[bytes]:
    """``name`` not inside a longer word (a superset of where Python reads it as a name)."""
    return re.compile(rb"(?<![A-Za-z0-9_])" + re.escape(name.encode()) + rb"(?![A-Za-z0-9_])")


def _dotted_expr(dotted: str) -> cst.Attribute | cst.Name:
    parts = dotted.split(".")
    expr: cst.Attribute | cst.Name = cst.Name(parts[0])
    for part in parts[1:]:
        expr = cst.Attribute(value=expr, attr=cst.Name(part))
    return expr


class _FixImports(cst.CSTTransformer):
    """Rewrites import statements; needs no metadata (relative imports resolve from ``package``)."""

    def __init__(self, old: str, new: str, package: str | None, shadowed: Collection[str], aliased: bool) -> None:
        super().__init__()
        self.old, self.new, self.package, self.shadowed, self.aliased = old, new, package, shadowed, aliased
        self.old_base = old.rpartition(".")[2]
        self.new_base = new.rpartition(".")[2]
        self.rewrite_uses = False
        self.count = 0

    def leave_Import(self, original: cst.Import, updated: cst.Import) -> cst.Import:
        names = []
        for alias in updated.names:
            name = get_full_name_for_node(alias.name) or ""
            if _hits(name, self.old, self.aliased):
                alias = alias.with_changes(name=_dotted_expr(self.new + name[len(self.old) :]))
                self.rewrite_uses = self.rewrite_uses or alias.asname is None
                self.count += 1
            names.append(alias)
        return updated.with_changes(names=names)

    def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom) -> cst.ImportFrom:
        level = len(updated.relative)
        written = get_full_name_for_node(updated.module) if updated.module is not None else None
        source = resolve_from(level, written, self.package)
        if source is None:
            return updated
        if _hits(source, self.old, self.aliased) and written:
            parts = written.split(".")
            index = len(parts) - 1 - (len(source.split(".")) - len(self.old.split(".")))
            if 0 <= index < len(parts) and parts[index] == self.old_base:
                parts[index] = self.new_base
                self.count += 1
                return updated.with_changes(module=_dotted_expr(".".join(parts)))
            return updated
        if (
            isinstance(updated.names, cst.ImportStar)
            or f"{source}.{self.old_base}" != self.old
            or self.old in self.shadowed
        ):
            return updated
        names = []
        for alias in updated.names:
            if get_full_name_for_node(alias.name) == self.old_base:
                asname = alias.asname or cst.AsName(name=cst.Name(self.old_base))
                alias = alias.with_changes(name=cst.Name(self.new_base), asname=asname)
                self.count += 1
            names.append(alias)
        return updated.with_changes(names=names)


class _FixDottedUses(cst.CSTTransformer):
    """``a.b.mod`` -> ``a.b.new`` where the name resolves (FullyQualifiedNameProvider) to the module."""

    METADATA_DEPENDENCIES = (FullyQualifiedNameProvider,)

    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.old, self.new = old, new
        self.count = 0

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        if get_full_name_for_node(original) != self.old:
            return updated
        qualified = {q.name for q in self.get_metadata(FullyQualifiedNameProvider, original, set())}
        if self.old in qualified:
            self.count += 1
            return _dotted_expr(self.new)
        return updated


def fix_imports(
    source: str,
    *,
    old_module: str,
    new_module: str,
    module_name: str,
    package: str | None,
    shadowed: Sequence[str] = (),
    checked: bool = False,
    aliased: bool = False,
) -> ImportFix:
    """Rewrite every import of ``old_module`` in ``source`` (one file) to ``new_module``.

    Import statements are rewritten in one plain pass; only when an un-aliased ``import a.b.mod``
    was among them does a second pass resolve names (``FullyQualifiedNameProvider``, the costly
    part) to rewrite the dotted uses that reach the module through it. ``checked``: ``source``
    was parsed by :func:`planner.python_source.parse_python` already.

    Returns:
        The new code and the number of rewrites; the code is unchanged when nothing imports the module.

    Raises:
        Unparsable: the source does not parse, or is too deep to rewrite (the caller reports the file).
    """
    original = parse_cst(source, checked=checked)
    with deep_walk():
        fixer = _FixImports(old_module, new_module, package, frozenset(shadowed), aliased)
        fixed = original.visit(fixer)
        if not fixer.rewrite_uses:
            return ImportFix(fixed.code, fixer.count)
        # an un-aliased ``import a.b.mod`` Rope left behind: resolve the uses on the original text,
        # where the names still reach the old module, then rewrite the imports on top
        wrapper = MetadataWrapper(
            original, cache={FullyQualifiedNameProvider: ModuleNameAndPackage(module_name, package or "")}
        )
        uses = _FixDottedUses(old_module, new_module)
        fixer = _FixImports(old_module, new_module, package, frozenset(shadowed), aliased)
        fixed = wrapper.visit(uses).visit(fixer)
        return ImportFix(fixed.code, fixer.count + uses.count)
