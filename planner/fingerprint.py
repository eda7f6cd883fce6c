"""The inputs a plan was made from, recorded in plan.json, so a stale plan is refused by name.

A plan is a function of the configuration and of the checkout's modules. ``guardian plan`` records
both under the plan's ``inputs`` key (the configuration keys the planner reads, every module path,
and a digest of the two); ``guardian apply`` compares them with the checkout before it writes
anything. The renames of batches already applied are expected changes: the recorded paths are
carried through them (and compatibility shims left at old paths are not new modules).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from planner.config import DEFAULT_PYTHON_FILES, Config

#: plan.json key holding the inputs (added to the plan's stable keys; older plans lack it)
INPUTS_KEY = "inputs"


def config_inputs(config: Config) -> dict[str, Any]:
    """The configuration keys the plan depends on, as plain JSON data (no DSN: it may hold a password).
    pytest's ``python_files`` is recorded only when it is not pytest's default (plans made before
    it was read stay fresh)."""
    found = {
        "source_roots": list(config.source_roots),
        "version": config.version,
        "pattern": config.pattern,
        "exempt": list(config.exempt),
        "batch_size": config.batch_size,
        "workflows": [[glob, value] for glob, value in config.workflows],
        "layers": [[glob, value] for glob, value in config.layers],
        "database": {"schema": list(config.database.schema), "dialect": config.database.dialect},
        "enums": [[e.canonical, list(e.merge), [list(pair) for pair in e.map], e.lossy] for e in config.enums],
    }
    if config.python_files != DEFAULT_PYTHON_FILES:
        found["python_files"] = list(config.python_files)
    return found


def inputs(config: Config, module_paths: Iterable[str]) -> dict[str, Any]:
    """What plan.json records: the configuration's keys, the sorted module paths and their digest."""
    data = {"config": config_inputs(config), "modules": sorted(set(module_paths))}
    data["digest"] = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    return data


@dataclass(frozen=True)
class Staleness:
    """What changed between a plan's recorded inputs and the checkout now."""

    config_keys: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()

    @property
    def stale(self) -> bool:
        return bool(self.config_keys or self.added or self.removed or self.renamed)

    def describe(self, limit: int = 5) -> str:
        """One line naming what changed (at most ``limit`` paths per kind)."""

        def few(items: Iterable[str]) -> str:
            items = list(items)
            return ", ".join(items[:limit]) + (f" and {len(items) - limit} more" if len(items) > limit else "")

        parts = []
        if self.config_keys:
            parts.append(f"configuration changed ({few(self.config_keys)})")
        if self.renamed:
            parts.append(f"{len(self.renamed)} module(s) renamed ({few(f'{a} -> {b}' for a, b in self.renamed)})")
        if self.added:
            parts.append(f"{len(self.added)} module(s) added ({few(self.added)})")
        if self.removed:
            parts.append(f"{len(self.removed)} module(s) removed ({few(self.removed)})")
        return "; ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "config_keys": list(self.config_keys),
            "added": list(self.added),
            "removed": list(self.removed),
            "renamed": [list(pair) for pair in self.renamed],
        }


def compare(
    recorded: Mapping[str, Any], config: Config, module_paths: Iterable[str], moved: Mapping[str, str] | None = None
) -> Staleness:
    """The changes from ``recorded`` (a plan's inputs) to the checkout.

    Args:
        recorded: the plan's ``inputs``.
        config: the configuration now.
        module_paths: every module path now (compatibility shims left out).
        moved: old path -> new path of the renames already applied from this plan: expected changes.
    """
    moved = moved or {}
    found_config = recorded.get("config")
    before_config: dict[str, Any] = found_config if isinstance(found_config, dict) else {}
    now_config = config_inputs(config)
    keys = tuple(sorted(k for k in set(before_config) | set(now_config) if before_config.get(k) != now_config.get(k)))
    found_modules = recorded.get("modules")
    recorded_modules: list[Any] = found_modules if isinstance(found_modules, list) else []
    expected = {moved.get(str(p), str(p)) for p in recorded_modules}
    now = set(module_paths)
    added = sorted(now - expected)
    removed = sorted(expected - now)
    renamed = _pair_renames(added, removed)
    paired_new = {b for _, b in renamed}
    paired_old = {a for a, _ in renamed}
    return Staleness(
        keys,
        tuple(p for p in added if p not in paired_new),
        tuple(p for p in removed if p not in paired_old),
        tuple(renamed),
    )


def _pair_renames(added: list[str], removed: list[str]) -> list[tuple[str, str]]:
    """Removed and added paths that are one move: the same file name elsewhere, or the only
    removal and addition of one directory."""
    pairs: list[tuple[str, str]] = []
    by_name: dict[str, list[str]] = {}
    for path in added:
        by_name.setdefault(path.rpartition("/")[2], []).append(path)
    taken: set[str] = set()
    left: list[str] = []
    for old in removed:
        candidates = [p for p in by_name.get(old.rpartition("/")[2], []) if p not in taken]
        if len(candidates) == 1:
            pairs.append((old, candidates[0]))
            taken.add(candidates[0])
        else:
            left.append(old)
    for directory in {p.rpartition("/")[0] for p in left}:
        gone = [p for p in left if p.rpartition("/")[0] == directory]
        came = [p for p in added if p not in taken and p.rpartition("/")[0] == directory]
        if len(gone) == 1 and len(came) == 1:
            pairs.append((gone[0], came[0]))
            taken.add(came[0])
    return sorted(pairs)
