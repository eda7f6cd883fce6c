"""Read a plan back from its JSON (``.guardian/plan.json``): untrusted input, checked as it is decoded.

A missing key, a wrong type, an unknown version, a module that is not a dotted name or a path
that escapes the repository is an :class:`InputError` naming the file, never a traceback.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from failures import too_long
from failures.regular_files import read_regular
from planner.errors import InputError
from planner.fingerprint import INPUTS_KEY
from planner.hazards import Hazard
from planner.plan import PLAN_PATH, PLAN_VERSION, Batch, Kept, Plan, PlanConflict, Rename
from planner.references import Reference


def plan_from_json(data: Any, *, source: str = PLAN_PATH) -> Plan:
    """Rebuild a plan from its JSON; the file is untrusted input.

    Raises:
        InputError: a missing key, a wrong type, an unknown version or a path escaping the repo.
    """
    try:
        if not isinstance(data, dict):
            raise TypeError("the top level must be an object")
        if data.get("version") != PLAN_VERSION:
            raise InputError(source, f"unsupported plan version {data.get('version')!r}", hint="re-run `guardian plan`")
        batches = tuple(_batch_from_json(b) for b in data["batches"])
        conflicts = tuple(PlanConflict(c["kind"], c["old"], c["new"], c["detail"]) for c in data.get("conflicts", []))
        hazards = tuple(
            Hazard(h["kind"], h["module"], h["path"], int(h["line"]), h["detail"]) for h in data.get("hazards", [])
        )
        kept = tuple(Kept(str(k["module"]), _safe_path(k["path"]), str(k["reason"])) for k in data.get("kept", []))
        return Plan(PLAN_VERSION, str(data["pattern"]), batches, conflicts, tuple(data.get("enums", [])), hazards, kept)
    except InputError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(source, f"not a valid plan: {exc!s}", hint="re-run `guardian plan`") from None


#: A control character (NUL, newline, DEL): one regex search instead of a Python loop per character
#: (a 20,000-module plan holds 370,000 paths).
_CONTROL = re.compile("[\x00-\x1f\x7f]")


#: A path of plain parts (letters, digits, ``_``, ``-``, inner dots; none starts with a dot): safe at
#: once, without the checks part by part below (a 20,000-module plan holds 190,000 paths).
_PLAIN = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*")


#: Paths of plain parts, one per line: a list of them checked by one match (a batch's impact files).
_PLAIN_LINES = re.compile(f"{_PLAIN.pattern}(?:\n{_PLAIN.pattern})*")
#: A dotted name of ASCII identifiers: accepted at once (others go through ``str.isidentifier``).
_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


def _safe_paths(paths: Any) -> tuple[str, ...]:
    """:func:`_safe_path` of each of ``paths``; a list of plain paths is checked by one match (the
    count of line ends proves that no path holds one)."""
    if isinstance(paths, list) and all(type(p) is str for p in paths):
        text = "\n".join(paths)
        if text.count("\n") == len(paths) - 1 and _PLAIN_LINES.fullmatch(text):
            return tuple(paths)
    return tuple(_safe_path(p) for p in paths)


def _dotted(module: Any) -> bool:
    text = str(module)
    return _DOTTED.fullmatch(text) is not None or all(part.isidentifier() for part in text.split("."))


def _safe_path(path: Any) -> str:
    """A repository path from a plan file (untrusted): relative, ``/``-separated, no ``.``/``..``/empty
    part, no control character (NUL, newline), never inside a ``.git`` directory (any depth, any case)."""
    if isinstance(path, str) and _PLAIN.fullmatch(path):
        return path
    if not isinstance(path, str) or not path or path.startswith("/") or "\\" in path:
        raise ValueError(f"path {path!r} escapes the repository")
    if _CONTROL.search(path):
        raise ValueError(f"path {path!r} contains a control character (NUL, newline)")
    for part in path.split("/"):
        if part in ("", ".", ".."):
            raise ValueError(f"path {path!r} escapes the repository")
        if part.rstrip(". ").lower() in (".git", ".guardian"):
            raise ValueError(f"path {path!r} is inside {part}/, which Guardian never changes")
    return path


def _checked_rename(old: str, new: str, old_module: str, new_module: str) -> None:
    """A rename's paths must be what its modules say: the target is derived from ``new_module``, so a
    plan whose ``new`` says something else (shown, approved, never used) is refused.

    Raises:
        ValueError: ``new`` is not ``old``'s directory plus ``new_module``'s last name, or the module
            changes package.
    """
    if old_module.rpartition(".")[0] != new_module.rpartition(".")[0]:
        raise ValueError(f"rename {old_module} -> {new_module} moves the module to another package")
    directory = old.rpartition("/")[0]
    expected = f"{directory}/{new_module.rpartition('.')[2]}.py" if directory else f"{new_module.rpartition('.')[2]}.py"
    if new != expected:
        raise ValueError(f"rename of {old}: 'new' is {new!r} but new_module {new_module!r} puts it at {expected!r}")
    name = old.rpartition("/")[2]
    if name != "__init__.py" and name != f"{old_module.rpartition('.')[2]}.py":
        raise ValueError(f"rename of {old}: the file is not module {old_module!r}")


def _batch_from_json(data: dict[str, Any]) -> Batch:
    renames = []
    for r in data["renames"]:
        for module in (r["old_module"], r["new_module"]):
            if not _dotted(module):
                raise ValueError(f"module {module!r} is not a dotted name")
        refs = tuple(
            Reference(_safe_path(x["path"]), int(x["line"]), str(x["kind"]), str(x["text"]), str(r["old_module"]))
            for x in r.get("references", [])
        )
        companions = tuple((_safe_path(a), _safe_path(b)) for a, b in r.get("companions", []))
        old, new = _safe_path(r["old"]), _safe_path(r["new"])
        _checked_rename(old, new, str(r["old_module"]), str(r["new_module"]))
        renames.append(
            Rename(
                old,
                new,
                r["old_module"],
                r["new_module"],
                str(r.get("reason", "")),
                tuple(r.get("importers", [])),
                refs,
                tuple(r.get("risks", [])),
                companions,
            )
        )
    return Batch(int(data["id"]), tuple(renames), _safe_paths(data.get("impact", {}).get("files", [])))


#: A plan file larger than this is refused (a plan of 100,000 renames is far below it).
MAX_PLAN_BYTES = 512 << 20


def load_plan(path: Path, *, shown: str | None = None) -> Plan:
    """Read a plan file.

    Raises:
        InputError: missing, unreadable or invalid.
    """
    return load_plan_and_inputs(path, shown=shown)[0]


def load_plan_and_inputs(path: Path, *, shown: str | None = None) -> tuple[Plan, dict[str, Any] | None]:
    """Read a plan file once: the plan and the inputs it recorded (``planner.fingerprint``; None for
    a plan made before they were recorded), which the staleness check compares (a 20,000-module
    plan is 20 MB of JSON: parsing it a second time for its inputs cost a tenth of a second).

    Raises:
        InputError: missing, unreadable or invalid.
    """
    shown = shown or str(path)
    try:
        if path.stat().st_size > MAX_PLAN_BYTES:
            raise InputError(
                shown,
                f"larger than {MAX_PLAN_BYTES >> 20} MiB: not a plan Guardian wrote",
                hint="re-run `guardian plan`",
            )
        data = json.loads(read_regular(path, MAX_PLAN_BYTES).decode("utf-8"))  # a FIFO: refused, never waited on
    except RecursionError:
        raise InputError(shown, "nested too deeply to be a plan", hint="re-run `guardian plan`") from None
    except FileNotFoundError:
        raise InputError(shown, "no plan file", hint="run `guardian plan` first") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(shown, f"cannot read the plan: {exc}", hint="re-run `guardian plan`") from None
    except json.JSONDecodeError as exc:
        raise InputError(shown, f"not valid JSON: {exc.msg}", line=exc.lineno, hint="re-run `guardian plan`") from None
    except ValueError as exc:  # an integer of thousands of digits (Python's int conversion limit)
        raise InputError(shown, f"not a plan: {too_long(exc)}", hint="re-run `guardian plan`") from None
    recorded = data.get(INPUTS_KEY) if isinstance(data, dict) else None
    return plan_from_json(data, source=shown), recorded if isinstance(recorded, dict) else None
