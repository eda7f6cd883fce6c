"""A real package's source, downloaded from the registry at run time (the benchmarks and the tests).

``fetch_sdist(name, version)`` returns the extracted sdist of ``name==version``, cached outside the
repository in ``GUARDIAN_TEST_CACHE`` (default ``~/.cache/guardian-tests``): ``pip download`` once,
then the extracted tree is reused. ``tests/conftest.py`` turns :class:`SdistUnavailable` into a
skip (a failure under ``CI=true``); the benchmarks let it stop the run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path


class SdistUnavailable(Exception):
    """The registry could not be reached or has no sdist of that version."""


def cache_dir() -> Path:
    return Path(os.environ.get("GUARDIAN_TEST_CACHE", Path.home() / ".cache" / "guardian-tests"))


def fetch_sdist(name: str, version: str) -> Path:
    """The extracted sdist of ``name==version`` (downloaded once, then taken from the cache).

    Raises:
        SdistUnavailable: ``pip download`` failed or gave no ``.tar.gz`` (the message says why).
    """
    cache = cache_dir()
    target = cache / f"{name}-{version}"
    if (target / ".complete").exists():
        return target
    download = cache / "downloads"
    download.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:"]
    try:
        run = subprocess.run(
            [*command, "-d", str(download), f"{name}=={version}"], capture_output=True, text=True, timeout=600
        )
    except subprocess.TimeoutExpired:
        raise SdistUnavailable(f"cannot download the sdist of {name}=={version}: pip timed out") from None
    archives = sorted(download.glob(f"{name.replace('-', '_')}-{version}.tar.gz")) + sorted(
        download.glob(f"{name}-{version}.tar.gz")
    )
    if run.returncode != 0 or not archives:
        raise SdistUnavailable(f"cannot download the sdist of {name}=={version}: {run.stderr.strip()[-300:]}")
    shutil.rmtree(target, ignore_errors=True)
    with tarfile.open(archives[0]) as archive:
        archive.extractall(cache / "extract", filter="data")
    shutil.move(str(cache / "extract" / archives[0].name[: -len(".tar.gz")]), target)
    (target / ".complete").write_text("")
    return target
