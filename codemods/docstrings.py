"""Module references in a docstring: its doctests' code and expected output, and Sphinx roles' targets
(``:func:`pkg.mod.f```); what is left naming a renamed module is prose (rewritten or listed by the caller)."""

from __future__ import annotations

import re
from collections.abc import Callable

from codemods.base import Edit, Renames
from codemods.code_strings import sub_code
from planner.doctest_text import DOCTEST_LINE as _DOCTEST
from planner.source_imports import SourceImports

__all__ = ["ROLE", "rewrite_docstring", "role_follow_ups", "sub_roles"]

#: A Sphinx role: ``:func:`pkg.mod.f```, ``:py:mod:`~pkg.mod```, ``:class:`Title <pkg.mod.K>```.
#: It starts at a colon no name character or colon precedes (as Sphinx reads a role): from each colon
#: of ``:a:a:a...`` it rescanned the line (a docstring line of them hung ``review``, review 19).
ROLE = re.compile(r"(?<![\w:-])(:(?:[\w-]+:)+`)([^`\n]+)(`)")
_ROLE_TARGET = re.compile(r"^(?P<head>.*<)(?P<path>[^<>]+)(?P<tail>>\s*)$|^(?P<mark>[~!]?)(?P<bare>.+)$", re.S)


#: The roles whose target is a module (planner/doc_directives.py)
_MODULE_ROLES = frozenset({":mod:`", ":py:mod:`"})


def sub_roles(text: str, renames: Renames) -> str:
    """Rewrite the targets of Sphinx roles in ``text`` on an exact dotted match.

    A renamed top-level module's bare name (``tool``) is rewritten in a module role only (``:mod:`tool```,
    ``:py:mod:`~tool```, planner/doc_directives.py): ``:ref:`tool``` is a label, ``:func:`tool``` a function.

    Returns:
        ``text`` with ``:func:`pkg.mod.f``` (also ``~``/``!`` and ``Title <target>`` forms) rewritten.
    """

    def role(match: re.Match[str]) -> str:
        target = _ROLE_TARGET.match(match.group(2))
        assert target is not None  # the pattern's second branch matches any non-empty text
        if target.group("path") is not None:
            new = renames.rewrite(target.group("path").strip(), colon=False)
            if new is None:
                return match.group(0)
            inner = target.group("head") + new + target.group("tail")
        else:
            new = renames.rewrite(target.group("bare"), colon=False)
            if new is None or ("." not in target.group("bare") and match.group(1) not in _MODULE_ROLES):
                return match.group(0)  # ``:ref:`tool```: a bare name is a module in a module role only
            inner = target.group("mark") + new
        return match.group(1) + inner + match.group(3)

    return ROLE.sub(role, text)


def role_follow_ups(raw: str, renames: Renames, *, path: str, first_line: int) -> list[str]:
    """A warning per line of a docstring's raw text whose role other than ``:mod:`` has a renamed top-level module's
    bare name as its target (``:func:`tool```, ``:ref:`tool```): :func:`sub_roles` leaves it, a word or the module."""
    warnings: list[str] = []
    for number, line in enumerate(raw.split("\n") if ":`" in raw else ()):
        found: list[str] = []
        for match in ROLE.finditer(line):
            target = _ROLE_TARGET.match(match.group(2))
            bare = (target.group("path") or target.group("bare") or "").strip() if target is not None else ""
            if "." not in bare and match.group(1) not in _MODULE_ROLES and renames.rewrite(bare, colon=False):
                found.append(bare)
        warnings += [
            f"{path}:{first_line + number}: manual follow-up: a role's target is a renamed module's bare name outside "
            f"a :mod: role: {bare!r} in {line.strip()!r}"
            for bare in dict.fromkeys(found)
        ]
    return warnings


def rewrite_docstring(
    raw: str,
    renames: Renames,
    *,
    path: str,
    first_line: int,
    files: Callable[[str, int], str] | None = None,
) -> tuple[str, list[Edit], list[str]]:
    """Rewrite doctest lines and Sphinx roles of a docstring's raw text; ``files(line, number)`` rewrites
    the renamed files a doctest's code or expected output names (``'urlutils.py'``), prose or not.

    Returns:
        The new raw text, one ``Edit`` per changed line (kind ``doctest`` or ``sphinx-role``) and
        a warning per line that mentions an old module elsewhere (prose: manual follow-up).
    """
    edits: list[Edit] = []
    warnings: list[str] = []
    out: list[str] = []
    in_example = False  # after a >>> line, up to a blank line: the example's expected output
    imports = SourceImports()  # the examples' source: ``>>> from pkg import (`` goes on on its ``...`` lines
    for number, line in enumerate(raw.split("\n")):
        doctest = _DOCTEST.match(line)
        if doctest is None:
            imports.open = None  # the example's output or the prose after it ends its statement
        if doctest is not None:
            new = line[: doctest.start("code")] + sub_code(doctest.group("code"), renames.code, imports)
            new = files(new, first_line + number) if files is not None else new
            kind, rest = "doctest", ""
            in_example = True
        elif in_example and line.strip():
            # Expected output names what the code prints at run time: ``pkg.mod.Error: ...`` in a
            # traceback, ``<class 'pkg.mod.Klass'>``: after the rename it prints the new name.
            new = renames.sub(line)
            new = files(new, first_line + number) if files is not None else new
            kind, rest = "doctest-output", ""
        else:
            in_example = False
            new = sub_roles(line, renames)
            kind, rest = "sphinx-role", ROLE.sub("", new)
        if new != line:
            edits.append(Edit(path, first_line + number, kind, line.strip(), new.strip()))
        if rest and renames.prefilter(rest):
            warnings.append(
                f"{path}:{first_line + number}: manual follow-up: docstring mentions a renamed "
                f"module outside a role or doctest: {line.strip()!r}"
            )
        out.append(new)
    return "\n".join(out), edits, warnings
