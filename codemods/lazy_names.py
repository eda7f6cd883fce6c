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

so the old name and the new one give the module, still imported on first use. Every comparison of ``name`` with
that old name in the function takes the new one, whatever test holds it (``and``, ``or``, ``not``, ``!=``, a guard
``if name not in (...): raise`` before a computed import): the new name is answered as the old one was. Only a branch that imports
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


def _names_in(node: cst.BaseExpression) -> list[cst.SimpleString]:
    """The strings of a literal tuple, list or set (``("shapes", "colors")``), else none."""
    if not isinstance(node, (cst.Tuple, cst.List, cst.Set)):
        return []
    strings = [e.value for e in node.elements if isinstance(e, cst.Element)]
    return [s for s in strings if isinstance(s, cst.SimpleString) and _string(s) is not None]


def _compared(test: cst.BaseExpression, parameter: str) -> list[cst.SimpleString]:
    """The strings ``parameter`` is compared with: ``name == "x"``, ``name != "x"`` (or ``"x" == name``),
    ``name in ("x", "y")``, ``name not in ("x", "y")`` (a literal tuple, list or set); else none."""
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return []
    target = test.comparisons[0]
    if isinstance(target.operator, (cst.In, cst.NotIn)):
        is_parameter = isinstance(test.left, cst.Name) and test.left.value == parameter
        return _names_in(target.comparator) if is_parameter else []
    if not isinstance(target.operator, (cst.Equal, cst.NotEqual)):
        return []
    for name, string in ((test.left, target.comparator), (target.comparator, test.left)):
        if isinstance(name, cst.Name) and name.value == parameter and isinstance(string, cst.SimpleString):
            return [string] if _string(string) is not None else []
    return []


def _cased(pattern: cst.MatchPattern) -> list[cst.SimpleString]:
    """The strings of ``case "x":`` and ``case "x" | "y":``."""
    values = [e.pattern for e in pattern.patterns] if isinstance(pattern, cst.MatchOr) else [pattern]
    strings = [v.value for v in values if isinstance(v, cst.MatchValue)]
    return [s for s in strings if isinstance(s, cst.SimpleString) and _string(s) is not None]


class _Computed(cst.CSTVisitor):
    """Does a branch import ``parameter`` below the package, whatever its value: ``import_module("." + name,
    __name__)``, ``import_module(f"{__name__}.{name}")``, ``__import__("pkg." + name)``? Then every submodule
    name the branch's test allows is imported by the name asked, the new one too."""

    def __init__(self, package: str, parameter: str) -> None:
        super().__init__()
        self.package, self.parameter, self.found = package, parameter, False

    def visit_Call(self, node: cst.Call) -> None:
        if not node.args or _dotted(node.func).rpartition(".")[2] not in ("import_module", "__import__"):
            return
        names: set[str] = set()
        texts: list[str] = []

        class _Parts(cst.CSTVisitor):
            def visit_Name(self, name: cst.Name) -> None:
                names.add(name.value)

            def visit_SimpleString(self, string: cst.SimpleString) -> None:
                texts.append(_string(string) or "")

            def visit_FormattedStringText(self, text: cst.FormattedStringText) -> None:
                texts.append(text.value)

        node.args[0].value.visit(_Parts())
        first = texts[0] if texts else ""
        below = first.startswith((".", f"{self.package}.")) or bool({"__name__", "__package__"} & names)
        self.found |= self.parameter in names and below


def _renamed(strings: list[cst.SimpleString], renames: Renames, package: str) -> list[tuple[str, str]]:
    """(old, new name) of each string that names a submodule of ``package`` this batch renames within it."""
    pairs = []
    for string in strings:
        old = _string(string) or ""
        new = renames.mapping.get(f"{package}.{old}") if old.isidentifier() else None
        if new is not None and new.rpartition(".")[0] == package:
            pairs.append((old, new.rpartition(".")[2]))
    return pairs


