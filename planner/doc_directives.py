"""Where a documentation file names a module by a path by definition, not prose (issue 13).

A directive's argument is a Python object's path: Sphinx's ``.. automodule:: tool``, ``.. autoclass::
pkg.mod.Cls``, ``.. currentmodule::``, ``.. module::``, ``.. py:module::`` and mkdocstrings' ``::: pkg.mod``; so
is a module role's target, ``:mod:`tool```, ``:py:mod:`~tool```, ``:mod:`the tool <tool>```. There a renamed
top-level module's bare name (``tool``, no dot) is the module, where the argument or the target is exactly that
name, and the directive is one whose argument is a module (``automodule``, ``module``, ``currentmodule``,
``py:module``, ``py:currentmodule``, ``automodsumm``, ``automodapi``, ``autoapimodule``, ``:::``):
planner/references.py lists it, codemods/rewrite_config_refs.py rewrites it. Elsewhere a bare name stays a word
(``.. autofunction:: tool``, the object ``tool`` of the current module; ``.. py:function:: run(tool)``,
``:ref:`tool```, ``:doc:`tool```), listed for a person when it is a renamed module's name.
"""

from __future__ import annotations

import re

__all__ = ["DIRECTIVE", "bare_module_spans"]

#: A directive whose argument is a Python object's path, up to its argument: Sphinx's autodoc and Python domain,
#: mkdocstrings' ``::: path`` (a line of its own in Markdown)
DIRECTIVE = re.compile(r"^[ \t]*(?:\.\.[ \t]+(?:auto\w+|py:\w+|module|currentmodule|automodsumm)::|:::)[ \t]*")
#: A directive whose argument is a module, so that a bare name there is the module: ``.. automodule:: tool``. The
#: others document an object by its path (``.. autofunction:: tool.run``); there a bare name is the object
#: (``.. autofunction:: tool`` under ``.. currentmodule:: tool``: the function ``tool`` of the module ``tool``)
_MODULE_DIRECTIVE = re.compile(
    r"^[ \t]*(?:\.\.[ \t]+(?:py:)?(?:module|currentmodule|automodule|automodsumm|automodapi|autoapimodule)::|:::)[ \t]*"
)
#: A directive's argument that is one name, the whole rest of its line
_BARE_ARGUMENT = re.compile(r"([A-Za-z_]\w*)[ \t]*$")
#: A module role's target that is one name: ``:mod:`tool```, ``:py:mod:`~tool```, ``:mod:`the tool <tool>```
_MODULE_ROLE = re.compile(r"(?<![\w:-]):(?:py:)?mod:`(?:[~!]?([A-Za-z_]\w*)|[^`<\n]*<([A-Za-z_]\w*)>)`")


def bare_module_spans(line: str) -> list[tuple[int, int, str]]:
    """Where ``line`` names a module by one bare name, by definition: a directive's whole argument (kind
    ``automodule``), a module role's whole target (kind ``sphinx``), in order.

    Returns:
        The (start, end, kind) of each name.
    """
    spans: list[tuple[int, int, str]] = []
    directive = _MODULE_DIRECTIVE.match(line) if "::" in line else None
    argument = _BARE_ARGUMENT.match(line, directive.end()) if directive is not None else None
    if argument is not None:
        spans.append((*argument.span(1), "automodule"))
    if ":mod:`" in line:
        spans.extend((*(m.span(1) if m.group(1) else m.span(2)), "sphinx") for m in _MODULE_ROLE.finditer(line))
    return spans
