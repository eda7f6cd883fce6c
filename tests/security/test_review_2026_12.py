"""A fresh review of the trust model, run as an attacker who controls the checkout (December 2026).

Each test is one attack that worked on the code before its fix; what the review tried that held is
listed in the issue's closing note.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from attack_helpers import git, run


def _marker_script(tmp_path: Path, marker: Path, *, passthrough: bool = False) -> Path:
    script = tmp_path / f"{marker.name}.sh"
    script.write_text(f"#!/bin/sh\ntouch {marker}\n" + ("cat\n" if passthrough else "exit 1\n"))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.fixture
def checkout(checkout: Path) -> Path:
    """The suite's checkout with a pattern that renames its modules, so that `apply` has work to do."""
    (checkout / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "WF{workflow}_{name}"\n[workflows]\n"src/pkg/**" = 1\n'
    )
    git(checkout, "commit", "-qam", "renaming pattern")
    return checkout


def test_a_submodule_filter_driver_runs_nothing(checkout: Path, tmp_path: Path) -> None:
    """A nested repository committed as a submodule defines its own clean filter in its own
    .git/config; `git status` in the checkout recurses into it and would run the filter there."""
    marker = tmp_path / "submodule-filter-ran"
    script = _marker_script(tmp_path, marker, passthrough=True)
    sub = checkout / "vendor/sub"
    sub.mkdir(parents=True)
    (sub / "data.txt").write_text("data\n")
    (sub / ".gitattributes").write_text("* filter=evil\n")
    git(sub, "init", "-q")
    git(sub, "add", "-A")
    git(sub, "commit", "-q", "-m", "sub")
    git(sub, "config", "filter.evil.clean", str(script))
    git(checkout, "add", "vendor/sub")
    git(checkout, "commit", "-q", "-m", "submodule")
    with (sub / "data.txt").open("a") as data:  # changed: git cleans it to compare
        data.write("more\n")
    code, _, err = run(checkout, "--no-exec", "plan")
    assert code == 0, err
    code, _, err = run(checkout, "--no-exec", "apply", "--all")
    assert code == 0, err
    code, _, err = run(checkout, "--no-exec", "revert", "--all")
    assert code == 0, err
    assert not marker.exists()


def test_a_partial_clone_fetches_nothing_through_the_checkouts_ssh_command(checkout: Path, tmp_path: Path) -> None:
    """A shipped .git/ that says it is a partial clone, with HEAD's tree missing: git fetches a
    missing object from the promisor remote on demand, running core.sshCommand from .git/config."""
    marker = tmp_path / "ssh-command-ran"
    script = _marker_script(tmp_path, marker)
    for key, value in {
        "core.repositoryformatversion": "1",
        "extensions.partialClone": "origin",
        "remote.origin.url": "ssh://example.invalid/repo.git",
        "remote.origin.promisor": "true",
        "core.sshCommand": str(script),
    }.items():
        git(checkout, "config", key, value)
    tree = git(checkout, "rev-parse", "HEAD^{tree}").strip()
    (checkout / ".git/objects" / tree[:2] / tree[2:]).unlink()
    for command in (["plan"], ["status"], ["apply", "--all"], ["journal"], ["revert", "--all"]):
        code, _, err = run(checkout, "--no-exec", *command)
        assert code != 1, (command, err)
        if command[0] == "apply":  # git cannot read HEAD's tree: a one-line error, nothing applied
            assert code == 2 and "`git status` failed" in err and "bad tree object" in err, err
    assert not marker.exists()


@pytest.mark.parametrize("shims", [False, True])
def test_validate_no_exec_imports_no_old_public_path(checkout: Path, tmp_path: Path, shims: bool) -> None:
    """`validate`'s old-public-paths check imports the renamed package to compare its old and new
    paths; it ran under --no-exec whenever a renamed module stayed public (a shim, or a package
    that binds the old name: `from . import b` is rewritten `from . import WF1_b as b`)."""
    marker = tmp_path / "package-imported"
    (checkout / "src/pkg/__init__.py").write_text(f"from . import b\nopen({str(marker)!r}, 'w').close()\n")
    git(checkout, "commit", "-qam", "package binds its module")
    assert run(checkout, "--no-exec", "plan")[0] == 0
    code, _, err = run(checkout, "--no-exec", "apply", "--all", *(["--shims"] if shims else []))
    assert code == 0, err
    code, out, err = run(checkout, "--no-exec", "--json", "validate")
    assert '"old-public-paths"' in out, out
    assert not marker.exists()
