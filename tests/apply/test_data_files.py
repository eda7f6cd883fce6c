"""A renamed module's path in a data file of any suffix (issue 13, PyYAML): its test fixture
``construct-python-name-module.data`` loads ``!!python/module:yaml.tokens`` and its ``.code`` twin evaluates
``yaml.tokens``; its Cython source ``_yaml.pyx`` reads ``yaml.error.YAMLError``. Guardian read no ``.data``,
``.code``, ``.json`` or ``.pyx`` file: the plan listed nothing, the path stayed, and after ``apply --all`` the
test failed (``ConstructorError: while constructing a Python module``). Every text file of the checkout is
read now (binary suffixes and files with a NUL byte are not; JSON and the files tools run are
planner/tool_files.py's): a whole dotted path there is a ``data`` reference, rewritten whatever
``--no-prose``; an HTML page is prose.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, plan_references, snapshot

TREE = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
    "pkg/__init__.py": "from . import tokens\n",
    "pkg/tokens.py": "class Token:\n    pass\n",
    "tests/data/module.data": "- !!python/module:pkg.tokens\n- !!python/name:pkg.tokens.Token\n# pkg.tokens\n",
    "tests/data/module.code": "[abs, pkg.tokens]\n",
    "tests/data/cases.json": '{"loader": "pkg.tokens.Token", "other": "pkg.tokens_v2", "name": "pkg"}\n',
    "ext/_speedups.pyx": "import pkg\nToken = pkg.tokens.Token\n",
    "docs/page.html": "<p>Moved <code>pkg.tokens.Token</code>.</p>\n",
}


@pytest.mark.parametrize("prose", [True, False])
def test_data_files_of_any_suffix_follow_the_renamed_module(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path], prose: bool
) -> None:
    repo = write_tree(TREE)
    (repo / "tests/data/blob.raw").write_bytes(b"\0\x01pkg.tokens\n")  # binary: never read nor rewritten
    (repo / "tests/data/logo.png").write_bytes(b"pkg.tokens\n")  # a binary suffix
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {
        (ref["path"], ref["line"], ref["kind"], ref["action"])
        for _, ref in plan_references(plan)
        if ref["kind"] != "submodule-attribute"
    }
    assert found == {
        ("tests/data/module.data", 1, "data", "rewrite"),
        ("tests/data/module.data", 2, "data", "rewrite"),
        ("tests/data/module.data", 3, "data", "rewrite"),  # data: no comment syntax is assumed
        ("tests/data/module.code", 1, "data", "rewrite"),
        ("tests/data/cases.json", 1, "json", "rewrite"),  # planner/tool_files.py's
        ("ext/_speedups.pyx", 2, "data", "rewrite"),
        ("docs/page.html", 1, "docs", "rewrite-prose"),  # an HTML page is prose
    }

    flags = () if prose else ("--no-prose",)
    result = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests", *flags).stdout)
    [new] = (repo / "pkg").glob("WF*_tokens.py")
    mod = f"pkg.{new.stem}"
    assert (repo / "tests/data/module.data").read_text() == (
        f"- !!python/module:{mod}\n- !!python/name:{mod}.Token\n# {mod}\n"
    )
    assert (repo / "tests/data/module.code").read_text() == f"[abs, {mod}]\n"
    # a longer token and a bare name stay
    assert (repo / "tests/data/cases.json").read_text() == (
        f'{{"loader": "{mod}.Token", "other": "pkg.tokens_v2", "name": "pkg"}}\n'
    )
    assert (repo / "ext/_speedups.pyx").read_text() == f"import pkg\nToken = {mod}.Token\n"
    page = f"<p>Moved <code>{mod}.Token</code>.</p>\n"
    assert (repo / "docs/page.html").read_text() == (page if prose else TREE["docs/page.html"])
    assert (repo / "tests/data/blob.raw").read_bytes() == b"\0\x01pkg.tokens\n"
    assert (repo / "tests/data/logo.png").read_bytes() == b"pkg.tokens\n"
    follow_ups = [f["detail"] for b in result["batches"] for f in b["manual_follow_up"]]
    assert [f.partition(":")[0] for f in follow_ups] == ([] if prose else ["docs/page.html"])
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_symlinked_document_is_read_through_its_target(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    # beautifulsoup4's sdist: NEWS.txt -> CHANGELOG. Rewriting NEWS.txt stopped the apply ("NEWS.txt is a
    # symlink; Guardian never writes through symlinks"); its target holds the text, and is rewritten.
    repo = write_tree(
        {
            "guardian.toml": TREE["guardian.toml"],
            "pkg/__init__.py": "",
            "pkg/tokens.py": "X = 1\n",
            "CHANGES.rst": "= 1.0 =\nMoved pkg.tokens.X.\n",
            "scripts/deploy.sh": "#!/bin/sh\npython -m pkg.tokens\n",
            "doc/index.html": "<span class='pre'>pkg.tokens</span> &#39;pkg.tokens.X&#39;\n",
        }
    )
    (repo / "NEWS.txt").symlink_to("CHANGES.rst")
    (repo / "bin").mkdir()
    (repo / "bin/deploy").symlink_to("../scripts/deploy.sh")
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {(r["path"], r["kind"], r["action"]) for _, r in plan_references(plan)}
    assert found == {
        ("CHANGES.rst", "docs", "rewrite-prose"),
        ("scripts/deploy.sh", "shell", "rewrite"),
        ("doc/index.html", "docs", "rewrite-prose"),
    }
    result = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    assert [b["manual_follow_up"] for b in result["batches"]] == [[]]  # the HTML page's tokens are whole
    [new] = (repo / "pkg").glob("WF*_tokens.py")
    assert (repo / "NEWS.txt").is_symlink()
    assert (repo / "NEWS.txt").read_text() == f"= 1.0 =\nMoved pkg.{new.stem}.X.\n"
    assert (repo / "bin/deploy").is_symlink()
    assert (repo / "bin/deploy").read_text() == f"#!/bin/sh\npython -m pkg.{new.stem}\n"
    assert (repo / "doc/index.html").read_text() == (
        f"<span class='pre'>pkg.{new.stem}</span> &#39;pkg.{new.stem}.X&#39;\n"
    )
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_cython_sources_relative_imports_follow_the_renamed_modules(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    # msgpack's _unpacker.pyx: `from .exceptions import (...)`, `from .ext import ExtType`. An extension built
    # from the renamed checkout failed to import (`No module named 'msgpack.ext'`) and msgpack fell back to
    # pure Python: 3 of its tests went from passed to skipped. A cimport reads a .pxd, which no rename moves
    # (a module with a .pxd of its name keeps its name: tests/apply/test_cython_declarations.py).
    pyx = (
        "from .headers cimport Header\n"
        "from .ext import ExtType, Timestamp\n"
        "from .exceptions import (\n    BufferFull,\n)\n"
        "from . import ext, other\n"
        "from . import ext as e\n"
        "from .sub.mod import z\n"
        "from .extra import w\n"
    )
    repo = write_tree(
        {
            "guardian.toml": 'exempt = ["**/__init__.py"]\n',
            "pkg/__init__.py": "",
            "pkg/ext.py": "class ExtType:\n    pass\n",
            "pkg/exceptions.py": "class BufferFull(Exception):\n    pass\n",
            "pkg/extra.py": "w = 1\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/mod.py": "z = 1\n",
            "pkg/_unpacker.pyx": pyx,
            "pkg/headers.pxd": "cdef class Header:\n    pass\n",
        }
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {
        (ref["line"], rename["old"])
        for rename, ref in plan_references(plan)
        if ref["kind"] == "cython-import" and ref["action"] == "rewrite"
    }
    assert found == {
        (2, "pkg/ext.py"),
        (3, "pkg/exceptions.py"),
        (6, "pkg/ext.py"),
        (7, "pkg/ext.py"),
        (8, "pkg/sub/mod.py"),
        (9, "pkg/extra.py"),
    }
    cli(repo, "-q", "apply", "--all", "--no-tests")
    new = {p.stem.rpartition("_")[2]: p.stem for p in repo.glob("pkg/**/WF*.py")}
    assert (repo / "pkg/_unpacker.pyx").read_text() == (
        "from .headers cimport Header\n"
        f"from .{new['ext']} import ExtType, Timestamp\n"
        f"from .{new['exceptions']} import (\n    BufferFull,\n)\n"
        f"from . import {new['ext']} as ext, other\n"
        f"from . import {new['ext']} as e\n"
        f"from .sub.{new['mod']} import z\n"
        f"from .{new['extra']} import w\n"
    )
    assert (repo / "pkg/headers.pxd").exists()
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_other_languages_sources_and_environment_files_are_not_data(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """Review 22, holes 21 and 22. Vue's ``main.js`` beside a Python package ``app`` with a ``config`` module:
    ``app.config.errorHandler`` is JavaScript's own expression, and was rewritten as data whatever
    ``--no-prose``. ``.env.production`` holds secrets: it was read, rewritten, and a line the rewrite could
    not place was quoted whole (the password with it) in apply's follow-ups. An environment file is read now
    (breaker d11: ``APP_PLUGIN=pkg.plugins.gamma`` lost its module), its assignments of a whole module path only:
    no other line is read, rewritten or quoted (tests/apply/test_env_and_pipeline_files.py)."""
    main_js = "const app = createApp(App)\napp.config.errorHandler = report\n"
    env = (
        "DATABASE_URL=postgres://u:hunter2@db/app\nSETTINGS=app.config.Production\n"
        "# app.config.Production hunter2\nOPTS=--settings app.config.Production --key hunter2\n"
    )
    repo = write_tree(
        {
            "guardian.toml": 'exempt = ["**/__init__.py"]\n\n[workflows]\n"app/**" = 1\n',
            "app/__init__.py": "",
            "app/config.py": "class Production:\n    pass\n",
            "web/src/main.js": main_js,
            "web/src/theme.scss": ".app.config { color: red }\n",
            ".env.production": env,
            "deploy/prod.env": env,
        }
    )
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {(ref["path"], ref["line"], ref["text"]) for _, ref in plan_references(plan)}
    assert found == {(name, 2, "app.config.Production") for name in (".env.production", "deploy/prod.env")}
    result = cli(repo, "--json", "apply", "--all", "--no-tests")
    assert "hunter2" not in result.output
    assert (repo / "web/src/main.js").read_text() == main_js
    [new] = (repo / "app").glob("WF*_config.py")
    lines = env.splitlines(keepends=True)
    lines[1] = f"SETTINGS=app.{new.stem}.Production\n"
    assert (repo / ".env.production").read_text() == "".join(lines)
    assert (repo / "deploy/prod.env").read_text() == "".join(lines)
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_a_reference_file_too_large_to_plan_is_not_rewritten(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    """Review 22, hole 23: a 2.1 MB ``run.sh`` was skipped by the plan (over its 2 MB) but rewritten by apply,
    a change no plan listed. Every non-Python file over the limit is left out of both now."""
    script = "#!/bin/sh\npython -m pkg.tokens\n" + "# padding\n" * 220_000
    repo = write_tree({"guardian.toml": TREE["guardian.toml"], "pkg/__init__.py": "", "pkg/tokens.py": ""})
    (repo / "run.sh").write_text(script)
    os.chmod(repo / "run.sh", 0o755)
    committed(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    assert plan_references(plan) == []
    cli(repo, "-q", "apply", "--all", "--no-tests")
    assert (repo / "run.sh").read_text() == script
