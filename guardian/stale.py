"""Stale plan detection: ``guardian apply`` refuses a plan whose inputs changed since ``guardian plan``.

The planner records the inputs (``planner.fingerprint``); this module reads them back from the
plan file, looks at the checkout now (module discovery only: nothing is parsed) and raises
:class:`StalePlan` naming what changed.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from typing import Any

from guardian.errors import Conflict
from planner.config import Config
from planner.discover import Discovery, discover
from planner.facts import COLLECT_IGNORE_MARKER, SHIM_MARKER
from planner.fingerprint import INPUTS_KEY, Staleness, compare, inputs
from planner.plan import Plan, plan_text


class StalePlan(Conflict):
    """The plan was made from other inputs than the checkout has now (exit 3)."""

    def __init__(self, shown: str, staleness: Staleness) -> None:
        super().__init__(
            f"{shown} is stale: {staleness.describe()} since it was made; nothing was applied",
            hint="re-run `guardian plan`, review the new batches, then apply",
        )
        self.staleness = staleness


def module_paths(config: Config, found: Discovery | None = None, texts: dict[str, bytes] | None = None) -> list[str]:
    """Every module path of the checkout (``found``: its discovery, when walked already),
    Guardian's own files left out (they are not modules to plan): the compatibility shims, and a
    ``conftest.py`` an applied batch created to keep pytest off them (tqdm: the next ``apply --batch``
    refused the plan as stale, "1 module(s) added (conftest.py)"). ``texts``: each module's bytes
    are kept there (``apply``'s workspace takes them: a file is read once per run)."""
    modules = (found or discover(config)).modules.values()
    return [m.path for m in modules if not _guardians(os.path.join(config.root, m.path), m.path, texts)]


_MARKERS = (SHIM_MARKER.encode(), COLLECT_IGNORE_MARKER.encode())


def _guardians(path: str, rel: str, texts: dict[str, bytes] | None) -> bool:
    try:
        descriptor = os.open(path, os.O_RDONLY)  # not pathlib: one per module of the checkout
    except OSError:
        return False
    try:
        if texts is None:
            head = os.read(descriptor, 64)
        else:
            chunks = [os.read(descriptor, 1 << 16)]
            while chunks[-1]:
                chunks.append(os.read(descriptor, 1 << 20))
            head = texts[rel] = b"".join(chunks)
        return head.lstrip(b"\xef\xbb\xbf").startswith(_MARKERS)
    except OSError:
        return False
    finally:
        os.close(descriptor)


def stamped(plan: Plan, config: Config, paths: Collection[str]) -> str:
    """The plan file's text with its inputs recorded (stable: the same inputs give the same bytes)."""
    data = plan.to_json()
    data[INPUTS_KEY] = inputs(config, paths)
    return plan_text(data)


def refuse_stale(
    config: Config,
    plan: Plan,
    recorded: dict[str, Any] | None,
    shown: str,
    applied: Collection[int],
    found: Discovery | None = None,
    texts: dict[str, bytes] | None = None,
) -> bool:
    """Raise :class:`StalePlan` when the checkout moved away from the plan's inputs (``recorded``: what
    the plan file recorded, ``planner.plan_file.load_plan_and_inputs``).

    Returns:
        False when the plan records no inputs (made by an older Guardian): nothing to compare.
    """
    if recorded is None:
        return False
    moved = {r.old: r.new for b in plan.batches if b.id in applied for r in b.renames}
    staleness = compare(recorded, config, module_paths(config, found, texts), moved)
    if staleness.stale:
        raise StalePlan(shown, staleness)
    return True
