"""The import graph: every import form resolved against the checkout, with its attributes."""

from __future__ import annotations

from pathlib import Path

from planner.config import Config
from planner.scan import scan_repo

FORMS = {
    "pkg/__init__.py": """
        from .sub import *
        from . import mod
        __all__ = ["mod"]
    """,
    "pkg/mod.py": """
        X = 1
        def func():
            return X
    """,
    "pkg/mod.pyi": "X: int\n",
    "pkg/models.py": "Y = 2\n",
    "pkg/sub/__init__.py": "from pkg.sub.deep import *\n",
    "pkg/sub/deep.py": """
        from ..mod import func
        from .. import models
        __all__ = ["func"]
    """,
    "pkg/user.py": """
        import importlib
        from typing import TYPE_CHECKING
        import pkg.mod
        import pkg.models as m
        from pkg.mod import func as f
        from .mod import X
        if TYPE_CHECKING:
            from pkg.sub import deep
        try:
            import pkg.mod as optional
        except ImportError:
            optional = None
        def lazy():
            import pkg.models as mm
            return mm.Y
        PLUGIN = importlib.import_module("pkg.models")
        def annotated(x: "pkg.mod.Thing") -> None: ...
    """,
    "tests/test_user.py": """
        from unittest import mock
        import pkg.user
        def test_it():
            with mock.patch("pkg.mod.func"):
                pass
            mock.patch("pkg.modelsX")  # not a module: no reference
    """,
    "pyproject.toml": """
        [project.scripts]
        tool = "pkg.mod:func"
    """,
    "docs/api.rst": ".. automodule:: pkg.models\n",
}


def _scan(root: Path, roots: tuple[str, ...] = (".",)):
    return scan_repo(Config(root=root, source_roots=roots))


def edge(scan, a: str, b: str) -> list[dict]:
    data = scan.graph.get_edge_data(a, b)
    assert data is not None, f"no edge {a} -> {b}; edges: {sorted(scan.graph.edges)}"
    return data["imports"]


def test_every_import_form_resolves(write_tree):
    scan = _scan(write_tree(FORMS))
    assert set(scan.modules) == {
        "pkg",
        "pkg.mod",
        "pkg.models",
        "pkg.sub",
        "pkg.sub.deep",
        "pkg.user",
        "tests.test_user",
    }
    assert scan.modules["pkg.mod"].stub == "pkg/mod.pyi"
    forms = {(i["form"], i["line"]) for i in edge(scan, "pkg.user", "pkg.mod")}
    assert ("import", 3) in forms and ("from-as", 5) in forms and ("from", 6) in forms
    assert edge(scan, "pkg.sub.deep", "pkg.mod")[0]["form"] == "from"  # ..mod resolved
    assert edge(scan, "pkg.sub.deep", "pkg.models")  # from .. import models -> the module
    assert edge(scan, "pkg", "pkg.sub")[0]["form"] == "from-star"
    assert edge(scan, "pkg.sub", "pkg.sub.deep")[0]["form"] == "from-star"
    assert not scan.unresolved and not scan.syntax_errors


def test_edge_attributes_lazy_conditional_type_checking_optional(write_tree):
    scan = _scan(write_tree(FORMS))
    deep = edge(scan, "pkg.user", "pkg.sub.deep")
    assert deep[0]["type_checking"] and not deep[0]["lazy"]
    models = {i["line"]: i for i in edge(scan, "pkg.user", "pkg.models")}
    assert models[14]["lazy"] and not models[4]["lazy"]
    optional = [i for i in edge(scan, "pkg.user", "pkg.mod") if i["line"] == 10][0]
    assert optional["optional"] and optional["conditional"]


def test_references_in_python_and_other_files(write_tree):
    scan = _scan(write_tree(FORMS))
    found = {(r.path, r.kind, r.text, r.module) for r in scan.references}
    assert ("pkg/user.py", "importlib", "pkg.models", "pkg.models") in found
    assert ("pkg/user.py", "annotation", "pkg.mod.Thing", "pkg.mod") in found
    assert ("tests/test_user.py", "mock.patch", "pkg.mod.func", "pkg.mod") in found
    assert ("pkg/__init__.py", "__all__", "mod", "pkg.mod") in found
    assert ("pyproject.toml", "entry-point", "pkg.mod:func", "pkg.mod") in found
    assert ("docs/api.rst", "automodule", "pkg.models", "pkg.models") in found
    # exact dotted paths only: "pkg.modelsX" is an attribute of the package, never pkg.models
    assert {r.module for r in scan.references if r.text == "pkg.modelsX"} == {"pkg"}


