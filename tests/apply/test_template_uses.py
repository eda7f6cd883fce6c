"""A template's tag reads by what its string is given to (issue 13, review30 R1 and R2).

A dotted name unquoted in a tag was taken for the template's context and left (cookiecutter's
``'input{{cookiecutter.hooks}}'``, the context's dict ``cookiecutter``: tests/apply/test_template_context_names.py).
Three shapes where the string's use says otherwise, each rewritten before that rule and left by it on main, where the
suite below lost four tests after apply: the package itself given to the template's context
(``render("{{ pkg.mod.VALUE }}", {"pkg": pkg})``, ``Template(s).render(pkg=pkg)``, a renderer walking the module's
attributes), a ``str.format`` template's doubled braces (``"D = {{'a': pkg.mod.VALUE}}".format()``, the code
``D = {'a': pkg.mod.VALUE}`` once formatted) and an f-string's (``f"{{pkg.mod.VALUE}}"``, the text
``{pkg.mod.VALUE}``: the plan listed it, apply left it). The same file's ``render('input{{pkg.mod}}', {"pkg": {...}})``
is the context's dict and stays; a template whose renderer is not seen here, in a file binding ``pkg`` to the
package, is listed for a person (``template-name``) and left (planner/template_uses.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, snapshot

CONFIG = """\
exempt = ["**/__init__.py", "tests/**"]

[workflows]
"pkg/**" = 1
"""
#: a renderer walking a dotted name through the context: a dict's keys, an object's (a module's) attributes
RENDER = """\
import re


def lookup(context, name):
    for part in name.split("."):
        context = context[part] if isinstance(context, dict) else getattr(context, part)
    return context


def render(template, context):
    return re.sub(r"\\{\\{ *([\\w.]+) *\\}\\}", lambda m: str(lookup(context, m.group(1))), template)


class Template:
    def __init__(self, source):
        self.source = source

    def render(self, **context):
        return render(self.source, context)


def unseen():
    return {"pkg": {"mod": "dict"}}
"""
TESTS = """\
import pkg.mod
from pkg.render import Template, render, unseen

SOURCE = "D = {{'a': pkg.mod.VALUE}}"


def test_the_module_given_to_the_context():
    assert render("{{ pkg.mod.VALUE }}", {"pkg": pkg}) == "42"
    assert Template("<{{pkg.mod.VALUE}}>").render(pkg=pkg) == "<42>"


def test_formatted_source_run_as_code():
    space = {"pkg": pkg}
    exec("D = {{'a': pkg.mod.VALUE}}".format(), space)
    exec(SOURCE.format(), space)
    assert space["D"] == {"a": 42}


def test_an_f_string_of_doubled_braces():
    assert eval(f"{{pkg.mod.VALUE}}", {"pkg": pkg}) == {42}


def test_a_dict_of_the_same_name_stays():
    assert render('input{{pkg.mod}}', {"pkg": {"mod": "on"}}) == "inputon"
    assert render("{{ pkg.mod }}", unseen()) == "dict"
"""
FILES = {
    "guardian.toml": CONFIG,
    "pkg/__init__.py": "",
    "pkg/mod.py": "VALUE = 42\n",
    "pkg/render.py": RENDER,
    "tests/test_templates.py": TESTS,
}


def test_the_tags_follow_what_the_string_is_given_to(cli: Invoke, write_tree: Callable[[dict[str, str]], Path]) -> None:
    repo = write_tree(FILES)
    plan, original = planned(cli, repo, "4 passed")
    found = sorted(
        (r["line"], r["kind"], r["action"]) for rename, r in plan_references(plan) if rename["old"] == "pkg/mod.py"
    )
    assert (25, "template-name", "follow-up") in found  # ``render("{{ pkg.mod }}", unseen())``: for a person
    assert not [line for line, *_ in found if line == 24]  # the dict's key ``mod``: no reference

    applied(cli, repo, "4 passed")
    [mod] = (repo / "pkg").glob("WF*_mod.py")
    new = f"pkg.{mod.stem}"
    source = snapshot(repo)["tests/test_templates.py"].decode()
    assert f'render("{{{{ {new}.VALUE }}}}", {{"pkg": pkg}})' in source
    assert f'Template("<{{{{{new}.VALUE}}}}>").render(pkg=pkg)' in source
    assert f"\"D = {{{{'a': {new}.VALUE}}}}\"" in source
    assert f'eval(f"{{{{{new}.VALUE}}}}"' in source
    assert "render('input{{pkg.mod}}'" in source and 'render("{{ pkg.mod }}", unseen())' in source
    reverted(cli, repo, original)
