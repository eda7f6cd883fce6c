"""``python -c "from pkg import cli"`` in the files tools run (issue 13, review 22's documented hole).

The source a ``python -c`` runs imports modules, and ``from pkg import cli`` names ``pkg.cli`` with no dotted
token: the plan did not list it, and ``apply`` left it, so the script, the recipe or the CI step failed with an
``ImportError`` after the rename. The plan lists it now (``python-c``, with its line) and ``apply`` rewrites it as
Rope rewrites an import, the local name kept; ``import pkg.cli`` there was a dotted token already. The same in a
``-c`` source that goes on over several lines and in a here-document fed to ``python`` (``python - <<EOF``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, write_files

from codemods.rewrite_config_refs import rewrite_config_refs
from planner.config import Config
from planner.scan import scan_repo

#: file -> its text, each ``python -c`` spelled as that family spells it (quotes, escapes, an exec form)
TOOL_FILES = {
    "scripts/run.sh": '#!/bin/sh\npython -c "from pkg import cli; cli.main()"\n',
    "Makefile": "run:\n\tpython3 -c 'from pkg import util, cli as c; c.main()'\n",
    "Dockerfile": 'FROM python:3.12\nRUN ["python", "-c", "from pkg import (cli)"]\n',
    ".github/workflows/ci.yml": 'jobs:\n  t:\n    steps:\n      - run: python -c "import os; from pkg import cli"\n',
    "tox.ini": '[testenv]\ncommands =\n    python -c "from pkg import cli_v2, cli"\n',
    "package.json": '{"scripts": {"run": "sh -c \\"python -c \\\\\\"from pkg import cli\\\\\\"\\""}}\n',
    ".vscode/tasks.json": '{"tasks": [{"command": "python -c \\"from pkg import cli\\""}]}\n',
    # a here-document fed to python (the line after its delimiter is the shell's again), a source over lines
    "scripts/heredoc.sh": "#!/bin/sh\npython3 - <<'EOF'\nimport os\nfrom pkg import cli\nEOF\necho from pkg import cli\n",
    ".gitlab-ci.yml": 'test:\n  script:\n    - |\n      python -c "\n      from pkg import cli\n      cli.main()"\n',
}
PACKAGE = {
    "pkg/__init__.py": "",
    "pkg/cli.py": "def main():\n    print('ran')\n",
    "pkg/cli_v2.py": "",
    "pkg/util.py": "",
}


def test_the_plan_lists_a_python_c_import_with_its_line(tmp_path: Path) -> None:
    root = write_files(tmp_path, {**PACKAGE, **TOOL_FILES, "scripts/notes.sh": '# python -c "from pkg import cli"\n'})
    scan = scan_repo(Config(root=root, exempt=()))
    found = {(r.path, r.line, r.kind, r.module) for r in scan.references if r.kind == "python-c"}
    lines = {"scripts/run.sh": 2, "Makefile": 2, "Dockerfile": 2, ".github/workflows/ci.yml": 4, "tox.ini": 3}
    lines |= {"package.json": 1, ".vscode/tasks.json": 1, "scripts/heredoc.sh": 4, ".gitlab-ci.yml": 5}
    expected = {(path, line, "python-c", "pkg.cli") for path, line in lines.items()}  # never the comment's
    expected |= {("Makefile", 2, "python-c", "pkg.util"), ("tox.ini", 3, "python-c", "pkg.cli_v2")}
    assert found == expected


@pytest.mark.parametrize("path", sorted(TOOL_FILES))
def test_apply_rewrites_the_import_and_keeps_its_local_name(path: str) -> None:
    text = TOOL_FILES[path]
    result = rewrite_config_refs(text, {"pkg.cli": "pkg.WF1_cli"}, path=path)
    before, after = {
        "Makefile": ("import util, cli as c", "import util, WF1_cli as c"),
        "Dockerfile": ("import (cli)", "import (WF1_cli as cli)"),
        "tox.ini": ("import cli_v2, cli", "import cli_v2, WF1_cli as cli"),  # ``cli_v2``: a longer token, left
        "scripts/heredoc.sh": ("import cli\nEOF", "import WF1_cli as cli\nEOF"),
    }.get(path, ("import cli", "import WF1_cli as cli"))
    assert text.count(before) == 1
    expected = text.replace(before, after)
    assert result.code == expected
    assert [(e.kind, e.old, e.new) for e in result.edits] == [("python-c", "pkg.cli", "pkg.WF1_cli")]


def test_a_quoted_string_a_comment_and_another_shells_c_are_left() -> None:
    text = '# python -c "from pkg import cli"\nsh -c "from pkg import cli"\necho "from pkg import cli"\n'
    assert rewrite_config_refs(text, {"pkg.cli": "pkg.WF1_cli"}, path="run.sh").code == text


def test_after_apply_the_script_runs(cli: Invoke, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_files(repo, {"guardian.toml": 'exempt = ["**/__init__.py", "pkg/util.py", "pkg/cli_v2.py"]\n', **PACKAGE})
    write_files(repo, {"run.sh": '#!/bin/sh\npython -c "from pkg import cli; cli.main()"\n'})
    committed(repo)
    cli(repo, "plan")
    cli(repo, "apply", "--all", "--no-tests")
    [moved] = (repo / "pkg").glob("WF1_*_cli.py")
    assert (repo / "run.sh").read_text() == f'#!/bin/sh\npython -c "from pkg import {moved.stem} as cli; cli.main()"\n'
    source = (repo / "run.sh").read_text().split('"')[1]
    run = subprocess.run([sys.executable, "-c", source], cwd=repo, capture_output=True, text=True, check=False)
    assert (run.returncode, run.stdout) == (0, "ran\n"), run.stderr


def test_an_indented_delimiter_closes_the_here_document() -> None:
    # a CI step's block indents its script, the here-document's ``EOF`` too: the shell text after it is not Python
    text = (
        "jobs:\n  t:\n    steps:\n      - run: |\n          python - <<EOF\n          from pkg import cli\n"
        '          EOF\n      - run: git log --grep="from pkg import cli"\n'
    )
    result = rewrite_config_refs(text, {"pkg.cli": "pkg.WF1_cli"}, path=".github/workflows/ci.yml")
    assert result.code == text.replace("import cli\n", "import WF1_cli as cli\n", 1)


@pytest.mark.parametrize(
    "text",
    [
        "python3 -c \"from pkg import cli; print('usage: from pkg import cli')\"\n",  # parsed: the string is a string
        'python3 -c "from pkg import cli; print(\\"usage: from pkg import cli\\")"\n',  # escaped: read by quotes
        'python3 -c "from pkg import cli  # from pkg import cli"\n',
    ],
)
def test_a_string_or_comment_of_the_c_source_is_no_import(text: str) -> None:
    result = rewrite_config_refs(text, {"pkg.cli": "pkg.WF1_cli"}, path="run.sh")
    assert result.code == text.replace("import cli", "import WF1_cli as cli", 1)
    assert [(e.kind, e.old) for e in result.edits] == [("python-c", "pkg.cli")]


#: the interpreter spelled as a variable (Make's, the shell's), with short options run together, or after a pipe
SPELLED = {
    "Makefile": 'PYTHON ?= python3\nrun:\n\t$(PYTHON) -c "from pkg import cli; cli.main()"\n',
    "a.sh": '#!/bin/sh\n"${PYTHON:-python3}" -c "from pkg import cli; cli.main()"\n',
    "b.sh": '#!/bin/sh\npython3 -Bc "from pkg import cli; cli.main()"\n',
    "c.sh": "#!/bin/sh\ncat <<EOF | python3\nfrom pkg import cli\ncli.main()\nEOF\n",
    "d.sh": '#!/bin/sh\npypy3 -c "from pkg import cli"\n$PYTHON_BIN -c "from pkg import cli"\n',
}


@pytest.mark.parametrize("path", sorted(SPELLED))
def test_the_interpreter_spelled_otherwise_runs_python_source(path: str) -> None:
    text = SPELLED[path]
    result = rewrite_config_refs(text, {"pkg.cli": "pkg.WF1_cli"}, path=path)
    assert result.code == text.replace("import cli", "import WF1_cli as cli")


def test_a_variable_not_named_for_python_and_a_pipe_to_another_command_are_left() -> None:
    text = '$(CC) -c "from pkg import cli"\ncat <<EOF | grep python\nfrom pkg import cli\nEOF\n'
    assert rewrite_config_refs(text, {"pkg.cli": "pkg.WF1_cli"}, path="Makefile").code == text
