"""A submodule read by its attribute name in the forms besides ``getattr(pkg, "alpha")`` (issue 13, breaker c16).

``vars(pkg)["alpha"]``, ``vars(pkg).get("alpha")``, ``pkg.__dict__["alpha"]``, ``pkg.__dict__.get("alpha")`` and
``operator.attrgetter("alpha.VALUE")(pkg)`` read the attribute ``import pkg.alpha`` set on the package, as
``getattr`` does: the plan lists each as a ``getattr`` reference (planner/attribute_strings.py's fact, the
attribute's name its text), and apply gives the string the new name (codemods/string_contexts.py, which asks
:func:`read_owner` the same question in libcst's tree). ``inspect.getmembers(pkg, ...)`` hands every attribute's
name on, to be compared with constants nobody can find. Renamed, the members were the new names (``dict(getmembers(
pkg, ismodule))["gamma"]`` raised KeyError) or both names where the package binds the old one too (``from pkg.sub
import WF1_..._alpha as alpha`` sets both attributes): each submodule directly below ``pkg`` keeps its name
(:func:`kept_by_members`, listed under ``kept``); a ``module-members`` follow-up is left for one the plan still renames.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator, Mapping

from planner.attribute_strings import PREFIX, called_owner
from planner.conventions import FOUND_BY_NAME
from planner.discover import ModuleFile
from planner.facts import FileFacts, StringFact
from planner.python_source import dotted_name
from planner.string_shapes import imported_path

__all__ = ["ATTRIBUTE_READ", "MEMBERS", "attribute_reads", "kept_by_members"]

#: A file worth the scan: ``vars(``, ``.__dict__``, ``attrgetter(``, ``getmembers(``.
ATTRIBUTE_READ = re.compile(rb"\bvars\(|\.__dict__\b|\battrgetter\(|\bgetmembers\(")
#: A fact's kind: ``module-members:<owner as written>``: every submodule of the owner, for a person.
MEMBERS = "module-members:"


def _namespace(node: ast.expr) -> str:
    """``pkg`` of ``vars(pkg)`` or ``pkg.__dict__``, else ``""``."""
    if isinstance(node, ast.Attribute) and node.attr == "__dict__":
        return dotted_name(node.value) or called_owner(node.value)  # ``import_module("pkg").__dict__``
    if isinstance(node, ast.Call) and dotted_name(node.func) == "vars" and len(node.args) == 1 and not node.keywords:
        return dotted_name(node.args[0]) or called_owner(node.args[0])
    return ""


def _string(node: ast.expr) -> str:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""


def attribute_reads(tree: ast.AST) -> Iterator[tuple[ast.Constant | None, StringFact]]:
    """(the string, its fact) of each read above; ``getmembers``' fact has no string."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript):  # ``vars(pkg)["alpha"]``
            owner = _namespace(node.value)
            if owner and _string(node.slice) and isinstance(node.slice, ast.Constant):
                yield node.slice, StringFact(node.slice.lineno, f"{PREFIX}getattr:{owner}", _string(node.slice))
        elif not isinstance(node, ast.Call):
            continue
        elif isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:  # ``.get("alpha")``
            owner, key = _namespace(node.func.value), node.args[0]
            if owner and _string(key) and isinstance(key, ast.Constant):
                yield key, StringFact(key.lineno, f"{PREFIX}getattr:{owner}", _string(key))
        elif isinstance(node.func, ast.Call) and dotted_name(node.func.func).rpartition(".")[2] == "attrgetter":
            owner = dotted_name(node.args[0]) if len(node.args) == 1 and not node.keywords else ""
            for path in node.func.args if owner else ():  # ``attrgetter("alpha.VALUE")(pkg)``: its first part
                if _string(path) and isinstance(path, ast.Constant):
                    head = _string(path).partition(".")[0]
                    yield path, StringFact(path.lineno, f"{PREFIX}getattr:{owner}", head)
        elif dotted_name(node.func).rpartition(".")[2] == "getmembers" and node.args:
            owner = dotted_name(node.args[0])
            if owner:
                yield None, StringFact(node.lineno, f"{MEMBERS}{owner}", owner)


def kept_by_members(
    files: Iterable[ModuleFile], facts: Mapping[str, FileFacts], names: Iterable[str]
) -> dict[str, str]:
    """module -> reason for each of ``names`` directly below a package whose members a file lists by name
    (``inspect.getmembers(pkg, ...)``; ``pkg`` as the file's imports bind it)."""
    owners: dict[str, str] = {}  # package -> where it is listed
    for file in files:
        fact = facts.get(file.path)
        if fact is None:
            continue
        for string in fact.strings:
            if string.kind.startswith(MEMBERS):
                owner = imported_path(string.text, file.package, fact) or string.text
                owners.setdefault(owner, f"{file.path}:{string.line}")
    found: dict[str, str] = {}
    for name in names if owners else ():
        where = owners.get(name.rpartition(".")[0])
        if where is not None:
            why = f"{where}, which lists its package's members by name (inspect.getmembers)"
            found[name] = f"{FOUND_BY_NAME}{why}"
    return found
