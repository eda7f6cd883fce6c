"""A bare file name joined onto a directory that is not its module's (issue 13, uvicorn 0.55.0).

uvicorn's ``test_app_dir`` writes a user's application to ``tmp_path / "dir" / "app_dir" / "main.py"`` and
loads it as ``"main:app"``. ``uvicorn/main.py`` is the only ``main.py`` of the checkout, so the string was
taken for that module's file by its bare name (a ``file-name`` reference, anchor ``R19_bare_file_name``),
rewritten, and the test lost its application. A bare file name that a path join puts below a directory (the
right operand of ``/``, a later part of a call :func:`join_parts` reads: ``os.path.join``, py.path's
``tmpdir.join``, ``.joinpath``, ``Path(d, "main.py")``; a glob's pattern below the directory it searches,
sqlite-utils' ``path.rglob("migrations.py")`` for its users' files; a name compared with a directory's listing,
planner/searched_file_names.py) names a file of that directory: the
module's own only where the directory comes from a ``__file__`` (``Path(__file__).parent / "core.py"``,
``os.path.join(os.path.dirname(pkg.__file__), "core.py")``, a name assigned such a value anywhere in the file,
``importlib.resources.files(...)``; ``sys.argv[0]`` in a file that runs as a program, execnet's
``os.path.join(os.path.dirname(sys.argv[0]), "socketserver.py")`` in ``script/loop_socketserver.py``). Elsewhere the name, and every other mention of it in that file, is
listed for a person (``joined-file-name``, a follow-up) and left: the file uses it for files of other directories
(uvicorn's ``conftest.py`` lists ``("src", ["main.py"])`` for the tree it builds and joins the root's
``main.py``; rewriting the list alone broke the reload tests that join it). planner/dynamic_imports.py and
codemods/rewrite_string_refs.py both ask :func:`file_joins`.

A join below a temporary directory (pytest's ``tmp_path``, ``tmpdir``, ``tmp_path_factory.mktemp(...)``,
``tempfile.mkdtemp()``, ``gettempdir()``, a ``TemporaryDirectory()`` by ``with ... as`` or ``.name``; a name assigned
one) names a file the test writes there: omegaconf's ``tmp_path / "version.py"`` is no reference to
``omegaconf/version.py``. A name a file joins only below such directories is neither listed nor rewritten there
(:attr:`Joins.written`); joined below the module's own directory too (a copy of the module into ``tmp_path``) it is
listed, as the mentions of a name joined below another directory are.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import NamedTuple

from planner.own_directory import resources_anchor
from planner.path_tokens import ELIDED
from planner.python_source import assigned_values
from planner.reference_kinds import BARE_FILE_NAME
from planner.searched_file_names import held_listings, searched_parts

__all__ = ["Joins", "file_joins", "join_parts", "joined_names"]

_DEPTH = 8  # names followed through their assignments, at most
_OWN = frozenset({"__file__", "__path__", "__spec__"})
#: pytest's temporary directories, unless the file binds the name itself
_TEMPORARY_FIXTURES = frozenset({"tmp_path", "tmpdir", "tmp_path_factory", "tmpdir_factory"})
#: calls that make or name a temporary directory: ``tempfile.mkdtemp()``, ``tmp_path_factory.mktemp("x")``
_TEMPORARY_CALLS = frozenset({"mkdtemp", "mktemp", "gettempdir", "gettempdirb", "TemporaryDirectory"})


class Joins(NamedTuple):
    """The bare file names a file joins below directories: ``listed``, below one that may be no temporary
    directory and is not the module's own (for a person); ``written``, below temporary directories only (the
    files a test writes: no reference); ``elsewhere``, below a module's directory that may not be this file's
    (``os.path.dirname(other.__file__)``): a name several files have is not the one beside this file there."""

    listed: frozenset[str] = frozenset()
    written: frozenset[str] = frozenset()
    elsewhere: frozenset[str] = frozenset()
    #: a name every join of which is below ``importlib.resources.files("pkg.sub")`` (a literal package) -> the one
    #: file of ``paths`` it names there, ``pkg/sub/tmpl.py``, whatever other files have the name (breaker d36)
    placed: Mapping[str, str] = {}


def _own(expr: ast.expr, values: Mapping[str, list[ast.expr]], script: bool, depth: int = 0) -> bool:
    """Does the directory ``expr`` come from a module's own file (``__file__``, ``files(...)``; ``sys.argv[0]`` in a
    ``script``)?"""
    for node in ast.walk(expr):
        if isinstance(node, ast.Name) and node.id in _OWN or isinstance(node, ast.Attribute) and node.attr in _OWN:
            return True
        if isinstance(node, ast.Call) and _called(node.func).endswith("files"):
            return True  # importlib.resources.files(pkg)
        if script and _program(node):
            return True
        if isinstance(node, ast.Name) and depth < _DEPTH:
            if any(_own(value, values, script, depth + 1) for value in values.get(node.id, ())):
                return True
    return False


_WRAPPERS = frozenset({"abspath", "realpath", "normpath", "str", "fspath", "resolve", "absolute", "Path", "PurePath"})


def _here(expr: ast.expr, values: Mapping[str, list[ast.expr]], depth: int = 0) -> bool:
    """Is the directory ``expr`` this file's own (``os.path.dirname(__file__)``, ``Path(__file__).parent``,
    through ``abspath``, ``resolve()``, ``str``, a name assigned only such values)?"""
    if isinstance(expr, ast.Name) and depth < _DEPTH and (bound := values.get(expr.id)):
        return all(_here(value, values, depth + 1) for value in bound)
    if isinstance(expr, ast.Call) and _called(expr.func) == "dirname" and len(expr.args) == 1:
        return _this_file(expr.args[0])
    if isinstance(expr, ast.Call) and _called(expr.func) in _WRAPPERS:
        inner = expr.func.value if isinstance(expr.func, ast.Attribute) and not expr.args else None
        inner = expr.args[0] if len(expr.args) == 1 else inner
        return inner is not None and _here(inner, values, depth + 1)
    return isinstance(expr, ast.Attribute) and expr.attr == "parent" and _this_file(expr.value)


def _this_file(expr: ast.expr) -> bool:
    """Is ``expr`` this file's path, ``__file__`` through ``abspath``, ``Path``, ``resolve()`` ...?"""
    while isinstance(expr, ast.Call) and _called(expr.func) in _WRAPPERS:
        if expr.args:
            expr = expr.args[0]
        elif isinstance(expr.func, ast.Attribute):
            expr = expr.func.value
        else:
            return False
    return isinstance(expr, ast.Name) and expr.id == "__file__"


