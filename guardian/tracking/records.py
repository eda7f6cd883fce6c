"""The rows the commands store and read back: approvals, ENUM migrations, check results, batches
and the file audit. :class:`Records` adds them to the phases, tasks and run log of
:class:`~guardian.tracking.tracking_store.Store`; :class:`~guardian.tracking.tracker.Tracker` adds what each
command records and the phase moves that follow.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from guardian.tracking.backend import Cursor
from guardian.tracking.tracking_store import Event, Store

#: Statuses a check of ``validate`` (or a baseline measurement) can have.
CHECK_STATUSES = ("pass", "fail", "skip")


@dataclass(frozen=True)
class Approval:
    batch_id: int
    digest: str
    role: str
    approver: str
    approved_at: str


@dataclass(frozen=True)
class CheckRecord:
    """One stored check result of a validate run or a baseline."""

    check: str
    status: str
    detail: str
    metrics: Mapping[str, Any]
    duration: float | None

    @classmethod
    def timed(cls, name: str, passed: bool | None, detail: str, started: float, **metrics: object) -> CheckRecord:
        """The record of a check that began at ``started`` (``time.monotonic()``) and ends now; ``passed`` None is
        a skip."""
        status = "skip" if passed is None else ("pass" if passed else "fail")
        return cls(name, status, detail, dict(metrics), round(time.monotonic() - started, 3))


@dataclass(frozen=True)
class EnumRecord:
    canonical: str
    members: tuple[str, ...]
    step: str
    status: str
    sql_digest: str | None
    detail: str | None
    recorded_at: str


class Records(Store):
    """The tracking database's rows other than phases, tasks and the run log."""

    def record_baseline(self, checks: Iterable[CheckRecord], *, command: str = "assess") -> int:
        """Store the performance baseline validate compares against.

        Returns:
            The run id of the baseline.
        """
        return self._record_checks("baseline", checks, command)

    def record_enum_migration(
        self,
        canonical: str,
        members: Sequence[str],
        step: str,
        status: str,
        sql_digest: str | None = None,
        detail: str | None = None,
        *,
        command: str = "enums",
    ) -> int:
        """Record one step of an ENUM migration (e.g. ``contract`` ``applied`` by retire).

        Returns:
            The event id.
        """
        with self.logged(
            command,
            "enum-step",
            f"{canonical}: {step} {status}",
            {"canonical": canonical, "members": list(members), "step": step, "status": status},
        ) as (cur, event):
            self._enum(cur, event, canonical, members, step, status, sql_digest, detail)
            return event

    def _global_impacts(self, cur: Cursor, event: int, batch: Mapping[str, Any]) -> None:
        """A row per rename of a planned batch: what it moves, who imports it, what else it touches."""
        digest = str(batch.get("digest", ""))
        impact_files = json.dumps(batch.get("impact", {}).get("files", []))  # the batch's: once per batch
        for rename in batch.get("renames", []):
            self.insert(
                cur,
                "{p}global_impacts",
                {
                    "event_id": event,
                    "batch_id": int(batch["id"]),
                    "batch_digest": digest,
                    "old_module": rename["old_module"],
                    "new_module": rename["new_module"],
                    "old_path": rename["old"],
                    "new_path": rename["new"],
                    "importers": json.dumps(rename.get("importers", [])),
                    "impact_files": impact_files,
                    "risks": json.dumps(rename.get("risks", [])),
                    "recorded_at": self.now(),
                },
            )

    def approvals(self, batch_id: int | None = None) -> list[Approval]:
        """Every approval recorded (of one batch), oldest first, whatever digest it was given to."""
        sql = "SELECT batch_id, batch_digest, role, approver, approved_at FROM {p}approvals"
        params: tuple[Any, ...] = ()
        if batch_id is not None:
            sql += " WHERE batch_id = ?"
            params = (batch_id,)
        return [Approval(*row) for row in self.query(sql + " ORDER BY id", params)]

    def enum_migrations(self) -> list[EnumRecord]:
        """Every ENUM migration record, oldest first."""
        rows = self.query(
            "SELECT canonical, members, step, status, sql_digest, detail, recorded_at "
            "FROM {p}enum_migrations ORDER BY id"
        )
        return [EnumRecord(c, tuple(json.loads(m)), s, st, d, det, at) for c, m, s, st, d, det, at in rows]

    def _batch_states(self, cur: Cursor) -> dict[str, str]:
        """The last recorded status of every rename batch."""
        cur.execute(f"SELECT payload FROM {self.prefix}events WHERE kind = 'batch' ORDER BY id")
        states: dict[str, str] = {}
        for (payload,) in cur.fetchall():
            data = json.loads(payload)
            if data.get("kind") == "rename" and data.get("status") in ("applied", "reverted"):
                states[str(data["batch"])] = data["status"]
        return states

    def batch_states(self) -> dict[str, str]:
        """Batch id -> its last recorded status (``applied`` or ``reverted``)."""
        with self.tx() as cur:
            return self._batch_states(cur)

    def _record_checks(self, kind: str, checks: Iterable[CheckRecord], command: str) -> int:
        checks = list(checks)
        for check in checks:
            if check.status not in CHECK_STATUSES:
                raise ValueError(f"check {check.check}: status {check.status!r} is not one of {CHECK_STATUSES}")
        failed = sum(c.status == "fail" for c in checks)
        with self.logged(
            command,
            kind,
            f"{len(checks)} checks, {failed} failed",
            {"checks": [c.check for c in checks], "failed": failed},
        ) as (cur, run):
            for check in checks:
                self.insert(
                    cur,
                    "{p}test_results",
                    {
                        "run_id": run,
                        "kind": kind,
                        "check_name": check.check,
                        "status": check.status,
                        "detail": check.detail,
                        "metrics": json.dumps(dict(check.metrics)),
                        "duration": check.duration,
                        "recorded_at": self.now(),
                    },
                )
            return run

    def results(self, run_id: int) -> list[CheckRecord]:
        """The checks of one validate run or baseline, in the order they ran."""
        rows = self.query(
            "SELECT check_name, status, detail, metrics, duration FROM {p}test_results WHERE run_id = ? ORDER BY id",
            (run_id,),
        )
        return [CheckRecord(c, s, d, json.loads(m or "{}"), dur) for c, s, d, m, dur in rows]

    def latest_run(self, kind: str) -> tuple[Event, list[CheckRecord]] | None:
        """The newest ``validate`` or ``baseline`` run and its checks."""
        event = self.latest(kind)
        return None if event is None else (event, self.results(event.id))

    # -- rows -----------------------------------------------------------------------------------
    def _audit(
        self, cur: Cursor, event: int, command: str, path: str, module: str | None, action: str, detail: str | None
    ) -> None:
        self.insert(
            cur,
            "file_audit",
            {
                "version": self.version,
                "event_id": event,
                "recorded_at": self.now(),
                "command": command,
                "path": path,
                "module": module,
                "action": action,
                "detail": detail,
            },
        )

    def _enum_groups(
        self,
        cur: Cursor,
        event: int,
        groups: Iterable[Mapping[str, Any]],
        step: str,
        status: str,
        digest: str | None,
        detail: str | None,
    ) -> None:
        """One ENUM step row per group of a generated file set (its canonical type and its members)."""
        for group in groups:
            members = group.get("merge", group.get("members", []))
            self._enum(cur, event, str(group.get("canonical")), members, step, status, digest, detail)

    def _enum(
        self,
        cur: Cursor,
        event: int,
        canonical: str,
        members: Iterable[Any],
        step: str,
        status: str,
        digest: str | None,
        detail: str | None,
    ) -> None:
        self.insert(
            cur,
            "{p}enum_migrations",
            {
                "event_id": event,
                "canonical": canonical,
                "members": json.dumps([str(m) for m in members]),
                "step": step,
                "status": status,
                "sql_digest": digest,
                "detail": detail,
                "recorded_at": self.now(),
            },
        )

    def _latest_payload(self, cur: Cursor, kind: str) -> Any:
        cur.execute(f"SELECT payload FROM {self.prefix}events WHERE kind = ? ORDER BY id DESC LIMIT 1", (kind,))
        rows = cur.fetchall()
        return json.loads(rows[0][0]) if rows and rows[0][0] else None

    def file_audit(self, path: str | None = None) -> list[tuple[str, str, str | None]]:
        """``(path, action, detail)`` rows of this version, oldest first."""
        sql = "SELECT path, action, detail FROM file_audit WHERE version = ?"
        params: tuple[Any, ...] = (self.version,)
        if path is not None:
            sql += " AND path = ?"
            params += (path,)
        return [(str(p), str(a), None if d is None else str(d)) for p, a, d in self.query(sql + " ORDER BY id", params)]
