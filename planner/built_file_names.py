"""A module whose file the package's own code finds by a file name it builds keeps its name.

vulture reads a whitelist for each module a scanned file imports: ``path = Path("whitelists") /
(import_name + "_whitelist.py")`` and ``pkgutil.get_data("vulture", str(path))``, the file read as data, not
imported. Renamed, ``whitelists/argparse_whitelist.py`` is no longer found: no import graph shows the break,
no string names the file, and a shim at the old path would be read as the whitelist (its source re-exports,
it lists nothing). A string of Python code that builds a ``.py`` file's name around a value
(``name + "_whitelist.py"``, ``f"{name}_whitelist.py"``, ``"plugin_%s.py" % name``,
``"{}_whitelist.py".format(name)``) is read as a glob (``*_whitelist.py``); each module whose file name it
matches is exempt, and the plan lists it under ``kept`` with the file and line that build the name
(planner/layers.py), as the modules of planner/conventions.py. A glob whose stem spells no word (``name + ".py"``,
``a + "_" + b + ".py"``) matches a module by the value alone and keeps none; a name joined onto a directory in the same string
(``base + "/main.py"``) is planner/path_tokens.py's.

A string built as a literal prefix and one value after it (``f"empty_template_{basename}"``, ``"tmpl_" + name``)
may name a file whose extension is in the value: pre-commit reads its templates, ``empty_template_setup.py``
beside ``empty_template_Cargo.toml`` and ``empty_template_go.mod``, by such a name. The prefix (a word ending in
``_`` or ``-``, no dot) is read as a glob (``empty_template_*``), and a module whose file name it matches keeps
its name only when its directory holds files of the same prefix that are no Python modules: a family of data
files, the ``.py`` one among them. A prefix only modules start (a cache key ``f"cache_{key}"`` beside
``cache_utils.py``) keeps nothing.
"""

from __future__ import annotations

import ast
import fnmatch
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from planner.conventions import FOUND_BY_NAME
from planner.discover import ModuleFile
from planner.facts import BUILT_FILE, FileFacts

#: A quoted string that may end a built ``.py`` file name: ``.py`` and its closing quote after a name's character,
#: a placeholder's end (``f"things{suffix}.py"``, falcon's tests) or a quote (``"x_" + kind + ".py"``); the screen
#: before the walk.
_SCREEN = re.compile(rb"""[\w.\-}'"]\.py['"]|[A-Za-z0-9][_\-](?:\{|['"]\s*\+)""")
#: ``%s`` / ``%(name)s`` / ``{}`` / ``{name}``: a value formatted into a string.
_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[sdr]|\{[^{}]*\}")
#: The last part of a path a glob may be: no separator; ``*`` for each value built in.
_FILE_GLOB = re.compile(r"[\w.\-*]*\*[\w.\-*]*\.py\Z")
#: A prefix and one value after it (``empty_template_*``): a word of its own, ``_`` or ``-`` before the value.
_PREFIX_GLOB = re.compile(r"(?=[\w\-]*[A-Za-z])[A-Za-z0-9][\w\-]*[_\-]\*\Z")


def built_file_names(tree: ast.Module, raw: bytes) -> dict[str, int]:
    """``built-file:GLOB`` -> line for each ``.py`` file name the code builds around a value."""
    if _SCREEN.search(raw) is None:
        return {}
    found: dict[str, int] = {}
    # the left operand of a ``+`` is part of a longer string: ``"tmpl_" + kind`` in ``"tmpl_" + kind + ".py"``
    inner = {id(n.left) for n in ast.walk(tree) if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add)}
    for node in ast.walk(tree):
        glob = _glob(node)
        if glob is None:
            continue
        if (_FILE_GLOB.match(glob) and _named(glob)) or (id(node) not in inner and _PREFIX_GLOB.match(glob)):
            found.setdefault(f"{BUILT_FILE}{glob}", node.lineno)  # type: ignore[attr-defined]
    return found


def _named(glob: str) -> bool:
    """Whether the glob's stem spells a word of its own (``*_list``, ``plugin_*``): ``*.py`` or ``*_*.py``
    match a module by the value alone, and keep none."""
    stem = glob[: -len(".py")].replace("*", "")
    return len(stem) >= 2 and any(c.isalpha() for c in stem)


def _glob(node: ast.AST) -> str | None:
    """The file name a string expression builds, each value a ``*``; the part after its last ``/``."""
    if isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in node.values):
        text = "".join(
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "*" for v in node.values
        )
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and (_is_text(node.right) or _is_text(node.left)):
        parts = _added(node)
        if all(isinstance(p, ast.Constant) for p in parts):
            return None  # a constant, no value built in
        text = "".join(p.value if isinstance(p, ast.Constant) and isinstance(p.value, str) else "*" for p in parts)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _is_text(node.left):
        text = _PLACEHOLDER.sub("*", node.left.value) if "%" in node.left.value else ""  # type: ignore[attr-defined]
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and _is_text(node.func.value)
    ):
        text = _PLACEHOLDER.sub("*", node.func.value.value)  # type: ignore[attr-defined]
    else:
        return None
    return re.sub(r"\*+", "*", text.replace("\\", "/").rpartition("/")[2])


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _added(node: ast.expr) -> list[ast.expr]:
    """The operands of a chain of ``+`` (``a + "_" + b + ".py"``), left to right."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [*_added(node.left), *_added(node.right)]
    return [node]


def found_by_built_name(
    modules: Mapping[str, ModuleFile], facts: Mapping[str, FileFacts], names: Iterable[str], root: Path
) -> dict[str, str]:
    """module -> reason for each of the modules ``names`` whose file name a built glob of the checkout matches
    (a prefix glob only among data files of that prefix in the module's directory under ``root``)."""
    globs: dict[str, tuple[str, int]] = {}
    for path, file_facts in sorted(facts.items()):
        for key, line in file_facts.bound_names.items():
            if key.startswith(BUILT_FILE):
                globs.setdefault(key[len(BUILT_FILE) :], (path, line))
    if not globs:
        return {}
    found: dict[str, str] = {}
    listings: dict[Path, list[str]] = {}
    for name in names:
        directory, _, filename = modules[name].path.rpartition("/")
        for glob, (path, line) in globs.items():
            if not fnmatch.fnmatchcase(filename, glob):
                continue
            if not glob.endswith(".py") and not _data_files(root / directory, glob, listings):
                continue
            found[name] = f"{FOUND_BY_NAME}{path}:{line}, which builds the file name `{glob}` (read by that name)"
            break
    return found


def _data_files(directory: Path, glob: str, listings: dict[Path, list[str]]) -> bool:
    """Whether ``directory`` holds a file the prefix ``glob`` matches that is no Python module."""
    if directory not in listings:
        try:
            listings[directory] = [e.name for e in os.scandir(directory) if e.is_file()]
        except OSError:
            listings[directory] = []
    return any(fnmatch.fnmatchcase(f, glob) and not f.endswith((".py", ".pyi", ".pyc")) for f in listings[directory])
