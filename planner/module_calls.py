"""The one table of calls that take a module path, shared by the planner and the string codemod.

The planner reads these calls' first string argument as a reference to a module
(``planner/read_facts.py``); ``codemods/rewrite_string_refs.py`` rewrites that argument when the module
is renamed. Both read this table, so what the plan lists is what apply rewrites.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping

__all__ = [
    "ATTRIBUTE_CALLS",
    "MODULE_PATH_CALLS",
    "RELATIVE_KINDS",
    "attribute_call_kind",
    "attribute_submodule",
    "reference_kind",
]

_PATCHERS = ("unittest.mock.patch", "mock.patch", "patch", "mocker.patch")

#: Calls whose first positional argument is a dotted module path (or an object inside a module),
#: by the name they are called with -> the kind of reference.
MODULE_PATH_CALLS: Mapping[str, str] = {
    **{f"{owner}{suffix}": "mock.patch" for owner in _PATCHERS for suffix in ("", ".dict", ".multiple")},
    "monkeypatch.setattr": "monkeypatch",
    "monkeypatch.delattr": "monkeypatch",
    "importlib.import_module": "import_module",
    "import_module": "import_module",
    "importlib.util.find_spec": "import_module",
    "find_spec": "import_module",
    "builtins.__import__": "__import__",
    "__import__": "__import__",
    "pkgutil.resolve_name": "resolve_name",
    "resolve_name": "resolve_name",
    # ``importlib.util.resolve_name(".sub.mod", "pkg")``: a relative path against the package given (RELATIVE_KINDS)
    "importlib.util.resolve_name": "resolve_name",
    "util.resolve_name": "resolve_name",
    # imports by another name: a renamed top-level module's bare name is a module there too (issue 13, shape13)
    "pytest.importorskip": "import_module",
    "importorskip": "import_module",
    "runpy.run_module": "run_module",
    "run_module": "run_module",
}

#: The kinds of calls that read a relative first argument against the package given second or as ``package=``
#: (``import_module("..mod", "pkg.sub.x")``, ``importlib.util.resolve_name(".sub.mod", "pkg")``): planner/
#: string_shapes.py's ``relative_base`` and codemods/string_contexts.py's ``_relative`` read it alike.
RELATIVE_KINDS = frozenset({"import_module", "resolve_name"})

#: Calls ``f(obj, "attr", ...)`` whose attribute name may be a submodule of ``obj`` -> kind.
ATTRIBUTE_CALLS: Mapping[str, str] = {
    **{f"{owner}.object": "mock.patch.object" for owner in _PATCHERS},
    "monkeypatch.setattr": "monkeypatch",
    "monkeypatch.delattr": "monkeypatch",
}

#: Built-ins ``f(obj, "attr", ...)``, by the name they are called with (no import names them) -> kind.
BUILTIN_ATTRIBUTE_CALLS: Mapping[str, str] = dict.fromkeys(("getattr", "hasattr", "setattr", "delattr"), "getattr")


def attribute_call_kind(names: Iterable[str]) -> str | None:
    """The kind of a call ``f(obj, "attr", ...)`` whose attribute name may be a submodule of ``obj``, by the names
    it is called with (``mock.patch.object``, ``getattr``...), else ``None``: the planner (planner/read_facts.py)
    and the string codemod (codemods/rewrite_string_refs.py) both ask here."""
    found = list(names)
    kind = next((ATTRIBUTE_CALLS[n] for n in found if n in ATTRIBUTE_CALLS), None)
    return kind or next((BUILTIN_ATTRIBUTE_CALLS[n] for n in found if n in BUILTIN_ATTRIBUTE_CALLS), None)


def attribute_submodule(
    owners: Iterable[str], name: str, modules: Container[str], shadowed: Container[str] = ()
) -> str | None:
    """The submodule ``getattr(owner, "name")`` reaches: ``owner.name`` for the first of the owner's dotted names
    (``owners``: what its imports bind it to) where that is one of ``modules``, else ``None``; also ``None`` for a
    submodule its package shadows (``from .slug import slug``: ``getattr(pkg, "slug")`` is the function). What the
    plan lists (``modules``: the checkout's) is what apply rewrites (``modules``: the renamed ones)."""
    if not name.isidentifier():
        return None
    for owner in owners:
        path = f"{owner}.{name}"
        if path in shadowed:
            return None
        if path in modules:
            return path
    return None


#: The plan's reference kind of each call kind (the plan has always called imports "importlib").
_PLAN_KINDS = {"import_module": "importlib", "resolve_name": "importlib"}


def reference_kind(called: str) -> str | None:
    """The plan's reference kind of a call by its dotted name (``mock.patch``, ``importlib`` ...).

    A name ending in ``.patch``/``.import_module`` (an aliased module: ``um.patch``) counts by its last part.

    Returns:
        The kind, or ``None`` when the call takes no module path.
    """
    kind = MODULE_PATH_CALLS.get(called)
    if kind is None and called.endswith((".patch", ".import_module")):
        kind = MODULE_PATH_CALLS.get(called.rpartition(".")[2])
    return None if kind is None else _PLAN_KINDS.get(kind, kind)
