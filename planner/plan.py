"""The rename plan: every non-compliant module's target, in batches, with its global impact.

``build_plan`` is pure: it reads the scan and returns frozen data. The same tree always gives
the same plan (``to_json`` is byte-stable), a compliant tree gives no rename, and every conflict
is collected before anything is reported.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import keyword
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from planner.config import Config
from planner.convention import Audit, audit
from planner.dynamic_imports import DYNAMIC_KINDS, PROSE_KINDS, STRING_KINDS, find_dynamic, reference_action
from planner.errors import InputError
from planner.graph import FactsCache, ProgressFn, Reference, RepoScan, paused_gc, scan_repo
from planner.hazards import Hazard, find_hazards
from planner.layers import Components

PLAN_VERSION = 1
PLAN_PATH = ".guardian/plan.json"

#: Risk flags a rename can carry (the review lists them; apply treats some specially).
RISKS = ("dynamic-import", "string-reference", "config-reference", "public-re-export", "cycle-member",
         "lazy-import", "optional-import", "conditional-import", "type-checking-import", "star-import",
         "shadowed-submodule", "local-name-clash", "stub", "swap", "prose", "unresolved-dynamic-import")
_STRING_KINDS = frozenset({"mock.patch", "monkeypatch", "pytest_plugins", "annotation", "doctest", "sphinx", "string"}
                          ) | STRING_KINDS
_DYNAMIC_KINDS = frozenset({"importlib", "__import__", "code-string"}) | DYNAMIC_KINDS


@dataclass(frozen=True)
class Rename:
    old: str
    new: str
    old_module: str
    new_module: str
    reason: str
    importers: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    risks: tuple[str, ...] = ()
    #: companion files moving with the module: (.pyi old path, new path)
    companions: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "old_module": self.old_module, "new_module": self.new_module,
                "reason": self.reason, "importers": list(self.importers),
                "references": [{"path": r.path, "line": r.line, "kind": r.kind, "text": r.text,
                                "action": reference_action(r.kind)} for r in self.references],
                "risks": list(self.risks), "companions": [list(c) for c in self.companions]}


@dataclass(frozen=True)
class Batch:
    id: int
    renames: tuple[Rename, ...]
    impact_files: tuple[str, ...] = ()

    @property
    def digest(self) -> str:
        """sha256 of what the batch does; an approval is bound to it."""
        core = [[r.old, r.new, r.old_module, r.new_module, [list(c) for c in r.companions]] for r in self.renames]
        return hashlib.sha256(json.dumps(core, sort_keys=True).encode()).hexdigest()

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "digest": self.digest, "renames": [r.to_json() for r in self.renames],
                "impact": {"files": list(self.impact_files)}}


@dataclass(frozen=True)
class Conflict:
    kind: str  #: target-exists | duplicate-target | case-collision | shadows-module | invalid-identifier | no-workflow
    old: str
    new: str
    detail: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "old": self.old, "new": self.new, "detail": self.detail}


@dataclass(frozen=True)
class Plan:
    version: int
    pattern: str
    batches: tuple[Batch, ...]
    conflicts: tuple[Conflict, ...] = ()
    enums: tuple[dict[str, Any], ...] = ()
    hazards: tuple[Hazard, ...] = field(default=())

    @property
    def renames(self) -> list[Rename]:
        return [r for b in self.batches for r in b.renames]

    def batch(self, batch_id: int) -> Batch:
        for batch in self.batches:
            if batch.id == batch_id:
                return batch
        known = ", ".join(str(b.id) for b in self.batches) or "none"
        raise InputError(PLAN_PATH, f"no batch {batch_id} in the plan", hint=f"batches: {known}")

    def to_json(self) -> dict[str, Any]:
        return {"version": PLAN_VERSION, "pattern": self.pattern,
                "batches": [b.to_json() for b in self.batches],
                "conflicts": [c.to_json() for c in self.conflicts],
                "enums": list(self.enums),
                "hazards": [h.to_json() for h in self.hazards]}

    def dumps(self) -> str:
        """The plan file's exact text: stable key order, no timestamps, so re-planning is byte-identical."""
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, data: Any, *, source: str = PLAN_PATH) -> Plan:
        """Rebuild a plan from its JSON; the file is untrusted input.

        Raises:
            InputError: a missing key, a wrong type, an unknown version or a path escaping the repo.
        """
        try:
            if not isinstance(data, dict):
                raise TypeError("the top level must be an object")
            if data.get("version") != PLAN_VERSION:
                raise InputError(source, f"unsupported plan version {data.get('version')!r}",
                                 hint="re-run `guardian plan`")
            batches = tuple(_batch_from_json(b) for b in data["batches"])
            conflicts = tuple(Conflict(c["kind"], c["old"], c["new"], c["detail"]) for c in data.get("conflicts", []))
            hazards = tuple(Hazard(h["kind"], h["module"], h["path"], int(h["line"]), h["detail"])
                            for h in data.get("hazards", []))
            return cls(PLAN_VERSION, str(data["pattern"]), batches, conflicts, tuple(data.get("enums", [])), hazards)
        except InputError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(source, f"not a valid plan: {exc!s}", hint="re-run `guardian plan`") from None


