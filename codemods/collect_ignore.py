"""pytest leaves the compatibility shims alone: one ``collect_ignore`` line in a ``conftest.py`` (issue 13).

A suite that runs pytest with ``--doctest-modules`` over its package (wcwidth's ``addopts``) collects
every ``.py`` file there, the shims Guardian leaves at old paths too. pytest imports each file by
its dotted name and, in its default import modes, refuses a module whose ``__file__`` is another file
("import file mismatch"): a shim's old name *is* the new module, whose ``__file__`` is the new file.
So ``apply`` writes, in the ``conftest.py`` of the source root that holds the shim's top-level
package (the directory on ``sys.path``; created when missing), one line::

    collect_ignore = [*globals().get("collect_ignore", ()), "pkg/old.py"]  # guardian-collect-ignore: ...

``collect_ignore`` is pytest's own list of paths a conftest keeps out of collection, relative to the
conftest's directory, whatever the command line, ``addopts`` or import mode. The line keeps what the
file set before it; a later batch adds its shims to the same line. The shim itself is unchanged, so
every way of reaching the old name works as before (docs/real-code.md section 3 says why this and
not an import hook). ``guardian retire`` removes the line, and deletes a conftest Guardian created
(its first line says so).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from codemods.workspace import Workspace
from planner.facts import COLLECT_IGNORE_MARKER as MARKER

__all__ = ["MARKER", "conftest_entry", "find_ignored", "ignore_shims", "strip_ignored", "with_ignored"]

_COMMENT = f"{MARKER} shims Guardian left at old module paths; guardian retire removes this line"
_HEADER = f"{MARKER} file written by Guardian for pytest; guardian retire removes it"
_START = 'collect_ignore = [*globals().get("collect_ignore", ())'
_LINE = re.compile(rf'^{re.escape(_START)}(?P<paths>(?:, "[\w./-]+")*)\]  {re.escape(_COMMENT)}(?P<end>\r?\n?)\Z')


def conftest_entry(shim: str, old_module: str) -> tuple[str, str]:
    """``(conftest path, entry)`` for the shim at repo-relative ``shim`` of module ``old_module``: the
    conftest of the directory that holds the top-level package, the shim's path relative to it."""
    parts = shim.split("/")
    depth = old_module.count(".") + 1
    return "/".join([*parts[:-depth], "conftest.py"]), "/".join(parts[-depth:])


def find_ignored(source: str) -> list[str]:
    """The paths Guardian's ``collect_ignore`` line of ``source`` lists (none without the line)."""
    for line in source.splitlines(keepends=True):
        match = _LINE.match(line) if MARKER in line else None
        if match is not None:
            return re.findall(r'"([^"]+)"', match["paths"])
    return []


def with_ignored(source: str | None, entries: Iterable[str]) -> tuple[str, int]:
    """``source`` (None: no such file yet) with Guardian's line listing ``entries`` and those it lists.

    Returns:
        (the new text, the number of the line).
    """
    text = source or f"{_HEADER}\n"
    newline = "\r\n" if "\r\n" in text else "\n"
    quoted = "".join(f', "{path}"' for path in sorted({*find_ignored(text), *entries}))
    line = f"{_START}{quoted}]  {_COMMENT}"
    lines = text.splitlines(keepends=True)
    for number, old in enumerate(lines):
        match = _LINE.match(old) if MARKER in old else None
        if match is not None:
            lines[number] = line + (match["end"] or "")
            return "".join(lines), number + 1
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    return "".join([*lines, line + newline]), len(lines) + 1


def strip_ignored(source: str) -> str | None:
    """``source`` without Guardian's lines (``guardian retire``); None when Guardian wrote the whole file."""
    lines = source.splitlines(keepends=True)
    ours = bool(lines) and lines[0].rstrip("\r\n") == _HEADER
    kept = [line for number, line in enumerate(lines) if not (ours and number == 0) and _LINE.match(line) is None]
    return None if ours and not "".join(kept).strip() else "".join(kept)


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
