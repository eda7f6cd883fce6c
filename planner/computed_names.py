"""The shape of a module name an import computes: ``prefix + <one unknown> + suffix``.

``import_module("pkg." + name)``, ``import_module(f".{name}", __name__)``, and the same spelled with
``"".join([...])`` / ``".".join((...))``, ``"pkg.%s" % name``, ``"{}.{}".format(__package__, name)`` or through a variable assigned such an expression earlier in
the function (``module_name = "".join(["pkg", dot, rest]); import_module(module_name)``) are read
as a list of parts: string constants, ``__name__``/``__package__`` (known from the file), and the
expressions whose value is not known here. With exactly one unknown part the name is a template the
finder resolves from the constants in scope; with more, only the constant text before the first
unknown part is known: the package whose modules the import can reach.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterable, Mapping

from planner.python_source import dotted_name
from planner.separator_paths import SLASH, path_join_items, separator_replaced

__all__ = ["built_string", "format_parts", "known_prefix", "local_values", "name_head", "name_parts", "template"]

_FROM_FILE = ("__name__", "__package__", "__spec__.parent")


def local_values(
    call: ast.expr, parents: Mapping[int, ast.AST], cache: dict[int, list[tuple[int, str, ast.expr]]] | None = None
) -> dict[str, ast.AST]:
    """Names assigned in the function around ``call``, each to its last value assigned above ``call``.
    ``cache``: each function's assignments already read (by the function's id), for a caller asking about many
    nodes of one file: each function is then walked once."""
    scope = parents.get(id(call))
    while scope is not None and not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        scope = parents.get(id(scope))
    if scope is None:
        return {}
    assigned = None if cache is None else cache.get(id(scope))
    if assigned is None:
        assigned = [
            (node.lineno, node.targets[0].id, node.value)
            for node in ast.walk(scope)
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
        ]
        if cache is not None:
            cache[id(scope)] = assigned
    found: dict[str, tuple[int, ast.AST]] = {}
    for line, name, value in assigned:
        if found.get(name, (0, value))[0] <= line < call.lineno:
            found[name] = (line, value)
    return {name: value for name, (_, value) in found.items()}


def name_parts(arg: ast.AST, values: Mapping[str, ast.AST]) -> list[ast.AST]:
    """``arg`` as the parts it concatenates, names with a known value replaced by that value's parts."""
    parts: list[ast.AST] = []
    seen: set[str] = set()

    def flatten(node: ast.AST) -> None:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            flatten(node.left)
            flatten(node.right)
        elif (key := dotted_name(node)) and key in values and key not in seen:
            seen.add(key)  # a name assigned from itself is read once; ``c.PKG``: a module's constant
            flatten(values[key])
        elif (formatted := _formatted(node) or format_parts(node)) is not None:  # ``"pkg.sub.%s" % name``
            for part in formatted:
                flatten(part)
        elif isinstance(node, ast.JoinedStr):
            for value in node.values:
                if isinstance(value, ast.FormattedValue):
                    flatten(value.value)  # ``f"{c.PKG}.m2"``: a known value's parts
                else:
                    parts.append(value)
        elif (joined := _joined(node)) is not None:
            separator, items = joined
            for index, item in enumerate(items):
                if index and separator.value:
                    parts.append(separator)
                flatten(item)
        elif (receiver := separator_replaced(node)) is not None:  # ``os.path.join("pkg", "m").replace(os.sep, ".")``
            start = len(parts)
            for index, item in enumerate(path_join_items(receiver) or [receiver]):
                if index:
                    parts.append(ast.Constant(SLASH))
                flatten(item)
            parts[start:] = [_dotted(part) for part in parts[start:]]
        else:
            parts.append(node)

    flatten(arg)
    return parts


def _dotted(part: ast.AST) -> ast.AST:
    """A part of a file path made dotted by ``.replace(os.sep, ".")`` (planner/separator_paths.py)."""
    if isinstance(part, ast.Constant) and isinstance(part.value, str):
        return ast.Constant(part.value.replace(SLASH, "."))
    return part


