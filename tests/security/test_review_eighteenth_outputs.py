"""Attacks of the eighteenth reviewer on output paths (issue 11): ``plan -o docs/plan.json`` and ``report
--html docs/r.html`` run as ``guardian --repo pkg`` from a tree's top wrote through a ``docs -> ../outside``
link that tree ships, when the checkout Guardian protects ended at ``pkg``: a tree without any ``.git`` (a
release tarball), or one whose package ships a ``.git`` directory of its own (where the walk up stops).
An output path is now walked from the tree Guardian is run from when the checkout is below it
(failures.paths.run_tree), and no program is taken from that tree either (a ``node_modules/.bin/git``
on ``PATH`` beside a package that ships its own ``.git`` directory ran). Each test is the attack, and
failed before its fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from attack_helpers import git, package, run, snapshot


@pytest.mark.parametrize("layout", ["tarball", "git directory in the package"])
@pytest.mark.parametrize("command", [("plan", "-o", "docs/plan.json"), ("report", "--html", "docs/r.html")])
def test_an_output_never_follows_a_link_of_the_tree_run_from(
    tmp_path: Path, outside: Path, monkeypatch: pytest.MonkeyPatch, layout: str, command: tuple[str, ...]
) -> None:
    top = tmp_path / "top"
    pkg = package(top)
    if layout != "tarball":
        git(pkg, "init", "-q")
    (top / "docs").symlink_to(Path("..") / "outside")
    monkeypatch.chdir(top)
    before = snapshot(outside)
    code, _, err = run(pkg, "--no-exec", *command)
    assert snapshot(outside) == before, f"{command[0]} wrote outside through the tree's docs link"
    assert code == 2 and "docs" in err, err


def test_an_output_through_a_real_directory_of_the_tree_run_from_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = tmp_path / "top"
    pkg = package(top)
    (top / "docs").mkdir()
    monkeypatch.chdir(top)
    code, _, err = run(pkg, "--no-exec", "plan", "-o", "docs/plan.json")
    assert code == 0, err
    assert (top / "docs" / "plan.json").is_file()


def test_a_git_beside_a_package_shipping_its_own_git_directory_never_runs(
    tmp_path: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = tmp_path / "top"
    pkg = package(top)
    git(pkg, "init", "-q")  # the walk up from the package stops at this .git directory
    tool = top / "node_modules" / ".bin" / "git"
    tool.parent.mkdir(parents=True)
    tool.write_text(f"#!/bin/sh\necho ran >> {outside / 'ran'}\nexit 1\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tool.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.chdir(top)  # a CI job in the tarball's top: guardian --repo pkg
    code, _, err = run(pkg, "--no-exec", "status")
    assert not (outside / "ran").exists(), "the tarball's node_modules/.bin/git ran"
    assert code == 0, err