def _safe_path(path: Any) -> str:
    """A repository path from a plan file (untrusted): relative, ``/``-separated, no ``.``/``..``/empty
    part, no control character (NUL, newline), never inside a ``.git`` directory (any depth, any case)."""
    if not isinstance(path, str) or not path or path.startswith("/") or "\\" in path:
        raise ValueError(f"path {path!r} escapes the repository")
    if any(ord(c) < 32 or ord(c) == 127 for c in path):
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
            if not all(part.isidentifier() for part in str(module).split(".")):
                raise ValueError(f"module {module!r} is not a dotted name")
        refs = tuple(Reference(_safe_path(x["path"]), int(x["line"]), str(x["kind"]), str(x["text"]),
                               str(r["old_module"])) for x in r.get("references", []))
        companions = tuple((_safe_path(a), _safe_path(b)) for a, b in r.get("companions", []))
        _checked_rename(_safe_path(r["old"]), _safe_path(r["new"]), str(r["old_module"]), str(r["new_module"]))
        renames.append(Rename(_safe_path(r["old"]), _safe_path(r["new"]), r["old_module"], r["new_module"],
                              str(r.get("reason", "")), tuple(r.get("importers", [])), refs,
                              tuple(r.get("risks", [])), companions))
    return Batch(int(data["id"]), tuple(renames), tuple(_safe_path(p) for p in data.get("impact", {}).get("files", [])))


#: A plan file larger than this is refused (a plan of 100,000 renames is far below it).
MAX_PLAN_BYTES = 512 << 20


def load_plan(path: Path, *, shown: str | None = None) -> Plan:
    """Read a plan file.

    Raises:
        InputError: missing, unreadable or invalid.
    """
    shown = shown or str(path)
    try:
        if path.stat().st_size > MAX_PLAN_BYTES:
            raise InputError(shown, f"larger than {MAX_PLAN_BYTES >> 20} MiB: not a plan Guardian wrote",
                             hint="re-run `guardian plan`")
        data = json.loads(path.read_text(encoding="utf-8"))
    except RecursionError:
        raise InputError(shown, "nested too deeply to be a plan", hint="re-run `guardian plan`") from None
    except FileNotFoundError:
        raise InputError(shown, "no plan file", hint="run `guardian plan` first") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(shown, f"cannot read the plan: {exc}", hint="re-run `guardian plan`") from None
    except json.JSONDecodeError as exc:
        raise InputError(shown, f"not valid JSON: {exc.msg}", line=exc.lineno, hint="re-run `guardian plan`") from None
    return Plan.from_json(data, source=shown)


#: The longest file name (in bytes) common file systems accept (ext4, APFS, NTFS: 255).
NAME_MAX = 255
STDLIB = frozenset(sys.stdlib_module_names) | frozenset(sys.builtin_module_names)


@lru_cache(maxsize=1)
def _installed_top_level() -> frozenset[str]:
    """Top-level names of every installed distribution (read lazily: it costs tens of ms)."""
    try:
        return frozenset(metadata.packages_distributions())
    except Exception:  # a broken distribution's metadata must not stop planning  # noqa: BLE001
        return frozenset()


