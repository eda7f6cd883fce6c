"""A Cython source's relative imports of its package's modules (issue 13, msgpack).

msgpack's ``_unpacker.pyx`` does ``from .exceptions import (BufferFull, ...)`` and ``from .ext import
ExtType, Timestamp``. Cython compiles a Python-level import into a call the extension makes when it loads,
so after the rename an extension built from the checkout failed to import (``No module named
'msgpack.ext'``), and msgpack fell back to pure Python without a word (3 tests went from passed to
skipped). A whole dotted path in a ``.pyx`` is a ``data`` reference already (planner/discover.py); a
relative import names no dotted path, so it is read here, resolved against the package of the file's
directory (its ``__init__.py``), as Cython resolves it.

Only ``import``: ``from .x cimport y`` reads the declarations of ``x.pxd``, a file no rename moves.
``from . import ext`` becomes ``from . import WF1_ext as ext``, as Rope writes it in Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

__all__ = ["CYTHON_SUFFIXES", "relative_imports", "rewrite_relative_imports"]

CYTHON_SUFFIXES = (".pyx", ".pxd", ".pxi")
#: ``from .mod import``, ``from ..sub.mod import``, ``from . import a, b as c`` (group 3: the names)
_FROM = re.compile(r"^\s*from\s+(\.+)([A-Za-z_][\w.]*)?\s+import\s+(?!\*)(.*)$")
_NAME = re.compile(r"[A-Za-z_]\w*(?:\s+as\s+[A-Za-z_]\w*)?")


def _anchor(package: str, dots: int) -> str | None:
    parts = package.split(".")
    return ".".join(parts[: len(parts) - dots + 1]) if dots <= len(parts) else None


def relative_imports(line: str, package: str) -> Iterator[tuple[int, int, str, str]]:
    """The relative imports of ``line`` in a file of ``package``: (start, end, absolute module, what) for
    the module spec (``what`` is ``"spec"``: ``sub.mod`` of ``from .sub.mod import``, without the dots) or
    each name of ``from . import a, b as c`` (``"name"``, ``"aliased"``)."""
    match = _FROM.match(line)
    if match is None:
        return
    anchor = _anchor(package, len(match.group(1)))
    if anchor is None:
        return
    if match.group(2):
        yield match.start(2), match.end(2), f"{anchor}.{match.group(2)}", "spec"
        return
    names = match.group(3)
    inner = names.strip().removeprefix("(").removesuffix(")")
    if "(" in inner or ")" in inner or "#" in inner:
        return  # a parenthesised list over several lines, a comment: not read
    for name in _NAME.finditer(names):
        word = name.group(0).split()[0]
        start = match.start(3) + name.start()
        yield start, start + len(word), f"{anchor}.{word}", "aliased" if " as " in name.group(0) else "name"


def rewrite_relative_imports(
    line: str, package: str, new_name: Callable[[str], str | None]
) -> tuple[str, list[tuple[str, str]]]:
    """``line`` with each relative import of a renamed module rewritten (``new_name``: old absolute module
    -> new, None when not renamed; a rename keeps the module's package), and the (old, new) texts."""
    out: list[str] = []
    done: list[tuple[str, str]] = []
    position = 0
    for start, end, module, what in relative_imports(line, package):
        new = new_name(module)
        if new is None or new.rpartition(".")[0] != module.rpartition(".")[0]:
            continue
        old_text, tail = line[start:end], new.rpartition(".")[2]
        if what == "spec":
            head = old_text.rpartition(".")[0]
            text = f"{head}.{tail}" if head else tail
        else:  # ``from . import ext`` keeps the name ``ext`` bound, as Rope writes it in Python
            text = tail if what == "aliased" else f"{tail} as {old_text}"
        out.append(line[position:start] + text)
        position = end
        done.append((old_text, text))
    return ("".join(out) + line[position:], done) if out else (line, done)
