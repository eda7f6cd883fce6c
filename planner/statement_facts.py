"""The statement walk of one Python file's facts: imports, bindings, parameters and docstrings.

Imports are always statements: planner/read_facts.py walks every file's statement bodies here, keeping the
context each import stands in (inside a function, a condition, ``if TYPE_CHECKING:``, a ``try`` that catches
``ImportError``), and reads the expressions only when the text may hold a string reference.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from typing import Any

from planner.doctest_imports import bare_doctest_imports
from planner.dunder_all import ALL_COPY, added_by_call, copied_alls
from planner.facts import COMPUTED_ALL, SOURCE_READ, FileFacts, ImportFact, StringFact
from planner.python_source import dotted_name
from planner.source_imports import doctest_names
from planner.source_read import read_as_source

__all__ = ["Statements"]

#: Doctest imports and Sphinx roles inside docstrings.
DOCTEST_IMPORT = re.compile(
    r"^[ \t]*(?:>>>|\.\.\.)\s+(?:from\s+([\w.]+)\s+import(?:[ \t]+([\w \t,]+))?|import\s+([\w.]+))", re.MULTILINE
)
#: A Python role's target; a bare name (``tool``) is a module in a ``:mod:`` role only (planner/doc_directives.py)
SPHINX_ROLE = re.compile(r":(?:py:)?(?:mod|(func|class|meth|attr|obj|data|exc|const)):`~?([\w.]+)`")


def _literal_strings(value: ast.expr) -> bool:
    """Is ``value`` a list, tuple or set of string constants (an ``__all__`` the facts read whole)?"""
    elements = value.elts if isinstance(value, (ast.List, ast.Tuple, ast.Set)) else None
    return elements is not None and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in elements)


def _is_type_checking(test: ast.expr) -> bool:
    return dotted_name(test).rpartition(".")[2] == "TYPE_CHECKING"


def _catches_import_error(handlers: list[ast.ExceptHandler]) -> bool:
    for handler in handlers:
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        for kind in kinds:
            if kind is None or dotted_name(kind).rpartition(".")[2] in {
                "ImportError",
                "ModuleNotFoundError",
                "Exception",
                "BaseException",
            }:
                return True
    return False


class Statements:
    """Walks statement lists only, keeping the context (function, condition, TYPE_CHECKING, optional)."""

    def __init__(self, facts: FileFacts) -> None:
        self.facts = facts
        self.function = 0
        #: class bodies the walk is in: a name bound there is the class's attribute, not the module's
        #: (chardet's ``DetectionResult.language`` field beside its ``pipeline/language.py``)
        self.classes = 0
        self.conditional = 0
        self.type_checking = 0
        self.optional = 0
        self.read_as_source = 0  #: in an ``if TYPE_CHECKING or <call>:`` block (planner/source_read.py)
        #: constants already classified (docstrings, __all__ entries): the expression scan skips them
        self.skip: set[int] = set()

    def body(self, statements: list[ast.stmt], docstring_of: ast.AST | None = None) -> None:
        if docstring_of is not None and statements:
            self._docstring(statements[0])
        for statement in statements:
            handler = _HANDLERS.get(type(statement))  # by exact type: ``ast`` never subclasses its nodes
            if handler is not None:
                handler(self, statement)

    def _import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._fact(node.lineno, "import-as" if alias.asname else "import", alias.name, 0, None, alias.asname)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        args = node.args
        for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
            if arg is not None:
                self.facts.other_names.add(arg.arg)
        if self.function == 0 and self.classes == 0:
            self.facts.bound_names.setdefault(node.name, node.lineno)
        self.function += 1
        self.body(node.body, docstring_of=node)
        self.function -= 1

    def _class(self, node: ast.ClassDef) -> None:
        if self.function == 0 and self.classes == 0:
            self.facts.bound_names.setdefault(node.name, node.lineno)
        self.classes += 1
        self.body(node.body, docstring_of=node)
        self.classes -= 1

    def _if(self, node: ast.If) -> None:
        # An elif chain is walked in a loop: by recursion, 450 elifs (ordinary, if long, Python)
        # reached the interpreter's recursion limit. Each elif sits in the else of the one before.
        chain = 0
        while True:
            if _is_type_checking(node.test):
                self.type_checking += 1
                self.body(node.body)
                self.type_checking -= 1
            else:
                read = read_as_source(node.test)
                self.read_as_source += read
                self._nested(node.body)
                self.read_as_source -= read
            if len(node.orelse) == 1 and type(node.orelse[0]) is ast.If:
                node = node.orelse[0]
                self.conditional += 1
                chain += 1
                continue
            self._nested(node.orelse)
            break
        self.conditional -= chain

    def _try(self, node: ast.Try | ast.TryStar) -> None:
        optional = _catches_import_error(node.handlers)
        self.optional += optional
        self._nested(node.body)
        self.optional -= optional
        self._nested(*(h.body for h in node.handlers), node.orelse, node.finalbody)

    def _loop(self, node: ast.For | ast.AsyncFor | ast.While) -> None:
        self._nested(node.body, node.orelse)

    def _with(self, node: ast.With | ast.AsyncWith) -> None:
        self._nested(node.body)

    def _match(self, node: ast.Match) -> None:
        self._nested(*(case.body for case in node.cases))

    def _nested(self, *bodies: list[ast.stmt]) -> None:
        self.conditional += 1
        for statements in bodies:
            self.body(statements)
        self.conditional -= 1

    def _fact(self, line: int, form: str, module: str, level: int, name: str | None, alias: str | None) -> None:
        self.facts.imports.append(
            ImportFact(  # positional: named arguments cost a named tuple a third more
                line,
                form,
                module,
                level,
                name,
                alias,
                self.function > 0,  # lazy
                self.conditional > 0,
                self.type_checking > 0,
                self.optional > 0,
            )
        )

    def _import_from(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name == "*":
                self._fact(node.lineno, "from-star", node.module or "", node.level, "*", None)
                continue
            self._fact(
                node.lineno,
                "from-as" if alias.asname else "from",
                node.module or "",
                node.level,
                alias.name,
                alias.asname,
            )
            if self.function == 0 and self.classes == 0:
                # ``from . import x`` / ``from .x import x``: whether it binds the module is decided later.
                self.facts.bound_names.setdefault(f"from:{alias.asname or alias.name}", node.lineno)
                if self.read_as_source and node.level == 1 and not node.module:  # planner/source_read.py
                    self.facts.bound_names.setdefault(f"{SOURCE_READ}{alias.name}", node.lineno)

    def _assign(self, node: ast.Assign | ast.AnnAssign) -> None:
        for target in node.targets if isinstance(node, ast.Assign) else (node.target,):
            self._bind(target)
            self._listed_names(target, node.value)

    def _augmented(self, node: ast.AugAssign) -> None:  # ``x += ...`` binds nothing new
        self._listed_names(node.target, node.value)

    def _listed_names(self, target: ast.expr, value: ast.expr | None) -> None:
        if type(target) is ast.Name and target.id in {"__all__", "pytest_plugins"} and value is not None:
            self._string_list(value, target.id)
            if target.id == "__all__" and self.function == 0 and self.classes == 0 and not _literal_strings(value):
                copied = copied_alls(value)  # ``__all__ = filters.__all__``: that module's (planner/resolve.py)
                if copied is None:
                    self.facts.bound_names.setdefault(COMPUTED_ALL, target.lineno)
                    return
                self._string_list(ast.List(elts=[c for c in copied[0] if id(c) not in self.skip]), target.id)
                for owner in copied[1]:
                    self.facts.bound_names.setdefault(ALL_COPY + owner, target.lineno)

    def _expression(
        self, node: ast.Expr
    ) -> None:  # ``__all__.append("x")``, ``.extend([...])`` (planner/dunder_all.py)
        added = added_by_call(node)
        call = node.value
        if added is not None and isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
            self._listed_names(call.func.value, ast.List(elts=added))

    def _bind(self, target: ast.expr) -> None:
        if isinstance(target, ast.Name):
            if self.function == 0 and self.classes == 0:
                self.facts.bound_names.setdefault(target.id, target.lineno)
            elif self.function:
                self.facts.other_names.add(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._bind(element)
        elif isinstance(target, ast.Starred):
            self._bind(target.value)
        elif isinstance(target, ast.Attribute):
            self.facts.other_names.add(target.attr)

    def _string_list(self, value: ast.expr, kind: str) -> None:
        elements = value.elts if isinstance(value, (ast.List, ast.Tuple, ast.Set)) else [value]
        for element in elements:
            if isinstance(element, ast.Constant) and isinstance(element.value, str):
                if kind == "__all__":
                    self.facts.dunder_all.append(element.value)
                self.facts.strings.append(StringFact(element.lineno, kind, element.value))
                self.skip.add(id(element))

    def _docstring(self, first: ast.stmt) -> None:
        if not (
            isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)
        ):
            return
        constant = first.value
        self.skip.add(id(constant))
        text = str(constant.value)
        if ">>>" not in text and ":`" not in text:
            return
        for match in DOCTEST_IMPORT.finditer(text):
            line = constant.lineno + text.count("\n", 0, match.start())
            self.facts.strings.append(StringFact(line, "doctest", match.group(1) or match.group(3)))
        for index, module in doctest_names(text):  # ``from pkg import mod``, also over ``...`` lines: pkg.mod
            self.facts.strings.append(StringFact(constant.lineno + index, "doctest-from", module))
        # ``>>> import os, tool``: each bare top-level module it names, and the name it bound wherever it stands
        for index, module in bare_doctest_imports(text):
            self.facts.strings.append(StringFact(constant.lineno + index, "doctest", module))
        for match in SPHINX_ROLE.finditer(text):
            if match.group(1) is None or "." in match.group(2):  # ``:func:`tool```: a function's name, not the module
                offset = text.count("\n", 0, match.start())
                self.facts.strings.append(StringFact(constant.lineno + offset, "sphinx", match.group(2)))


#: The statements that can hold an import, a binding or a nested body, and how each is walked;
#: any other statement holds nothing the walk collects (its expressions are planner/read_facts.py's job).
_HANDLERS: dict[type[ast.stmt], Callable[[Statements, Any], None]] = {
    ast.Import: Statements._import,
    ast.ImportFrom: Statements._import_from,
    ast.FunctionDef: Statements._function,
    ast.AsyncFunctionDef: Statements._function,
    ast.ClassDef: Statements._class,
    ast.If: Statements._if,
    ast.Try: Statements._try,
    ast.TryStar: Statements._try,
    ast.For: Statements._loop,
    ast.AsyncFor: Statements._loop,
    ast.While: Statements._loop,
    ast.With: Statements._with,
    ast.AsyncWith: Statements._with,
    ast.Match: Statements._match,
    ast.Assign: Statements._assign,
    ast.AnnAssign: Statements._assign,
    ast.AugAssign: Statements._augmented,
    ast.Expr: Statements._expression,
}