def built_string(node: ast.AST) -> bool:
    """Is ``node`` a string built from parts: an f-string, a ``+``/``%`` of strings, a literal list's join, a
    template's ``.format(...)``, a file path's separators replaced by dots (planner/separator_paths.py)?"""
    if isinstance(node, ast.BinOp):
        return isinstance(node.op, ast.Add) or _formatted(node) is not None
    return (
        isinstance(node, ast.JoinedStr)
        or _joined(node) is not None
        or format_parts(node) is not None
        or separator_replaced(node) is not None
    )


#: One ``%`` directive of printf-style formatting without a mapping key: ``%s``, ``%d``, ``%03x`` (unidecode's
#: ``"unidecode.x%03x" % section``), ``%-8r``; ``%%`` is a literal ``%``.
_DIRECTIVE = re.compile(r"%%|%[#0\- +]*(?:\d+)?(?:\.\d+)?[hlL]?[diouxXeEfFgGcrsa]")


def _formatted(node: ast.AST) -> list[ast.AST] | None:
    """``"<before>%s<after>" % value`` (``%s``, ``%d``, ``%03x`` ..., ``%%`` aside) as its parts, and
    ``"%s.%s" % (__name__, "mathops")`` with a tuple of as many values as directives, each value between the texts
    around it; else None."""
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod)):
        return None
    left, value = node.left, node.right
    values = value.elts if isinstance(value, ast.Tuple) else [value]
    if not (isinstance(left, ast.Constant) and isinstance(left.value, str)) or isinstance(value, ast.Dict):
        return None
    directives = [m for m in _DIRECTIVE.finditer(left.value) if m.group() != "%%"]
    if not directives or len(directives) != len(values) or any(isinstance(v, ast.Starred) for v in values):
        return None
    parts: list[ast.AST] = []
    start = 0
    for directive, item in zip(directives, values, strict=True):
        if directive.group() != "%s" and isinstance(item, ast.Constant):
            return None  # ``"pkg.%5s" % "ab"``, ``%r``: the text is not the constant's own
        text = left.value[start : directive.start()]
        if "%" in _DIRECTIVE.sub("", text):
            return None  # a directive this reading does not know (``%(key)s``, ``%*d``)
        parts += [ast.Constant(text.replace("%%", "%")), item]
        start = directive.end()
    if "%" in _DIRECTIVE.sub("", left.value[start:]):
        return None
    return [*parts, ast.Constant(left.value[start:].replace("%%", "%"))]


def format_parts(node: ast.AST) -> list[ast.AST] | None:
    """``"<template>".format(...)`` as its parts, each field replaced by the argument it names: ``"{}.{}".format(
    __package__, "m2")``, ``"{0}.{1}"``, ``"{pkg}.{name}".format(pkg=__name__, name=x)``; else None. Every field
    plain (no attribute or index, no format spec, no conversion but ``!s``) and given (no ``*args``/``**kwargs``):
    the text is the arguments' own, as ``str.format`` writes them."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"):
        return None
    text = node.func.value
    if not (isinstance(text, ast.Constant) and isinstance(text.value, str)):
        return None
    if any(isinstance(arg, ast.Starred) for arg in node.args) or any(k.arg is None for k in node.keywords):
        return None
    try:
        fields = list(string.Formatter().parse(text.value))
    except ValueError:  # an unmatched brace: ``str.format`` raises too
        return None
    keywords = {k.arg: k.value for k in node.keywords}
    parts: list[ast.AST] = []
    automatic = 0
    for literal, field, spec, conversion in fields:
        if literal:
            parts.append(ast.Constant(literal))
        if field is None:
            continue
        if spec or conversion not in (None, "s"):
            return None
        if field == "":
            index, automatic = automatic, automatic + 1
        elif field.isdigit():
            index = int(field)
        elif field in keywords:
            parts.append(keywords[field])
            continue
        else:
            return None  # ``{0.attr}``, ``{0[key]}``, a field no argument names
        if index >= len(node.args):
            return None
        parts.append(node.args[index])
    return parts


def _joined(node: ast.AST) -> tuple[ast.Constant, list[ast.expr]] | None:
    """The separator and items of ``"<constant>".join([...])`` / ``.join((...))`` of a literal list or tuple."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join"):
        return None
    separator, args = node.func.value, node.args
    if not (isinstance(separator, ast.Constant) and isinstance(separator.value, str)) or node.keywords:
        return None
    if len(args) != 1 or not isinstance(args[0], (ast.List, ast.Tuple)):
        return None
    return separator, args[0].elts