def _program(node: ast.AST) -> bool:
    """Is ``node`` ``sys.argv[0]``, the path of the program Python runs?"""
    return (
        isinstance(node, ast.Subscript)
        and isinstance(node.slice, ast.Constant)
        and node.slice.value == 0
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "argv"
        and isinstance(node.value.value, ast.Name)
        and node.value.value.id == "sys"
    )


def _is_script(tree: ast.Module) -> bool:
    """Does the file run as a program (``if __name__ == "__main__":`` at its top level)? Then ``sys.argv[0]`` is its
    own path (``python path/to/file.py``, ``python -m pkg.file``); in a module others import it is their program's."""
    for node in tree.body:
        test = node.test if isinstance(node, ast.If) else None
        if (
            isinstance(test, ast.Compare)
            and isinstance(test.left, ast.Name)
            and test.left.id == "__name__"
            and any(isinstance(c, ast.Constant) and c.value == "__main__" for c in test.comparators)
        ):
            return True
    return False


def _called(func: ast.expr | None) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _strings(nodes: list[ast.expr]) -> list[ast.Constant]:
    return [n for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str) and ".py" in n.value]


#: Constructors whose later arguments are parts below the first: ``Path(tmp_path, "main.py")``.
_PATH_TYPES = frozenset({"Path", "PurePath", "PosixPath", "WindowsPath", "PurePosixPath", "PureWindowsPath"})
#: Methods whose arguments are parts below the object they are called on: py.path's ``tmpdir.join("main.py")`` and
#: ``tmpdir.ensure("app", "main.py")``, pathlib's ``.joinpath`` and ``.with_name`` (a file beside the object's).
_BELOW_RECEIVER = frozenset({"joinpath", "ensure", "with_name"})
_SEPARATORS = frozenset({"/", "\\"})
#: Searches for files below a directory (sqlite-utils' ``path.rglob("migrations.py")``): pathlib's methods search
#: below the object they are called on; the ``glob`` module's functions below their ``root_dir=``, if given.
_SEARCHES = frozenset({"glob", "rglob", "iglob"})
#: the modules whose ``join`` is called on them, no directory: ``os.path.join(d, "main.py")``
_PATH_MODULES = frozenset({"os.path", "posixpath", "ntpath", "path", "op"})


def _spread(values: list[ast.expr]) -> list[ast.expr]:
    """``values`` with a starred literal's elements in its place (``os.path.join(*[d, "main.py"])``)."""
    out: list[ast.expr] = []
    for value in values:
        if isinstance(value, ast.Starred) and isinstance(value.value, (ast.List, ast.Tuple)):
            out.extend(_spread(value.value.elts))
        else:
            out.append(value)
    return out


