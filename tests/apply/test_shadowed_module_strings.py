"""A shadowed submodule's path given whole to an import in a file with no other reference (issue 13, django-debug-toolbar).

django-debug-toolbar's ``__init__.py`` binds ``urls = "debug_toolbar.urls", APP_NAME`` (the tuple Django's
``include`` takes), so the package shadows its submodule ``urls``; its tests' ``urls.py`` has
``include("debug_toolbar.urls")``, a module path. The plan listed the string ``rewrite``, but apply's screen of the
file read the quoted token as Python source, where a shadowed path standing alone is the package's object: the file
was never parsed and the string kept the old path. Every test's URL configuration failed to import after apply
(``No module named 'debug_toolbar.urls'``, 226 of 326 tests lost). A string whose whole value is the path names
the module; only a path inside a longer string or code is the object (``pkg.urls[0]``).
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, own_suite, plan_references, snapshot, write_files

FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
    "pkg/__init__.py": 'APP = "app"\n\n# the URL configuration, as Django takes it\nurls = "pkg.urls", APP\n',
    "pkg/urls.py": "patterns = ['home']\n",
    "pkg/routes.py": "import importlib\n\n\ndef load():\n    return importlib.import_module('pkg.urls')\n",
    "tests/settings.py": 'ROOT_URLCONF = "pkg.urls"\n',
    "tests/test_api.py": (
        "import importlib\n\nimport pkg\nfrom pkg.routes import load\nfrom tests import settings\n\nURLS = pkg.urls\n\n\n"
        "def test_the_module_by_its_path():\n"
        "    assert load().patterns == ['home']\n"
        "    assert importlib.import_module(settings.ROOT_URLCONF).patterns == ['home']\n"
        "    assert importlib.import_module(URLS[0]).patterns == ['home'] and URLS[1] == 'app'\n"
    ),
    "tests/__init__.py": "",
}


def test_a_shadowed_submodules_path_alone_in_a_string(cli: Invoke, tmp_path: Path) -> None:
    repo = committed(write_files(tmp_path / "repo", FILES))
    original = snapshot(repo)
    assert own_suite(repo).startswith("1 passed")

    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert {h["module"] for h in plan["hazards"] if h["kind"] == "shadowed-submodule"} == {"pkg.urls"}
    listed = {
        (ref["path"], ref["action"]) for rename, ref in plan_references(plan) if rename["old_module"] == "pkg.urls"
    }
    assert {("pkg/routes.py", "rewrite"), ("tests/settings.py", "rewrite"), ("pkg/__init__.py", "rewrite")} <= listed

    cli(repo, "-q", "apply", "--all", "--no-tests")
    [routes] = (repo / "pkg").glob("*_routes.py")
    assert "import_module('pkg.WF1_V7_" in routes.read_text()
    assert (repo / "tests/settings.py").read_text().startswith('ROOT_URLCONF = "pkg.WF1_V7_')
    assert own_suite(repo).startswith("1 passed")
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
