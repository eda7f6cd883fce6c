"""Phase 7, Retirement: remove the compatibility shims and contract the ENUM migration.

Each part is one journaled batch (``guardian revert`` undoes it): the shims Guardian wrote
(recognised by ``codemods.shims.find_shims``) are deleted and the compatibility bindings it wrote in
package ``__init__`` files (``from . import WF1_sub as sub``: codemods/old_name_bindings.py) and the
``collect_ignore`` line that keeps pytest off the shims (codemods/collect_ignore.py) removed, and the old names
apply added to the package's lazy tables beside the new ones taken out (codemods/retired_tables.py); the contract steps of the ENUM
consolidation (drop the sync trigger, the old column and the duplicate type) are written as SQL
files into the repository, or run on the configured database with their down SQL journaled.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from codemods.collect_ignore import find_ignored, strip_ignored
from codemods.old_name_bindings import find_bindings, strip_bindings
from codemods.retired_tables import narrow_tables
from codemods.shims import find_shims
from guardian.leftovers import python_files_under
from planner.config import Config
from planner.redact import redact
from rollback import Delete, Journal, SqlChange, SqlExecutor, Write


@dataclass(frozen=True)
class ContractStep:
    """One contract step of one consolidation group (from ``codemods.enum_sql.generate``)."""

    stem: str
    up: str
    down: str
    dialect: str


@dataclass(frozen=True)
class Retirement:
    """What retire will do (or did): shims to delete, contract SQL to write or run."""

    shims: tuple[tuple[str, str], ...]  #: (path, module it points at)
    contract: tuple[ContractStep, ...]
    groups: tuple[dict[str, Any], ...]  #: the consolidation groups (canonical, merge)
    batches: tuple[str, ...] = field(default=())  #: journal batch ids written
    sql_mode: str = "none"  #: none | written | ran
    sql_files: tuple[str, ...] = ()
    bindings: tuple[tuple[str, str], ...] = ()  #: (package ``__init__`` path, old name bound there)
    ignores: tuple[str, ...] = ()  #: conftest files holding Guardian's ``collect_ignore`` line
    tables: tuple[tuple[str, str], ...] = ()  #: (file of the package, old name taken out of its tables)

    def to_json(self) -> dict[str, Any]:
        return {
            "shims_removed": [{"path": p, "target": t} for p, t in self.shims],
            "bindings_removed": [{"path": p, "name": n} for p, n in self.bindings],
            "collect_ignore_removed": list(self.ignores),
            "table_names_removed": [{"path": p, "name": n} for p, n in self.tables],
            "contract": {
                "mode": self.sql_mode,
                "steps": [s.stem for s in self.contract],
                "files": list(self.sql_files),
            },
            "groups": [g.get("canonical") for g in self.groups],
            "batches": list(self.batches),
        }


def find_shim_files(config: Config) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[str]]:
    """Every shim Guardian wrote under the source roots, ``(repo-relative path, target module)``, every
    compatibility binding, ``(path of the package __init__, old name)``, and every conftest with
    Guardian's ``collect_ignore`` line."""
    found, bindings, ignores = [], [], []
    for root in config.source_roots:
        for path in python_files_under(config.root / root):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            rel = path.relative_to(config.root).as_posix()
            target = find_shims(text)
            if target is not None:
                found.append((rel, target))
            elif path.name == "__init__.py":
                bindings += [(rel, name) for name in find_bindings(text)]
            elif path.name == "conftest.py" and find_ignored(text):
                ignores.append(rel)
    return sorted(set(found)), sorted(set(bindings)), sorted(set(ignores))


def _retired_names(shims: Sequence[tuple[str, str]]) -> dict[str, dict[str, str]]:
    """Each package directory holding retired shims of its own submodules -> {old name: new name}."""
    packages: dict[str, dict[str, str]] = {}
    for path, target in shims:
        shim = Path(path)
        old, package = (shim.parent.name, shim.parent.parent) if shim.stem == "__init__" else (shim.stem, shim.parent)
        parent, _, new = target.rpartition(".")
        if new != old and parent and package.as_posix().endswith(parent.replace(".", "/")):
            packages.setdefault(package.as_posix(), {})[old] = new
    return packages


def narrowed_tables(
    repo: Path, shims: Sequence[tuple[str, str]], texts: dict[str, str]
) -> dict[str, tuple[str, list[str]]]:
    """Each file of a package whose lazy tables name a retired shim's old name -> (its narrowed source, the names).

    ``texts`` holds the source of a file already edited (a binding stripped); others are read from ``repo``."""
    done: dict[str, tuple[str, list[str]]] = {}
    gone = {path for path, _ in shims}
    for package, renamed in sorted(_retired_names(shims).items()):
        for path in sorted([*(repo / package).glob("*.py"), *(repo / package).glob("*.pyi")]):
            rel = path.relative_to(repo).as_posix()
            if rel in gone:
                continue
            try:
                text = texts[rel] if rel in texts else path.read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            narrowed, names = narrow_tables(text, renamed, init=path.stem == "__init__", path=rel)
            if names:
                done[rel] = (narrowed, names)
    return done


