"""A module's whole name or file used as data in a way no known read spells (issue 13, breaker c29 c39 c40).

planner/name_tails.py and planner/file_name_reads.py know the reads that take a name apart (its last part, its
file's stem). Everything else a module does with its own identity is judged here by one rule: follow the value of
``__name__`` (``__spec__.name``, ``__loader__.name``) or ``__file__`` (``__spec__.origin``) up the expression that
holds it, and through a name bound to it once, to where it is used:

- kept whole (a call given it: ``logging.getLogger(__name__)``, ``import_module(__name__ + ".x")``,
  ``Flask(__name__)``; a comparison ``__name__ == "__main__"``; a key ``REG[__name__]``; a prefix ``__name__ +
  "."``; a directory ``os.path.dirname(__file__)``; the file itself ``open(__file__)``) or formatted into text that
  is only shown (``f"{__name__}: done"``): it survives a rename, nothing is listed;
- put into a file's name (``os.path.join(ROOT, __name__.replace(".", os.sep) + ".sql")``, ``open(f"data/{__name__}
  .json")``): a file named after the module, which no rename moves (``data/pkg.m1.json``): the module keeps its
  name (:data:`NAME_PATH`);
- edited and kept (``__name__.replace(".", "_")``, ``.lower()``, ``re.sub(...)``), then compared, stored, returned:
  what it is for is not known here, so it is listed, a ``module-name-data`` hazard naming the module
  (:data:`NAME_DATA`).

- given as a signing salt (``salt=__name__``, ``key_salt = __name__``, ``def sign(value, salt=__name__)``, a dict's
  ``{"salt": __name__}``, in text too: ``salt=f"{__name__}.reset"``; a name ending with ``salt``,
  planner/signing_salts.py's ``salt_name``): part of every value signed before the rename, which the new name no
  longer verifies: the module keeps its name (:data:`NAME_SALT`).

A sort by module names (``sorted(mods, key=lambda m: m.__name__)``) orders by the names a rename changes (the
layer's ``WF1_..._L2`` prefix reorders them): each module of the sorted literal list is named by a hazard
(:data:`NAME_ORDER`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

from planner.facts import LOG_MODULE, NAME_DATA, NAME_ORDER, NAME_PATH, NAME_SALT
from planner.module_refs import ModuleRefs
from planner.python_source import dotted_name
from planner.signing_salts import salt_name

__all__ = ["name_uses"]

#: Calls whose argument is a path: a name put there is a file's name.
_PATH_CALLS = frozenset(
    ("join", "joinpath", "open", "Path", "PurePath", "PosixPath", "exists", "isfile", "with_name", "read_text")
)
#: Calls that give the same value (a path of the same file, the same string).
_SAME = frozenset(("str", "fspath", "abspath", "realpath", "normpath", "normcase", "resolve", "absolute"))
#: String methods whose result is the whole name edited.
_EDITS = frozenset(("replace", "lower", "upper", "casefold", "title", "swapcase", "translate", "strip", "lstrip"))
#: ``re`` functions given the name as their string: ``re.sub(p, r, S)``.
_REGEX = frozenset(("sub", "subn"))
_SORTS = frozenset(("sorted", "sort", "min", "max"))

#: This module's identity, once the plainly harmless uses (``if __name__ == "__main__":``, ``getLogger(__name__)``)
#: are taken out: a file that shows none is not walked.
_SCREEN = re.compile(rb"__name__|__file__|__spec__\.(?:name|origin)|__loader__\.name")
_PLAIN = re.compile(rb"""__name__\s*==\s*["']__main__["']|getLogger\(\s*__name__\s*\)""")

#: A log record's module read (``record.module``, ``r.module for r in caplog.records``) or formatted.
_RECORDS = re.compile(rb"%\(module\)|\.module\b")

_WHOLE, _TEXT, _EDITED = 0, 1, 2  # what the value holds: the name itself, the name inside text, an edited name


def name_uses(tree: ast.Module, raw: bytes, make_refs: Callable[[], ModuleRefs], read: set[int]) -> dict[str, int]:
    """:data:`NAME_PATH` ``REF`` (a module's name put into a file's name), :data:`NAME_DATA` ``REF`` (edited and
    kept), :data:`NAME_ORDER` ``REF`` (a module of a list sorted by name) -> the line of the first such use (``REF``
    an imported module as the import spells it, ``""`` this module); not for the nodes of ``read``, reads of a tail
    or a file name (planner/name_tails.py)."""
    found: dict[str, int] = _log_modules(tree, b"assert" in raw) if _RECORDS.search(raw) else {}
    if not _SCREEN.search(_PLAIN.sub(b"", raw)):
        return found
    refs: ModuleRefs | None = None
    for node in ast.walk(tree):
        if _own_identity(node) and id(node) not in read:
            refs = refs or make_refs()
            verdict = _follow(node, refs, _WHOLE, 0, _is_name(node))
            if verdict is not None:
                found.setdefault(verdict, node.lineno)  # type: ignore[attr-defined]
        elif isinstance(node, ast.Attribute) and node.attr in ("__name__", "__file__") and id(node) not in read:
            refs = refs or make_refs()  # ``m2.__name__`` of ``from pkg import m2``: that module's, named by REF
            held = refs.modules_of(node.value) if isinstance(node.value, (ast.Name, ast.Attribute)) else None
            verdict = _follow(node, refs, _WHOLE, 0, node.attr == "__name__") if isinstance(held, list) else None
            for ref in held if verdict is not None and isinstance(held, list) else ():
                found.setdefault(f"{verdict}{ref}", node.lineno)
        elif isinstance(node, ast.keyword) and node.arg == "key" and isinstance(node.value, ast.Lambda):
            refs = refs or make_refs()
            for ref in _sorted_modules(node, refs):
                found.setdefault(f"{NAME_ORDER}{ref}", node.value.lineno)
    return found


def _own_identity(node: ast.AST) -> bool:
    """``__name__``, ``__file__``, ``__spec__.name``/``.origin``, ``__loader__.name``: this module's."""
    if isinstance(node, ast.Name):
        return node.id in ("__name__", "__file__") and isinstance(node.ctx, ast.Load)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return (node.value.id, node.attr) in (("__spec__", "name"), ("__spec__", "origin"), ("__loader__", "name"))
    return False


def _is_name(node: ast.AST) -> bool:
    """Is ``node`` the module's name (not its file)?"""
    return (
        isinstance(node, ast.Name) and node.id == "__name__" or isinstance(node, ast.Attribute) and node.attr == "name"
    )


def _follow(value: ast.AST, refs: ModuleRefs, held: int, depth: int, name: bool) -> str | None:
    """What the use of ``value`` (holding the name, or the file when not ``name``, as ``held`` says) makes of it: a
    key of :func:`name_uses`, or None where it survives a rename."""
    while True:
        parent = refs.parents.get(id(value))
        if parent is None or depth > 3:
            return None
        if _salted(parent, value):
            return NAME_SALT if name else None  # ``salt=__name__``: signed into values issued before the rename
        if isinstance(parent, ast.keyword):
            value = parent
            continue
        if isinstance(parent, ast.Call) and value is not parent.func:
            called = dotted_name(parent.func).rpartition(".")[2]
            if called in _SAME and len(parent.args) == 1:
                value = parent
                continue
            if called in _REGEX and len(parent.args) >= 3 and value is parent.args[2]:
                value, held = parent, _EDITED
                continue
            if _formats(parent):  # ``"{}.json".format(__name__)``, ``"/".join([ROOT, __name__])``: text
                value, held = parent, max(held, _TEXT)
                continue
            if called in _PATH_CALLS:  # the file itself (``open(__file__)``) or a file named after the module
                return NAME_PATH if held != _WHOLE or name else None
            return _stored(held)  # handed on: a callee that takes it apart is read elsewhere (planner/name_tails.py)
        if isinstance(parent, ast.Attribute) and parent.value is value:
            call = refs.parents.get(id(parent))
            if not (isinstance(call, ast.Call) and call.func is parent):
                return None  # ``Path(__file__).parent``, ``.stem`` (planner/file_name_reads.py)
            if parent.attr in _EDITS and not _prefix_removed(call):
                value, held = call, _EDITED
                continue
            if parent.attr in _SAME:
                value = call
                continue
            return None  # ``split``, ``startswith``, ``rpartition``...: the head, or read by planner/name_tails.py
        if isinstance(parent, ast.FormattedValue) or (isinstance(parent, ast.BinOp) and _textual(parent)):
            # inside text: only shown, or a module below it (``f"{__name__}.sub"``), unless a path is made of it
            holder = refs.parents.get(id(parent)) if isinstance(parent, ast.FormattedValue) else parent
            if holder is None:
                return None
            value, held = holder, max(held, _TEXT)
            continue
        if isinstance(parent, (ast.Tuple, ast.List, ast.Dict)) and _formatted_items(parent, refs):
            value = parent  # ``"%s.json" % (__name__,)``, ``"%(n)s" % {"n": __name__}``, ``"".join([__name__, ".x"])``
            continue
        if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Div) and (held != _WHOLE or name):
            return NAME_PATH  # ``ROOT / f"{__name__}.json"``
        if isinstance(parent, (ast.Assign, ast.AnnAssign)) and len(_targets(parent)) == 1:
            target = _targets(parent)[0]
            if isinstance(target, ast.Name):
                return _loads(target.id, refs, held, depth, name)
            return _stored(held)
        if isinstance(parent, ast.Compare) or isinstance(parent, (ast.Return, ast.Dict, ast.List, ast.Tuple)):
            return _stored(held)
        if isinstance(parent, ast.Subscript) and parent.slice is value:
            return _stored(held)
        return None


