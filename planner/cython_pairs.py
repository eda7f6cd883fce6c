"""A module Cython compiles with the ``.pxd`` of its name keeps its name.

Cython pairs a module with its declarations by file name: compiling ``mod.py`` (pure-Python mode) or
``mod.pyx``, it reads the ``mod.pxd`` beside it for the C types of its functions, classes and locals (an
"augmenting .pxd": Cython's docs, "Pure Python Mode" and "Sharing Declarations Between Cython Modules").
Another Cython source's ``cimport`` of it reads that same ``.pxd`` and, for a ``cdef class`` it declares,
imports the module of that name when the extension loads. chardet compiles ``_kernel.py`` with
``_kernel.pxd`` (its hatch build hook, which also names the extension ``_kernel{suffix}``).

Renaming the ``.py`` alone leaves the ``.pxd`` declaring a module that is gone: a compiled build silently
loses every C type, and a test that pairs them fails. Moving the ``.pxd`` with it would rename the
extension module too, which build scripts name in forms that are no references Guardian reads
(``Extension("pkg._kernel", ...)``, an f-string's stem, a generated ``_kernel.c``). So such a module is
exempt, and the plan lists it under ``kept`` with the reason below (planner/layers.py), as it lists the
modules other tools find by their names (planner/conventions.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from planner.conventions import FOUND_BY_NAME
from planner.discover import ModuleFile


def compiled_with_declarations(
    modules: Mapping[str, ModuleFile], other_files: Iterable[str], names: Iterable[str]
) -> dict[str, str]:
    """module -> reason for each of the modules ``names`` whose file has a ``.pxd`` of its name beside it."""
    declarations = {path[: -len(".pxd")] for path in other_files if path.endswith(".pxd")}
    found: dict[str, str] = {}
    for name in names:
        path = modules[name].path
        if path.endswith(".py") and path[: -len(".py")] in declarations:
            pxd = path[: -len(".py")].rpartition("/")[2] + ".pxd"
            found[name] = f"{FOUND_BY_NAME}Cython (compiled with {pxd} beside it, which its cimports also name)"
    return found
