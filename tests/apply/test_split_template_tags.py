"""A template's tag over several lines, looking up a key a JSON catalogue defines (issue 13, hole 14 of the
attacker review after review 22).

``{% trans 'pkg.cli.help' %}`` on one line is the template's code (``template``), rewritten whatever ``--no-prose``
as the catalogue's key is (tests/apply/test_template_keys.py). Each line of a page was read alone, so the same tag
split over lines (``{% trans\\n     "pkg.cli.help" %}``, ``{{ _(\\n  'pkg.util.name'\\n) }}``, a ``blocktrans`` whose
``%}`` is on the next line) was prose: ``apply --no-prose`` rewrote the catalogue's key and left the lookup, and the
page looked up a key the catalogue no longer had. planner/template_tags.py's ``split_tags`` finds a tag over lines
(an opener and the next closer of its kind, no other opener between, within ``MAX_TAG_LINES`` lines).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, snapshot, write_files

from codemods.rewrite_config_refs import rewrite_config_refs
from planner.config import Config
from planner.scan import scan_repo

CATALOGUE = '{"pkg.cli.title": "Shop", "pkg.cli.help": "Help", "pkg.util.name": "Util"}\n'
PAGE = (
    "<p>{% trans\n"
    '     "pkg.cli.help" %}</p>\n'
    "<p>{{ _(\n"
    "  'pkg.util.name'\n"
    ") }}</p>\n"
    '{% blocktrans with title="pkg.cli.title"\n'
    "%}{{ title }}{% endblocktrans %}\n"
    '<p>see "pkg.cli.title", {{ not closed</p>\n'  # prose: another opener comes before a closer
    '<p>{{ x }} "pkg.cli.help"</p>\n'
)
PAGE_AFTER = (
    "<p>{% trans\n"
    '     "pkg.WF1_cli.help" %}</p>\n'
    "<p>{{ _(\n"
    "  'pkg.WF1_util.name'\n"
    ") }}</p>\n"
    '{% blocktrans with title="pkg.WF1_cli.title"\n'
    "%}{{ title }}{% endblocktrans %}\n"
    '<p>see "pkg.cli.title", {{ not closed</p>\n'
    '<p>{{ x }} "pkg.cli.help"</p>\n'
)
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py"]\n',
    "pkg/__init__.py": "",
    "pkg/cli.py": "title = 'Shop'\n",
    "pkg/util.py": "",
    "locale/en.json": CATALOGUE,
    "templates/index.html": PAGE,
}
RENAMES = {"pkg.cli": "pkg.WF1_cli", "pkg.util": "pkg.WF1_util"}


def test_the_plan_lists_a_lookup_in_a_tag_over_lines_as_the_templates(tmp_path: Path) -> None:
    scan = scan_repo(Config(root=write_files(tmp_path, FILES), exempt=()))
    found = {(r.line, r.kind, r.text) for r in scan.references if r.path == "templates/index.html"}
    assert found == {
        (2, "template", "pkg.cli.help"),
        (4, "template", "pkg.util.name"),
        (6, "template", "pkg.cli.title"),
        (8, "docs", "pkg.cli.title"),
        (9, "docs", "pkg.cli.help"),
    }


def test_without_prose_the_lookup_over_lines_follows_its_key() -> None:
    page = rewrite_config_refs(PAGE, RENAMES, path="templates/index.html", prose=False)
    assert page.code == PAGE_AFTER
    assert [e.kind for e in page.edits] == ["template"] * 3
    assert len(page.warnings) == 2  # the prose's two mentions, listed for a person


@pytest.mark.parametrize(
    "page",
    [
        "{% trans\n" + "\n" * 20 + '"pkg.cli.help" %}\n',  # too far below its opener (MAX_TAG_LINES)
        '{% trans\n"pkg.cli.help" }}\n',  # another kind's closer
        '{{ a\n{{ b }}\n"pkg.cli.help" }}\n',  # another opener between
    ],
)
def test_what_no_tag_holds_stays_prose(page: str) -> None:
    assert rewrite_config_refs(page, RENAMES, path="templates/index.html", prose=False).code == page


def test_applied_without_prose_and_reverted_through_the_journal(cli: Invoke, tmp_path: Path) -> None:
    repo = committed(write_files(tmp_path / "repo", FILES))
    before = snapshot(repo)
    cli(repo, "plan")
    cli(repo, "apply", "--all", "--no-tests", "--no-prose")
    cli_stem = next((repo / "pkg").glob("WF1_*_cli.py")).stem
    util_stem = next((repo / "pkg").glob("WF1_*_util.py")).stem
    page = (repo / "templates/index.html").read_text()
    assert page == PAGE_AFTER.replace("WF1_cli", cli_stem).replace("WF1_util", util_stem)
    keys = set(json.loads((repo / "locale/en.json").read_text()))
    assert keys == {f"pkg.{cli_stem}.title", f"pkg.{cli_stem}.help", f"pkg.{util_stem}.name"}
    cli(repo, "revert", "--all")
    assert snapshot(repo) == before
