"""Compatibility shims: a module left at a renamed module's old path (``guardian apply --shims``).

Design: importing the shim warns with ``DeprecationWarning`` naming the new module, then puts the
new module itself into ``sys.modules`` under the old name. The old name is therefore an *alias*,
not a copy: every attribute (private ``_names`` too) resolves, ``isinstance`` checks and module
state are shared, and ``mock.patch("old.mod.func")`` patches the function the code really calls -
which a ``from new import *`` re-export would silently get wrong. For static tools the shim also
star-imports the new module under ``TYPE_CHECKING``. ``warnings.warn(stacklevel=2)`` blames the
importing line: both warnings implementations skip ``importlib._bootstrap`` frames.

A top-level module's shim loads the file beside it when no finder knows the new name (setuptools' editable
install of a flat layout maps only the names it was installed with; :func:`_beside_lines`), under the new name.

The first line is a marker :func:`find_shims` recognises, so the Retirement phase can find and
remove exactly the shims Guardian wrote (and never a hand-written module that looks alike). Every line
fits in 79 columns whatever the names' lengths (a project lints its own source; codemods/fitted_lines.py):
the marker continues on ``#   `` lines, a long name is cut after a dot (a backslash continues a statement
that names it, a string is cut into pieces Python joins back).
"""

from __future__ import annotations

import ast
import re

from codemods.errors import CodemodError
from codemods.fitted_lines import WIDTH, dotted_lines, fill, string_lines
from planner.facts import SHIM_MARKER
from planner.python_source import Unparsable, deep_walk, module_level, parse_python

__all__ = ["MARKER", "find_shims", "is_program", "shim_source"]

MARKER = SHIM_MARKER  # the planner recognises shims by it too (they are not modules to name)
_MARKER_TEXT = re.compile(r"guardian-shim:(?P<old>[\w.]+)->(?P<new>[\w.]+)")  # the marker's text, spaces out
_JOINED = re.compile(r"\\\r?\n[ \t]*")  # a backslash's line continuation (codemods/fitted_lines.dotted_lines)
_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\Z")


def _main_test(test: ast.expr) -> bool:
    """Whether an ``if``'s test compares ``__name__`` with ``"__main__"`` anywhere in it: ``__name__ ==
    "__main__"``, either way round, in parentheses, with ``and``, ``in ("__main__",)``."""
    for node in ast.walk(test):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(isinstance(o, ast.Name) and o.id == "__name__" for o in operands) and any(
                isinstance(c, ast.Constant) and c.value == "__main__" for o in operands for c in ast.walk(o)
            ):
                return True
    return False


def is_program(source: bytes) -> bool:
    """Whether a module's ``source`` runs something when it is ``__main__``: an ``if`` it runs at import (not a
    function's) whose test compares ``__name__`` with ``"__main__"`` (:func:`_main_test`). Its shim then runs it
    as a program too (:func:`shim_source`). A source that does not parse counts as one: run as ``__main__``, a
    program shim does what ``python -m NEW`` does, so it is never wrong there."""
    if b"__main__" not in source or b"__name__" not in source:  # the cheap screen: most modules stop here
        return False
    try:
        with deep_walk():
            statements = module_level(parse_python(source).body)
            return any(isinstance(s, ast.If) and _main_test(s.test) for s in statements)
    except Unparsable:
        return True


def _check(name: str, role: str) -> None:
    if not _DOTTED.match(name) or any(part.isdigit() for part in name.split(".")):
        raise CodemodError(
            f"shim {role} module {name!r} is not a dotted Python module name",
            hint="the plan holds valid module names; re-run `guardian plan`",
        )


