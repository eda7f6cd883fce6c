"""A JavaScript or TypeScript lookup of a key its JSON catalogue defines, spelled like a module path (issue 13, hole
15 of the attacker review after review 22).

``locale/en.json``'s ``{"pkg.cli.title": "Shop"}`` is data: ``apply`` rewrites its key, as it rewrites a template's
and the Python code's lookups of it. A script's lookup, ``i18n.t("pkg.cli.title")``, was never read (a ``.js`` file
was no reference file at all), so it kept the old key and the page showed the raw key. Keeping the JSON key instead
would part it from the template and Python lookups Guardian rewrites; so the script's lookup follows its key: a
string literal whose whole text is the path (``js-string``, planner/script_strings.py), with the JSON file's
exactness, whatever ``--no-prose``, when a data file holds that path (a catalogue's key). A literal no data file
holds stays, as its definition does: a nested catalogue's lookup, an Angular module's name. Nothing else of a script
is read: Vue's ``app.config.errorHandler`` stays (tests/apply/test_data_files.py).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from apply_helpers import Invoke, committed, snapshot, write_files

from codemods.refs import _candidates
from codemods.rewrite_config_refs import rewrite_config_refs
from codemods.workspace import Workspace
from planner.config import Config
from planner.reference_kinds import reference_action
from planner.scan import scan_repo
from planner.script_strings import data_keys, defined_key

CATALOGUE = '{"pkg.cli.title": "Shop", "pkg.cli.help": "Help", "pkg.util.name": "Util"}\n'
APP = (
    'import i18n from "i18next";\n'
    '// the title: i18n.t("pkg.cli.title")\n'
    'document.title = i18n.t("pkg.cli.title");\n'
    "const help = t('pkg.cli.help'), name = gettext(`pkg.util.name`);\n"
    'const more = t(`pkg.cli.${key}`), part = t("pkg.cli." + key), msg = "see pkg.cli.title";\n'
    'const same = t("other.pkg.cli.title"), longer = t("pkg.cli_v2.title"), x = t("xpkg.cli.title");\n'
    'pkg.cli.title = load("pkg.cli.js", "pkg");\n'
    'const about = t("pkg.cli.about"), routes = angular.module("pkg.cli.routes", []);\n'
)
APP_AFTER = (
    'import i18n from "i18next";\n'
    '// the title: i18n.t("pkg.cli.title")\n'
    'document.title = i18n.t("pkg.WF1_cli.title");\n'
    "const help = t('pkg.WF1_cli.help'), name = gettext(`pkg.WF1_util.name`);\n"
    'const more = t(`pkg.WF1_cli.${key}`), part = t("pkg.WF1_cli." + key), msg = "see pkg.cli.title";\n'
    'const same = t("other.pkg.cli.title"), longer = t("pkg.cli_v2.title"), x = t("xpkg.cli.title");\n'
    'pkg.cli.title = load("pkg.cli.js", "pkg");\n'
    'const about = t("pkg.cli.about"), routes = angular.module("pkg.cli.routes", []);\n'
)
COMPONENT = "<template><Trans i18nKey=\"pkg.cli.title\" />{{ $t('pkg.cli.help') }}</template>\n"
#: i18next's namespaced lookups (review 24's hole 13): the key after ``common:``, as exact as a plain one
NAMESPACED = (
    'const a = t("common:pkg.cli.title"), b = <Trans i18nKey="my-app_2:pkg.cli.help" />;\n'
    'const c = t(`common:pkg.cli.${k}`), d = t("common:pkg.cli.about"), e = t(":pkg.cli.title");\n'
    f'const f = t("a b:pkg.cli.title"), g = t("common:pkg.cli.title.x"), h = t("{"n" * 65}:pkg.cli.title");\n'
)
NAMESPACED_AFTER = NAMESPACED.replace('common:pkg.cli.title"', 'common:pkg.WF1_cli.title"').replace(
    ":pkg.cli.help", ":pkg.WF1_cli.help"
)
NAMESPACED_AFTER = NAMESPACED_AFTER.replace("common:pkg.cli.${", "common:pkg.WF1_cli.${")
#: a nested catalogue: its bare keys stay, and so does the lookup ``t("pkg.cli.about")`` no data file holds whole
NESTED = '{"pkg": {"cli": {"about": "About"}}}\n'
KEYS = data_keys([CATALOGUE, NESTED], {"pkg"})
FILES = {
    "guardian.toml": 'exempt = ["**/__init__.py"]\n',
    "pkg/__init__.py": "",
    "pkg/cli.py": "title = 'Shop'\n",
    "pkg/util.py": "",
    "locale/en.json": CATALOGUE,
    "locale/nested.json": NESTED,
    "web/app.ts": APP,
    "web/Title.vue": COMPONENT,
    "web/ns.jsx": NAMESPACED,
}
RENAMES = {"pkg.cli": "pkg.WF1_cli", "pkg.util": "pkg.WF1_util"}


def test_the_plan_lists_a_scripts_whole_string_literals_only(tmp_path: Path) -> None:
    scan = scan_repo(Config(root=write_files(tmp_path, FILES), exempt=()))
    found = {(r.path, r.line, r.kind, r.text) for r in scan.references if r.path.startswith("web/")}
    assert found == {
        ("web/app.ts", 3, "js-string", "pkg.cli.title"),
        ("web/app.ts", 4, "js-string", "pkg.cli.help"),
        ("web/app.ts", 4, "js-string", "pkg.util.name"),
        ("web/app.ts", 5, "js-string", "pkg.cli"),  # a key's prefix: ``pkg.cli.${key}``, ``"pkg.cli." + key``
        ("web/Title.vue", 1, "js-string", "pkg.cli.title"),
        ("web/Title.vue", 1, "js-string", "pkg.cli.help"),
        ("web/ns.jsx", 1, "js-string", "pkg.cli.title"),
        ("web/ns.jsx", 1, "js-string", "pkg.cli.help"),
        ("web/ns.jsx", 2, "js-string", "pkg.cli"),
    }
    assert reference_action("js-string") == "rewrite"


@pytest.mark.parametrize("prose", [True, False])
def test_apply_rewrites_the_lookup_with_its_key(prose: bool) -> None:
    assert rewrite_config_refs(APP, RENAMES, path="web/app.ts", prose=prose).code == APP  # no data holds a key
    script = rewrite_config_refs(APP, RENAMES, path="web/app.ts", prose=prose, keys=KEYS)
    assert script.code == APP_AFTER
    assert [(e.kind, e.old) for e in script.edits] == [
        ("js-string", "pkg.cli.title"),
        ("js-string", "pkg.cli.help"),
        ("js-string", "pkg.util.name"),
        ("js-string", "pkg.cli"),
        ("js-string", "pkg.cli"),
    ]
    assert script.warnings == ()
    component = rewrite_config_refs(COMPONENT, RENAMES, path="web/Title.vue", prose=prose, keys=KEYS)
    assert component.code == COMPONENT.replace("pkg.cli", "pkg.WF1_cli")
    namespaced = rewrite_config_refs(NAMESPACED, RENAMES, path="web/ns.jsx", prose=prose, keys=KEYS)
    assert namespaced.code == NAMESPACED_AFTER


def test_a_minified_bundle_is_read_in_linear_time() -> None:
    bundle = "!function(){" + ';t("pkg.cli.x");pkg.cli.y()' * 100_000 + "}();\n"
    result = rewrite_config_refs(bundle, RENAMES, path="static/bundle.min.js", keys=data_keys(['"pkg.cli.x"'], {"pkg"}))
    assert result.code == bundle.replace('"pkg.cli.x"', '"pkg.WF1_cli.x"')
    assert Counter(e.kind for e in result.edits) == {"js-string": 100_000}


def test_applied_and_reverted_through_the_journal(cli: Invoke, tmp_path: Path) -> None:
    repo = committed(write_files(tmp_path / "repo", FILES))
    before = snapshot(repo)
    cli(repo, "plan")
    cli(repo, "apply", "--all", "--no-tests", "--no-prose")
    cli_stem = next((repo / "pkg").glob("WF1_*_cli.py")).stem
    util_stem = next((repo / "pkg").glob("WF1_*_util.py")).stem
    keys = set(json.loads((repo / "locale/en.json").read_text()))
    assert keys == {f"pkg.{cli_stem}.title", f"pkg.{cli_stem}.help", f"pkg.{util_stem}.name"}
    assert (repo / "web/app.ts").read_text() == APP_AFTER.replace("WF1_cli", cli_stem).replace("WF1_util", util_stem)
    assert (repo / "web/Title.vue").read_text() == COMPONENT.replace("pkg.cli", f"pkg.{cli_stem}")
    assert (repo / "web/ns.jsx").read_text() == NAMESPACED_AFTER.replace("WF1_cli", cli_stem)
    cli(repo, "revert", "--all")
    assert snapshot(repo) == before


class _Modules:
    def name(self, path: str) -> str:
        return path.removesuffix(".py").replace("/", ".")

    def package(self, path: str) -> str | None:
        return None


def test_apply_reads_a_script_only_for_a_renamed_path(tmp_path: Path) -> None:
    """A script is a candidate of a batch only when it holds a renamed module's dotted path: its ``/* */``
    comments and ``*`` are no path globs, nor is ``import`` with a module's tail a ``python -c`` there (each
    batch searched every script of a checkout's static files for them: apply's CPU grew sixfold)."""
    files = {
        "web/plain.js": "import cli from './cli';\n/* pkg/cl* */ const x = a * b; // python -c <<\n",
        "web/app.js": 't("pkg.cli.title");\n',
        "config.cfg": "omit = pkg/cl*\n",  # a configuration file's glob of the renamed file: still a candidate
    }
    write_files(tmp_path, files)
    workspace = Workspace(tmp_path, files)
    try:
        picked = _candidates(workspace, RENAMES, _Modules(), list(files), ["pkg/cli.py"])
    finally:
        workspace.close()
    assert [path for _kind, path, _text, _module in picked] == ["config.cfg", "web/app.js"]


def test_the_data_keys_cost_what_the_data_holds() -> None:
    """Every dotted prefix of every key was kept for a key built from parts: a 2.4 MB catalogue of 9,000 distinct
    keys of 63 parts held 567,000 strings (170 MB). The sorted keys are kept, a prefix found by bisection."""
    tail = "".join(f".p{part:02d}" for part in range(62))
    text = "{" + ", ".join(f'"pkg.x{n}{tail}": 1' for n in range(9_000)) + "}"
    keys = data_keys([text], {"pkg"})
    assert len(keys) == 9_000
    assert defined_key(keys, f"pkg.x17{tail}", "whole") and defined_key(keys, "pkg.x17.p00", "prefix")
    assert not defined_key(keys, "pkg.x17", "whole") and not defined_key(keys, "pkg.x1.p01", "prefix")
