"""The one "shadows a module" check: names a module may not take because importers would get another.

A standard-library name shadows in any importer's namespace (anchor T14: ``from pkg import os``
beside ``import os``); an installed distribution's top-level name only as a top-level module.
The planner reports such a target as a conflict, and apply refuses it again before writing.
"""

from __future__ import annotations

import sys
from collections.abc import Collection
from functools import lru_cache
from importlib import metadata

__all__ = ["STDLIB", "installed_top_level", "shadows_module"]

STDLIB = frozenset(sys.stdlib_module_names) | frozenset(sys.builtin_module_names)


@lru_cache(maxsize=1)
def installed_top_level() -> frozenset[str]:
    """Top-level names of every installed distribution (read lazily: it costs tens of ms)."""
    try:
        return frozenset(metadata.packages_distributions())
    except Exception:  # a broken distribution's metadata must not stop planning or apply  # noqa: BLE001
        return frozenset()


def shadows_module(base: str, *, top_level: bool, own: Collection[str] = ()) -> bool:
    """Whether a module named ``base`` would shadow a standard-library or installed module.

    Args:
        base: the module's last name part.
        top_level: the module sits at the top of a source root (``"." not in`` its dotted name).
        own: the checkout's own top-level names: taking one of them is never shadowing.
    """
    if base in own:
        return False
    return base in STDLIB or (top_level and base in installed_top_level())
