"""Files Guardian's own Python cannot parse: why, and which renamed modules they may import.

Guardian reads source with the ``ast`` of the Python it runs on. A project on Python 3.12 writes
``type Pair[T] = tuple[T, T]``, ``def first[T](xs)``, ``class Box[T]:`` (PEP 695) and ``f"{d["k"]}"``
(PEP 701); Guardian on 3.11 reads those files as syntax errors (breaker k14). The conflict then names
Guardian's Python and says to run Guardian with the project's (:func:`newer_syntax_hint`): the file is
not broken.

A file that does not parse and is not placed (exempt, a test, a script) was skipped silently: its
imports are unknown, so a renamed module it imports had ``importers 0`` and the rename broke it (k14b:
the 3.12 files exempted as the conflict suggested, 2/2 tests lost). :func:`unparsed_importer_hazards`
screens the text of each such file for import lines naming a module the plan renames: each is a hazard
on that module (the file is not rewritten, so its import breaks). The screen is textual (any ``import``
or ``from`` line holding the module's last name as a word), so it may name a module the file does not
import; it misses no import statement written on one line or in parentheses.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable

from planner.graph import SyntaxProblem
from planner.hazards import Hazard

#: PEP 695 statements (``type X[T] = ...``, ``type X = ...``, ``def f[T](``, ``class C[T]``), Python 3.12+
_PEP695 = re.compile(rb"^\s*(?:type\s+\w+\s*[\[=]|(?:async\s+)?def\s+\w+\s*\[|class\s+\w+\s*\[)")
#: The messages Python 3.11 gives for an f-string that nests its own quotes or spans lines (PEP 701)
_FSTRING_MESSAGE = "f-string"
_IMPORT_LINE = re.compile(
    rb"^[ \t]*(?:from[ \t]+\S+[ \t]+import[ \t]*\([^)]*\)|(?:from[ \t]+\S+[ \t]+import|import)[ \t][^\n]*)",
    re.MULTILINE,
)
_LIMIT = 64 << 20


def guardian_python() -> str:
    return f"{sys.version_info[0]}.{sys.version_info[1]}"


def _source(root: str, path: str) -> bytes | None:
    try:
        with open(os.path.join(root, path), "rb") as handle:
            return handle.read(_LIMIT)
    except OSError:
        return None


def newer_syntax_hint(root: str, problem: SyntaxProblem) -> str:
    """``"Guardian runs on Python 3.11 ...: run Guardian with Python 3.12+ ..."`` when Guardian's Python is older
    than 3.12 and the error is a shape Python 3.12 accepts (a PEP 695 line, a PEP 701 f-string); else ``""``."""
    if sys.version_info >= (3, 12) or problem.line < 1:
        return ""
    newer = problem.message.startswith(_FSTRING_MESSAGE)
    if not newer:
        source = _source(root, problem.path)
        lines = source.splitlines() if source is not None else []
        newer = problem.line <= len(lines) and _PEP695.match(lines[problem.line - 1]) is not None
    if not newer:
        return ""
    return (
        f"Guardian runs on Python {guardian_python()}, and this line is Python 3.12+ syntax (PEP 695 generics or a "
        "PEP 701 f-string): run Guardian with Python 3.12+ (pip install it into the project's interpreter)"
    )


def unparsed_importer_hazards(
    root: str, problems: Iterable[SyntaxProblem], placed: set[str], renamed: Iterable[str]
) -> list[Hazard]:
    """A hazard on each module of ``renamed`` whose last name an import line of an unparsable file outside
    ``placed`` spells: Guardian neither reads nor rewrites that file's imports."""
    by_tail: dict[bytes, list[str]] = {}
    for module in renamed:
        by_tail.setdefault(module.rpartition(".")[2].encode(), []).append(module)
    found: list[Hazard] = []
    for problem in problems:
        if problem.path in placed or not by_tail:
            continue
        source = _source(root, problem.path)
        if source is None:
            continue
        hint = newer_syntax_hint(root, problem)
        for match in _IMPORT_LINE.finditer(source):
            words = set(re.findall(rb"\w+", match.group(0)))
            line = source.count(b"\n", 0, match.start()) + 1
            for tail in sorted(words & by_tail.keys()):
                for module in by_tail[tail]:
                    found.append(
                        Hazard(
                            "unparsed-importer",
                            module,
                            problem.path,
                            line,
                            f"{problem.path} does not parse with Guardian's Python {guardian_python()} (line "
                            f"{problem.line}: {problem.message}), so its imports are neither read nor rewritten: "
                            f"this line may import {module}, which the rename would break"
                            + (f"; {hint}" if hint else ""),
                        )
                    )
    return found
