"""Plan-time detection of module paths outside the import graph (issue 13 classes 1-5)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from planner.build_plan import build_plan
from planner.config import Config
from planner.dynamic_imports import find_dynamic
from planner.reference_kinds import reference_action
from planner.scan import scan_repo

INIT = '''"""The pkg package; see ``pkg.converters`` and ``python -m pkg.cli``."""
import importlib

_SUBMODULES = {"converters", "validators"}
_BY_KEY = {"c": "converters"}


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(name)


def load(kind):
    return importlib.import_module("pkg." + kind)


def load_key(key):
    return importlib.import_module("pkg." + _BY_KEY[key])


def plugins():
    import pkgutil
    return {m.name: m for m in pkgutil.iter_modules(__path__)}
'''

USER = '''import re
import sys
import pytest
PAT = re.compile(r"<pkg\\.converters\\.Thing object at ")
def test_x():
    with pytest.raises(ValueError, match="(pkg\\\\.validators\\\\.)?Fault"):
        pass
MSG = ("must be an instance of " "pkg.converters.Base")
F = f"see pkg.converters.conv for {PAT}"
SRC = """
@pkg.validators.auto
def f(): pass
"""
exec(SRC)
mod = sys.modules["pkg.converters"]
# compared with pkg.validators.Base, not pkg.validators_v2
'''


def _repo(tmp_path: Path) -> Config:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text(INIT)
    for name in ("converters", "validators", "validators_v2", "cli"):
        (tmp_path / "pkg" / f"{name}.py").write_text("X = 1\n")
    (tmp_path / "lazy").mkdir()
    (tmp_path / "lazy" / "__init__.py").write_text(
        "import lazy_loader\n__getattr__, __dir__, __all__ = lazy_loader.attach(\n"
        "    __name__, submodules=['fast'], submod_attrs={'slow': ['f']})\n"
    )
    for name in ("fast", "slow", "other"):
        (tmp_path / "lazy" / f"{name}.py").write_text("def f(): pass\n")
    (tmp_path / "user.py").write_text(USER)
    return Config(root=tmp_path, exempt=())


def _found(tmp_path: Path) -> tuple[set[tuple[str, int, str, str]], list[str]]:
    config = _repo(tmp_path)
    references, hazards = find_dynamic(config.root, scan_repo(config))
    return {(r.path, r.line, r.kind, r.module) for r in references}, [h.detail for h in hazards]


def test_lazy_tables_resolve_their_candidates_from_constants(tmp_path: Path) -> None:
    found, _ = _found(tmp_path)
    assert ("pkg/__init__.py", 10, "lazy-getattr", "pkg.converters") in found
    assert ("pkg/__init__.py", 10, "lazy-getattr", "pkg.validators") in found
    assert ("pkg/__init__.py", 19, "computed-import", "pkg.converters") in found  # a dict's values
    assert not any(k == "lazy-getattr" and m in ("pkg.cli", "pkg.validators_v2") for _, _, k, m in found)
    assert ("lazy/__init__.py", 2, "lazy-attach", "lazy.fast") in found
    assert ("lazy/__init__.py", 2, "lazy-attach", "lazy.slow") in found
    assert not any(m == "lazy.other" for _, _, _, m in found)


def test_discovery_names_every_module_it_can_reach(tmp_path: Path) -> None:
    found, _ = _found(tmp_path)
    assert {m for _, _, k, m in found if k == "discovery"} == {
        "pkg.cli",
        "pkg.converters",
        "pkg.validators",
        "pkg.validators_v2",
    }


def test_a_discovery_of_packages_only_reaches_no_module_file(tmp_path: Path) -> None:
    """Faker lists its locales as ``[name for _, name, is_pkg in pkgutil.iter_modules(path) if is_pkg]``: no
    renamed module is a package (``__init__.py`` keeps its name), so its package's modules got shims for
    nothing. A loop that keeps every module still reaches each of them."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "loading.py").write_text(
        "import pkgutil\n\n\ndef packages(path):\n"
        "    return [name for _, name, is_pkg in pkgutil.iter_modules([path]) if is_pkg]\n\n\n"
        "def modules(path):\n    return [name for _, name, is_pkg in pkgutil.iter_modules([path]) if not is_pkg]\n"
    )
    (tmp_path / "pkg" / "text.py").write_text("X = 1\n")
    config = Config(root=tmp_path, exempt=())
    references, _ = find_dynamic(config.root, scan_repo(config))
    assert {(r.line, r.kind, r.module) for r in references} == {
        (9, "discovery", "pkg.loading"),
        (9, "discovery", "pkg.text"),
    }


