"""Which tests ``apply --tests`` runs after a batch (issue 13 step 4): those that import a renamed module,
directly or transitively, and those that import a module reaching a renamed one at run time by its path in
a string (a table of module paths, a computed import, a lazy table, discovery), as the plan lists them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, snapshot

#: The registry's table names its plugins by module path; nothing imports a plugin by an import statement
#: (Pygments' ``lexers/_mapping.py``, read by ``lexers/__init__.py``'s ``__import__``).
TABLE = 'PLUGINS = {"json": "reg.formats.jsonfmt", "csv": "reg.formats.csvfmt"}\n'
REGISTRY = """import importlib

from reg._table import PLUGINS


def load(name):
    return importlib.import_module(PLUGINS[name])


def by_module_name(short):
    for path in PLUGINS.values():
        if path.rpartition(".")[2] == short:  # the module's own name: no reference a rename can rewrite
            return importlib.import_module(path)
    raise KeyError(short)
"""
FORMAT = 'def dump(value):\n    return "{name}:" + repr(value)\n'
TESTS = """from reg.registry import by_module_name, load


def test_json_by_its_table_key():
    assert load("json").dump(1) == "json:1"


def test_csv_by_its_module_name():
    assert by_module_name("csvfmt").dump(2) == "csv:2"
"""


def _repo(root: Path, exempt: str = '"reg/_table.py", ', batch_size: int = 20, tests: str = TESTS) -> Path:
    (root / "reg" / "formats").mkdir(parents=True)
    (root / "tests").mkdir()
    files = {
        "reg/__init__.py": "",
        "reg/_table.py": TABLE,
        "reg/registry.py": REGISTRY,
        "reg/formats/__init__.py": "",
        "reg/formats/jsonfmt.py": FORMAT.format(name="json"),
        "reg/formats/csvfmt.py": FORMAT.format(name="csv"),
        "tests/test_registry.py": tests,
    }
    for rel, text in files.items():
        (root / rel).write_text(text)
    (root / "guardian.toml").write_text(
        f'exempt = ["**/__init__.py", {exempt}"reg/registry.py", "tests/**"]\nbatch_size = {batch_size}\n'
        f'[validate]\ntests = "python -m pytest -q"\npython = {json.dumps(sys.executable)}\n'
    )
    return committed(root)


def test_a_test_reaching_renamed_modules_only_through_a_table_of_paths_is_selected(cli: Invoke, tmp_path: Path) -> None:
    """Pygments' lexer batches ran 43 of its 5,330 tests: the tests reach the lexers through
    ``get_lexer_by_name``, whose table names each lexer's module in a string, and import no lexer."""
    repo = _repo(tmp_path / "repo")
    cli(repo, "-q", "plan")
    plan = json.loads((repo / ".guardian" / "plan.json").read_text())
    [batch] = plan["batches"]
    assert sorted(r["old_module"] for r in batch["renames"]) == ["reg.formats.csvfmt", "reg.formats.jsonfmt"]
    before = snapshot(repo)
    result = cli(repo, "apply", "--all", code=3)  # the default selection, not --all-tests
    assert "tests: batch 1: running 1 test file(s)" in result.output
    assert snapshot(repo) == before  # rolled back
    csv = next(r["new_module"] for r in batch["renames"] if r["old_module"] == "reg.formats.csvfmt")
    assert f"culprit rename(s): reg.formats.csvfmt -> {csv};" in result.output
    assert "tests/test_registry.py::test_csv_by_its_module_name: KeyError: 'csvfmt'" in result.output
    assert "test_json_by_its_table_key" not in result.output.partition("failing:")[2]  # the table was rewritten


def test_the_table_renamed_by_an_earlier_batch_still_selects_the_tests(cli: Invoke, tmp_path: Path) -> None:
    """Pygments' batch 1 renamed ``lexers/_mapping.py`` itself: the plan's references name its old path."""
    repo = _repo(tmp_path / "repo", exempt="", batch_size=1)
    cli(repo, "-q", "plan")
    plan = json.loads((repo / ".guardian" / "plan.json").read_text())
    assert [[r["old_module"] for r in b["renames"]] for b in plan["batches"]] == [
        ["reg._table"],
        ["reg.formats.csvfmt"],
        ["reg.formats.jsonfmt"],
    ]
    result = cli(repo, "apply", "--all", code=3)
    assert "tests: batch 1: running 1 test file(s)" in result.output  # the registry imports the table
    assert "tests: batch 2: running 1 test file(s)" in result.output
    assert "batch 2 broke 1 test(s) that passed before and was rolled back" in result.output
    assert (repo / "reg" / "formats" / "csvfmt.py").exists() and not (repo / "reg" / "_table.py").exists()


#: A pytest plugin outside the checkout that imports one of its modules by its path, as pytest 8.4 and later
#: import ``pygments.lexer`` when they start: after the rename the runner itself could not start.
RUNNER_PLUGIN = "from reg.formats.jsonfmt import dump  # noqa: F401\n"


def test_a_module_the_test_runner_imports_keeps_its_old_path_and_every_test_runs(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "runner_plugin.py").write_text(RUNNER_PLUGIN)
    monkeypatch.setenv("PYTHONPATH", str(site))
    repo = _repo(tmp_path / "repo", tests=TESTS.partition("\n\n\ndef test_csv")[0] + "\n")
    cli(repo, "-q", "plan")
    result = cli(repo, "--json", "apply", "--all", "--tests", "python -m pytest -q -p runner_plugin")
    report = json.loads(result.output[result.output.index("\n{") :])
    [batch] = report["batches"]
    assert sorted(batch["shims"]) == ["reg.formats.jsonfmt"]  # the runner's path only, not csvfmt's
    assert (repo / "reg" / "formats" / "jsonfmt.py").exists() and not (repo / "reg" / "formats" / "csvfmt.py").exists()
    baseline, proof = report["tests"]
    assert baseline["runner_imports"] == ["reg.formats.jsonfmt"]
    assert (proof["status"], proof["tests_run"]) == ("proved", baseline["total"])
