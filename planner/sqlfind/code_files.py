"""The Python files of the source roots as the database readers see them: listed once, each file
they parse read and parsed once.

``assess`` runs two readers after its scan: the enum drift report (planner/code_enums.py) and the
code ↔ database check (planner/dbcheck). Both walk the source roots and parse the files that may
define an enum or declare a model (most files' SQL and hints come from the scan's facts); one
:class:`CodeFiles` given to both makes that one walk and one parse per file.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Collection
from pathlib import Path
from typing import NamedTuple

from planner.checkout_files import walk_names
from planner.config import Config
from planner.python_source import Unparsable, parse_python, read_python_text


class CodeFile(NamedTuple):
    file: str  #: the file's path (a string: most listed files are never opened, a ``Path`` each cost 5 µs)
    shown: str  #: the path relative to the repository, with ``/``
    base: Path  #: the source root it was found under (module names are relative to it)

    @property
    def path(self) -> Path:
        return Path(self.file)

    @property
    def module(self) -> str:
        """The dotted module name under its source root (``pkg.mod``; a package's ``__init__`` is ``pkg``)."""
        parts = list(self.path.relative_to(self.base).with_suffix("").parts)
        if parts and parts[-1] == "__init__":
            parts.pop()
        return ".".join(parts)


class CodeFiles:
    """The ``.py`` files under ``config``'s source roots (root by root, each sorted as
    :func:`planner.checkout_files.walk` yields them), and the text and tree of the files parsed."""

    def __init__(self, config: Config, scanned: Collection[str] = ()) -> None:
        """``scanned``: the files (repository-relative, with ``/``) the scan of this run listed and
        read (``RepoScan.facts``): its discovery found them readable, the listing does not ask again."""
        self.config = config
        self._scanned = scanned
        self._listed: list[CodeFile] | None = None
        #: by shown path: the text and its tree (or why it does not parse), of each file parsed
        self._parsed: dict[str, tuple[str, ast.Module | Unparsable]] = {}

    def listed(self) -> list[CodeFile]:
        if self._listed is None:
            root = self.config.root
            prefix = os.path.join(root, "")
            known = {prefix + shown.replace("/", os.sep) for shown in self._scanned}  # as the walk names them
            out = []
            for source_root in self.config.source_roots:
                base = root / source_root
                for path in walk_names(root, base, ".py", known):
                    shown = (  # under root (the walk joins onto it): its relative path without pathlib
                        path[len(prefix) :].replace(os.sep, "/")
                        if path.startswith(prefix)
                        else Path(path).relative_to(root).as_posix()
                    )
                    out.append(CodeFile(path, shown, base))
            self._listed = out
        return self._listed

    def text(self, item: CodeFile) -> str:
        """The file's text as Python reads it (kept only for the files parsed).

        Raises:
            OSError, UnicodeError: as :func:`planner.python_source.read_python_text`.
        """
        kept = self._parsed.get(item.shown)
        return kept[0] if kept is not None else read_python_text(item.path)

    def tree(self, item: CodeFile, text: str) -> ast.Module:
        """The file's tree, parsed from ``text`` (:meth:`text`) the first time it is asked for.

        Raises:
            Unparsable: the file does not parse (the same error each time).
        """
        kept = self._parsed.get(item.shown)
        if kept is None:
            try:
                kept = (text, parse_python(text, item.shown))
            except Unparsable as exc:
                kept = (text, exc)
            self._parsed[item.shown] = kept
        if isinstance(kept[1], Unparsable):
            raise kept[1]
        return kept[1]
