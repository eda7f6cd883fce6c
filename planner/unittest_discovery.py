"""A module unittest's discovery finds by its file name keeps it (issue 13, breaker c17).

``unittest.defaultTestLoader.discover(here, pattern="case_*.py")``, ``unittest.TestLoader().discover(here,
"chk_*.py")`` and ``python -m unittest discover -s suites -p "suite_*.py"`` (a Makefile, tox.ini, a CI workflow, a
script) find test modules by their file names, as pytest's ``python_files`` does (planner/pytest_files.py): a
module renamed to ``WF1_..._case_a.py`` no longer matches, and the tests silently stop running. Without a
pattern unittest takes ``test*.py``; ``python -m unittest`` with no module named discovers too.

A Python file gives ``unittest-discover:PATTERN`` for each ``.discover(...)`` of a loader (the receiver's spelling
names a loader: ``unittest.defaultTestLoader``, ``unittest.TestLoader()``, ``loader``, ``self.loader``) with a
literal pattern (or a name bound once to one, or a ``load_tests`` hook's ``pattern``: :class:`_Patterns`), and for
each command in its text; a configuration or script file's commands are read at plan
time (the files below, up to 1 MiB, with ``unittest`` in them). Each module whose file name a pattern matches is
listed under ``kept`` with the line.
"""

from __future__ import annotations

import ast
import fnmatch
import os
import posixpath
import re
import shlex
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from planner.checkout_files import readable, real_root
from planner.conventions import FOUND_BY_NAME
from planner.discover import ModuleFile
from planner.facts import UNITTEST_DISCOVER, FileFacts
from planner.python_source import dotted_name

__all__ = ["kept_by_unittest", "unittest_discoveries"]

DEFAULT_PATTERN = "test*.py"
#: ``-m unittest`` and the rest of its command line.
_COMMAND = re.compile(r"-m[ \t]+unittest\b([^\n]*)")
_SHELL_ENDS = frozenset({"&&", "||", ";", "|", "&", ")", "\\"})
_SUFFIXES = (".ini", ".cfg", ".toml", ".yml", ".yaml", ".sh", ".bash", ".mk", ".bat", ".cmd", ".ps1")
_NAMES = frozenset({"Makefile", "makefile", "GNUmakefile", "Justfile", "justfile", "Dockerfile", "Procfile"})
_MAX_BYTES = 1 << 20


def unittest_discoveries(tree: ast.Module, raw: bytes) -> dict[str, int]:
    """``unittest-discover:PATTERN`` -> line for each discovery the Python file runs."""
    if b"unittest" not in raw and b"load_tests" not in raw:  # a hook need not import unittest
        return {}
    found: dict[str, int] = {}
    patterns: _Patterns | None = None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "discover":
            receiver = node.func.value.func if isinstance(node.func.value, ast.Call) else node.func.value
            if "loader" not in dotted_name(receiver).lower():
                continue
            given = next((k.value for k in node.keywords if k.arg == "pattern"), None)
            given = given if given is not None or len(node.args) < 2 else node.args[1]
            patterns = patterns or _Patterns(tree)
            for pattern in patterns.of(given, node) if given is not None else [DEFAULT_PATTERN]:
                found.setdefault(f"{UNITTEST_DISCOVER}{pattern}", node.lineno)
    text = raw.decode("utf-8", "replace")
    for pattern, line in command_patterns(text):
        found.setdefault(f"{UNITTEST_DISCOVER}{pattern}", line)
    return found


