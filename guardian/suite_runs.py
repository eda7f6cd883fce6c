"""Running the target's pytest command and reading each node id's outcome (``-r``'s short summary): the configured-test-
command trust zone's runner, for ``apply --tests`` (guardian/prove.py).

The command runs in the target's interpreter (``[validate] python``, else the repository's ``.venv``,
else ``python3``), with the checkout's source roots first on ``PYTHONPATH``, and under pytest-xdist's
``-n`` only when asked for and installed there.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import shutil
import subprocess
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from guardian.errors import ConfigError, UsageError
from planner.config import Config

__all__ = [
    "TestRun",
    "run_tests",
    "runner_imports",
    "target_python",
    "pytest_argv",
    "selection_argv",
    "xdist_available",
]

#: Pytest's short summary of every outcome, one line per node id: ``-rA`` less ``P``. ``P`` (passes with their
#: captured output) makes pytest scan every report once per passing test that printed anything: packaging's
#: 64,000 tests take 80 s without it and did not finish in 15 minutes with it.
_REPORT = "-rfEpxX"
#: One line of pytest's short summary: ``PASSED tests/test_x.py::test_a`` / ``FAILED id - message``.
_SUMMARY = re.compile(r"^(PASSED|FAILED|ERROR|XPASS|XFAIL) (.+)$")
#: A module's dotted name, as the runner probe prints it
DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_FAILING = frozenset({"FAILED", "ERROR"})
#: Pytest's (and its common plugins') options whose value is the next argument: that value is never a test path.
_TAKES_VALUE = frozenset(
    "-k -m -p -c -o -W -r -n --rootdir --confcutdir --basetemp --deselect --ignore --ignore-glob --maxfail "
    "--tb --durations --durations-min --junitxml --junit-xml --junit-prefix --import-mode --override-ini "
    "--config-file --inifile --capture --show-capture --color --code-highlight --pastebin --pdbcls "
    "--doctest-glob --doctest-report --assert --verbosity --log-level --log-format --log-date-format "
    "--log-cli-level --log-cli-format --log-cli-date-format --log-file --log-file-level --log-file-format "
    "--log-file-date-format --log-file-mode --log-auto-indent --report-log --cov --cov-report --cov-config "
    "--cov-fail-under --numprocesses --maxprocesses --dist --tx --rsyncdir --timeout --timeout-method "
    "--reruns --reruns-delay --hypothesis-seed --hypothesis-profile --randomly-seed".split()
)


@dataclass(frozen=True)
class TestRun:
    """Outcomes of one run of the test command, by pytest node id."""

    outcomes: Mapping[str, str]  #: node id (or a file, for a collection error) -> PASSED | FAILED | ERROR ...
    messages: dict[str, str]  #: node id -> first line of the failure
    returncode: int
    seconds: float
    tail: tuple[str, ...] = ()

    def passed(self) -> set[str]:
        return {test for test, outcome in self.outcomes.items() if outcome in ("PASSED", "XFAIL")}

    def failed(self, test: str) -> bool:
        """Did ``test`` fail, or the collection of its file?"""
        if self.outcomes.get(test) in _FAILING:
            return True
        return self.outcomes.get(test.partition("::")[0]) in _FAILING

    def lost(self, expected: Mapping[str, str], selected: Collection[str] | None) -> dict[str, str]:
        """The tests of ``expected`` (node id now -> node id before) that passed before and do not pass in
        this run: failed, or did not run although their file was run (``selected``: the files run, ``None``
        for all); a file that gained as many new passing ids as it lost is counted whole (ids the mapping
        could not follow, not losses). A test that did not run gets the message "did not run: ..."."""
        lost = {
            new: old
            for new, old in expected.items()
            if self.failed(new)
            or (new not in self.outcomes and (selected is None or new.partition("::")[0] in selected))
        }
        unknown: dict[str, int] = {}
        for test, result in self.outcomes.items():
            if test not in expected and result == "PASSED":
                unknown[test.partition("::")[0]] = unknown.get(test.partition("::")[0], 0) + 1
        missing: dict[str, list[str]] = {}
        for new in lost:
            if new not in self.outcomes and not self.failed(new):
                missing.setdefault(new.partition("::")[0], []).append(new)
        for file, tests in missing.items():
            if unknown.get(file, 0) >= len(tests):
                for new in tests:
                    del lost[new]
            else:
                for new in tests:
                    self.messages.setdefault(new, "did not run: " + (self.tail[-1] if self.tail else "no output"))
        return lost


def target_python(config: Config) -> str:
    """The target's interpreter: ``[validate] python``, else ``.venv``/``venv`` in the repo, else ``python3``
    on ``PATH``. Never Guardian's own interpreter unless the user points at it.

    Raises:
        ConfigError: the configured interpreter does not exist.
    """
    configured = config.extra_table("validate").get("python")
    if configured is not None:
        path = Path(str(configured)).expanduser()
        path = path if path.is_absolute() else config.root / path
        if not path.exists() and shutil.which(str(configured)) is None:
            raise ConfigError(
                config.source or "pyproject.toml",
                "validate.python",
                f"interpreter {configured!r} not found",
                hint='python = ".venv/bin/python"',
            )
        return str(path) if path.exists() else str(shutil.which(str(configured)))
    for candidate in (".venv/bin/python", "venv/bin/python", ".venv/Scripts/python.exe"):
        if (config.root / candidate).exists():
            return str(config.root / candidate)
    found = shutil.which("python3") or shutil.which("python")
    if found is None:
        raise ConfigError(
            config.source or "pyproject.toml",
            "validate.python",
            "no Python interpreter found",
            hint='python = "/path/to/the/project/env/bin/python"',
        )
    return found


def pytest_argv(command: str, python: str) -> list[str]:
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise UsageError(
            f"cannot split the test command {command!r}: {exc}", hint='e.g. --tests "python -m pytest -q"'
        ) from None
    if not argv or "pytest" not in " ".join(argv[:3]):
        raise UsageError(
            f"the test command {command!r} is not a pytest command",
            hint='proving batches reads pytest node ids: --tests "python -m pytest -q"',
        )
    if argv[0] in ("python", "python3"):
        argv[0] = python
    elif argv[0] in ("pytest", "py.test"):
        argv[:1] = [python, "-m", "pytest"]
    return argv


def selection_argv(argv: Sequence[str], cwd: Path) -> list[str]:
    """``argv`` without the test paths it names (``pytest tests``), to run a selection of node ids alone.

    Dropped: an argument after the pytest module or executable that is not an option, not the value of an option
    that takes one (:data:`_TAKES_VALUE`), and names an existing file or directory under ``cwd`` (``path::id``
    by its path). Options and their values stay. An ``argv`` naming no ``pytest`` is returned unchanged.
    """
    names = [Path(arg).name for arg in argv]
    start = next((i + 1 for i, name in enumerate(names) if name in ("pytest", "py.test")), None)
    if start is None:
        return list(argv)
    kept = list(argv[:start])
    value = False
    for arg in argv[start:]:
        if value or arg.startswith("-"):
            value = not value and arg in _TAKES_VALUE
            kept.append(arg)
            continue
        if not (cwd / arg.partition("::")[0]).exists():
            kept.append(arg)
    return kept


def run_tests(
    argv: Sequence[str],
    cwd: Path,
    *,
    targets: Sequence[str] = (),
    jobs: int = 1,
    timeout: float,
    pythonpath: Sequence[Path] = (),
) -> TestRun:
    """Run pytest (``argv`` plus ``-rfEpxX`` and ``targets``) in ``cwd`` and read every node id's outcome.
    With ``targets``, the test paths ``argv`` names are left out (:func:`selection_argv`): ``pytest tests``
    plus the selection would run the whole ``tests`` directory again.

    Returns:
        The run; a timeout is a run whose return code is -1.
    """
    # --color=no after the configuration's addopts: a coloured summary line (wcwidth's --color=yes) is unreadable
    command = [*(selection_argv(argv, cwd) if targets else argv), _REPORT, "--color=no", "-p", "no:cacheprovider"]
    if jobs > 1:
        command += ["-n", str(jobs)]
    command += list(targets)
    env = target_environment(pythonpath, command[0])
    started = time.monotonic()
    try:
        run = subprocess.run(command, cwd=cwd, check=False, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return TestRun({}, {}, -1, time.monotonic() - started, (f"timed out after {timeout:.0f} s",))
    outcomes: dict[str, str] = {}
    messages: dict[str, str] = {}
    lines = run.stdout.splitlines()
    for line in lines:
        match = _SUMMARY.match(line.strip())
        if match is None:
            continue
        outcome, rest = match.groups()
        test, message = (rest.rstrip(), "") if outcome == "PASSED" else _split_summary(rest)  # a pass has no message
        if outcomes.get(test) not in _FAILING:  # a test failing in teardown also passed its call: keep the failure
            outcomes[test] = outcome
        if message and outcome in _FAILING:
            messages[test] = message.strip()
    tail = tuple(line for line in (run.stdout + run.stderr).splitlines() if line.strip())[-15:]
    return TestRun(outcomes, messages, run.returncode, time.monotonic() - started, tail)


def target_environment(pythonpath: Sequence[Path], python: str) -> dict[str, str]:
    """The environment a test command of the target runs in, in ``apply``'s proof as in ``validate``: the
    checkout's source roots first on ``PYTHONPATH``, the target's virtual environment's scripts first on ``PATH``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_XDIST", "PYTEST_CURRENT_TEST"))}
    scripts = Path(python).parent
    if scripts.is_absolute() and (scripts.parent / "pyvenv.cfg").is_file():
        # a virtual environment's scripts first, as its `activate` puts them: typeguard's tests run `mypy`
        env["PATH"] = os.pathsep.join([str(scripts), *filter(None, [env.get("PATH")])])
    if pythonpath:  # the checkout's sources first: never an installed copy of the package under test
        env["PYTHONPATH"] = os.pathsep.join([*map(str, pythonpath), *filter(None, [env.get("PYTHONPATH")])])
    return env


