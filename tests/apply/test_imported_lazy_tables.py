"""A lazy table held in another module of the checkout keeps its submodules reachable (issue 13, class 1, Deliver 3).

The package's ``__getattr__`` (PEP 562) or a loader reads a table it imports from a sibling module::

    # pkg/_lazy.py
    SUBMODULES = {"converters", "validators"}

    # pkg/__init__.py
    from ._lazy import SUBMODULES

    def __getattr__(name):
        if name in SUBMODULES:
            return importlib.import_module("." + name, __name__)

The table is another file's text, so the planner read no candidates for ``name`` there: after ``apply --all``
``pkg.converters`` raised ``AttributeError`` (a set of names, a dict of relative paths, ``t.TABLE[name]``) or the
loader's ``__import__`` of a row's module failed (Pygments' ``lexers/_mapping.py``). Each fixture's own suite
passes before apply, after apply, and revert gives back every byte.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files

CONFIG = 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'
MODULES = {
    "pkg/converters.py": "def conv():\n    return 1\n",
    "pkg/validators.py": "def val():\n    return 2\n",
}
SUITE = """\
import pkg


def test_attribute():
    assert pkg.converters.conv() == 1


def test_from_import():
    from pkg import validators

    assert validators.val() == 2
"""

#: (the table's module, the package's __init__) for each shape of an imported lazy table
SHAPES = {
    "set-of-names": (
        'SUBMODULES = {"converters", "validators"}\n',
        """\
import importlib

from ._lazy import SUBMODULES


def __getattr__(name):
    if name in SUBMODULES:
        return importlib.import_module("." + name, __name__)
    raise AttributeError(name)
""",
    ),
    "tuple-fstring": (
        'SUBMODULES = ("converters", "validators")\n',
        """\
import importlib

from pkg._lazy import SUBMODULES


def __getattr__(name):
    if name in SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(name)
""",
    ),
    "dict-relative-paths": (
        'SUBMODULES = {"converters": ".converters", "validators": ".validators"}\n',
        """\
import importlib

from ._lazy import SUBMODULES


def __getattr__(name):
    if name in SUBMODULES:
        return importlib.import_module(SUBMODULES[name], __name__)
    raise AttributeError(name)
""",
    ),
    "module-attribute": (
        'TABLE = ["converters", "validators"]\n',
        """\
import importlib

from pkg import _lazy


def __getattr__(name):
    if name in _lazy.TABLE:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(name)
""",
    ),
    "module-alias-dict": (
        'TABLE = {"converters": "converters", "validators": "validators"}\n',
        """\
import importlib

import pkg._lazy as t


def __getattr__(name):
    if name in t.TABLE:
        return importlib.import_module("." + t.TABLE[name], __name__)
    raise AttributeError(name)
""",
    ),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_lazy_table_imported_from_a_sibling_module(cli: Invoke, tmp_path: Path, shape: str) -> None:
    table, init = SHAPES[shape]
    files = {"guardian.toml": CONFIG, "pkg/__init__.py": init, "pkg/_lazy.py": table, "tests/test_pkg.py": SUITE}
    repo = write_files(tmp_path / "repo", {**files, **MODULES})
    plan, original = planned(cli, repo, "2 passed")
    found = {(rename["old"], ref["path"], ref["kind"], ref["action"]) for rename, ref in plan_references(plan)}
    assert found == {  # exactly the table's modules, not every module of the package (pkg._lazy kept no shim)
        (f"pkg/{name}.py", "pkg/__init__.py", "lazy-getattr", "keep-old-path") for name in ("converters", "validators")
    }
    assert not plan["hazards"]
    applied(cli, repo, "2 passed")
    [holder] = [p for p in (repo / "pkg").glob("_*lazy.py") if not p.name.startswith("_lazy")]
    table = holder.read_text()  # the new names beside the old ones, in the module that holds the table
    assert re.search(r'"converters",? *\n? *"?\.?WF1_\w+_converters"', table) or re.search(
        r'"converters": "\.?converters",\n +"WF1_\w+_converters": "\.?WF1_\w+_converters"', table
    ), table
    assert all(len(line) <= 79 for line in table.splitlines())
    reverted(cli, repo, original)


FULL_PATHS = {
    "full-dotted-paths": (
        'SUBMODULES = {"converters": "pkg.sub.converters", "validators": "pkg.sub.validators"}\n',
        """\
import importlib

from ._lazy import SUBMODULES


def __getattr__(name):
    if name in SUBMODULES:
        return importlib.import_module(SUBMODULES[name])
    raise AttributeError(name)
""",
    ),
    "package-module-rows": (
        'SUBMODULES = {"converters": ("pkg.sub", "converters"), "validators": ("pkg.sub", "validators")}\n',
        """\
import importlib

from pkg import _lazy


def __getattr__(name):
    if name in _lazy.SUBMODULES:
        package, module = _lazy.SUBMODULES[name]
        return importlib.import_module(f"{package}.{module}")
    raise AttributeError(name)
