"""An HTML page's lookups of a catalogue's keys: its inline ``<script>`` and its i18n key attributes (issue 13, review
24's hole 05).

``apply`` rewrites a catalogue's key (``{"pkg.cli.title": ...}``) and a ``.js`` file's lookup of it whatever
``--no-prose``. A page is prose, so under ``--no-prose`` the same lookup in its ``<script>`` block, a jquery-i18next
``data-i18n="pkg.cli.title"`` attribute, or a ``.coffee`` file was left: the page showed the raw key. Those parts are
read with the script rule now (planner/page_scripts.py): a whole literal or a whole attribute key the data holds is a
``js-string`` reference, rewritten whatever ``--no-prose``; the page's text stays prose.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, snapshot, write_files

from codemods.rewrite_config_refs import rewrite_config_refs
from planner.config import Config
from planner.page_scripts import page_parts
from planner.scan import scan_repo
from planner.script_strings import data_keys

CATALOGUE = '{"pkg.cli.title": "Shop", "pkg.cli.help": "Help"}\n'
PAGE = (
    "<html><body>\n"
    '<h1 data-i18n="pkg.cli.title"></h1><p data-i18n="[title]pkg.cli.help;common:pkg.cli.title">pkg.cli.title</p>\n'
    '<script src="/static/app.js"></script><script>t("pkg.cli.help")</script> <b>"pkg.cli.help"</b>\n'
    "<script>\n"
    '  // the title: t("pkg.cli.title")\n'
    '  document.title = i18n.t("pkg.cli.title"), other = t("pkg.cli.about"), s = "see pkg.cli.title";\n'
    "</script>\n"
    '<p data-i18n="pkg.cli.title.more" title="pkg.cli.title">"pkg.cli.title"</p>\n'
    "</body></html>\n"
)
PAGE_AFTER = (
    "<html><body>\n"
    '<h1 data-i18n="pkg.WF1_cli.title"></h1><p data-i18n="[title]pkg.WF1_cli.help;common:pkg.WF1_cli.title">'
    "pkg.cli.title</p>\n"
    '<script src="/static/app.js"></script><script>t("pkg.WF1_cli.help")</script> <b>"pkg.cli.help"</b>\n'
    "<script>\n"
    '  // the title: t("pkg.cli.title")\n'
    '  document.title = i18n.t("pkg.WF1_cli.title"), other = t("pkg.cli.about"), s = "see pkg.cli.title";\n'
    "</script>\n"
    '<p data-i18n="pkg.cli.title.more" title="pkg.cli.title">"pkg.cli.title"</p>\n'
    "</body></html>\n"
)
COFFEE = 'title = i18n.t "pkg.cli.title"\n'
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py"]\n',
    "pkg/__init__.py": "",
    "pkg/cli.py": "title = 'Shop'\n",
    "web/locales/en.json": CATALOGUE,
    "web/index.html": PAGE,
    "web/app.coffee": COFFEE,
}
RENAMES = {"pkg.cli": "pkg.WF1_cli"}
KEYS = data_keys([CATALOGUE], {"pkg"})


def test_the_plan_lists_a_lookup_as_js_string_and_the_text_as_prose(tmp_path: Path) -> None:
    scan = scan_repo(Config(root=write_files(tmp_path, FILES), exempt=()))
    found = sorted((r.path, r.line, r.kind) for r in scan.references if r.path.startswith("web/") and r.kind != "json")
    assert found == [
        ("web/app.coffee", 1, "js-string"),
        ("web/index.html", 2, "docs"),  # the paragraph's text
        ("web/index.html", 2, "js-string"),
        ("web/index.html", 2, "js-string"),
        ("web/index.html", 2, "js-string"),
        ("web/index.html", 3, "docs"),  # outside the script
        ("web/index.html", 3, "js-string"),
        ("web/index.html", 5, "docs"),  # the script's comment line
        ("web/index.html", 6, "docs"),  # a key no data holds, a longer string
        ("web/index.html", 6, "docs"),
        ("web/index.html", 6, "js-string"),
        ("web/index.html", 8, "docs"),
        ("web/index.html", 8, "docs"),
        ("web/index.html", 8, "docs"),
    ]


@pytest.mark.parametrize("prose", [False, True])
def test_apply_rewrites_the_lookups_whatever_no_prose(prose: bool) -> None:
    result = rewrite_config_refs(PAGE, RENAMES, path="web/index.html", prose=prose, keys=KEYS)
    if not prose:
        assert result.code == PAGE_AFTER
    js = [(e.line, e.old) for e in result.edits if e.kind == "js-string"]
    assert js == [
        (2, "pkg.cli.title"),
        (2, "pkg.cli.help"),
        (2, "pkg.cli.title"),
        (3, "pkg.cli.help"),
        (6, "pkg.cli.title"),
    ]
    coffee = rewrite_config_refs(COFFEE, RENAMES, path="web/app.coffee", prose=prose, keys=KEYS)
    assert coffee.code == COFFEE.replace("pkg.cli", "pkg.WF1_cli")


def test_a_script_tag_left_open_on_its_line_opens_no_block() -> None:
    lines = ["<script" * 50_000, 'x = t("pkg.cli.title")', "<script >a</script ><script type='module'>b"]
    assert page_parts(lines) == {2: [(9, 10, False), (42, 43, False)]}


def test_a_minified_page_is_read_in_linear_time() -> None:
    """Each key was looked for in every span of its line: 100,000 attributes on one line took minutes."""
    page = '<p data-i18n="pkg.cli.title"></p><script>t("pkg.cli.help")</script>' * 50_000 + "\n"
    result = rewrite_config_refs(page, RENAMES, path="web/min.html", prose=False, keys=KEYS)
    assert result.code == page.replace("pkg.cli", "pkg.WF1_cli")
    assert len(result.edits) == 100_000


def test_applied_and_reverted_through_the_journal(cli: Invoke, tmp_path: Path) -> None:
    repo = committed(write_files(tmp_path / "repo", FILES))
    before = snapshot(repo)
    cli(repo, "plan")
    cli(repo, "apply", "--all", "--no-tests", "--no-prose")
    stem = next((repo / "pkg").glob("WF1_*_cli.py")).stem
    assert (repo / "web/index.html").read_text() == PAGE_AFTER.replace("WF1_cli", stem)
    assert (repo / "web/app.coffee").read_text() == COFFEE.replace("WF1_cli", stem).replace("pkg.cli", f"pkg.{stem}")
    assert f'"pkg.{stem}.title"' in (repo / "web/locales/en.json").read_text()
    cli(repo, "revert", "--all")
    assert snapshot(repo) == before
