"""Resolve each import of the checkout to one of its modules, as the interpreter would.

Relative imports, packages, namespace packages and several source roots; ``from pkg import x``
is the submodule ``pkg.x`` unless ``pkg/__init__.py`` binds ``x`` to another object (the package
"shadows" the submodule, as sympy's ``from .sympify import sympify`` does). Nothing is imported.
"""

from __future__ import annotations

from collections.abc import Mapping

from planner.discover import ModuleFile
from planner.dunder_all import ALL_COPY
from planner.facts import (
    BARE_IMPORT,
    BUILT_FILE,
    COMPUTED_ALL,
    DISCOVERED,
    HANDED,
    HELPER,
    NAME_TAIL,
    PACKAGE_DIR,
    SOURCE_READ,
    TAIL_PARAM,
    TAIL_UNKNOWN,
    FileFacts,
    ImportFact,
)


def shadowed_submodules(
    modules: Mapping[str, ModuleFile], facts: Mapping[str, FileFacts]
) -> dict[str, tuple[str, int, str]]:
    """Submodules whose package binds their name to something other than the module itself."""
    found: dict[str, tuple[str, int, str]] = {}
    for package in modules.values():
        fact = facts.get(package.path) if package.is_package else None
        if fact is None or fact.syntax_error:
            continue
        module_bindings: set[str] = set()
        object_bindings: dict[str, tuple[int, str]] = {}
        for imp in fact.imports:
            if imp.form == "from-star" and not imp.lazy:
                for name in _star_shadows(imp, package, modules, facts):
                    object_bindings.setdefault(name, (imp.line, f"`from {'.' * imp.level}{imp.module} import *`"))
            if imp.lazy or imp.form not in ("from", "from-as"):
                continue
            bound = imp.alias or imp.name or ""
            if f"binding:{bound}" in fact.bound_names:
                continue  # Guardian's compatibility binding: the old name of the very module, no shadowing
            base = imp.resolve_base(package.package)
            if (
                base is not None
                and f"{base}.{imp.name}" in modules
                and f"{base}.{imp.name}" == f"{package.name}.{bound}"
            ):
                module_bindings.add(bound)
            else:
                object_bindings.setdefault(bound, (imp.line, f"`from {'.' * imp.level}{imp.module} import {imp.name}`"))
        for name, line in fact.bound_names.items():
            if not name.startswith(
                (
                    "from:",
                    "binding:",
                    SOURCE_READ,
                    BUILT_FILE,
                    NAME_TAIL,
                    TAIL_PARAM,
                    TAIL_UNKNOWN,
                    HELPER,
                    HANDED,
                    PACKAGE_DIR,
                    BARE_IMPORT,
                    DISCOVERED,
                )
            ):
                object_bindings.setdefault(name, (line, "a definition or assignment"))
        for name, (line, how) in object_bindings.items():
            submodule = f"{package.name}.{name}"
            if submodule in modules and name not in module_bindings:
                found[submodule] = (package.path, line, how)
    return found


def listed_names(
    module: str, modules: Mapping[str, ModuleFile], facts: Mapping[str, FileFacts], seen: frozenset[str] = frozenset()
) -> set[str] | None:
    """The names ``module``'s ``__all__`` lists; None where it has none, or one not read whole (computed).

    An ``__all__`` that copies another module's (django-filter's ``rest_framework/filters.py``: ``from django_filters
    import filters``, ``__all__ = filters.__all__``) lists that module's names, found through the import that binds
    the copied name (planner/dunder_all.py's ``copied_alls``); one of a module outside the checkout is not read.
    """
    source = modules.get(module)
    fact = facts.get(source.path) if source is not None else None
    if source is None or fact is None or fact.syntax_error:
        return None
    if "__all__" not in fact.bound_names or COMPUTED_ALL in fact.bound_names:
        return None
    listed = set(fact.dunder_all)
    for key in fact.bound_names:
        if not key.startswith(ALL_COPY):
            continue
        owner = _bound_module(key[len(ALL_COPY) :], fact, source.package)
        copied = None if owner is None or owner in seen else listed_names(owner, modules, facts, seen | {module})
        if copied is None:
            return None
        listed |= copied
    return listed


