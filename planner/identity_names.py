"""Explicit identity names: a dotted name given as ``name=`` to a decorator, kept as written (issue 13, breaker FP1).

``@app.task(name="toolkit.tasks.legacy_mul")`` (Celery; also RQ, Dramatiq, Huey, a plugin registry's
``@register(name=...)``) is how a user decouples a wire name from the module path: queued messages, a beat schedule
stored in a database, a result backend name the task by it. Rewritten with the module, a message queued before the
rename names a task that no longer exists. Such a name is kept as it is wherever it stands as a whole token
(the decorator, a schedule, ``send_task("...")``, a test comparing the registry's keys), like an entry-point name
(planner/entry_point_names.py), and listed ``identity-name``; a call that takes a module path
(``mock.patch("toolkit.tasks.mul")``) still gets the new path. The plan (planner/references.py) and apply
(codemods/refs.py) read the names with :func:`identity_names`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["identity_names"]

#: a decorator's call on one line, then ``name="a.b.c"`` among its arguments
_DECORATED = re.compile(
    r"""^[ \t]*@[A-Za-z_][\w.]*\((?:[^()"'\n]|"[^"\n]*"|'[^'\n]*')*?\bname[ \t]*=[ \t]*(["'])"""
    r"""([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\1""",
    re.M,
)


def identity_names(texts: Iterable[tuple[str, str]]) -> frozenset[str]:
    """The dotted names the Python files of ``texts`` (``(path, text)``) give a decorator as ``name=``.

    Returns:
        ``{"toolkit.tasks.legacy_mul", ...}``.
    """
    return frozenset(
        match.group(2)
        for path, text in texts
        if path.endswith(".py") and "name" in text and "@" in text
        for match in _DECORATED.finditer(text)
    )
