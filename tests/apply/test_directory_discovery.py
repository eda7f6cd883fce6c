"""A module its package finds by listing its own directory keeps its name (issue 13).

A package that discovers its modules turns their file names into data. Before this rule ``apply --all`` broke
each shape below: ``pkgutil.iter_modules(__path__)`` kept the old paths alive with shims, so the listing found
every plugin twice (both handlers ran twice; pluggy raised ``Plugin already registered``), and the registries
built by ``Path(__file__).parent.glob("*.py")``, ``os.listdir(os.path.dirname(__file__))`` or rules loaded by
``spec_from_file_location(path.stem, path)`` were keyed by the new names (``KeyError: 'greet'``). A listing of
another package (a test that walks ``pkg.__path__`` to import every module), a glob of data files and a listing
with no load by name keep nothing (planner/directory_discovery.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_renames, snapshot, write_files

FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py"]\n\n[workflows]\n"pkg/**" = 1\n',
    "pkg/__init__.py": "",
    "pkg/util.py": "def double(x):\n    return 2 * x\n",
    # pkgutil over __path__, imported by name: the handlers run in the files' order
    "pkg/plugins/__init__.py": (
        "import importlib\nimport pkgutil\n\nHANDLERS = {}\n"
        "for _, name, _ in pkgutil.iter_modules(__path__):\n"
        '    HANDLERS[name] = importlib.import_module(f"{__name__}.{name}").handle\n'
    ),
    "pkg/plugins/inc.py": "def handle(x):\n    return x + 1\n",
    "pkg/plugins/mul.py": "def handle(x):\n    return x * 10\n",
    # a glob of the package's own directory, imported by __name__ + stem
    "pkg/commands/__init__.py": (
        "from importlib import import_module\nfrom pathlib import Path\n\n"
        "COMMANDS = {\n"
        '    p.stem: import_module(f"{__name__}.{p.stem}")\n'
        '    for p in sorted(Path(__file__).parent.glob("*.py"))\n'
        '    if p.stem != "__init__"\n}\n'
    ),
    "pkg/commands/greet.py": "def run():\n    return 'hi'\n",
    # os.listdir of the directory, imported by __name__ + "." + name
    "pkg/backends/__init__.py": (
        "import os\nfrom importlib import import_module\n\nBACKENDS = {}\n"
        "for f in os.listdir(os.path.dirname(os.path.abspath(__file__))):\n"
        '    if f.endswith(".py") and f != "__init__.py":\n'
        '        BACKENDS[f[:-3]] = import_module(__name__ + "." + f[:-3])\n'
    ),
    "pkg/backends/memory.py": "KIND = 'memory'\n",
    # rules loaded by path from a subdirectory, selected by name (thefuck)
    "pkg/loader.py": (
        "import importlib.util\nfrom pathlib import Path\n\n"
        'ENABLED = ["git_push"]\nRULES = Path(__file__).parent / "rules"\n\n\n'
        "def get_rules():\n    rules = {}\n"
        '    for path in RULES.glob("*.py"):\n'
        "        spec = importlib.util.spec_from_file_location(path.stem, path)\n"
        "        module = importlib.util.module_from_spec(spec)\n"
        "        spec.loader.exec_module(module)\n"
        "        rules[path.stem] = module\n"
        "    return [rules[name] for name in ENABLED]\n"
    ),
    "pkg/rules/__init__.py": "",
    "pkg/rules/git_push.py": "def match(cmd):\n    return cmd.startswith('git push')\n",
    # data files of its own directory, and no module loaded by name: no module's name is data here
    "pkg/data.py": (
        "from pathlib import Path\n\n\ndef tables():\n"
        '    return sorted(p.stem for p in Path(__file__).parent.glob("*.json"))\n'
    ),
    "pkg/schema.json": "{}\n",
    "tests/__init__.py": "",
    "tests/test_discovery.py": (
        "import importlib\nimport pkgutil\n\nimport pkg\n"
        "from pkg import backends, commands, plugins\nfrom pkg.loader import get_rules\n\n\n"
        "def test_registries():\n"
        '    assert list(plugins.HANDLERS) == ["inc", "mul"]\n'
        "    x = 1\n    for handle in plugins.HANDLERS.values():\n        x = handle(x)\n"
        "    assert x == 20\n"
        '    assert commands.COMMANDS["greet"].run() == "hi"\n'
        '    assert list(backends.BACKENDS) == ["memory"]\n'
        '    assert get_rules()[0].match("git push x")\n\n\n'
        "def test_every_module_imports():\n"
        '    names = [info.name for info in pkgutil.walk_packages(pkg.__path__, "pkg.")]\n'
        "    for name in names:\n        importlib.import_module(name)\n"
        "    assert len(names) >= 10\n"
    ),
}


def test_modules_a_package_finds_by_listing_its_directory_keep_their_names(cli: Invoke, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    committed(repo)
    original = snapshot(repo)
    assert own_suite(repo).startswith("2 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kept = {k["path"]: k["reason"] for k in plan["kept"] if k["path"].startswith("pkg/")}
    why = "which lists its package's directory (the modules' names are data)"
    assert kept == {
        "pkg/plugins/inc.py": f"found by name by pkg/plugins/__init__.py:5, {why}",
        "pkg/plugins/mul.py": f"found by name by pkg/plugins/__init__.py:5, {why}",
        "pkg/commands/greet.py": f"found by name by pkg/commands/__init__.py:6, {why}",
        "pkg/backends/memory.py": f"found by name by pkg/backends/__init__.py:5, {why}",
        "pkg/rules/git_push.py": f"found by name by pkg/loader.py:10, {why}",
    }
    # the imports by a computed name reach kept modules only: no hazard says their old paths are kept by shims
    assert [h["kind"] for h in plan["hazards"] if h["kind"] == "unresolved-dynamic-import"] == []
    renamed = sorted(r["old"] for r in plan_renames(plan))
    assert renamed == ["pkg/data.py", "pkg/loader.py", "pkg/util.py"]  # the test's walk of pkg keeps nothing

    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert sorted(p.name for p in (repo / "pkg/plugins").glob("*.py")) == ["__init__.py", "inc.py", "mul.py"]
    assert own_suite(repo).startswith("2 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
