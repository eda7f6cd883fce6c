"""The verification's compile check blames a batch only for files it stopped from compiling.

alembic 1.20's ``tools/write_pyi.py`` uses Python 3.12's f-strings (``f"{".".join(v)}"``): under the 3.11
running Guardian it never compiled. Batch 2 rewrote a module path in one of its strings, the check compiled
the file, and the whole batch was rolled back (exit 3) for an error it did not cause. Here ``return`` outside
a function stands for such a file: every parser reads it, no Python compiles it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, snapshot

from codemods.verify_graph import compile_errors

# a path the batch rewrites (a module path and a bare dot is a prefix of keys, data: docs/real-code.md section 2)
TOOL = 'TRIM = ["pkg.ops.op", "collections.abc."]\nif TRIM:\n    return\n'


def test_a_file_that_never_compiled_does_not_roll_the_batch_back(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "tools/**"]\n\n[workflows]\n"pkg/**" = 1\n',
            "pkg/__init__.py": "",
            "pkg/ops.py": "def op():\n    return 1\n",
            "tools/write_stubs.py": TOOL,
        }
    )
    committed(repo)
    original = snapshot(repo)
    cli(repo, "-q", "plan")
    cli(repo, "-q", "apply", "--all", "--no-tests")
    tool = (repo / "tools" / "write_stubs.py").read_text()
    assert tool.startswith('TRIM = ["pkg.WF1_') and '_ops.op", "collections.abc."]' in tool, tool
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_file_the_batch_broke_is_still_reported(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = (\n")
    (tmp_path / "b.py").write_text(TOOL)
    before = {"a.py": b"x = ()\n", "b.py": TOOL.encode()}
    assert [e.partition(":")[0] for e in compile_errors(tmp_path, ["a.py", "b.py"], before=before)] == ["a.py"]
    assert len(compile_errors(tmp_path, ["a.py", "b.py"])) == 2  # without what they were, both
