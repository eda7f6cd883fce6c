"""A key spelled like a module path, defined in a JSON catalogue and looked up by a template (issue 13, review 22).

``locale/en.json``'s ``{"pkg.cli.title": "Shop"}`` and ``templates/index.html``'s ``{{ _("pkg.cli.title") }}``
name the same key, ``pkg.cli`` and an attribute. The JSON file is data: its key is rewritten whatever
``--no-prose``. The HTML page was read as prose, whole, so ``apply --no-prose`` left the template's lookup and the
two parted: the page looked up a key the catalogue no longer had. A quoted string inside a template's tag
(``{{ ... }}``, ``{% ... %}``) is the template's code now (``template``), rewritten as the JSON is; the page's
prose around it is still prose.
"""

from __future__ import annotations

import json
from pathlib import Path

from apply_helpers import Invoke, committed, write_files

from codemods.rewrite_config_refs import rewrite_config_refs
from planner.config import Config
from planner.reference_kinds import reference_action
from planner.scan import scan_repo

CATALOGUE = '{"pkg.cli.title": "Shop", "pkg.cli.help": "Help"}\n'
PAGE = (
    "<!-- pkg.cli.title names the page -->\n"
    '<h1>{{ _("pkg.cli.title") }}</h1>\n'
    "<p>{% trans 'pkg.cli.help' %}: see pkg.cli.title</p>\n"
)
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py"]\n',
    "pkg/__init__.py": "",
    "pkg/cli.py": "title = 'Shop'\n",
    "locale/en.json": CATALOGUE,
    "templates/index.html": PAGE,
}


def test_the_plan_tells_a_templates_lookup_from_its_prose(tmp_path: Path) -> None:
    scan = scan_repo(Config(root=write_files(tmp_path, FILES), exempt=()))
    found = {(r.path, r.line, r.kind, r.text) for r in scan.references if r.path != "guardian.toml"}
    assert found == {
        ("locale/en.json", 1, "json", "pkg.cli.title"),
        ("locale/en.json", 1, "json", "pkg.cli.help"),
        ("templates/index.html", 1, "docs", "pkg.cli.title"),
        ("templates/index.html", 2, "template", "pkg.cli.title"),
        ("templates/index.html", 3, "template", "pkg.cli.help"),
        ("templates/index.html", 3, "docs", "pkg.cli.title"),
    }
    assert reference_action("template") == "rewrite"


def test_without_prose_the_catalogue_and_the_templates_lookup_stay_together() -> None:
    renames = {"pkg.cli": "pkg.WF1_cli"}
    page = rewrite_config_refs(PAGE, renames, path="templates/index.html", prose=False)
    assert page.code == PAGE.replace('_("pkg.cli', '_("pkg.WF1_cli').replace("'pkg.cli", "'pkg.WF1_cli")
    assert [(e.kind, e.old) for e in page.edits] == [("template", "pkg.cli.title"), ("template", "pkg.cli.help")]
    assert len(page.warnings) == 2  # the prose's two mentions: listed for a person
    catalogue = rewrite_config_refs(CATALOGUE, renames, path="locale/en.json", prose=False)
    assert catalogue.code == CATALOGUE.replace("pkg.cli", "pkg.WF1_cli")


def test_apply_without_prose_keeps_every_key_the_template_looks_up(cli: Invoke, tmp_path: Path) -> None:
    repo = committed(write_files(tmp_path / "repo", FILES))
    cli(repo, "plan")
    cli(repo, "apply", "--all", "--no-tests", "--no-prose")
    [moved] = (repo / "pkg").glob("WF1_*_cli.py")
    keys = set(json.loads((repo / "locale/en.json").read_text()))
    page = (repo / "templates/index.html").read_text()
    assert keys == {f"pkg.{moved.stem}.title", f"pkg.{moved.stem}.help"}
    assert f'_("pkg.{moved.stem}.title")' in page and f"'pkg.{moved.stem}.help'" in page
    assert page.startswith("<!-- pkg.cli.title names the page -->\n")  # prose, left under --no-prose
