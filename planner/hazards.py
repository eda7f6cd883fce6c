"""The two hazards that broke real repositories renamed with Rope (docs/design.md).

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


def shadowed_submodule_hazards(scan: RepoScan) -> list[Hazard]:
    """Submodules ``pkg.x`` whose package binds ``x`` to something other than the module itself."""
    found: list[Hazard] = []
    for submodule, (path, line, how) in sorted(scan.shadowed.items()):
        package, _, name = submodule.rpartition(".")
        found.append(
            Hazard(
                "shadowed-submodule",
                submodule,
                path,
                line,
                f"{path} binds {name!r} with {how}, so `from {package} import {name}` "
                f"gives that object, not the module {submodule}",
            )
        )
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
                found.append(
                    Hazard(
                        "local-name-clash",
                        target,
                        path,
                        imp.line,
                        f"{path} imports module {imp.name!r} and also uses {imp.name!r} as a parameter, "
                        "keyword, attribute or local: a rename must keep the local name",
                    )
                )
    return found


def outside_link_hazards(scan: RepoScan) -> list[Hazard]:
    """Modules whose file is a symlink leading out of the repository: Guardian reads and writes no file there,
    so an import of a renamed module in one is neither rewritten nor seen (breaker finding 10)."""
    return [
        Hazard(
            "outside-link",
            module,
            path,
            0,
            f"{path} is a symlink leading out of the repository: Guardian does not read it, so its imports "
            "of renamed modules are not rewritten and break after apply; copy it into the repository, or "
            "keep the old paths with shims",
        )
        for path, module in scan.outside_links
    ]


def find_hazards(scan: RepoScan) -> list[Hazard]:
    return sorted(
        [*shadowed_submodule_hazards(scan), *local_name_clashes(scan), *outside_link_hazards(scan)],
        key=lambda h: (h.module, h.kind, h.path, h.line),
    )
