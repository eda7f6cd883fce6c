"""A file Guardian's Python cannot parse: the plan says why, and an exempt one does not hide its imports (breaker k14)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

#: Python 3.12 syntax (PEP 695, PEP 701) in a project whose tests run on 3.12
NEW_SYNTAX = {
    "pkg/__init__.py": "",
    "pkg/mathops.py": "def double(x):\n    return 2 * x\n",
    "pkg/generic.py": "from pkg import mathops\n\n\ntype Pair[T] = tuple[T, T]\n\n\ndef first[T](xs: list[T]) -> T:\n"
    "    return mathops.double(xs[0])\n",
    "pkg/fstr.py": 'import pkg.mathops\n\nD = {"k": 2}\n\n\ndef show():\n    return f"{D["k"]}:{pkg.mathops.double(2)}"\n',
}


def guardian(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guardian", "--repo", str(repo), *args],
        capture_output=True,
        text=True,
        cwd=repo,
        timeout=120,
    )


def _tree(root: Path, files: dict[str, str], exempt: tuple[str, ...] = ()) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    assert guardian(root, "init").returncode == 0
    if exempt:
        config = root / "guardian.toml"
        listed = ", ".join(f'"{path}"' for path in exempt)
        text, count = re.subn(r"(?m)^exempt = \[", f"exempt = [{listed}, ", config.read_text())
        assert count == 1
        config.write_text(text)
    return root


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="Python 3.12 parses PEP 695 and PEP 701")
def test_newer_syntax_is_named_with_guardians_python(tmp_path: Path) -> None:
    """The conflict said "invalid syntax ... fix it or exempt it" of valid 3.12 code; exempting hid its imports."""
    run = guardian(_tree(tmp_path, NEW_SYNTAX), "plan")
    assert run.returncode == 3, run.stdout + run.stderr
    output = run.stdout + run.stderr
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    for path, line in (("pkg/fstr.py", 7), ("pkg/generic.py", 4)):
        conflict = next(row for row in output.splitlines() if row.startswith(f"  [syntax-error] {path} -> ?: "))
        assert f"line {line}: " in conflict
        assert f"Guardian runs on Python {version}, and this line is Python 3.12+ syntax" in conflict
        assert "run Guardian with Python 3.12+" in conflict and "fix it or exempt it" not in conflict


def test_a_real_syntax_error_keeps_its_message(tmp_path: Path) -> None:
    files = {"pkg/__init__.py": "", "pkg/mathops.py": "X = 1\n", "pkg/broken.py": "import pkg.mathops\ndef f(:\n"}
    run = guardian(_tree(tmp_path, files), "plan")
    assert run.returncode == 3
    output = run.stdout + run.stderr
    assert "[syntax-error] pkg/broken.py -> ?: line 2: " in output and "fix it or exempt it" in output
    assert "Python 3.12+" not in output


def test_an_exempt_file_that_does_not_parse_is_a_hazard_on_the_modules_it_may_import(tmp_path: Path) -> None:
    """k14b: the unparsable files exempted, the plan was clean (``importers 0``) and apply broke both imports."""
    files = {
        "pkg/__init__.py": "",
        "pkg/mathops.py": "def double(x):\n    return 2 * x\n",
        "pkg/textops.py": "X = 1\n",
        "pkg/legacy.py": "import os\nfrom pkg import (\n    mathops,\n)\n\ndef f(:\n    pass\n",
        "pkg/other.py": "import os\nx = (\n",
    }
    run = guardian(_tree(tmp_path, files, exempt=("pkg/legacy.py", "pkg/other.py")), "plan")
    assert run.returncode == 0, run.stdout + run.stderr
    row = next(r for r in run.stdout.splitlines() if r.startswith("pkg/mathops.py "))
    assert row.split()[-1] == "unparsed-importer"
    assert next(r for r in run.stdout.splitlines() if r.startswith("pkg/textops.py ")).split()[-1] == "0"
    hazards = run.stdout.partition("\nHazards: ")[2].splitlines()
    assert hazards[0] == "1 (unparsed-importer)"
    assert hazards[1].startswith("  pkg/legacy.py:2: [unparsed-importer] pkg/legacy.py does not parse with")
    assert "pkg/other.py" not in run.stdout
