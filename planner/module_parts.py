"""A module path given as a list or tuple of its parts, ``["pkg", "mod"]``, and where the code says it is one.

Two or more identifier strings whose ``"."``-join is a module's whole path are that path only where the code
around them says so (astroid's ``file_from_modpath(["astroid", "modutils"])``, ``modpath_from_file(...) ==
["astroid", "modutils"]``): the same list is a command line (``subprocess.run(["shop", "orders"])``), a
Django ``unique_together = ("shop", "orders")`` or an app label and model name (``label.split(".") ==
["pkg", "order"]``). A list is in a module-path context when it is (or sits in a list, tuple or set that is)

- an argument of a call whose name says module path (:func:`says_module`: ``file_from_modpath``,
  ``import_module``), of ``".".join``, or a positional argument of a call given another argument that says it
  (``assertEqual(modpath_from_file(f), [...])``), or the value of a keyword that says it (``modpath=[...]``); a
  keyword's value is what its keyword says: ``setup(py_modules=MODULES, packages=["pkg", "validate"])`` lists two
  packages, not the module ``pkg.validate`` (configobj);
- compared with an expression that says it (``mod.split(".") == [...]``: a ``.split`` call says what its
  string says);
- assigned to a name or attribute that says it (``MODPATH = [...]``), a dict's value under a key that says it
  (``{"modname": [...]}``), the key of a subscript whose container says it (``modules["pkg", "mod"]``).

There it is a ``module-parts`` fact (rewritten); elsewhere a ``module-words`` fact (listed for a person, never
rewritten, and ``guardian check`` does not fail on it). A flow the file shows into such a place counts too
(planner/module_parts_flow.py: a name, a function's return value, a ``parametrize`` table). Apply asks the same
rule where each list starts (:func:`parts_positions`, codemods/module_scope.py's ``PartsContexts``).
"""

from __future__ import annotations

import ast
import re

from planner.facts import FileFacts, StringFact
from planner.module_parts_flow import Flow

__all__ = ["MODULE_WORDS", "module_parts", "parts_facts", "parts_positions", "says_module"]

#: setuptools' keywords whose lists hold whole names (packages, top-level modules), not a path's parts.
_WHOLE_NAMES = ("packages", "py_modules")
#: Words of a name that say it holds or makes a module path (``file_from_modpath``, ``modname``, ``ModulePath``).
MODULE_WORDS = frozenset(
    {"mod", "mods", "module", "modules", "modpath", "modpaths", "modname", "modnames", "modulename", "modulepath"}
)
#: A name's words: ``snake_case`` parts, ``camelCase`` humps, ``UPPER`` runs.
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")
#: No module path has more parts (planner/references.py's ``MAX_DEPTH``): a longer list is no module path.
_MAX_PARTS = 64


def says_module(name: str) -> bool:
    """Does the name (an identifier, a keyword, a dict key) say it holds or makes a module path?"""
    return name in ("__name__", "__package__") or any(w.lower() in MODULE_WORDS for w in _WORDS.findall(name))


def module_parts(node: ast.Tuple | ast.List, found: list[ast.Tuple | ast.List], interesting: bytes | None) -> None:
    """``["pkg", "mod"]``: two or more string constants, each an identifier, whose first is a top-level name of
    the checkout (``interesting``, planner/read_facts.py's ``reference_filter``, finds it quoted; ``None``: any),
    added to ``found`` for :func:`parts_facts`."""
    elements = node.elts
    if not 2 <= len(elements) <= _MAX_PARTS:
        return
    parts = [e.value for e in elements if type(e) is ast.Constant and type(e.value) is str and e.value.isidentifier()]
    if len(parts) == len(elements) and (interesting is None or re.match(interesting, f'"{parts[0]}"'.encode())):
        found.append(node)


def parts_facts(tree: ast.Module, found: list[ast.Tuple | ast.List], facts: FileFacts, raw: bytes) -> None:
    """The facts of the lists :func:`module_parts` found: ``module-parts`` in a module-path context, else
    ``module-words``; each holds the dotted path (planner/references.py keeps it where that is a module's whole
    path). The tree is read for the contexts only when some list was found. A part not spelled as one plain string
    in the source ``raw`` (``"m" "od"``, ``"\\x6dod"``: codemods/module_scope.py's ``module_parts`` leaves them)
    gives no fact."""
    lines = raw.removeprefix(b"\xef\xbb\xbf").splitlines() if found else []
    contexts = _contexts(tree) if found else set()
    whole = _whole_names(tree) if found else set()
    for node in (n for n in found if id(n) not in whole and all(_plain(e, lines) for e in n.elts)):
        kind = "module-parts" if id(node) in contexts else "module-words"
        parts = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        facts.strings.append(StringFact(node.elts[-1].lineno, kind, ".".join(parts)))


