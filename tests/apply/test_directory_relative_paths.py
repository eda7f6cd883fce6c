"""A path written from a file's own directory, ``../pkg/mod.py`` in ``docs/index.rst``, is rewritten as the plan
lists it (issue 13, breaker B18).

Sphinx's ``.. literalinclude::`` and ``:download:`` and a Markdown link read a path from the document's
directory. The plan listed ``docs/index.rst``'s ``../pkg/mathops.py`` as a ``docs:path`` rewrite (by accident:
it stripped every leading dot and slash), but apply left it, since the path's start is not a token's start: the
Sphinx build with ``-W`` failed ("Include file ... not found"). Now both resolve such a path from the file's
directory: it is rewritten where it names a renamed file, spelled from there; at the root, where ``../`` leaves
the checkout, it names nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, plan_references, snapshot, write_files

INDEX = """\
Maths
=====

.. literalinclude:: ../pkg/mathops.py
   :pyobject: add

:download:`the source <../pkg/textops.py>`, and `../pkg/mathops.pyc` is not it.
"""
GUIDE = "[the maths](../../pkg/mathops.py#L1) and [not ours](../../../pkg/mathops.py)\n"
README = "See ../pkg/mathops.py, outside the checkout, and [this](pkg/textops.py).\n"
CONFIG = 'exempt = ["tests/**"]\n\n[workflows]\n"pkg/*.py" = 1\n'


def test_a_path_from_the_file_directory_is_planned_and_rewritten(cli: Invoke, tmp_path: Path) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/mathops.py": "def add(a, b):\n    return a + b\n",
        "pkg/textops.py": "def up(s):\n    return s.upper()\n",
        "docs/index.rst": INDEX,
        "docs/guide/deep.md": GUIDE,
        "README.md": README,
        "guardian.toml": CONFIG,
    }
    repo = committed(write_files(tmp_path / "repo", files))
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    listed = {
        (r["path"], r["line"], r["text"], rename["old"])
        for rename, r in plan_references(plan)
        if r["path"] in ("docs/index.rst", "docs/guide/deep.md", "README.md")
    }
    assert listed == {
        ("docs/index.rst", 4, "../pkg/mathops.py", "pkg/mathops.py"),
        ("docs/index.rst", 7, "../pkg/textops.py", "pkg/textops.py"),
        ("docs/guide/deep.md", 1, "../../pkg/mathops.py", "pkg/mathops.py"),
        ("README.md", 1, "pkg/textops.py", "pkg/textops.py"),
    }

    cli(repo, "-q", "apply", "--all", "--no-tests")

    math, text = "WF1_V7_L1_1of2_mathops", "WF1_V7_L1_2of2_textops"
    assert (repo / "docs/index.rst").read_text() == INDEX.replace(
        "literalinclude:: ../pkg/mathops.py", f"literalinclude:: ../pkg/{math}.py"
    ).replace("../pkg/textops.py", f"../pkg/{text}.py")
    assert (repo / "docs/guide/deep.md").read_text() == GUIDE.replace(
        "(../../pkg/mathops.py#", f"(../../pkg/{math}.py#"
    )
    assert (repo / "README.md").read_text() == README.replace("(pkg/textops.py)", f"(pkg/{text}.py)")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
