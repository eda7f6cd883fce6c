"""The files tools run (JSON, Dockerfiles, shell scripts: planner/tool_files.py) are read as every reference
file is: a symlink leading out, a FIFO or a hard link is not read, and a script's ``#!`` line is read without
waiting (issue 13)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from planner.config import Config
from planner.scan import scan_repo

Tree = Callable[[dict[str, str]], Path]
PACKAGE = {"pkg/__init__.py": "", "pkg/cli.py": ""}


def test_links_out_fifos_and_hard_links_are_not_read(write_tree: Tree, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "launch.json").write_text('{"module": "pkg.cli"}\n')
    (outside / "deploy").write_text("#!/bin/sh\npython -m pkg.cli\n")
    os.chmod(outside / "deploy", 0o755)
    root = write_tree({**PACKAGE, "Procfile": "web: gunicorn pkg.cli:app\n"})
    (root / ".vscode").mkdir()
    (root / ".vscode" / "launch.json").symlink_to(outside / "launch.json")
    (root / "bin").mkdir()
    (root / "bin" / "deploy").symlink_to(outside / "deploy")
    os.mkfifo(root / "bin" / "serve")  # named like a script, executable: never opened
    os.chmod(root / "bin" / "serve", 0o755)
    os.mkfifo(root / "Dockerfile")
    os.link(outside / "deploy", root / "bin" / "linked")  # a second name of a file outside
    scan = scan_repo(Config(root=root, exempt=()))
    assert {r.path for r in scan.references} == {"Procfile"}


def test_a_link_inside_the_checkout_is_read_through_its_target(write_tree: Tree) -> None:
    # the link itself is no reference file: apply never writes through a symlink (it stopped the batch,
    # beautifulsoup4's NEWS.txt -> CHANGELOG); the target is read, and rewritten, itself
    root = write_tree({**PACKAGE, "scripts/deploy.sh": "#!/bin/sh\npython -m pkg.cli\n"})
    os.chmod(root / "scripts" / "deploy.sh", 0o755)
    (root / "bin").mkdir()
    (root / "bin" / "deploy").symlink_to("../scripts/deploy.sh")
    scan = scan_repo(Config(root=root, exempt=()))
    assert {(r.path, r.kind) for r in scan.references} == {("scripts/deploy.sh", "shell")}