class _Patterns:
    """The patterns an expression given to ``discover`` may hold: a literal, a name the file binds once to one
    (``PATTERN = "chk_*.py"``), each side of ``or`` and of a conditional (``pattern or "lt_*.py"``), and the
    ``pattern`` parameter of a ``load_tests(loader, tests, pattern)`` hook, which the discovery that calls it gives
    (unittest's default unless that discovery's own pattern, read where it is run, says otherwise). Also (review30)
    text built of those (``f"{PREFIX}*.py"``, ``PREFIX + "*.py"``), each item of a literal list a ``for`` name
    takes (``for p in PATTERNS``), a class's attribute (``C.pattern``) and a parameter's default
    (``def run(pattern="case_*.py")``)."""

    def __init__(self, tree: ast.Module) -> None:
        self.values: dict[str, list[ast.expr]] = {}
        self.scope: dict[int, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        self.attributes: dict[tuple[str, str], list[ast.expr]] = {}
        for node in ast.walk(tree):
            if isinstance(node, (ast.For, ast.AsyncFor)) and isinstance(node.target, ast.Name):
                self.values.setdefault(node.target.id, []).append(ast.Starred(node.iter))  # each item
            elif isinstance(node, ast.ClassDef):
                for statement in node.body:
                    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                        if isinstance(target := statement.targets[0], ast.Name):
                            self.attributes.setdefault((node.name, target.id), []).append(statement.value)
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.values.setdefault(target.id, []).append(node.value)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                self.values.setdefault(node.target.id, []).append(node.value)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(node):  # outer functions first: the innermost one is kept
                    self.scope[id(inner)] = node

    def of(self, given: ast.expr, call: ast.Call, seen: frozenset[str] = frozenset()) -> list[str]:
        if isinstance(given, ast.Constant):
            return [given.value] if isinstance(given.value, str) and given.value else []
        if isinstance(given, ast.BoolOp):
            return [p for value in given.values for p in self.of(value, call, seen)]
        if isinstance(given, ast.IfExp):
            return self.of(given.body, call, seen) + self.of(given.orelse, call, seen)
        if isinstance(given, ast.Starred):  # a ``for`` name: each item of the list it loops over
            items = given.value
            held = items.id if isinstance(items, ast.Name) else ""
            if held and held not in seen and len(self.values.get(held, [])) == 1:
                items, seen = self.values[held][0], seen | {held}
            elts = items.elts if isinstance(items, (ast.List, ast.Tuple, ast.Set)) else []
            return [p for item in elts for p in self.of(item, call, seen)]
        if isinstance(given, ast.BinOp) and isinstance(given.op, ast.Add):
            return _joined([self.of(given.left, call, seen), self.of(given.right, call, seen)])
        if isinstance(given, ast.JoinedStr):
            return _joined([self._part(value, call, seen) for value in given.values])
        if isinstance(given, ast.Attribute) and isinstance(given.value, ast.Name):
            values = self.attributes.get((given.value.id, given.attr), [])
            return self.of(values[0], call, seen) if len(values) == 1 else []
        if not isinstance(given, ast.Name) or given.id in seen:
            return []
        function = self.scope.get(id(call))
        parameters = function.args.posonlyargs + function.args.args if function is not None else []
        if function is not None and given.id in {a.arg for a in parameters + function.args.kwonlyargs}:
            hook = function.name == "load_tests" and given.id in [a.arg for a in parameters][2:3] + ["pattern"]
            if hook:
                return [DEFAULT_PATTERN]
            default = _default(function.args, given.id)
            return self.of(default, call, seen | {given.id}) if default is not None else []
        values = self.values.get(given.id, [])
        return self.of(values[0], call, seen | {given.id}) if len(values) == 1 else []

    def _part(self, value: ast.expr, call: ast.Call, seen: frozenset[str]) -> list[str]:
        """An f-string's part: its text, or what a plain ``{NAME}`` holds."""
        if isinstance(value, ast.FormattedValue):
            plain = value.conversion == -1 and value.format_spec is None
            return self.of(value.value, call, seen) if plain else []
        return self.of(value, call, seen)


def _joined(parts: list[list[str]]) -> list[str]:
    """Each text of one choice of each part, in order (at most 16), none where a part is not known."""
    texts = [""]
    for choices in parts:
        texts = [text + choice for text in texts for choice in choices][:16]
    return [text for text in texts if text]


def _default(arguments: ast.arguments, name: str) -> ast.expr | None:
    """The default value of the parameter ``name``, if it has one."""
    positional = arguments.posonlyargs + arguments.args
    defaults = dict(zip([a.arg for a in positional][len(positional) - len(arguments.defaults) :], arguments.defaults))
    defaults.update((a.arg, d) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is not None)
    return defaults.get(name)


def command_patterns(text: str) -> Iterator[tuple[str, int]]:
    """(pattern, line) for each ``python -m unittest`` command of ``text`` that discovers."""
    for match in _COMMAND.finditer(text):
        pattern = _discovery_pattern(match.group(1))
        if pattern:
            yield pattern, text.count("\n", 0, match.start()) + 1


def _discovery_pattern(rest: str) -> str | None:
    """The file-name pattern of ``-m unittest REST``, None where it runs named tests, not a discovery."""
    lexer = shlex.shlex(rest.strip().rstrip("\\"), posix=True, punctuation_chars=True)  # ``x.py; make``: 3 words
    lexer.whitespace_split = True
    try:
        words = list(lexer)
    except ValueError:
        words = rest.split()
    args: list[str] = []
    pattern = None
    index = 0
    while index < len(words) and words[index] not in _SHELL_ENDS:
        word = words[index].strip("'\"")
        if word in ("-p", "--pattern") and index + 1 < len(words):
            pattern, index = words[index + 1].strip("'\""), index + 2
            continue
        if word.startswith("--pattern="):
            pattern = word.partition("=")[2]
        elif word in ("-s", "--start-directory", "-t", "--top-level-directory", "-k"):
            index += 1  # an option's value
        elif not word.startswith("-"):
            args.append(word)
        index += 1
    if args and args[0] != "discover":
        return None  # ``python -m unittest tests.test_x``: named tests
    if pattern is None and len(args) >= 3:
        pattern = args[2]  # ``discover START PATTERN [TOP]``
    return pattern or DEFAULT_PATTERN


def kept_by_unittest(
    root: Path,
    files: Iterable[ModuleFile],
    facts: Mapping[str, FileFacts],
    other_files: Iterable[str],
    modules: Mapping[str, ModuleFile],
    names: Iterable[str],
) -> dict[str, str]:
    """module -> reason for each of ``names`` whose file name a unittest discovery's pattern matches."""
    runs: list[tuple[str, str, int]] = []  # (pattern, path, line)
    for file in files:
        bound = facts[file.path].bound_names if file.path in facts else {}
        runs.extend(
            (k[len(UNITTEST_DISCOVER) :], file.path, n) for k, n in bound.items() if k.startswith(UNITTEST_DISCOVER)
        )
    runs.extend(_configured(root, other_files))
    found: dict[str, str] = {}
    if not runs:
        return found
    for name in names:
        module = modules.get(name)
        if module is None or module.is_package:
            continue
        base = posixpath.basename(module.path)
        for pattern, path, line in runs:
            if fnmatch.fnmatchcase(base, pattern):
                why = f"{path}:{line}, which runs unittest's discovery (pattern {pattern})"
                found[name] = f"{FOUND_BY_NAME}{why}"
                break
    return found


def _configured(root: Path, other_files: Iterable[str]) -> Iterator[tuple[str, str, int]]:
    """(pattern, path, line) of each discovery command in the checkout's configuration and script files."""
    repo = real_root(root)
    for path in other_files:
        base = posixpath.basename(path)
        if base not in _NAMES and not base.endswith(_SUFFIXES):
            continue
        full = root / path
        try:
            if not readable(full, repo) or os.path.getsize(full) > _MAX_BYTES:
                continue
            raw = full.read_bytes()
        except OSError:
            continue
        if b"unittest" in raw:
            for pattern, line in command_patterns(raw.decode("utf-8", "replace")):
                yield pattern, path, line
