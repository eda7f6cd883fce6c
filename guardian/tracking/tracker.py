"""What each command records, and the phase moves that follow from it (one transaction each).

Commands call ``app.tracker.record_<thing>(...)``; every method writes the run log, the seed's
table it concerns and the phase state together, so a reader never sees half of a record. Which
phase moves follow is not decided here: each method hands the machine an event
(``guardian/workflow/machine.py``, pure) and stores the moves it returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from guardian.tracking.backend import Cursor
from guardian.tracking.records import CheckRecord, Records
from guardian.tracking.tracking_store import Clock, utc_now
from guardian.workflow.machine import (
    Assessed,
    BatchRecorded,
    EnumSqlGenerated,
    EnumVerified,
    Planned,
    Retired,
    Reviewed,
    Validated,
)
from guardian.workflow.phases import BLOCKED, COMPLETE, IN_PROGRESS, NOT_STARTED


class Tracker(Records):
    """The tracking database as the commands see it."""

    def __init__(
        self,
        backend: Any,
        *,
        version: int = 7,
        leads: Mapping[int, str] | None = None,
        required_roles: Sequence[str] = (),
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(backend, version=version, leads=leads, clock=clock)
        self.required_roles = tuple(required_roles)

    # -- phase 1 ---------------------------------------------------------------------------------
    def record_assessment(self, report: Mapping[str, Any], *, command: str = "assess") -> int:
        """Store an ``assess --json`` report, audit every module, note duplicate ENUMs; phase 1 completes.

        Returns:
            The event id of the assessment.
        """
        compliance = report.get("compliance", {})
        database = report.get("database") or {}
        duplicates = list(database.get("duplicate_enums", []))
        summary = (
            f"compliance {compliance.get('percent', 0)}% ({compliance.get('compliant', 0)}/"
            f"{compliance.get('modules', 0)} modules); {len(duplicates)} duplicate ENUM group(s)"
        )
        if "code_findings" in database:
            open_findings = [f for f in database["code_findings"] if not f.get("accepted")]
            summary += f"; {len(open_findings)} code ↔ database finding(s)"
        with self.logged(command, "assessment", summary, report) as (cur, event):
            noncompliant = {n.get("path"): n for n in compliance.get("noncompliant", [])}
            for placement in report.get("layers", []):
                path = placement.get("path")
                if path in noncompliant:
                    continue
                self._audit(cur, event, command, path, placement.get("module"), "compliant", None)
            for path, item in noncompliant.items():
                self._audit(cur, event, command, str(path), item.get("module"), "noncompliant", item.get("reason"))
            for group in duplicates:
                self._enum(
                    cur,
                    event,
                    str(group.get("canonical")),
                    group.get("members", []),
                    "detect",
                    "detected",
                    None,
                    str(group.get("why", "")),
                )
            self.move(cur, Assessed(summary))
            return event

    # -- phase 2 ---------------------------------------------------------------------------------
    def record_plan(self, plan: Mapping[str, Any], *, command: str = "plan") -> int:
        """Store a plan (docs/design.md's plan.json), each rename's global impact and a task per batch.

        Phase 2 completes when the plan has no conflicts, else it is BLOCKED until re-planned.

        Returns:
            The event id of the plan.
        """
        batches = list(plan.get("batches", []))
        conflicts = list(plan.get("conflicts", []))
        renames = sum(len(b.get("renames", [])) for b in batches)
        summary = f"{renames} renames in {len(batches)} batches, {len(conflicts)} conflict(s)"
        with self.logged(command, "plan", summary, plan) as (cur, event):
            for batch in batches:
                self._global_impacts(cur, event, batch)
                self._batch_task(cur, 3, "approve", batch, f"approve batch {batch['id']}")
                self._batch_task(cur, 5, "batch", batch, f"apply batch {batch['id']}")
            if conflicts:
                detail = "; ".join(f"[{c.get('kind')}] {c.get('old')}" for c in conflicts[:5])
                self.upsert_task(
                    cur, 2, "conflicts", "plan", f"resolve {len(conflicts)} plan conflict(s)", BLOCKED, detail
                )
            else:
                self.upsert_task(cur, 2, "conflicts", "plan", "resolve plan conflicts", COMPLETE, None)
            self.move(cur, Planned(summary, len(conflicts), len(plan.get("enums") or [])))
            self._sync_review(cur, plan)
            return event

    def _batch_task(self, cur: Cursor, phase: int, kind: str, batch: Mapping[str, Any], title: str) -> None:
        """A task per batch; re-planning resets it only when the batch's content (digest) changed."""
        ref, digest = str(batch["id"]), str(batch.get("digest", ""))
        cur.execute(
            f"SELECT detail FROM {self.prefix}subworkflow_tasks WHERE phase = ? AND kind = ? AND ref = ?",
            (phase, kind, ref),
        )
        rows = cur.fetchall()
        if not rows or rows[0][0] != digest:
            self.upsert_task(cur, phase, kind, ref, title, NOT_STARTED, digest)

    # -- phase 3 ---------------------------------------------------------------------------------
    def record_approval(
        self,
        batch_id: int,
        digest: str,
        role: str,
        approver: str,
        *,
        command: str = "approve",
        plan: Mapping[str, Any] | None = None,
    ) -> int:
        """Record that ``approver`` approved batch ``batch_id`` (as it is now: ``digest``) as ``role``.

        Phase 3 follows the approvals of ``plan`` (the plan approved from; default the last recorded one).

        Returns:
            The event id.
        """
        with self.logged(
            command,
            "approval",
            f"batch {batch_id} approved by {approver} as {role}",
            {"batch": batch_id, "digest": digest, "role": role, "by": approver},
        ) as (cur, event):
            cur.execute(
                f"SELECT id FROM {self.prefix}approvals WHERE batch_id = ? AND batch_digest = ? AND role = ? "
                "AND approver = ?",
                (batch_id, digest, role, approver),
            )
            if not cur.fetchall():
                self.insert(
                    cur,
                    "{p}approvals",
                    {
                        "batch_id": batch_id,
                        "batch_digest": digest,
                        "role": role,
                        "approver": approver,
                        "approved_at": self.now(),
                    },
                )
            plan = plan if plan is not None else self._latest_payload(cur, "plan")
            if plan is not None:
                self._sync_review(cur, plan)
            return event

    def _sync_review(self, cur: Cursor, plan: Mapping[str, Any]) -> None:
        """Phase 3 and its batch tasks follow the approvals of the current plan's batches (by digest)."""
        cur.execute(f"SELECT batch_id, batch_digest, role FROM {self.prefix}approvals")
        have: dict[tuple[int, str], set[str]] = {}
        for batch_id, digest, role in cur.fetchall():
            have.setdefault((int(batch_id), digest), set()).add(role)
        batches = list(plan.get("batches", []))
        complete = 0
        for batch in batches:
            roles = have.get((int(batch["id"]), str(batch.get("digest", ""))), set())
            missing = [r for r in self.required_roles if r not in roles]
            if not missing:
                complete += 1
            status = COMPLETE if not missing else (IN_PROGRESS if roles else NOT_STARTED)
            self.upsert_task(
                cur,
                3,
                "approve",
                str(batch["id"]),
                f"approve batch {batch['id']}",
                status,
                str(batch.get("digest", "")),
            )
        self.move(cur, Reviewed(len(batches), complete, any(have.values())))

    # -- phase 4 ---------------------------------------------------------------------------------
    def record_enum_sql(
        self,
        groups: Iterable[Mapping[str, Any]],
        sql_digest: str,
        files: Sequence[str] = (),
        *,
        command: str = "enums sql",
    ) -> int:
        """Record generated consolidation SQL (its digest binds a later verification to it).

        Returns:
            The event id.
        """
        groups = list(groups)
        with self.logged(
            command,
            "enum-sql",
            f"{len(files)} SQL file(s) for {len(groups)} ENUM group(s)",
            {"digest": sql_digest, "files": list(files), "groups": groups},
        ) as (cur, event):
            self._enum_groups(cur, event, groups, "generate", "generated", sql_digest, None)
            self.move(cur, EnumSqlGenerated())
            return event

    def record_enum_verify(
        self,
        sql_digest: str,
        passed: bool,
        detail: str,
        groups: Iterable[Mapping[str, Any]] = (),
        *,
        command: str = "enums verify",
    ) -> int:
        """Record an up/down/up verification of the SQL with ``sql_digest``; phase 4 completes or blocks.

        Returns:
            The event id.
        """
        status = "verified" if passed else "failed"
        with self.logged(
            command,
            "enum-verify",
            f"ENUM SQL {status}: {detail}",
            {"digest": sql_digest, "passed": passed, "detail": detail},
        ) as (cur, event):
            self._enum_groups(cur, event, groups, "verify", status, sql_digest, detail)
            if passed:
                self.upsert_task(cur, 4, "enum-verify", "sql", "verify the ENUM SQL", COMPLETE, detail)
            else:
                self.upsert_task(cur, 4, "enum-verify", "sql", "ENUM SQL verification failed", BLOCKED, detail)
            self.move(cur, EnumVerified(sql_digest, passed, detail))
            return event

    # -- phase 5 ---------------------------------------------------------------------------------
    def record_batch(
        self,
        batch_id: int | str,
        status: str,
        files: Iterable[str] = (),
        *,
        kind: str = "rename",
        digest: str | None = None,
        detail: str = "",
        command: str = "apply",
        planned: Sequence[str] | None = None,
    ) -> int:
        """Record a journaled batch: ``applied``, ``reverted``, ``failed`` or ``refused``, with its files.

        A rename batch moves its phase-5 task and phase 5 (COMPLETE once every batch of the current
        plan is applied; a revert reopens it; a failure blocks it). ``planned``: the ids of the
        current plan's batches when the caller holds that plan (else the stored plan is read: 20 MB
        of JSON at 20,000 modules).

        Returns:
            The event id.
        """
        cache: dict[str, Any] = {} if planned is None else {"planned": tuple(planned)}
        with self.tx() as cur:
            return self._record_batch(cur, batch_id, status, list(files), kind, digest, detail, command, cache)

    def record_batches(self, batches: Iterable[tuple[str, str, Sequence[str], str]], *, command: str) -> None:
        """Record several batches ``(id, status, files, kind)`` as :meth:`record_batch` does, in one
        transaction (``revert --all`` of 20 batches: one commit, and the plan read once)."""
        with self.tx() as cur:
            cache: dict[str, Any] = {}
            for batch_id, status, files, kind in batches:
                self._record_batch(cur, batch_id, status, list(files), kind, None, "", command, cache)

    def _record_batch(
        self,
        cur: Cursor,
        batch_id: int | str,
        status: str,
        files: list[str],
        kind: str,
        digest: str | None,
        detail: str,
        command: str,
        cache: dict[str, Any],
    ) -> int:
        event = self.log(
            cur,
            command,
            "batch",
            f"{kind} batch {batch_id} {status} ({len(files)} files)",
            {
                "batch": str(batch_id),
                "status": status,
                "kind": kind,
                "digest": digest,
                "files": files,
                "detail": detail,
            },
        )
        for path in files:
            self._audit(cur, event, command, path, None, f"{kind}-{status}", f"batch {batch_id}")
        if kind == "rename":
            self._sync_implementation(cur, str(batch_id), status, detail, cache)
        return event

    def _sync_implementation(self, cur: Cursor, batch_id: str, status: str, detail: str, cache: dict[str, Any]) -> None:
        title = f"apply batch {batch_id}"
        cur.execute(
            f"SELECT detail FROM {self.prefix}subworkflow_tasks WHERE phase = 5 AND kind = 'batch' AND ref = ?",
            (batch_id,),
        )
        rows = cur.fetchall()
        digest = rows[0][0] if rows else None  # the batch task keeps the digest it was planned with
        if status == "applied":
            self.upsert_task(cur, 5, "batch", batch_id, title, COMPLETE, digest)
        elif status in ("failed", "refused"):
            self.upsert_task(cur, 5, "batch", batch_id, f"batch {batch_id} {status}", BLOCKED, detail or status)
            self.move(cur, BatchRecorded(batch_id, status))
            return
        else:
            self.upsert_task(cur, 5, "batch", batch_id, title, NOT_STARTED, digest)
        if "planned" not in cache:
            stored = self._latest_payload(cur, "plan") or {}
            cache["planned"] = tuple(str(b["id"]) for b in stored.get("batches", []))
        planned = cache["planned"]
        applied = frozenset(b for b, s in self._batch_states(cur).items() if s == "applied")
        self.move(cur, BatchRecorded(batch_id, status, planned, applied))

    # -- phase 6 ---------------------------------------------------------------------------------
    def record_validation(self, checks: Iterable[CheckRecord], *, command: str = "validate") -> int:
        """Store one ``validate`` run in ``test_results``; phase 6 completes when no check failed.

        Returns:
            The run id.
        """
        checks = list(checks)
        run = self._record_checks("validate", checks, command)
        failed = tuple(c.check for c in checks if c.status == "fail")
        with self.tx() as cur:
            if failed:
                detail = "; ".join(f"{c.check}: {c.detail}" for c in checks if c.status == "fail")[:2000]
                self.upsert_task(
                    cur, 6, "validation", "validate", f"validation failed: {', '.join(failed)}", BLOCKED, detail
                )
            self.move(cur, Validated(len(checks), failed))
        return run

    # -- phase 7 ---------------------------------------------------------------------------------
    def record_retirement(self, summary: str, payload: Mapping[str, Any], *, command: str = "retire") -> int:
        """Record what retire did; phase 7 completes.

        Returns:
            The event id.
        """
        with self.logged(command, "retirement", summary, dict(payload)) as (cur, event):
            self.move(cur, Retired(summary))
            return event
