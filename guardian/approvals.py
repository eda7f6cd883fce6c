"""The approval chain: each batch needs one approval per required role, bound to its content.

An approval records the batch's digest (sha256 of what it does); when re-planning changes the
batch, the digest changes and the old approvals no longer count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from guardian.errors import Conflict, UsageError
from guardian.tracking import Approval, Tracker
from planner.plan import Batch, Plan


class ApprovalMissing(Conflict):
    """``apply`` refused: a batch lacks an approval by a required role. Nothing was changed."""

    def __init__(self, missing: dict[int, list[str]], void: dict[int, list[str]]) -> None:
        parts = []
        for batch_id, roles in missing.items():
            text = f"batch {batch_id} lacks approval by {', '.join(roles)}"
            if void.get(batch_id):
                text += f" (void: {', '.join(void[batch_id])} approved an earlier version of the batch)"
            parts.append(text)
        first, roles = next(iter(missing.items()))
        super().__init__(
            "; ".join(parts) + "; nothing was changed", hint=f"guardian approve {first} --by NAME --role {roles[0]!r}"
        )
        self.missing = missing


def missing_roles(batch: Batch, approvals: Iterable[Approval], required: Sequence[str]) -> list[str]:
    """Required roles with no approval of ``batch`` as it is now (its current digest)."""
    have = {a.role for a in approvals if a.batch_id == batch.id and a.digest == batch.digest}
    return [role for role in required if role not in have]


def void_approvals(batch: Batch, approvals: Iterable[Approval]) -> list[str]:
    """``"name (role)"`` of approvals given to an earlier content of ``batch``."""
    return [f"{a.approver} ({a.role})" for a in approvals if a.batch_id == batch.id and a.digest != batch.digest]


def approve(tracker: Tracker, plan: Plan, batch_id: int, approver: str, role: str, required: Sequence[str]) -> Approval:
    """Record ``approver``'s approval of batch ``batch_id`` as ``role``.

    Returns:
        The approval, bound to the batch's current digest.

    Raises:
        UsageError: an empty name, or a role that is not one of the required roles (a typo would
            otherwise be an approval that never counts).
        planner.errors.InputError: the plan has no such batch.
    """
    approver, role = approver.strip(), role.strip()
    if not approver:
        raise UsageError("approve: --by must name the person approving", hint='--by "Ana Lima"')
    if required and role not in required:
        raise UsageError(
            f"approve: role {role!r} is not a required role ({', '.join(required)})",
            hint="use one of [tool.guardian.approvals] required_roles, quoted",
        )
    if not role:
        raise UsageError("approve: --role must not be empty", hint='--role "Layer Guardian"')
    batch = plan.batch(batch_id)
    tracker.record_approval(batch.id, batch.digest, role, approver, plan=plan.to_json())
    return next(
        a for a in tracker.approvals(batch.id) if a.digest == batch.digest and a.role == role and a.approver == approver
    )


def require_approvals(tracker: Tracker, batches: Iterable[Batch], required: Sequence[str]) -> None:
    """Refuse unless every batch has an approval of its current content by every required role.

    Raises:
        ApprovalMissing: naming each batch and its missing roles (exit 3).
    """
    approvals = tracker.approvals()
    missing: dict[int, list[str]] = {}
    void: dict[int, list[str]] = {}
    for batch in batches:
        roles = missing_roles(batch, approvals, required)
        if roles:
            missing[batch.id] = roles
            void[batch.id] = void_approvals(batch, approvals)
    if missing:
        raise ApprovalMissing(missing, void)