def test_an_unresolvable_computed_import_is_a_hazard_naming_what_it_reaches(tmp_path: Path) -> None:
    config = _repo(tmp_path)
    (tmp_path / "pkg" / "__init__.py").write_text(INIT.partition("\n\ndef plugins():")[0] + "\n")
    _, found = find_dynamic(config.root, scan_repo(config))
    [detail] = [h.detail for h in found]
    assert detail.startswith("pkg/__init__.py:15 imports a module by a computed name")
    assert "pkg.cli, pkg.converters, pkg.validators, pkg.validators_v2" in detail


def test_what_a_file_finds_by_listing_its_own_directory_is_no_unresolved_import(tmp_path: Path) -> None:
    """``plugins()`` lists pkg's directory (``iter_modules(__path__)``): its modules keep their names, so
    ``load(kind)``'s computed import reaches nothing whose old path needs a shim (planner/directory_discovery.py)."""
    found, hazards = _found(tmp_path)
    assert hazards == []
    assert not any(kind == "unresolved-import" and path == "pkg/__init__.py" for path, _, kind, _ in found)


def test_strings_regexes_exec_sources_and_prose(tmp_path: Path) -> None:
    found, _ = _found(tmp_path)
    user = {(line, kind, module) for path, line, kind, module in found if path == "user.py"}
    assert user == {
        (4, "regex", "pkg.converters"),
        (6, "regex", "pkg.validators"),
        (8, "string-part", "pkg.converters"),
        (9, "string-part", "pkg.converters"),
        (11, "exec-source", "pkg.validators"),
        (16, "comment", "pkg.validators"),
        (16, "comment", "pkg.validators_v2"),
    }
    assert ("pkg/__init__.py", 1, "docstring", "pkg.cli") in found
    assert ("pkg/__init__.py", 1, "docstring", "pkg.converters") in found


def test_the_plan_lists_them_under_each_rename_with_the_action(tmp_path: Path) -> None:
    config = _repo(tmp_path)
    # ``plugins()`` keys its table by the names ``iter_modules(__path__)`` finds: every module of pkg would keep its
    # name (planner/directory_discovery.py, tests/apply/test_directory_discovery.py) and none would be renamed
    init = tmp_path / "pkg" / "__init__.py"
    init.write_text(INIT.partition("\n\ndef plugins():")[0] + "\n")
    plan = build_plan(config)
    [rename] = [r for b in plan.batches for r in b.renames if r.old_module == "pkg.converters"]
    data = rename.to_json()
    kinds = {(ref["kind"], ref["action"]) for ref in data["references"]}
    assert ("lazy-getattr", "keep-old-path") in kinds
    assert ("regex", "rewrite") in kinds
    assert ("docstring", "rewrite-prose") in kinds
    assert {"dynamic-import", "string-reference", "prose"} <= set(rename.risks)
    assert any(h.kind == "unresolved-dynamic-import" and h.module == "pkg" for h in plan.hazards)
    assert reference_action("longer-token") == "follow-up" and reference_action("ci") == "rewrite"


def test_the_scans_screen_of_each_file_finds_what_screening_the_file_again_finds(tmp_path: Path) -> None:
    """The scan decides, from the bytes it reads, which files find_dynamic parses (a warm plan
    reads no file); facts made without that decision (None) make find_dynamic screen the file itself."""
    config = _repo(tmp_path)
    (tmp_path / "plain.py").write_text("import os\n\nX = os.sep\n")  # nothing to parse for
    scan = scan_repo(config)
    assert scan.facts["plain.py"].dynamic is False
    assert scan.facts["pkg/__init__.py"].dynamic is True
    unscreened = dataclasses.replace(
        scan, facts={path: dataclasses.replace(facts, dynamic=None) for path, facts in scan.facts.items()}
    )
    assert find_dynamic(config.root, scan) == find_dynamic(config.root, unscreened)
    assert find_dynamic(config.root, scan)[0]  # the repository has dynamic references to find


def test_a_submodule_used_by_the_name_its_import_bound_implicitly_is_found(tmp_path: Path) -> None:
    """``from .registry import *`` binds ``registry`` in the package: its bare uses are references (R07)."""
    fixture = Path(__file__).resolve().parents[1] / "anchors" / "R07_implicit_submodule" / "before"
    for path in fixture.rglob("*.py"):
        target = tmp_path / path.relative_to(fixture)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    references, _ = find_dynamic(tmp_path, scan_repo(Config(root=tmp_path, exempt=())))
    found = [(r.path, r.line, r.text, r.module) for r in references if r.kind == "implicit-submodule"]
    # line 5 at module level, line 9 in a function; not the parameter (13) nor the class attribute (17)
    assert found == [
        ("pkg/__init__.py", 5, "registry", "pkg.registry"),
        ("pkg/__init__.py", 9, "registry", "pkg.registry"),
    ]
    assert reference_action("implicit-submodule") == "rewrite"