def join_parts(call: ast.Call) -> list[ast.expr] | None:
    """The parts a path-building call puts one below the other, the outermost first; ``None`` for any other call.

    A callee whose last name ends in ``join`` (``os.path.join``, ``posixpath.join``, ``ntpath.join``, a bare
    ``join`` or ``pjoin`` imported from ``os.path``, ``urljoin``): its arguments, after the object it is called on
    (py.path's ``tmpdir.join("main.py")``); ``.joinpath``/``.ensure``/``.with_name``: the object, then the arguments;
    a ``Path``/``PurePath``/... constructor: its arguments; ``"/".join([...])``/``os.sep.join([...])``: the
    literal's elements; a glob's pattern below the directory it searches (``d.rglob("main.py")``,
    ``glob.glob("main.py", root_dir=d)``). A string's ``join`` on another separator (``" ".join(["python", "main.py"])``) is no path.
    """
    func, args = call.func, _spread(call.args)
    name = _called(func)
    receiver = func.value if isinstance(func, ast.Attribute) else None
    if name.endswith("join") and isinstance(receiver, ast.Constant) or name == "join" and _called(receiver) == "sep":
        if not isinstance(receiver, ast.Constant) or receiver.value in _SEPARATORS:
            if len(args) == 1 and isinstance(args[0], (ast.List, ast.Tuple)):
                return _spread(args[0].elts)
        return None
    if name in _SEARCHES:
        return _searched(call, receiver, args)
    if name.endswith("join") or name in _BELOW_RECEIVER and receiver is not None:
        return [receiver, *args] if receiver is not None else args
    if name in _PATH_TYPES:
        return args
    return None


def _searched(call: ast.Call, receiver: ast.expr | None, args: list[ast.expr]) -> list[ast.expr] | None:
    """A glob's directory and pattern: ``d.rglob("main.py")``, ``glob.glob("main.py", root_dir=d)``; ``None`` for
    a search of the working directory (``glob.glob("main.py")``), as for any other call."""
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    if receiver is not None and not (isinstance(receiver, ast.Name) and receiver.id == "glob"):
        pattern = args[:1] or [keywords["pattern"]] if "pattern" in keywords else args[:1]
        return [receiver, *pattern]
    pattern = args[:1] or [keywords["pathname"]] if "pathname" in keywords else args[:1]
    root = keywords.get("root_dir")
    return [root, *pattern] if root is not None and pattern else None


def _joined(
    nodes: Iterable[ast.AST], held: Mapping[str, ast.expr] | None = None
) -> Iterator[tuple[ast.Constant, list[ast.expr]]]:
    """Each string constant naming a ``.py`` file that a path join puts below a directory, with the directory's
    parts (``nodes``: the file's)."""
    for node in nodes:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            yield from ((string, _divided(node.left)) for string in _strings([node.right]))
        elif isinstance(node, ast.Call) and (parts := join_parts(node)) is not None:
            for at, string in enumerate(parts[1:], 1):
                yield from ((found, parts[:at]) for found in _strings([string]))
        else:
            yield from ((found, parts) for found, parts in searched_parts(node, held) if _strings([found]))