def _shadows(base: str, top_level: bool) -> bool:
    """A standard-library name shadows in any importer's namespace (T14: ``from pkg import os``
    beside ``import os``); an installed package's name only as a top-level module."""
    return base in STDLIB or (top_level and base in _installed_top_level())


def build_plan(config: Config, scan: RepoScan | None = None, *, enums: Iterable[dict[str, Any]] = (),
               first_batch: int = 1) -> Plan:
    """Plan the renames that make the checkout compliant.

    ``first_batch`` numbers the batches: after batches 1 and 2 were applied, re-planning the rest
    starts at 3, so a batch id never names two different sets of renames.

    Returns:
        The plan; its ``conflicts`` list every problem found (the CLI exits 3 when there are any).

    Raises:
        InputError: the repository or a source root does not exist.
    """
    scan = scan or scan_repo(config)
    with paused_gc():
        return _plan(config, scan, tuple(enums), first_batch)


def plan_repo(config: Config, *, jobs: int = 1, progress: ProgressFn | None = None, cache: FactsCache | None = None,
              enums: Iterable[dict[str, Any]] = (), first_batch: int = 1) -> Plan:
    """:func:`scan_repo` then :func:`build_plan`, with the cyclic garbage collector paused over
    both: re-enabled between them, its first pass would walk every object the scan made (8 ms
    of a 2,000-module plan) only to find none of them is garbage.

    Raises:
        InputError: the repository or a source root does not exist.
    """
    with paused_gc():
        return build_plan(config, scan_repo(config, jobs=jobs, progress=progress, cache=cache), enums=enums,
                          first_batch=first_batch)


def _plan(config: Config, scan: RepoScan, enums: tuple[dict[str, Any], ...], first_batch: int) -> Plan:
    result = audit(config, scan)
    dynamic, dynamic_hazards = find_dynamic(config.root, scan)  # module paths outside the import graph
    scan = dataclasses.replace(scan, references=scan.references + tuple(dynamic))
    hazards = find_hazards(scan) + dynamic_hazards
    renames, conflicts = _renames(config, scan, result, hazards)
    placed = {p.path for p in result.assignment.placements.values()}
    conflicts = [Conflict("syntax-error", problem.path, "",
                          f"line {problem.line}: {problem.message}; its imports cannot be read, so its place in the "
                          "dependency order is unknown: fix it or exempt it")
                 for problem in scan.syntax_errors if problem.path in placed] + conflicts
    assignment = result.assignment
    batches = _batches(config, scan, assignment.components or Components(assignment.graph), renames, first_batch)
    return Plan(PLAN_VERSION, config.pattern, batches, tuple(conflicts), enums, tuple(hazards))


def _renames(config: Config, scan: RepoScan, result: Audit, hazards: list[Hazard]) -> tuple[list[Rename], list[Conflict]]:
    conflicts: list[Conflict] = []
    planned: list[tuple[str, str, str, str, str]] = []  # module, old path, new path, new module, reason
    for verdict in result.noncompliant:
        module = scan.modules[verdict.module]
        if verdict.target is None:
            conflicts.append(Conflict("no-workflow", module.path, "", verdict.reason))
            continue
        directory = module.path.rpartition("/")[0]
        new_path = f"{directory}/{verdict.target}.py" if directory else f"{verdict.target}.py"
        parent = module.name.rpartition(".")[0]
        new_module = f"{parent}.{verdict.target}" if parent else verdict.target
        planned.append((module.name, module.path, new_path, new_module, verdict.reason))
    conflicts += _conflicts(config, scan, planned)
    by_module = _impact_index(scan, hazards, result.assignment.components)
    sources = {old for _, old, _, _, _ in planned}
    targets = {new for _, _, new, _, _ in planned}
    renames = []
    for name, old, new, new_module, reason in planned:
        module = scan.modules[name]
        companions = ((module.stub, new[:-3] + ".pyi"),) if module.stub else ()
        references, risks = by_module.get(name, ((), set()))
        risks = set(risks) | ({"stub"} if companions else set())
        if old in targets or new in sources:
            risks.add("swap")  # part of a chain or cycle of renames: apply goes through temporary names
        renames.append(Rename(old, new, name, new_module, f"{reason} -> {new.rpartition('/')[2]}",
                              tuple(scan.importers(name)), tuple(references),
                              tuple(r for r in RISKS if r in risks), companions))
    return renames, conflicts


