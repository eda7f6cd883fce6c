"""The hard-link rule every layer applies: a regular file with a second name is another file too.

A tarball (``tar -P``, Python's ``tarfile`` before 3.14) or a shipped ``.git/`` can give a file of
the checkout a second name anywhere on the machine (``db/notes.sql`` and ``~/.netrc``): reading it
reads that file, writing it in place writes it, and git's ``utime`` of it touches it. So Guardian
reads no such file (``planner/checkout_files.py``), never writes one in place (``rollback/door.py``),
and lets git touch none in its git directory (``rollback/safegit.py``). Git work trees, local
clones and ``shutil.copytree`` copies give every file one name.
"""

from __future__ import annotations

import os
import stat


def second_names(info: os.stat_result) -> int | None:
    """The number of names of a regular file that has more than one (a hard link), else None."""
    return info.st_nlink if stat.S_ISREG(info.st_mode) and info.st_nlink > 1 else None
