"""Which ``python -m unittest`` command lines discover test modules, and by which file-name pattern (breaker c17)."""

from __future__ import annotations

import pytest

from planner.unittest_discovery import command_patterns


@pytest.mark.parametrize(
    ("text", "patterns"),
    [
        ("python -m unittest\n", ["test*.py"]),  # no module named: unittest discovers
        ("python -m unittest -v\n", ["test*.py"]),
        ("python -m unittest tests.test_x\n", []),  # named tests
        ('python -m unittest discover -s suites -p "suite_*.py"\n', ["suite_*.py"]),
        ("python3 -m unittest discover tests 'case_*.py' .\n", ["case_*.py"]),  # START PATTERN TOP
        ("coverage run -m unittest discover --pattern=chk_*.py && echo done\n", ["chk_*.py"]),
        ("\tpython -m unittest -v discover -t . -s pkg -p 'y*.py'; make docs\n", ["y*.py"]),
        ('commands = python -m unittest discover -p "unclosed\n', ["unclosed"]),  # unparsable: words as they are
        ("python -m unittestx discover\n", []),
    ],
)
def test_discovery_patterns_of_command_lines(text: str, patterns: list[str]) -> None:
    assert [p for p, _ in command_patterns(text)] == patterns
