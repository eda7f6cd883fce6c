"""``guardian validate``: every old public module path still resolves after the renames (issue 13 step 3).

After a batch, an old dotted path stays public in three ways: a shim Guardian left at it (``--shims``, or a
path the package reaches at run time: codemods/keep_alive.py), a package that still binds the old name
(Rope's import rewritten as ``from . import WF1_sub as sub``), and a lazy table that maps the old name to
the new module (codemods/lazy_table.py). Each must
give the very module object the new path gives: ``import pkg.sub``, ``pkg.sub`` and ``from pkg import
sub`` (a table: the last two). They are imported in one fresh isolated interpreter that sees only the checkout (like the
import check); this runs the checkout's code, which only ``validate`` does, and only when the execution
policy allows it (``guardian/execpolicy.py``): under ``--no-exec`` the check is skipped.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from guardian.checkout_runs import IMPORT_TIMEOUT, check_python
from guardian.execpolicy import refusal
from guardian.tracking import CheckRecord
from planner.config import Config
from planner.graph import RepoScan

__all__ = ["check_public_paths", "public_paths"]


_RESOLVE = r"""
import importlib, json, sys, warnings
roots, checks, out = json.loads(sys.argv[1])
sys.path[:0] = roots
warnings.simplefilter("ignore")
failures = {}
for old, new, how in checks:
    try:
        target = importlib.import_module(new)
        package, _, name = old.rpartition(".")
        if how == "shim":
            got = importlib.import_module(old)
        else:
            got = getattr(importlib.import_module(package), name)
            if hasattr(target, name) and getattr(target, name) is got and not isinstance(got, type(sys)):
                continue  # `from .config import config`: the package binds the module's own attribute, as
                          # before the rename (a shadowed submodule, never a public module path)
            exec(f"from {package} import {name} as _got", {}, scope := {})
            if scope["_got"] is not got:
                raise ImportError(f"from {package} import {name} gives another object")
        if got is not target:
            raise ImportError(f"{old} is {getattr(got, '__name__', type(got).__name__)}, not {new}")
    except BaseException as exc:
        failures[old] = f"{type(exc).__name__}: {exc}"
with open(out, "w", encoding="utf-8") as handle:
    json.dump(failures, handle)
"""


def _table_serves(init: Path, name: str, new_name: str) -> bool:
    """Does the package ``__init__`` map ``name`` to ``new_name`` in a lazy table (codemods/lazy_table.py)?"""
    try:
        text = init.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    entry = rf"""(['"]){re.escape(name)}\1\s*:\s*(['"]){re.escape(new_name)}\2"""
    return "__getattr__" in text and re.search(entry, text) is not None


def public_paths(scan: RepoScan, renamed: Mapping[str, str], root: Path | None = None) -> list[tuple[str, str, str]]:
    """(old module, new module, how it stays public: ``shim`` | ``binding`` | ``table``) for every old path
    that must resolve; ``table``: the package's lazy table maps the old name to the new module (read under
    ``root``)."""
    found: list[tuple[str, str, str]] = []
    for old, new in sorted(renamed.items()):
        shim = scan.modules.get(old)
        facts = scan.facts.get(shim.path) if shim is not None else None
        if facts is not None and facts.shim:
            found.append((old, new, "shim"))
            continue
        package, _, name = old.rpartition(".")
        init = scan.modules.get(package)
        init_facts = scan.facts.get(init.path) if init is not None and init.is_package else None
        if init_facts is not None and any(  # ``from . import WF1_sub as sub``: the module itself, not a
            (imp.alias or imp.name) == name  # same-named object (``from .config import config``)
            and imp.form in ("from", "from-as")
            and imp.name is not None
            and f"{imp.resolve_base(package) or ''}.{imp.name}" == new
            for imp in init_facts.imports
        ):
            found.append((old, new, "binding"))
        elif root is not None and init is not None and init.is_package:
            if _table_serves(root / init.path, name, new.rpartition(".")[2]):
                found.append((old, new, "table"))
    return found


def check_public_paths(config: Config, scan: RepoScan, renamed: Mapping[str, str]) -> CheckRecord:
    """Import every old public path of the renamed modules; each must be the new module itself."""
    started = time.monotonic()
    checks = public_paths(scan, renamed, config.root)
    if not checks:
        detail = "no rename batch applied" if not renamed else "no old module path is kept public"
        return CheckRecord.timed("old-public-paths", None, detail, started)
    refused = refusal(config)
    if refused is not None:  # importing the old paths runs the checkout's code
        return CheckRecord.timed("old-public-paths", None, f"skipped: {refused}", started)
    roots = [str((config.root / r).resolve()) for r in config.source_roots]
    with tempfile.TemporaryDirectory(prefix="guardian-paths-") as scratch:
        out = Path(scratch) / "result.json"
        try:
            run = subprocess.run(
                [
                    check_python(config),
                    "-I",
                    "-X",
                    f"pycache_prefix={scratch}/pycache",
                    "-c",
                    _RESOLVE,
                    json.dumps([roots, checks, str(out)]),
                ],
                cwd=config.root,
                capture_output=True,
                text=True,
                timeout=IMPORT_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return CheckRecord.timed(
                "old-public-paths", False, f"resolving the old paths took over {IMPORT_TIMEOUT:.0f} s", started
            )
        if not out.is_file():
            tail = (run.stderr.strip().splitlines() or ["no output"])[-1]
            return CheckRecord.timed("old-public-paths", False, f"the import process died: {tail}", started)
        failures: dict[str, str] = json.loads(out.read_text(encoding="utf-8"))
    detail = (
        f"{len(checks)} old public path(s) resolve to the renamed modules"
        if not failures
        else f"{len(failures)} of {len(checks)} old public paths broken: "
        + "; ".join(f"{k}: {v}" for k, v in sorted(failures.items())[:5])
    )
    return CheckRecord.timed(
        "old-public-paths", not failures, detail, started, paths=[c[0] for c in checks], failures=failures
    )
