"""planner/template_uses.py: how a Python string's tags read by what it is given to (issue 13, review30 R1 and R2)."""

from __future__ import annotations

import re

import pytest

from codemods.base import Renames
from planner.template_tags import TagUse
from planner.template_uses import template_uses_at

MODULE = TagUse(modules=frozenset({"pkg"}))
UNKNOWN = TagUse(unknown=frozenset({"pkg"}))
FORMATTED = TagUse(doubled=True)


@pytest.mark.parametrize(
    ("source", "use"),
    [
        ('import pkg.mod\nrender("{{ pkg.mod.V }}", {"pkg": pkg})\n', MODULE),
        ('import pkg\nrender("{{ pkg.mod.V }}", dict(pkg=pkg))\n', MODULE),
        ('import pkg\nrender("{{ pkg.mod.V }}", **globals())\n', MODULE),
        ('import pkg\nTemplate("{{ pkg.mod.V }}").render(pkg=pkg, n=1)\n', MODULE),
        ('import pkg\nCTX = {"pkg": pkg}\nrender("{{ pkg.mod.V }}", CTX)\n', MODULE),
        ('import pkg\nS = "{{ pkg.mod.V }}"\nrender(S, {"pkg": pkg})\n', MODULE),
        ('import pkg\nrender("{{ pkg.mod.V }}", {"pkg": {"mod": 1}})\n', None),  # a dict: the context's name
        ('import pkg\nrender("{{ pkg.mod.V }}", {"other": pkg})\n', None),
        ('from pkg import mod\nrender("{{ pkg.mod.V }}", {"pkg": pkg})\n', None),  # no ``pkg`` bound to its module
        ('import pkg\nrender("{{ pkg.mod.V }}", context())\n', UNKNOWN),  # a context not read
        ('import pkg\nT = Template("{{ pkg.mod.V }}")\n', UNKNOWN),  # nothing renders it here
        ('import pkg\nos.path.join(d, "x{{ pkg.mod }}")\n', UNKNOWN),  # not the call's template
        ("D = \"{{'a': pkg.mod.V}}\".format()\n", FORMATTED),
        ("S = \"{{'a': pkg.mod.V}}\"\nD = S.format(x=1)\n", FORMATTED),
        ("D = str.format(\"{{'a': pkg.mod.V}}\")\n", FORMATTED),
        ('S = "{{pkg.mod.V}}"\n', None),
    ],
)
def test_a_strings_use(source: str, use: TagUse | None) -> None:
    at = re.search(r'"[^"\n]*\{\{', source).start()  # type: ignore[union-attr]
    line, column = source.count("\n", 0, at) + 1, at - (source.rfind("\n", 0, at) + 1)
    assert template_uses_at(source).get((line, column)) == use


@pytest.mark.parametrize(
    ("text", "use", "path"),
    [
        ("{{ pkg.cli.main }}", None, False),
        ("{{ pkg.cli.main }}", MODULE, True),
        ("{{ other.x }} {{ pkg.cli.main }}", TagUse(modules=frozenset({"other"})), False),
        ("{{ pkg.cli.main }}", UNKNOWN, False),  # left (and listed by the caller)
        ("D = {{'a': pkg.cli.main}}", FORMATTED, True),  # the code ``D = {'a': pkg.cli.main}``
        ("{{{{ pkg.cli.main }}}}", FORMATTED, False),  # ``{{ pkg.cli.main }}`` once formatted: a tag
    ],
)
def test_a_use_reads_the_tags(text: str, use: TagUse | None, path: bool) -> None:
    start = text.index("pkg.cli")
    assert [hit.start() for hit in Renames.of({"pkg.cli": "pkg.new"}).reading(use).find(text)] == (
        [start] if path else []
    )
    if use is not None:
        assert use.listed(text, start) is (use is UNKNOWN)