def _conflicts(config: Config, scan: RepoScan, planned: list[tuple[str, str, str, str, str]]) -> list[Conflict]:
    conflicts: list[Conflict] = []
    root = str(config.root)  # os.path.join on a Path converts it on every call
    leaving = {old for _, old, _, _, _ in planned}
    existing = {m.path for m in scan.modules.values()} | {s.path for s in scan.scripts}
    existing_lower: dict[str, str] = {}
    for path in existing:
        existing_lower.setdefault(path.lower(), path)
    targets: dict[str, str] = {}
    targets_lower: dict[str, str] = {}
    listings: dict[str, _Listing | None] = {}
    for name, old, new, _new_module, _ in planned:
        base = new.rpartition("/")[2][:-3]
        if not base.isidentifier() or keyword.iskeyword(base):
            conflicts.append(Conflict("invalid-identifier", old, new,
                                      f"{base!r} is not a valid Python identifier; fix the pattern or the module name"))
            continue
        if len(base.encode("utf-8")) + len(".pyi") > NAME_MAX:  # the stub companion is one byte longer
            conflicts.append(Conflict("name-too-long", old, new,
                                      f"the file name {base}.py is longer than the {NAME_MAX} bytes a file system "
                                      "allows; shorten the pattern or the module name"))
            continue
        if new in targets:
            conflicts.append(Conflict("duplicate-target", old, new, f"{targets[new]} is planned to the same name"))
        elif new.lower() in targets_lower:
            conflicts.append(Conflict("case-collision", old, new,
                                      f"{targets_lower[new.lower()]} targets {new} up to letter case"))
        targets[new] = old
        targets_lower[new.lower()] = old
        is_dir, exists = _on_disk(root, new, listings)
        if new not in leaving and (is_dir or exists):
            what = "a package" if is_dir else "a file"
            conflicts.append(Conflict("target-exists", old, new, f"{new[:-3] if what == 'a package' else new} "
                                      f"already exists as {what}; renaming would overwrite it"))
        elif new.lower() in existing_lower and existing_lower[new.lower()] not in leaving \
                and existing_lower[new.lower()] != new:
            conflicts.append(Conflict("case-collision", old, new,
                                      f"{existing_lower[new.lower()]} differs only in letter case (breaks on macOS/Windows)"))
        if _shadows(base, "." not in _new_module):
            conflicts.append(Conflict("shadows-module", old, new,
                                      f"{base!r} is a standard-library or installed top-level module; importers would get the wrong one"))
    return conflicts


#: A directory's entries: every name, the names of directories (symlinks followed, as
#: ``os.path.isdir`` does) and every name in lower case.
_Listing = tuple[frozenset[str], frozenset[str], frozenset[str]]


def _on_disk(root: str, path: str, listings: dict[str, _Listing | None]) -> tuple[bool, bool]:
    """``(os.path.isdir(path[:-3]), os.path.lexists(path))`` under ``root``, from one listing of
    the directory (``os.scandir``) instead of two system calls per path. A name the listing has
    only in another letter case, or a non-ASCII one (a case-insensitive or normalizing file system
    may equate them), and a directory that cannot be listed, get the system calls."""
    directory, _, filename = path.rpartition("/")
    if directory not in listings:
        listings[directory] = _list(os.path.join(root, directory))
    listing = listings[directory]
    stem = filename[:-3]
    if listing is None or not filename.isascii():
        return os.path.isdir(os.path.join(root, path[:-3])), os.path.lexists(os.path.join(root, path))
    names, directories, lower = listing
    is_dir = stem in directories or (stem not in names and stem.lower() in lower
                                     and os.path.isdir(os.path.join(root, path[:-3])))
    exists = filename in names or (filename.lower() in lower and os.path.lexists(os.path.join(root, path)))
    return is_dir, exists


def _list(directory: str) -> _Listing | None:
    try:
        with os.scandir(directory) as entries:
            found = [(entry.name, entry.is_dir()) for entry in entries]
    except OSError:
        return None
    names = frozenset(name for name, _ in found)
    return names, frozenset(name for name, is_dir in found if is_dir), frozenset(name.lower() for name in names)


