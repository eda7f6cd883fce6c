r"""A file name no plan or patch can carry (review 22, holes 17 and 18).

``bin/run\\xff`` (a byte that is not UTF-8) made ``guardian plan`` die with "internal error: UnicodeEncodeError"
while it wrote plan.json; ``bin/run\\nx`` (a newline) gave a plan that apply refused as invalid, and a new
plan was the same one, so nothing could ever be applied. Such a non-Python file is not read; a Python file
so named is refused, naming it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed

Tree = Callable[[dict[str, str]], Path]
SCRIPT = "#!/bin/sh\npython -m pkg.cli\n"


def test_unprintable_names_are_not_reference_files(cli: Invoke, write_tree: Tree) -> None:
    repo = write_tree({"pkg/__init__.py": "", "pkg/cli.py": "", "docs/ok.md": "See pkg.cli.\n"})
    for name in ("bin/run\udcff", "bin/run\nx", "docs/x\udcff.md"):
        path = repo / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(SCRIPT if name.startswith("bin/") else "See pkg.cli.\n")
        os.chmod(path, 0o755)
    committed(repo)
    cli(repo, "-q", "plan")
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert (repo / "bin/run\udcff").read_text() == SCRIPT and (repo / "bin/run\nx").read_text() == SCRIPT
    assert (repo / "docs/ok.md").read_text() != "See pkg.cli.\n"  # the readable one is rewritten


def test_an_unprintable_python_file_name_is_refused_by_name(cli: Invoke, write_tree: Tree) -> None:
    repo = write_tree({"pkg/__init__.py": "", "pkg/cli.py": ""})
    (repo / "pkg" / "x\udcff.py").write_text("")
    committed(repo)
    result = cli(repo, "plan", code=2)
    assert "pkg/x\\udcff.py" in result.output and "not printable" in result.output
