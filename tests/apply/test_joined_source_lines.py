"""Python source whose lines its host file joins, and here-documents opened in each of the shell's quotings (issue 13,
review 24's holes 06 and 09).

A ``python -c "from pkg import (\\`` whose lines end with a backslash (a Makefile's recipe, a shell's ``"..."``,
tox.ini's continuation) is read by Python as ``from pkg import (    cli,    util)``: the statement was read only on
its first line (a backslash after ``(`` or after names closed it), so the plan listed nothing and ``apply`` left it.
A here-document whose delimiter is quoted by a backslash (``python3 - <<\\EOF``, the same as ``<<'EOF'``) was not
read as Python at all. Both are read now: each name is listed on its line and rewritten as Rope rewrites an import.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, snapshot, write_files

from codemods.rewrite_config_refs import rewrite_config_refs
from planner.config import Config
from planner.scan import scan_repo

FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py"]\n',
    "pkg/__init__.py": "",
    "pkg/cli.py": "def main():\n    print('ran')\n",
    "pkg/util.py": "",
    "Makefile": 'check:\n\tpython -c "from pkg import (\\\n\t    cli, \\\n\t    util, \\\n\t); cli.main()"\n',
    "tox.ini": '[testenv]\ncommands =\n    python -c "from pkg import (\\\n        cli, util); cli.main()"\n',
    "run.sh": '#!/bin/sh\npython3 -c "from pkg import (\\\n    cli,\\\n    util)\ncli.main()"\n',
    "here.sh": (
        "#!/bin/sh\n"
        "python3 - <<\\EOF\nfrom pkg import cli\nEOF\n"
        'python3 - << "END"\nfrom pkg import util\nEND\n'
        "python3 - <<-E'O'F\n\tfrom pkg import cli\n\tEOF\n"
        "echo from pkg import cli\n"  # the shell's again
    ),
}
AFTER = {
    "Makefile": 'check:\n\tpython -c "from pkg import (\\\n\t    WF1_cli as cli, \\\n\t    WF1_util as util, \\\n\t); cli.main()"\n',
    "tox.ini": '[testenv]\ncommands =\n    python -c "from pkg import (\\\n        WF1_cli as cli, WF1_util as util); cli.main()"\n',
    "run.sh": '#!/bin/sh\npython3 -c "from pkg import (\\\n    WF1_cli as cli,\\\n    WF1_util as util)\ncli.main()"\n',
    "here.sh": (
        "#!/bin/sh\n"
        "python3 - <<\\EOF\nfrom pkg import WF1_cli as cli\nEOF\n"
        'python3 - << "END"\nfrom pkg import WF1_util as util\nEND\n'
        "python3 - <<-E'O'F\n\tfrom pkg import WF1_cli as cli\n\tEOF\n"
        "echo from pkg import cli\n"
    ),
}
RENAMES = {"pkg.cli": "pkg.WF1_cli", "pkg.util": "pkg.WF1_util"}


def test_the_plan_lists_each_name_on_its_line(tmp_path: Path) -> None:
    scan = scan_repo(Config(root=write_files(tmp_path, FILES), exempt=()))
    found = {(r.path, r.line, r.module) for r in scan.references if r.kind == "python-c"}
    assert found == {
        ("Makefile", 3, "pkg.cli"),
        ("Makefile", 4, "pkg.util"),
        ("tox.ini", 4, "pkg.cli"),
        ("tox.ini", 4, "pkg.util"),
        ("run.sh", 3, "pkg.cli"),
        ("run.sh", 4, "pkg.util"),
        ("here.sh", 3, "pkg.cli"),
        ("here.sh", 6, "pkg.util"),
        ("here.sh", 9, "pkg.cli"),
    }


@pytest.mark.parametrize("rel", sorted(AFTER))
def test_apply_rewrites_every_name(rel: str) -> None:
    assert rewrite_config_refs(FILES[rel], RENAMES, path=rel).code == AFTER[rel]


@pytest.mark.parametrize(
    "text",
    [
        'run:\n\tpython -c "from pkg import (helpers) \\\n\t    cli, \\\n"\n',  # closed on its line
        'run:\n\tpython -c "from pkg import (\\\n\tx = cli \\\n\t    cli)"\n',  # no list of names: it ended
        "python3 <<< 'from pkg import x'\nfrom pkg import cli\n",  # a here-string opens no here-document
        "python3 - <<'EOF\nfrom pkg import cli\n",  # a quote left open: no delimiter
        "python3 - <<\\EOF\nEOF\nfrom pkg import cli\n",  # the shell's again after the delimiter
    ],
)
def test_what_is_no_name_of_python_source_is_left(text: str) -> None:
    assert rewrite_config_refs(text, RENAMES, path="Makefile").code == text


def test_applied_and_reverted_through_the_journal(cli: Invoke, tmp_path: Path) -> None:
    repo = committed(write_files(tmp_path / "repo", FILES))
    before = snapshot(repo)
    cli(repo, "plan")
    cli(repo, "apply", "--all", "--no-tests")
    cli_stem = next((repo / "pkg").glob("WF1_*_cli.py")).stem
    util_stem = next((repo / "pkg").glob("WF1_*_util.py")).stem
    for rel, text in AFTER.items():
        assert (repo / rel).read_text() == text.replace("WF1_cli", cli_stem).replace("WF1_util", util_stem)
    cli(repo, "revert", "--all")
    assert snapshot(repo) == before
