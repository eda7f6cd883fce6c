"""A name handed to a helper of another file (or scope) that completes it into a ``.py`` file name (issue 13, falcon).

falcon's tests load its recipes through a conftest helper, ``util.load_module('raw_url_path',
parent_dir='examples/recipes', suffix=app_kind)``, whose body builds the file's name from its parameter::

    @staticmethod
    def load_module(filename, parent_dir=None, suffix=None, module_name=None):
        ...
        path = FALCON_ROOT / filename
        if suffix is not None:
            path = path.with_name(f'{path.stem}_{suffix}.py')
        spec = importlib.util.spec_from_file_location(module_name, path)

The file name is split between the call site (the stem) and the helper (``{stem}_*.py``): the helper's glob alone,
``*_*.py``, spells no name (planner/built_file_names.py keeps nothing for it) and the stem is no file's name, so
``raw_url_path_asgi.py`` was renamed and 6 tests lost their recipe. Here each side is a fact of its own file:

- ``built-file-helper:NAME:POS:PARAM:TEMPLATE``: a function (or method) ``NAME`` builds a ``.py`` file name in which
  one value comes from its parameter ``PARAM`` (``POS``: its position at a call, ``-1`` keyword only), directly or
  through names assigned from it in the function; ``TEMPLATE`` is the name, ``{}`` for the parameter's value
  (``{stem}`` when its ``.stem`` is taken), ``*`` for any other value.
- ``built-file-call:NAME:ARG:VALUE``: a call of ``NAME`` (``helper(...)``, ``util.helper(...)``) given a path-like
  string at ``ARG`` (a position or ``=keyword``): a literal, or a test's parameter whose values a
  ``pytest.mark.parametrize`` of the enclosing function lists.

The plan joins them (:func:`found_by_handed_name`) when the helper is one the caller can reach: the same file, a
``conftest.py`` of the caller's directory or one above it (its fixtures and their objects), or a module the caller
imports. The template filled with the value (``raw_url_path_*.py``) is read as a glob, and each module whose file
name it matches keeps its name, as a built file name's does. One level of call: a helper that hands its parameter on
to another helper is not followed.
"""

from __future__ import annotations

import ast
import fnmatch
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping

from planner.conventions import FOUND_BY_NAME
from planner.discover import ModuleFile
from planner.facts import HANDED, HELPER, FileFacts

__all__ = ["HANDED", "HELPER", "found_by_handed_name", "handed_file_names"]

_SCREEN = re.compile(rb"""[\w.\-}'"]\.py['"]""")  # as planner/built_file_names.py's: a file building a .py name
_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[sdr]|\{[^{}]*\}")
_TEMPLATE = re.compile(r"[\w.\-*]*(?:\{\}|\{stem\})[\w.\-*]*\.py\Z")
_VALUE = re.compile(r"[\w.\-/]{1,200}")  # a stem or a relative path handed to a helper
#: Methods of str, dict, list and os.path called with such strings everywhere: never a file-name helper.
_COMMON = frozenset(
    "get pop setdefault join split rsplit format startswith endswith replace encode decode append add update index "
    "count strip lstrip rstrip find rfind partition rpartition remove extend insert getattr setattr hasattr "
    "isinstance print open exists parametrize param fixture".split()
)
_DEPTH = 8
_PATHS = frozenset({"Path", "PurePath", "PosixPath", "PurePosixPath", "joinpath"})
_Function = ast.FunctionDef | ast.AsyncFunctionDef


def handed_file_names(tree: ast.Module, raw: bytes) -> dict[str, int]:
    """The helper and call-site facts of one file (module docstring), each key -> its line."""
    found: dict[str, int] = {}
    if _SCREEN.search(raw) is not None:
        for func, skip in _functions(tree):
            for key, line in _templates(func, skip):
                found.setdefault(key, line)
    for call, values in _calls(tree):
        name = _called(call.func)
        if not name or name in _COMMON:
            continue
        for arg, node in [
            *((str(i), a) for i, a in enumerate(call.args)),
            *((f"={k.arg}", k.value) for k in call.keywords if k.arg),
        ]:
            for value in _strings(node, values):
                found.setdefault(f"{HANDED}{name}:{arg}:{value}", call.lineno)
    return found


