"""Fixtures of the attack suite: a small git checkout and a sibling directory the attacker aims at."""

from __future__ import annotations

from pathlib import Path

import pytest
from attack_helpers import git


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A directory beside the checkout, holding a file the attacker wants to overwrite."""
    target = tmp_path / "outside"
    target.mkdir()
    (target / "precious.txt").write_text("keep me\n")
    return target


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A committed checkout with one package of three modules and a configuration."""
    root = tmp_path / "checkout"
    files = {
        "guardian.toml": 'source_roots = ["src"]\npattern = "{name}"\n[workflows]\n"src/pkg/**" = 1\n',
        "src/pkg/__init__.py": "",
        "src/pkg/a.py": "import pkg.b\n",
        "src/pkg/b.py": "VALUE = 1\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial")
    return root
