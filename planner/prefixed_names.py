"""A name a helper of the same file puts after a package's path: the string its call site gives (issue 13, mistletoe).

mistletoe's tests check each token's ``repr`` with a helper that builds the expected text on the package's path::

    def _check_repr_matches(self, token, expected_match):
        expected_match = "<mistletoe.{} at 0x".format(expected_match)
        ...
    self._check_repr_matches(doc, "block_token.Document with 1 child line_number=1")

The module path ``mistletoe.block_token`` is split between the helper's template and its call site's string: no
string of the file spells it, so nothing was listed, and after ``apply --all`` the ``repr`` (which shows the class's
``__module__``, the new path) no longer matched (23 tests). Such a string names the module the helper's package and
its leading dotted name make (``mistletoe`` + ``block_token``): a ``prefixed-name`` reference, rewritten like a
``relative-name`` (codemods/relative_names.py: the renamed parts only, ``"WF2_..._block_token.Document ..."``).

The helper: a function or method of the file whose parameter, not assigned before, is the one unknown part of a string
built right after a package's dotted path and a dot (``"<pkg.{}".format(p)``, ``f"pkg.{p}"``, ``"pkg." + p``,
``"pkg.%s" % p``; the path starts the text or follows a character that is not part of a name). Its call sites: a
call of its name in the same file (``helper(...)``, ``self.helper(...)``, ``cls.helper(...)``), by position or by
keyword; the argument a string that starts with a name. A logger's name (``getLogger(f"pkg.{name}")``) is no path.
Call sites in other files are not read (filelock's ``patch_strict_clock(mocker, "_scan")``: planner/built_paths.py
keeps every module below such a package alive instead).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from typing import Any

from planner.computed_names import built_string, name_parts
from planner.facts import FileFacts, StringFact
from planner.python_source import dotted_name

__all__ = ["PREFIXED", "prefixed_facts", "prefixed_module", "prefixed_strings"]

#: The fact kind's start: ``prefixed:pkg`` for a string a helper puts after ``pkg.``.
PREFIXED = "prefixed:"

#: A package's dotted path and a dot ending the template's text before the parameter, at its start or after a
#: character that is not part of a name (``"<mistletoe."``).
_PACKAGE = re.compile(r"(?:^|(?<=[^\w.]))([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.\Z")
#: A call-site string starting with a name (``"block_token.Document with 1 child"``).
_HEAD = re.compile(r"[A-Za-z_]\w*")
_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
#: A package's path and a dot before a replacement field, a ``%s`` or the quote a ``+`` follows: a file without
#: one has no helper (``f"pkg.{p}"``, ``"pkg.{}".format(p)``, ``"pkg.%s" % p``, ``"pkg." + p``).
_BUILT_ON_PATH = re.compile(rb"\w\.(?:\{|%s|[\"']\s*\+)")
_LOGGER_CALLS = ("getLogger", "get_logger")
_Function = ast.FunctionDef | ast.AsyncFunctionDef


def prefixed_facts(tree: ast.Module, facts: FileFacts, raw: bytes) -> None:
    """The strings :func:`prefixed_strings` finds in ``tree`` (``raw``: its source), as ``prefixed:pkg`` facts."""
    if _BUILT_ON_PATH.search(raw):
        found = prefixed_strings(tree)
        facts.strings.extend(StringFact(s.lineno, PREFIXED + package, str(s.value)) for package, s in found)


def prefixed_strings(tree: ast.Module) -> Iterator[tuple[str, ast.Constant]]:
    """``(package, string)`` for each string a call site in ``tree`` gives to a helper of ``tree`` that puts it after
    ``package`` and a dot (the module docstring's rule)."""
    helpers: dict[str, dict[tuple[int | str, bool], str]] = {}  # name -> (position or keyword, method) -> package
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for parameter, package in _prefixed_parameters(node):
                names = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
                table = helpers.setdefault(node.name, {})
                table[(parameter, False)] = table[(parameter, True)] = package
                if parameter in names:
                    index = names.index(parameter)
                    table[(index, False)] = package
                    if index and names[0] in ("self", "cls"):
                        table[(index - 1, True)] = package  # ``self.helper(a)``: ``a`` is the second parameter
    if not helpers:
        return
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        by_self = type(func) is ast.Attribute and type(func.value) is ast.Name and func.value.id in ("self", "cls")
        name = func.id if type(func) is ast.Name else func.attr if by_self and type(func) is ast.Attribute else ""
        table = helpers.get(name, {})
        given: list[tuple[int | str, ast.expr]] = [*enumerate(node.args)]
        given += [(k.arg, k.value) for k in node.keywords if k.arg is not None]
        for key, value in given if table else ():
            found = table.get((key, by_self))
            if found is not None and type(value) is ast.Constant and type(value.value) is str:
                if _HEAD.match(value.value):
                    yield found, value


def _prefixed_parameters(function: _Function) -> Iterator[tuple[str, str]]:
    """``(parameter, package)`` for each parameter of ``function`` that a string it builds puts after ``package.``."""
    parameters = {a.arg for a in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs)}
    assigned: dict[str, int] = {}  # a parameter -> the first line assigning it
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id in parameters:
            assigned[node.id] = min(assigned.get(node.id, node.lineno), node.lineno)
    seen: set[str] = set()
    logged = {
        id(arg)
        for call in ast.walk(function)
        if isinstance(call, ast.Call) and dotted_name(call.func).rpartition(".")[2] in _LOGGER_CALLS
        for arg in call.args
    }  # ``getLogger(f"pkg.{name}")``: a logger's name
    for node in (n for n in ast.walk(function) if isinstance(n, ast.expr)):
        parts = name_parts(node, {}) if built_string(node) else None  # ``"<pkg.{} at".format(p)`` too
        if parts is None or id(node) in logged:
            continue
        for index, part in enumerate(parts):
            if type(part) is not ast.Name or part.id not in parameters or part.id in seen:
                continue
            if assigned.get(part.id, node.lineno + 1) < node.lineno:
                continue  # ``p = p.lower()`` above: not the value a call site gives
            package = _package_before(parts[:index])
            if package is not None:
                seen.add(part.id)
                yield part.id, package


def _package_before(parts: list[ast.AST]) -> str | None:
    """The package path ending the constant text just before the parameter, else ``None``."""
    text: list[str] = []
    for part in reversed(parts):
        if not (type(part) is ast.Constant and type(part.value) is str):
            break
        text.insert(0, part.value)
    joined = "".join(text)
    match = _PACKAGE.search(joined)
    if match is None or (match.start(1) == 0 and len(text) < len(parts)):
        return None  # ``f"{base}pkg.{p}"``: the path may go on before the constant text
    return match.group(1)


def prefixed_module(text: str, package: str, modules: Mapping[str, Any]) -> str | None:
    """The module a ``prefixed:package`` string names: the longest module of ``package`` and the string's leading
    dotted name, strictly below ``package`` (a package of the checkout), else ``None``."""
    head = _DOTTED.match(text)
    if head is None or package not in modules:
        return None
    parts = f"{package}.{head.group(0)}".split(".")
    for end in range(len(parts), len(package.split(".")), -1):
        if ".".join(parts[:end]) in modules:
            return ".".join(parts[:end])
    return None
