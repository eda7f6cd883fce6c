"""The facts cache never serves an edited file's old facts, and unchanged files are not re-parsed."""

from __future__ import annotations

from guardian.cache import JsonFactsCache
from planner.config import Config
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
