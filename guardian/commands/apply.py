"""``guardian apply`` (phase 5) and ``guardian review`` (phase 3): one code path, two sinks.

``apply`` computes each batch in a scratch workspace (Rope + libcst), hands the changes to the
journal, verifies the import graph and compilation, and rolls the batch back on any difference.
``review`` and ``apply --dry-run`` run exactly the same code with ``dry_run=True``: the journal's
forward patch is printed and nothing is written.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from codemods.apply_batches import BatchOutcome, Runner, select_batches
from codemods.batch_edit import Options
from codemods.journal_port import RollbackJournal
from guardian.app import App
from guardian.batch_options import BatchSettings, batch_jobs_option, plan_option
from guardian.batch_report import batch_summary, report
from guardian.errors import ConfigError, Conflict, UsageError
from planner.discover import Discovery, discover
from planner.plan import PLAN_PATH, Batch, Plan, Rename
from planner.plan_file import load_plan_and_inputs


def fresh_plan(app: App, plan_file: Path | None) -> tuple[Plan, set[int], Discovery, dict[str, bytes]]:
    """The plan ``apply`` and ``review`` work from, the batches already applied, the checkout's
    discovery the staleness check walked (the runner's scan takes it: one walk per run) and the
    modules' bytes it read (the runner's workspace takes them: each file read once per run).

    Raises:
        guardian.stale.StalePlan: the plan was made from other modules or configuration (exit 3).
    """
    shown = str(plan_file or PLAN_PATH)
    plan, recorded = load_plan_and_inputs(plan_file if plan_file is not None else app.repo / PLAN_PATH, shown=shown)
    applied = RollbackJournal(app.repo).applied_batches()
    from guardian.stale import refuse_stale  # a diff of a stale plan is one apply would refuse

    found = discover(app.config)
    texts: dict[str, bytes] = {}
    if not refuse_stale(app.config, plan, recorded, shown, applied, found, texts):
        app.warn(
            f"{plan_file or PLAN_PATH} records no inputs (made by an older Guardian): it cannot be checked "
            "for staleness; re-run `guardian plan`"
        )
    return plan, applied, found, texts


def check_approvals(app: App, batch: Batch) -> None:
    """Refuse ``batch`` unless every required role approved its current content.

    The single call site of the approval gate (docs/design.md phase 3 -> 5).

    Raises:
        guardian.approvals.ApprovalMissing: a required role has not approved this batch (exit 3).
    """
    required = app.config.required_roles
    if not required:
        return
    from guardian.approvals import require_approvals

    require_approvals(app.tracker, [batch], required)


def _record(app: App, plan: Plan, outcome: BatchOutcome, status: str, *, saved: bool) -> None:
    """Mirror the applied batch in the tracking database (phase 5 progress, file audit); ``saved``:
    ``plan`` is the saved plan, the one the tracker recorded (its batch ids are given, not read back)."""
    files = [c.path for c in outcome.edit.changes]
    planned = [str(b.id) for b in plan.batches] if saved else None
    app.tracker.record_batch(outcome.batch, status, files, digest=plan.batch(outcome.batch).digest, planned=planned)


def _keep_installed_importers(
    app: App, batches: list[Batch], options: Options, *, proving: bool
) -> tuple[Options, dict[str, set[str]]]:
    """The renamed modules that installed code of other distributions imports by their old paths keep a
    silent shim (guardian/installed_importers.py): the target environment is read, not run. Also returned (read
    when shims keep every old path too, if ``proving``): each such module's importing top-level names, for the
    proof's selection of tests (guardian/test_selection.py)."""
    if options.shims and not proving:
        return options, {}
    from guardian.installed_importers import read_installed_importers
    from guardian.suite_runs import target_python

    try:
        python = target_python(app.config)
    except ConfigError:  # no interpreter to read: the proof, if asked for, says so
        return options, {}
    read = read_installed_importers(python, app.config.root, {r.old_module for b in batches for r in b.renames})
    found = read.where
    if options.shims:
        return options, read.packages
    if found:
        shown = "; ".join(f"{module} ({where[0]})" for module, where in sorted(found.items())[:4])
        more = f"; and {len(found) - 4} more" if len(found) > 4 else ""
        app.info(
            f"installed distributions import {len(found)} renamed module(s) by their old paths: {shown}{more}; "
            "their old paths keep a shim, removed by `guardian retire`"
        )
    return replace(options, keep=options.keep | frozenset(found)), read.packages