""",
    ),
}


@pytest.mark.parametrize("shape", sorted(FULL_PATHS))
def test_an_imported_table_of_paths_below_a_subpackage(cli: Invoke, tmp_path: Path, shape: str) -> None:
    table, init = FULL_PATHS[shape]
    files = {"guardian.toml": CONFIG, "pkg/__init__.py": init, "pkg/_lazy.py": table, "tests/test_pkg.py": SUITE}
    modules = {path.replace("pkg/", "pkg/sub/"): text for path, text in MODULES.items()}
    repo = write_files(tmp_path / "repo", {**files, **modules, "pkg/sub/__init__.py": ""})
    _, original = planned(cli, repo, "2 passed")
    applied(cli, repo, "2 passed")
    reverted(cli, repo, original)


MAPPING = """\
LEXERS = {
    "PyLexer": ("pkg.lexers.python", "Python", ("python", "py"), ("*.py",), ()),
    "IniLexer": ("pkg.lexers.configs", "INI", ("ini",), ("*.ini",), ()),
}
"""
LEXERS_INIT = """\
import sys
import types

from pkg.lexers._mapping import LEXERS

_lexer_cache = {}


def _load_lexers(module_name):
    mod = __import__(module_name, None, None, ["__all__"])
    for lexer_name in mod.__all__:
        cls = getattr(mod, lexer_name)
        _lexer_cache[cls.name] = cls


def find_lexer_class(name):
    if name in _lexer_cache:
        return _lexer_cache[name]
    for module_name, lname, aliases, _, _ in LEXERS.values():
        if name == lname:
            _load_lexers(module_name)
            return _lexer_cache[name]


def get_lexer_by_name(alias):
    for module_name, name, aliases, _, _ in LEXERS.values():
        if alias in aliases:
            if name not in _lexer_cache:
                _load_lexers(module_name)
            return _lexer_cache[name]()
    raise ValueError(alias)


class _automodule(types.ModuleType):
    def __getattr__(self, name):
        info = LEXERS.get(name)
        if info:
            _load_lexers(info[0])
            cls = _lexer_cache[info[1]]
            setattr(self, name, cls)
            return cls
        raise AttributeError(name)


oldmod = sys.modules[__name__]
newmod = _automodule(__name__)
newmod.__dict__.update(oldmod.__dict__)
sys.modules[__name__] = newmod
"""
LEXERS_SUITE = """\
from pkg.lexers import PyLexer, find_lexer_class, get_lexer_by_name


def test_by_alias():
    assert get_lexer_by_name("ini").name == "INI"


def test_by_name():
    assert find_lexer_class("Python") is PyLexer
"""


def test_a_mapping_module_read_by_another_modules_loader(cli: Invoke, tmp_path: Path) -> None:
    """Pygments' shape: ``lexers/_mapping.py`` holds rows whose first field is a module path, and
    ``lexers/__init__.py`` imports each row's module with ``__import__(modname, None, None, ["__all__"])``."""
    lexer = 'class {0}:\n    name = "{1}"\n\n\n__all__ = ["{0}"]\n'
    files = {
        "guardian.toml": CONFIG,
        "pkg/__init__.py": "",
        "pkg/lexers/__init__.py": LEXERS_INIT,
        "pkg/lexers/_mapping.py": MAPPING,
        "pkg/lexers/python.py": lexer.format("PyLexer", "Python"),
        "pkg/lexers/configs.py": lexer.format("IniLexer", "INI"),
        "tests/test_lexers.py": LEXERS_SUITE,
    }
    repo = write_files(tmp_path / "repo", files)
    _, original = planned(cli, repo, "2 passed")
    applied(cli, repo, "2 passed")
    reverted(cli, repo, original)


SHOWN_INIT = """\
import importlib

from ._lazy import SUBMODULES

__all__ = sorted(SUBMODULES)


def __getattr__(name):
    if name in SUBMODULES:
        return importlib.import_module("." + name, __name__)
    raise AttributeError(name)
"""
SHOWN_SUITE = """\
import pkg


def test_use():
    from pkg import validators

    assert pkg.converters.conv() == 1 and validators.val() == 2


def test_public_names():  # after the use: the star import loads every submodule
    assert pkg.__all__ == ["converters", "validators"]
    ns = {}
    exec("from pkg import *", ns)
    assert sorted(k for k in ns if not k.startswith("__")) == ["converters", "validators"]
"""


def test_an_imported_table_shown_as_the_packages_names_keeps_them(cli: Invoke, tmp_path: Path) -> None:
    """``__all__ = sorted(SUBMODULES)`` beside the loader: the held table keeps its names (``pkg.__all__``, ``from pkg
    import *``), and the loader's test answers the new names Rope writes in the importers (codemods/shown_tables.py).
    On main ``pkg.WF1_..._converters`` raised ``AttributeError``."""
    files = {"guardian.toml": CONFIG, "pkg/__init__.py": SHOWN_INIT, "tests/test_pkg.py": SHOWN_SUITE, **MODULES}
    repo = write_files(tmp_path / "repo", {**files, "pkg/_lazy.py": 'SUBMODULES = ["converters", "validators"]\n'})
    _, original = planned(cli, repo, "2 passed")
    applied(cli, repo, "2 passed")
    [holder] = [p for p in (repo / "pkg").glob("_*lazy.py") if not p.name.startswith("_lazy")]
    assert holder.read_text() == 'SUBMODULES = ["converters", "validators"]\n'
    init = (repo / "pkg/__init__.py").read_text()
    assert re.search(
        r'if name in SUBMODULES or name in \(\n +"WF1_\w+_converters",\n +"WF1_\w+_validators",\n +\):', init
    )
    reverted(cli, repo, original)
