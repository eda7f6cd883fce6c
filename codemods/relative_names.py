"""Rewrite a name given beside a module's ``__file__`` that names exactly one module of the checkout (issue 13).

astroid's tests hand its resolver names relative to the package of a file passed beside them:
``get_module_part("nodes.node_classes.AssName", modutils.__file__)``, ``is_relative("util", spec.__file__)``.
The plan lists such a name as a ``relative-name`` reference where the module below that file's package is the one
module of the checkout it can name (planner/references.py; read as an absolute path it names no other one), with its
``path:line``. Apply finds that string again in the same shape of call (planner/string_shapes.py's
``file_relative``) on that line and changes the renamed parts only: ``"sub.util.VALUE"`` becomes
``"sub.WF1_..._util.VALUE"``. A string no longer where the plan saw it (an earlier batch moved the line) is left
and named in the batch's manual follow-ups, as an ambiguous ``file-relative`` name is.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from codemods.workspace import Workspace
from planner.prefixed_names import prefixed_strings
from planner.python_source import Unparsable, deep_walk, parse_python
from planner.string_shapes import file_relative_strings

if TYPE_CHECKING:
    from planner.plan import Rename

__all__ = ["relative_text", "rewrite_relative_names"]


def relative_text(text: str, old: str, new: str) -> str | None:
    """``text`` (a name below a package: ``"sub.util.VALUE"``) naming ``old`` (``pkg.sub.util``) with ``new``'s parts
    instead (``pkg.sub.WF1_util``: ``"sub.WF1_util.VALUE"``); ``None`` when ``new`` is not in the same package."""
    parts, olds, news = text.split("."), old.split("."), new.split(".")
    for size in range(min(len(parts), len(olds)), 0, -1):  # how many of text's first parts end ``old``'s path
        if olds[-size:] == parts[:size]:
            base = olds[:-size]
            if news[: len(base)] != base or len(news) != len(olds):
                return None
            return ".".join([*news[len(base) :], *parts[size:]])
    return None


def rewrite_relative_names(
    workspace: Workspace, renames: Iterable[Rename], moved: Mapping[str, str]
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Rewrite the batch's ``relative-name`` references in the workspace; ``moved``: the batch's old file paths -> new.

    Returns:
        (edits made, references left for a person), each a plain dict for the report.
    """
    wanted: dict[str, list[tuple[int, str, str, str, str, str]]] = {}
    for rename in renames:
        for ref in rename.references:
            if ref.kind in ("relative-name", "prefixed-name"):
                path = ref.path if workspace.exists(ref.path) else moved.get(ref.path, ref.path)
                wanted.setdefault(path, []).append(
                    (ref.line, ref.text, rename.old_module, rename.new_module, ref.path, ref.kind)
                )
    edits: list[dict[str, object]] = []
    left: list[dict[str, object]] = []
    for path, refs in wanted.items():
        text = workspace.read_text(path) if workspace.exists(path) else ""
        spans = _strings(text)
        changes: list[tuple[int, int, int, str]] = []  # (line, start, end, new text): made right to left
        done: set[tuple[int, str]] = set()
        lines = text.split("\n")
        for line, old_text, old, new, shown, kind in refs:
            new_text = relative_text(old_text, old, new)
            at = spans.pop((line, old_text), None)
            if at is None and (line, old_text) in done:
                continue  # the plan's two strings of one name on the line: both done
            done.add((line, old_text))
            # each literal as the source spells it (``"tok content='\\n'"``): only its leading name changes
            spelled = [
                (start, end, relative_text(lines[line - 1][start + 1 : end - 1], old, new)) for start, end in at or ()
            ]
            if new_text is None or not at or any(body is None for _, _, body in spelled):
                given = "after a package's path" if kind == "prefixed-name" else "beside a module's __file__"
                detail = f"{shown}:{line}: manual follow-up: a name given {given} names {old}, "
                left.append({"path": shown, "detail": detail + f"renamed to {new}: {old_text!r}"})
                continue
            changes += [(line, start, end, body) for start, end, body in spelled if body is not None]
            edits.append({"path": path, "line": line, "kind": kind, "old": old_text, "new": new_text})
        for line, start, end, new_text in sorted(changes, reverse=True):
            body = lines[line - 1]
            lines[line - 1] = body[: start + 1] + new_text + body[end - 1 :]  # inside its quotes
        if changes:
            workspace.write_text(path, "\n".join(lines))
    return edits, left


def _spells(literal: str, value: object) -> bool:
    """Is ``literal`` (one quoted string, no prefix) Python's spelling of ``value``, escapes read?"""
    if literal[1:-1] == value:
        return True
    try:
        return bool(ast.literal_eval(literal) == value)
    except (ValueError, SyntaxError):
        return False


def _strings(text: str) -> dict[tuple[int, str], list[tuple[int, int]]]:
    """The plain one-line strings (``"util"``, ``'util'``, escapes too: ``"tok content='\\n'"``) given to a call beside a module's ``__file__``, or beside
    such a call (planner/string_shapes.py's ``file_relative_strings``): (line, value) -> their spans on that line
    (columns in characters)."""
    try:
        with deep_walk():
            tree = parse_python(text)
            nodes = [node for node in ast.walk(tree) if isinstance(node, (ast.Call, ast.Compare))]
            values = [value for node in nodes for _owner, value in file_relative_strings(node)]
            values += [value for _package, value in prefixed_strings(tree)]
    except Unparsable:
        return {}
    lines = text.split("\n")
    found: dict[tuple[int, str], list[tuple[int, int]]] = {}
    for value in values:
        if value.end_lineno != value.lineno:
            continue
        raw = lines[value.lineno - 1].encode()
        start = len(raw[: value.col_offset].decode(errors="replace"))
        end = len(raw[: value.end_col_offset].decode(errors="replace"))
        literal = lines[value.lineno - 1][start:end]
        if literal[:1] == literal[-1:] and literal[:1] in ("'", '"') and _spells(literal, value.value):
            spans = found.setdefault((value.lineno, str(value.value)), [])
            spans += [] if (start, end) in spans else [(start, end)]
    return found
