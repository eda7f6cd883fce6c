"""A submodule taken by its attribute name: ``getattr(pkg, "alpha")``, ``hasattr``, ``setattr``, ``delattr``,
``mock.patch.object(pkg, "alpha")``, ``monkeypatch.setattr(pkg, "alpha", ...)`` (issue 13).

After ``import pkg.alpha`` the package's attribute ``alpha`` is the submodule; a rename binds the new name only, so
apply gives the string the new name (codemods/rewrite_string_refs.py). The plan lists the same strings: both sides
ask planner/module_calls.py which calls take an attribute name (``attribute_call_kind``) and which submodule the
string reaches (``attribute_submodule``); this module reads the call in the planner's ``ast`` and resolves its owner
through the file's imports.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterator, Mapping

from planner.facts import FileFacts, StringFact
from planner.import_calls import returned_module
from planner.module_calls import attribute_call_kind, attribute_submodule
from planner.python_source import dotted_name
from planner.string_shapes import imported_path

__all__ = ["ATTRIBUTE_CALL", "PREFIX", "attribute_fact", "attribute_module", "called_owner"]

#: A file worth the expression scan for such a call: ``getattr(pkg, "alpha"``, ``patch.object(pkg, 'alpha'``.
ATTRIBUTE_CALL = re.compile(rb"(?:attr|\.object)\(\s*[\w.]+\s*,\s*[\"'][A-Za-z_]\w*[\"']")
#: A fact's kind: ``attribute:<call kind>:<owner as written>``, its text the attribute name.
PREFIX = "attribute:"


def attribute_fact(call: ast.Call, called: str) -> tuple[ast.Constant, StringFact] | None:
    """The fact of ``called(owner, "name", ...)`` when ``called`` takes an attribute name and ``owner`` is a dotted
    name (``pkg``, ``pkg.sub``), with the string it holds; else ``None``."""
    kind = attribute_call_kind((called,))
    if kind is None or len(call.args) < 2:
        return None
    owner, name = dotted_name(call.args[0]) or called_owner(call.args[0]), call.args[1]
    if not owner or not isinstance(name, ast.Constant) or not isinstance(name.value, str):
        return None
    return name, StringFact(name.lineno, f"{PREFIX}{kind}:{owner}", name.value)


def called_owner(node: ast.expr) -> str:
    """The module an import call of a literal absolute name returns (``getattr(importlib.import_module("pkg.sub"),
    "mod")``: ``pkg.sub``, planner/import_calls.py's ``returned_module``), read as a dotted owner; else ``""``. Such an
    owner is read here, not handed on (planner/import_names.py); apply asks the same of the call
    (codemods/string_contexts.py's ``_attribute``)."""
    returned = returned_module(node) if isinstance(node, ast.Call) else None
    return returned if returned is not None and not returned.startswith(".") else ""


def attribute_module(
    string: StringFact, package: str, fact: FileFacts, modules: Mapping[str, object], shadowed: Collection[str]
) -> Iterator[tuple[str, str]]:
    """(reference kind, submodule) for an ``attribute:`` fact whose owner, as written or through the name an import
    binds (``from pkg import sub``; ``package``: what the file's relative imports resolve against), has the
    submodule ``name`` (not one its package shadows)."""
    kind, _, owner = string.kind[len(PREFIX) :].partition(":")
    owners = [path for path in (imported_path(owner, package, fact), owner) if path]
    module = attribute_submodule(owners, string.text, modules, shadowed)
    if module is not None:
        yield kind, module
