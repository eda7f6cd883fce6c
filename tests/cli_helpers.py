"""``guardian`` run in the test's own process, as the suites that drive the command line use it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from guardian.cli import main


def run(repo: Path, *args: str) -> tuple[int, str, str]:
    """``guardian --repo REPO ARGS`` in this process; no traceback may reach the output.

    Returns:
        (exit code, stdout, stderr).
    """
    result = CliRunner().invoke(main, ["--repo", str(repo), *args], catch_exceptions=False)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr
