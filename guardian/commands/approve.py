"""``guardian approve BATCH --by NAME --role ROLE`` (phase 3): record an approval of a batch."""

from __future__ import annotations

from pathlib import Path

import click

from guardian.app import App
from guardian.approvals import approve, missing_roles
from guardian.batch_options import plan_option
from guardian.workflow.guard import enter_phase
from planner.plan import PLAN_PATH
from planner.plan_file import load_plan


@click.command("approve")
@click.argument("batch", type=int)
@click.option("--by", "approver", required=True, help="Who approves (a person's name).")
@click.option("--role", required=True, help="The role approving, one of [approvals] required_roles.")
@plan_option
@click.pass_obj
def approve_command(app: App, batch: int, approver: str, role: str, plan_file: Path | None) -> None:
    """Approve BATCH of the plan as it is now; re-planning a changed batch voids the approval."""
    plan = load_plan(plan_file or app.repo / PLAN_PATH, shown=str(plan_file) if plan_file else PLAN_PATH)
    enter_phase(app, 3, "approve")
    approval = approve(app.tracker, plan, batch, approver, role, app.config.required_roles)
    missing = missing_roles(plan.batch(batch), app.tracker.approvals(batch), app.config.required_roles)
    data = {
        "batch": approval.batch_id,
        "digest": approval.digest,
        "role": approval.role,
        "by": approval.approver,
        "at": approval.approved_at[:19] + "Z",
        "missing_roles": missing,
    }
    app.emit(
        data,
        lambda: click.echo(
            f"batch {batch} approved by {approval.approver} as {approval.role} (digest {approval.digest[:12]})"
            + (f"; still needs: {', '.join(missing)}" if missing else "; every required role has approved")
        ),
    )


def register(main: click.Group) -> None:
    main.add_command(approve_command)
