"""Python scripts that are no ``.py`` file of a package are Python too (issue 13, review 22's documented holes).

A CI job's ``.github/scripts/release.py`` imports the package it releases: discovery walked ``.github/`` for
workflows only, so its imports and strings kept the old module paths and the release job failed after the
rename. It is a script outside the source roots now, read and rewritten as any other (Rope its imports, the
string codemod its strings).

An executable without a suffix whose first line is ``#!/usr/bin/env python3`` (``bin/mytool``) is Python too:
discovery took it for no script at all (only a shell's ``#!`` was read), so it was neither read nor rewritten.
It is read as Python now (its imports, its strings; the plan lists it as an importer) and rewritten by the
libcst import pass and the string codemod (Rope reads ``.py`` files only).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, write_files

from planner.config import Config
from planner.scan import scan_repo

PACKAGE = {
    "guardian.toml": 'exempt = ["**/__init__.py"]\n',
    "pkg/__init__.py": "",
    "pkg/cli.py": "def main():\n    print('ran')\n",
}
#: a script importing the package three ways and naming a module in a string
SCRIPT = """import importlib
import pkg.cli
import pkg.cli as alias
from pkg import cli as c
from pkg.cli import main

NAME = "pkg.cli"

if __name__ == "__main__":
    main()
    c.main()
    importlib.import_module(NAME).main()
    pkg.cli.main()
    alias.main()
"""


def test_a_ci_scripts_imports_and_strings_follow_the_rename(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", {**PACKAGE, ".github/scripts/release.py": SCRIPT})
    scan = scan_repo(Config(root=repo, exempt=()))
    assert ".github/scripts/release.py" in {s.path for s in scan.scripts}
    committed(repo)
    cli(repo, "plan")
    cli(repo, "apply", "--all", "--no-tests")
    [moved] = (repo / "pkg").glob("WF1_*_cli.py")
    script = repo / ".github/scripts/release.py"
    assert script.read_text() == SCRIPT.replace("pkg.cli", f"pkg.{moved.stem}").replace(
        "from pkg import cli as c", f"from pkg import {moved.stem} as c"
    )
    env = {**os.environ, "PYTHONPATH": str(repo)}
    run = subprocess.run([sys.executable, str(script)], cwd=repo, capture_output=True, text=True, check=False, env=env)
    assert (run.returncode, run.stdout) == (0, "ran\n" * 5), run.stderr


def test_a_suffixless_python_scripts_imports_and_strings_follow_the_rename(cli: Invoke, tmp_path: Path) -> None:
    shebang = "#!/usr/bin/env python3\n"
    repo = write_files(tmp_path / "repo", {**PACKAGE, "bin/mytool": shebang + SCRIPT, "bin/notes": shebang + SCRIPT})
    (repo / "bin/mytool").chmod(0o755)  # ``bin/notes`` is not executable: no script, not read
    scan = scan_repo(Config(root=repo, exempt=()))
    assert {s.path: s.name for s in scan.scripts} == {"bin/mytool": "bin.mytool"}
    assert {(r.path, r.line, r.kind) for r in scan.references if r.path.startswith("bin/")} == {
        ("bin/mytool", 8, "string")
    }
    committed(repo)
    cli(repo, "plan")
    cli(repo, "apply", "--all", "--no-tests")
    [moved] = (repo / "pkg").glob("WF1_*_cli.py")
    script = repo / "bin/mytool"
    assert script.read_text() == shebang + SCRIPT.replace("pkg.cli", f"pkg.{moved.stem}").replace(
        "from pkg import cli as c", f"from pkg import {moved.stem} as c"
    )
    assert (repo / "bin/notes").read_text() == shebang + SCRIPT
    env = {**os.environ, "PYTHONPATH": str(repo)}
    run = subprocess.run([sys.executable, str(script)], cwd=repo, capture_output=True, text=True, check=False, env=env)
    assert (run.returncode, run.stdout) == (0, "ran\n" * 5), run.stderr
    cli(repo, "revert", "--all")
    assert script.read_text() == shebang + SCRIPT


def test_a_suffixless_python_script_larger_than_guardian_reads_is_an_input_error(cli: Invoke, tmp_path: Path) -> None:
    """``bin/huge`` (``#!/usr/bin/env python3``, 69 MB) was skipped without a word and broke after the rename
    (review 23): a Python script Guardian cannot read is refused as a ``.py`` one is, exit 2 naming it."""
    from planner.checkout_files import MAX_FILE_BYTES

    repo = write_files(tmp_path / "repo", PACKAGE)
    huge = repo / "bin/huge"
    huge.parent.mkdir()
    with huge.open("wb") as out:
        out.write(b"#!/usr/bin/env python3\nfrom pkg import cli\ncli.main()\n")
        out.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk written
    huge.chmod(0o755)
    committed(repo)
    done = cli(repo, "plan", code=2)
    assert "bin/huge" in done.output and "larger than Guardian reads" in done.output, done.output


def test_a_suffixless_python_script_over_two_megabytes_is_rewritten(cli: Invoke, tmp_path: Path) -> None:
    """A ``#!`` Python script is Python at any size Guardian reads: over the 2 MB of a data file it was skipped."""
    text = "#!/usr/bin/env python3\nfrom pkg import cli\ncli.main()\n# " + "x" * 2_100_000 + "\n"
    repo = write_files(tmp_path / "repo", {**PACKAGE, "bin/big": text})
    (repo / "bin/big").chmod(0o755)
    committed(repo)
    cli(repo, "plan")
    cli(repo, "apply", "--all", "--no-tests")
    [moved] = (repo / "pkg").glob("WF1_*_cli.py")
    assert (repo / "bin/big").read_text() == text.replace("import cli\n", f"import {moved.stem} as cli\n")


@pytest.mark.parametrize(
    "shebang", ["#!/usr/bin/env -S uv run --script\n# /// script\n# ///\n", "#!/usr/bin/env pypy3\n"]
)
def test_a_suffixless_script_run_by_uv_or_pypy_is_python(tmp_path: Path, shebang: str) -> None:
    repo = write_files(tmp_path / "repo", {**PACKAGE, "bin/tool": shebang + SCRIPT})
    (repo / "bin/tool").chmod(0o755)
    scan = scan_repo(Config(root=repo, exempt=()))
    assert {s.path: s.name for s in scan.scripts} == {"bin/tool": "bin.tool"}
    assert any(r.path == "bin/tool" and r.kind == "string" for r in scan.references)
