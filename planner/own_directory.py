"""The expressions that denote a module's own file, its package's path list or its package's directory (issue 13).

One rule for every reader of "the package's own directory" (planner/directory_discovery.py's listings,
planner/package_dir_imports.py's ``sys.path`` entries, planner/package_path.py's ``__path__`` extensions), so a
new spelling counts for all of them (breaker c6: ``importlib.resources.files(__name__)``, ``Path(sys.modules
[__name__].__file__).parent``, ``__spec__.submodule_search_locations[0]`` were not read as the package's own
directory, and the modules they listed were renamed). A module's own:

- name: ``__name__``, ``__package__``, ``__spec__.name``, ``__spec__.parent`` (the package's for a plain module,
  whose directory is the same);
- module object: ``sys.modules[<own name>]``;
- file: ``__file__``, ``__spec__.origin``, and either as an attribute of the module object;
- path list: ``__path__``, ``__spec__.submodule_search_locations``, and either as an attribute of the module object;
- directory: ``importlib.resources.files(<own name>)`` (also ``importlib_resources``' and a bare ``files``).
"""

from __future__ import annotations

import ast

from planner.python_source import dotted_name

__all__ = ["own_file", "own_name", "own_paths", "resources_anchor"]

_NAMES = frozenset({"__name__", "__package__"})
_SPEC_NAMES = frozenset({"name", "parent"})


def own_name(node: ast.expr) -> bool:
    """``__name__``, ``__package__``, ``__spec__.name`` or ``__spec__.parent``."""
    if isinstance(node, ast.Name):
        return node.id in _NAMES
    return _spec_attribute(node, _SPEC_NAMES)


def own_file(node: ast.expr) -> bool:
    """``__file__``, ``__spec__.origin`` or either read from ``sys.modules[__name__]``."""
    if isinstance(node, ast.Name):
        return node.id == "__file__"
    if isinstance(node, ast.Attribute) and node.attr == "__file__":
        return _own_module(node.value)
    return _spec_attribute(node, frozenset({"origin"}))


def own_paths(node: ast.expr) -> bool:
    """``__path__``, ``__spec__.submodule_search_locations`` or either read from ``sys.modules[__name__]``."""
    if isinstance(node, ast.Name):
        return node.id == "__path__"
    if isinstance(node, ast.Attribute) and node.attr == "__path__":
        return _own_module(node.value)
    return _spec_attribute(node, frozenset({"submodule_search_locations"}))


def resources_anchor(node: ast.expr) -> ast.expr | None:
    """The anchor of ``importlib.resources.files(ANCHOR)`` (``importlib_resources.files``, a bare ``files``)."""
    if not isinstance(node, ast.Call) or len(node.args) != 1 or node.keywords:
        return None
    spelled = dotted_name(node.func)
    if spelled not in ("files", "resources.files") and not spelled.endswith((".resources.files", "_resources.files")):
        return None
    return node.args[0]


def _spec_attribute(node: ast.expr, attrs: frozenset[str]) -> bool:
    """``__spec__.ATTR`` or ``sys.modules[__name__].__spec__.ATTR`` for one of ``attrs``."""
    if not (isinstance(node, ast.Attribute) and node.attr in attrs):
        return False
    spec = node.value
    if isinstance(spec, ast.Name):
        return spec.id == "__spec__"
    return isinstance(spec, ast.Attribute) and spec.attr == "__spec__" and _own_module(spec.value)


def _own_module(node: ast.expr) -> bool:
    """``sys.modules[__name__]`` (``__package__``, ``__spec__.name``)."""
    return isinstance(node, ast.Subscript) and dotted_name(node.value) == "sys.modules" and own_name(node.slice)
