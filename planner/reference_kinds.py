"""What Guardian does with each kind of reference it finds outside the import graph (issue 13).

``keep-old-path``: the old module path stays reachable after the rename (a lazy table rewritten to a
mapping, else a shim: codemods/keep_alive.py); ``rewrite``: the exact path is rewritten in place;
``rewrite-prose``: the same in docstrings, comments and docs, unless ``--no-prose``; ``keep-old-name``:
the package binds the submodule's old name again (codemods/old_name_bindings.py); ``follow-up``: listed
for a person. The kinds themselves are found by planner/dynamic_imports.py and the scan.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["ACTIONS", "DYNAMIC_KINDS", "KEEP_ALIVE_KINDS", "PROSE_KINDS", "STRING_KINDS", "reference_action"]

#: Reference kind -> what Guardian does with it after a rename.
ACTIONS: Mapping[str, str] = {
    "lazy-getattr": "keep-old-path",
    "lazy-attach": "keep-old-path",
    "computed-import": "keep-old-path",
    "discovery": "keep-old-path",
    "unresolved-import": "keep-old-path",
    "pickled": "keep-old-path",
    "sys.modules": "rewrite",
    "regex": "rewrite",
    "string-part": "rewrite",
    "exec-source": "rewrite",
    "implicit-submodule": "rewrite",
    "submodule-attribute": "keep-old-name",
    "docstring": "rewrite-prose",
    "comment": "rewrite-prose",
    "docs": "rewrite-prose",
}
KEEP_ALIVE_KINDS = frozenset(k for k, v in ACTIONS.items() if v == "keep-old-path")
DYNAMIC_KINDS = KEEP_ALIVE_KINDS | {"sys.modules"}
STRING_KINDS = frozenset({"regex", "string-part", "exec-source"})
PROSE_KINDS = frozenset({"docstring", "comment", "docs"})


def reference_action(kind: str) -> str:
    """What Guardian does with a reference of ``kind``: ``rewrite``, ``rewrite-prose``, ``keep-old-path``,
    ``keep-old-name`` or ``follow-up`` (a person reviews it).

    Returns:
        The action's name.
    """
    if kind in ACTIONS:
        return ACTIONS[kind]
    return "follow-up" if kind in ("config", "ci") else "rewrite"
