"""A ``del sys.modules["pkg.mod"]`` whose key apply rewrites also pops the old key (issue 13, python-engineio 4.15.1).

A test forces a fresh import with ``del sys.modules["pkg.drivers.x"]``. Once the module is renamed, a computed
import of its old name (``import_module("pkg.drivers." + mode)``) reaches its shim, which puts the new module in
``sys.modules`` under the old key as well. Deleting the new key alone left the old one: the next import returned
the cached module with the previous test's mocked dependency (engineio's suite hung). The statement becomes
``del sys.modules["pkg.drivers.WF1_..._x"]; sys.modules.pop("pkg.drivers.x", None)`` on its line (no line moves):
both keys go, and once ``guardian retire`` removes the shim the ``pop`` finds nothing and does nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst

__all__ = ["popped_old_keys"]


def popped_old_keys(
    original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine, renames: Mapping[str, str]
) -> tuple[cst.SimpleStatementLine, list[str]]:
    """``updated`` with ``sys.modules.pop(OLD, None)`` after each ``del sys.modules[OLD]`` (one target, a string
    key) whose key the rewrite changed from a renamed module's old path to its new one.

    Returns:
        The statement line and the old paths popped.
    """
    body: list[cst.BaseSmallStatement] = []
    popped: list[str] = []
    for before, after in zip(original.body, updated.body, strict=True):
        body.append(after)
        old = _deleted_key(before)
        new = _deleted_key(after)
        if old is None or new is None or renames.get(old[1]) != new[1]:
            continue
        pop = cst.Attribute(value=old[0].deep_clone(), attr=cst.Name("pop"))  # ``sys.modules``, as it is spelled
        body.append(cst.Expr(cst.Call(pop, [cst.Arg(cst.SimpleString(old[2])), cst.Arg(cst.Name("None"))])))
        popped.append(old[1])
    return (updated.with_changes(body=body), popped) if popped else (updated, [])


def _deleted_key(statement: cst.BaseSmallStatement) -> tuple[cst.BaseExpression, str, str] | None:
    """``del X.modules["key"]``: ``X.modules``, the key and its literal's source; else None."""
    if not isinstance(statement, cst.Del) or not isinstance(statement.target, cst.Subscript):
        return None
    target = statement.target
    owner = target.value
    if not (isinstance(owner, cst.Attribute) and owner.attr.value == "modules" and len(target.slice) == 1):
        return None
    index = target.slice[0].slice
    if not isinstance(index, cst.Index) or not isinstance(index.value, cst.SimpleString):
        return None
    key = index.value.evaluated_value
    return (owner, key, index.value.value) if isinstance(key, str) else None
