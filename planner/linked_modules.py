"""Which modules keep their names because a symlink inside the checkout is, or leads to, their file.

``pkg/m1link.py -> m1.py`` makes one file two modules. Guardian never moves a link nor writes through one (the
journal's trust model, docs/trust.md), so the link's module cannot be renamed; and renaming the file it leads to
would leave the link leading nowhere (``pkg.m1link`` no longer imports). Both keep their names, listed under the
plan's ``kept`` with the link. A directory link (``pkg/alias -> real``) makes every module below its target a second
module (``pkg.alias.m1``), which discovery does not walk into: those keep their names too. A link leading out of the
checkout is the ``outside-link`` hazard instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from planner.conventions import FOUND_BY_NAME
from planner.discover import ModuleFile

__all__ = ["kept_by_link"]


def kept_by_link(
    root: Path,
    modules: Mapping[str, ModuleFile],
    names: Iterable[str],
    dir_links: Iterable[tuple[str, str]] = (),
) -> dict[str, str]:
    """module -> reason for each of the modules ``names`` whose file is a symlink inside ``root``, the file such
    a link of ``modules`` leads to, or a file below a directory a directory link inside ``root`` leads to
    (``dir_links``: link, target; ``pkg/alias -> real`` makes ``pkg.real.m1`` also ``pkg.alias.m1``)."""
    wanted = set(names)
    found: dict[str, str] = {}
    for link, target in dir_links:
        for name, module in sorted(modules.items()):
            if name in wanted and module.path.startswith(f"{target}/"):
                found.setdefault(name, f"{FOUND_BY_NAME}the directory symlink {link}, which leads to {target}")
    by_path = {m.path: name for name, m in modules.items()}
    real_root = os.path.realpath(root)
    for name, module in sorted(modules.items()):
        link = os.path.join(root, module.path)
        if not os.path.islink(link):
            continue
        target = os.path.relpath(os.path.realpath(link), real_root).replace(os.sep, "/")
        if target.startswith("../"):
            continue  # out of the checkout: the outside-link hazard
        if name in wanted:
            found[name] = f"{FOUND_BY_NAME}its own file, a symlink to {target} (Guardian never moves a link)"
        led_to = by_path.get(target)
        if led_to in wanted:
            found.setdefault(led_to, f"{FOUND_BY_NAME}the symlink {module.path}")
    return found
