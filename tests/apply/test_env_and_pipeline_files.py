"""Environment files and tool files without a suffix name module paths too (issue 13, breaker d11, e05, f06).

``conf/.env`` and ``.env.example`` (``APP_PLUGIN=pkg.plugins.gamma``), Flask's ``.flaskenv``
(``FLASK_APP=pkg.app``), direnv's ``.envrc`` (``export APP=pkg.mod``), a ``Jenkinsfile``'s
``sh 'python -m pkg.cli'`` and a ``Pipfile``'s ``[scripts]`` were never read: the plan listed nothing, the paths
stayed, and the code loading them lost the module after ``apply --all``. They are read now as the files tools run
(planner/tool_files.py: shell assignments and command lines; a ``Pipfile`` is TOML), a comment is prose.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, plan_references, snapshot

TREE = {
    "guardian.toml": 'exempt = ["**/__init__.py", "tests/**"]\n\n[workflows]\n"pkg/**" = 1\n',
    "pkg/__init__.py": "",
    "pkg/cli.py": "X = 1\n",
    "conf/.env": "APP_PLUGIN=pkg.cli\nDB_URL=postgresql://u:secret@h/db\n",
    ".env.example": "# APP_PLUGIN names a module\nAPP_PLUGIN=pkg.cli\n",
    ".flaskenv": "FLASK_APP=pkg.cli\n",
    ".envrc": "export APP=pkg.cli\n",
    "deploy/prod.env": "APP=pkg.cli:X\n",
    "Jenkinsfile": "pipeline { stages { stage('t') { steps { sh 'python -m pkg.cli' } } } }\n",
    "Pipfile": '[scripts]\nserve = "python -m pkg.cli"\n\n[packages]\nrequests = "*"\n',
}


def test_environment_files_a_jenkinsfile_and_a_pipfile_follow_the_renamed_module(
    cli: Invoke, write_tree: Callable[[dict[str, str]], Path]
) -> None:
    repo = write_tree(TREE)
    committed(repo)
    original = snapshot(repo)
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = {(ref["path"], ref["line"], ref["action"]) for _, ref in plan_references(plan)}
    assert found == {
        ("conf/.env", 1, "rewrite"),
        (".env.example", 2, "rewrite"),
        (".flaskenv", 1, "rewrite"),
        (".envrc", 1, "rewrite"),
        ("deploy/prod.env", 1, "rewrite"),
        ("Jenkinsfile", 1, "rewrite"),
        ("Pipfile", 2, "rewrite"),
    }
    result = json.loads(cli(repo, "--json", "apply", "--all", "--no-tests").stdout)
    assert [b["manual_follow_up"] for b in result["batches"]] == [[]]
    [new] = (repo / "pkg").glob("WF*_cli.py")
    mod = f"pkg.{new.stem}"
    for name, text in TREE.items():
        if name.startswith("pkg/") or name == "guardian.toml":
            continue
        assert (repo / name).read_text() == text.replace("pkg.cli", mod), name
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
