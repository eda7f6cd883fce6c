"""The tracking store's core: phases, tasks and the run log, each write one transaction.

:class:`Store` knows rows, not commands; :class:`guardian.tracking.tracker.Tracker` adds what each
command records. Times are UTC ISO-8601 text with microseconds (they sort as text on every backend).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from guardian.tracking.backend import Backend, Cursor
from guardian.tracking.schema import migrate
from guardian.workflow.machine import (
    Blocked,
    Completed,
    PhaseEvent,
    PhaseMove,
    PhaseStatus,
    Refusal,
    Reopened,
    Started,
    advance,
)
from guardian.workflow.phases import BLOCKED, COMPLETE, NOT_STARTED, PHASES
from planner.redact import MASK, is_secret_key, redact

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The default clock: now, in UTC."""
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """The stored form of a time: ``2026-11-23T10:00:00.000000Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_stamp(text: str) -> datetime:
    """The inverse of :func:`stamp`.

    Raises:
        ValueError: ``text`` is not a stored time.
    """
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def short(text: str | None) -> str | None:
    """A stored time for people and ``--json``: ``2026-11-23T10:00:00Z``."""
    return None if text is None else text[:19] + "Z"


@dataclass(frozen=True)
class PhaseState:
    number: int
    name: str
    lead: str
    status: str
    started_at: str | None
    completed_at: str | None
    note: str | None


@dataclass(frozen=True)
class Task:
    id: int
    phase: int
    kind: str
    ref: str
    title: str
    status: str
    detail: str | None
    blocked_since: str | None
    updated_at: str


@dataclass(frozen=True)
class Event:
    """One line of the run log: what a command did, with its full JSON payload."""

    id: int
    at: str
    command: str
    kind: str
    summary: str
    payload: Any


class Store:
    """Phases, tasks and events of one tracking database (the tables of one ``v<N>_`` prefix)."""

    def __init__(
        self, backend: Backend, *, version: int = 7, leads: Mapping[int, str] | None = None, clock: Clock = utc_now
    ) -> None:
        self.backend = backend
        self.version = version
        self.prefix = f"v{version}_"
        self.clock = clock
        self.leads = dict(leads or {})
        with self.tx() as cur:
            migrate(cur, self.prefix, backend.dialect, self.now())
            self._seed_phases(cur)

    # -- plumbing --------------------------------------------------------------------------------
    def now(self) -> str:
        """The clock's time, in the stored form."""
        return stamp(self.clock())

    @contextmanager
    def tx(self) -> Iterator[Cursor]:
        """A write transaction (see :meth:`Backend.transaction`)."""
        with self.backend.transaction() as cur:
            yield cur

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run one statement (``{p}`` stands for the table prefix) in its own transaction.

        Returns:
            Its rows.

        Raises:
            TrackingError: the database refused it.
        """
        with self.tx() as cur:
            cur.execute(sql.replace("{p}", self.prefix), params)
            return cur.fetchall()

    def insert(self, cur: Cursor, table: str, values: Mapping[str, Any]) -> int:
        """Insert one row and return its id (``RETURNING`` works on SQLite >= 3.35 and PostgreSQL)."""
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cur.execute(
            f"INSERT INTO {table.replace('{p}', self.prefix)} ({columns}) VALUES ({marks}) RETURNING id",
            tuple(values.values()),
        )
        return int(cur.fetchall()[0][0])

    def close(self) -> None:
        """Close the connection (the tracker is unusable afterwards)."""
        self.backend.close()

    # -- phases ----------------------------------------------------------------------------------
    def _seed_phases(self, cur: Cursor) -> None:
        cur.execute(f"SELECT phase, lead FROM {self.prefix}migration_workflow")
        have = dict(cur.fetchall())
        for phase in PHASES:
            lead = self.leads.get(phase.number, phase.lead)
            if phase.number not in have:
                cur.execute(
                    f"INSERT INTO {self.prefix}migration_workflow (phase, name, lead, status, updated_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (phase.number, phase.name, lead, NOT_STARTED, self.now()),
                )
            elif have[phase.number] != lead:
                cur.execute(
                    f"UPDATE {self.prefix}migration_workflow SET lead = ? WHERE phase = ?", (lead, phase.number)
                )

    def phases(self) -> list[PhaseState]:
        """The seven phases, in order."""
        rows = self.query(
            "SELECT phase, name, lead, status, started_at, completed_at, note FROM {p}migration_workflow ORDER BY phase"
        )
        return [PhaseState(*row) for row in rows]

    def phase(self, number: int) -> PhaseState:
        """One phase's state (1-7)."""
        return next(p for p in self.phases() if p.number == number)

    def move(self, cur: Cursor, event: PhaseEvent) -> None:
        """Apply what ``event`` does to the phases (the pure rules of guardian.workflow.machine) inside
        the caller's transaction.

        Raises:
            ValueError: the machine refused the event (a caller's bug: an unknown phase or outcome).
        """
        cur.execute(f"SELECT phase, status, note FROM {self.prefix}migration_workflow")
        state = {int(number): PhaseStatus(status, note) for number, status, note in cur.fetchall()}
        moves = advance(state, event)
        if isinstance(moves, Refusal):
            raise ValueError(f"tracking: {moves.reason}")
        for move in moves:
            self._write_phase(cur, move)

    def _write_phase(self, cur: Cursor, move: PhaseMove) -> None:
        """Store a move: any move starts the phase (first start time kept); COMPLETE stamps the
        completion and closes its blocked tasks, any other status clears the completion time."""
        now = self.now()
        completed = now if move.status == COMPLETE else None
        cur.execute(
            f"UPDATE {self.prefix}migration_workflow SET status = ?, started_at = COALESCE(started_at, ?), "
            "completed_at = ?, updated_at = ?, note = ? WHERE phase = ?",
            (move.status, now, completed, now, move.note, move.phase),
        )
        if move.status == COMPLETE:
            cur.execute(
                f"UPDATE {self.prefix}subworkflow_tasks SET status = ?, updated_at = ?, blocked_since = NULL "
                "WHERE phase = ? AND status = ?",
                (COMPLETE, now, move.phase, BLOCKED),
            )

    def start_phase(self, number: int, note: str | None = None) -> None:
        """Mark a phase IN_PROGRESS unless it is already under way or complete (a re-run keeps COMPLETE)."""
        with self.tx() as cur:
            self.move(cur, Started(number, note))

    def complete_phase(self, number: int, note: str | None = None) -> None:
        """Mark a phase COMPLETE now (its blocked tasks close)."""
        with self.tx() as cur:
            self.move(cur, Completed(number, note))

    def reopen_phase(self, number: int, note: str | None = None) -> None:
        """Back to IN_PROGRESS (e.g. a batch was reverted after phase 5 completed)."""
        with self.tx() as cur:
            self.move(cur, Reopened(number, note))

    # -- tasks -----------------------------------------------------------------------------------
    def upsert_task(
        self, cur: Cursor, phase: int, kind: str, ref: str, title: str, status: str, detail: str | None = None
    ) -> None:
        """Create or update the task ``(phase, kind, ref)``; BLOCKED keeps the time it first blocked."""
        now = self.now()
        cur.execute(
            f"SELECT status, blocked_since FROM {self.prefix}subworkflow_tasks "
            "WHERE phase = ? AND kind = ? AND ref = ?",
            (phase, kind, ref),
        )
        rows = cur.fetchall()
        if status == BLOCKED:
            since = rows[0][1] if rows and rows[0][0] == BLOCKED and rows[0][1] else now
        else:
            since = None
        if rows:
            cur.execute(
                f"UPDATE {self.prefix}subworkflow_tasks SET title = ?, status = ?, detail = ?, "
                "blocked_since = ?, updated_at = ? WHERE phase = ? AND kind = ? AND ref = ?",
                (title, status, detail, since, now, phase, kind, ref),
            )
        else:
            cur.execute(
                f"INSERT INTO {self.prefix}subworkflow_tasks (phase, kind, ref, title, status, detail, "
                "blocked_since, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (phase, kind, ref, title, status, detail, since, now, now),
            )

    def block(self, phase: int, kind: str, ref: str, title: str, detail: str) -> None:
        """Record a blocker: the task is BLOCKED (escalated by age) and so is its phase."""
        with self.tx() as cur:
            self.upsert_task(cur, phase, kind, ref, title, BLOCKED, detail)
            self.move(cur, Blocked(phase, title))

    def tasks(self, *, status: str | None = None, phase: int | None = None) -> list[Task]:
        """Tasks, optionally of one status and/or phase, by phase then creation."""
        sql = (
            "SELECT id, phase, kind, ref, title, status, detail, blocked_since, updated_at "
            "FROM {p}subworkflow_tasks WHERE 1 = 1"
        )
        params: list[Any] = []
        if status is not None:
            sql += " AND status = ?"
            params.append(status)
        if phase is not None:
            sql += " AND phase = ?"
            params.append(phase)
        return [Task(*row) for row in self.query(sql + " ORDER BY phase, id", tuple(params))]

    # -- the run log -----------------------------------------------------------------------------
    def log(self, cur: Cursor, command: str, kind: str, summary: str, payload: Any = None) -> int:
        """Append to the run log inside the caller's transaction; returns the event id. Every string is
        redacted first (planner.redact): no DSN password is ever stored, whatever the caller passed."""
        return self.insert(
            cur,
            "{p}events",
            {
                "at": self.now(),
                "command": command,
                "kind": kind,
                "summary": redact(summary),
                "payload": None if payload is None else json.dumps(_redacted(payload), default=str),
            },
        )

    @contextmanager
    def logged(self, command: str, kind: str, summary: str, payload: Any = None) -> Iterator[tuple[Cursor, int]]:
        """A write transaction that starts with a line of the run log (:meth:`log`): what a command
        records goes in with the event that says so, or nothing does. Yields the cursor and the event id."""
        with self.tx() as cur:
            yield cur, self.log(cur, command, kind, summary, payload)

    def record_event(self, command: str, kind: str, summary: str, payload: Any = None) -> int:
        """Append one line to the run log.

        Returns:
            The event id (events are totally ordered by id across processes).
        """
        with self.logged(command, kind, summary, payload) as (_cur, event):
            return event

    def events(self, kind: str | None = None, *, limit: int | None = None) -> list[Event]:
        """Events, newest first."""
        sql = "SELECT id, at, command, kind, summary, payload FROM {p}events"
        params: tuple[Any, ...] = ()
        if kind is not None:
            sql += " WHERE kind = ?"
            params = (kind,)
        sql += " ORDER BY id DESC" + (f" LIMIT {int(limit)}" if limit else "")
        return [
            Event(i, at, c, k, s, None if p is None else json.loads(p)) for i, at, c, k, s, p in self.query(sql, params)
        ]

    def latest(self, kind: str) -> Event | None:
        """The newest event of ``kind``, or None."""
        found = self.events(kind, limit=1)
        return found[0] if found else None


def _redacted(value: Any) -> Any:
    """``value`` with every string in it (keys too) passed through :func:`planner.redact.redact`."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redact(str(k)): MASK if is_secret_key(str(k)) and v else _redacted(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_redacted(v) for v in value]
    return value
