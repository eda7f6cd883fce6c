"""How a Python string's template tags read, by what the string is given to (issue 13, review30 R1 and R2).

A dotted name standing unquoted in a tag (``'input{{cookiecutter.hooks}}'``) is taken for a name of the template's
context (planner/template_tags.py's ``context_name``): cookiecutter's context variable ``cookiecutter`` is a dict.
Two uses of a string say otherwise, and one leaves it open:

- the string is ``.format``-ed (``"D = {{'a': pkg.mod.V}}".format(...)``, directly or through a name bound to it,
  ``str.format(s, ...)``): a doubled brace is a literal brace, and ``D = {'a': pkg.mod.V}`` is code run by ``exec``.
  Its tags are read once the braces are made single (``{{{{ x }}}}`` is still a tag);
- the string is rendered with a context holding the package itself: ``render(s, {"pkg": pkg})``,
  ``render(s, dict(pkg=pkg))``, ``Template(s).render(pkg=pkg)``, ``env.from_string(s).render(**globals())``, the
  name ``pkg`` bound by ``import pkg`` (or ``import pkg.mod``): a renderer walks the module's attributes, so
  ``{{ pkg.mod.V }}`` is the module's path, rewritten;
- the file binds the name to its module (``import pkg``) but what renders the string is not seen (the string is not
  the first argument of a call given a context this module reads): the name may be the module or a dict of that name.
  Neither rewritten nor left unsaid: listed for a person (``template-name``, a follow-up with its line).

A name the file does not bind to its module (cookiecutter's tests ``from cookiecutter import generate``), or a
context giving the name a dict, stays the context's. The plan (planner/path_mentions.py) asks :func:`template_uses`
of its walk; apply (codemods/string_rewriter.py) asks :func:`template_uses_at` by each string's position.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterable, Mapping, Sequence

from planner.py_modules import string_positions
from planner.python_source import Unparsable, deep_walk, dotted_name, parse_python, walk_once
from planner.template_tags import TagUse, context_name

__all__ = ["TEMPLATE_NAME", "template_uses", "template_uses_at"]

#: the reference kind of a name in a tag that may be the module or a dict of its name (a follow-up)
TEMPLATE_NAME = "template-name"

_FORMAT = frozenset({"format", "format_map"})
_NAMESPACES = frozenset({"globals", "locals", "vars"})
#: a call's method that renders what the call made of the string (``Template(s).render(...)``)
_RENDERS = frozenset({"render", "render_async", "stream", "generate", "substitute", "safe_substitute"})
_ALL = "*"  # a context of the file's whole namespace: ``render(s, globals())``
_DOTTED = re.compile(r"(?<![\w.])([A-Za-z_]\w*)(?:\.[A-Za-z_]\w*)+")


def _bound_modules(nodes: Iterable[ast.AST]) -> frozenset[str]:
    """The names the file's ``import`` statements bind to the module of that name: ``import pkg``, ``import pkg.mod``
    (both ``pkg``), ``import pkg as pkg``."""
    return frozenset(
        alias.name.partition(".")[0] if alias.asname is None else alias.asname
        for node in nodes
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.asname is None or alias.asname == alias.name
    )


def _items(node: ast.AST, dicts: Mapping[str, ast.AST]) -> dict[str, ast.AST] | None:
    """The keys and values of a context ``node``: a dict literal, ``dict(k=v)``, a name bound once to either, the
    namespace (``globals()``: ``{"*": node}``); None where they cannot be read."""
    if isinstance(node, ast.Name) and node.id in dicts:
        node = dicts[node.id]
    if isinstance(node, ast.Dict):
        keys = [k.value if isinstance(k, ast.Constant) and isinstance(k.value, str) else None for k in node.keys]
        return None if None in keys else {str(k): v for k, v in zip(keys, node.values)}
    if isinstance(node, ast.Call) and dotted_name(node.func) in _NAMESPACES and not node.args:
        return {_ALL: node}
    if isinstance(node, ast.Call) and dotted_name(node.func) == "dict" and not node.args:
        return _keywords(node.keywords, dicts)
    return None


def _keywords(keywords: Sequence[ast.keyword], dicts: Mapping[str, ast.AST]) -> dict[str, ast.AST] | None:
    found: dict[str, ast.AST] = {}
    for keyword in keywords:
        if keyword.arg is not None:
            found[keyword.arg] = keyword.value
            continue
        items = _items(keyword.value, dicts)  # ``**{...}``, ``**globals()``
        if items is None:
            return None
        found |= items
    return found


def _context(call: ast.Call, parents: Mapping[int, ast.AST], dicts: Mapping[str, ast.AST]) -> dict[str, ast.AST] | None:
    """The context ``call`` renders its first argument with: the call's other arguments, or those of the method
    called on what it returns (``Template(s).render(pkg=pkg)``). ``{}`` where none is given (not seen), None where
    one cannot be read."""
    parent = parents.get(id(call))
    outer = parents.get(id(parent)) if isinstance(parent, ast.Attribute) and parent.attr in _RENDERS else None
    given = call.args[1:]
    if isinstance(outer, ast.Call) and outer.func is parent:
        call, given = outer, outer.args
    if not given and not call.keywords:
        return {}
    found = _keywords(call.keywords, dicts)
    for arg in given:
        items = _items(arg, dicts)
        if items is None or found is None:
            return None
        found |= items
    return found


def _heads(text: str, doubled: bool) -> set[str]:
    """The first names of the dotted tokens standing unquoted in ``text``'s tags."""
    return {match.group(1) for match in _DOTTED.finditer(text) if context_name(text, match.start(), doubled=doubled)}


