"""Helpers of the attack suite: git, a git program the checkout ships, the command line run in-process (click's
CliRunner), snapshots."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import run


def git(repo: Path, *args: str) -> str:
    run = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def ship_git(
    checkout: Path, folder: Path, outside: Path, monkeypatch: pytest.MonkeyPatch, entry: str | None = None
) -> None:
    """The checkout ships, and commits, a ``git`` program in ``folder`` that appends to ``outside/ran`` and
    fails when it runs; ``PATH`` starts with ``entry`` (else ``folder`` itself, an absolute entry) and the
    current directory is the checkout, as in a CI job."""
    tool = folder / "git"
    tool.parent.mkdir(parents=True, exist_ok=True)
    tool.write_text(f"#!/bin/sh\necho ran >> {outside / 'ran'}\nexit 1\n")
    tool.chmod(0o755)
    git(checkout, "add", "-A", "-f")
    git(checkout, "commit", "-qm", "ship a git")
    monkeypatch.setenv("PATH", f"{folder if entry is None else entry}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.chdir(checkout)


def package(top: Path, name: str = "pkg") -> Path:
    """A package of a monorepo with its own configuration (Guardian's root, ``--repo pkg``) under ``top``."""
    pkg = top / name
    (pkg / "src" / "lib").mkdir(parents=True)
    (pkg / "guardian.toml").write_text('source_roots = ["src"]\npattern = "{name}"\n[workflows]\n"src/lib/**" = 1\n')
    (pkg / "src" / "lib" / "__init__.py").write_text("")
    (pkg / "src" / "lib" / "a.py").write_text("import lib.b\n")
    (pkg / "src" / "lib" / "b.py").write_text("VALUE = 1\n")
    return pkg


def submodule_monorepo(tmp_path: Path) -> tuple[Path, Path]:
    """A committed monorepo ``mono/`` whose package ``mono/pkg`` is a git submodule (its ``.git`` a file
    naming ``../.git/modules/pkg``), as ``git clone --recurse-submodules`` makes it.

    Returns:
        (the superproject's top, the package).
    """
    source = package(tmp_path, "sub")
    git(source, "init", "-q")
    git(source, "add", "-A")
    git(source, "commit", "-qm", "a package")
    top = tmp_path / "mono"
    top.mkdir()
    git(top, "init", "-q")
    git(top, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(source), "pkg")
    git(top, "commit", "-qm", "the package as a submodule")
    assert (top / "pkg" / ".git").is_file()
    return top, top / "pkg"


def guardian_program() -> str:
    """The installed ``guardian`` command, for an attack on what runs before any of Guardian's code does."""
    return str(Path(sys.executable).parent / "guardian")


def plan_apply_revert(repo: Path) -> None:
    """The whole cycle under ``--no-exec``: ``plan``, ``apply --all`` and ``revert --all``, each exit 0
    (what a booby-trapped checkout must let pass without running anything)."""
    for args in (("plan",), ("apply", "--all"), ("revert", "--all")):
        code, _, err = run(repo, "--no-exec", *args)
        assert code == 0, err


def with_schema(checkout: Path, schema: str = "db/schema.sql") -> None:
    """Give the checkout a database section naming ``schema`` (and a one-table ``db/schema.sql``)."""
    (checkout / "db").mkdir(exist_ok=True)
    (checkout / "db/schema.sql").write_text("CREATE TABLE t (id int);\n")
    with (checkout / "guardian.toml").open("a") as config:
        config.write(f'[database]\nschema = ["{schema}"]\n')


def snapshot(root: Path) -> dict[str, tuple[str, ...]]:
    """Every path under ``root`` (symlinks not followed): its kind and content hash or link target, and
    for a file its mode and modification time (a chmod or a "touch" through a link changes a file too)."""
    found: dict[str, tuple[str, ...]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path))
            elif path.is_dir():
                found[rel] = ("dir", "")
            else:
                info = path.stat()
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[rel] = ("file", digest, oct(info.st_mode), str(info.st_mtime_ns))
    return found


def mariadb_file(db: Any, path: Path, charset: str | None = None) -> subprocess.CompletedProcess[bytes]:
    """``path`` run by the mariadb (or mysql) client on the test database ``db``, as a user runs a
    generated file (``mariadb DB < FILE``), with ``--default-character-set=charset`` when given (a GBK
    locale or a my.cnf saying so); skipped when no client is installed."""
    tool = shutil.which("mariadb") or shutil.which("mysql")
    if tool is None:
        pytest.skip("the mariadb/mysql client is not installed")
    cmd = [tool, "-h", db.dsn.host, "-P", str(db.dsn.port), "-u", db.dsn.user, db.dsn.database]
    if charset:
        cmd.insert(1, f"--default-character-set={charset}")
    if db.dsn.password:
        cmd.insert(1, f"--password={db.dsn.password}")
    with path.open("rb") as stdin:
        return subprocess.run(cmd, stdin=stdin, capture_output=True, timeout=120)


def guardian_process(
    cwd: Path, state: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120, **run: Any
) -> subprocess.CompletedProcess[str]:
    """``guardian --no-exec ARGS`` in a process of its own, from ``cwd``, with the key and journal state in
    ``state`` and the environment ``env`` (default: this one's); ``run`` goes to :func:`subprocess.run`."""
    environ = {**(os.environ if env is None else env), "GUARDIAN_STATE_DIR": str(state), "PYTHONSAFEPATH": "1"}
    return subprocess.run(
        [sys.executable, "-m", "guardian", "--no-exec", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **run,
    )


def status_with_temporary_dir(checkout: Path, tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    """``guardian --no-exec status`` in a process of its own (``tempfile`` picks its directory once per
    process), from ``checkout``, with the temporary-directory variables replaced by ``variables``."""
    env = {k: v for k, v in os.environ.items() if k not in ("TMPDIR", "TEMP", "TMP", "GUARDIAN_SCRATCH")}
    env.update({**variables, "GUARDIAN_NO_EXEC": "1"})
    return guardian_process(checkout, tmp_path / "state", "status", env=env)