def _run(
    app: App,
    plan: Plan,
    batches: list[Batch],
    settings: BatchSettings,
    *,
    proof: list[dict[str, object]] | None = None,
    found: Discovery | None = None,
    texts: dict[str, bytes] | None = None,
) -> list[BatchOutcome]:
    dry_run, tests, jobs = settings.dry_run, settings.tests, settings.jobs
    options = Options(
        shims=app.config.shims if settings.shims is None else settings.shims,
        rename_locals=settings.rename_locals,
        jobs=jobs,
        prose=settings.prose,
    )
    proving = tests is not None and not dry_run
    options, importers = _keep_installed_importers(app, batches, options, proving=proving)
    journal = RollbackJournal(app.repo)
    from guardian.cache import JsonFactsCache  # `guardian plan` left the facts of every file there

    facts = JsonFactsCache(app.repo)
    total = sum(len(b.renames) for b in batches)
    with app.progress_callback("renaming") as progress:
        done = [0]

        def on_rename(batch: Batch, rename: Rename) -> None:
            done[0] += 1
            if progress is not None:
                progress(done[0], total)
            app.debug(f"batch {batch.id}: {rename.old_module} -> {rename.new_module}")

        def after_batch(outcome: BatchOutcome) -> None:  # a long run reports each batch as it lands
            if not dry_run and not app.json_output and app.verbosity >= 0:
                app.echo(batch_summary(outcome))

        prover = None
        if tests is not None and proving:  # the configured-test-command trust zone (guardian/prove.py)
            from guardian.prove import Prover, tests_timeout

            # tests go parallel (pytest-xdist's -n) only on an explicit --jobs: the default (the machine's
            # cores) is for Guardian's own workers, and a suite may not be xdist-safe (marshmallow is not)
            source = click.get_current_context().get_parameter_source("jobs")
            test_jobs = jobs if source is click.core.ParameterSource.COMMANDLINE else 1
            prover = Prover(
                app.config,
                plan,
                tests,
                app.info,
                all_tests=settings.all_tests,
                jobs=test_jobs,
                options=options,
                timeout=tests_timeout(app.config),
                importers=importers,
            )
            prover.baseline()
            options = prover.options  # with the old paths the test runner itself imports kept (shims)

        def before_batch(batch: Batch) -> None:
            check_approvals(app, batch)
            if prover is not None:
                prover.before(batch)

        def proved_after(outcome: BatchOutcome) -> None:
            if prover is not None:
                prover.after(outcome, journal)
            after_batch(outcome)

        runner = Runner(
            app.config,
            plan,
            journal,
            options=options,
            dry_run=dry_run,
            allow_dirty=settings.allow_dirty,
            before_batch=None if dry_run else before_batch,
            on_rename=on_rename,
            after_batch=proved_after,
            facts=facts,
            found=found if prover is None else None,  # the test suite ran since the walk: walk again
            texts=texts if prover is None else None,
        )
        try:
            return runner.run(batches)
        finally:
            if not dry_run:  # a dry run writes nothing, not even the cache
                facts.save()
            if prover is not None:
                prover.close()
                if proof is not None:
                    proof.extend(prover.report)