def _known(part: ast.AST) -> bool:
    return (
        (isinstance(part, ast.Constant) and isinstance(part.value, str))
        or dotted_name(part) in _FROM_FILE
        or name_head(part)
    )


def name_head(part: ast.AST) -> bool:
    """Is ``part`` the name of the module's parent, ``__name__.rpartition(".")[0]`` or ``__name__.rsplit(".", 1)[0]``
    (a sibling's name derived from the module's own: ``import_module(__name__.rsplit(".", 1)[0] + ".numpy")``)?"""
    if not isinstance(part, ast.Subscript) or not isinstance(part.value, ast.Call):
        return False
    index, call = part.slice, part.value
    if not (isinstance(index, ast.Constant) and index.value == 0 and isinstance(call.func, ast.Attribute)):
        return False
    if dotted_name(call.func.value) != "__name__" or call.keywords or not call.args:
        return False
    sep, rest = call.args[0], [a.value if isinstance(a, ast.Constant) else None for a in call.args[1:]]
    if not (isinstance(sep, ast.Constant) and sep.value == "."):
        return False
    return (call.func.attr == "rpartition" and not rest) or (call.func.attr == "rsplit" and rest == [1])


def _text(items: Iterable[ast.AST], file_name: str, package: str) -> str:
    out = []
    for item in items:
        if isinstance(item, ast.Constant):
            out.append(str(item.value))
        elif name_head(item):
            out.append(file_name.rpartition(".")[0])
        else:
            out.append(file_name if dotted_name(item) == "__name__" else package)
    return "".join(out)


def template(parts: list[ast.AST], file_name: str, package: str) -> tuple[str, ast.AST, str] | None:
    """``(prefix, unknown part, suffix)`` when exactly one part is unknown, else None."""
    unknown = [i for i, part in enumerate(parts) if not _known(part)]
    if len(unknown) != 1:
        return None
    index = unknown[0]
    return _text(parts[:index], file_name, package), parts[index], _text(parts[index + 1 :], file_name, package)


def known_text(parts: list[ast.AST], file_name: str, package: str) -> str | None:
    """The whole text when every part is known (``__name__ + ".alpha"``, ``f"{__package__}.beta"``, ``PKG + ".c"``
    with ``PKG`` a constant), else None."""
    return _text(parts, file_name, package) if parts and all(_known(part) for part in parts) else None


def known_prefix(parts: list[ast.AST], file_name: str, package: str) -> str:
    """The text of the known parts before the first unknown one (all of it when every part is known)."""
    known: list[ast.AST] = []
    for part in parts:
        if not _known(part):
            break
        known.append(part)
    return _text(known, file_name, package)


def packages_only(call: ast.Call, parents: Mapping[int, ast.AST]) -> bool:
    """Does the loop over ``call`` (``pkgutil.iter_modules``) keep packages only? ``[name for _, name, is_pkg
    in pkgutil.iter_modules(path) if is_pkg]`` is how Faker lists its locales: no renamed module is one of
    them (a package's ``__init__.py`` keeps its name), so such a discovery reaches none.

    Returns:
        ``True`` for a comprehension over the call whose third target is one of its conditions.
    """
    loop = parents.get(id(call))
    if not isinstance(loop, ast.comprehension) or loop.iter is not call:
        return False
    target = loop.target
    if not (isinstance(target, ast.Tuple) and len(target.elts) == 3 and isinstance(target.elts[2], ast.Name)):
        return False
    flag = target.elts[2].id
    return any(isinstance(condition, ast.Name) and condition.id == flag for condition in loop.ifs)
