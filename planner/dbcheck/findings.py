"""What the code ↔ database check reports: one :class:`Finding` per mismatch, and which are new.

Kinds (``KINDS``):

* ``unknown-table`` — SQL, a model or a ``ForeignKey`` names a table (or view) the database lacks;
* ``unknown-column`` — a column SQLGlot's optimizer (``qualify`` against the schema) cannot place,
  a qualified column its table lacks, an INSERT/UPDATE column the target lacks, a ``ForeignKey`` target;
* ``unknown-label`` — a literal compared with / assigned to an enum column (or cast to an enum type),
  or a label an ORM ``Enum``/``choices`` binds, that is not a label of the column's type;
* ``model-column-missing`` — a model column the table lacks; ``db-column-unmapped`` — the reverse
  (a complete model lacks a database column);
* ``nullability-mismatch``, ``type-mismatch`` — a model column against its database column
  (types compared by family: integer, text, decimal, datetime ...; ``Enum(name=...)`` against the type);
* ``positional-insert`` — ``INSERT`` without a column list; ``positional-select`` — ``SELECT *`` whose
  rows the code reads by position (both break when columns are added or reordered);
* ``stale-after-switch`` — an ENUM consolidation's ``switch`` is applied, yet the code still names
  the old column or the old type.

SQL that does not parse, or is built from pieces Guardian cannot spell out, is *opaque*: listed
with its location, never a finding.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from planner.config import FINDING_KINDS, AcceptedFinding

KINDS = FINDING_KINDS


@dataclass(frozen=True)
class Finding:
    """One mismatch between the code and the database."""

    kind: str
    path: str
    line: int
    excerpt: str
    database: str
    hint: str
    #: What the finding is about, independent of where it is (``orders.customer_id``): its identity
    #: across renames and line moves, with the kind and the excerpt.
    subject: str
    accepted: str | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}|{self.subject}|{' '.join(self.excerpt.split()).lower()}"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "path": self.path,
            "line": self.line,
            "excerpt": self.excerpt,
            "database": self.database,
            "hint": self.hint,
            "subject": self.subject,
            "accepted": self.accepted is not None,
            "reason": self.accepted,
        }


AcceptRule = AcceptedFinding


def accepts(rule: AcceptedFinding, finding: Finding) -> bool:
    """Whether ``rule`` (kind or ``*``; a path or glob) covers ``finding``."""
    return rule.kind in (finding.kind, "*") and (
        finding.path == rule.path or fnmatch.fnmatchcase(finding.path, rule.path)
    )


class ResultCache(Protocol):
    """A port: what a repeated check reuses (planner/dbcheck/reuse.py: the schema read from DDL, a
    file's SQL sites, a statement's or a model's findings), kept across runs (guardian/dbcheck_cache.py).

    A value is a list of rows of strings; keys digest every input of the value."""

    def lookup(self, key: str) -> list[list[str]] | None: ...

    def store(self, key: str, rows: list[list[str]]) -> None: ...


class MemoryResultCache:
    """A :class:`ResultCache` kept in memory for one process (a library caller, the tests, bench/),
    counting the look-ups it answered."""

    def __init__(self) -> None:
        self.entries: dict[str, list[list[str]]] = {}
        self.hits = 0

    def lookup(self, key: str) -> list[list[str]] | None:
        found = self.entries.get(key)
        self.hits += found is not None
        return found

    def store(self, key: str, rows: list[list[str]]) -> None:
        self.entries[key] = rows


@dataclass(frozen=True)
class Switched:
    """An ENUM consolidation whose ``switch`` is applied (and ``contract`` not yet): its old types."""

    canonical: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class CodeCheck:
    """The result of one check: its findings, the SQL it could not read, and what it read."""

    findings: tuple[Finding, ...] = ()
    opaque: tuple[dict[str, Any], ...] = ()
    sql_sites: int = 0
    models: int = 0
    unreadable: tuple[str, ...] = ()

    @property
    def open(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.accepted is None)

    def to_json(self) -> dict[str, Any]:
        return {
            "findings": [f.to_json() for f in self.findings],
            "opaque": list(self.opaque),
            "sql_sites": self.sql_sites,
            "models": self.models,
            "unreadable": list(self.unreadable),
        }


def excerpt_of(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def finish(raw: Iterable[Finding], accept: Sequence[AcceptRule] = ()) -> tuple[Finding, ...]:
    """Findings sorted by path, line, kind; one per (kind, place, subject); accepted ones marked."""
    findings = []
    seen: set[tuple[str, str, int, str]] = set()
    for finding in sorted(raw, key=lambda f: (f.path, f.line, f.kind, f.subject)):
        ident = (finding.kind, finding.path, finding.line, finding.subject)
        if ident in seen:
            continue
        seen.add(ident)
        rule = next((r for r in accept if accepts(r, finding)), None)
        findings.append(replace(finding, accepted=rule.reason) if rule else finding)
    return tuple(findings)


def new_since(current: Iterable[Finding], baseline: Iterable[Mapping[str, Any]]) -> list[Finding]:
    """Open findings of ``current`` that the baseline (an assessment's JSON findings) does not hold.

    Identity is kind + subject + excerpt, counted: renames and moved lines do not make a finding new,
    a second copy of the same mistake does.
    """
    counts: dict[str, int] = {}
    for item in baseline:
        key = f"{item.get('kind')}|{item.get('subject')}|{' '.join(str(item.get('excerpt', '')).split()).lower()}"
        counts[key] = counts.get(key, 0) + 1
    out = []
    for finding in current:
        if finding.accepted is not None:
            continue
        if counts.get(finding.key, 0) > 0:
            counts[finding.key] -= 1
            continue
        out.append(finding)
    return out
