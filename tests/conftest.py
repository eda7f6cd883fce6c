"""Fixtures shared by the whole suite: small trees on disk and the sample repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "bench"))  # bench/ holds scripts, not a package
import sdists  # noqa: E402

SAMPLE_REPO = REPO_ROOT / "sample_repo"

TreeWriter = Callable[[Mapping[str, str]], Path]
GuardianRun = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def write_tree(tmp_path: Path) -> TreeWriter:
    """Write ``{relative path: text}`` under a fresh directory (text is dedented) and return it."""

    def write(files: Mapping[str, str]) -> Path:
        root = tmp_path / "repo"
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        root.mkdir(exist_ok=True)
        return root

    return write


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of sample_repo/ (tests may change it freely)."""
    target = tmp_path / "sample_repo"
    shutil.copytree(SAMPLE_REPO, target, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", ".guardian"))
    return target


@pytest.fixture(scope="session")
def guardian() -> GuardianRun:
    """``guardian(repo, *args, timeout=600, env=None)``: the installed CLI in a fresh process started in
    ``repo`` with ``--repo repo``, as a user runs it (``env`` adds to the environment); the exit code is
    the caller's to check."""

    def run(
        repo: Path, *args: str, timeout: float = 600, env: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "guardian", "--repo", str(repo), *args],
            capture_output=True,
            text=True,
            cwd=repo,
            timeout=timeout,
            env=None if env is None else {**os.environ, **env},
            check=False,
        )

    return run


@pytest.fixture(scope="session")
def checkout_tests() -> Callable[[Path], subprocess.CompletedProcess[str]]:
    """``checkout_tests(repo)``: the checkout's own ``tests`` suite in a fresh pytest, ``src`` on the path."""

    def run(repo: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            env={**os.environ, "PYTHONPATH": str(repo / "src")},
        )

    return run


def fetch_sdist(name: str, version: str) -> Path:
    """The extracted source of ``name==version`` from the package registry (``bench/sdists.py``,
    shared with the benchmarks), downloaded at test time into a cache outside the repository;
    skipped when the registry cannot be reached (a failure under CI=true)."""
    try:
        return sdists.fetch_sdist(name, version)
    except sdists.SdistUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(str(exc))
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def sdist() -> Callable[[str, str], Path]:
    """``sdist(name, version)``: see :func:`fetch_sdist`."""
    return fetch_sdist


PG_ADMIN_DSN = os.environ.get("GUARDIAN_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(scope="module")
def scratch_pg() -> Iterator[Callable[..., str]]:
    """``scratch_pg(prefix, *sql_files)``: the URL of a fresh PostgreSQL database on the server of
    ``GUARDIAN_TEST_PG_DSN``, loaded with ``sql_files``, dropped when the test module ends. Without a
    server the test is skipped with the reason (a failure under ``CI=true``)."""
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        reason = f"PostgreSQL at {PG_ADMIN_DSN} is not reachable: {str(exc).strip().splitlines()[0]}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    created: list[str] = []

    def create(prefix: str, *sql_files: Path) -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        admin.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        url = f"{PG_ADMIN_DSN.rpartition('/')[0]}/{name}"
        with psycopg.connect(url, autocommit=True) as conn:
            for script in sql_files:
                conn.execute(script.read_text(encoding="utf-8"))
        return url

    try:
        yield create
    finally:
        for name in created:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _private_state_dir() -> None:
    """Guardian's per-user key (rollback.auth) goes to a directory of this test run, not the user's home;
    set at import so that every ``guardian`` subprocess a test starts inherits it."""
    import atexit
    import tempfile

    if "GUARDIAN_STATE_DIR" not in os.environ:
        state = tempfile.mkdtemp(prefix="guardian-state-")
        os.environ["GUARDIAN_STATE_DIR"] = state
        atexit.register(shutil.rmtree, state, True)


_private_state_dir()
