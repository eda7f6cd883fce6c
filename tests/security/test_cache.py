"""Finding 1: a checkout that ships a facts cache must not run code or steer the analysis."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

from attack_helpers import git, run

from guardian.cache import CACHE_PATH, JsonFactsCache
from planner.config import Config
from planner.scan import cache_key, cache_salt, scan_repo


class _Payload:
    """Unpickling this creates ``marker``: what a malicious ``facts.pickle`` does."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (Path(self.marker), "pwned"))  # type: ignore[return-value]


def test_a_shipped_pickle_cache_runs_no_code(checkout: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Payload(marker))
    for name in ("facts.pickle", "facts.json", "findings.json"):
        path = checkout / ".guardian/cache" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(payload)
    code, _, err = run(checkout, "assess", "--no-baseline")
    assert code == 0, err
    code, _, err = run(checkout, "plan")
    assert code == 0, err
    assert not marker.exists()


def _digest(root: Path, rel: str, top_level: set[str]) -> str:
    """The cache key planner.scan computes for ``rel`` (what an attacker can compute too)."""
    key = cache_key(str(root), rel, cache_salt(frozenset(top_level)))
    assert key is not None
    return key.hex()


def test_a_forged_json_cache_with_matching_keys_is_ignored(checkout: Path) -> None:
    """Even with the right keys, a cache not signed with this user's key is never read: the forged
    facts (``pkg.b`` imports ``os.system``-running ``pkg.evil``) do not reach the graph."""
    rel = "src/pkg/b.py"
    forged = [
        [[1, "import", "pkg.evil", 0, None, None, False, False, False, False]],
        [],
        {},
        [],
        [],
        None,
        False,
        False,
        None,
    ]
    assert JsonFactsCache(checkout).decode(forged).imports  # well-formed: only the signature is wrong
    body = json.dumps({"format": JsonFactsCache.FORMAT, "entries": {_digest(checkout, rel, {"pkg"}): forged}})
    path = checkout / CACHE_PATH
    path.parent.mkdir(parents=True)
    path.write_text("0" * 64 + "\n" + body)
    result = scan_repo(Config(root=checkout, source_roots=("src",)), cache=JsonFactsCache(checkout))
    assert not result.graph.has_node("pkg.evil")
    assert not any(u.target == "pkg.evil" for u in result.unresolved)


def test_own_cache_is_reused_and_a_damaged_one_ignored(checkout: Path) -> None:
    config = Config(root=checkout, source_roots=("src",))
    cache = JsonFactsCache(checkout)
    scan_repo(config, cache=cache)
    cache.save()
    assert len(JsonFactsCache(checkout).entries) == 3  # signed by this user: read back
    raw = (checkout / CACHE_PATH).read_bytes()
    (checkout / CACHE_PATH).write_bytes(raw.replace(b"pkg.b", b"pkg.x"))
    assert JsonFactsCache(checkout).entries == {}
    assert scan_repo(config, cache=JsonFactsCache(checkout)).graph.has_edge("pkg.a", "pkg.b")
    git(checkout, "status")
