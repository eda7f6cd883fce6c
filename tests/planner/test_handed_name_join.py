"""Which calls the plan joins to a helper completing a handed name into a file name (planner/handed_name_join.py).

review27 #7: a conftest helper ``load(name)`` and an unrelated ``yaml.load('config')`` in a test below it kept every
``config.py`` of the checkout: the call was matched by its bare name ``load``. A call now means the helper only where
its callee can be bound to it: a plain name (the conftest's fixture, the same file, ``from M import load``), or an
attribute of a name that is not an import of another module. And the conftest's ``load`` loads from ``examples/``:
its completed name ``config.py`` keeps only a module in a directory ``examples``.
"""

from __future__ import annotations

from planner.discover import ModuleFile
from planner.handed_name_join import found_by_handed_name
from planner.read_facts import extract

CONFTEST = "import pathlib\n\n\ndef load(name):\n    return pathlib.Path('examples') / f'{name}.py'\n"
LOADER = "def load(name):\n    return open(name + '.py')\n"


def _kept(tests: str) -> list[str]:
    files = {
        "pkg/a/config.py": "X = 1\n",
        "pkg/b/config.py": "X = 2\n",
        "tests/examples/config.py": "X = 3\n",
        "tests/conftest.py": CONFTEST,
        "tools/loader.py": LOADER,
        "tests/test_it.py": tests,
    }
    modules = {p[:-3].replace("/", "."): ModuleFile(p[:-3].replace("/", "."), p, False, "") for p in files}
    facts = {p: extract(s, p) for p, s in files.items()}
    return sorted(found_by_handed_name(modules, facts, [m for m in modules if ".config" in m]))


def test_an_attribute_of_another_module_is_not_the_helper() -> None:
    assert _kept("import yaml\n\n\ndef test_cfg():\n    assert yaml.load('config')\n") == []
    assert _kept("import json as yaml\n\n\ndef test_cfg():\n    yaml.load('config')\n") == []


def test_a_call_bound_to_the_helper_keeps_the_completed_name() -> None:
    both = ["pkg.a.config", "pkg.b.config", "tests.examples.config"]  # tools/loader.py: from any directory
    assert _kept("def test_cfg():\n    load('config')\n") == ["tests.examples.config"]  # the conftest's
    assert _kept("from tools.loader import load\n\nload('config')\n") == both
    assert _kept("from tools import loader\n\nloader.load('config')\n") == both
    assert _kept("from tools.loader import load as ld\n\nld('config')\n") == both  # under another name
    assert _kept("from yaml import load as ld\n\nld('config')\n") == []  # another module's ``load``
    assert _kept("def test_cfg(util):\n    util.load('config')\n") == ["tests.examples.config"]  # the conftest's


def test_the_directory_a_helper_loads_from_is_part_of_its_fact() -> None:
    def read(source: str) -> list[str]:
        return sorted(k for k in extract(source, "m.py").bound_names if k.startswith("built-file-helper"))

    assert read(CONFTEST) == ["built-file-helper:load:0:name:examples/{}.py"]
    assert read("import os\n\ndef f(n):\n    return os.path.join(HERE, 'data', n + '.py')\n") == [
        "built-file-helper:f:0:n:data/{}.py"
    ]
    assert read("def f(n):\n    return ROOT / '../x' / f'./cases/{n}_t.py'\n") == [
        "built-file-helper:f:0:n:x/cases/{}_t.py"
    ]
    assert read("def f(n):\n    return PLUGINS / (n + '.py')\n") == ["built-file-helper:f:0:n:{}.py"]  # unknown: any
