"""A ``string.Template`` placeholder before a module's path: ``"from $pkg.mod import x"`` (issue 13, review of strings).

``$pkg`` is the template's placeholder, substituted at run time: the text after it (``.mod``) follows whatever value
the template is given, which may name the checkout's ``pkg`` or another package. Apply rewrote ``$pkg.mod`` as the
path ``pkg.mod`` (``$pkg.WF1_..._mod``), right only where the value happens to be ``"pkg"``, and left ``${pkg}.mod``
and ``$root.mod`` unlisted. A token right after one ``$`` (``$$`` is a literal dollar) is no module path: neither
rewritten (apply's codemods/base.py ``Renames.find`` and planner/module_attributes.py's ``takes``, as the plan reads
it) nor a reference of its own. The plan lists each placeholder followed by a renamable tail as a
``placeholder`` follow-up (:func:`placeholder_paths`): the module the placeholder's name and the tail spell
(``$pkg.mod``: ``pkg.mod``), else each module whose path ends with the tail (``$root.mod``, ``${root}.mod``: every
``*.mod``; in a docstring or comment the first only, LaTeX's ``$x.y$`` being no template).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

__all__ = ["placeholder_before", "placeholder_paths"]

#: ``$name`` or ``${name}`` (not after another ``$``), then a dotted tail
_PLACEHOLDER = re.compile(r"(?<!\$)\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))((?:\.[A-Za-z_]\w*)+)")


def placeholder_before(text: str, start: int) -> bool:
    """Does one ``$`` (a template's placeholder, not ``$$``) stand right before ``text[start]``?"""
    return 0 < start and text[start - 1] == "$" and (start < 2 or text[start - 2] != "$")


def placeholder_paths(text: str, modules: Collection[str], *, exact: bool = False) -> Iterator[tuple[int, int, str]]:
    """Each placeholder of ``text`` followed by a tail that names modules of ``modules`` (dotted paths), as (start,
    end, module): the module the placeholder's name and the tail spell, else (unless ``exact``: prose, where
    ``$x.y$`` is LaTeX) each module whose path ends with the tail's first parts (the longest that matches).

    Returns:
        An iterator of the spans (the placeholder and its tail) and modules.
    """
    for match in _PLACEHOLDER.finditer(text):
        name = match.group(1) or match.group(2)
        parts = match.group(3)[1:].split(".")
        for count in range(len(parts), 0, -1):
            tail = ".".join(parts[:count])
            if f"{name}.{tail}" in modules:
                yield match.start(), match.end(), f"{name}.{tail}"
                break
            found = [] if exact else sorted(m for m in modules if m.endswith(f".{tail}"))
            if found:
                for module in found:
                    yield match.start(), match.end(), module
                break
