"""The plan-time half of planner/handed_file_names.py: each module whose file name a helper completes from a name
handed to it by a call that reaches the helper keeps its name.

Near-linear (review27: N helpers x N calls gave N^2 globs, each module matched against each, 279 s for 800): the
helpers' templates are indexed by their literal head and tail, each module's file name is read backwards through
the templates it can match to the values that fill their hole, and a value is joined, by a dict, to the calls
handing it to a helper of that name.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from planner.conventions import FOUND_BY_NAME
from planner.discover import ModuleFile
from planner.facts import HANDED, HELPER, FileFacts, ImportFact
from planner.handed_on import handing_functions, import_aliases

__all__ = ["found_by_handed_name"]


def _reaches(caller: FileFacts, helper_path: str, receiver: str, name: str, spelled: str) -> bool:
    """Whether ``receiver.name(...)`` (``receiver`` ``""`` for a plain ``name(...)``, ``*`` for another expression's
    attribute) in ``caller`` can mean the helper ``name`` of ``helper_path``.

    A plain name: the same file, a conftest of the caller's directory or one above (a fixture), or ``from M import
    name`` (``as spelled``) of the helper's module; a name the caller imports from another module is not the helper. A name's attribute: when the name is bound by an import, only an import of the
    helper's module or of a name in it (``yaml.load`` is never a conftest's ``load``: review27 #7); else (a fixture's
    object, ``self``, another expression) the same file, a conftest above, or a module the caller imports. ``spelled``
    is the plain name the caller calls (``rp`` of ``from tools.loader import run_plugin as rp``)."""
    if helper_path == caller.path:
        return True
    directory, base = posixpath.split(helper_path)
    here = posixpath.dirname(caller.path)
    conftest = base == "conftest.py" and (directory == "" or here == directory or here.startswith(directory + "/"))
    dotted = helper_path[: -len(".py")].replace("/", ".").removesuffix(".__init__")
    package = here.replace("/", ".")

    def means(module: str | None) -> bool:
        return bool(module) and (dotted == module or dotted.endswith(f".{module}"))

    bound = [imp for imp in caller.imports if _binds(imp) == (receiver or spelled)]
    if receiver == "" and bound:  # an imported name (``from tools.loader import load as ld``): that module's only
        return any(imp.name == name and means(imp.resolve_base(package)) for imp in bound)
    if receiver == "":
        return conftest
    if receiver != "*" and bound:
        return any(means(_module_of(imp, package)) or means(imp.resolve_base(package)) for imp in bound)
    return conftest or any(
        means(_module_of(imp, package)) or means(imp.resolve_base(package)) for imp in caller.imports
    )


def _binds(imp: ImportFact) -> str:
    """The name an import binds in the file: ``a`` of ``import a.b``, the alias, or the imported name."""
    if imp.alias:
        return imp.alias
    return imp.name or "" if imp.name is not None else imp.module.partition(".")[0]


def _module_of(imp: ImportFact, package: str) -> str | None:
    base = imp.resolve_base(package)
    return f"{base}.{imp.name}" if base and imp.name else base if imp.name is None else imp.name


def _fill(template: str, value: str) -> str:
    """The file name ``template`` (its name part: its directory is :func:`_in_directory`'s) builds from ``value``."""
    template = template.rpartition("/")[2]
    last = value.rpartition("/")[2]
    if "{stem}" in template:
        return template.replace("{stem}", _stem(last))
    return template.replace("{}", value).rpartition("/")[2]


def _stem(last: str) -> str:
    return last.rpartition(".")[0] if "." in last.lstrip(".") else last


def _matches(name: str, glob: str) -> bool:
    """``fnmatchcase`` for the globs here (literal text and ``*`` only), without compiling a pattern per glob
    (review27: 640,000 globs overflowed fnmatch's cache, 47 of 48 s compiling)."""
    parts = glob.split("*")
    if len(parts) == 1:
        return name == glob
    head, tail = parts[0], parts[-1]
    if len(name) < len(head) + len(tail) or not name.startswith(head) or not name.endswith(tail):
        return False
    at, end = len(head), len(name) - len(tail)
    for part in parts[1:-1]:
        at = name.find(part, at, end)
        if at < 0:
            return False
        at += len(part)
    return True


class _Helper(NamedTuple):
    path: str
    name: str
    pos: int
    param: str
    template: str
    line: int
    via: str = ""  #: for a function handing its parameter on: the helper it hands it to


class _Call(NamedTuple):
    path: str
    line: int
    receiver: str  # "" for a plain name, "*" for an expression's attribute
    name: str
    arg: str
    value: str
    spelled: str  # the name called: ``rp`` for ``run_plugin`` imported as ``rp``


class _Shape(NamedTuple):
    """A helper's file name around the hole, read backwards from a module's file name: ``before`` and ``after`` are
    globs, ``kind`` says which key of a handed value fills the hole."""

    before: str
    after: str
    kind: str  # "name" (a value without "/"), "last" (its last part, the value has a "/"), "stem"


def _in_directory(path: str, template: str, value: str) -> bool:
    """Whether the file ``path`` is in the directory the helper loads from (its literal directories, then the
    value's), matched as the end of the path (relative to the checkout's root or to the helper's file). A helper
    whose directory is unknown (``PLUGINS / (name + ".py")``) loads from any."""
    directory = template.rpartition("/")[0]
    if not directory:
        return True
    handed = value.rpartition("/")[0]
    if not handed.startswith("/") and ".." not in handed.split("/"):
        directory = "/".join(p for p in (directory, *handed.split("/")) if p not in ("", "."))
    full = f"{directory}/{path.rpartition('/')[2]}"
    return path == full or path.endswith(f"/{full}")


def _shapes(template: str) -> list[_Shape]:
    template = template.rpartition("/")[2]
    if "{stem}" in template:
        before, _, after = template.partition("{stem}")
        return [_Shape(before, after, "stem")]
    before, _, after = template.partition("{}")
    return [_Shape(before, after, "name"), _Shape("", after, "last")]  # ``a/b`` fills ``pre_{}.py`` as ``b.py``


def _keys(value: str) -> list[tuple[str, str]]:
    last = value.rpartition("/")[2]
    return [("last" if "/" in value else "name", last), ("stem", _stem(last))]


def _literal(glob: str, first: bool) -> str:
    return glob.split("*")[0 if first else -1]


def _spans(name: str, shape: _Shape) -> Iterator[str]:
    """Each part of ``name`` the hole of ``shape`` can be: one start when ``before`` has no ``*``, one end when
    ``after`` has none, each span between otherwise."""
    starts = [len(shape.before)] if "*" not in shape.before else range(len(name) + 1)
    ends = [len(name) - len(shape.after)] if "*" not in shape.after else range(len(name), -1, -1)
    for i in starts:
        if i <= len(name) and _matches(name[:i], shape.before):
            for j in ends:
                if j > i and _matches(name[j:], shape.after):
                    yield name[i:j]


def found_by_handed_name(
    modules: Mapping[str, ModuleFile],
    facts: Mapping[str, FileFacts],
    names: Iterable[str],
    root: Path | None = None,
) -> dict[str, str]:
    """module -> reason for each of ``names`` whose file name a helper completes from a name handed to it.

    Near-linear (review27: N helpers x N calls gave N^2 globs, each module matched against each: 279 s for 800):
    the helpers' templates are indexed by their literal head and tail, each module's file name is read backwards
    through the templates it can match to the values that fill their hole, and a value is joined, by a dict, to
    the calls handing it to a helper of that template's name. With ``root``, a top-level function handing its
    parameter on to a helper is a helper too (planner/handed_on.py), joined to at most :data:`_JOINED` helpers."""
    helpers = _helpers(facts)
    if not helpers:
        return {}
    handed = _handed(facts)
    if root is not None:
        called = {call.name for call in handed} - {h.name for h in helpers}
        helpers += _handing_on(root, facts, called, helpers)
    shapes: dict[_Shape, dict[tuple[str, str], list[_Helper]]] = {}  # -> (name, arg) -> helpers
    for helper in helpers:
        for shape in _shapes(helper.template):
            by_arg = shapes.setdefault(shape, {})
            by_arg.setdefault((helper.name, str(helper.pos)), []).append(helper)
            by_arg.setdefault((helper.name, f"={helper.param}"), []).append(helper)
    helper_names = {h.name for h in helpers}
    calls: dict[tuple[str, str], list[_Call]] = {}
    for call in handed:
        if call.name in helper_names:
            for value_key in _keys(call.value):
                calls.setdefault(value_key, []).append(call)
    index: dict[str, dict[str, list[_Shape]]] = {}  # literal tail -> literal head -> shapes
    for shape in shapes:
        head, tail = _literal(shape.before, True), _literal(shape.after, False)
        index.setdefault(tail, {}).setdefault(head, []).append(shape)
    reachable: dict[tuple[str, str, str, str, str], bool] = {}
    found: dict[str, str] = {}
    for module in names:
        filename = modules[module].path.rpartition("/")[2]
        best: tuple[tuple[str, int, str, str], str] | None = None
        for k in range(len(filename) + 1):
            for head, candidates in index.get(filename[k:], {}).items():
                if not filename.startswith(head) or len(head) > k:
                    continue
                for shape in candidates:
                    for value in _spans(filename, shape):
                        for call in calls.get((shape.kind, value), ()):
                            for helper in shapes[shape].get((call.name, call.arg), ()):
                                pair = (call.path, helper.path, call.receiver, call.name, call.spelled)
                                if pair not in reachable:
                                    reachable[pair] = _reaches(facts[call.path], *pair[1:])
                                glob = _fill(helper.template, call.value)
                                if (
                                    not reachable[pair]
                                    or len(glob[: -len(".py")].replace("*", "")) < 2  # the value alone names no file
                                    or not _matches(filename, glob)
                                    or not _in_directory(modules[module].path, helper.template, call.value)
                                ):
                                    continue
                                order = (call.path, call.line, helper.path, glob)
                                if best is None or order < best[0]:
                                    best = (
                                        order,
                                        (
                                            f"{FOUND_BY_NAME}{call.path}:{call.line}, which hands `{call.value}` to "
                                            f"`{call.name}` ({helper.path}:{helper.line}{helper.via}), which builds "
                                            "the file name "
                                            f"`{glob}` from it (read by that name)"
                                        ),
                                    )
        if best is not None:
            found[module] = best[1]
    return found


#: The helpers one call handing a parameter on is joined to (a crafted file's N helpers of one name and N such calls
#: stay N derived helpers each, not N^2).
_JOINED = 8


def _helpers(facts: Mapping[str, FileFacts]) -> list[_Helper]:
    found: list[_Helper] = []
    for path, file_facts in sorted(facts.items()):
        for key, line in file_facts.bound_names.items():
            if key.startswith(HELPER):
                name, at, param, template = key[len(HELPER) :].split(":", 3)
                found.append(_Helper(path, name, int(at), param, template, line))
    return found


def _handed(facts: Mapping[str, FileFacts]) -> list[_Call]:
    """Each call handing a string, its plain name read through the file's import aliases (``rp`` -> ``run_plugin``)."""
    found: list[_Call] = []
    for path, file_facts in sorted(facts.items()):
        aliases: dict[str, str] | None = None
        for key, line in file_facts.bound_names.items():
            if key.startswith(HANDED):
                callee, arg, value = key[len(HANDED) :].split(":", 2)
                receiver, _, spelled = callee.rpartition(".")
                name = spelled
                if not receiver:
                    aliases = import_aliases(file_facts) if aliases is None else aliases
                    name = aliases.get(spelled, spelled)
                found.append(_Call(path, line, receiver, name, arg, value, spelled))
    return found


def _handing_on(root: Path, facts: Mapping[str, FileFacts], called: set[str], helpers: list[_Helper]) -> list[_Helper]:
    """A helper for each top-level function handing its parameter on to a helper it reaches: the helper's template with
    the handed-on string in its hole (``{}_v1`` into ``plugins/{}.py``: ``plugins/{}_v1.py``)."""
    by_call: dict[tuple[str, str], list[_Helper]] = {}
    for helper in helpers:
        by_call.setdefault((helper.name, str(helper.pos)), []).append(helper)
        by_call.setdefault((helper.name, f"={helper.param}"), []).append(helper)
    found: list[_Helper] = []
    for handing in handing_functions(root, facts, called, {h.name for h in helpers}):
        joined = 0
        for helper in by_call.get((handing.callee, handing.arg), ()):
            if joined == _JOINED:
                break
            if not _reaches(facts[handing.path], helper.path, handing.receiver, handing.callee, handing.spelled):
                continue
            template = _compose(helper.template, handing.template)
            if template is not None:
                joined += 1
                via = f", which hands it on to `{helper.name}`, {helper.path}:{helper.line}"
                found.append(
                    _Helper(handing.path, handing.function, handing.pos, handing.param, template, handing.line, via)
                )
    return found


def _compose(template: str, handed: str) -> str | None:
    """The file name a helper's ``template`` builds from ``handed`` (``{}`` the first function's value): the hole
    filled with the handed name, the handed name's directories after the helper's."""
    directory, _, name = template.rpartition("/")
    handed_directory, _, handed_name = handed.rpartition("/")
    if ".." in handed_directory.split("/") or "{}" not in handed_name:
        return None
    if "{stem}" in name:
        if "." in handed_name.partition("{}")[2]:
            return None  # a suffix the stem would drop: not the name handed
        name = name.replace("{stem}", handed_name)
    else:
        name = name.replace("{}", handed_name)
    return "/".join(p for p in (directory, handed_directory, name) if p)