def _formatted(string: ast.Constant, parent: ast.AST | None, name: str, formatted: Collection[str]) -> bool:
    """Is ``string`` formatted by ``str.format`` (its receiver, ``str.format``'s first argument, a name whose
    ``.format`` is called)?"""
    if isinstance(parent, ast.Attribute):
        return parent.attr in _FORMAT
    if isinstance(parent, ast.Call) and dotted_name(parent.func) == "str.format":
        return parent.args[:1] == [string]
    return name in formatted


def template_uses(nodes: Sequence[ast.AST], parents: Mapping[int, ast.AST]) -> dict[int, TagUse]:
    """``id`` of each string constant holding a tag whose reading its use changes -> its :class:`TagUse`."""
    strings = [
        node
        for node in nodes
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and ("{{" in node.value or "{%" in node.value)
    ]
    if not strings:
        return {}
    bound = _bound_modules(nodes)
    formatted: set[str] = set()  # names whose ``.format`` is called
    dicts: dict[str, ast.AST] = {}  # names bound to a dict literal or ``dict(...)`` (once)
    given: dict[str, list[ast.Call]] = {}  # a name -> the calls given it first
    assigned: dict[str, int] = {}
    for node in nodes:
        if isinstance(node, ast.Attribute) and node.attr in _FORMAT and isinstance(node.value, ast.Name):
            formatted.add(node.value.id)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            assigned[name] = assigned.get(name, 0) + 1
            if isinstance(node.value, (ast.Dict, ast.Call)):
                dicts[name] = node.value
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name):
            given.setdefault(node.args[0].id, []).append(node)
    dicts = {name: value for name, value in dicts.items() if assigned.get(name) == 1}
    found: dict[int, TagUse] = {}
    for string in strings:
        parent = parents.get(id(string))
        target = parent.targets[0] if isinstance(parent, ast.Assign) and len(parent.targets) == 1 else None
        name = target.id if isinstance(target, ast.Name) else ""
        doubled = _formatted(string, parent, name, formatted)
        heads = _heads(str(string.value), doubled) & bound
        if not heads:
            if doubled:
                found[id(string)] = TagUse(doubled=True)
            continue
        calls = [parent] if isinstance(parent, ast.Call) and parent.args[:1] == [string] else given.get(name, [])
        contexts = [_context(call, parents, dicts) for call in calls]
        read = [context for context in contexts if context]
        modules = {head for head in heads if any(_ALL in c or _is_module(c.get(head), head) for c in read)}
        open_ = not read or len(read) < len(contexts)  # nothing renders it here, or a context not read
        unknown = heads - modules if open_ else set()
        if doubled or modules or unknown:
            found[id(string)] = TagUse(doubled, frozenset(modules), frozenset(unknown))
    return found


def _is_module(value: ast.AST | None, head: str) -> bool:
    """Is ``value`` the name ``head`` (bound by ``import head``: the caller checked), the module itself?"""
    return isinstance(value, ast.Name) and value.id == head


def template_uses_at(source: str) -> dict[tuple[int, int], TagUse]:
    """:func:`template_uses` of ``source`` by each string's start (line, column in characters: libcst's), for apply;
    ``{}`` when it does not parse (libcst's parse reports it) or holds no tag."""
    if "{{" not in source and "{%" not in source:
        return {}
    try:
        with deep_walk():
            nodes, parents = walk_once(parse_python(source))
    except Unparsable:
        return {}
    by_id = {id(node): node for node in nodes}
    found: dict[tuple[int, int], TagUse] = {}
    for key, use in template_uses(nodes, parents).items():
        node = by_id[key]
        if isinstance(node, ast.expr):
            for at in string_positions(source, [node]):
                found[at] = use
    return found