def _divided(node: ast.expr) -> list[ast.expr]:
    """The parts of ``a / "b" / "c"``, the outermost first."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return [*_divided(node.left), node.right]
    return [node]


def _literal(part: ast.expr, values: Mapping[str, list[ast.expr]]) -> str | None:
    """The string ``part`` is in the source: a constant, or a name the file binds to that one string only
    (pathvalidate's ``MODULE_NAME = "pathvalidate"``, then ``os.path.join(MODULE_NAME, "__version__.py")``)."""
    if isinstance(part, ast.Name) and len(bound := values.get(part.id, [])) == 1:
        part = bound[0]
    return part.value if isinstance(part, ast.Constant) and isinstance(part.value, str) else None


def _spelled(name: str, directory: list[ast.expr], values: Mapping[str, list[ast.expr]]) -> str:
    """The path the join spells in literals: ``natsort/unicode_numeric_hex.py`` for ``os.path.join(cwd,
    "natsort", "unicode_numeric_hex.py")``; the name alone when the part before it is no string."""
    spelled = [name]
    for part in reversed(directory):
        if not (literal := _literal(part, values)) or not literal.strip("/\\"):
            break
        spelled.insert(0, literal.replace("\\", "/").strip("/"))
    return "/".join(spelled)


def _anchored(
    name: str, directory: list[ast.expr], values: Mapping[str, list[ast.expr]], paths: Collection[str]
) -> str | None:
    """The one file of ``paths`` a join below ``importlib.resources.files("pkg.sub")`` names: the package's
    directory, then the join's literal parts (``files("pkg").joinpath("sub", "tmpl.py")``); None for any other
    join, or where no file or several (one per source root) end with that path."""
    anchor = resources_anchor(directory[0]) if directory else None
    package = _literal(anchor, values) if anchor is not None else None
    if not package or not all(part.isidentifier() for part in package.split(".")):
        return None
    parts = [package.replace(".", "/")]
    for part in directory[1:]:
        literal = _literal(part, values)
        if not literal or not literal.strip("/\\"):
            return None
        parts.append(literal.replace("\\", "/").strip("/"))
    spelled = "/".join([*parts, name])
    found = [p for p in paths if not p.startswith(ELIDED) and (p == spelled or p.endswith(f"/{spelled}"))]
    return found[0] if len(found) == 1 else None


def _temporary(expr: ast.expr, values: Mapping[str, list[ast.expr]], held: Collection[str], depth: int = 0) -> bool:
    """Does the directory ``expr`` come from a temporary directory (``tmp_path``, ``tempfile.mkdtemp()``, a name
    ``held`` by ``with TemporaryDirectory() as name``, a name assigned one)?"""
    for node in ast.walk(expr):
        if isinstance(node, ast.Call) and _called(node.func) in _TEMPORARY_CALLS:
            return True
        if isinstance(node, ast.Name):
            if node.id in held or node.id in _TEMPORARY_FIXTURES and node.id not in values:
                return True
            if depth < _DEPTH and any(_temporary(v, values, held, depth + 1) for v in values.get(node.id, ())):
                return True
    return False


def _held(tree: ast.Module) -> set[str]:
    """The names ``with TemporaryDirectory() as name`` binds (the directory's path)."""
    return {
        item.optional_vars.id
        for node in ast.walk(tree)
        if isinstance(node, (ast.With, ast.AsyncWith))
        for item in node.items
        if isinstance(item.optional_vars, ast.Name)
        and isinstance(item.context_expr, ast.Call)
        and _called(item.context_expr.func) in _TEMPORARY_CALLS
    }


def file_joins(tree: ast.Module, paths: Collection[str] = (), nodes: Iterable[ast.AST] | None = None) -> Joins:
    """The bare file names (``main.py``) that path joins in ``tree`` put below a directory that is no module's own.
    A join whose literal parts spell the end of one of ``paths`` (the modules' repo-relative files) names that file
    (natsort's ``os.path.join(cwd, "natsort", "unicode_numeric_hex.py")``), as a path's tail does; a name the file
    binds to one string is that literal part. Every mention of a listed name in the file, a list's ``("src",
    ["main.py"])`` or a docstring's drawing of the tree too, names that other directory's file (uvicorn's
    ``conftest.py`` builds its reload tree from such a list and joins the root's ``main.py``); so does every mention
    of a name joined below temporary directories only, the test's own file. ``nodes``: ``tree``'s in
    ``ast.walk``'s order, when the caller has them (planner/python_source.py's ``walk_once``)."""
    values: dict[str, list[ast.expr]] | None = None
    script: bool | None = None
    held: set[str] | None = None
    own: set[str] = set()
    placed: dict[str, set[str]] = {}
    elsewhere: set[str] = set()
    other: set[str] = set()
    temporary: set[str] = set()
    every = list(ast.walk(tree)) if nodes is None else list(nodes)
    for string, directory in _joined(every, held_listings(tree, every)):
        values = assigned_values(tree, "file") if values is None else values
        script = _is_script(tree) if script is None else script
        held = _held(tree) if held is None else held
        name = str(string.value)
        anchored = _anchored(name, directory, values, paths)
        if anchored is not None:  # ``files("pkg") / "tmpl.py"``: that package's file, wherever this file is
            own.add(name)
            placed.setdefault(name, set()).add(anchored)
            continue
        if any(_own(part, values, script) for part in directory):
            own.add(name)
            below = [part for part in directory if ast.unparse(part) not in _PATH_MODULES]  # ``os.path``.join
            if len(below) != 1 or not _here(below[0], values):
                elsewhere.add(name)
            continue
        spelled = _spelled(name, directory, values)
        if "/" in spelled and any(path == spelled or path.endswith(f"/{spelled}") for path in paths):
            own.add(name)
            elsewhere.add(name)
            continue
        (temporary if any(_temporary(part, values, held) for part in directory) else other).add(name)
    bare = {name for name in own | other | temporary if BARE_FILE_NAME.fullmatch(name)}
    written = bare & temporary - own - other
    one = {name: next(iter(at)) for name, at in placed.items() if len(at) == 1 and name not in elsewhere | other}
    return Joins(
        frozenset(bare & (other | temporary) - written),
        frozenset(written),
        frozenset(bare & elsewhere),
        {name: path for name, path in one.items() if name in bare},
    )


def joined_names(tree: ast.Module, paths: Collection[str] = ()) -> set[str]:
    """The bare file names :func:`file_joins` lists for a person."""
    return set(file_joins(tree, paths).listed)
