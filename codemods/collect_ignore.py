"""pytest leaves the compatibility shims alone: one ``collect_ignore`` list in a ``conftest.py`` (issue 13).

A suite that runs pytest with ``--doctest-modules`` over its package (wcwidth's ``addopts``) collects
every ``.py`` file there, the shims Guardian leaves at old paths too. pytest imports each file by
its dotted name and, in its default import modes, refuses a module whose ``__file__`` is another file
("import file mismatch"): a shim's old name *is* the new module, whose ``__file__`` is the new file.
So ``apply`` writes, in the ``conftest.py`` of the source root that holds the shim's top-level
package (the directory on ``sys.path``; created when missing), one list::

    collect_ignore = [  # guardian-collect-ignore: the shims at old module paths
        *globals().get("collect_ignore", ()),
        "pkg/old.py",
    ]  # guardian retire removes this list

``collect_ignore`` is pytest's own list of paths a conftest keeps out of collection, relative to the
conftest's directory, whatever the command line, ``addopts`` or import mode. The list keeps what the
file set before it; a later batch adds its shims to the same list. Each line fits in 79 columns, one
path a line, a long path cut into strings Python joins back (codemods/fitted_lines.py): a project's
own line-length lint reads the file too. The shim itself is unchanged, so every way of reaching the old
name works as before (docs/real-code.md section 3 says why this and not an import hook). ``guardian
retire`` removes the list, and deletes a conftest Guardian created (its first line says so); the one line
an earlier Guardian wrote is recognised, replaced and removed the same way.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterable

from codemods.fitted_lines import string_lines
from codemods.workspace import Workspace
from planner.facts import COLLECT_IGNORE_MARKER as MARKER
from planner.python_source import Unparsable, parse_python

__all__ = ["MARKER", "conftest_entry", "find_ignored", "ignore_shims", "strip_ignored", "with_ignored"]

_HEADER = f"{MARKER} this file is Guardian's; guardian retire deletes it"
_OPEN = f"collect_ignore = [  {MARKER} the shims at old module paths"
_KEPT = '*globals().get("collect_ignore", ())'  # what the file set before
_CLOSE = "]  # guardian retire removes this list"
_STARRED = ast.dump(parse_python(f"[{_KEPT}]").body[0].value.elts[0])  # type: ignore[attr-defined]
# the one line an earlier Guardian wrote, and its conftest's first line
_OLD_HEADER = f"{MARKER} file written by Guardian for pytest; guardian retire removes it"
_OLD_COMMENT = f"{MARKER} shims Guardian left at old module paths; guardian retire removes this line"
_OLD_LINE = re.compile(
    rf'^collect_ignore = \[{re.escape(_KEPT)}(?P<paths>(?:, "[\w./-]+")*)\]  {re.escape(_OLD_COMMENT)}\r?\n?\Z'
)


def conftest_entry(shim: str, old_module: str) -> tuple[str, str]:
    """``(conftest path, entry)`` for the shim at repo-relative ``shim`` of module ``old_module``: the
    conftest of the directory that holds the top-level package, the shim's path relative to it."""
    parts = shim.split("/")
    depth = old_module.count(".") + 1
    return "/".join([*parts[:-depth], "conftest.py"]), "/".join(parts[-depth:])


def _listed(block: str) -> list[str] | None:
    """The paths of Guardian's list ``block``; None when it is not that list as Guardian writes it."""
    try:
        statement = parse_python(block).body
    except Unparsable:
        return None
    if len(statement) != 1 or not isinstance(statement[0], ast.Assign) or len(statement[0].targets) != 1:
        return None
    target, value = statement[0].targets[0], statement[0].value
    if not (isinstance(target, ast.Name) and target.id == "collect_ignore" and isinstance(value, ast.List)):
        return None
    if not value.elts or ast.dump(value.elts[0]) != _STARRED:
        return None
    paths = [e.value for e in value.elts[1:] if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return paths if len(paths) == len(value.elts) - 1 else None


def _find(lines: list[str]) -> tuple[int, int, list[str]] | None:
    """``(first line, line after the last, paths)`` of Guardian's list in ``lines`` (line ends kept)."""
    for number, line in enumerate(lines):
        if MARKER not in line:
            continue
        old = _OLD_LINE.match(line)
        if old is not None:
            return number, number + 1, re.findall(r'"([^"]+)"', old["paths"])
        if line.rstrip("\r\n") != _OPEN:
            continue
        end = next((n for n in range(number + 1, len(lines)) if lines[n].rstrip("\r\n") == _CLOSE), None)
        paths = None if end is None else _listed("".join(lines[number : end + 1]))
        if end is not None and paths is not None:
            return number, end + 1, paths
    return None


def _block(paths: Iterable[str]) -> list[str]:
    """Guardian's list of ``paths``, a line each (without line ends), every line within 79 columns."""
    return [_OPEN, f"    {_KEPT},", *(line for path in paths for line in string_lines(path, "    ", ",")), _CLOSE]


def find_ignored(source: str) -> list[str]:
    """The paths Guardian's ``collect_ignore`` list of ``source`` holds (none without the list)."""
    found = _find(source.splitlines(keepends=True))
    return found[2] if found is not None else []


def with_ignored(source: str | None, entries: Iterable[str]) -> tuple[str, int]:
    """``source`` (None: no such file yet) with Guardian's list holding ``entries`` and those it holds.

    Returns:
        (the new text, the number of the list's first line).
    """
    text = source or f"{_HEADER}\n"
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    found = _find(lines)
    block = _block(sorted({*(found[2] if found is not None else ()), *entries}))
    if found is not None:
        first, end, _ = found
        last = lines[end - 1]
        lines[first:end] = [line + newline for line in block[:-1]] + [block[-1] + last[len(last.rstrip("\r\n")) :]]
        return "".join(lines), first + 1
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    return "".join([*lines, *(line + newline for line in block)]), len(lines) + 1


def strip_ignored(source: str) -> str | None:
    """``source`` without Guardian's lines (``guardian retire``); None when Guardian wrote the whole file."""
    lines = source.splitlines(keepends=True)
    ours = bool(lines) and lines[0].rstrip("\r\n") in (_HEADER, _OLD_HEADER)
    if ours:
        lines = lines[1:]
    while (found := _find(lines)) is not None:
        del lines[found[0] : found[1]]
    kept = "".join(lines)
    return None if ours and not kept.strip() else kept


def ignore_shims(
    workspace: Workspace, shims: Iterable[tuple[str, str]], edits: list[dict[str, object]], warnings: list[str]
) -> None:
    """List the shims ``(path, old module)`` written in ``workspace`` in their source root's conftest.

    Args:
        edits: the batch's reference edits, for its report: one is appended per conftest written.
        warnings: the batch's warnings: one per conftest Guardian cannot see (outside the checkout it reads).
    """
    wanted: dict[str, set[str]] = {}
    for path, old_module in shims:
        conftest, entry = conftest_entry(path, old_module)
        wanted.setdefault(conftest, set()).add(entry)
    for conftest, entries in sorted(wanted.items()):
        if workspace.exists(conftest):
            source: str | None = workspace.read_text(conftest)
        elif os.path.lexists(workspace.repo / conftest):
            warnings.append(f"{conftest}: not read by Guardian; pytest may collect the shims {sorted(entries)}")
            continue
        else:
            source = None
        text, line = with_ignored(source, entries)
        if text != source:
            workspace.write_text(conftest, text)
            edits.append(
                {"kind": "collect-ignore", "path": conftest, "line": line, "old": "", "new": ", ".join(sorted(entries))}
            )
