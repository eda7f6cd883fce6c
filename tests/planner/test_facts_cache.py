"""The facts cache never serves an edited file's old facts, and unchanged files are not re-parsed."""

from __future__ import annotations

import os
import subprocess
import sys

from guardian.cache import CACHE_PATH, JsonFactsCache
from planner.config import Config
from planner.facts import FileFacts
from planner.scan import scan_repo


def test_cache_hits_unchanged_files_and_misses_edited_ones(write_tree, monkeypatch):
    root = write_tree({"pkg/__init__.py": "", "pkg/a.py": "import pkg.b\n", "pkg/b.py": ""})
    config = Config(root=root)
    cache = JsonFactsCache(root)
    first = scan_repo(config, cache=cache)
    cache.save()
    assert first.graph.has_edge("pkg.a", "pkg.b")

    parsed: list[str] = []
    import planner.scan

    real = planner.scan.read_files  # every file not served by the cache is read there

    def read_files(root, paths, *args, **kwargs):
        parsed.extend(paths)
        return real(root, paths, *args, **kwargs)

    monkeypatch.setattr(planner.scan, "read_files", read_files)
    (root / "pkg/a.py").write_text("import pkg\n")  # same size class, new content: ctime moves
    second = scan_repo(config, cache=JsonFactsCache(root))
    assert parsed == ["pkg/a.py"]  # only the edited file was parsed again
    assert not second.graph.has_edge("pkg.a", "pkg.b") and second.graph.has_edge("pkg.a", "pkg")


def test_an_entry_orjson_cannot_read_is_still_served(tmp_path):
    """``json.dumps`` writes a lone surrogate (a name that is not valid Unicode) as an escape that
    orjson refuses: the cache is then read by the standard library, not dropped."""
    (tmp_path / "pkg").mkdir()
    facts = FileFacts("", dunder_all=["odd\udc80name"], other_names={"box"})
    cache = JsonFactsCache(tmp_path)
    cache.store(b"k" * 20, facts)
    cache.save()
    assert b"\\udc80" in (tmp_path / CACHE_PATH).read_bytes()

    again = JsonFactsCache(tmp_path).lookup(b"k" * 20)
    assert again == facts


def test_an_entry_is_parsed_when_asked_for_and_saved_back_as_read(tmp_path, monkeypatch):
    """One batch looks at a few hundred of 20,000 entries: only those are parsed, and a save writes
    the others back as the bytes read."""
    from guardian import signed_cache

    cache = JsonFactsCache(tmp_path)
    for n in range(3):
        cache.store(bytes([n]) * 20, FileFacts("", other_names={f"name{n}"}))
    cache.save()
    written = (tmp_path / CACHE_PATH).read_bytes().split(b"\n")
    parsed: list[bytes] = []
    real = signed_cache._loads
    monkeypatch.setattr(signed_cache, "_loads", lambda text: parsed.append(text) or real(text))

    again = JsonFactsCache(tmp_path)
    assert again.lookup(b"\x01" * 20) == FileFacts("", other_names={"name1"})
    assert len(parsed) == 1 and b"name1" in parsed[0] and b"name0" not in parsed[0]
    assert again.contains(b"\x00" * 20) and again.contains(b"\x02" * 20)
    again.store(b"\x03" * 20, FileFacts("", other_names={"name3"}))
    again.save()
    rewritten = (tmp_path / CACHE_PATH).read_bytes().split(b"\n")
    assert rewritten[1:-1] == [*written[1:-1], rewritten[-2]] and b"name3" in rewritten[-2]
    assert JsonFactsCache(tmp_path).lookup(b"\x03" * 20) == FileFacts("", other_names={"name3"})
    assert len(parsed) == 2


#: One process of Guardian: the checkout's facts with the cache, how many files it read, the cache saved.
_ONE_RUN = """
import sys
from pathlib import Path
import planner.scan
from guardian.cache import JsonFactsCache
from planner.config import Config
read = []
real = planner.scan.read_files
planner.scan.read_files = lambda root, paths, *a, **k: read.extend(paths) or real(root, paths, *a, **k)
cache = JsonFactsCache(Path(sys.argv[1]))
planner.scan.cached_checkout_facts(Config(root=Path(sys.argv[1])), cache=cache)
cache.save()
print(len(read))
"""


def test_a_run_with_another_hash_seed_reads_no_file_again(write_tree):
    """The cache's keys hold the checkout's top-level names in its salt: their order was a set's, so
    top-level names of one length (sympy's ``setup`` and ``sympy``) came in another order in another
    process (string hashes are seeded per process) and the whole cache missed in half the runs."""
    root = write_tree({f"{name}/__init__.py": "" for name in ("alpha", "bravo", "delta", "gamma")})
    (root / "alpha/mod.py").write_text('import bravo\nNAME = "delta.x"\n')

    def files_read(seed: int) -> int:
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        run = subprocess.run([sys.executable, "-c", _ONE_RUN, str(root)], env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        return int(run.stdout)

    assert files_read(0) == 5  # the plan: every file read, the cache saved
    assert [files_read(seed) for seed in range(1, 7)] == [0] * 6