def _bound_module(dotted: str, fact: FileFacts, package: str) -> str | None:
    """The module a module-level dotted name of the file is (``filters`` after ``from pkg import filters``,
    ``w.sub`` after ``import pkg.widgets as w``), or None."""
    head, _, rest = dotted.partition(".")
    for imp in fact.imports:
        if imp.lazy:
            continue
        if imp.form in ("from", "from-as") and (imp.alias or imp.name) == head:
            base = imp.resolve_base(package)
            found = f"{base}.{imp.name}" if base else None
        elif imp.form == "import-as" and imp.alias == head:
            found = imp.module
        elif imp.form == "import" and imp.module.partition(".")[0] == head:
            found = head
        else:
            continue
        return f"{found}.{rest}" if found and rest else found
    return None


def _star_shadows(
    imp: ImportFact, package: ModuleFile, modules: Mapping[str, ModuleFile], facts: Mapping[str, FileFacts]
) -> list[str]:
    """The submodules of ``package`` that its ``from .mod import *`` binds to ``mod``'s objects of the same names.

    networkx's ``from .dispersion import *`` binds ``dispersion`` to the function its ``__all__`` lists,
    over the submodule the import set first: ``nx.dispersion(G)`` is the function. The star import gives
    ``mod``'s own name when ``mod`` defines it and ``__all__`` lists it, or cannot be read whole (computed),
    or is absent (the name public). Other names of ``__all__`` are left alone: ``helpers`` there may be
    the sibling submodule itself (``from . import helpers`` in ``mod``), no shadow.
    """
    base = imp.resolve_base(package.package)
    source = modules.get(base) if base is not None else None
    fact = facts.get(source.path) if source is not None else None
    if base is None or fact is None or fact.syntax_error or base.rpartition(".")[0] != package.name:
        return []
    own = base.rpartition(".")[2]
    listed = listed_names(base, modules, facts)
    whole = listed is None  # every public name: no ``__all__``, or one not read whole
    listed = listed or set()
    # a sibling's name the module defines (sqlglot's ``from .builders import *`` binds ``array``, its function,
    # over the submodule ``expressions.array``); the module's own name may come from an import too
    siblings = [n for n in fact.bound_names if n != own and f"{package.name}.{n}" in modules]
    found = [n for n in siblings if n in listed or (whole and not n.startswith("_"))]
    defined = own in fact.bound_names or f"from:{own}" in fact.bound_names
    if own in listed or (defined and not own.startswith("_") and whole):
        found.append(own)
    return found


def package_exports(modules: Mapping[str, ModuleFile], facts: Mapping[str, FileFacts]) -> dict[str, dict[str, str]]:
    """For each package, the names its ``__init__`` re-exports from its own modules and the module
    providing each (``from .models import Order`` -> ``{"Order": "pkg.models"}``).

    ``from pkg import Order`` depends, for layering and ordering, on ``pkg.models``: the package's
    ``__init__`` aggregates everything and would otherwise put every importer above all of it (and
    the dependency would change when the provider is renamed)."""
    found: dict[str, dict[str, str]] = {}
    for package in modules.values():
        fact = facts.get(package.path) if package.is_package else None
        if fact is None or fact.syntax_error:
            continue
        names: dict[str, str] = {}
        for imp in fact.imports:
            if imp.lazy or imp.form not in ("from", "from-as") or not imp.name:
                continue
            base = imp.resolve_base(package.package)
            if base is None:
                continue
            submodule = f"{base}.{imp.name}"
            provider = submodule if submodule in modules else base if base in modules else None
            if provider is not None and provider != package.name and provider.startswith(package.name + "."):
                names.setdefault(imp.alias or imp.name, provider)
        if names:
            found[package.name] = names
    return found


def resolve_import(
    fact: ImportFact,
    importer: ModuleFile,
    modules: Mapping[str, ModuleFile],
    top_level: frozenset[str],
    shadowed: Mapping[str, object] | None = None,
) -> tuple[str | None, str | None]:
    """Resolve one import to ``(module, None)``, ``(None, missing target)`` or ``(None, None)`` (external).

    ``from pkg import x`` depends on the submodule ``pkg.x`` unless ``pkg`` binds ``x`` to another
    object (``shadowed``): then it gets that object and depends on ``pkg``."""
    if fact.form in ("import", "import-as"):
        target = fact.module
        if target in modules:
            return target, None
        return (None, target) if target.partition(".")[0] in top_level else (None, None)
    base = fact.resolve_base(importer.package) if fact.level else fact.module
    if base is None:
        return None, f"{'.' * fact.level}{fact.module}"
    if fact.name and fact.name != "*":
        candidate = f"{base}.{fact.name}"
        if candidate in modules and not (
            shadowed and candidate in shadowed and candidate != importer.name and importer.name != base
        ):
            return candidate, None
    if base in modules:
        return base, None
    if fact.level or base.partition(".")[0] in top_level:
        return None, base
    return None, None
