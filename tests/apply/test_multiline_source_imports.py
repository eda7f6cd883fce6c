"""A ``from pkg import (...)`` statement over several lines in Python source a tool runs (issue 13, hole 01 of the
attacker review after review 22).

A here-document fed to ``python`` (``python - <<'EOF'`` in a shell script, a Makefile's recipe, a CI step) is Python
source, and ``from pkg import cli`` there names ``pkg.cli`` with no dotted token. Each line was read alone, so a
statement a formatter splits (``from pkg import (\\n    util,\\n    cli,\\n)``) or one continued by a backslash
named nothing on the lines after its first: the plan did not list those names, ``apply`` left them, and the script
failed with an ``ImportError`` after the rename (``from pkg import (cli,\\n    util)`` was half rewritten). The
statement is read over its lines now (planner/source_imports.py): each name on the line it stands on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, snapshot, write_files

from codemods.rewrite_config_refs import rewrite_config_refs
from planner.config import Config
from planner.scan import scan_repo

SCRIPT = (
    "#!/bin/sh\n"
    "python3 - <<'EOF'\n"
    "from pkg import (\n"
    "    util,  # the helpers\n"
    "\n"
    "    cli as c,\n"
    ")\n"
    "from pkg import \\\n"
    "    cli\n"
    "c.main()\n"
    "EOF\n"
    "echo from pkg import cli\n"
)
WORKFLOW = (
    "jobs:\n  t:\n    steps:\n      - run: |\n"
    "          python - <<'EOF'\n"
    "          from pkg import (cli,\n"
    "                           util)\n"
    "          EOF\n"
    '      - run: python -c "\n'
    "          from pkg import (\n"
    "              cli)\n"
    '          cli.main()"\n'
)
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py"]\n',
    "pkg/__init__.py": "",
    "pkg/cli.py": "def main():\n    print('ran')\n",
    "pkg/util.py": "",
    "run.sh": SCRIPT,
    ".github/workflows/ci.yml": WORKFLOW,
}
RENAMES = {"pkg.cli": "pkg.WF1_cli", "pkg.util": "pkg.WF1_util"}


def test_the_plan_lists_each_name_on_its_line(tmp_path: Path) -> None:
    scan = scan_repo(Config(root=write_files(tmp_path, FILES), exempt=()))
    found = {(r.path, r.line, r.module) for r in scan.references if r.kind == "python-c"}
    assert found == {
        ("run.sh", 4, "pkg.util"),
        ("run.sh", 6, "pkg.cli"),
        ("run.sh", 9, "pkg.cli"),
        (".github/workflows/ci.yml", 6, "pkg.cli"),
        (".github/workflows/ci.yml", 7, "pkg.util"),
        (".github/workflows/ci.yml", 11, "pkg.cli"),
    }


SCRIPT_AFTER = (
    "#!/bin/sh\n"
    "python3 - <<'EOF'\n"
    "from pkg import (\n"
    "    WF1_util as util,  # the helpers\n"
    "\n"
    "    WF1_cli as c,\n"
    ")\n"
    "from pkg import \\\n"
    "    WF1_cli as cli\n"
    "c.main()\n"
    "EOF\n"
    "echo from pkg import cli\n"  # the shell's again
)
WORKFLOW_AFTER = (
    "jobs:\n  t:\n    steps:\n      - run: |\n"
    "          python - <<'EOF'\n"
    "          from pkg import (WF1_cli as cli,\n"
    "                           WF1_util as util)\n"
    "          EOF\n"
    '      - run: python -c "\n'
    "          from pkg import (\n"
    "              WF1_cli as cli)\n"
    '          cli.main()"\n'
)


def test_apply_rewrites_every_name_of_the_statement() -> None:
    assert rewrite_config_refs(SCRIPT, RENAMES, path="run.sh").code == SCRIPT_AFTER
    assert rewrite_config_refs(WORKFLOW, RENAMES, path=".github/workflows/ci.yml").code == WORKFLOW_AFTER


@pytest.mark.parametrize(
    "source",
    [
        "from pkg import (helpers)\n    cli,\n",  # closed on its line: the next line is no name of it
        "from pkg import helpers\n    cli,\n",
        "print('from pkg import (')\n    cli,\n",  # a string's text opens nothing
        "from pkg import (cli_v2,\n    clix)\n",  # longer tokens
        "from other.pkg import (\n    cli,\n)\n",  # another package with the same tail
        "from pkg import (\nx = cli\n    cli,\n",  # no list of names: the statement ended
        "from pkg import \\\n\n    cli\n",  # a blank line ends a backslash's statement
    ],
)
def test_what_is_no_name_of_an_open_statement_is_left(source: str) -> None:
    text = f"python - <<EOF\n{source}EOF\n"
    assert rewrite_config_refs(text, RENAMES, path="run.sh").code == text


def test_the_statement_ends_with_its_here_document() -> None:
    text = "python - <<EOF\nfrom pkg import (\nEOF\n    cli,\n"
    assert rewrite_config_refs(text, RENAMES, path="run.sh").code == text


def test_applied_and_reverted_through_the_journal(cli: Invoke, tmp_path: Path) -> None:
    repo = committed(write_files(tmp_path / "repo", FILES))
    before = snapshot(repo)
    cli(repo, "plan")
    cli(repo, "apply", "--all", "--no-tests")
    cli_stem = next((repo / "pkg").glob("WF1_*_cli.py")).stem
    util_stem = next((repo / "pkg").glob("WF1_*_util.py")).stem
    for rel, text in (("run.sh", SCRIPT_AFTER), (".github/workflows/ci.yml", WORKFLOW_AFTER)):
        assert (repo / rel).read_text() == text.replace("WF1_cli", cli_stem).replace("WF1_util", util_stem)
    cli(repo, "revert", "--all")
    assert snapshot(repo) == before


def test_a_long_line_after_an_import_is_read_in_linear_time() -> None:
    """Spaces after a statement's names, then no backslash: the continuation's pattern tried each split of the run
    between two optional runs of spaces (about 40 s for 200,000 spaces, growing with its square)."""
    for rest, names in ((" " * 200_000 + "x", False), ("," + " " * 200_000 + "x", True)):
        text = f"python - <<EOF\nfrom pkg import util{rest}\nEOF\n"
        result = rewrite_config_refs(text, RENAMES, path="run.sh")
        assert result.code == (text.replace("import util", "import WF1_util as util", 1) if names else text)
