"""A ``string.Template`` placeholder before a module's path is the template's value, not the package (issue 13).

``string.Template("from $pkg.mod import X")`` substitutes ``$pkg`` at run time: the import names whatever package
the value names. Apply rewrote ``$pkg.mod`` as the path ``pkg.mod`` (``$pkg.WF1_..._mod``), so a template given
another package (``substitute(pkg="other")``) imported ``other.WF1_..._mod``, which does not exist; ``${pkg}.mod``
and ``$root.mod`` were not listed at all. Now the placeholder and its tail are left and listed as ``placeholder``
follow-ups (planner/template_placeholders.py); ``$$`` is a literal dollar, so ``"$$pkg.mod"`` still names the
path and is rewritten, as is the exact ``"from pkg.mod import X"``.
"""

from __future__ import annotations

from pathlib import Path

from apply_helpers import Invoke, applied, plan_references, planned, reverted, write_files

SUITE = """\
import string

from pkg import {name} as mod

T1 = string.Template("from $pkg.mod import X")
T2 = string.Template("from ${{pkg}}.mod import X")
T3 = string.Template("from $root.mod import X")
EXACT = "from pkg.{name} import X"
DOLLAR = string.Template("$$pkg.{name}")


def test_a_template_given_another_package():
    ns = {{}}
    exec(T1.substitute(pkg="other"), ns)
    assert ns["X"] == 2
    exec(T2.substitute(pkg="other"), ns)
    assert ns["X"] == 2
    exec(T3.substitute(root="other"), ns)
    assert ns["X"] == 2


def test_the_exact_path():
    ns = {{}}
    exec(EXACT, ns)
    assert ns["X"] == 1
    assert DOLLAR.substitute() == "$" + mod.__name__
"""


def test_a_template_s_placeholder_and_its_tail_are_left_and_listed(cli: Invoke, tmp_path: Path) -> None:
    files = {
        "guardian.toml": 'exempt = ["**/__init__.py", "tests/**", "other/**"]\n\n[workflows]\n"pkg/**" = 1\n',
        "pkg/__init__.py": "",
        "pkg/mod.py": "X = 1\n",
        "other/__init__.py": "",
        "other/mod.py": "X = 2\n",
        "tests/__init__.py": "",
        "tests/test_templates.py": SUITE.format(name="mod"),
    }
    repo = write_files(tmp_path / "repo", files)
    plan, original = planned(cli, repo, "2 passed")
    listed = sorted(
        (x["line"], x["kind"], x["text"], x["action"])
        for r, x in plan_references(plan)
        if r["old"] == "pkg/mod.py" and x["path"] == "tests/test_templates.py" and x["kind"] != "import"
    )
    assert listed == [
        (5, "placeholder", "$pkg.mod", "follow-up"),  # rewritten on main
        (6, "placeholder", "${pkg}.mod", "follow-up"),  # not listed on main
        (7, "placeholder", "$root.mod", "follow-up"),  # not listed on main
        (8, "code-string", "pkg.mod", "rewrite"),
        (9, "string-part", "pkg.mod", "rewrite"),
    ]

    applied(cli, repo, "2 passed")
    [module] = [r["new_module"] for b in plan["batches"] for r in b["renames"] if r["old"] == "pkg/mod.py"]
    name = module.rpartition(".")[2]
    assert (repo / "tests/test_templates.py").read_text() == SUITE.format(name=name)
    reverted(cli, repo, original)