def contract_steps(config: Config) -> tuple[list[ContractStep], list[dict[str, Any]]]:
    """The contract SQL of every planned ENUM consolidation, from the configured schema.

    Returns:
        The steps in apply order and the groups they contract; empty without a configured database.

    Raises:
        planner.errors.InputError / codemods.errors.CodemodError: the schema cannot be read or built (exit 2).
    """
    if not (config.database.schema or config.database.dsn):
        return [], []
    from codemods.enum_sql import generate
    from planner.database import load_schema
    from planner.enums_plan import plan_consolidations

    # The schema files describe the database before the migration; a live database read now has
    # been expanded and switched already, so the files, when there are any, are the source.
    source = replace(config, database=replace(config.database, dsn=None)) if config.database.schema else config
    schema = load_schema(source)
    plans = plan_consolidations(config, schema)
    steps = [
        ContractStep(s.stem, s.up, s.down, s.dialect)
        for s in generate(plans, schema, schema.dialect)
        if s.name.startswith("contract")
    ]
    return steps, [p.to_json() for p in plans]


def plan_retirement(config: Config) -> Retirement:
    """What retire would do now (the dry run)."""
    steps, groups = contract_steps(config)
    shims, bindings, ignores = find_shim_files(config)
    tables = [(p, n) for p, (_, names) in narrowed_tables(config.root, shims, {}).items() for n in names]
    return Retirement(
        tuple(shims),
        tuple(steps),
        tuple(groups),
        bindings=tuple(bindings),
        ignores=tuple(ignores),
        tables=tuple(tables),
    )


def _batch_id(journal: Journal, prefix: str) -> str:
    taken = {m.batch_id for m in journal.entries()} if journal.store.root.is_dir() else set()
    number = 1
    while f"{prefix}-{number}" in taken:
        number += 1
    return f"{prefix}-{number}"


def sql_digest(steps: Sequence[ContractStep]) -> str:
    """sha256 of the contract SQL, recorded with the migration."""
    return hashlib.sha256("\n".join(s.up + "\0" + s.down for s in steps).encode()).hexdigest()


def retire(
    repo: Path,
    config: Config,
    plan: Retirement,
    *,
    sql_dir: str,
    run_sql: bool,
    executor: SqlExecutor | None,
    warn: Callable[[str], None] | None = None,
) -> Retirement:
    """Perform ``plan``: one journaled batch for the shims, one for the contract SQL.

    Returns:
        The retirement with the journal batch ids and the SQL mode/files.

    Raises:
        rollback.RollbackError: the journal refused a batch (drift, lock, failure: the tree is as before it).
        codemods.errors.EditedBlock: a binding Guardian wrote was edited by hand (nothing is written).
    """
    journal = Journal(repo, warn=warn)
    batches: list[str] = []
    if plan.shims or plan.bindings or plan.ignores:
        batch = _batch_id(journal, "retire-shims")
        inits = sorted({path for path, _ in plan.bindings})
        texts = {p: strip_bindings((repo / p).read_bytes().decode("utf-8"), p) for p in inits}
        texts |= {p: text for p, (text, _) in narrowed_tables(repo, plan.shims, texts).items()}
        stripped: list[Write | Delete] = [Write(p, text.encode("utf-8")) for p, text in sorted(texts.items())]
        for path in plan.ignores:
            rest = strip_ignored((repo / path).read_bytes().decode("utf-8"))
            stripped.append(Delete(path) if rest is None else Write(path, rest.encode("utf-8")))
        journal.apply(
            batch,
            [*(Delete(path) for path, _ in plan.shims), *stripped],
            kind="retire-shims",
            description=f"remove {len(plan.shims)} compatibility shim(s)"
            + (f" and {len(plan.bindings)} binding(s)" if plan.bindings else ""),
        )
        batches.append(batch)
    mode, files = "none", []
    if plan.contract and run_sql:
        batch = _batch_id(journal, "retire-contract")
        up = "\n".join(s.up for s in plan.contract)
        down = "\n".join(s.down for s in reversed(plan.contract))
        journal.apply(
            batch,
            [],
            kind="enum-contract",
            description="contract the ENUM consolidation",
            sql=SqlChange(up, down, redact(config.database.dsn or "")),
            executor=executor,
        )
        batches.append(batch)
        mode = "ran"
    elif plan.contract:
        directory = sql_dir.strip("/")
        writes = []
        for step in plan.contract:
            for direction, text in (("up", step.up), ("down", step.down)):
                files.append(f"{directory}/{step.stem}.{direction}.sql")
                writes.append(Write(files[-1], text.encode("utf-8")))
        batch = _batch_id(journal, "retire-contract-sql")
        journal.apply(batch, writes, kind="enum-contract-sql", description="write the ENUM contract SQL")
        batches.append(batch)
        mode = "written"
    return Retirement(
        plan.shims,
        plan.contract,
        plan.groups,
        tuple(batches),
        mode,
        tuple(files),
        plan.bindings,
        plan.ignores,
        plan.tables,
    )