def _impact_index(scan: RepoScan, hazards: list[Hazard],
                  components: Components | None = None) -> dict[str, tuple[list[Reference], set[str]]]:
    """References and risk flags of every module, from one pass over the scan. ``components``:
    those of ``scan.runtime``, already found (its cycles are the groups of two or more)."""
    index: dict[str, tuple[list[Reference], set[str]]] = {}

    def entry(module: str) -> tuple[list[Reference], set[str]]:
        found = index.get(module)
        if found is None:
            found = index[module] = ([], set())
        return found

    for ref in scan.references:
        refs, risks = entry(ref.module)
        refs.append(ref)
        if ref.kind in _DYNAMIC_KINDS:
            risks.add("dynamic-import")
        elif ref.kind == "__all__":
            risks.add("public-re-export")
        elif ref.kind in PROSE_KINDS:
            risks.add("prose")
        elif ref.kind in _STRING_KINDS:
            risks.add("string-reference")
        else:
            risks.add("config-reference")
    for _importer, targets in scan.graph.adjacency():  # plain dicts: NetworkX's edge views cost more
        for imported, data in targets.items():
            _edge_risks(entry(imported)[1], data["imports"])
    for group in scan.cycles() if components is None else (c for c in components.found if len(c) > 1):
        for module in group:
            entry(module)[1].add("cycle-member")
    for hazard in hazards:
        entry(hazard.module)[1].add(hazard.kind)
    return index


def _edge_risks(risks: set[str], records: list[dict[str, Any]]) -> None:
    """The risk flags the imports of one edge give the imported module."""
    for record in records:
        if record["type_checking"]:
            risks.add("type-checking-import")
        elif record["optional"]:
            risks.add("optional-import")
        elif record["lazy"]:
            risks.add("lazy-import")
        elif record["conditional"]:
            risks.add("conditional-import")
        if record["form"] == "from-star":
            risks.add("star-import")
        if record["path"].endswith("__init__.py") and record["form"] in ("from", "from-as", "from-star"):
            risks.add("public-re-export")


def _batches(config: Config, scan: RepoScan, components: Components, renames: list[Rename],
             first: int = 1) -> tuple[Batch, ...]:
    """Leaves first, ``batch_size`` renames each; renames that swap names stay in one batch."""
    if not renames:
        return ()
    modules = scan.modules
    order = {m: i for i, m in enumerate(components.order({m: modules[m].path for m in components.successors}))}
    ordered = sorted(renames, key=lambda r: (order.get(r.old_module, 0), r.old))
    groups = _swap_groups(ordered)
    paths = {m.name: m.path for m in (*modules.values(), *scan.scripts)}
    batches: list[Batch] = []
    current: list[Rename] = []
    for group in groups:
        if current and len(current) + len(group) > config.batch_size:
            batches.append(_batch(first + len(batches), current, paths))
            current = []
        current.extend(group)
    if current:
        batches.append(_batch(first + len(batches), current, paths))
    return tuple(batches)


def _swap_groups(renames: list[Rename]) -> list[list[Rename]]:
    """Chains and cycles of renames (one's target is another's source) as single units."""
    by_old = {r.old: r for r in renames}
    parent = {r.old: r.old for r in renames}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for rename in renames:
        if rename.new in by_old:
            parent[find(rename.new)] = find(rename.old)
    groups: dict[str, list[Rename]] = {}
    for rename in renames:
        groups.setdefault(find(rename.old), []).append(rename)
    seen: set[str] = set()
    result = []
    for rename in renames:
        key = find(rename.old)
        if key not in seen:
            seen.add(key)
            result.append(groups[key])
    return result


def _batch(batch_id: int, renames: list[Rename], paths: dict[str, str]) -> Batch:
    """A batch and the files it touches; ``paths``: the path of every module and script by name."""
    files: set[str] = set()
    for rename in renames:
        files.update((rename.old, rename.new))
        files.update(c for pair in rename.companions for c in pair)
        files.update(paths[i] for i in rename.importers if i in paths)
        files.update(r.path for r in rename.references)
    return Batch(batch_id, tuple(renames), tuple(sorted(files)))
