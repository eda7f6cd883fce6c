"""Performance figures validate compares: import time of each top-level package, test-suite time.

Import times are measured in a fresh isolated interpreter (``-I``: no PYTHONPATH, no user site,
no current directory) with the checkout's source roots first on ``sys.path``, so an installed
copy of the package is never what gets measured. Bytecode goes to a private ``-X pycache_prefix``
directory: the checkout is not written to, and every run after the first reads warm bytecode, the
same way before and after the migration.

An import's time is its wall-clock time less the time the process spent waiting for a CPU (the
run-queue delay Linux keeps in ``/proc/self/schedstat``; elsewhere nothing is taken off): on a
busy machine the wall clock alone swung a 17 ms import to 101 ms, the best of three runs, while
sleeping or reading files still counts as it should.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from guardian.errors import ConfigError
from planner.config import Config

DEFAULT_THRESHOLD = 1.5
#: Differences below these never fail the check: they are noise on a shared machine.
IMPORT_SLACK_SECONDS = 0.05
TESTS_SLACK_SECONDS = 2.0
RUNS = 3


@dataclass(frozen=True)
class Regression:
    what: str
    baseline: float
    current: float

    @property
    def ratio(self) -> float:
        return self.current / self.baseline if self.baseline > 0 else float("inf")


def top_level_packages(modules: Iterable[str]) -> list[str]:
    """The distinct first components of the dotted module names, sorted."""
    return sorted({name.split(".", 1)[0] for name in modules})


_MARKER = "guardian-import-seconds:"
#: The child's program: the import timed, less the run-queue delay over it, printed last on stderr.
_TIMED_IMPORT = """\
import sys, time
def waited():
    try:
        with open("/proc/self/schedstat") as stat:
            return int(stat.read().split()[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0
sys.path[:0] = {roots!r}
delay, start = waited(), time.perf_counter()
import {package}
elapsed, delay = time.perf_counter() - start, waited() - delay
sys.stderr.write("\\n{marker}%r\\n" % max(elapsed - delay, 0.0))
"""


def _measured(stderr: str) -> float | None:
    """The seconds the child printed after :data:`_MARKER` (its last such line)."""
    for line in reversed(stderr.splitlines()):
        if line.startswith(_MARKER):
            try:
                return float(line[len(_MARKER) :])
            except ValueError:
                return None
    return None


def import_times(config: Config, packages: Iterable[str], *, timeout: float = 120.0) -> dict[str, float | str]:
    """Best-of-``RUNS`` import time of each package in seconds, or the error that stopped its import.
    Nothing runs when the execution policy refuses it (guardian.execpolicy: ``--no-exec``)."""
    from guardian.execpolicy import refusal

    if refusal(config) is not None:
        return {}
    roots = [str((config.root / r).resolve()) for r in config.source_roots]
    result: dict[str, float | str] = {}
    packages = [p for p in packages if p.isidentifier()]  # a name is pasted into the child's program
    with tempfile.TemporaryDirectory(prefix="guardian-pycache-") as cache:
        for package in packages:
            code = _TIMED_IMPORT.format(roots=roots, package=package, marker=_MARKER)
            best: float | None = None
            error = None
            for attempt in range(RUNS + 1):  # the first run only warms the private bytecode cache
                run = subprocess.run(
                    [sys.executable, "-I", "-X", f"pycache_prefix={cache}", "-c", code],
                    cwd=config.root,
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                )
                if run.returncode != 0:
                    error = (run.stderr.strip().splitlines() or ["import failed"])[-1]
                    break
                seconds = _measured(run.stderr)
                if seconds is not None and attempt > 0:
                    best = seconds if best is None else min(best, seconds)
            result[package] = error if error is not None else (best if best is not None else "no timing line")
    return result


def regressions(
    baseline: Mapping[str, float], current: Mapping[str, float], threshold: float, slack: float
) -> list[Regression]:
    """Entries slower than ``threshold`` x their baseline and by more than ``slack`` seconds."""
    found = []
    for what, before in baseline.items():
        after = current.get(what)
        if after is None:
            continue
        if after > before * threshold and after - before > slack:
            found.append(Regression(what, before, after))
    return found


def threshold(config: Config) -> float:
    """``[tool.guardian.validate] perf_threshold`` (a ratio >= 1), default 1.5.

    Raises:
        ConfigError: the value is not a number >= 1.
    """
    value = config.extra_table("validate").get("perf_threshold", DEFAULT_THRESHOLD)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 1:
        return float(value)
    raise ConfigError(
        config.source or "pyproject.toml",
        "validate.perf_threshold",
        f"expected a ratio >= 1, got {value!r}",
        hint="perf_threshold = 1.5 (50% slower fails)",
    )
