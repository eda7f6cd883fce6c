"""Rewrite the golden SQL files: ``python -m tests.enums.regenerate`` (review the ``git diff`` after)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from golden_cases import GOLDEN, cases, golden_files  # noqa: E402


def main() -> int:
    """Regenerate every case; returns the process exit code."""
    for case, steps in cases().items():
        shutil.rmtree(GOLDEN / case, ignore_errors=True)
        for path, text in golden_files(case, steps).items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        print(f"{case}: {len(steps)} steps")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
