"""A module linked out of the repository is a hazard the plan names (breaker finding 10).

``pkg/linked.py -> ../../outside/linked.py`` importing ``pkg.target``: Guardian rightly reads and writes no file
out of the repository, but the plan said nothing of it, and after apply its import of the renamed module died.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'


def test_a_module_linked_out_of_the_repository_is_a_hazard(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path], tmp_path: Path
) -> None:
    repo = write_tree({"guardian.toml": CONFIG, "pkg/__init__.py": "", "pkg/target.py": "VALUE = 1\n"})
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "linked.py").write_text("from pkg.target import VALUE\n")
    os.symlink(os.path.relpath(outside / "linked.py", repo / "pkg"), repo / "pkg/linked.py")
    (repo / "pkg/inside.py").write_text("from pkg.target import VALUE\n")
    os.symlink("inside.py", repo / "pkg/alias.py")  # a link inside the repository is read: no hazard
    committed(repo)

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    hazards = [(h["kind"], h["module"], h["path"]) for h in plan["hazards"] if h["kind"] == "outside-link"]
    assert hazards == [("outside-link", "pkg.linked", "pkg/linked.py")]
