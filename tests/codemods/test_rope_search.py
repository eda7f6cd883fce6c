"""The files Rope searches for a renamed module (codemods/rope_search.py): a candidate left out is
one where Rope, searching it, renames nothing; every other one stays in."""

from __future__ import annotations

from pathlib import Path

import pytest

from codemods.rope_rename import RenameSpec, find_changes, open_project
from codemods.rope_search import rope_may_find

MODULE = "pkg/core/core.py"  # like sympy/core/core.py: its package's name is its own

#: file -> (source, whether Rope may find pkg.core.core in it)
CASES = {
    "pkg/plain.py": (b"from pkg.core.numbers import N\n\nN()\n", False),
    "pkg/up.py": (b"from pkg.core import numbers\n", False),
    "pkg/prose.py": (
        b'"""The core of it.\n\n>>> from pkg.core import core\n"""\n# core\nfrom pkg.core.numbers import N\nx = "core"\n',
        False,
    ),
    "pkg/b/rel_other.py": (b"from ..core.numbers import N\nfrom ..core import numbers\n", False),
    "pkg/core/numbers.py": (b"from pkg.core.core import C\n\nN = C\n", True),
    "pkg/binds.py": (b"from pkg.core import core\n\ncore.C\n", True),
    "pkg/core/rel_self.py": (b"from .core import C\n", True),
    "pkg/core/rel_name.py": (b"from . import core\n", True),
    "pkg/core/implicit.py": (b"from core import C\n", True),
    "pkg/dotted.py": (b"import pkg.core.core\n\npkg.core.core.C\n", True),
    "pkg/plain_import.py": (b"import pkg.core.numbers\n", True),
    "pkg/fstring.py": (b'import pkg\n\nx = f"{pkg.core.core.C}"\n', True),
    "pkg/names.py": (b"from pkg.core.numbers import (\n    N,\n    core,\n)\n", True),
}


def test_a_file_naming_the_module_only_in_other_modules_paths_is_left_out() -> None:
    found = {path: rope_may_find(path, source, [(MODULE, "core")])[0] for path, (source, _) in CASES.items()}
    assert found == {path: expected for path, (_, expected) in CASES.items()}


def test_a_package_is_always_searched_and_text_is_read_as_rope_reads_it() -> None:
    # an unknown declared encoding: Rope reads latin-1, so the file is judged on that text
    assert rope_may_find("pkg/a.py", b"from pkg.core.numbers import N\n", [("pkg/core/__init__.py", "core")]) == [True]
    assert rope_may_find("pkg/a.py", b"# -*- coding: no-such -*-\nfrom pkg.core.x import N\n", [(MODULE, "core")]) == [
        False
    ]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    files = {
        "pkg/__init__.py": b"",
        "pkg/b/__init__.py": b"",
        "pkg/core/__init__.py": b"from pkg.core.numbers import N\n",
        MODULE: b"class C:\n    pass\n",
        **{path: source for path, (source, _) in CASES.items()},
    }
    for rel, data in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    return tmp_path


def test_rope_renames_nothing_in_the_files_left_out(tree: Path) -> None:
    """Searched by Rope, every file left out gets no edit: leaving it out gives the same changes."""
    project = open_project(str(tree), ["."])
    try:
        every = RenameSpec("pkg.core.core", MODULE, "WF1_core", tuple(sorted(CASES)))
        edits, crashed, moves = find_changes(project, every)
    finally:
        project.close()
    left_out = {path for path, (source, _) in CASES.items() if not rope_may_find(path, source, [(MODULE, "core")])[0]}
    assert left_out == {"pkg/plain.py", "pkg/up.py", "pkg/prose.py", "pkg/b/rel_other.py"}
    assert not left_out & set(edits)
    assert crashed == ()
    assert moves == ((MODULE, "pkg/core/WF1_core.py"),)
    assert {"pkg/core/numbers.py", "pkg/core/rel_self.py", "pkg/dotted.py"} <= set(edits)
