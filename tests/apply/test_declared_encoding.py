"""A module path in a file written in the encoding its PEP 263 line declares (``# -*- coding: latin-1 -*-``) is
rewritten like any other (breaker's c12). The plan listed ``"pkg.m1"`` there as a ``string-part`` rewrite, Rope
rewrote the file's imports (it reads the declaration), but the string pass decoded the bytes as UTF-8, libcst refused
the result and apply only warned "references not rewritten: not UTF-8 text": the string kept the old path and
``import_module`` of it failed after apply. The pass now reads and writes such a file in its declared encoding;
its other bytes (``café``) stay as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, snapshot

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
LATIN = '# -*- coding: latin-1 -*-\nimport importlib\n\nLABEL = "café"\nNAME = "pkg.m1"\n\n\ndef value():\n    return importlib.import_module(NAME).V\n'
SUITE = """\
from pkg import names


def test_declared_encoding():
    assert names.value() == 3 and names.LABEL == "caf\\u00e9"
"""


def test_a_declared_encoding_is_read_and_kept(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(
        {"guardian.toml": CONFIG, "pkg/__init__.py": "", "pkg/m1.py": "V = 3\n", "tests/test_names.py": SUITE}
    )
    (repo / "pkg/names.py").write_bytes(LATIN.encode("latin-1"))
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    cli(repo, "-q", "plan")
    result = cli(repo, "apply", "--all", "--no-tests")
    assert "not UTF-8" not in result.output
    new = next(repo.glob("pkg/WF*_m1.py")).stem
    after = next(repo.glob("pkg/WF*_names.py")).read_bytes()
    assert after == LATIN.replace('"pkg.m1"', f'"pkg.{new}"').encode("latin-1")
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
