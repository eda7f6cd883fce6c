"""An absolute import in a directory of scripts is its sibling; in a regular package, the top-level module.

Run, a script has its own directory first on ``sys.path``: lark 1.3.1's ``examples/advanced/py3to2.py``
does ``from reconstruct_python import ...`` for ``reconstruct_python.py`` beside it, in a directory with
no ``__init__.py``. The rule that keeps ``from msgspec import X`` verbatim beside a renamed
``preconf/msgspec.py`` (cattrs; anchor R16) kept that import verbatim too, so the example could no longer
import its renamed neighbour. In a regular package the import is still left alone.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from apply_helpers import Invoke, committed


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))


def test_a_scripts_sibling_import_follows_the_rename_and_a_packages_top_level_import_does_not(
    cli: Invoke, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    _write(
        repo,
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "examples/advanced/py3to2.py", "pkg/user.py"]\n',
            "examples/advanced/reconstruct_python.py": "def reconstruct():\n    return 'sibling'\n",
            "examples/advanced/py3to2.py": """
            from reconstruct_python import reconstruct

            if __name__ == "__main__":
                print(reconstruct())
            """,
            "pkg/__init__.py": "",
            "pkg/json.py": """
            from json import dumps

            def encode(x):
                return dumps(x)
            """,
            "pkg/user.py": "from pkg.json import encode\n",
        },
    )
    committed(repo)
    cli(repo, "plan")
    cli(repo, "apply", "--all")
    script = repo / "examples/advanced/py3to2.py"
    assert script.read_text().startswith("from WF1_V7_L1_1of2_reconstruct_python import reconstruct\n")
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False)
    assert (run.returncode, run.stdout) == (0, "sibling\n"), run.stderr
    [moved] = (repo / "pkg").glob("WF1_*_json.py")
    assert moved.read_text().startswith("from json import dumps\n")  # the standard library's, left alone


def test_a_namespace_packages_import_of_the_standard_library_is_left_alone(cli: Invoke, tmp_path: Path) -> None:
    # a PEP 420 namespace package has no __init__.py either, but its modules are no scripts: `import json`
    # beside a renamed nspkg/json.py is the standard library's (the 21st review)
    repo = tmp_path / "repo"
    user = "import json\nfrom json import loads\n\nfrom nspkg.json import encode\n\n\ndef roundtrip(x):\n"
    user += "    return loads(encode(x)) == json.loads(encode(x))\n"
    _write(
        repo,
        {
            "guardian.toml": 'exempt = ["nspkg/user.py"]\n',
            "nspkg/json.py": "from json import dumps\n\n\ndef encode(x):\n    return dumps(x)\n",
            "nspkg/user.py": user,
        },
    )
    committed(repo)
    cli(repo, "plan")
    cli(repo, "apply", "--all", "--no-tests")
    [moved] = (repo / "nspkg").glob("WF1_*_json.py")
    assert moved.read_text().startswith("from json import dumps\n")
    assert (repo / "nspkg/user.py").read_text() == user.replace("nspkg.json", f"nspkg.{moved.stem}")
    check = "from nspkg.user import roundtrip; assert roundtrip([1])"
    run = subprocess.run([sys.executable, "-c", check], cwd=repo, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


def test_a_from_import_of_what_a_sibling_defines_follows_the_rename_in_a_directory_without_a_package(
    cli: Invoke, tmp_path: Path
) -> None:
    # vulture 2.16's whitelists: `vulture/whitelists/` has no __init__.py, each `*_whitelist.py` does `from
    # whitelist_utils import Whitelist` and its test runs them as `python <file>` (no `__main__` block, no
    # `#!`). Only the sibling defines `Whitelist`: the import is the sibling, renamed with it. Left alone: a name
    # that is also a top-level module (the checkout's `helpers.py`, the standard library's `json`), and one whose
    # sibling imports the top-level module of its own name (it wraps it: `yamlish.py`).
    repo = tmp_path / "repo"
    users = {
        "pkg/lists/user.py": "from json import dumps\n",
        "pkg/lists/user2.py": "from helpers import thing\n",
        "pkg/lists/user3.py": "from yamlish import load\n",
    }
    _write(
        repo,
        {
            "guardian.toml": 'exempt = ["**/__init__.py", "pkg/lists/ast_list.py", "pkg/lists/user*.py", "helpers.py"]\n',
            "pkg/__init__.py": "",
            "pkg/lists/list_utils.py": "class Marker:\n    def __getattr__(self, name):\n        return name\n",
            "pkg/lists/ast_list.py": "from list_utils import Marker\n\nprint(Marker().visit_Name)\n",
            "pkg/lists/json.py": "def dumps(x):\n    return str(x)\n",
            "helpers.py": "thing = 1\n",
            "pkg/lists/helpers.py": "thing = 2\n",
            "pkg/lists/yamlish.py": "from yamlish import load as _load\n\n\ndef load(x):\n    return _load(x)\n",
            **users,
        },
    )
    committed(repo)

    def run() -> tuple[int, str]:
        done = subprocess.run([sys.executable, "pkg/lists/ast_list.py"], cwd=repo, capture_output=True, text=True)
        return done.returncode, done.stdout + done.stderr

    assert run() == (0, "visit_Name\n")
    cli(repo, "plan")
    cli(repo, "apply", "--all", "--no-tests")
    assert not (repo / "pkg/lists/list_utils.py").exists()
    assert run() == (0, "visit_Name\n")
    assert {path: (repo / path).read_text() for path in users} == users
