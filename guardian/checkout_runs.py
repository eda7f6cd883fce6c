"""The checks of ``guardian validate`` that run the checkout's code in another interpreter: import every module
(:func:`check_imports`) and run the configured test command (:func:`check_tests`); which interpreter
(:func:`check_python`, ``[validate] python``), the command's argv and its timeout. ``apply``'s proof
(guardian/prove.py) and the public-path check (guardian/public_paths.py) run the checkout the same way.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from guardian.errors import ConfigError
from guardian.execpolicy import refusal
from guardian.suite_runs import target_environment, target_python
from guardian.tracking import CheckRecord
from planner.config import Config

__all__ = ["IMPORT_TIMEOUT", "check_imports", "check_python", "check_tests", "command_argv", "tests_timeout"]

DEFAULT_TESTS_TIMEOUT = 1800.0
IMPORT_TIMEOUT = 600.0

_IMPORT_ALL = r"""
import importlib, json, os, sys, traceback, warnings
roots, names, repo, out = json.loads(sys.argv[1])
sys.path[:0] = roots
warnings.simplefilter("ignore")
repo = os.path.realpath(repo) + os.sep
failures = {}
for name in names:
    try:
        module = importlib.import_module(name)
    except BaseException as exc:  # SystemExit or KeyboardInterrupt from a module body is a failure too
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if os.path.realpath(f.filename).startswith(repo)]
        where = f" ({os.path.relpath(frames[-1].filename, repo)}:{frames[-1].lineno})" if frames else ""
        failures[name] = f"{type(exc).__name__}: {exc}{where}"
        continue
    path = getattr(module, "__file__", None)
    if path and not os.path.realpath(path).startswith(repo):
        failures[name] = f"imported from outside the checkout: {path}"
with open(out, "w", encoding="utf-8") as handle:
    json.dump(failures, handle)
"""


def check_imports(config: Config, modules: Sequence[str], known: Mapping[str, str] | None = None) -> CheckRecord:
    """Import every module in one fresh isolated interpreter with only the checkout's source roots added.

    ``known``: modules that already failed to import at the assess baseline (a Windows-only module
    on Linux, say), by their current names; they are reported but do not fail the check."""
    started = time.monotonic()
    refused = refusal(config)
    if refused is not None:
        return CheckRecord.timed("imports", None, f"skipped: {refused}", started)
    roots = [str((config.root / r).resolve()) for r in config.source_roots]
    with tempfile.TemporaryDirectory(prefix="guardian-import-") as scratch:
        out = Path(scratch) / "result.json"
        argument = json.dumps([roots, sorted(modules), str(config.root), str(out)])
        try:
            run = subprocess.run(
                [check_python(config), "-I", "-X", f"pycache_prefix={scratch}/pycache", "-c", _IMPORT_ALL, argument],
                cwd=config.root,
                capture_output=True,
                text=True,
                timeout=IMPORT_TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            return CheckRecord.timed(
                "imports", False, f"importing the modules took over {IMPORT_TIMEOUT:.0f} s", started
            )
        if not out.is_file():
            tail = (run.stderr.strip().splitlines() or ["no output"])[-1]
            return CheckRecord.timed(
                "imports", False, f"the import process died (exit {run.returncode}): {tail}", started
            )
        failures: dict[str, str] = json.loads(out.read_text(encoding="utf-8"))
    new = {k: v for k, v in failures.items() if k not in (known or {})}
    detail = (
        f"{len(modules)} modules import"
        if not failures
        else f"{len(new)} of {len(modules)} modules fail: " + "; ".join(f"{k}: {v}" for k, v in sorted(new.items())[:5])
        if new
        else f"{len(modules) - len(failures)} modules import"
    )
    if len(failures) > len(new):
        detail += f"; {len(failures) - len(new)} failed already before the migration: " + ", ".join(
            sorted(k for k in failures if k not in new)[:5]
        )
    return CheckRecord.timed("imports", not new, detail, started, modules=len(modules), failures=failures)


def check_python(config: Config) -> str:
    """The interpreter validate's checks run the checkout in: ``[validate] python`` when it is set (the target's
    environment, as ``apply --tests`` uses: requests' modules import urllib3, which Guardian's lacks), else
    Guardian's own.

    Raises:
        ConfigError: the configured interpreter does not exist.
    """
    if config.extra_table("validate").get("python") is None:
        return sys.executable
    return target_python(config)


def command_argv(config: Config) -> list[str] | None:
    """The configured test command as argv; ``python``/``python3`` become :func:`check_python`'s interpreter.

    Raises:
        ConfigError: the command string cannot be split (unbalanced quotes).
    """
    if not config.validate_tests:
        return None
    try:
        argv = shlex.split(config.validate_tests)
    except ValueError as exc:
        raise ConfigError(
            config.source or "pyproject.toml",
            "validate.tests",
            f"cannot split the command: {exc}",
            hint='e.g. tests = "python -m pytest -q"',
        ) from None
    if argv and argv[0] in ("python", "python3"):
        argv[0] = check_python(config)
    return argv or None


def tests_timeout(config: Config) -> float:
    """``[tool.guardian.validate] timeout`` in seconds (default 1800).

    Raises:
        ConfigError: not a positive number.
    """
    value = config.extra_table("validate").get("timeout", DEFAULT_TESTS_TIMEOUT)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return float(value)
    raise ConfigError(
        config.source or "pyproject.toml",
        "validate.timeout",
        f"expected seconds > 0, got {value!r}",
        hint="timeout = 1800",
    )


def check_tests(config: Config) -> CheckRecord:
    """Run the configured test command from the repository root; its wall time is a metric."""
    started = time.monotonic()
    argv = command_argv(config)
    if argv is None:
        return CheckRecord.timed("tests", None, "no test command configured ([tool.guardian.validate] tests)", started)
    refused = refusal(config)
    if refused is not None:
        return CheckRecord.timed("tests", None, f"skipped `{config.validate_tests}`: {refused}", started)
    # as apply's proof runs it: the checkout's source roots first, never an installed copy of the package
    env = target_environment([config.root / r for r in config.source_roots], argv[0])
    timeout = tests_timeout(config)
    try:
        run = subprocess.run(argv, cwd=config.root, capture_output=True, text=True, timeout=timeout, env=env)
    except FileNotFoundError:
        return CheckRecord.timed("tests", False, f"command not found: {argv[0]}", started)
    except subprocess.TimeoutExpired:
        return CheckRecord.timed("tests", False, f"`{config.validate_tests}` took over {timeout:.0f} s", started)
    seconds = round(time.monotonic() - started, 3)
    lines = [line for line in (run.stdout + run.stderr).strip().splitlines() if line.strip()]
    summary = lines[-1] if lines else "no output"
    return CheckRecord.timed(
        "tests",
        run.returncode == 0,
        f"`{config.validate_tests}` exit {run.returncode}: {summary}",
        started,
        seconds=seconds,
        returncode=run.returncode,
        tail=lines[-20:] if run.returncode else [],
    )