@click.command("apply")
@click.option("--batch", "batch_id", type=int, default=None, help="Apply this batch of the plan.")
@click.option("--all", "all_batches", is_flag=True, help="Apply every batch not applied yet, in order.")
@click.option("--dry-run", is_flag=True, help="Print the exact diff; write nothing.")
@plan_option
@click.option("--shims/--no-shims", default=None, help="Leave a re-exporting module at each old path.")
@click.option("--allow-dirty", is_flag=True, help="Apply even when the batch's files have uncommitted changes.")
@batch_jobs_option
@click.option(
    "--rename-locals",
    is_flag=True,
    help="Let Rope rename the local names `from pkg import mod` binds (refused where they would clash).",
)
@click.option(
    "--prose/--no-prose",
    default=True,
    show_default=True,
    help="Rewrite exact module paths in docstrings, comments and docs (.rst/.md/.txt) too.",
)
@click.option(
    "--tests",
    "tests",
    default=None,
    metavar="CMD",
    help="Prove each batch with this pytest command (default: [validate] tests); a batch that breaks a "
    "passing test is rolled back and bisected.",
)
@click.option("--no-tests", is_flag=True, help="Do not run the configured test command.")
@click.option("--all-tests", is_flag=True, help="After each batch run every test, not only those it affects.")
@click.pass_obj
def apply_command(
    app: App,
    batch_id: int | None,
    all_batches: bool,
    dry_run: bool,
    plan_file: Path | None,
    shims: bool | None,
    allow_dirty: bool,
    jobs: int,
    rename_locals: bool,
    prose: bool,
    tests: str | None,
    no_tests: bool,
    all_tests: bool,
) -> None:
    """Phase 5: apply batches; each fully applies (journaled, verified) or leaves the tree as it was."""
    if (batch_id is None) == (not all_batches):
        raise UsageError("apply: give exactly one of --batch N or --all", hint="guardian apply --batch 1")
    plan, applied, found, texts = fresh_plan(app, plan_file)
    if plan.conflicts:
        raise Conflict(
            f"the plan has {len(plan.conflicts)} conflict(s); nothing was applied",
            hint="resolve them and re-run `guardian plan`",
        )
    if batch_id is not None and batch_id in applied and not dry_run:
        raise Conflict(f"batch {batch_id} is already applied", hint=f"guardian revert {batch_id} to undo it")
    batches = select_batches(plan, batch_id, applied)
    if not batches:
        app.emit({"dry_run": dry_run, "batches": []}, lambda: app.info("nothing to apply: every batch is applied"))
        return
    if not dry_run:
        from guardian.approvals import require_approvals
        from guardian.workflow.guard import enter_phase

        # warns (refuses under --strict) while an earlier gate is closed; the gates read the saved plan
        enter_phase(app, 5, "apply", plan=plan if plan_file is None else None)
        # every selected batch is checked before the first write: a refusal names all missing roles
        require_approvals(app.tracker, batches, app.config.required_roles)
    command = None if no_tests else (tests or app.config.validate_tests)
    if command is not None and not dry_run:
        from guardian.execpolicy import refusal

        refused = refusal(app.config)
        if refused is not None:  # the tests are the checkout's code: not run, and said so
            if tests is not None:
                raise UsageError(f"--tests: {refused}", hint="drop --tests, or run without --no-exec")
            app.warn(f"batches are applied without running the configured tests: {refused}")
            command = None
    proof: list[dict[str, object]] = []
    settings = BatchSettings(
        dry_run=dry_run,
        allow_dirty=allow_dirty,
        shims=shims,
        jobs=jobs,
        rename_locals=rename_locals,
        prose=prose,
        tests=command,
        all_tests=all_tests,
    )
    outcomes = _run(app, plan, batches, settings, proof=proof, found=found, texts=texts)
    if not dry_run:
        for outcome in outcomes:
            _record(app, plan, outcome, "applied", saved=plan_file is None)
    report(app, outcomes, dry_run, proof=proof)


@click.command("review")
@click.argument("batch_id", type=int, required=False)
@plan_option
@click.option("--shims/--no-shims", default=None, help="Show the batch with shims at the old paths.")
@batch_jobs_option
@click.option(
    "--pager/--no-pager", default=True, show_default=True, help="Show a long diff through $PAGER on a terminal."
)
@click.pass_obj
def review_command(
    app: App, batch_id: int | None, plan_file: Path | None, shims: bool | None, jobs: int, pager: bool
) -> None:
    """Phase 3: the exact diff a batch would make (dry run), its impacted files and risks."""
    plan, applied, found, texts = fresh_plan(app, plan_file)
    pending = [b for b in plan.batches if b.id not in applied]
    if batch_id is not None:
        plan.batch(batch_id)  # an unknown batch is an InputError naming the known ones
        if batch_id in applied:
            raise Conflict(f"batch {batch_id} is already applied", hint="`guardian journal` shows what it did")
        pending = [b for b in pending if b.id <= batch_id]  # later batches build on the earlier ones
    if not pending:
        app.emit({"dry_run": True, "batches": []}, lambda: app.info("nothing to review: every batch is applied"))
        return
    outcomes = _run(app, plan, pending, BatchSettings.review(shims, jobs), found=found, texts=texts)
    if not app.json_output:
        for batch in pending:
            if batch_id is None or batch.id == batch_id:
                risks = sorted({risk for r in batch.renames for risk in r.risks})
                click.echo(
                    f"Batch {batch.id}: impacted files {len(batch.impact_files)}; risks: {', '.join(risks) or 'none'}",
                    err=True,
                )
    report(app, outcomes, True, None if batch_id is None else {batch_id}, pager=pager)


def register(main: click.Group) -> None:
    main.add_command(apply_command)
    main.add_command(review_command)
