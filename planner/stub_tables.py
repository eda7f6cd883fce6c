"""A package's lazy table kept in its own ``__init__.pyi`` (``lazy_loader.attach_stub``; issue 13, class 1).

scikit-image, librosa, mne and pyvista end their ``__init__`` with::

    __getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)

``attach_stub`` parses the stub beside ``__file__`` with ``ast``: each name of a ``from . import mathops`` is a
submodule the package loads on first use, by its ``alias.name`` (an ``as`` is ignored); ``from .textops import
shout`` names the submodule ``textops`` by its import, which Rope rewrites. The submodules of the first form are
the package's lazy table: :func:`stub_submodules` names them, planner/dynamic_imports.py lists each as
``lazy-attach`` (``keep-old-path``) and codemods/stub_tables.py keeps the old name in the stub beside the new one.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Collection

from planner.imported_constants import Reads
from planner.python_source import Unparsable, parse_python

__all__ = ["STUB_READER", "stub_submodules"]

#: the call that reads a package's ``__init__.pyi`` as its lazy table
STUB_READER = "attach_stub"


def stub_submodules(base: str, init_path: str, package: str, modules: Collection[str], log: Reads | None) -> list[str]:
    """The submodules of ``package`` that its stub (``init_path``'s ``.pyi``, under the checkout ``base``) names in a
    ``from . import name`` (none when there is no stub). ``log`` is told of the stub's bytes under its path: the
    findings that read it are never served from the cache (the stub is no module whose digest is known)."""
    stub = os.path.splitext(init_path)[0] + ".pyi"
    if log is not None:
        log.ask(stub)
    try:
        with open(os.path.join(base, stub), "rb") as handle:
            raw = handle.read()
    except OSError:
        raw = None
    if log is not None:
        log.read(stub, raw)
    if raw is None:
        return []
    try:
        tree = parse_python(raw, stub)
    except Unparsable:
        return []
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module is None:
            found += [a.name for a in node.names if f"{package}.{a.name}" in modules and a.name not in found]
    return found
