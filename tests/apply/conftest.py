"""Fixtures of the apply tests: the CLI in process and a committed copy of sample_repo/."""

from __future__ import annotations

from pathlib import Path

import pytest
from apply_helpers import Invoke, committed
from click.testing import CliRunner, Result

from guardian.cli import main


@pytest.fixture
def cli() -> Invoke:
    """``cli(repo, *args, code=0)``: run guardian in process; assert the exit code and no traceback."""

    def invoke(repo: Path, *args: str, code: int | None = 0) -> Result:
        result = CliRunner().invoke(main, ["--repo", str(repo), *args], catch_exceptions=False)
        assert "Traceback" not in result.output
        if code is not None:
            assert result.exit_code == code, f"guardian {' '.join(args)} -> {result.exit_code}\n{result.output[-3000:]}"
        return result

    return invoke


@pytest.fixture
def sample_git(sample_copy: Path) -> Path:
    """A committed git copy of sample_repo/."""
    return committed(sample_copy)
