"""The manifest of one journal entry: what a batch changed, file by file, and where it stands.

``manifest.json`` is untrusted input when read back: every key is checked and every path validated,
and a problem is reported as :class:`CorruptJournal` naming the file and key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal

from failures import too_long
from rollback.errors import CorruptJournal, UnsafePath
from rollback.fsio import FileState
from rollback.paths import check_relpath

Status = Literal["started", "applied", "reverting", "reverted", "failed"]
STATUSES: tuple[str, ...] = ("started", "applied", "reverting", "reverted", "failed")
#: Where a batch's SQL stands: none, up running/applied, down running/applied.
SqlState = Literal["none", "pending", "up-running", "up-applied", "down-running", "down-applied"]
SQL_STATES: tuple[str, ...] = ("none", "pending", "up-running", "up-applied", "down-running", "down-applied")
FORMAT = 1
_SHA = re.compile(r"^[0-9a-f]{64}$")
_BATCH_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def now_iso() -> str:
    """Returns: the current time, ISO 8601 UTC with a ``Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def check_batch_id(batch_id: object) -> str:
    """Returns: the id, when usable as a directory name.

    Raises:
        UnsafePath: not 1-100 characters of letters, digits, ``.``, ``_``, ``-`` starting with a letter/digit.
    """
    if not isinstance(batch_id, str) or not _BATCH_ID.match(batch_id) or batch_id.endswith("."):
        raise UnsafePath(
            str(batch_id), "is not a valid batch id (letters, digits, '.', '_', '-'; starting with a letter or digit)"
        )
    return batch_id


@dataclass(frozen=True)
class FileRecord:
    """One path's state before and after a batch (sha256 None = absent). ``old_path``: renamed from."""

    path: str
    before_sha256: str | None
    after_sha256: str | None
    before_mode: int | None
    after_mode: int | None
    old_path: str | None = None

    @property
    def before(self) -> FileState | None:
        if self.before_sha256 is None or self.before_mode is None:
            return None
        return FileState(self.before_sha256, self.before_mode)

    @property
    def after(self) -> FileState | None:
        if self.after_sha256 is None or self.after_mode is None:
            return None
        return FileState(self.after_sha256, self.after_mode)

    def state(self, side: Literal["before", "after"]) -> FileState | None:
        """Returns: the state on ``side``."""
        return self.before if side == "before" else self.after

    @property
    def change(self) -> str:
        """Returns: created, deleted, renamed, modified or mode."""
        if self.old_path is not None:
            return "renamed"
        if self.before is None:
            return "created"
        if self.after is None:
            return "deleted"
        return "modified" if self.before_sha256 != self.after_sha256 else "mode"

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "old_path": self.old_path,
            "change": self.change,
            "before_sha256": self.before_sha256,
            "after_sha256": self.after_sha256,
            "before_mode": None if self.before_mode is None else f"{self.before_mode:04o}",
            "after_mode": None if self.after_mode is None else f"{self.after_mode:04o}",
        }