def _answered(pairs: list[tuple[str, str]], body: cst.CSTNode, package: str, parameter: str) -> list[tuple[str, str]]:
    """The pairs whose submodule the branch's ``body`` imports: by its literal path, or by ``parameter``."""
    computed = _Computed(package, parameter)
    body.visit(computed)
    if computed.found:
        return pairs
    answered = []
    for old, new in pairs:
        imports = _Imports(package, (old, new))
        body.visit(imports)
        if imports.found:
            answered.append((old, new))
    return answered


class _Tests(cst.CSTVisitor):
    """A ``__getattr__``'s comparisons of ``parameter`` with literal names (each an atom of whatever test holds
    it: ``and``, ``or``, ``not``, parentheses, a conditional expression), its branches (a test, the body it
    guards) and its computed imports outside every branch that compares ``parameter``."""

    def __init__(self, function: cst.FunctionDef, parameter: str, package: str) -> None:
        super().__init__()
        self.function, self.parameter, self.package = function, parameter, package
        self.atoms: list[tuple[cst.CSTNode, list[cst.SimpleString]]] = []
        self.branches: list[tuple[cst.CSTNode, cst.CSTNode]] = []
        self.fallthrough = False  #: a computed import no comparison of ``parameter`` guards

    def _tests_parameter(self, test: cst.CSTNode) -> bool:
        found = _Tests(self.function, self.parameter, self.package)
        test.visit(found)
        return bool(found.atoms)

    def visit_Comparison(self, node: cst.Comparison) -> None:
        strings = _compared(node, self.parameter)
        if strings:
            self.atoms.append((node, strings))

    def visit_If(self, node: cst.If) -> None:
        self.branches.append((node.test, node.body))

    def visit_IfExp(self, node: cst.IfExp) -> None:
        self.branches.append((node.test, node.body))

    def visit_Match(self, node: cst.Match) -> None:
        if isinstance(node.subject, cst.Name) and node.subject.value == self.parameter:
            for case in node.cases:
                if _cased(case.pattern):
                    self.atoms.append((case.pattern, _cased(case.pattern)))
                self.branches.append((case.pattern, case.body))

    def visit_Call(self, node: cst.Call) -> None:
        computed = _Computed(self.package, self.parameter)
        computed.visit_Call(node)
        if computed.found and not any(self._tests_parameter(test) for test, _ in self._enclosing(node)):
            self.fallthrough = True

    def _enclosing(self, node: cst.CSTNode) -> list[tuple[cst.CSTNode, cst.CSTNode]]:
        """The branches whose body holds ``node``."""
        holders = []
        for test, body in self.branches:
            finder = _Holds(node)
            body.visit(finder)
            if finder.found:
                holders.append((test, body))
        return holders

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return node is self.function  # a nested function's ``name`` is another name


class _Holds(cst.CSTVisitor):
    def __init__(self, node: cst.CSTNode) -> None:
        super().__init__()
        self.node, self.found = node, False

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.found |= node is self.node
        return not self.found


def getattr_names(module: cst.Module, renames: Renames, package: str) -> dict[int, list[tuple[str, str]]]:
    """The comparisons of a package's module-level ``__getattr__(name)`` to widen with the new names.

    A renamed submodule is answered when a branch whose test compares ``name`` with its old name imports it, or
    when ``__getattr__`` imports ``name`` computed (``"." + name``) where no comparison guards the import
    (``if name not in (...): raise``, then the import). Then every comparison of ``name`` with that old name in
    the function, whatever test holds it, takes the new name beside the old one (``==`` and ``in`` as ``in``,
    ``!=`` and ``not in`` as ``not in``): the new name is answered exactly as the old one was.

    Returns:
        id() of each ``name == "old"``, ``name != "old"``, ``name in (...)`` or ``name not in (...)`` comparison,
        or of each ``case "old" | ...:`` pattern of a ``match name:``, naming an answered submodule -> its
        (old name, new name) pairs; empty when there is none.
    """
    found: dict[int, list[tuple[str, str]]] = {}
    for statement in module.body:
        if not (isinstance(statement, cst.FunctionDef) and statement.name.value == "__getattr__"):
            continue
        params = statement.params.params
        if not params:
            continue
        tests = _Tests(statement, params[0].name.value, package)
        statement.visit(tests)
        answered: dict[str, str] = {}
        for test, body in tests.branches:
            inner = _Tests(statement, tests.parameter, package)
            test.visit(inner)
            compared = inner.atoms if not isinstance(test, cst.MatchPattern) else [(test, _cased(test))]
            strings = [string for _, group in compared for string in group]
            answered.update(_answered(_renamed(strings, renames, package), body, package, tests.parameter))
        if tests.fallthrough:
            answered.update(_renamed([s for _, group in tests.atoms for s in group], renames, package))
        for atom, strings in tests.atoms:
            pairs = [(old, new) for old, new in _renamed(strings, renames, package) if answered.get(old) == new]
            if pairs:
                found[id(atom)] = pairs
    return found


