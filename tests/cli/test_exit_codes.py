"""One exit-code table (``failures.ExitCode``), one error base (``failures.Failure``), both documented.

Every error class of every package derives from ``Failure`` and exits with a code of the table, and
the table is exactly the README's "Exit codes" table: a new code, or an error that bypasses the
base, fails here before a user meets it.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from pathlib import Path

import pytest

from failures import ExitCode, Failure

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("failures", "planner", "rollback", "codemods", "guardian")


def _all_modules() -> list[str]:
    names = []
    for package in PACKAGES:
        names.append(package)
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
            if not info.name.endswith("__main__"):  # running it is the command itself
                names.append(info.name)
    return names


def _error_classes() -> list[type[BaseException]]:
    """Every exception class defined in the packages that carries an ``exit_code``."""
    found: dict[str, type[BaseException]] = {}
    for name in _all_modules():
        for value in vars(importlib.import_module(name)).values():
            if isinstance(value, type) and issubclass(value, BaseException) and value.__module__ == name:
                found[f"{name}.{value.__qualname__}"] = value
    return [cls for _, cls in sorted(found.items()) if hasattr(cls, "exit_code")]


def _readme_codes() -> set[int]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    return {int(code) for code in re.findall(r"^\| (\d+) \|", section, flags=re.MULTILINE)}


def test_the_table_is_the_readme_table():
    assert {int(code) for code in ExitCode} == _readme_codes()


def test_every_package_base_is_the_one_base():
    from codemods.errors import CodemodError
    from guardian.errors import GuardianError
    from planner.errors import PlannerError
    from rollback.errors import RollbackError

    for base in (PlannerError, CodemodError, RollbackError, GuardianError):
        assert base.__bases__ == (Failure,), base


def test_every_error_class_derives_from_the_base_and_exits_with_a_documented_code():
    classes = _error_classes()
    names = {cls.__name__ for cls in classes}
    # the walk reaches every package's errors (a walk that found nothing would prove nothing)
    assert {"InputError", "PreflightError", "Drift", "ConfigError", "LockHeld", "PlanRefused"} <= names
    documented = _readme_codes()
    for cls in classes:
        assert issubclass(cls, Failure), f"{cls.__module__}.{cls.__qualname__} bypasses failures.Failure"
        assert isinstance(cls.exit_code, ExitCode), cls
        assert cls.exit_code in documented, cls
        assert cls.exit_code not in (ExitCode.OK, ExitCode.INTERRUPTED), cls


def test_an_undocumented_code_is_refused_when_the_class_is_made():
    with pytest.raises(ValueError, match="5 is not a valid ExitCode"):

        class Undocumented(Failure):
            exit_code = 5


def _errors() -> list[tuple[Failure, int]]:
    from codemods.errors import PreflightError
    from planner.errors import InputError
    from rollback.errors import Drift

    return [
        (InputError("src/x.py", "unreadable"), 2),
        (PreflightError(["bad target"]), 3),
        (Drift("7", ["a.py: changed"]), 4),
        (Failure("boom"), 1),
    ]


@pytest.mark.parametrize(("error", "code"), _errors(), ids=lambda value: type(value).__name__)
def test_the_command_exits_with_the_code_of_the_error(
    error: Failure, code: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    from guardian.cli import main

    @main.command("raise-for-test")
    def raise_for_test() -> None:
        raise error

    try:
        with pytest.raises(SystemExit) as exited:
            main.main(["--repo", str(tmp_path), "--json", "raise-for-test"], prog_name="guardian")
    finally:
        main.commands.pop("raise-for-test")
    assert exited.value.code == code
    reported = json.loads(capsys.readouterr().err)["error"]
    assert reported["exit_code"] == code
    assert reported["type"] == type(error).__name__
    assert reported["message"] == error.message