def shim_source(
    old_module: str, new_module: str, *, warn: bool = True, program: bool = False, aliases: bool = False
) -> str:
    """The text of the shim module to leave at ``old_module``'s path, pointing at ``new_module``.

    Returns:
        Python source (``\\n`` line endings) that, imported as ``old_module``, warns once with
        ``DeprecationWarning`` and makes ``old_module`` the same module object as ``new_module``.

    ``warn=False`` leaves out the warning: a path the package itself reaches at run time (a lazy
    ``__getattr__`` table, module discovery) must keep working silently, even under ``-W error``.

    ``program=True``: the module is a program (an ``if __name__ == "__main__":`` block). Run as ``python -m
    OLD``, the shim runs the new module as ``__main__`` with ``runpy``, as ``python -m NEW`` does, and imports
    nothing first (tornado's ``python -m tornado.autoreload script.py``: the shim imported the module, whose block
    never ran, and ended with exit 0).

    Loaded by pytest's assertion rewriter (the old path is a plugin, ``pytest_plugins = ["pkg.helpers"]``, ``-p``,
    or a name given to ``pytest.register_assert_rewrite``), the shim marks the new module for rewriting too,
    through that public function: the rewriter keys on the name imported, so the renamed module's asserts
    would lose their explanations, and a later mark of the old path would warn that the module was imported
    unrewritten (an error under ``-W error``; pytest 9.2.0's own suite lost 3 tests to it).

    ``aliases=True``: the module registers aliases below its own name in ``sys.modules`` (the plan's
    ``module-alias``). A key built on ``__name__`` (plumbum's ``sys.modules[__name__ + ".fg"]``) is below the
    new name once renamed, so the shim registers each of them under the old name too
    (``from plumbum.colors.fg import red``).

    Raises:
        CodemodError: a name is not a dotted module name (exit code 1: plans hold valid names).
    """
    _check(old_module, "old")
    _check(new_module, "new")
    old, new = old_module, new_module
    lines = [*fill([MARKER[2:], old, "->", new], "# ", "#   "), *_docstring(old, new, warn), ""]
    lines += ["import sys as _sys", *(["import warnings as _warnings"] if warn else []), _TYPING, ""]
    lines += [_REWRITE_COMMENT, f'if type(__loader__).__name__ == "AssertionRewritingHook":{_NO_COVER}']
    lines += _call('    __import__("pytest").register_assert_rewrite', [f'"{new}"'], new)
    top = "." not in new  # found by name, or else beside this file (:func:`_beside_lines`)
    lines += _beside_lines(new, program) if top else []
    lines += [] if program else ["", *_import_lines("", new, top)]
    lines += [
        "",
        f"if TYPE_CHECKING:{_NO_COVER}",
        *dotted_lines("    ", "from ", new, " import *  # noqa: F401,F403"),
        "",
    ]
    if warn:
        message = f"{old} is deprecated and will be removed; import {new} instead"
        lines += ["_warnings.warn(", *string_lines(message, "    ", ","), *_WARN_END]
    if program:  # run as ``python -m OLD``: the new module as ``__main__``; imported: the new module
        comment = f"``python -m {old}``: the program, as ``python -m {new}`` runs it"
        lines += [f'if __name__ == "__main__":{_NO_COVER}', *fill(comment.split(), "    # ", "    # ")]
        lines += ["    import runpy as _runpy", ""]
        head = "        _runpy.run_module" if top else "    _runpy.run_module"
        run = _call(head, [f'"{new}"', 'run_name="__main__"', "alter_sys=True"], new)
        if top:  # found nowhere by name: the file beside this one
            lines += ["    if _found():", *run, "    else:", '        _runpy.run_path(_beside(), run_name="__main__")']
        else:
            lines += run
        lines += ["else:", *_import_lines("    ", new, top), ""]
        lines += ["    _sys.modules[__name__] = _target", *(_alias_lines(old, new, "    ") if aliases else [])]
    else:
        lines += ["_sys.modules[__name__] = _target", *(_alias_lines(old, new, "") if aliases else [])]
    return "\n".join(lines) + "\n"


def _import_lines(indent: str, new: str, top: bool) -> list[str]:
    """``import NEW as _target``; for a top-level ``NEW`` that no finder knows, the module from the file beside."""
    lines = dotted_lines(indent + ("    " if top else ""), "import ", new, " as _target")
    if not top:  # a submodule: its package's ``__path__`` holds this file's directory, and so the new file
        return lines
    missing = [f"{indent}except ModuleNotFoundError as _error:{_NO_COVER}", f"{indent}    _target = _load(_error)"]
    return [f"{indent}try:", *lines, *missing]


def _beside_lines(new: str, program: bool) -> list[str]:
    """The functions a top-level module's shim loads the renamed module with when no finder knows its new name:
    setuptools' editable install of a flat layout (``py_modules``) maps only the names it was installed with,
    so this file is found by its old name and ``import NEW`` fails outside the checkout (texttable 1.7.2)."""
    named = [f'_RENAMED = "{new}"'] if len(new) + 13 <= WIDTH else ["_RENAMED = (", *string_lines(new, "    "), ")"]
    return ["", *named, "", "", *_BESIDE, *(_FOUND if program else []), ""]