def _called(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _functions(tree: ast.Module) -> Iterator[tuple[_Function, int]]:
    """Each function with the number of its leading parameters a call does not give (``self``, ``cls``)."""
    methods: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            methods.update(id(f) for f in node.body if isinstance(f, _Function))
        if isinstance(node, _Function):
            static = any(_called(d) == "staticmethod" for d in node.decorator_list)
            yield node, 1 if id(node) in methods and not static else 0


def _templates(func: _Function, skip: int) -> Iterator[tuple[str, int]]:
    positional = [*func.args.posonlyargs, *func.args.args]
    params = [(i - skip, a.arg) for i, a in enumerate(positional) if i >= skip]
    params += [(-1, a.arg) for a in func.args.kwonlyargs]
    for pos, param in params:
        derived = _derived(func, param)
        for node in ast.walk(func):
            template = _template(node, derived)
            if template is not None and _TEMPLATE.match(template):
                yield f"{HELPER}{func.name}:{pos}:{param}:{template}", getattr(node, "lineno", func.lineno)


def _derived(func: _Function, param: str) -> set[str]:
    """``param`` and the names assigned, in ``func``, a value built from it (``path = ROOT / filename``)."""
    derived = {param}
    for _ in range(_DEPTH):
        before = len(derived)
        for node in ast.walk(func):
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(_mentions(part, derived) for part in _last_parts(node.value)):
                    derived.update(t.id for t in targets if isinstance(t, ast.Name))
        if len(derived) == before:
            break
    return derived


def _last_parts(node: ast.expr) -> list[ast.expr]:
    """The part of a path expression its file name comes from: ``b`` of ``a / b``, of ``Path(a, b)`` and of
    ``os.path.join(a, b)`` (the directory ``a`` is not the name); each branch of ``b if c else d``."""
    if isinstance(node, ast.IfExp):
        return [*_last_parts(node.body), *_last_parts(node.orelse)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return _last_parts(node.right)
    if (
        isinstance(node, ast.Call)
        and node.args
        and (_called(node.func).endswith("join") or _called(node.func) in _PATHS)
    ):
        return _last_parts(node.args[-1])
    return [node]


def _mentions(node: ast.AST, names: set[str]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(node))


def _hole(node: ast.expr, derived: set[str]) -> str:
    """``{}`` for a value built from the parameter, ``{stem}`` for its ``.stem``, ``*`` for any other value."""
    if isinstance(node, ast.Attribute) and node.attr == "stem" and _mentions(node.value, derived):
        return "{stem}"
    return "{}" if _mentions(node, derived) else "*"


def _template(node: ast.AST, derived: set[str]) -> str | None:
    """The file name a string expression builds (the part after its last ``/``), the parameter's value a hole."""
    if isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in node.values):
        text = "".join(
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else _hole(v.value, derived)  # type: ignore[attr-defined]
            for v in node.values
        )
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and _text(node.right) is not None:
        parts = _added(node)
        text = "".join(t if (t := _text(p)) is not None else _hole(p, derived) for p in parts)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and (left := _text(node.left)) is not None:
        values = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        text = _filled(left, [_hole(v, derived) for v in values])
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        form = _text(node.func.value)
        text = _filled(form, [_hole(v, derived) for v in node.args]) if form is not None else ""
    else:
        return None
    if text.count("{}") + text.count("{stem}") != 1:
        return None
    return re.sub(r"\*+", "*", text.replace("\\", "/").rpartition("/")[2])


def _filled(form: str, holes: list[str]) -> str:
    """``form`` with its placeholders replaced in order by ``holes`` (``*`` past the last)."""
    it = iter(holes)
    return _PLACEHOLDER.sub(lambda _: next(it, "*"), form)


def _text(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _added(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [*_added(node.left), *_added(node.right)]
    return [node]


def _calls(tree: ast.Module) -> Iterator[tuple[ast.Call, Mapping[str, list[str]]]]:
    """Each call, with the values a ``pytest.mark.parametrize`` of its enclosing function gives its parameters."""
    outer: dict[int, Mapping[str, list[str]]] = {}
    for node in ast.walk(tree):
        if isinstance(node, _Function):
            given = {**outer.get(id(node), {}), **_parametrized(node)}
            for inner in ast.walk(node):
                if inner is not node:
                    outer[id(inner)] = given
        elif isinstance(node, ast.Call):
            yield node, outer.get(id(node), {})


def _parametrized(func: _Function) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for deco in func.decorator_list:
        if not (isinstance(deco, ast.Call) and _called(deco.func) == "parametrize" and len(deco.args) >= 2):
            continue
        names_node, values_node = deco.args[0], deco.args[1]
        if (text := _text(names_node)) is not None:
            names = [n.strip() for n in text.split(",")]
        elif isinstance(names_node, (ast.List, ast.Tuple)):
            names = [_text(n) or "" for n in names_node.elts]
        else:
            continue
        if not isinstance(values_node, (ast.List, ast.Tuple)):
            continue
        for row in values_node.elts:
            if isinstance(row, ast.Call) and _called(row.func) == "param":
                row = ast.Tuple(elts=row.args) if len(names) > 1 else (row.args[0] if row.args else row)
            cells = row.elts if len(names) > 1 and isinstance(row, (ast.List, ast.Tuple)) else [row]
            for name, cell in zip(names, cells, strict=False):
                if (value := _text(cell)) is not None:
                    found.setdefault(name, []).append(value)
    return found


def _strings(node: ast.expr, values: Mapping[str, list[str]]) -> list[str]:
    """The path-like strings an argument is: a literal, or a parametrized parameter's values."""
    found = [t] if (t := _text(node)) is not None else values.get(node.id, []) if isinstance(node, ast.Name) else []
    return [v for v in found if _VALUE.fullmatch(v) and any(c.isalpha() for c in v)]


def _reaches(caller: FileFacts, helper_path: str) -> bool:
    """Whether a call in ``caller`` can mean the helper of ``helper_path``: the same file, a conftest of its directory
    or one above, a module it imports (``import helpers``, ``from tests.helpers import load``, ``from . import x``)."""
    if helper_path == caller.path:
        return True
    directory, base = posixpath.split(helper_path)
    here = posixpath.dirname(caller.path)
    if base == "conftest.py":
        return directory == "" or here == directory or here.startswith(directory + "/")
    dotted = helper_path[: -len(".py")].replace("/", ".").removesuffix(".__init__")
    package = here.replace("/", ".")
    for imp in caller.imports:
        base_module = imp.resolve_base(package)
        for module in (base_module, f"{base_module}.{imp.name}" if base_module and imp.name else imp.name):
            if module and (dotted == module or dotted.endswith("." + module)):
                return True
    return False


def _fill(template: str, value: str) -> str:
    last = value.rpartition("/")[2]
    if "{stem}" in template:
        stem = last.rpartition(".")[0] if "." in last.lstrip(".") else last
        return template.replace("{stem}", stem)
    return template.replace("{}", value).rpartition("/")[2]


def found_by_handed_name(
    modules: Mapping[str, ModuleFile], facts: Mapping[str, FileFacts], names: Iterable[str]
) -> dict[str, str]:
    """module -> reason for each of ``names`` whose file name a helper completes from a name handed to it."""
    helpers: dict[str, list[tuple[str, int, str, str, int]]] = {}
    for path, file_facts in sorted(facts.items()):
        for key, line in file_facts.bound_names.items():
            if key.startswith(HELPER):
                name, at, param, template = key[len(HELPER) :].split(":", 3)
                helpers.setdefault(name, []).append((path, int(at), param, template, line))
    if not helpers:
        return {}
    globs: dict[str, str] = {}
    for path, file_facts in sorted(facts.items()):
        for key, line in file_facts.bound_names.items():
            if not key.startswith(HANDED) or (name := key[len(HANDED) :].partition(":")[0]) not in helpers:
                continue
            arg, _, value = key[len(HANDED) + len(name) + 1 :].partition(":")
            for helper_path, pos, param, template, helper_line in helpers[name]:
                if arg not in (str(pos), f"={param}") or not _reaches(file_facts, helper_path):
                    continue
                glob = _fill(template, value)
                if len(glob[: -len(".py")].replace("*", "")) < 2:
                    continue  # the value alone names no file
                globs.setdefault(
                    glob,
                    f"{FOUND_BY_NAME}{path}:{line}, which hands `{value}` to `{name}` ({helper_path}:{helper_line}), "
                    f"which builds the file name `{glob}` from it (read by that name)",
                )
    found: dict[str, str] = {}
    for module in names:
        filename = modules[module].path.rpartition("/")[2]
        for glob, reason in globs.items():
            if fnmatch.fnmatchcase(filename, glob):
                found[module] = reason
                break
    return found
