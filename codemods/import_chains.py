"""The attributes that walk a renamed module's path from what an import call returns, rewritten.

``__import__("pkg.m1").m1.V`` returns ``pkg`` and reads ``m1`` from it; ``importlib.import_module("pkg").m7`` reads the
submodule ``m7`` from the package. After the rename the package holds the new name only: the string was rewritten and
the attribute was not (``AttributeError: module 'pkg' has no attribute 'm1'``). Which attributes name a submodule is
planner/import_calls.py's rule, which the plan lists as ``import-attribute``; this module gives each the new name.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

import libcst as cst

from codemods.base import Renames
from planner.import_calls import (
    absolute_path,
    call_ast,
    chain_submodules,
    fromlist_entries,
    fromlist_name,
    returned_module,
)
from planner.import_names import named_chains
from planner.python_source import Unparsable, parse_python

__all__ = ["chain_renames", "fromlist_renames", "named_renames"]


def chain_renames(
    call_source: str, attributes: Sequence[cst.Attribute], package: str | None, renames: Renames
) -> dict[int, str]:
    """``id(attribute)`` -> its new name, for each of ``attributes`` (read in turn from what the call whose source is
    ``call_source`` returns) that names a renamed submodule still below the same package."""
    tree = call_ast(call_source)
    names = [attribute.attr.value for attribute in attributes]
    found = _renamed(tree, names, package, renames) if tree is not None else {}
    return {id(attributes[index]): new for index, new in found.items()}


def fromlist_renames(call: cst.Call, call_source: str, package: str | None, renames: Renames) -> dict[int, str]:
    """``id(string)`` -> its new name, for each literal entry of ``__import__``'s ``fromlist`` (planner/import_calls.py's
    ``fromlist_entries``) that names a renamed submodule of the module the call returns, as its attribute would."""
    tree = call_ast(call_source)
    entries = fromlist_entries(tree) if tree is not None else []
    positional = [a for a in call.args if a.keyword is None]
    given = next((a for a in call.args if a.keyword is not None and a.keyword.value == "fromlist"), None)
    given = positional[3] if given is None and len(positional) > 3 else given
    value = given.value if given is not None else None
    strings = value.elements if isinstance(value, cst.List | cst.Tuple | cst.Set) else ()
    if tree is None or len(strings) != len(entries):
        return {}
    found: dict[int, str] = {}
    for entry, element in zip(entries, strings, strict=True):
        name = fromlist_name(entry)
        if name is not None and isinstance(element.value, cst.SimpleString):
            found |= {id(element.value): new for new in _renamed(tree, [name], package, renames).values()}
    return found


def named_renames(source: str, package: str | None, renames: Renames) -> dict[tuple[int, int], str]:
    """(line, column where it ends) of each attribute's name -> its new name, for each attribute read from a name
    followed to an import call's result (planner/import_names.py) that names a renamed submodule below the package."""
    try:
        tree = parse_python(source)
    except Unparsable:
        return {}
    lines = source.splitlines()
    found: dict[tuple[int, int], str] = {}
    mapping = renames.mapping
    parents = {old.rpartition(".")[0] for old in mapping} | {new.rpartition(".")[0] for new in mapping.values()}
    owners = {".".join(p.split(".")[:end]) for p in parents if p for end in range(1, p.count(".") + 2)}

    def returns(call: ast.Call) -> str | None:  # only a call returning a renamed module's package or one above it
        returned = returned_module(call)
        owner = absolute_path(returned, package) if returned is not None else None
        return returned if owner in owners else None

    for node, names, (calls, followed) in named_chains(tree, returns):
        renamed = _renamed(calls[0], names, package, renames) if followed else {}
        chain: list[ast.Attribute] = []  # innermost first, as ``names``
        value: ast.expr = node
        while isinstance(value, ast.Attribute):
            chain.insert(0, value)
            value = value.value
        for index, new in renamed.items():
            end = chain[index]
            line, column = end.end_lineno or end.lineno, end.end_col_offset or 0
            text = lines[line - 1].encode() if line <= len(lines) else b""
            found[(line, len(text[:column].decode(errors="replace")))] = new  # ``ast`` counts UTF-8 bytes
    return found


def _renamed(tree: ast.Call, names: Sequence[str], package: str | None, renames: Renames) -> dict[int, str]:
    """index -> new name, for each of ``names`` (read in turn from what ``tree`` returns) that names a renamed
    submodule still below the same package."""
    returned = returned_module(tree)
    owner = absolute_path(returned, package) if returned is not None else None
    if owner is None:
        return {}
    mapping = renames.mapping
    modules = {".".join(old.split(".")[:end]) for old in mapping for end in range(1, old.count(".") + 2)}
    shadowed = renames.space.shadowed if renames.space is not None else frozenset()
    found: dict[int, str] = {}
    new_owner = mapping.get(owner, owner)
    for index, path in chain_submodules(owner, names, modules, shadowed):
        new = mapping.get(path, f"{new_owner}.{names[index]}")
        if new.rpartition(".")[0] != new_owner:
            break  # moved to another package: no attribute of this one
        if new != f"{new_owner}.{names[index]}":
            found[index] = new.rpartition(".")[2]
        new_owner = new
    return found