# The text of :func:`_beside_lines`' functions: the import system's steps for a file found by path, under ``_RENAMED``
# (registered before it runs, so both names are one module; removed if it fails).
_BESIDE = '''def _beside():  # pragma: no cover
    """The renamed module's file, beside this one."""
    import os

    directory = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(directory, _RENAMED + ".py")


def _load(error):  # pragma: no cover
    """The renamed module from the file beside, as ``import`` loads it: an
    installed finder (setuptools' editable install) maps the old name only."""
    import importlib.util
    import os

    if error.name != _RENAMED or not os.path.isfile(_beside()):
        raise error
    spec = importlib.util.spec_from_file_location(_RENAMED, _beside())
    module = importlib.util.module_from_spec(spec)
    _sys.modules[_RENAMED] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        _sys.modules.pop(_RENAMED, None)
        raise
    return _sys.modules[_RENAMED]'''.splitlines()
_FOUND = '''

def _found():  # pragma: no cover
    """Whether a finder knows the new name (a plain checkout), or else no file
    is beside to run instead."""
    import importlib.util
    import os

    found = importlib.util.find_spec(_RENAMED) is not None
    return found or not os.path.isfile(_beside())'''.splitlines()


def _alias_lines(old: str, new: str, indent: str) -> list[str]:
    """The aliases the module registered below its new name, registered below the old name as well."""
    lines = [f"{indent}# the aliases the module registers below its own name, below the old name too"]
    lines += [f"{indent}_NEW = (", *string_lines(f"{new}.", indent + "    "), f"{indent})"]
    lines += [f"{indent}_OLD = (", *string_lines(f"{old}.", indent + "    "), f"{indent})"]
    lines += [f"{indent}for _name in [_key for _key in _sys.modules if _key.startswith(_NEW)]:"]
    return [*lines, f"{indent}    _sys.modules.setdefault(_OLD + _name[len(_NEW) :], _sys.modules[_name])"]


_TYPING = "from typing import TYPE_CHECKING"
# On each block the shim may not run where the project's suite imports it: a suite held to full coverage
# (``--cov-fail-under=100``, attrs' and structlog's) must not fail on lines only Guardian wrote.
_NO_COVER = "  # pragma: no cover"
_REWRITE_COMMENT = "# pytest rewrites the asserts of what this path imports: the new module's too"
_WARN_END = ["    DeprecationWarning,", "    stacklevel=2,", ")"]


def _docstring(old: str, new: str, warn: bool) -> list[str]:
    """The shim's docstring: what it is, in lines that fit (codemods/fitted_lines.py)."""
    summary = f'"""Deprecated: ``{old}`` is now ``{new}``; import that instead.'
    lead: list[str] = []
    if len(summary) > WIDTH:
        summary = '"""Deprecated: this module is now another; import that instead.'
        lead = f"``{old}`` is now ``{new}``.".split()
    if warn:
        how = "(``guardian apply --shims``). Importing it warns once and"
    else:
        how = "(the package reaches this path at run time). Importing it"
    text = (
        f"Compatibility shim written by Guardian {how} makes ``{old}`` the very same module object as "
        f"``{new}``. The Retirement phase removes this file; do not edit it."
    )
    return [summary, "", *fill([*lead, *text.split()], "", ""), '"""']


def _call(head: str, arguments: list[str], name: str) -> list[str]:
    """``head(arguments)`` on one line, or else one argument a line (``name``'s string cut to fit)."""
    line = f"{head}({', '.join(arguments)})"
    if len(line) <= WIDTH:
        return [line]
    indent = " " * (len(head) - len(head.lstrip()) + 4)
    lines = [f"{head}("]
    for argument in arguments:
        lines += string_lines(name, indent, ",") if argument == f'"{name}"' else [f"{indent}{argument},"]
    return [*lines, f"{indent[:-4]})"]


def find_shims(text: str) -> str | None:
    """Recognise a shim Guardian wrote, by its marker: the first line, ``# guardian-shim: OLD -> NEW``,
    continued on lines that start ``#   `` when the names are long (the names cut after a dot).

    Returns:
        The module the shim points at, or ``None`` when ``text`` is not a Guardian shim.
    """
    lines = text.removeprefix("\ufeff").split("\n", 64)
    if not lines[0].startswith(MARKER) or len(lines) < 2:
        return None
    marker = [lines[0]]
    for line in lines[1:-1]:
        if not line.startswith("#   "):
            break
        marker.append(line)
    match = _MARKER_TEXT.fullmatch("".join("".join(line[1:].split()) for line in marker))
    if match is None:
        return None
    new = match.group("new")
    if f"import {new} as _target" not in _JOINED.sub("", text):
        return None  # the marker alone is not enough: the file was edited by hand
    return new
