"""Rewrite the globs of a ``conftest.py``'s ``collect_ignore_glob`` that matched a renamed file (issue 13).

``collect_ignore_glob = ["*/win_reg.py"]`` becomes ``["*/WF1_..._win_reg.py"]`` and ``["pkg/win_*.py"]`` becomes
``["pkg/*win_*.py"]``, so pytest still leaves the renamed file out of collection (planner/conftest_globs.py says
which and why). A glob that cannot be rewritten so (another file has the name, or opened it would match more) is
left, with a warning naming it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from codemods.workspace import Workspace
from planner.conftest_globs import ignore_globs, moved_glob, rooted_glob
from planner.python_source import Unparsable, deep_walk, parse_python

__all__ = ["rewrite_conftest_globs"]


def rewrite_conftest_globs(
    workspace: Workspace,
    paths: Mapping[str, str],
    listed: Collection[str],
    edits: list[dict[str, object]],
    manual: list[dict[str, object]],
) -> None:
    """Rewrite each conftest's ``collect_ignore_glob`` entries for the batch's renamed files ``paths`` (old -> new
    repo-relative path); ``listed``: the checkout's files before the renames. ``edits`` and ``manual`` (the batch's
    follow-ups) get one record for each glob rewritten or left."""
    renamed = {old: new for old, new in paths.items() if old.endswith(".py")}
    if not renamed:
        return
    for rel in sorted(workspace.files_with_word("collect_ignore_glob")):
        if rel.rpartition("/")[2] != "conftest.py" or not workspace.exists(rel):
            continue
        source = workspace.read_text(rel)
        try:
            with deep_walk():
                nodes = ignore_globs(parse_python(source, rel))
        except Unparsable:
            continue  # the string codemod reports it
        lines = source.splitlines(keepends=True)
        changed = False
        for node in sorted(nodes, key=lambda n: (n.lineno, n.col_offset), reverse=True):
            if node.end_lineno != node.lineno or node.end_col_offset is None:
                continue  # a glob over several lines: none such seen
            glob = str(node.value)
            rooted = rooted_glob(rel, glob)
            for old, new in renamed.items():
                moved, why = moved_glob(rooted, old, new, listed)
                if why:
                    manual.append({"path": rel, "detail": f"{rel}:{node.lineno}: manual follow-up: {why}"})
                if moved is None:
                    continue
                spelled = moved[len(rooted) - len(glob) :]
                line = lines[node.lineno - 1].encode()
                literal = line[node.col_offset : node.end_col_offset].decode()
                if glob not in literal:
                    continue  # an escape in the literal: left
                line = line[: node.col_offset] + literal.replace(glob, spelled).encode() + line[node.end_col_offset :]
                lines[node.lineno - 1] = line.decode()
                edits.append({"path": rel, "line": node.lineno, "kind": "glob", "old": glob, "new": spelled})
                glob, rooted, changed = spelled, moved, True
        if changed:
            workspace.write_text(rel, "".join(lines))
