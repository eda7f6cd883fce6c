"""RewriteEnumRefs: Python references from duplicate enum classes to the canonical one (libcst).

For a consolidation ``order_status <- orderstatus, status_enum`` whose types the code mirrors as
``OrderStatus`` (canonical), ``LegacyOrderStatus`` and ``InvoiceStatus`` (duplicates), a file's

* ``from shop.orders.legacy import LegacyOrderStatus`` (absolute or relative) becomes
  ``from shop.orders.models import OrderStatus`` (other names of the import stay where they were;
  an ``as`` alias, or a name the module re-exports in ``__all__``, keeps its local name);
* ``LegacyOrderStatus.CANCELED`` becomes ``OrderStatus.CANCELLED`` (members matched by value
  through the label map), ``LegacyOrderStatus("canceled")`` becomes ``OrderStatus("cancelled")``;
* ``shop.orders.legacy.LegacyOrderStatus.X`` becomes ``shop.orders.models.OrderStatus.Y`` (the
  module import is added).

Names are resolved with libcst's ``QualifiedNameProvider``, never by text. In the module that defines
a duplicate class the class becomes an alias of the canonical one (``LegacyOrderStatus = OrderStatus``)
so identity and ``isinstance`` agree everywhere. A file using a member with no canonical counterpart
is skipped whole, so nothing half-rewritten is ever written.
Computes text only: ``apply_enum_refs`` writes through the journal. The maps come from
:mod:`codemods.enum_class_maps`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import MetadataWrapper, QualifiedNameProvider

from codemods.base import CodemodResult, Edit, unchanged
from codemods.cst_source import parse_cst
from planner.python_source import Unparsable, deep_walk


@dataclass(frozen=True)
class EnumClassMap:
    """One duplicate class onto the canonical one; ``members`` old member name -> new member name (None: none)."""

    old: str
    new: str
    members: Mapping[str, str | None]
    values: Mapping[str, str]
    #: Semantic differences a reviewer must know about (e.g. StrEnum vs ``str, Enum``: ``str()`` differs).
    notes: tuple[str, ...] = ()
    #: Why merging would change what the program does (``path:line: construct: what changes``); a map with
    #: any is refused: ``guardian enums refs`` writes nothing and exits 3.
    refusals: tuple[str, ...] = ()

    @property
    def old_module(self) -> str:
        return self.old.rsplit(".", 1)[0]

    @property
    def new_module(self) -> str:
        return self.new.rsplit(".", 1)[0]

    @property
    def new_name(self) -> str:
        return self.new.rsplit(".", 1)[1]

    @property
    def old_name(self) -> str:
        return self.old.rsplit(".", 1)[1]


class _Unmapped(Exception):
    pass


def _dotted(node: cst.BaseExpression | None) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def _absolute(name: str, package: str) -> str:
    if not name.startswith("."):
        return name
    dots = len(name) - len(name.lstrip("."))
    base = package.split(".") if package else []
    base = base[: len(base) - (dots - 1)] if dots > 1 else base
    rest = name[dots:]
    return ".".join([*base, rest] if rest else base)


def _dotted_expr(path: str) -> cst.BaseExpression:
    parts = path.split(".")
    node: cst.BaseExpression = cst.Name(parts[0])
    for part in parts[1:]:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


class _Rewrite(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (QualifiedNameProvider,)

    def __init__(self, maps: Sequence[EnumClassMap], module: str, context: CodemodContext, *, is_package: bool) -> None:
        super().__init__()
        self.maps = {m.old: m for m in maps}
        self.module = module
        self.package = module if is_package else module.rsplit(".", 1)[0] if "." in module else ""
        self.context = context
        self.exported: set[str] = set()
        self.local: dict[str, str] = {}  # local name bound to an old class -> name to use now
        self.edits: list[tuple[int, str, str, str]] = []
        self.in_import = 0
        self.bound: dict[str, str] = {}  # local name -> absolute qualified name, from module-level imports
        self.warnings: list[str] = []

    # -- resolution ------------------------------------------------------------------------------
    def _lookup(self, node: cst.CSTNode) -> EnumClassMap | None:
        for qname in self.get_metadata(QualifiedNameProvider, node, set()):
            found = self.maps.get(_absolute(qname.name, self.package)) or self.maps.get(f"{self.module}.{qname.name}")
            if found is not None:
                return found
        return None

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.BaseStatement:
        found = self.maps.get(f"{self.module}.{original.name.value}")
        if found is None:
            return updated
        # the duplicate becomes an alias of the canonical class: identity and isinstance agree everywhere
        self.need_import(found.new_module, found.new_name)
        self.edits.append((0, "class", found.old, found.new))
        self.warnings.extend(found.notes)
        return cst.SimpleStatementLine(
            body=[cst.Assign(targets=[cst.AssignTarget(cst.Name(found.old_name))], value=cst.Name(found.new_name))],
            leading_lines=updated.leading_lines,
            trailing_whitespace=cst.TrailingWhitespace(
                whitespace=cst.SimpleWhitespace("  "),
                comment=cst.Comment(f"# merged into {found.new} (guardian enums refs)"),
            ),
        )

    def need_import(self, module: str, name: str, asname: str | None = None) -> None:
        """Add ``from module import name`` unless the local name already is that object."""
        if self.bound.get(asname or name) == f"{module}.{name}":
            return
        AddImportsVisitor.add_needed_import(self.context, module, name, asname)

    def visit_Module(self, node: cst.Module) -> None:
        for stmt in node.body:
            if not isinstance(stmt, cst.SimpleStatementLine):
                continue
            for small in stmt.body:
                if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                    source = _absolute("." * len(small.relative) + _dotted(small.module), self.package)
                    for alias in small.names:
                        local = alias.asname.name.value if alias.asname else _dotted(alias.name)  # type: ignore[union-attr]
                        self.bound[local] = f"{source}.{_dotted(alias.name)}"
                if isinstance(small, cst.Assign) and any(
                    isinstance(t.target, cst.Name) and t.target.value == "__all__" for t in small.targets
                ):
                    for el in getattr(small.value, "elements", ()):
                        if isinstance(el.value, cst.SimpleString) and isinstance(el.value.evaluated_value, str):
                            self.exported.add(el.value.evaluated_value)

    # -- imports ---------------------------------------------------------------------------------
    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.in_import += 1

    def leave_ImportFrom(
        self, original: cst.ImportFrom, updated: cst.ImportFrom
    ) -> cst.ImportFrom | cst.RemovalSentinel:
        self.in_import -= 1
        if isinstance(updated.names, cst.ImportStar):
            return updated
        source = "." * len(updated.relative) + _dotted(updated.module)
        source = _absolute(source, self.package)
        keep = []
        for alias in updated.names:
            found = self.maps.get(f"{source}.{_dotted(alias.name)}")
            if found is None:
                keep.append(alias)
                continue
            local = alias.asname.name.value if alias.asname else found.old_name  # type: ignore[union-attr]
            keep_local = alias.asname is not None or local in self.exported
            self.local[local] = local if keep_local else found.new_name
            self.need_import(
                found.new_module, found.new_name, local if keep_local and local != found.new_name else None
            )
            self.edits.append((0, "import", f"{source}.{found.old_name}", found.new))
        if len(keep) == len(updated.names):
            return updated
        if not keep:
            return cst.RemoveFromParent()
        keep[-1] = keep[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated.with_changes(names=keep)

    # -- references ------------------------------------------------------------------------------
    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        if self.in_import or original.value not in self.local:
            return updated
        if self._lookup(original) is None:
            return updated
        return updated.with_changes(value=self.local[original.value])

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        if self.in_import:
            return updated
        found = self._lookup(original.value)
        if found is not None:
            member = original.attr.value
            if member in found.members:
                new_member = found.members[member]
                if new_member is None:
                    raise _Unmapped(f"{found.old_name}.{member} has no member in {found.new_name}")
                value = updated.value
                if isinstance(original.value, cst.Attribute):  # a dotted module path
                    AddImportsVisitor.add_needed_import(self.context, found.new_module)
                    value = _dotted_expr(found.new)
                self.edits.append((0, "member", f"{found.old_name}.{member}", f"{found.new_name}.{new_member}"))
                return updated.with_changes(value=value, attr=cst.Name(new_member))
        whole = self._lookup(original)
        if (
            whole is not None
            and isinstance(original.value, cst.Attribute | cst.Name)
            and _dotted(original).count(".") >= 1
            and original.attr.value == whole.old_name
        ):
            AddImportsVisitor.add_needed_import(self.context, whole.new_module)
            return _dotted_expr(whole.new)
        return updated

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        found = self._lookup(original.func)
        if found is None or not updated.args:
            return updated
        if not isinstance(updated.args[0].value, cst.SimpleString):
            renamed = sorted(v for v, c in found.values.items() if v != c)
            if renamed:
                self.warnings.append(
                    f"{found.old_name}(...) with a computed value: {found.new_name} no longer "
                    f"accepts {', '.join(renamed)}; map the value first"
                )
            return updated
        literal = updated.args[0].value
        value = literal.evaluated_value
        if isinstance(value, str) and value in found.values and found.values[value] != value:
            quote = literal.quote
            new_literal = literal.with_changes(value=f"{literal.prefix}{quote}{found.values[value]}{quote}")
            return updated.with_changes(args=[updated.args[0].with_changes(value=new_literal), *updated.args[1:]])
        return updated


def rewrite_enum_refs(
    code: str, maps: Sequence[EnumClassMap], *, path: str, module: str, is_package: bool = False
) -> CodemodResult:
    """Rewrite the references of one file.

    Returns:
        The result; ``skipped`` says why a file was left alone (it defines a duplicate class, a
        member has no counterpart, or it does not parse).
    """
    relevant = [m for m in maps if m.old_name in code]
    if not relevant:
        return unchanged(code)
    context = CodemodContext(filename=path, full_module_name=module)
    transformer = _Rewrite(relevant, module, context, is_package=is_package)
    for m in relevant:
        if m.old_module == module:
            transformer.local[m.old_name] = m.new_name
    try:
        tree = parse_cst(code, path)
        with deep_walk():
            new_tree = MetadataWrapper(tree).visit(transformer)
            if not transformer.edits:
                return unchanged(code)
            new_code = AddImportsVisitor(context).transform_module(new_tree).code
    except Unparsable as exc:
        return unchanged(code, skipped=f"does not parse: {exc}")
    except _Unmapped as exc:
        return unchanged(code, skipped=str(exc), warnings=[f"{path}: {exc}; file left unchanged"])
    old_lines = code.splitlines()
    edits = []
    for kind_old_new in transformer.edits:
        _, kind, old, new = kind_old_new
        line = next((n for n, text in enumerate(old_lines, 1) if old.rsplit(".", 1)[-1] in text), 1)
        edits.append(Edit(path, line, f"enum-{kind}", old, new))
    return CodemodResult(new_code, new_code != code, tuple(edits), tuple(f"{path}: {w}" for w in transformer.warnings))


def plan_enum_refs(
    config: object, maps: Sequence[EnumClassMap]
) -> tuple[list[tuple[str, str, str]], list[CodemodResult]]:
    """Run the codemod over every Python file of the source roots and ``tests/``.

    Returns:
        ``(changes, results)``: ``(path, old text, new text)`` for each changed file, and every result.
    """
    from pathlib import Path

    from planner.checkout_files import walk

    root: Path = config.root  # type: ignore[attr-defined]
    roots = [*config.source_roots, "tests"]  # type: ignore[attr-defined]
    changes: list[tuple[str, str, str]] = []
    results: list[CodemodResult] = []
    seen: set[Path] = set()
    for source_root in roots:
        base = root / source_root
        if not base.is_dir():
            continue
        for path in walk(root, base, ".py"):
            if path in seen:
                continue
            seen.add(path)
            rel = path.relative_to(root).as_posix()
            parts = list(path.relative_to(base).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            module = ".".join(parts[:-1] if is_package else parts)
            text = path.read_text(encoding="utf-8")
            result = rewrite_enum_refs(text, maps, path=rel, module=module, is_package=is_package)
            results.append(result)
            if result.changed:
                changes.append((rel, text, result.code))
    return changes, results


def apply_enum_refs(
    repo: object, changes: Sequence[tuple[str, str, str]], batch_id: str, *, warn: object = None
) -> object:
    """Write the rewritten files as one journaled batch (revert with ``guardian revert``).

    Returns:
        The journal manifest (status ``applied``).

    Raises:
        rollback.RollbackError: the journal refused or failed the batch (files are left as they were).
    """
    from hashlib import sha256

    from rollback import Journal, Write

    operations = [Write(path, new.encode("utf-8")) for path, _, new in changes]
    expected = {path: sha256(old.encode("utf-8")).hexdigest() for path, old, _ in changes}
    journal = Journal(repo, warn=warn)  # type: ignore[arg-type]
    return journal.apply(
        batch_id, operations, kind="codemod", description="enum references -> canonical classes", expected=expected
    )
