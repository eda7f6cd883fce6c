"""Attacks of the fifteenth reviewer (issue 11):

* an absolute ``PATH`` entry inside the checkout (``$REPO/node_modules/.bin`` added by a CI step, an
  activated ``$REPO/.venv/bin``) made ``git`` resolve to a program the checkout ships: it ran even under
  ``--no-exec`` (the ninth review's fix skipped relative entries only);
* an output path named through a symlink to the repository (``~/proj -> /data/proj``) counted as
  outside it, so its directory was trusted and a ``db -> ../outside`` symlink the checkout ships was
  followed: ``plan -o`` and ``enums sql -o`` wrote outside.

Each test is the attack, and failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from attack_helpers import git, run, ship_git, snapshot


@pytest.mark.parametrize("entry", ["node_modules/.bin", ".venv/bin"])
def test_a_git_the_checkout_ships_on_an_absolute_path_entry_in_the_repository_never_runs(
    checkout: Path, outside: Path, entry: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ship_git(checkout, checkout / entry, outside, monkeypatch)
    code, _, err = run(checkout, "--no-exec", "status")
    assert not (outside / "ran").exists(), "the checkout's git ran"
    assert code == 0, err


def test_an_output_named_through_a_symlink_to_the_repository_never_follows_the_checkouts_links(
    checkout: Path, outside: Path, tmp_path: Path
) -> None:
    (checkout / "db").symlink_to(Path("..") / "outside")  # shipped by the checkout
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "ship a link")
    (tmp_path / "proj").symlink_to(checkout)  # the user's own path to the repository
    before = snapshot(outside)
    code, _, err = run(checkout, "--no-exec", "plan", "-o", str(tmp_path / "proj" / "db" / "plan.json"))
    assert snapshot(outside) == before, "plan -o wrote outside the repository"
    assert code != 0 and "db" in err
    code, _, err = run(checkout, "--no-exec", "plan", "-o", str(tmp_path / "proj" / "plan.json"))
    assert code == 0, err
    assert (checkout / "plan.json").is_file()  # inside, named through the link: written in the repository


def test_a_pager_of_the_checkout_named_by_an_absolute_pager_variable_never_runs(
    checkout: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from guardian.render import pager_argv
    from rollback import programs

    shipped = checkout / "tools" / "pager"
    shipped.parent.mkdir()
    shipped.write_text(f"#!/bin/sh\necho ran >> {outside / 'ran'}\n")
    shipped.chmod(0o755)
    monkeypatch.setenv("PAGER", str(shipped))
    monkeypatch.setattr(programs, "_search", programs.ProgramSearch.outside(checkout))  # as the start-up check does
    assert pager_argv() is None
    elsewhere = outside / "pager"  # the same program outside the repository is the user's choice
    elsewhere.write_bytes(shipped.read_bytes())
    elsewhere.chmod(0o755)
    monkeypatch.setenv("PAGER", f"{elsewhere} -R")
    assert pager_argv() == [str(elsewhere), "-R"]
