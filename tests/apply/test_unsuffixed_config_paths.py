"""A renamed module's file named by a configuration file without a suffix Guardian read (issue 13, tenacity
and Faker): tenacity's ``.gitignore`` ignores its generated ``tenacity/_version.py``, and Faker's
``MANIFEST.in`` ships its stub with ``include faker/proxy.pyi``. After the rename the new version file was
no longer ignored and the sdist lost the stub, and nothing was listed: neither file was read. They are
reference files now, with ``.dockerignore``, ``.gitattributes``, ``.flake8`` and ``.pylintrc``; a path
is a ``file-path`` reference to rewrite, a stub's path too, and ``/pkg/mod.py`` in the root's ignore file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, plan_references, snapshot

CONFIG = """\
exempt = ["**/__init__.py"]

[workflows]
"pkg/**" = 1
"""


def test_ignore_files_the_manifest_and_a_flake8_file_follow_the_renamed_files(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(
        {
            "guardian.toml": CONFIG,
            ".gitignore": "*.pyc\n/pkg/_version.py\n",
            "MANIFEST.in": "include pkg/proxy.pyi\nrecursive-include pkg *.py\n",
            ".flake8": "[flake8]\nper-file-ignores =\n    pkg/proxy.py: E501\n",
            "pkg/__init__.py": "from .proxy import Proxy\n",
            "pkg/proxy.py": "class Proxy:\n    pass\n",
            "pkg/proxy.pyi": "class Proxy: ...\n",
            "pkg/_version.py": "VERSION = '1.0'\n",
        }
    )
    committed(repo)  # _version.py is ignored: untracked, as a build writes it
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {(ref["path"], ref["kind"], ref["text"], ref["action"]) for _, ref in plan_references(plan)}
    assert {
        (".gitignore", "gitignore:path", "/pkg/_version.py", "rewrite"),
        ("MANIFEST.in", "manifest:path", "pkg/proxy.pyi", "rewrite"),
        (".flake8", "flake8:path", "pkg/proxy.py", "rewrite"),
    } <= found

    result = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    assert [b["manual_follow_up"] for b in result["batches"]] == [[] for _ in result["batches"]]
    [proxy] = (repo / "pkg").glob("WF*_proxy.py")
    [version] = (repo / "pkg").glob("_WF*_version.py")
    assert (repo / ".gitignore").read_text() == f"*.pyc\n/pkg/{version.name}\n"
    assert (repo / "MANIFEST.in").read_text() == f"include pkg/{proxy.stem}.pyi\nrecursive-include pkg *.py\n"
    assert (repo / ".flake8").read_text() == f"[flake8]\nper-file-ignores =\n    pkg/{proxy.name}: E501\n"
    assert (repo / "pkg" / f"{proxy.stem}.pyi").exists()
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original


def test_an_ignore_file_below_the_root_names_paths_from_its_own_directory(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    # examples/.gitignore's `pkg/core.py` is examples/pkg/core.py, not the root's pkg/core.py (the 21st review)
    repo = write_tree(
        {
            "guardian.toml": 'exempt = ["**/__init__.py"]\n',
            "examples/.gitignore": "pkg/core.py\n/pkg/gen.py\n",
            "examples/pkg/core.py": "X = 2\n",
            "examples/pkg/gen.py": "Y = 3\n",
            "pkg/__init__.py": "",
            "pkg/core.py": "X = 1\n",
        }
    )
    committed(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {
        (ref["path"], ref["text"], rename["old"])
        for rename, ref in plan_references(plan)
        if ref["path"] == "examples/.gitignore"
    }
    assert found == {
        ("examples/.gitignore", "pkg/core.py", "examples/pkg/core.py"),
        ("examples/.gitignore", "/pkg/gen.py", "examples/pkg/gen.py"),
    }
    cli(repo, "apply", "--all", "--no-tests")
    [core] = (repo / "examples/pkg").glob("WF*_core.py")
    [gen] = (repo / "examples/pkg").glob("WF*_gen.py")
    assert (repo / "examples/.gitignore").read_text() == f"pkg/{core.name}\n/pkg/{gen.name}\n"