def parts_positions(tree: ast.Module, source: str) -> set[tuple[int, int]]:
    """Where the lists, tuples and sets in a module-path context start: (line, column as libcst counts it: in
    characters) of each one's first element, for apply (codemods/module_scope.py's ``PartsContexts``)."""
    contexts = _contexts(tree)
    lines = source.split("\n")
    found: set[tuple[int, int]] = set()
    for node in ast.walk(tree):
        if id(node) in contexts and isinstance(node, (ast.List, ast.Tuple, ast.Set)) and node.elts:
            first = node.elts[0]
            if first.lineno <= len(lines):
                found.add(
                    (first.lineno, len(lines[first.lineno - 1].encode()[: first.col_offset].decode(errors="replace")))
                )
    return found


def _plain(element: ast.expr, lines: list[bytes]) -> bool:
    """Is ``element`` (an identifier's string constant) one plain string in the source: a quote, the identifier,
    the same quote, maybe an ``r``/``u`` prefix?"""
    if element.end_lineno != element.lineno or not isinstance(element, ast.Constant) or element.lineno > len(lines):
        return False
    text = lines[element.lineno - 1][element.col_offset : element.end_col_offset].lstrip(b"rRuU")
    quote = text[:3] if text[:3] in (b'"""', b"'''") else text[:1]
    return text == quote + str(element.value).encode() + quote


def _named(node: ast.AST) -> str:
    """The name an expression goes by: a name, an attribute, a call's callee, a subscript's container, the
    string a ``.split``/``.rsplit`` call splits."""
    while True:
        if type(node) is ast.Call:
            func = node.func
            node = func.value if type(func) is ast.Attribute and func.attr in ("split", "rsplit") else func
        elif type(node) is ast.Subscript:
            node = node.value
        elif type(node) is ast.Attribute:
            return node.attr
        else:
            return node.id if type(node) is ast.Name else ""


def _says(node: ast.AST) -> bool:
    return says_module(_named(node))


def _contexts(tree: ast.Module) -> set[int]:
    """``id()`` of the lists, tuples and sets in a module-path context (the module's docstring)."""
    marked: list[ast.AST] = []
    for node in ast.walk(tree):
        if type(node) is ast.Call:
            values = [*(a for a in node.args if type(a) is not ast.Starred), *(k.value for k in node.keywords if k.arg)]
            func = node.func
            joined = type(func) is ast.Attribute and func.attr == "join" and _is_dot(func.value)
            if joined or _says(node):
                marked.extend(values)
            elif any(_says(v) for v in values):  # ``assertEqual(modpath_from_file(f), [...])``: the values beside
                # it, but a keyword's value is what its keyword says (``setup(py_modules=MODULES, packages=[...])``)
                marked.extend(a for a in node.args if type(a) is not ast.Starred)
                marked.extend(
                    k.value for k in node.keywords if k.arg is not None and (says_module(k.arg) or _says(k.value))
                )
            else:
                marked.extend(k.value for k in node.keywords if k.arg is not None and says_module(k.arg))
        elif type(node) is ast.Compare:
            operands = [node.left, *node.comparators]
            marked.extend(operands if any(_says(o) for o in operands) else ())
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            marked.extend([node.value] if node.value is not None and any(_says(t) for t in targets) else [])
        elif type(node) is ast.Subscript:
            marked.extend([node.slice] if _says(node.value) else [])
        elif type(node) is ast.Dict:
            marked.extend(v for k, v in zip(node.keys, node.values) if type(k) is ast.Constant and _key(k.value))
    flow = Flow(tree)
    marked.extend(v for name, values in flow.returns.items() if says_module(name) for v in values)  # ``def modpath()``
    return _reached(marked, flow) - _whole_names(tree, flow)


def _whole_names(tree: ast.Module, flow: Flow | None = None) -> set[int]:
    """``id()`` of the lists, tuples and sets given to setuptools' ``packages=`` or ``py_modules=`` (a keyword of any
    call, through the names the file binds): each element a whole name (configobj's ``packages=PACKAGES``,
    ``PACKAGES = ['configobj', 'validate']``: two packages), never one module path's parts."""
    keywords: list[ast.AST] = [
        k.value for node in ast.walk(tree) if type(node) is ast.Call for k in node.keywords if k.arg in _WHOLE_NAMES
    ]
    return _reached(keywords, flow or Flow(tree)) if keywords else set()


def _reached(marked: list[ast.AST], flow: Flow) -> set[int]:
    """``id()`` of the lists, tuples, sets and dicts ``marked`` holds or flows from, and those inside them."""
    contexts: set[int] = set()
    seen: set[int] = set()
    while marked:
        value = marked.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
            contexts.add(id(value))
            marked.extend(value.elts)
        elif isinstance(value, ast.Dict):  # ``MODULES = {("pkg", "mod"): ...}``
            contexts.add(id(value))
            marked.extend([*(k for k in value.keys if k is not None), *value.values])
        marked.extend(flow.origins(value))  # ``parts = [...]``, ``def f(): return [...]``, a parametrize table
    return contexts


def _is_dot(node: ast.AST) -> bool:
    return type(node) is ast.Constant and node.value == "."


def _key(value: object) -> bool:
    return type(value) is str and says_module(value)
