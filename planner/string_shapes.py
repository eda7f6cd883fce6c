"""Strings read by their shape in the code around them (planner/read_facts.py's expression walk).

- A module path relative to the package name beside it: a call given ``__name__``/``__package__`` or a
  literal ``package="pkg"`` (apipkg's ``initpkg(__name__, {"Other": ".othermodule:Other"})``), or a tuple
  holding ``__spec__.parent`` (pydantic's ``'BaseModel': (__spec__.parent, '.main')``): ``relative:`` facts.
- A module path as a list or tuple of its parts, ``["pkg", "mod"]``: planner/module_parts.py.
- A name given to a call beside a module's ``__file__`` (astroid's ``get_module_part("nodes.node_classes.AssName",
  modutils.__file__)``, ``is_relative("util", spec.__file__)``): a ``file-relative:`` fact, listed for a person;
  not a part of a path (``os.path.join(os.path.dirname(pkg.__file__), "data")``: a directory beside the file).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from typing import Any

from planner.facts import FileFacts, StringFact
from planner.joined_file_names import join_parts
from planner.module_calls import MODULE_PATH_CALLS, RELATIVE_KINDS
from planner.python_source import dotted_name

__all__ = [
    "PACKAGE_GIVEN",
    "PACKAGE_NAME",
    "RELATIVE_PATH",
    "RELATIVE_STRING",
    "file_relative",
    "file_relative_module",
    "file_relative_strings",
    "imported_path",
    "relative_pair",
    "relative_table",
    "stem_path",
]

#: A string that starts with a relative module path (apipkg's ``".othermodule:Other"``), and the whole path.
RELATIVE_STRING = re.compile(rb"""(?<![\w"'])["']\.+[A-Za-z_]""")
#: How a call gives the package such a path is relative to (``import_module(".mod", __name__)``,
#: ``symbol_by_name(".entity:Exchange", package="kombu")``): a file with neither is not searched for one.
PACKAGE_GIVEN = (b"__name__", b"__package__", b"__spec__", b"package=", b"import_module", b"resolve_name")
RELATIVE_PATH = re.compile(r"\.+[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?::[A-Za-z_][\w.]*)?\Z")


#: A package's dotted name, given as a literal ``package=`` (kombu's ``symbol_by_name(".entity:Exchange", package="kombu")``).
PACKAGE_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def relative_table(call: ast.Call, facts: FileFacts) -> None:
    """``apipkg.initpkg(__name__, {"Other": ".othermodule:Other"})``: relative module paths in a call that
    is given the package name they are relative to (``relative:__name__`` / ``relative:__package__``
    facts, resolved by planner/references.py as ``import_module(".mod", __name__)`` would), or a literal
    ``package="pkg"`` (``relative:=pkg``)."""
    values = [*call.args, *(k.value for k in call.keywords)]
    base = next((v.id for v in values if type(v) is ast.Name and v.id in ("__name__", "__package__")), None)
    if base is None:
        base = next(
            (
                f"={k.value.value}"
                for k in call.keywords
                if k.arg == "package"
                and isinstance(k.value, ast.Constant)
                and isinstance(k.value.value, str)
                and PACKAGE_NAME.fullmatch(k.value.value)
            ),
            None,
        )
    if base is None:
        base = _positional_package(call)
    if base is None:
        return
    # with a literal package name, the positional arguments only: ``read_text(package="pkg", resource=".config")``
    # names a resource file, not a module
    stack = list(call.args if base.startswith("=") else values)
    while stack:
        value = stack.pop()
        if isinstance(value, ast.Constant) and isinstance(value.value, str) and RELATIVE_PATH.match(value.value):
            facts.strings.append(StringFact(value.lineno, f"relative:{base}", value.value))
        elif isinstance(value, (ast.List, ast.Tuple, ast.Set)):
            stack.extend(value.elts)
        elif isinstance(value, ast.Dict):
            stack.extend(value.values)


def _positional_package(call: ast.Call) -> str | None:
    """``=pkg`` for a literal package name given second to a call that reads its first argument against it
    (``import_module("..mod", "pkg.sub.x")``, ``importlib.util.resolve_name(".sub.mod", "pkg")``: planner/
    module_calls.py's ``RELATIVE_KINDS``, as codemods/string_contexts.py's ``_relative`` reads them), else None."""
    called = dotted_name(call.func)
    kind = MODULE_PATH_CALLS.get(called) or ("import_module" if called.endswith(".import_module") else "")
    if kind not in RELATIVE_KINDS or len(call.args) < 2:
        return None
    value = call.args[1]
    if isinstance(value, ast.Constant) and isinstance(value.value, str) and PACKAGE_NAME.fullmatch(value.value):
        return f"={value.value}"
    return None


def resolved_relative(node: ast.AST) -> bool:
    """Is ``node`` ``importlib.util.resolve_name(".sub.mod", "pkg")`` (or given ``__name__``/``__package__``): a
    literal relative path whose package is known, which :func:`relative_table` reads as a ``relative:`` fact? An
    import of its result (``import_module(resolve_name(...))``) names that module, no unknown one."""
    if not (
        isinstance(node, ast.Call) and node.args and MODULE_PATH_CALLS.get(dotted_name(node.func)) == "resolve_name"
    ):
        return False
    first = node.args[0]
    if not (isinstance(first, ast.Constant) and isinstance(first.value, str) and RELATIVE_PATH.match(first.value)):
        return False
    facts = FileFacts("")
    relative_table(node, facts)
    return any(fact.text == first.value for fact in facts.strings)


def relative_pair(node: ast.Tuple, facts: FileFacts) -> None:
    """``(__spec__.parent, ".main")``: a relative module path beside the package name it is relative to
    (pydantic's ``__getattr__`` table: ``import_module(module_name, package=package)`` on each pair)."""
    names = {dotted_name(e) for e in node.elts}
    base = next((n for n in ("__name__", "__package__") if n in names), None)
    base = "__package__" if "__spec__.parent" in names else base
    for element in node.elts if base is not None else ():
        if isinstance(element, ast.Constant) and isinstance(element.value, str) and RELATIVE_PATH.match(element.value):
            facts.strings.append(StringFact(element.lineno, f"relative:{base}", element.value))


#: A dotted name or a bare one, as a call beside a module's ``__file__`` may read it relative to that file.
_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\Z")


def file_relative(node: ast.AST, facts: FileFacts) -> None:
    """``is_relative("util", spec.__file__)``: the names :func:`file_relative_strings` finds, as
    ``file-relative:spec`` facts. planner/references.py lists the module each names below that file's package:
    rewritten where it is the one module of the checkout by that name (codemods/relative_names.py), else for a
    person."""
    for owner, value in file_relative_strings(node):
        facts.strings.append(StringFact(value.lineno, f"file-relative:{owner}", str(value.value)))


def file_relative_strings(node: ast.AST) -> list[tuple[str, ast.Constant]]:
    """The names of a call given one module's ``__file__`` (an attribute: ``spec.__file__``, ``pkg.mod.__file__``),
    with that module (``spec``); and the names a call or a comparison gives beside such a call, its expected result
    (astroid's ``assertEqual(get_module_part("nodes.node_classes.AssName", modutils.__file__),
    "nodes.node_classes")``), with that call's module."""
    if type(node) is ast.Call:
        if _path_call(node):
            return []  # ``os.path.join(os.path.dirname(pkg.__file__), "data")``: a directory, not a module name
        values = [*node.args, *(k.value for k in node.keywords)]
    elif type(node) is ast.Compare:
        values = [node.left, *node.comparators]
    else:
        return []
    names = [v for v in values if type(v) is ast.Constant and type(v.value) is str and _NAME.match(v.value)]
    owner = _file_owner(values) if type(node) is ast.Call else None
    beside = {_named_owner(v) for v in values if type(v) is ast.Call}
    beside.discard(None)
    found = [(owner, v) for v in names] if owner else []
    return found + [(o, v) for o in beside for v in names if len(beside) == 1 and o and o != owner]


#: Modules whose functions take and give paths (``os.path.dirname``, ``shutil.copytree``): a name there is a path's.
_PATH_MODULES = ("os.", "posixpath.", "ntpath.", "shutil.", "pathlib.")


def _path_call(call: ast.Call) -> bool:
    """Does ``call`` build or take a path (a join, a ``Path(...)``, an ``os.path`` function), not a module name?"""
    return join_parts(call) is not None or dotted_name(call.func).startswith(_PATH_MODULES)


def _named_owner(call: ast.Call) -> str | None:
    """The module whose ``__file__`` ``call`` reads a name relative to (``get_module_part("a.b.C", m.__file__)``:
    ``m``), else ``None``: a call given no name beside the file (``os.path.dirname(m.__file__)``) reads none."""
    values = [*call.args, *(k.value for k in call.keywords)]
    if _path_call(call) or not any(
        type(v) is ast.Constant and type(v.value) is str and _NAME.match(v.value) for v in values
    ):
        return None
    return _file_owner(values)


def _file_owner(values: list[ast.expr]) -> str | None:
    """The one module whose ``__file__`` is among ``values`` (``spec`` for ``spec.__file__``), else ``None``."""
    owners = [dotted_name(v.value) for v in values if type(v) is ast.Attribute and v.attr == "__file__"]
    return owners[0] if len(owners) == 1 and owners[0] else None


def imported_path(owner: str, package: str, fact: FileFacts) -> str | None:
    """The dotted path an expression ``owner`` (``modutils``, ``m.sub``) names through the name a ``from`` import or an
    ``import ... as`` of the file binds its first part to (``from pkg import modutils``; ``package``: the package the
    file's relative imports resolve against), else ``None``: the file's last such import wins."""
    head, _, rest = owner.partition(".")
    target = None
    for found in fact.imports:
        if found.form in ("from", "from-as") and (found.alias or found.name) == head:
            target = ".".join(p for p in (found.resolve_base(package), found.name, rest) if p)
        elif found.form == "import-as" and found.alias == head:
            target = ".".join(p for p in (found.module, rest) if p)
    return target


def file_relative_module(
    text: str, owner: str, package: str, fact: FileFacts, modules: Mapping[str, Any]
) -> str | None:
    """The module a ``file-relative:owner`` name names below the package of ``owner``'s file, ``owner`` a module path
    (``pkg.sub.spec``) or a name the file's imports bind (``from pkg import modutils``; ``package``: the package the
    file's relative imports resolve against): the longest module of that package's path plus ``text`` strictly below
    it, else ``None``."""
    target = owner if owner in modules else imported_path(owner, package, fact)
    owned = modules.get(target) if target is not None else None
    if owned is None:
        return None
    base = owned.name if owned.is_package else owned.name.rpartition(".")[0]
    parts = f"{base}.{text}".split(".")
    for end in range(len(parts), len(base.split(".")), -1):
        if ".".join(parts[:end]) in modules:
            return ".".join(parts[:end])
    return None


_STEM_PATH = re.compile(r"[\w.-]+(?:/[\w.-]+)+")


def stem_path(text: str) -> str | None:
    """The repo-relative file a whole string names by its path without ``.py`` (``"pkg/mod"``; not
    ``"/pkg/mod"``, a URL route's spelling too): a tool matching it inside a file name (pexpect's ``'pexpect/expect' not in
    filename``). Only a path with a ``/``: a bare word cannot be told from an ordinary word.

    Returns:
        ``pkg/mod.py``, or ``None`` when ``text`` is no such path.
    """
    if text.startswith("/") or "/" not in text or text.endswith(".py") or _STEM_PATH.fullmatch(text) is None:
        return None  # ``"/api/users"`` is a URL route as often as a file (``api/users.py``): left
    return text + ".py"
