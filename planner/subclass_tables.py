"""Computed imports whose table a subclass in another module overrides (issue 13, docutils).

``docutils.languages.LanguageImporter`` imports ``package + name`` for each ``package`` in
``self.packages``; nothing of the name is known in scope, so planner/dynamic_imports.py takes every
module of that file's package as reachable. Its subclass ``RstLanguageImporter`` in
``docutils/parsers/rst/languages/__init__.py`` sets ``packages = ('docutils.parsers.rst.languages.', '')``:
the same method then reaches that package's modules, which got no shim (the rST parser lost its English
directives). A subclass of such a class in the checkout reaches the modules of its own file's package in
the same way: each is an ``unresolved-import`` reference (``keep-old-path``) with its hazard.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Collection
from pathlib import Path

from planner.graph import RepoScan
from planner.hazards import Hazard
from planner.python_source import Unparsable, deep_walk, dotted_name, parse_python
from planner.references import Reference

__all__ = ["subclass_reach"]


def subclass_reach(root: Path, scan: RepoScan, classes: Collection[str]) -> tuple[list[Reference], list[Hazard]]:
    """What the subclasses of ``classes`` (names of classes whose methods import a computed name) reach.

    Returns:
        (references, hazards) for the modules of each subclass's package.
    """
    references: list[Reference] = []
    hazards: list[Hazard] = []
    needles = [name.encode() for name in classes]
    for file in scan.modules.values():
        try:
            with open(os.path.join(root, file.path), "rb") as handle:
                raw = handle.read()
            if b"class " not in raw or not any(n in raw for n in needles):
                continue
            with deep_walk():
                tree = parse_python(raw, file.path)
        except (OSError, Unparsable):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            if not any(dotted_name(b).rpartition(".")[2] in classes for b in node.bases):
                continue
            prefix = file.package + "."
            reachable = sorted(m for m in scan.modules if m.startswith(prefix) and "." not in m[len(prefix) :])
            for module in reachable:
                references.append(Reference(file.path, node.lineno, "unresolved-import", module[len(prefix) :], module))
            if reachable:
                detail = (
                    f"{file.path}:{node.lineno} {node.name} subclasses a class that imports a module by a computed "
                    f"name: it can reach the {len(reachable)} modules of {file.package}, kept alive with shims"
                )
                hazards.append(Hazard("unresolved-dynamic-import", file.package, file.path, node.lineno, detail))
    return references, hazards
