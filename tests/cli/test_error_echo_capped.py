"""An error quoting the input stays one short line (breaker finding 13).

``pattern = "WF{workflow}_{name:>100000000}"`` is refused, rightly, but its error echoed the generated name:
a 100 MB "one-line" error. Every error is printed through ``failures.one_line``: what it quotes of a
configuration value, a generated name or a file's line is cut in the middle (and says so), line breaks shown.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from failures import MAX_MESSAGE, Failure, one_line

CONFIG = 'pattern = "WF{{workflow}}_{{name:>{width}}}"\nexempt = ["**/__init__.py"]\n\n[workflows]\n"pkg/**" = 1\n'


@pytest.mark.parametrize("width", [3_000_000])
def test_an_error_echoing_a_generated_name_stays_short(write_tree, width: int) -> None:
    repo = write_tree({"guardian.toml": CONFIG.format(width=width), "pkg/__init__.py": "", "pkg/mod.py": "X = 1\n"})
    run = subprocess.run(
        [sys.executable, "-m", "guardian", "--repo", str(repo), "plan"], capture_output=True, text=True, timeout=180
    )
    assert run.returncode == 2, run.stderr[:2000]
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("guardian: error: "), run.stderr[:2000]
    assert len(lines[0]) < 3 * MAX_MESSAGE and "characters cut" in lines[0]
    assert "Traceback" not in run.stderr


def test_one_line_keeps_both_ends_and_cuts_no_word_in_two() -> None:
    value = "postgres://user:secret@db/x" + "y" * 10_000
    text = one_line(f"guardian.toml: key dsn = {value} is not a name")
    assert text.startswith("guardian.toml: key dsn = [... ") and text.endswith("cut ...] is not a name")
    assert "secret" not in text
    assert one_line("first\nsecond\r\nthird") == "first / second / third"
    failure = Failure("x" * 100_000, hint="h" * 100_000)
    assert len(str(failure)) < 3 * MAX_MESSAGE
