"""The two hazards that broke real repositories renamed with Rope (research/perf-baseline.md §5).

1. A submodule shadowed by a name its package binds (sympy: ``sympy/core/__init__.py`` does
   ``from .sympify import sympify``, so ``from sympy.core import sympify`` is the *function*).
   A tool that treats that import as the module rewrites every call site.
2. A parameter, keyword, attribute or local spelled like a module the file imports by name (rich:
   ``from . import box`` beside ``Table(box=...)``); renaming the binding renames the public keyword.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.graph import RepoScan


@dataclass(frozen=True)
class Hazard:
    kind: str  #: "shadowed-submodule" | "local-name-clash"
    module: str  #: the module a rename of which is hazardous
    path: str  #: where the hazard is
    line: int
    detail: str

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "module": self.module, "path": self.path, "line": self.line, "detail": self.detail}


def shadowed_submodules(scan: RepoScan) -> list[Hazard]:
    """Submodules ``pkg.x`` whose package binds ``x`` to something other than the module itself."""
    found: list[Hazard] = []
    for package in scan.modules.values():
        if not package.is_package:
            continue
        facts = scan.facts.get(package.path)
        if facts is None or facts.syntax_error:
            continue
        module_bindings: set[str] = set()
        object_bindings: dict[str, tuple[int, str]] = {}
        for imp in facts.imports:
            if imp.lazy or imp.form not in ("from", "from-as"):
                continue
            bound = imp.alias or imp.name or ""
            base = imp.resolve_base(package.package)
            if base is not None and f"{base}.{imp.name}" in scan.modules and f"{base}.{imp.name}" == f"{package.name}.{bound}":
                module_bindings.add(bound)
            else:
                object_bindings.setdefault(bound, (imp.line, f"`from {'.' * imp.level}{imp.module} import {imp.name}`"))
        for name, line in facts.bound_names.items():
            if not name.startswith("from:"):
                object_bindings.setdefault(name, (line, "a definition or assignment"))
        for name, (line, how) in sorted(object_bindings.items()):
            submodule = f"{package.name}.{name}"
            if submodule in scan.modules and name not in module_bindings:
                found.append(Hazard("shadowed-submodule", submodule, package.path, line,
                                    f"{package.path} binds {name!r} with {how}, so `from {package.name} import {name}` "
                                    f"gives that object, not the module {submodule}"))
    return found


def local_name_clashes(scan: RepoScan) -> list[Hazard]:
    """Files that bind a module under its own name and also use that name for something else."""
    found: list[Hazard] = []
    files = {m.path: m for m in (*scan.modules.values(), *scan.scripts)}
    for path, facts in scan.facts.items():
        importer = files.get(path)
        if importer is None or facts.syntax_error or not facts.other_names:
            continue
        for imp in facts.imports:
            if imp.form != "from" or not imp.name or imp.name not in facts.other_names:
                continue
            base = imp.resolve_base(importer.package)
            target = f"{base}.{imp.name}" if base else ""
            if target in scan.modules:
                found.append(Hazard("local-name-clash", target, path, imp.line,
                                    f"{path} imports module {imp.name!r} and also uses {imp.name!r} as a parameter, "
                                    "keyword, attribute or local: a rename must keep the local name"))
    return found


def find_hazards(scan: RepoScan) -> list[Hazard]:
    return sorted([*shadowed_submodules(scan), *local_name_clashes(scan)],
                  key=lambda h: (h.module, h.kind, h.path, h.line))