@dataclass(frozen=True)
class Manifest:
    """A journal entry. Paths of the patch files are relative to the repository root."""

    batch_id: str
    kind: str
    description: str
    status: Status
    sequence: int
    created: str
    applied: str | None
    reverted: str | None
    base_commit: str | None
    files: tuple[FileRecord, ...]
    created_dirs: tuple[str, ...] = ()
    operations: tuple[dict[str, Any], ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    forward_patch: str = ""
    reverse_patch: str = ""
    up_sql: str | None = None
    down_sql: str | None = None
    dsn_label: str = ""
    sql_state: SqlState = "none"
    error: str | None = None
    #: set while ``revert --all`` reverts several batches as one step (newest first): recovery
    #: finishes the batches still ``reverting`` in this group together (rollback.group).
    revert_group: tuple[str, ...] = ()

    def with_status(self, status: Status, **changes: Any) -> Manifest:
        """Returns: a copy with a new status (and other fields)."""
        return replace(self, status=status, **changes)

    def to_json(self) -> dict[str, Any]:
        """Returns: the JSON form written to ``manifest.json`` and shown by ``guardian journal --json``."""
        return {
            "format": FORMAT,
            "batch_id": self.batch_id,
            "kind": self.kind,
            "description": self.description,
            "status": self.status,
            "sequence": self.sequence,
            "created": self.created,
            "applied": self.applied,
            "reverted": self.reverted,
            "base_commit": self.base_commit,
            "files": [record.to_json() for record in self.files],
            "created_dirs": list(self.created_dirs),
            "operations": list(self.operations),
            "meta": self.meta,
            "forward_patch": self.forward_patch,
            "reverse_patch": self.reverse_patch,
            "up_sql": self.up_sql,
            "down_sql": self.down_sql,
            "dsn_label": self.dsn_label,
            "sql_state": self.sql_state,
            "error": self.error,
            "revert_group": list(self.revert_group),
        }

    def dumps(self) -> str:
        """Returns: ``manifest.json``'s text: a key per line, a file record or operation per line.

        (``json.dumps(indent=2)`` runs the pure-Python encoder, and ``revert --all`` of 2,000 renames
        rewrote manifests of thousands of records 40 times: a second of JSON. This is the C encoder's.)
        """
        lines = []
        for key, value in self.to_json().items():
            if isinstance(value, list) and value:
                items = ",\n".join(f"    {json.dumps(item)}" for item in value)
                lines.append(f"  {json.dumps(key)}: [\n{items}\n  ]")
            else:
                lines.append(f"  {json.dumps(key)}: {json.dumps(value)}")
        return "{\n" + ",\n".join(lines) + "\n}\n"


def _get(data: dict[str, Any], key: str, kind: type, shown: str) -> Any:
    if key not in data:
        raise CorruptJournal(shown, f"missing key {key!r}")
    value = data[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise CorruptJournal(shown, f"key {key!r} has the wrong type ({type(value).__name__})")
    return value


def _sha(value: Any, key: str, shown: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _SHA.match(value):
        raise CorruptJournal(shown, f"{key} is not a sha256: {value!r}")
    return value


def _mode(value: Any, key: str, shown: str) -> int | None:
    if value is None:
        return None
    try:
        mode = int(value, 8) if isinstance(value, str) else -1
    except ValueError:
        mode = -1
    if not 0 <= mode <= 0o7777:
        raise CorruptJournal(shown, f"{key} is not an octal file mode: {value!r}")
    return mode


def _record(item: Any, index: int, shown: str) -> FileRecord:
    where = f"{shown} files[{index}]"
    if not isinstance(item, dict):
        raise CorruptJournal(shown, f"files[{index}] is not an object")
    try:
        path = check_relpath(item.get("path"), where=where)
        old = item.get("old_path")
        old_path = None if old is None else check_relpath(old, where=where)
    except UnsafePath as exc:
        raise CorruptJournal(shown, f"files[{index}]: {exc.message}") from None
    record = FileRecord(
        path,
        _sha(item.get("before_sha256"), f"files[{index}].before_sha256", shown),
        _sha(item.get("after_sha256"), f"files[{index}].after_sha256", shown),
        _mode(item.get("before_mode"), f"files[{index}].before_mode", shown),
        _mode(item.get("after_mode"), f"files[{index}].after_mode", shown),
        old_path,
    )
    if (record.before_sha256 is None) != (record.before_mode is None) or (record.after_sha256 is None) != (
        record.after_mode is None
    ):
        raise CorruptJournal(shown, f"files[{index}]: sha256 and mode must be both set or both null")
    return record


def parse_manifest(text: str, shown: str) -> Manifest:
    """Read a manifest back, checking every key.

    Returns:
        The Manifest.

    Raises:
        CorruptJournal: bad JSON, a missing or mistyped key, an unsafe path.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorruptJournal(shown, f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise CorruptJournal(shown, "nested too deeply to be a manifest") from None
    except ValueError as exc:  # an integer of thousands of digits (Python's int conversion limit)
        raise CorruptJournal(shown, f"not a manifest: {too_long(exc)}") from None
    if not isinstance(data, dict):
        raise CorruptJournal(shown, "not a JSON object")
    if data.get("format") != FORMAT:
        raise CorruptJournal(shown, f"unknown format {data.get('format')!r} (this Guardian reads {FORMAT})")
    status = _get(data, "status", str, shown)
    if status not in STATUSES:
        raise CorruptJournal(shown, f"unknown status {status!r}")
    sql_state = _get(data, "sql_state", str, shown)
    if sql_state not in SQL_STATES:
        raise CorruptJournal(shown, f"unknown sql_state {sql_state!r}")
    try:
        batch_id = check_batch_id(_get(data, "batch_id", str, shown))
        created_dirs = tuple(check_relpath(d, where=shown) for d in _get(data, "created_dirs", list, shown))
    except UnsafePath as exc:
        raise CorruptJournal(shown, exc.message) from None
    files = tuple(_record(item, i, shown) for i, item in enumerate(_get(data, "files", list, shown)))
    optional = {key: data.get(key) for key in ("applied", "reverted", "base_commit", "up_sql", "down_sql", "error")}
    for key, value in optional.items():
        if value is not None and not isinstance(value, str):
            raise CorruptJournal(shown, f"key {key!r} has the wrong type ({type(value).__name__})")
    operations = _get(data, "operations", list, shown)
    if not all(isinstance(op, dict) for op in operations):
        raise CorruptJournal(shown, "operations must be objects")
    group = data.get("revert_group", [])  # absent in entries written before it existed
    if not isinstance(group, list):
        raise CorruptJournal(shown, "key 'revert_group' must be a list of batch ids")
    try:
        revert_group = tuple(check_batch_id(item) for item in group)
    except UnsafePath as exc:
        raise CorruptJournal(shown, f"revert_group: {exc.message}") from None
    return Manifest(
        batch_id=batch_id,
        kind=_get(data, "kind", str, shown),
        description=_get(data, "description", str, shown),
        status=status,
        sequence=_get(data, "sequence", int, shown),
        created=_get(data, "created", str, shown),
        applied=optional["applied"],
        reverted=optional["reverted"],
        base_commit=optional["base_commit"],
        files=files,
        created_dirs=created_dirs,
        operations=tuple(operations),
        meta=_get(data, "meta", dict, shown),
        forward_patch=_get(data, "forward_patch", str, shown),
        reverse_patch=_get(data, "reverse_patch", str, shown),
        up_sql=optional["up_sql"],
        down_sql=optional["down_sql"],
        dsn_label=_get(data, "dsn_label", str, shown),
        sql_state=sql_state,
        error=optional["error"],
        revert_group=revert_group,
    )
