"""Attacks of the ninth reviewer (issue 11), both through the environment a CI job commonly has:

* a relative `PATH` entry (empty, `.`, `node_modules/.bin`) made the bare name `git`, run with the
  repository as its working directory, resolve to a `git` the checkout ships: its code ran, even under
  `--no-exec`;
* `HOME` (or `XDG_CONFIG_HOME`) inside the checkout made git read the checkout's `.gitconfig` as the user's
  global configuration, whose `trace2.*` targets append to or create any file outside.

Each test is the attack, and failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from attack_helpers import git, run, ship_git


@pytest.mark.parametrize("entry", ["", ".", "bin"])
def test_a_git_the_checkout_ships_on_a_relative_path_entry_never_runs(
    checkout: Path, outside: Path, entry: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ship_git(checkout, checkout / entry, outside, monkeypatch, entry=entry)
    (checkout / ".guardian").mkdir()
    code, _, err = run(checkout, "--no-exec", "status")
    assert not (outside / "ran").exists(), "the checkout's git ran"
    assert code == 0, err


@pytest.mark.parametrize("variable", ["HOME", "XDG_CONFIG_HOME"])
def test_a_global_git_configuration_inside_the_checkout_is_refused(
    checkout: Path, outside: Path, variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    trace = f"[trace2]\n\tnormalTarget = {outside / 'precious.txt'}\n\teventTarget = {outside}\n"
    (checkout / ".gitconfig").write_text(trace)
    (checkout / ".config" / "git").mkdir(parents=True)
    (checkout / ".config" / "git" / "config").write_text(trace)
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "ship a global configuration")
    (checkout / ".guardian").mkdir()
    monkeypatch.setenv(variable, str(checkout if variable == "HOME" else checkout / ".config"))
    before = (outside / "precious.txt").stat()
    code, _, err = run(checkout, "--no-exec", "status")
    after = (outside / "precious.txt").stat()
    assert sorted(p.name for p in outside.iterdir()) == ["precious.txt"]
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert code == 2 and variable in err, err