MIRROR = """import sys
from importlib import import_module


class Loader:
    def load(self, fullname):
        package, dot, submodules = fullname.partition(".")
        module_name = "".join(["other", dot, submodules])
        first = import_module(module_name)
        module_name = "".join(["pkg", dot, submodules])
        return first, import_module(module_name)


sys.meta_path.append(Loader())
"""


def test_a_name_joined_from_parts_in_a_local_variable_names_what_it_can_reach(tmp_path: Path) -> None:
    """A mirror package's loader (toolz's ``tlz``) imports ``"".join(["pkg", dot, rest])`` through a
    local variable: every module below ``pkg`` can be reached by its old name, not only the top level;
    the same loader's import of another distribution (``other``) is not the checkout's concern."""
    config = _repo(tmp_path)
    (tmp_path / "pkg" / "sub").mkdir()
    (tmp_path / "pkg" / "sub" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "sub" / "deep.py").write_text("X = 1\n")
    (tmp_path / "mirror").mkdir()
    (tmp_path / "mirror" / "__init__.py").write_text(MIRROR)
    references, hazards = find_dynamic(config.root, scan_repo(config))
    reached = {r.module for r in references if r.path == "mirror/__init__.py" and r.kind == "unresolved-import"}
    assert {"pkg.converters", "pkg.sub", "pkg.sub.deep", "pkg.validators_v2"} <= reached
    assert all(m.startswith("pkg.") for m in reached)
    [detail] = [h.detail for h in hazards if h.path == "mirror/__init__.py"]
    assert detail.startswith("mirror/__init__.py:11 imports a module by a computed name")


def test_a_module_path_in_pickled_bytes_is_kept_alive_and_only_an_exact_one(tmp_path: Path) -> None:
    """Pickled data names a class's module (GLOBAL ``c`` path ``\\n`` name ``\\n``; protocol 4's ``\\x8c`` and a
    length byte): it loads by the old path after the rename, and the bytes cannot be rewritten."""
    config = _repo(tmp_path)
    (tmp_path / "old_data.py").write_text(
        "V2 = b'\\x80\\x02cpkg.converters\\nThing\\nq\\x00)'\n"
        "V4 = (b'\\x80\\x04\\x95\\x1f\\x00\\x8c\\x0epkg.validators\\x94'\n"
        "      b'\\x8c\\x05Thing\\x94\\x93')\n"
        "WRONG_LENGTH = b'\\x8c\\x05pkg.cli\\x94'\n"
        "NO_CLASS = b'cpkg.cli\\n'\n"
        "TEXT = 'cpkg.cli\\nThing\\n'\n"
        "OTHER = b'\\x80\\x02cother.pkg.cli\\nThing\\n'\n"
    )
    references, _ = find_dynamic(config.root, scan_repo(config))
    found = {(r.line, r.kind, r.module) for r in references if r.path == "old_data.py"}
    assert found == {(1, "pickled", "pkg.converters"), (2, "pickled", "pkg.validators")}
    assert reference_action("pickled") == "keep-old-path"


def test_a_computed_name_whose_known_part_ends_inside_a_name_reaches_the_modules_it_starts(tmp_path: Path) -> None:
    """wcwidth: ``import_module(f"._known_{hash_key}", __package__)`` with the key from a table in another
    module. The known part ``pkg.tables._known_`` ends inside a name: every ``_known_*`` submodule can be
    reached (kept alive), the other submodules cannot."""
    (tmp_path / "pkg" / "tables").mkdir(parents=True)
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "tables" / "__init__.py").write_text(
        "import importlib\nfrom ._registry import REGISTRY\n\n\ndef get(term):\n"
        "    return importlib.import_module(f'._known_{REGISTRY[term]}', __package__)\n"
    )
    for name in ("_registry", "_known_ab12", "_known_cd34"):  # a registry built at run time: its values unknown
        (tmp_path / "pkg" / "tables" / f"{name}.py").write_text("REGISTRY = dict(kitty='ab12')\n")
    config = Config(root=tmp_path, exempt=())
    found, hazards = find_dynamic(tmp_path, scan_repo(config))
    reached = sorted((r.kind, r.module) for r in found if r.kind == "unresolved-import")
    assert reached == [
        ("unresolved-import", "pkg.tables._known_ab12"),
        ("unresolved-import", "pkg.tables._known_cd34"),
    ]
    assert [h.module for h in hazards] == ["pkg.tables"]
    # a literal registry is followed one level (planner/imported_constants.py): its values are the exact candidates
    (tmp_path / "pkg" / "tables" / "_registry.py").write_text("REGISTRY = {'kitty': 'ab12'}\n")
    found, hazards = find_dynamic(tmp_path, scan_repo(config))
    assert sorted((r.kind, r.module) for r in found if r.module.startswith("pkg.tables._known")) == [
        ("computed-import", "pkg.tables._known_ab12")
    ]
    assert not hazards


