"""Attacks of the sixteenth reviewer (issue 11): in a monorepo Guardian's root is one package of the
checkout (``--repo pkg``, or a run from ``pkg/``), and the start-up and output checks took only that
package for the repository: a ``git`` the checkout ships beside it (``node_modules/.bin`` on ``PATH``)
ran under ``--no-exec``, and ``plan -o docs/plan.json`` followed a ``docs -> ../outside`` link the
checkout ships. The whole checkout (the nearest directory holding ``.git``) is now what is checked.

Each test is the attack, and failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from attack_helpers import git, package, run, ship_git, snapshot


def test_a_git_the_checkout_ships_beside_the_package_never_runs(
    checkout: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg = package(checkout)
    ship_git(checkout, checkout / "node_modules" / ".bin", outside, monkeypatch)
    code, _, err = run(pkg, "--no-exec", "status")
    assert not (outside / "ran").exists(), "the checkout's git ran"
    assert code == 0, err


def test_an_output_beside_the_package_never_follows_the_checkouts_links(
    checkout: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg = package(checkout)
    (checkout / "docs").symlink_to(Path("..") / "outside")
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "a package and a link")
    monkeypatch.chdir(checkout)
    before = snapshot(outside)
    code, _, err = run(pkg, "--no-exec", "plan", "-o", "docs/plan.json")
    assert snapshot(outside) == before, "plan -o wrote outside the checkout"
    assert code != 0 and "docs" in err
