"""The plan of bench/plan_bench.py's 2,000-module synthetic repository, byte for byte.

A speed-up of the planner must not change what it plans: this pins the SHA-256 of ``Plan.dumps()``
for the deterministic repository ``bench/synth.py`` makes (the digest bench/plan_bench.py prints
for its 2,000-module run), read in this process and through the facts cache. If a change of the
planner is meant to change plans, regenerate the digest with the bench and say why in the commit.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from guardian.cache import JsonFactsCache
from guardian.config_file import load_config
from planner.build_plan import plan_repo

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "bench"))
from synth import make_repo  # noqa: E402

#: SHA-256 of the plan of ``make_repo(root, 2000)`` (bench/plan_bench.py --sizes 2000).
PLAN_2000 = "ac5c87bac952a516b998fbe0239c93a482e3524a0ff0bf3ffcd8cc503ba9a80b"


def test_the_plan_of_the_2000_module_synthetic_repository_is_unchanged(tmp_path: Path):
    root = make_repo(tmp_path / "synth2000", 2000)
    config = load_config(root)
    cold = plan_repo(config).dumps()
    assert hashlib.sha256(cold.encode()).hexdigest() == PLAN_2000
    cache = JsonFactsCache(root)
    plan_repo(config, cache=cache)
    cache.save()
    filled = JsonFactsCache(root)
    assert len(filled.entries) == 2042  # every Python file of the repository
    warm = plan_repo(config, cache=filled).dumps()
    assert warm == cold