def _salted(parent: ast.AST, value: ast.AST) -> bool:
    """Does ``parent`` give ``value`` as a salt: a ``*salt`` keyword, the value of a ``*salt`` name, attribute or
    dict key, a ``*salt`` parameter's default?"""
    if isinstance(parent, ast.keyword):
        return salt_name(parent.arg)
    if isinstance(parent, (ast.Assign, ast.AnnAssign)):
        targets = _targets(parent)
        return any(salt_name(t.id if isinstance(t, ast.Name) else getattr(t, "attr", None)) for t in targets)
    if isinstance(parent, ast.Dict):
        keys = [k for k, v in zip(parent.keys, parent.values) if v is value]
        return any(isinstance(k, ast.Constant) and isinstance(k.value, str) and salt_name(k.value) for k in keys)
    if isinstance(parent, ast.arguments):
        positional = [*parent.posonlyargs, *parent.args]
        pairs = [*zip(positional[len(positional) - len(parent.defaults) :], parent.defaults)]
        pairs += [(a, d) for a, d in zip(parent.kwonlyargs, parent.kw_defaults) if d is not None]
        return any(default is value and salt_name(argument.arg) for argument, default in pairs)
    return False


def _stored(held: int) -> str | None:
    """An edited name kept (compared, stored, returned, handed on): not known what for, listed."""
    return NAME_DATA if held == _EDITED else None


