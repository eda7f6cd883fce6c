"""Module paths in the files tools run or load (issue 13): JSON, Makefiles, Dockerfiles, Procfiles, shell scripts.

Guardian read none of these (or read a ``Makefile``/``Procfile`` as prose): ``.vscode/launch.json``'s
``"module": "pkg.cli"``, a ``package.json`` script's ``python -m pkg.cli``, a ``Dockerfile``'s ``CMD``, a
``Procfile``'s ``gunicorn pkg.wsgi:app``, a ``#!/bin/sh`` script were neither listed nor rewritten, and each
broke when run after the rename. Each family is a reference kind now; every test here fails on the old code.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.config import Config
from planner.reference_kinds import reference_action
from planner.scan import scan_repo
from planner.tool_files import JSON_MAX_BYTES

Tree = Callable[[dict[str, str]], Path]
PACKAGE = {
    "pkg/__init__.py": "",
    "pkg/cli.py": "def main():\n    pass\n",
    "pkg/wsgi.py": "app = None\n",
    "pkg/models_v2.py": "",
    "other/__init__.py": "",
    "other/pkg/__init__.py": "",
    "other/pkg/cli.py": "",
}

#: family -> (file, its text, the references found: (line, kind, text, module))
FAMILIES = {
    "vscode-launch": (
        ".vscode/launch.json",
        '{\n  // debug pkg.cli\n  "configurations": [{"type": "debugpy", "module": "pkg.cli"}]\n}\n',
        {(2, "comment", "pkg.cli", "pkg.cli"), (3, "json", "pkg.cli", "pkg.cli")},
    ),
    "package-json": (
        "package.json",
        '{"scripts": {"serve": "python -m pkg.cli --reload", "sh": "sh -c \\"python -m pkg.wsgi\\""}}\n',
        {(1, "json", "pkg.cli", "pkg.cli"), (1, "json", "pkg.wsgi", "pkg.wsgi")},
    ),
    "json-config": (
        "config/app.json",
        '{"handler": "pkg.cli:main", "class": "pkg.wsgi.App"}\n',
        {(1, "json", "pkg.cli:main", "pkg.cli"), (1, "json", "pkg.wsgi.App", "pkg.wsgi")},
    ),
    "makefile": ("Makefile", "run:\n\tpython -m pkg.cli\n", {(2, "makefile", "pkg.cli", "pkg.cli")}),
    "make-include": (
        "make/serve.mk",
        "serve:\n\tgunicorn pkg.wsgi:app\n",
        {(2, "makefile", "pkg.wsgi:app", "pkg.wsgi")},
    ),
    "dockerfile": (
        "Dockerfile",
        'FROM python:3.12\n# runs pkg.cli\nCMD ["python", "-m", "pkg.cli"]\n',
        {(2, "comment", "pkg.cli", "pkg.cli"), (3, "dockerfile", "pkg.cli", "pkg.cli")},
    ),
    "containerfile": (
        "deploy/Containerfile.prod",
        "ENV APP_MODULE=pkg.wsgi:app\n",
        {(1, "dockerfile", "pkg.wsgi:app", "pkg.wsgi")},
    ),
    "procfile": ("Procfile", "web: gunicorn pkg.wsgi:app\n", {(1, "procfile", "pkg.wsgi:app", "pkg.wsgi")}),
    "shell-suffix": ("scripts/serve.sh", 'python -m pkg.cli "$@"\n', {(1, "shell", "pkg.cli", "pkg.cli")}),
    "github-workflow": (
        ".github/workflows/ci.yml",
        "jobs:\n  t:\n    steps:\n      - run: python -m pkg.cli\n",
        {(4, "ci", "pkg.cli", "pkg.cli")},
    ),
}


def _references(root: Path, path: str) -> set[tuple[int, str, str, str]]:
    scan = scan_repo(Config(root=root, exempt=()))
    return {(r.line, r.kind, r.text, r.module) for r in scan.references if r.path == path}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_each_family_names_its_modules(family: str, write_tree: Tree) -> None:
    path, text, expected = FAMILIES[family]
    root = write_tree({**PACKAGE, path: text})
    assert _references(root, path) == expected
    assert {reference_action(kind) for _, kind, _, _ in expected} <= {"rewrite", "rewrite-prose"}


def test_a_shell_script_without_a_suffix_is_told_by_its_first_line(write_tree: Tree) -> None:
    root = write_tree(
        {
            **PACKAGE,
            "bin/serve": '#!/usr/bin/env bash\nexec python -m pkg.cli "$@"\n',
            # not executable, but sourced or run as ``bash bin/notes``: a shell script all the same
            "bin/notes": '#!/usr/bin/env bash\nexec python -m pkg.cli "$@"\n',
            "bin/_notes": "#compdef notes\npython -m pkg.cli\n",  # zsh completion, sourced
            "bin/python-notes": "#!/usr/bin/env python3\nimport pkg.cli\n",  # not executable: no script
            "bin/tool": "#!/usr/bin/env python3\nimport pkg.cli\n",  # Python: an importer, no shell reference
        }
    )
    for name in ("serve", "tool"):
        os.chmod(root / "bin" / name, 0o755)
    assert _references(root, "bin/serve") == {(2, "shell", "pkg.cli", "pkg.cli")}
    assert _references(root, "bin/notes") == {(2, "shell", "pkg.cli", "pkg.cli")}
    assert _references(root, "bin/_notes") == {(2, "shell", "pkg.cli", "pkg.cli")}
    assert _references(root, "bin/python-notes") == set()
    assert _references(root, "bin/tool") == set()


def test_a_longer_token_or_another_package_with_the_same_tail_is_no_reference(write_tree: Tree) -> None:
    root = write_tree(
        {
            **PACKAGE,
            "package.json": '{"a": "python -m pkg.cli_v2", "b": "other.pkg.cli", "c": "x-pkg.cli", "d": "pkg.models"}\n',
            "Procfile": "web: gunicorn other.pkg.cli:app\nworker: python -m pkg.models_v2.x\n",
        }
    )
    # other.pkg.cli is that package's module, never pkg.cli; x-pkg.cli is listed for a person
    assert _references(root, "package.json") == {
        (1, "longer-token", "pkg.cli", "pkg.cli"),
        (1, "json", "other.pkg.cli", "other.pkg.cli"),
    }
    assert _references(root, "Procfile") == {
        (1, "procfile", "other.pkg.cli:app", "other.pkg.cli"),
        (2, "procfile", "pkg.models_v2.x", "pkg.models_v2"),
    }


def test_a_django_fixtures_model_label_is_no_module_path(write_tree: Tree) -> None:
    # ``app_label.model_name`` spelled like a module of the app: Django loads it as a model, not an import
    fixture = '[{"model": "pkg.cli", "pk": 1, "fields": {"hook": "pkg.cli:main"}}]\n'
    config = '{"model": "pkg.cli", "timeout": 3}\n'  # no fixture: a module path under any key
    root = write_tree({**PACKAGE, "pkg/fixtures/initial.json": fixture, "config/model.json": config})
    assert _references(root, "pkg/fixtures/initial.json") == {(1, "json", "pkg.cli:main", "pkg.cli")}
    assert _references(root, "config/model.json") == {(1, "json", "pkg.cli", "pkg.cli")}


def test_generated_and_large_json_and_hidden_python_are_not_read(write_tree: Tree) -> None:
    big = '{"x": "pkg.cli", "pad": "' + "x" * JSON_MAX_BYTES + '"}\n'
    root = write_tree(
        {
            **PACKAGE,
            "package-lock.json": '{"x": "pkg.cli"}\n',
            "data/dump.json": big,
            "node_modules/dep/package.json": '{"x": "pkg.cli"}\n',
            ".idea/run.json": '{"x": "pkg.cli"}\n',  # a hidden directory but the tools': not walked
            ".idea/check.py": "import pkg.cli\n",
        }
    )
    scan = scan_repo(Config(root=root, exempt=()))
    assert {r.path for r in scan.references} == set()
    assert not any(s.path.startswith(".idea") for s in scan.scripts)
