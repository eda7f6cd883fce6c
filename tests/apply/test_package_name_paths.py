"""A submodule's path a package builds from its own ``__name__`` follows the rename (review finding: issue 13, class 1).

A package's ``__init__`` (or a module, through ``__package__`` or its parent) loads its submodules by a path it
builds from its own name: ``import_module(f"{__name__}.mathops")``, ``"%s.textops" % __name__``, ``__name__ +
".fmtops"``, ``"{}.{}".format(__name__, "b1")``, ``".".join([__name__, "a2"])``, and printf-style with a tuple,
``"%s.%s" % (__name__, "a4")``. Each is a ``computed-path`` rewrite of the literal holding the tail: the tuple form
was read by neither the plan nor apply (one ``%s`` only), so ``pkg.a4`` was listed nowhere, kept by no shim, and
the suite failed after apply (``ModuleNotFoundError``). An f-string implicitly joined to a literal
(``f"{__name__}" ".b0"``) is no single literal to rewrite: it is a ``computed-import`` kept by a shim.
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files

NAMES = "a0 a1 a2 a3 a4 a5 a6 a7 a8 a9 b0 b1 b2 b3 b4".split()
INIT = """\
import importlib
import pkgutil

SUB = "a1"


def loads():
    return [
        importlib.import_module(".a0", __name__),
        importlib.import_module(f"{__name__}.{SUB}"),
        importlib.import_module(".".join([__name__, "a2"])),
        importlib.import_module("{0}.{1}".format(__name__, "a3")),
        importlib.import_module("%s.%s" % (__name__, "a4")),
        importlib.import_module(__name__ + "." + "a5"),
        importlib.import_module(f"{__spec__.parent}.a6"),
        importlib.import_module(f"{__package__}.a7"),
        pkgutil.resolve_name(f"{__name__}.a8:X"),
        importlib.import_module("%s.%s.%s" % (__name__, "sub", "a9")),
        importlib.import_module(f"{__name__}" ".b0"),
        importlib.import_module("{}.{}".format(__name__, "b1")),
        importlib.import_module(f"{__name__}.{'b2'}"),
        importlib.import_module(__name__ + ".b3"),
        importlib.import_module("%s.b4" % __name__),
    ]
"""
SUITE = f"""\
import pkg


def test_loads():
    assert [getattr(m, "X", m) for m in pkg.loads()] == {NAMES!r}
"""


def test_paths_built_from_the_package_name(cli: Invoke, tmp_path: Path) -> None:
    files = {f"pkg/{name}.py": f"X = {name!r}\n" for name in NAMES if name != "a9"}
    files |= {"pkg/sub/__init__.py": "", "pkg/sub/a9.py": "X = 'a9'\n", "pkg/__init__.py": INIT}
    files |= {"guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n'}
    repo = write_files(tmp_path / "repo", files | {"tests/test_pkg.py": SUITE})
    plan, original = planned(cli, repo, "1 passed")
    listed = {(rename["old_module"].rpartition(".")[2], ref["kind"]) for rename, ref in plan_references(plan)}
    assert {(name, "computed-path") for name in NAMES if name not in ("a0", "b0")} <= listed
    assert ("b0", "computed-import") in listed
    applied(cli, repo, "1 passed")
    init = (repo / "pkg/__init__.py").read_text()
    assert '"%s.%s" % (__name__, "WF1_' in init and '"sub", "WF1_' in init  # the tuple's literals rewritten
    assert sorted(path.name for path in (repo / "pkg").glob("[ab][0-9].py")) == ["b0.py"]  # the one shim
    reverted(cli, repo, original)
