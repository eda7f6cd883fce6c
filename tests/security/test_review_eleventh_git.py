"""Attacks of the eleventh reviewer (issue 11) on git and the environment Guardian runs in. Each test is
the attack, and failed before its fix:

* a `.git` file naming a dotfiles repository (yadm, vcsh: `core.worktree = $HOME`): its `core.worktree`
  holds the checkout, which was taken as "a submodule found through it"; `git status` rewrote its index;
* a `.git` file naming another repository with a split index: the start-up `git ls-files` ran before
  any foreign-git-directory check, and git "freshened" the other repository's `sharedindex.*`;
* a relative `XDG_CONFIG_HOME` or `HOME` (or `GIT_CONFIG_GLOBAL`, `GIT_DIR`): git resolved it in the
  checkout and read the checkout's file as the user's configuration (a `trace2` target writes anywhere);
* `PYTHONPATH=.`: the checkout's `click.py` ran inside `guardian --no-exec`;
* a configuration `[include]` of a FIFO: git waits for ever, and so did Guardian.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from attack_helpers import git, run

OLD = 1_000_000_000


def _renaming(checkout: Path) -> None:
    (checkout / "guardian.toml").write_text(
        'source_roots = ["src"]\npattern = "{name}_x"\n[workflows]\n"src/pkg/**" = 1\n'
    )


def test_a_git_file_naming_a_dotfiles_repository_is_refused(checkout: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text('alias ll="ls -l"\n')
    dotfiles = home / ".local/share/yadm/repo.git"  # what `yadm init` makes
    git(tmp_path, "init", "-q", "--bare", str(dotfiles))
    git(tmp_path, f"--git-dir={dotfiles}", "config", "core.bare", "false")
    git(tmp_path, f"--git-dir={dotfiles}", "config", "core.worktree", str(home))
    git(home, f"--git-dir={dotfiles}", "add", ".bashrc")
    git(home, f"--git-dir={dotfiles}", "commit", "-qm", "dotfiles")
    repo = home / "src" / "evil"  # the hostile checkout, extracted under the home directory
    repo.parent.mkdir()
    (checkout / ".git").rename(tmp_path / "unused.git")
    checkout.rename(repo)
    (repo / ".git").write_text("gitdir: ../../.local/share/yadm/repo.git\n")
    _renaming(repo)
    index = dotfiles / "index"
    os.utime(index, (OLD, OLD))
    before = index.read_bytes()
    run(repo, "--no-exec", "plan")
    code, _, err = run(repo, "--no-exec", "apply", "--all")
    assert index.read_bytes() == before and index.stat().st_mtime == OLD, "git rewrote the dotfiles' index"
    assert code == 2 and "repo.git" in err, err


@pytest.mark.parametrize("command", ["status", "plan", "journal"])
def test_no_command_reads_the_index_a_git_file_names(checkout: Path, tmp_path: Path, command: str) -> None:
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    git(other, "config", "core.splitIndex", "true")
    (other / "a.txt").write_text("a\n")
    git(other, "add", "a.txt")
    git(other, "commit", "-qm", "init")
    (shared,) = (other / ".git").glob("sharedindex.*")
    os.utime(shared, (OLD, OLD))
    os.utime(other / ".git" / "index", (OLD, OLD))
    (checkout / ".git").rename(tmp_path / "unused.git")
    (checkout / ".git").write_text("gitdir: ../other/.git\n")
    (checkout / ".guardian").mkdir()
    code, _, err = run(checkout, "--no-exec", command)
    assert shared.stat().st_mtime == OLD, "git freshened another repository's sharedindex file"
    assert (other / ".git" / "index").stat().st_mtime == OLD, "git rewrote another repository's index"
    assert code == 2 and "other/.git" in err, err


def _trace_to(outside: Path) -> str:
    return f"[trace2]\n\teventTarget = {outside / 'written'}\n"


@pytest.mark.parametrize(
    ("variable", "value", "config"),
    [
        ("XDG_CONFIG_HOME", ".config", ".config/git/config"),
        ("HOME", ".", ".gitconfig"),
        ("GIT_CONFIG_GLOBAL", "evil.gitconfig", "evil.gitconfig"),
        ("GIT_CONFIG_SYSTEM", "evil.gitconfig", "evil.gitconfig"),
    ],
)
def test_a_relative_config_location_does_not_make_git_read_the_checkout(
    checkout: Path, outside: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, config: str
) -> None:
    (checkout / config).parent.mkdir(parents=True, exist_ok=True)
    (checkout / config).write_text(_trace_to(outside))
    monkeypatch.setenv(variable, value)
    codes = [run(checkout, "--no-exec", command) for command in ("plan", "status")]
    assert not (outside / "written").exists(), f"git read the checkout's {config} as its configuration"
    if variable in ("HOME", "XDG_CONFIG_HOME"):
        assert all(code == 2 and variable in err for code, _, err in codes), codes


@pytest.mark.parametrize(
    ("variable", "value"), [("GIT_INDEX_FILE", "../other/.git/index"), ("GIT_DIR", "../other/.git")]
)
def test_git_variables_of_the_environment_name_no_other_repository(
    checkout: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    (other / "a.txt").write_text("a\n")
    git(other, "add", "a.txt")
    git(other, "commit", "-qm", "init")
    index = other / ".git" / "index"
    os.utime(index, (OLD, OLD))
    before = index.read_bytes()
    _renaming(checkout)
    git(checkout, "commit", "-qam", "a naming pattern")
    monkeypatch.setenv(variable, value)  # relative: resolves from the checkout
    run(checkout, "--no-exec", "plan")
    code, _, err = run(checkout, "--no-exec", "apply", "--all")
    assert index.read_bytes() == before and index.stat().st_mtime == OLD, "git changed another repository's index"
    assert code == 0, err  # git runs without them: the checkout's own .git
    assert (checkout / "src/pkg/b_x.py").exists()
    monkeypatch.delenv(variable)
    assert "src/pkg/b_x.py" in git(checkout, "ls-files")  # git add -N recorded the rename in the checkout's index


def _guardian() -> str:
    return str(Path(sys.executable).parent / "guardian")


@pytest.mark.parametrize("value", [".", "src", "{checkout}"])
def test_pythonpath_into_the_checkout_runs_none_of_its_modules(checkout: Path, outside: Path, value: str) -> None:
    payload = f"open({str(outside / 'ran')!r}, 'w').write('ran')\nraise SystemExit(0)\n"
    for folder in (checkout, checkout / "src"):
        (folder / "click.py").write_text(payload)
        # Guardian's own bottom package too: the check itself imports nothing through sys.path
        (folder / "failures").mkdir()
        (folder / "failures" / "__init__.py").write_text(payload)
    env = {**os.environ, "PYTHONPATH": value.format(checkout=checkout), "GUARDIAN_NO_EXEC": "1"}
    done = subprocess.run(
        [_guardian(), "--no-exec", "status"], cwd=checkout, env=env, capture_output=True, text=True, timeout=120
    )
    assert not (outside / "ran").exists(), "guardian imported the checkout's click.py or failures/"
    assert done.returncode == 2 and "PYTHONPATH" in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_a_config_include_of_a_fifo_ends_in_a_clear_error(checkout: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rollback import safegit

    monkeypatch.setattr(safegit, "LOCATE_TIMEOUT", 2.0)
    monkeypatch.setattr(safegit, "GIT_TIMEOUT", 2.0)
    os.mkfifo(checkout / ".git" / "hang")
    with (checkout / ".git" / "config").open("a") as config:
        config.write("[include]\n\tpath = hang\n")
    code, _, err = run(checkout, "--no-exec", "status")
    assert code == 2 and "did not finish" in err and "include" in err, err


def test_a_worker_starts_without_pythonpath_or_user_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers start as `python -c ...`: what they import before Guardian's code runs comes from the
    environment. They start like `python -E -s` with PYTHONSAFEPATH (their sys.path is the parent's)."""
    from planner.processes import process_pool

    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "threading.py").write_text(f"open({str(tmp_path / 'ran')!r}, 'w').close()\nraise SystemExit(3)\n")
    monkeypatch.setenv("PYTHONPATH", str(shadow))
    with process_pool(1) as pool:
        seen = pool.submit(os.getenv, "PYTHONPATH").result(timeout=120)
        user_site = pool.submit(os.getenv, "PYTHONNOUSERSITE").result(timeout=120)
    assert not (tmp_path / "ran").exists(), "a worker imported threading.py from PYTHONPATH"
    assert seen is None and user_site == "1"
    assert os.environ["PYTHONPATH"] == str(shadow)