def test_a_module_file_by_its_path_from_the_root_is_a_reference(tmp_path: Path) -> None:
    """``exec(Path("pkg/_version.py").read_text())`` (a setup.py's way to read a version) and a root
    conftest's ``collect_ignore`` name a module's file by its path: after the rename the file is gone
    (h11's setup.py, babel's conftest). Listed as ``file-path`` (in prose as prose), to be rewritten;
    another file with the same tail (``vendor/pkg/_version.py``) or a longer name (``.pyc``) is none (R17)."""
    fixture = Path(__file__).resolve().parents[1] / "anchors" / "R17_module_file_path" / "before"
    shutil.copytree(fixture, tmp_path, dirs_exist_ok=True)
    scan = scan_repo(Config(root=tmp_path, exempt=()))
    references, _ = find_dynamic(tmp_path, scan)
    found = sorted((r.path, r.line, r.kind, r.text, r.module) for r in references if ".py" in r.text)
    assert found == [
        ("conftest.py", 1, "file-path", "pkg/legacy.py", "pkg.legacy"),
        ("pkg/tools/bundle.py", 5, "file-name", "_version.py", "pkg._version"),  # no other file so named (lark)
        ("pkg/tools/bundle.py", 5, "file-path", "tools/bundle.py", "pkg.tools.bundle"),
        ("release.py", 1, "docstring", "pkg/_version.py", "pkg._version"),
        ("release.py", 8, "file-path", "pkg/_version.py", "pkg._version"),
        ("release.py", 14, "file-path", "./pkg/legacy.py", "pkg.legacy"),
        ("release.py", 19, "file-path", "/pkg/legacy.py", "pkg.legacy"),  # the end of an absolute name (starlette)
    ]
    assert reference_action("file-path") == "rewrite"
    config_file = [(r.path, r.kind, r.module) for r in scan.references if r.path == ".coveragerc"]
    assert config_file == [(".coveragerc", "coveragerc:path", "pkg._version")]


def test_a_row_of_an_imported_table_is_joined_unless_its_module_changes_it(tmp_path: Path) -> None:
    """breaker d26: ``pkgname, mod = BACKENDS[k]`` then ``import_module(pkgname + "." + mod)``, ``BACKENDS`` a
    literal table of another module: each row's module is a ``computed-import``, no hazard. A registry its module
    fills (``BACKENDS[k] = row``) may hold other rows: the hazard stays, as before."""
    (tmp_path / "pkg" / "backends").mkdir(parents=True)
    for name in ("__init__", "backends/__init__", "backends/mem", "backends/disk"):
        (tmp_path / "pkg" / f"{name}.py").write_text("")
    loader = "import importlib\nfrom pkg.{0} import BACKENDS\n\n\ndef get(k):\n    p, m = BACKENDS[k]\n"
    loader += "    return importlib.import_module(p + '.' + m)\n"
    (tmp_path / "pkg" / "fixed.py").write_text("BACKENDS = {'mem': ('pkg.backends', 'mem')}\n")
    (tmp_path / "pkg" / "filled.py").write_text(
        "BACKENDS = {'mem': ('pkg.backends', 'mem')}\n\n\ndef register(k, row):\n    BACKENDS[k] = row\n"
    )
    (tmp_path / "pkg" / "loader.py").write_text(loader.format("fixed"))
    (tmp_path / "pkg" / "registry.py").write_text(loader.format("filled"))
    found, hazards = find_dynamic(tmp_path, scan_repo(Config(root=tmp_path, exempt=())))
    assert [(r.path, r.kind, r.module) for r in found if r.kind == "computed-import"] == [
        ("pkg/loader.py", "computed-import", "pkg.backends.mem")
    ]
    assert [(h.kind, h.path) for h in hazards] == [("unresolved-dynamic-import", "pkg/registry.py")]
