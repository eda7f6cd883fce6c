"""Python source a file runs in its own namespace, and the renamed top-level modules it reads there by name
(issue 13, trialB, ConfigArgParse 1.9.0).

A file's ``import tool`` stays a binding of the name ``tool`` after the rename: apply writes ``import WF1_tool as
tool``, the local name kept. Source the same file gives to ``exec``, ``eval`` or ``compile`` runs where that name is
bound (the file's globals, or a mapping built from them), so its ``tool.VALUE`` is a read of that binding, not a
module path: rewritten as ``WF1_tool.VALUE`` it reads a name nothing binds (``NameError``). ConfigArgParse's test
runs CPython's ``test_argparse`` source with ``.replace("argparse.ArgumentParser", "configargparse.ArgumentParser")``
through ``exec(compile(...))``, and lost its whole suite at collection.

Such source is: the literal given to one of those calls, each string within the expression given, and, when that is
a name, each string of every value the name is assigned in the same function (or at module level): the text a
``.replace`` chain puts in. A string that imports the module itself (``"import tool\\ntool.run()"``) binds its own
name, and keeps the module path rule (both rewritten). The plan (planner/path_mentions.py) lists no reference there,
and apply (codemods/rewrite_string_refs.py) leaves it: one rule, by the string's position."""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterable, Mapping

from planner.python_source import dotted_name

__all__ = ["bare_imports", "namespace_strings"]

_RUNS = frozenset({"exec", "eval", "compile", "builtins.exec", "builtins.eval", "builtins.compile"})
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def bare_imports(nodes: Iterable[ast.AST], renamed: Mapping[str, str] | None = None) -> frozenset[str]:
    """The names ``import tool`` statements bind as themselves (no dot, no ``as``) anywhere in a file; after the
    rename (``renamed``: old -> new) also ``import WF1_tool as tool``, the same binding as apply writes it."""
    new = {value: old for old, value in (renamed or {}).items()}
    return frozenset(
        alias.asname or alias.name
        for node in nodes
        if isinstance(node, ast.Import)
        for alias in node.names
        if (alias.asname is None and "." not in alias.name) or new.get(alias.name) == alias.asname
    )


def namespace_strings(
    nodes: Iterable[ast.AST], parents: Mapping[int, ast.AST], names: Collection[str]
) -> dict[int, frozenset[str]]:
    """``id`` of each string constant that is source run in the file's namespace -> those of ``names`` (top-level
    modules the file imports bare) it reads by name and does not import itself; strings reading none are left out."""
    if not names:
        return {}
    nodes = list(nodes)
    found: dict[int, frozenset[str]] = {}
    for node in nodes:
        if isinstance(node, ast.Call) and node.args and dotted_name(node.func) in _RUNS:
            for constant in _strings(node.args[0], node, parents, nodes):
                read = reads(str(constant.value), names)
                if read:
                    found[id(constant)] = read
    return found


def reads(text: str, names: Collection[str]) -> frozenset[str]:
    """Those of ``names`` that ``text`` reads as ``name.attribute`` and does not import itself."""
    return frozenset(
        name
        for name in names
        if re.search(rf"(?<![\w.]){re.escape(name)}\.[A-Za-z_]", text)
        and not re.search(rf"\bimport\s+{re.escape(name)}\b(?!\.)", text)
    )


def _strings(
    given: ast.expr, call: ast.Call, parents: Mapping[int, ast.AST], nodes: list[ast.AST]
) -> list[ast.Constant]:
    values: list[ast.AST] = [given]
    if isinstance(given, ast.Name):
        scope = _scope(call, parents)
        values = [
            node.value
            for node in nodes
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign))
            and node.value is not None
            and any(isinstance(t, ast.Name) and t.id == given.id for t in _targets(node))
            and _scope(node, parents) is scope
        ]
    return [
        sub
        for value in values
        for sub in ast.walk(value)
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str)
    ]


def _targets(node: ast.Assign | ast.AnnAssign | ast.AugAssign) -> list[ast.expr]:
    return node.targets if isinstance(node, ast.Assign) else [node.target]


def _scope(node: ast.AST, parents: Mapping[int, ast.AST]) -> ast.AST | None:
    current = parents.get(id(node))
    while current is not None and not isinstance(current, _SCOPES):
        current = parents.get(id(current))
    return current
