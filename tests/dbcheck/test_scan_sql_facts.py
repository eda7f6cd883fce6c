"""The scan reads the SQL call sites from the tree it parses anyway (planner/sqlfind), keeps them in
the facts cache, and the check and the enum drift take them from there: the same findings as when
they read the files themselves, and the files are not read for their SQL again."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from guardian.cache import JsonFactsCache
from guardian.config_file import load_config
from planner.code_enums import code_drift
from planner.config import Config, DatabaseConfig
from planner.database import load_schema
from planner.dbcheck import check_code
from planner.scan import scan_repo
from planner.sqlfind.in_code import sql_facts, sql_in_source
from planner.sqlfind.sites import SqlFacts

SAMPLE_REPO = Path(__file__).resolve().parents[2] / "sample_repo"
MODULE = "def load(cur):\n    cur.execute(\"SELECT id FROM orders WHERE state = 'new'\")\n    return cur.fetchall()\n"


def test_on_sample_repo_the_scan_s_facts_give_the_check_and_drift_of_reading_the_files() -> None:
    config = load_config(SAMPLE_REPO)
    schema = load_schema(config)
    scanned = scan_repo(config).facts
    with_sql = sorted(path for path, facts in scanned.items() if facts.sql is not None and facts.sql.sites)
    assert "src/shop/orders/repository.py" in with_sql
    assert check_code(config, schema, scanned=scanned) == check_code(config, schema)
    assert code_drift(config, schema, scanned) == code_drift(config, schema)


def test_the_check_takes_a_file_s_sql_from_the_facts_instead_of_reading_it() -> None:
    config = load_config(SAMPLE_REPO)
    schema = load_schema(config)
    scanned = dict(scan_repo(config).facts)
    path = "src/shop/orders/repository.py"
    before = check_code(config, schema, scanned=scanned)
    assert any(f.path == path for f in before.findings)
    facts = scanned[path]
    assert facts.sql is not None and not facts.sql.models
    scanned[path] = dataclasses.replace(facts, sql=SqlFacts((), models=False, enums=False))  # "no SQL here"
    after = check_code(config, schema, scanned=scanned)
    assert not any(f.path == path for f in after.findings)
    assert [f for f in after.findings if f.path != path] == [f for f in before.findings if f.path != path]


def test_the_scan_reads_sql_only_with_a_database_and_the_cache_keeps_it(write_tree) -> None:
    root = write_tree({"pkg/__init__.py": "", "pkg/repo.py": MODULE})
    plain = scan_repo(Config(root=root)).facts["pkg/repo.py"]
    assert plain.sql is None  # no database configured: nothing more is read
    config = Config(root=root, database=DatabaseConfig(schema=("db.sql",), dialect="postgres"))
    cache = JsonFactsCache(root)
    first = scan_repo(config, cache=cache).facts["pkg/repo.py"]
    cache.save()
    assert first.sql is not None and [(s.path, s.line, s.origin) for s in first.sql.sites] == [
        ("pkg/repo.py", 2, "execute")
    ]
    again = scan_repo(config, cache=JsonFactsCache(root)).facts
    assert again["pkg/repo.py"].sql == first.sql  # read back from the cache, placed in its file again
    assert again["pkg/__init__.py"].sql == SqlFacts((), models=False, enums=False)  # read: nothing there


@pytest.mark.parametrize(
    ("raw", "same"),
    [
        (MODULE.encode(), True),
        (MODULE.replace("\n", "\r\n").encode(), True),  # Path.read_text translates the newlines
        (b"# -*- coding: utf-8 -*-\n" + MODULE.encode(), True),
        (b"\xef\xbb\xbf" + MODULE.encode(), False),  # a BOM: the check reads it itself
        (b"# -*- coding: latin-1 -*-\n" + MODULE.encode(), False),  # another encoding: likewise
        (b"# coding: latin-1\nx = '\xe9'\n" + MODULE.encode(), False),  # bytes that are not UTF-8
    ],
)
def test_sql_facts_are_the_sites_the_check_finds_reading_the_file(raw: bytes, same: bool, tmp_path: Path) -> None:
    found = sql_facts(raw, "m.py", ast.parse(raw))
    if not same:
        assert found is None
        return
    (tmp_path / "m.py").write_bytes(raw)
    assert found is not None and found.sites == tuple(sql_in_source((tmp_path / "m.py").read_text("utf-8"), "m.py"))
    assert found.sites and not found.models and not found.enums


def test_assess_walks_the_source_roots_once_and_parses_each_model_file_once(monkeypatch) -> None:
    """The enum drift report and the check share one CodeFiles: sample_repo's model files (which
    also define enums) were parsed by both, and the source roots walked by both."""
    import planner.sqlfind.code_files as code_files
    from planner.database import assess_database

    config = load_config(SAMPLE_REPO)
    scanned = scan_repo(config).facts
    expected = (
        code_drift(config, load_schema(config), scanned),
        check_code(config, load_schema(config), scanned=scanned),
    )
    parsed: list[str] = []
    walks: list[Path] = []
    parse, walk = code_files.parse_python, code_files.walk_names
    monkeypatch.setattr(code_files, "parse_python", lambda text, shown: parsed.append(shown) or parse(text, shown))
    monkeypatch.setattr(
        code_files,
        "walk_names",
        lambda repo, base, suffix, known: walks.append(base) or walk(repo, base, suffix, known),
    )
    report = assess_database(config, scanned=scanned)
    assert len(walks) == len(config.source_roots)
    assert parsed and sorted(parsed) == sorted(set(parsed))  # each file once
    assert "src/shop/orders/models.py" in parsed
    assert (report["code_drift"], report["code_matches"]) == expected[0] and report["code_drift"]
    assert report["code_findings"] == [f.to_json() for f in expected[1].findings]


def test_the_listing_asks_readable_only_of_files_the_scan_did_not_list(monkeypatch, tmp_path: Path) -> None:
    """The scan's discovery asked ``readable`` (an ``lstat``) of every file it listed: the source
    roots' listing for the check and the drift report does not ask again, and still refuses a file
    the scan did not list (here a symlink out of the repository)."""
    import planner.checkout_files as checkout_files
    from planner.sqlfind.code_files import CodeFiles

    package = tmp_path / "src" / "pkg"
    package.mkdir(parents=True)
    (package / "a.py").write_text("A = 1\n")
    (package / "b.py").write_text("B = 2\n")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.py"
    outside.write_text("C = 3\n")
    (package / "c.py").symlink_to(outside)
    asked: list[str] = []
    readable = checkout_files.readable
    monkeypatch.setattr(checkout_files, "readable", lambda path, root: asked.append(path) or readable(path, root))
    config = Config(root=tmp_path, source_roots=("src",))

    listed = CodeFiles(config, {"src/pkg/a.py": object()}).listed()

    assert [item.shown for item in listed] == ["src/pkg/a.py", "src/pkg/b.py"]
    assert sorted(Path(path).name for path in asked) == ["b.py", "c.py"]
    assert [item.shown for item in CodeFiles(config).listed()] == ["src/pkg/a.py", "src/pkg/b.py"]