def both_names(test: cst.Comparison, pairs: list[tuple[str, str]]) -> cst.Comparison:
    """``name == "old"`` as ``name in ("old", "new")``; ``name in ("old", "x")`` as ``name in ("old", "new",
    "x")``; ``!=`` and ``not in`` as ``not in``."""
    target = test.comparisons[0]
    comparator = target.comparator
    if isinstance(target.operator, (cst.In, cst.NotIn)) and isinstance(comparator, (cst.Tuple, cst.List, cst.Set)):
        out: list[cst.BaseElement] = []
        news = dict(pairs)
        for element in comparator.elements:
            value = element.value
            old = _string(value) if isinstance(value, cst.SimpleString) else None
            if not isinstance(value, cst.SimpleString) or old not in news:
                out.append(element)
                continue
            renamed = value.with_changes(value=f"{value.prefix}{value.quote}{news[old]}{value.quote}")
            out.append(element.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))))
            out.append(cst.Element(renamed, comma=element.comma))
        return test.with_changes(comparisons=[target.with_changes(comparator=comparator.with_changes(elements=out))])
    name, string = (test.left, comparator) if isinstance(comparator, cst.SimpleString) else (comparator, test.left)
    assert isinstance(string, cst.SimpleString)
    old, new = pairs[0]
    renamed = string.with_changes(value=f"{string.prefix}{string.quote}{new}{string.quote}")
    names = cst.Tuple(
        [
            cst.Element(string, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
            cst.Element(renamed),
        ]
    )
    return test.with_changes(
        left=name,
        comparisons=[target.with_changes(operator=_membership(target.operator), comparator=names)],
    )


def both_cases(pattern: cst.MatchPattern, pairs: list[tuple[str, str]]) -> cst.MatchPattern:
    """``case "old":`` as ``case "old" | "new":``, each old name of an or-pattern followed by its new one."""
    values = [e.pattern for e in pattern.patterns] if isinstance(pattern, cst.MatchOr) else [pattern]
    news = dict(pairs)
    out: list[cst.MatchPattern] = []
    for value in values:
        out.append(value)
        string = value.value if isinstance(value, cst.MatchValue) else None
        if isinstance(string, cst.SimpleString) and _string(string) in news:
            renamed = string.with_changes(
                value=f"{string.prefix}{string.quote}{news[_string(string) or '']}{string.quote}"
            )
            out.append(cst.MatchValue(renamed))
    bar = cst.BitOr(whitespace_before=cst.SimpleWhitespace(" "), whitespace_after=cst.SimpleWhitespace(" "))
    return cst.MatchOr(
        [
            cst.MatchOrElement(p, separator=bar if i < len(out) - 1 else cst.MaybeSentinel.DEFAULT)
            for i, p in enumerate(out)
        ],
        lpar=pattern.lpar if isinstance(pattern, cst.MatchOr) else [],
        rpar=pattern.rpar if isinstance(pattern, cst.MatchOr) else [],
    )


def _membership(operator: cst.BaseCompOp) -> cst.BaseCompOp:
    """``==`` as ``in``, ``!=`` as ``not in``, with the operator's spacing."""
    if isinstance(operator, cst.NotEqual):
        return cst.NotIn(whitespace_before=operator.whitespace_before, whitespace_after=operator.whitespace_after)
    assert isinstance(operator, cst.Equal)
    return cst.In(whitespace_before=operator.whitespace_before, whitespace_after=operator.whitespace_after)