def _loads(bound: str, refs: ModuleRefs, held: int, depth: int, name: bool) -> str | None:
    """The uses of ``bound``, a name bound once to the value, in the file: the worst of them."""
    if len(refs.values.get(bound, ())) != 1:
        return _stored(held)
    worst: str | None = None
    uses = 0
    for node in refs.loads(bound):
        uses += 1
        verdict = _follow(node, refs, held, depth + 1, name)
        if verdict == NAME_PATH:
            return verdict
        worst = worst or verdict
    return worst if uses else _stored(held)  # ``NAMESPACE = __name__.replace(".", "_")``: read by importers


def _targets(node: ast.Assign | ast.AnnAssign) -> list[ast.expr]:
    return list(node.targets) if isinstance(node, ast.Assign) else [node.target]


def _textual(node: ast.BinOp) -> bool:
    """``S + "..."``, ``"..." + S``, ``"%s.json" % S``: the name inside a longer string."""
    return isinstance(node.op, (ast.Add, ast.Mod))


def _formats(call: ast.Call) -> bool:
    """``T.format(...)`` (``str.format(T, ...)``), ``SEP.join(...)`` of a string separator (``os.sep`` too): the
    arguments are put into text, which a name or a key given to them stays part of."""
    if not isinstance(call.func, ast.Attribute):
        return False
    if call.func.attr == "format":
        return True
    separator = call.func.value
    return call.func.attr == "join" and (_is_string(separator) or dotted_name(separator) == "os.sep")


