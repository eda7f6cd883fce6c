"""A doctest file of any name is code where its lines open with the prompt (issue 13, markdown2 2.5.6).

markdown2's ``test/api.doctests``, which its suite gives to ``doctest.DocFileTest``, does ``>>> import markdown2`` and then
``markdown2.markdown("*boo*")``. Its suffix is no documentation's, so it was read as data: the dotted uses were rewritten,
the import was not, and the doctest failed (``NameError``). A file whose lines open with ``>>> `` is read as a ``.txt``
doctest is (codemods/doc_examples.py): each prompt line's code rewritten, the import and its uses alike.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, plan_references, snapshot

DOCTEST = """\
>>> import tool
>>> tool.render("a")
'<a>'
>>> from pkg import md
>>> md.render("b")
'<b>'
>>> import pkg.md
>>> pkg.md.render("c")
'<c>'
"""
RUN = "import doctest, sys; sys.exit(doctest.testfile(sys.argv[1], module_relative=False).failed)"


def test_a_doctest_file_of_any_name_is_rewritten_as_code(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    render = "def render(x):\n    return f'<{x}>'\n"
    repo = write_tree(
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "test/**"]\n',
            "tool.py": render,
            "pkg/__init__.py": "",
            "pkg/md.py": render,
            "test/api.doctests": DOCTEST,
        }
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {(x["line"], x["kind"]) for _, x in plan_references(plan)}
    assert {(1, "doctest"), (4, "doctest")} <= found
    cli(repo, "-q", "apply", "--all", "--no-tests")
    text = (repo / "test/api.doctests").read_text()
    assert ">>> import tool\n" not in text and " as md\n" in text and "pkg.md" not in text
    run = subprocess.run(
        [sys.executable, "-c", RUN, "test/api.doctests"], cwd=repo, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout[-2000:]
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
