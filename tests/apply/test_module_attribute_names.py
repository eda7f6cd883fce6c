"""What follows a renamed module's path is its attribute only when the module binds that name (issue 13, review 24
holes 15 and 16; planner/module_attributes.py).

A top-level module with a common name (``api.py``) made ``"api.example.com"`` a path: apply wrote
``"WF1_..._api.example.com"`` in code, YAML and the README. A data file named after a module (``"pkg.cli.pkl"``) was
a file's name only for a fixed list of suffixes (.json, .xml ...): ``.pkl``, ``.npy``, ``.db``, ``.gz`` were rewritten
as the module and an attribute while the committed file kept its name. Now the plan lists, and apply rewrites, neither;
``api.get`` and ``"pkg.cli.main"`` (names the modules bind) and ``"pkg.util.log"`` (``util`` defines ``log``) still are.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, plan_references, snapshot

SUFFIXES = ("pkl", "npy", "db", "gz", "parquet", "weird")  # ``.weird``: no known suffix, a file of the checkout
MAIN = """\
import api

BASE = "https://api.example.com/v1"
HOST = "api.example.com"
GET = "api.get"


def run():
    return api.get()
"""
LOADER = """\
DATA = [{files}]
LOG = "pkg.cli.log"  # written at run time: no file of the checkout, and ``cli`` binds no ``log``
MAIN = "pkg.cli.main"
LOGGER = "pkg.util.log"
"""


def test_host_names_and_data_files_are_no_module_paths(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    files = ", ".join(f'"pkg.cli.{s}"' for s in SUFFIXES)
    repo = write_tree(
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "main.py", "tools/**"]\n',
            "api.py": "def get():\n    return 1\n",
            "main.py": MAIN,
            "config.yml": "base_url: https://api.example.com/v1\nhost: api.example.com\nget: api.get\n",
            "README.md": "Calls https://api.example.com and api.example.com, through `api.get`.\n",
            "pkg/__init__.py": "",
            "pkg/cli.py": "def main():\n    return 1\n",
            "pkg/util.py": "import logging\n\nlog = logging.getLogger(__name__)\n",
            "tools/loader.py": LOADER.format(files=files),
            **{f"tools/data/pkg.cli.{s}": "x\n" for s in SUFFIXES},
        }
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {(x["path"], x["text"]) for _, x in plan_references(plan)}
    assert {t for p, t in found if p in ("main.py", "config.yml", "README.md")} == {"api.get"}
    assert {t for p, t in found if p == "tools/loader.py"} == {"pkg.cli.main", "pkg.util.log"}
    cli(repo, "-q", "apply", "--all", "--no-tests")
    main = (repo / "main.py").read_text()
    assert '"https://api.example.com/v1"' in main and '"api.example.com"' in main
    assert "WF" in main.split('GET = "')[1].partition('"')[0]  # ``api.get``: the module's function
    assert "WF" not in (repo / "config.yml").read_text().partition("get:")[0]
    assert "WF" not in (repo / "README.md").read_text().partition("`")[0]
    loader = (repo / "tools/loader.py").read_text()
    assert f"DATA = [{files}]" in loader and 'LOG = "pkg.cli.log"' in loader
    assert 'MAIN = "pkg.WF' in loader and 'LOGGER = "pkg.WF' in loader
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


SESSION = '''\
def factory(secret, salt="pkg.session."):
    """Sign cookies.

    ``salt``
      Default: ``'pkg.session.'``. See pkg.session.factory for more.
    """
    built = ("pkg.session." + secret, f"pkg.session.{secret}")
    return (secret, salt, "pkg.session.factory", built)
'''


def test_a_path_with_a_trailing_dot_ending_its_string_is_a_prefix_not_the_module(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """pyramid 2.1: ``SignedCookieSessionFactory(salt='pyramid.session.')`` signs every cookie with that salt; apply
    rewrote it, so each session signed before the rename no longer validated (and its suite, signing with
    ``b'pyramid.session.'``, lost 8 tests). A path and a dot that end the string (or a quoted word in prose) name
    keys below the module, not the module: neither listed nor rewritten; the path with an attribute still is, and so
    is the prefix where ``+`` or an f-string builds a name on it."""
    repo = write_tree(
        {
            "guardian.toml": 'exempt = ["**/__init__.py"]\n',
            "pkg/__init__.py": "",
            "pkg/session.py": SESSION,
        }
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {(x["line"], x["text"]) for _, x in plan_references(plan)}
    assert found == {(5, "pkg.session.factory"), (7, "pkg.session"), (8, "pkg.session.factory")}
    cli(repo, "-q", "apply", "--all", "--no-tests")
    new = next((repo / "pkg").glob("WF*_session.py")).read_text()
    assert 'salt="pkg.session."' in new and "``'pkg.session.'``" in new
    assert new.count("pkg.WF") == 4  # the attribute's twice, and the names built on the prefix by ``+`` and f-string
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_path_after_a_slash_is_a_file_s_name_in_docs_and_configuration(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """pyramid 2.1's mod_wsgi tutorial: ``WSGIScriptAlias /myapp /Users/chrism/myproject/pyramid.wsgi`` names a script
    file ``pyramid.wsgi``, the last part of a path, as ``reference/pkg.mod.md`` does; apply left it, as its string
    codemod leaves ``"dir/pkg.mod"``, but listed it as a longer token for a person (plan and report). A token right
    after a ``/`` is no reference there either: neither listed nor named in the follow-ups."""
    repo = write_tree(
        {
            "guardian.toml": 'exempt = ["**/__init__.py"]\n',
            "pkg/__init__.py": "",
            "pkg/wsgi.py": "def app():\n    return 1\n",
            "docs/deploy.rst": "Use :func:`pkg.wsgi.app`::\n\n    WSGIScriptAlias /app /home/me/env/pkg.wsgi\n",
            "deploy.ini": "[server]\nscript = /srv/env/pkg.wsgi\napp = pkg.wsgi:app\n",
        }
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {(x["path"], x["line"], x["kind"]) for _, x in plan_references(plan)}
    assert {(p, n) for p, n, _k in found} == {("docs/deploy.rst", 1), ("deploy.ini", 3)}
    report = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    assert [f for b in report["batches"] for f in b["manual_follow_up"]] == []
    assert "/home/me/env/pkg.wsgi\n" in (repo / "docs/deploy.rst").read_text()
    assert "script = /srv/env/pkg.wsgi\napp = pkg.WF" in (repo / "deploy.ini").read_text()
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_typographic_quotes_and_an_escaped_line_end_bound_a_path(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """sphinx 9.0.4's translations: ``«sphinx.ext.imgconverter» requereix ...`` and ``un frontal per a
    sphinx.ext.autosummary.generate.\\nGenera ...`` (a full stop, then a ``.po`` string's escaped line end) were
    longer-token follow-ups: guillemets and curly quotes bound a path as ASCII quotes do, and so does a full stop
    before a backslash."""
    po = 'msgstr "«pkg.conv» cal.\\n“pkg.conv” i ‘pkg.conv’. Un frontal per a pkg.conv.\\nGenera"\n'
    repo = write_tree(
        {
            "guardian.toml": 'exempt = ["**/__init__.py"]\n',
            "pkg/__init__.py": "",
            "pkg/conv.py": "X = 1\n",
            "pkg/ca.po": po,
        }
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert {x["kind"] for _, x in plan_references(plan)} == {"data"}
    report = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    assert [f for b in report["batches"] for f in b["manual_follow_up"]] == []
    assert (repo / "pkg/ca.po").read_text().count("pkg.WF") == 4
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_module_prefix_before_a_tag_is_a_whole_token(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """dogpile.cache 1.5.0 ships its built Sphinx pages: every documented class's signature names its module as
    ``<span class="pre">dogpile.cache.region.</span>`` (the module's path and a dot, Sphinx's ``sig-prename``), which
    left 47 longer-token follow-ups. A full stop after the path and before a tag's ``<`` ends the module's prefix:
    the path is whole and rewritten (as prose). ``pkg.conv.x-y`` is still a longer token, for a person."""
    page = (
        '<dt id="pkg.conv.Conv"><span class="sig-prename descclassname"><span class="pre">pkg.conv.</span></span>'
        '<span class="sig-name descname"><span class="pre">Conv</span></span></dt>\n'
    )
    repo = write_tree(
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "docs/**"]\n',
            "pkg/__init__.py": "",
            "pkg/conv.py": "class Conv:\n    pass\n",
            "docs/api.html": page,
            "pkg/names.json": '{"other": "pkg.conv.x-y"}\n',
        }
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    kinds = {(x["path"], x["kind"]) for _, x in plan_references(plan)}
    assert ("docs/api.html", "longer-token") not in kinds
    assert ("pkg/names.json", "longer-token") in kinds  # ``pkg.conv.x-y``: a longer token, for a person
    report = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    follow_ups = [f for b in report["batches"] for f in b["manual_follow_up"]]
    assert [f["path"] for f in follow_ups] == ["pkg/names.json"]
    page_after = (repo / "docs/api.html").read_text()
    assert page_after.count("pkg.WF") == 2 and "pkg.conv" not in page_after
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
