"""A dotted name standing unquoted in a template's tag is the template's context, not a module (issue 13, cookiecutter).

cookiecutter's tests render ``'input{{cookiecutter.hooks}}'`` and ``{% if cookiecutter.hooks %}``: there
``cookiecutter.hooks`` is the key ``hooks`` of the context's dict ``cookiecutter``, spelled like the package's
module ``cookiecutter.hooks``. The rename rewrote it in the tests' strings and template files, and two tests lost.
Inside ``{{ ... }}`` / ``{% ... %}`` (Jinja, Django, Liquid, Go's templates) an unquoted name is an expression over
the context: no reference and no follow-up (planner/template_tags.py's ``context_name``, which the plan's
``Attributes.takes`` and apply's ``Renames.find`` both ask). A quoted string in a tag may still be a module's path
(``{% url 'pkg.hooks.run' %}``, ``{{ 'pkg.hooks.run' }}``), and the same path outside a tag is one. On main the tags
were listed and rewritten with the paths beside them, and the test below failed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, committed, plan_references, snapshot

CONFIG = """\
exempt = ["**/__init__.py", "tests/**"]

[workflows]
"pkg/**" = 1
"""
#: a template engine's least: ``{{ a.b }}`` looks a dotted name up in the context, ``{% if a.b %}`` tests it
RENDER = """\
import re


def lookup(context, name):
    for part in name.split("."):
        context = context[part]
    return context


def render(template, context):
    template = re.sub(
        r"\\{% if ([\\w.]+) %\\}(.*?)\\{% endif %\\}",
        lambda m: m.group(2) if lookup(context, m.group(1)) else "",
        template,
        flags=re.S,
    )
    return re.sub(r"\\{\\{ *([\\w.]+) *\\}\\}", lambda m: str(lookup(context, m.group(1))), template)
"""
TESTS = """\
import importlib
import json
from pathlib import Path

from pkg.render import render

CONTEXT = {"pkg": {"hooks": "on"}}
HERE = Path(__file__).parent


def test_a_variable():
    assert render('input{{pkg.hooks}}', CONTEXT) == 'inputon'


def test_a_condition():
    assert render("{% if pkg.hooks %}yes{% endif %}", CONTEXT) == "yes"


def test_the_module_by_its_path():
    assert importlib.import_module("pkg.hooks").run() == "ran"


def test_the_template_files():
    assert render((HERE / "page.html").read_text(), CONTEXT).startswith("<p>on</p>")
    assert render((HERE / "note.txt").read_text(), CONTEXT).startswith("hooks: on")
    assert render(json.loads((HERE / "context.json").read_text())["greeting"], CONTEXT) == "hi on"
"""
PAGE = """\
<p>{{ pkg.hooks }}</p>{% if pkg.hooks %}<p>{% url 'pkg.hooks.run' %}</p>{% endif %}
<p>see pkg.hooks.run</p>
"""
NOTE = "hooks: {{pkg.hooks}}\nSee pkg.hooks.run, {{ 'pkg.hooks.run' }}.\n"
CONTEXT = '{"greeting": "hi {{ pkg.hooks }}", "hook": "pkg.hooks.run"}\n'
FILES = {
    "guardian.toml": CONFIG,
    "pkg/__init__.py": "",
    "pkg/hooks.py": 'def run():\n    return "ran"\n',
    "pkg/render.py": RENDER,
    "tests/test_render.py": TESTS,
    "tests/page.html": PAGE,
    "tests/note.txt": NOTE,
    "tests/context.json": CONTEXT,
}


def _tests(repo: Path) -> str:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "tests"]
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    return done.stdout.strip().splitlines()[-1]


def test_the_context_names_stay_and_the_paths_follow(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = committed(write_tree(FILES))
    original = snapshot(repo)
    assert _tests(repo).startswith("4 passed")
    plan = json.loads(cli(repo, "--json", "plan").stdout)
    found = sorted(
        (r["path"], r["line"], r["text"]) for rename, r in plan_references(plan) if rename["old"] == "pkg/hooks.py"
    )
    assert found == [  # no ``{{pkg.hooks}}`` nor ``{% if pkg.hooks %}``: neither rewritten nor for a person
        ("tests/context.json", 1, "pkg.hooks.run"),
        ("tests/note.txt", 2, "pkg.hooks.run"),
        ("tests/note.txt", 2, "pkg.hooks.run"),
        ("tests/page.html", 1, "pkg.hooks.run"),
        ("tests/page.html", 2, "pkg.hooks.run"),
        ("tests/test_render.py", 20, "pkg.hooks"),
    ]

    cli(repo, "-q", "apply", "--all", "--no-tests")
    [hooks] = (repo / "pkg").glob("WF*_hooks.py")
    new = f"pkg.{hooks.stem}"
    assert _tests(repo).startswith("4 passed")
    after = snapshot(repo)
    assert after["tests/page.html"].decode() == PAGE.replace("pkg.hooks.run", f"{new}.run")
    assert after["tests/note.txt"].decode() == NOTE.replace("pkg.hooks.run", f"{new}.run")
    assert after["tests/context.json"].decode() == CONTEXT.replace("pkg.hooks.run", f"{new}.run")
    test_source = after["tests/test_render.py"].decode()
    assert "'input{{pkg.hooks}}'" in test_source and "{% if pkg.hooks %}" in test_source
    assert f'import_module("{new}")' in test_source
    cli(repo, "-q", "revert", "--all")
    assert snapshot(repo) == original
