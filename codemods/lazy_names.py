"""A PEP 562 ``__getattr__`` that imports one submodule by its literal name, taught the new name too.

chardet keeps its split ``equivalences`` module reachable as an attribute without importing it eagerly::

    def __getattr__(name):
        if name == "equivalences":
            import importlib
            return importlib.import_module("chardet.equivalences")

The string codemod rewrites the literal path, so ``chardet.equivalences`` still gives the renamed module;
but Rope rewrites the importers' ``chardet.equivalences`` to ``chardet.WF1_equivalences``, a name this
``__getattr__`` does not answer (``AttributeError``). The comparison becomes a membership test of both names::

        if name in ("equivalences", "WF1_equivalences"):

so the old name and the new one give the module, still imported on first use. Only a branch that imports
that very submodule is rewritten (``import_module("pkg.sub")`` or ``(".sub", ...)``, ``__import__``, ``import
pkg.sub``, ``from .sub import x``): ``if name == "sub": return 42`` answers with another object, and the new
name must not get it.
"""

from __future__ import annotations

import libcst as cst

from codemods.base import Renames

__all__ = ["getattr_names"]


def _string(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString) and not {"b", "f"} & set(node.prefix.lower()):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _dotted(node: cst.BaseExpression | None) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr.value}" if base else ""
    return ""


class _Imports(cst.CSTVisitor):
    """Does a branch import the submodule ``package.<one of tails>``? Rope has already rewritten the branch's
    import statements to the new name (``from . import WF1_sub as sub``); a string still names the old one."""

    def __init__(self, package: str, tails: tuple[str, ...]) -> None:
        super().__init__()
        self.package, self.tails, self.found = package, tails, False
        self.paths = {f"{package}.{t}" for t in tails}

    def visit_Call(self, node: cst.Call) -> None:
        if node.args and _dotted(node.func).rpartition(".")[2] in ("import_module", "__import__"):
            path = _string(node.args[0].value) or ""
            self.found |= path in self.paths or (path[:1] == "." and path[1:] in self.tails)

    def visit_Import(self, node: cst.Import) -> None:
        self.found |= any(_dotted(a.name) in self.paths for a in node.names)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module, dots = _dotted(node.module), len(node.relative)
        # ``from .sub import x`` imports the submodule; ``from . import sub`` is not looked for: in the
        # package's own ``__getattr__`` it re-enters it (the import system asks the package for ``sub`` first)
        self.found |= (dots == 1 and module in self.tails) or (dots == 0 and module in self.paths)


def _compared(test: cst.BaseExpression, parameter: str) -> cst.SimpleString | None:
    """The string of ``parameter == "x"`` (or ``"x" == parameter``), else None."""
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return None
    target = test.comparisons[0]
    if not isinstance(target.operator, cst.Equal):
        return None
    for name, string in ((test.left, target.comparator), (target.comparator, test.left)):
        if isinstance(name, cst.Name) and name.value == parameter and isinstance(string, cst.SimpleString):
            return string if _string(string) is not None else None
    return None


def getattr_names(module: cst.Module, renames: Renames, package: str) -> dict[int, tuple[str, str]]:
    """The comparisons of a package's module-level ``__getattr__(name)`` to rewrite.

    Returns:
        id() of each ``name == "old"`` comparison whose branch imports the renamed submodule
        ``package.old`` -> (old name, new name); empty when there is none.
    """
    found: dict[int, tuple[str, str]] = {}
    for statement in module.body:
        if not (isinstance(statement, cst.FunctionDef) and statement.name.value == "__getattr__"):
            continue
        params = statement.params.params
        if not params:
            continue
        parameter = params[0].name.value
        branches: list[cst.If] = []

        class _Branches(cst.CSTVisitor):
            def visit_If(self, node: cst.If) -> None:
                branches.append(node)

            def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
                return node is statement  # a nested function's ``name`` is another name

        statement.visit(_Branches())
        for branch in branches:
            string = _compared(branch.test, parameter)
            old = _string(string) if string is not None else None
            new = renames.mapping.get(f"{package}.{old}") if old else None
            if string is None or old is None or new is None or new.rpartition(".")[0] != package:
                continue
            imports = _Imports(package, (old, new.rpartition(".")[2]))
            branch.body.visit(imports)
            if imports.found:
                found[id(branch.test)] = (old, new.rpartition(".")[2])
    return found


def both_names(test: cst.Comparison, old: str, new: str) -> cst.Comparison:
    """``name == "old"`` as ``name in ("old", "new")``, in the string's own quotes."""
    target = test.comparisons[0]
    name, string = (
        (test.left, target.comparator)
        if isinstance(target.comparator, cst.SimpleString)
        else (target.comparator, test.left)
    )
    assert isinstance(string, cst.SimpleString)
    renamed = string.with_changes(value=f"{string.prefix}{string.quote}{new}{string.quote}")
    names = cst.Tuple(
        [
            cst.Element(string, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
            cst.Element(renamed),
        ]
    )
    return test.with_changes(
        left=name,
        comparisons=[target.with_changes(operator=cst.In(), comparator=names)],
    )
