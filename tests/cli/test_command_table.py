"""The lazily loaded command table matches what the command modules register, and a command
loads only its own module (``guardian revert`` does not pay for libcst, Rope or NetworkX)."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import click

import guardian.commands
from guardian.commands import COMMANDS, STARTUP_CHECKS


def test_table_names_every_registered_command_and_its_module() -> None:
    registered: dict[str, str] = {}
    for info in pkgutil.iter_modules(guardian.commands.__path__):
        module = importlib.import_module(f"guardian.commands.{info.name}")
        group = click.Group()
        module.register(group)
        registered.update(dict.fromkeys(group.commands, info.name))
    assert registered == COMMANDS


def test_startup_checks_resolve() -> None:
    for _name, module, function, _skips in STARTUP_CHECKS:
        assert callable(getattr(importlib.import_module(module), function))


def test_help_lists_every_command() -> None:
    from click.testing import CliRunner

    from guardian.cli import main

    result = CliRunner().invoke(main, ["--help"], standalone_mode=False)
    assert result.exit_code == 0, result.output
    listed = {line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line.strip()}
    assert listed == set(COMMANDS)


def test_revert_and_journal_load_neither_rope_nor_libcst_nor_networkx(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom guardian.cli import main\n"
        f"for args in (['--repo', {str(tmp_path)!r}, 'journal'], ['--repo', {str(tmp_path)!r}, 'revert', '--all']):\n"
        "    try:\n        main(args)\n    except SystemExit:\n        pass\n"
        "print(sorted(m for m in ('rope', 'libcst', 'networkx', 'sqlglot') if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stdout.strip().splitlines()[-1] == "[]", run.stdout + run.stderr
    assert "the journal is empty" in run.stdout and "no applied batch" in run.stderr


def test_plan_loads_neither_rope_nor_libcst(tmp_path: Path) -> None:
    """Planning is the graph's work: the codemods' libraries are for apply."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "mod.py").write_text("import os\n")
    code = (
        "import sys\nfrom guardian.cli import main\n"
        f"try:\n    main(['--repo', {str(tmp_path)!r}, '-q', 'plan'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('rope', 'libcst') if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert (tmp_path / ".guardian" / "plan.json").is_file(), run.stdout + run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]", run.stdout + run.stderr