def _formatted_items(container: ast.expr, refs: ModuleRefs) -> bool:
    """Is ``container`` the values of a ``%`` (its right side) or the parts a string's ``join`` puts together?"""
    holder = refs.parents.get(id(container))
    if isinstance(holder, ast.BinOp):
        return isinstance(holder.op, ast.Mod) and holder.right is container and not isinstance(container, ast.List)
    return isinstance(holder, ast.Call) and holder.args[:1] == [container] and _formats(holder)


def _prefix_removed(call: ast.Call) -> bool:
    """``S.replace("pkg.", "")``: a tail read (planner/name_tails.py)."""
    args = call.args
    if len(args) != 2 or not (isinstance(args[0], ast.Constant) and isinstance(args[1], ast.Constant)):
        return False
    prefix, empty = args[0].value, args[1].value
    return isinstance(prefix, str) and len(prefix) > 1 and prefix.endswith(".") and empty == ""


def _is_string(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _sorted_modules(keyword: ast.keyword, refs: ModuleRefs) -> list[str]:
    """The modules a call sorts by their names: ``sorted([beta, alpha], key=lambda m: m.__name__)``."""
    function = keyword.value
    assert isinstance(function, ast.Lambda)
    arguments = function.args.args
    body = function.body
    if len(arguments) != 1 or not isinstance(body, ast.Attribute) or body.attr not in ("__name__", "__file__"):
        return []
    if dotted_name(body.value) != arguments[0].arg:
        return []
    call = refs.parents.get(id(keyword))
    if not isinstance(call, ast.Call) or dotted_name(call.func).rpartition(".")[2] not in _SORTS:
        return []
    sequence = call.args[0] if call.args else call.func.value if isinstance(call.func, ast.Attribute) else None
    return (refs.elements(sequence, 0) or []) if sequence is not None else []


def _log_modules(tree: ast.Module, compares: bool) -> dict[str, int]:
    """:data:`LOG_MODULE` ``LINE`` for each read of a log record's ``module`` (the stem of the file that logged):
    ``r.module`` of ``caplog.records``, ``record.module``, and ``%(module)s`` in a format of a file that
    ``compares`` (a test: a package's own format only shows it); a test comparing it compares the file name a
    rename changes (``['WF1_..._lg'] == ['lg']``)."""
    found: dict[str, int] = {}
    records: set[str] = {"record"}
    for node in ast.walk(tree):
        if isinstance(node, ast.comprehension) and dotted_name(node.iter).endswith("records"):
            if isinstance(node.target, ast.Name):
                records.add(node.target.id)
        elif isinstance(node, (ast.For, ast.AsyncFor)) and dotted_name(node.iter).endswith("records"):
            if isinstance(node.target, ast.Name):
                records.add(node.target.id)
    for node in ast.walk(tree):
        if compares and isinstance(node, ast.Constant) and isinstance(node.value, str) and "%(module)" in node.value:
            found.setdefault(f"{LOG_MODULE}{node.lineno}", node.lineno)
        elif isinstance(node, ast.Attribute) and node.attr == "module" and isinstance(node.ctx, ast.Load):
            holder = node.value
            if isinstance(holder, ast.Subscript):  # ``caplog.records[0].module``
                holder = holder.value
            if dotted_name(holder) in records or dotted_name(holder).endswith(".records"):
                found.setdefault(f"{LOG_MODULE}{node.lineno}", node.lineno)
    return found
