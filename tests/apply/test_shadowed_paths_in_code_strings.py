"""A shadowed submodule's path in code held by a string: the object its package binds (issue 13, python-slugify).

python-slugify's ``slugify/__init__.py`` does ``from .slugify import *`` (the module's ``__all__`` lists its
function ``slugify``) and ``from .__version__ import __version__``: after ``import slugify``,
``slugify.slugify`` is the function and ``slugify.__version__`` the version string. Rope leaves those uses
(a shadowed submodule), but its release check's ``python -c`` source,
``"import slugify; assert slugify.__version__ == '9.2.0'; assert slugify.slugify('x') == 'x'"``, became
``slugify.__WF1_..._version__`` and ``slugify.WF1_..._slugify('x')`` (the module: not callable), and
``"from slugify import slugify"`` became ``from slugify import WF1_..._slugify as slugify``, the module.
A doctest's ``>>> from pkg import slug`` is the same code. In code, such a path is the package's attribute:
left as it is; an import of the module itself (``import pkg.slug``, ``from pkg.slug import x``) and a call
that takes a module path (``importlib.import_module("pkg.slug")``) still get the new name.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_references, snapshot, write_files

CHECK = (
    "CHECK = (\n"
    "    \"import pkg; assert pkg.slug('A b') == 'a-b'; assert pkg.version == '1.0'; \"\n"
    "    \"from pkg import slug; assert slug('C') == 'c'\"\n"
    ")\n"
)
HELPERS = (
    '''\
"""Helpers.

>>> from pkg import slug
>>> slug("A b")
'a-b'
>>> import pkg
>>> pkg.slug("D") + pkg.version
'd1.0'
>>> from pkg.slug import slug as direct
>>> direct("E")
'e'
"""

MODULE = __import__("importlib").import_module("pkg.slug")
'''
    + CHECK
)
SUITE = """\
import subprocess
import sys

from pkg import slug
from pkg.helpers import CHECK, MODULE


def test_the_code_string_runs():
    subprocess.run([sys.executable, "-c", CHECK], check=True)


def test_the_module_by_its_path():
    assert MODULE.slug("F") == "f" == slug("F")
"""
#: a documentation file: its directive takes the module, its doctest's from-import the package's object
DOCS = """API
===

.. automodule:: pkg.slug

>>> from pkg import slug
>>> slug("G h")
'g-h'
"""
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
    "pytest.ini": "[pytest]\naddopts = --doctest-modules\ntestpaths = pkg tests\n",
    "pkg/__init__.py": "from .slug import *\nfrom .version import version\n",
    "pkg/slug.py": '__all__ = ["slug"]\n\n\ndef slug(text):\n    return "-".join(text.lower().split())\n',
    "pkg/version.py": 'version = "1.0"\n',
    "pkg/helpers.py": HELPERS,
    "tests/test_check.py": SUITE,
    "docs/api.rst": DOCS,
}


def test_a_shadowed_path_in_a_code_string_and_a_doctest_is_left(cli: Invoke, tmp_path: Path) -> None:
    repo = committed(write_files(tmp_path / "repo", FILES))
    original = snapshot(repo)
    assert own_suite(repo).startswith("2 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    listed = [(r["path"], r["line"], r["kind"]) for _, r in plan_references(plan)]
    expected = [("docs/api.rst", 4, "automodule"), ("pkg/helpers.py", 9, "doctest"), ("pkg/helpers.py", 14, "string")]
    assert listed == expected  # as apply rewrites
    cli(repo, "-q", "apply", "--all", "--no-tests")
    helpers = next((repo / "pkg").glob("WF1_*helpers.py")).read_text()
    slug = next((repo / "pkg").glob("WF1_*slug.py")).stem
    assert helpers == HELPERS.replace(
        "from pkg.slug import slug as direct", f"from pkg.{slug} import slug as direct"
    ).replace('import_module("pkg.slug")', f'import_module("pkg.{slug}")')
    assert (repo / "docs/api.rst").read_text() == DOCS.replace("automodule:: pkg.slug", f"automodule:: pkg.{slug}")
    assert own_suite(repo).startswith("2 passed")
    assert "ok" in cli(repo, "check").output  # ``>>> from pkg import slug`` names no retired module
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
