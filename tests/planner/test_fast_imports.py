"""The fast path (grimp's Rust scanner, then the import lines) gives exactly the facts ``extract``
gives, for every file it takes; whatever it cannot read exactly, syntax errors included, it leaves
to ``extract``."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click
import networkx
import pytest

from planner.config import Config
from planner.discover import discover
from planner.graph import fast_facts, scan_repo
from planner.imports import climbs_above, extract, reference_filter

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "bench"))
from synth import make_repo  # noqa: E402


def fast_and_exact(config: Config) -> tuple[int, dict[str, tuple[object, object]]]:
    """(files, {path: (fast facts, extract facts)}) for every file the fast path took."""
    found = discover(config)
    files = [*found.modules.values(), *found.scripts]
    interesting = reference_filter(found.top_level)
    _, fast = fast_facts(config.root, files, found.top_level)
    return len(files), {path: (facts, extract((config.root / path).read_bytes(), path, interesting))
                        for path, facts in fast.items()}


def assert_same(pairs: dict[str, tuple[object, object]]) -> None:
    different = {path: pair for path, pair in pairs.items() if pair[0] != pair[1]}
    assert not different, next(iter(different.items()))


def test_synthetic_repository_mostly_fast_and_exact(tmp_path: Path):
    root = make_repo(tmp_path / "synth", 400)
    files, pairs = fast_and_exact(Config(root=root, source_roots=("src",)))
    assert_same(pairs)
    assert len(pairs) >= 0.7 * files  # lazy imports in functions and packages take extract


def test_sample_repo_exact():
    config = Config(root=REPO_ROOT / "sample_repo", source_roots=("src",))
    assert_same(fast_and_exact(config)[1])


@pytest.mark.parametrize("package", [networkx, click], ids=lambda p: p.__name__)
def test_real_packages_exact(tmp_path: Path, package):
    """Installed packages as checkouts: every file the fast path takes reads as ``extract`` reads it."""
    root = tmp_path / "checkout"
    shutil.copytree(Path(package.__file__).parent, root / "src" / package.__name__,
                    ignore=shutil.ignore_patterns("__pycache__"))
    files, pairs = fast_and_exact(Config(root=root, source_roots=("src",)))
    assert_same(pairs)


#: Module texts, each written as pkg/mod.py beside pkg/other.py; True: the fast path must take it.
CASES = {
    "forms": ("import os, pkg.other as o\nimport pkg . other\nfrom . import other\nfrom .other import (x,\n"
              "    y as z,  # a comment ) here\n)\nfrom pkg.other import *\nfrom .. import pkg\n", True),
    "uses_that_read": ("from pkg import other\n\nother.f(other(1), other[2])\n\ndef g(x):\n    return other .h\n"
                       "\ny = [other + 1, other*2, other == 3, other if other else other.x]\n", True),
    "future_and_docstring": ('"""Doc."""\nfrom __future__ import annotations\n\nX = 1  # from pkg import other\n'
                             's = """\nimport os\n"""\n', True),
    "import_in_string_only": ('s = """\nfrom pkg import other\n"""\n', True),
    "crlf": ("import os\r\nfrom pkg import other\r\nother.f()\r\n", True),
    "empty": ("", True),
    # A name imported by ``from`` and also a parameter, a local, an attribute assigned, a keyword.
    "parameter": ("from pkg import other\n\ndef f(other):\n    return other\n", False),
    "local": ("from pkg import other\n\ndef f():\n    other = 1\n", False),
    "attribute_target": ("from pkg import other\n\nclass A:\n    def f(self):\n        self.other = 1\n", False),
    "keyword": ("from pkg import other\n\nf(other=1)\n", False),
    "annotated_local": ("from pkg import other\n\ndef f():\n    other: int = 1\n", False),
    "tuple_local": ("from pkg import other\n\ndef f():\n    a, other = 1, 2\n", False),
    "multiline_parameters": ("from pkg import other\n\ndef f(\n    a,\n    other\n):\n    pass\n", False),
    # Imports inside blocks: their flags come from the headers of the enclosing blocks.
    "lazy": ("def f():\n    import os\n", True),
    "type_checking": ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import os\n", True),
    "type_checking_dotted": ("import typing\nif typing . TYPE_CHECKING:\n    import os\nelse:\n    import sys\n", True),
    "elif_type_checking": ("if x:\n    pass\nelif TYPE_CHECKING:\n    import os\nelse:\n    import sys\n", True),
    "optional": ("try:\n    import os\nexcept ImportError:\n    os = None\n", True),
    "try_handlers": ("try:\n    import os\nexcept ValueError as e:\n    import sys\nelse:\n    import re\n"
                     "finally:\n    import json\ntry:\n    import csv\nexcept (ValueError, builtins.ModuleNotFoundError,):\n"
                     "    pass\ntry:\n    import abc\nexcept ():\n    pass\nexcept (ValueError):\n    pass\n"
                     "try:\n    import ast\nexcept:\n    pass\n", True),
    "try_star": ("try:\n    import os\nexcept* ImportError:\n    pass\n", True),
    "nested": ("import sys\n\n@decorator\nasync def f(a: int = 1) -> None:  # comment\n    '''Doc.\nif x:\n    '''\n"
               "    x = (1,\n2)\n# a comment\n\n    if sys:\n        try:\n            from .other import (\n"
               "                p,  # (\n                q,\n            )\n        except Exception:\n"
               "            pass\n    import os\n\n\nclass C:\n    import json\n\n    def m(self):\n"
               "        for i in x:\n            with y:\n                while i:\n                    import re\n"
               "        else:\n            import csv\n", True),
    "match": ("match x:\n    case 1:\n        import os\n    case _:\n        import sys\n", True),
    "async_blocks": ("async def f():\n    async with x:\n        import os\n    async for i in x:\n        import sys\n",
                     True),
    "imports_in_strings_inside_blocks": ('def f():\n    s = """\nimport sys\n    from re import x\n"""\n'
                                         '    import os\n', True),
    "crlf_blocks": ("def f():\r\n    import os\r\n\r\n    return os\r\n", True),
    "imported_name_as_a_test": ("from pkg import other\nif other:\n    pass\nelif  other :\n    pass\nwhile other:\n"
                                "    break\n", True),
    "imported_name_bound_by_walrus": ("from pkg import other\nif other := 1:\n    pass\n", False),
    "imported_name_as_lambda_parameter": ("from pkg import other\nf = lambda other: 1\n", False),
    "one_line_if": ("if True: import os\n", False),
    "one_line_def": ("def f(): import os\n", False),
    "header_over_lines": ("def f(\n    a,\n):\n    import os\n", False),
    "parenthesized_type_checking": ("if (TYPE_CHECKING):\n    import os\n", False),
    "not_type_checking": ("if not TYPE_CHECKING:\n    import os\n", False),
    "handler_not_a_name": ("try:\n    import os\nexcept errors():\n    pass\n", False),
    "header_comment_with_quote": ("if x:  # it's\n    import os\n", False),
    "parameter_of_a_lazy_import": ("def f(other):\n    from pkg import other\n", False),
    "semicolon": ("import os; import sys\n", False),
    # String references and docstrings that feed the reference list.
    "mock_patch": ('from unittest import mock\nmock.patch("pkg.other.x")\n', False),
    "dunder_all": ('__all__ = ["x"]\n', False),
    "doctest": ('"""\n>>> import pkg.other\n"""\n', False),
    "sphinx": ('"""See :mod:`pkg.other`."""\n', False),
    # Text ruff's parser accepts and CPython (this version or an older one) may reject.
    "fstring_nested_quotes": ('x = f"{"a"}"\n', False),
    "fstring_backslash": ("x = f\"{'\\n'.join(y)}\"\n", False),
    "type_alias": ("type X = int\n", False),
    "generic_function": ("def f[T](x: T) -> T:\n    return x\n", False),
    "generic_class": ("class C[T]:\n    pass\n", False),
    "template_string": ('x = t"hi"\n', False),
    "except_without_parentheses": ("try:\n    pass\nexcept A, B:\n    pass\n", False),
    "lazy_import": ("lazy import os\n", False),
    "tab_indentation": ("if x:\n\tif y:\n        pass\n", False),
    "list_comprehension_unpacking": ("x = [*a for a in b]\n", False),
    "dict_comprehension_unpacking": ("x = {**a for a in b}\n", False),
    "generator_argument_unpacking": ("f(*a for a in b)\n", False),
    "parenthesized_keyword": ("f((a)=1)\n", False),
    "deep_relative_import": ("from ........ import x\n", False),
    "null_byte": ("x = 1\0\n", False),
    "bare_cr": ("import os\rimport sys\n", False),
    "latin1_cookie": ("# -*- coding: latin-1 -*-\nimport os\n", False),
    "non_ascii": ("import os\nname = 'caf\u00e9'\n", False),
    "backslash_continuation": ("import os, \\\n    sys\n", False),
    "syntax_error": ("def f(:\n", False),
    "ruff_rejects_cpython_accepts": ("f(a=1, a=2)\nimport os\n", False),
}


@pytest.mark.parametrize("name", CASES)
def test_case_fast_only_when_exact(tmp_path: Path, name: str):
    text, taken = CASES[name]
    root = tmp_path / "repo"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "other.py").write_text("x = y = 1\n")
    (root / "pkg" / "mod.py").write_bytes(text.encode("utf-8"))
    _, pairs = fast_and_exact(Config(root=root, source_roots=(".",)))
    assert_same(pairs)
    assert ("pkg/mod.py" in pairs) == taken
    if not taken:  # the ast path still reads it, and a syntax error stays a finding
        scan = scan_repo(Config(root=root, source_roots=(".",)))
        assert scan.facts["pkg/mod.py"] == extract(text.encode("utf-8"), "pkg/mod.py",
                                                   reference_filter(scan.top_level))


def test_many_syntax_errors_each_a_finding(write_tree):
    """The scanner stops at the first file it cannot parse; the others are still scanned."""
    files = {f"pkg/m{i}.py": ("def f(:\n" if i % 7 == 0 else f"import pkg.m{i - 1}\n") for i in range(1, 200)}
    root = write_tree({"pkg/__init__.py": "", **files})
    scan = scan_repo(Config(root=root, source_roots=(".",)))
    assert {p.path for p in scan.syntax_errors} == {f"pkg/m{i}.py" for i in range(7, 200, 7)}
    assert scan.graph.has_edge("pkg.m2", "pkg.m1") and scan.graph.has_edge("pkg.m199", "pkg.m198")


def test_fast_facts_of_a_plain_module(write_tree):
    root = write_tree({"pkg/__init__.py": "", "pkg/a.py": "x = 1\n",
                       "pkg/b.py": "import pkg.a as a\nfrom .a import (\n    x,\n)\n\nprint(a.x + x.real)\n"})
    config = Config(root=root, source_roots=(".",))
    found = discover(config)
    _, fast = fast_facts(root, [*found.modules.values()], found.top_level)
    facts = fast["pkg/b.py"]
    assert [(i.line, i.form, i.module, i.level, i.name, i.alias) for i in facts.imports] == [
        (1, "import-as", "pkg.a", 0, None, "a"), (2, "from", "a", 1, "x", None)]


@pytest.mark.parametrize(("text", "levels", "climbs"), [
    (b"from .. import x\n", 1, True), (b"from .. import x\n", 2, False), (b"from . . . import x\n", 2, True),
    (b"from\t...a import x\n", 3, False), (b"import os\nfrom ....a import b\n", 3, True),
    (b"xfrom .... import y\n", 1, False), (b"_from ....\n", 1, False), (b"(from .... import y)\n", 1, True),
    (b"from os import path\n", 0, False), (b"", 0, False),
])
def test_climbs_above(text: bytes, levels: int, climbs: bool):
    assert climbs_above(text, levels) is climbs


@pytest.mark.parametrize("statement", [
    b"import os", b"import os.path", b"import  os.path  ", b"import os\r", b"import\tos", b"import os as o",
    b"import os, sys", b"import os # note", b"import os;x=1", b"import os.", b"import .os",
    b"from a import b", b"from a.b.c import d_1", b"from  a   import   b  ", b"from a import b\r",
    b"from a import b as c", b"from a import b, c", b"from a import (b)", b"from a import *", b"from . import b",
    b"from .a import b", b"from a import b # c", b"from a import b;", b"from a. import b", b"from a import b.c",
    b"from 1a import b", b"from a import 1b", b"fromage import b", b"important", b"from a import",
])
def test_simple_statements_read_as_the_general_path_reads_them(statement: bytes):
    """The shortcut for ``from a.b import c`` and ``import a.b`` gives what the general reading
    gives, and takes nothing the general reading refuses."""
    from planner.imports import _SIMPLE, _parse_any_statement, _parse_statement

    assert _parse_statement(statement) == _parse_any_statement(statement)
    if _SIMPLE.match(statement):
        assert _parse_any_statement(statement), statement


def test_grimp_value_classes_swapped_only_during_a_scan_and_restored(tmp_path: Path):
    """The scanner builds its results from slot classes while a scan runs (one Python thread);
    grimp's own classes are back afterwards, and grimp's build_graph still works."""
    import threading

    import grimp
    from grimp.domain import valueobjects

    from planner.imports import _light_results, _ScannedModule

    original = valueobjects.Module, valueobjects.DirectImport
    with _light_results():
        assert valueobjects.Module is _ScannedModule
    assert (valueobjects.Module, valueobjects.DirectImport) == original

    package = tmp_path / "src" / "swapcheck"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("import os\nfrom swapcheck import b\n")
    (package / "b.py").write_text("X = 1\n")
    scan = scan_repo(Config(root=tmp_path, source_roots=("src",)))
    assert set(scan.graph.successors("swapcheck.a")) == {"swapcheck.b"}
    assert scan.facts["src/swapcheck/a.py"].imports[1].line == 2
    assert (valueobjects.Module, valueobjects.DirectImport) == original
    sys.path.insert(0, str(tmp_path / "src"))
    try:
        graph = grimp.build_graph("swapcheck", cache_dir=None)
    finally:
        sys.path.remove(str(tmp_path / "src"))
    assert graph.find_modules_directly_imported_by("swapcheck.a") == {"swapcheck.b"}

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with _light_results():  # another Python thread could be using grimp: no swap
            assert (valueobjects.Module, valueobjects.DirectImport) == original
    finally:
        stop.set()
        other.join()
