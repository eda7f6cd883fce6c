"""Where Guardian finds the programs it starts (git, pg_dump, psql, the pager): never in the checkout.

An empty, ``.`` or other relative ``PATH`` entry (``PATH=:$PATH`` with an unset prefix,
``node_modules/.bin``) resolves in the current directory, which for git is the repository; and an
absolute entry can name a directory of the checkout too (``$REPO/node_modules/.bin`` added by a CI
step, an activated ``$REPO/.venv/bin``). A program the checkout ships there would run under
``--no-exec`` (issue 11). :class:`ProgramSearch` skips both kinds.

Which checkout is the command line's to say (issue 12: process-wide policy is set at the entry point,
the libraries stay neutral): a program that embeds the libraries searches every absolute entry, and
the ``guardian`` start-up check installs the search that leaves out its checkout with :func:`use`
before the first program is looked up. :func:`program` and :func:`trusted_program` ask the search
installed; git's, the database clients' and the pager's callers go through them.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from failures.paths import within


@dataclass(frozen=True)
class ProgramSearch:
    """The absolute ``PATH`` entries programs are taken from: those outside ``checkout`` (a real path),
    once symlinks are resolved; every absolute entry when ``checkout`` is None."""

    checkout: str | None = None

    @classmethod
    def outside(cls, checkout: Path) -> ProgramSearch:
        """Never take a program from ``checkout`` (or below it), whatever ``PATH`` says."""
        return cls(os.path.realpath(checkout))

    def find(self, name: str) -> str:
        """Returns: the absolute path of the program ``name`` on the first trusted entry of ``PATH``.

        Raises:
            FileNotFoundError: the program is on no such entry (callers treat it as "not installed").
        """
        entries = os.environ.get("PATH", os.defpath).split(os.pathsep)
        found = shutil.which(name, path=os.pathsep.join(entry for entry in entries if self._trusted(entry)))
        if found is None:
            raise FileNotFoundError(name)
        return found

    def may_run(self, path: str) -> bool:
        """Whether ``path`` (a program named by its absolute path, such as ``$PAGER``) may run: it is
        absolute and outside the checkout, once symlinks are resolved."""
        return os.path.isabs(path) and self._trusted(os.path.dirname(path)) and self._trusted(path)

    def _trusted(self, entry: str) -> bool:
        if not os.path.isabs(entry):
            return False
        return self.checkout is None or not within(os.path.realpath(entry), self.checkout)


#: The search of this process: neutral until the command line installs its own (:func:`use`).
_search = ProgramSearch()


def use(search: ProgramSearch) -> None:
    """Make ``search`` the one every program of this process is found by (the ``guardian`` start-up check)."""
    global _search  # the one process-wide setting, made by the command line's entry point
    _search = search


def program(name: str) -> str:
    """:meth:`ProgramSearch.find` of the search installed (:func:`use`).

    Raises:
        FileNotFoundError: the program is on no trusted entry of ``PATH``.
    """
    return _search.find(name)


def trusted_program(path: str) -> bool:
    """:meth:`ProgramSearch.may_run` of the search installed (:func:`use`)."""
    return _search.may_run(path)