def _split_summary(rest: str) -> tuple[str, str]:
    """``node id - message`` of a summary line. A parameter id may hold ``]`` and `` - `` itself
    (wcwidth's ``test_strip_sequences[\\x1b]0;title\\x07-]``): the id ends at the first ``]`` after its
    ``[`` that ends the line or is followed by `` - ``."""
    bracket = rest.find("[")
    dash = rest.find(" - ")
    if bracket != -1 and (dash == -1 or bracket < dash):
        end = rest.find("]", bracket)
        while end != -1:
            tail = rest[end + 1 :]
            if not tail.strip() or tail.startswith(" - "):
                return rest[: end + 1], tail[3:]
            end = rest.find("]", end + 1)
        return rest, ""
    return (rest[:dash], rest[dash + 3 :]) if dash != -1 else (rest.rstrip(), "")


def xdist_available(python: str) -> bool:
    """Is pytest-xdist installed in the target's environment?"""
    try:
        return (
            subprocess.run([python, "-c", "import xdist"], check=False, capture_output=True, timeout=60).returncode == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        return False


#: Runs pytest's start-up only (``--version --version``: a single one skips the plugins; no conftest) and prints
#: each module of the checkout that code outside it imports by its path: pytest 8.4 and later import
#: ``pygments.lexer`` and three more when they start.
_RUNNER_IMPORTS = r"""
import builtins, os, runpy, sys
marker, root, seen, original = sys.argv[1], os.path.realpath(sys.argv[2]), set(), builtins.__import__
sys.argv = ["pytest", *sys.argv[3:]]
def ours(path):
    path = os.path.realpath(path) if path else ""
    return path.startswith(root + os.sep) and not {"site-packages", "dist-packages"} & set(path.split(os.sep))
def traced(name, globals=None, locals=None, fromlist=(), level=0):
    module = original(name, globals, locals, fromlist, level)
    if level == 0 and not ours(sys._getframe(1).f_globals.get("__file__")):
        seen.add(name)
        seen.update(f"{name}.{item}" for item in fromlist or () if isinstance(item, str))
    return module
builtins.__import__ = traced
try:
    runpy.run_module("pytest", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
builtins.__import__ = original
for name in sorted(seen):
    if ours(getattr(sys.modules.get(name), "__file__", None)):
        print(marker, name)
"""


def runner_imports(argv: Sequence[str], cwd: Path, *, pythonpath: Sequence[Path], timeout: float = 120.0) -> list[str]:
    """The checkout's modules that the test runner itself imports by their paths when it starts (pytest 8.4 and
    later import ``pygments.lexer``, ``pygments.lexers.python`` ...; a ``-p pkg.plugin``): after their rename it
    could not start. Only for ``python -m pytest ...``; any failure gives none.

    Returns:
        Dotted module names, sorted.
    """
    if list(argv[1:3]) != ["-m", "pytest"]:
        return []
    marker = f"guardian-runner-import-{secrets.token_hex(8)}"
    command = [argv[0], "-c", _RUNNER_IMPORTS, marker, str(cwd), *argv[3:], "--version", "--version", "--noconftest"]
    return marked_modules(command, marker, cwd=cwd, env=target_environment(pythonpath, argv[0]), timeout=timeout)


def marked_modules(
    command: Sequence[str], marker: str, *, cwd: Path, env: Mapping[str, str], timeout: float
) -> list[str]:
    """Run ``command`` (a script in the target's interpreter that prints ``MARKER module`` lines) and read
    them: the checkout's own code prints to the same output, so only a line with this run's ``marker``
    and a dotted name counts. Any failure gives none.

    Returns:
        The dotted module names, in the order printed.
    """
    try:
        run = subprocess.run(command, cwd=cwd, check=False, capture_output=True, text=True, timeout=timeout, env=env)
    except (OSError, subprocess.TimeoutExpired):
        return []
    lines = (line.split(" ") for line in run.stdout.splitlines())
    return [words[1] for words in lines if len(words) == 2 and words[0] == marker and DOTTED.fullmatch(words[1])]