def test_src_layout_namespace_packages_and_several_roots(write_tree):
    root = write_tree(
        {
            "src/app/feature/mod.py": "from app.core import util\n",  # app/feature: no __init__ (PEP 420)
            "src/app/core/__init__.py": "",
            "src/app/core/util.py": "",
            "lib/helpers.py": "import app.feature.mod\n",
        }
    )
    scan = _scan(root, ("src", "lib"))
    assert {"app.feature.mod", "app.core.util", "helpers"} <= set(scan.modules)
    assert edge(scan, "app.feature.mod", "app.core.util")
    assert edge(scan, "helpers", "app.feature.mod")


def test_missing_module_and_syntax_error_are_findings(write_tree):
    root = write_tree(
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "import pkg.gone\nfrom pkg.nothere import x\n",
            "pkg/broken.py": "x = (\n",
        }
    )
    scan = _scan(root)
    assert {(u.importer, u.target) for u in scan.unresolved} == {("pkg.a", "pkg.gone"), ("pkg.a", "pkg.nothere")}
    assert [(s.path, s.line) for s in scan.syntax_errors] == [("pkg/broken.py", 1)]


def test_reads_the_checkout_not_the_installed_copy(write_tree):
    """A checkout named like an installed package (click is installed here) is read from disk."""
    root = write_tree(
        {
            "click/__init__.py": "from .core import only_here\n",
            "click/core.py": "only_here = 1\n",
            "click/extra.py": "from click import core\n",
        }
    )
    scan = _scan(root)
    assert set(scan.modules) == {"click", "click.core", "click.extra"}
    assert edge(scan, "click.extra", "click.core")
    assert scan.modules["click.core"].path == "click/core.py"


def test_a_shadowed_submodule_import_depends_on_the_package(write_tree):
    """``from pkg import sympify`` gets the function ``pkg/__init__.py`` binds, not the submodule:
    the edge goes to the package, so renaming the submodule leaves that edge as it was."""
    root = write_tree(
        {
            "pkg/__init__.py": "from .sympify import sympify\nfrom . import other\n",
            "pkg/sympify.py": "def sympify(x):\n    return x\n",
            "pkg/other.py": "",
            "pkg/user.py": "from pkg import sympify\nfrom pkg.sympify import sympify as direct\nfrom pkg import other\n",
        }
    )
    scan = _scan(root)
    assert set(scan.shadowed) == {"pkg.sympify"}
    assert [i["line"] for i in edge(scan, "pkg.user", "pkg")] == [1]
    assert [i["line"] for i in edge(scan, "pkg.user", "pkg.sympify")] == [2]
    assert [i["line"] for i in edge(scan, "pkg.user", "pkg.other")] == [3]


def test_a_name_bound_in_a_class_body_shadows_no_submodule(write_tree):
    """chardet's ``pipeline/__init__.py`` declares ``class DetectionResult: language: str | None`` beside its
    ``pipeline/language.py``: the field is the class's attribute, so ``from pkg import language`` is still
    the submodule (the plan took it for a shadowed one and left the tests' import of it unrewritten).
    A method's name and a class attribute count no more; a module-level name still shadows."""
    root = write_tree(
        {
            "pkg/__init__.py": (
                "class Result:\n    language: str | None\n    render = None\n"
                "    def parse(self):\n        return 1\n"
                "util = None\n"
            ),
            "pkg/language.py": "",
            "pkg/render.py": "",
            "pkg/parse.py": "",
            "pkg/util.py": "",
            "pkg/user.py": "from pkg import language, render, parse, util\n",
        }
    )
    scan = _scan(root)
    assert set(scan.shadowed) == {"pkg.util"}
    for module in ("pkg.language", "pkg.render", "pkg.parse"):
        assert edge(scan, "pkg.user", module), module


def test_imports_inside_strings_of_source_are_references(write_tree):
    """attrs builds ``__init__`` from a string holding ``__import__('attr._make')``: a dynamic import."""
    root = write_tree(
        {
            "pkg/__init__.py": "",
            "pkg/mod.py": "",
            "pkg/gen.py": (
                "SRC = \"x = __import__('pkg.mod').mod\\n\"\nTEMPLATE = '''\nfrom pkg.mod import func\n'''\n"
            ),
        }
    )
    scan = _scan(root)
    found = {(r.kind, r.text, r.line) for r in scan.references if r.path == "pkg/gen.py"}
    assert found == {("code-string", "pkg.mod", 1), ("code-string", "pkg.mod", 2)}
