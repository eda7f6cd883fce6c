"""``guardian init``: write a commented starter configuration from what the repository holds."""

from __future__ import annotations

from pathlib import Path

import click

from guardian.app import App
from guardian.config_file import find_config_file
from guardian.errors import UsageError
from guardian.toml_text import basic_string, string_array, writable
from planner.config import DEFAULT_EXEMPT, DEFAULT_PATTERN, IGNORED_DIRS, layout_roots
from rollback.output_file import write_output


def _packages(repo: Path, root: str) -> list[str]:
    """Workflow globs: each sub-package one level below a top-level package, then the top-level
    package itself (its own modules, and any deeper ones the sub-package globs miss)."""
    base = repo if root == "." else repo / root
    prefix = "" if root == "." else f"{root}/"
    found: list[str] = []
    for top in _top_packages(base):
        subs = sorted(
            p for p in top.iterdir() if p.is_dir() and (p / "__init__.py").is_file() and p.name not in {"tests", "test"}
        )
        found.extend(f"{prefix}{top.name}/{s.name}" for s in subs)
        found.append(f"{prefix}{top.name}")
    return found


def _root_modules(repo: Path, root: str) -> list[str]:
    """A workflow glob for the modules directly in a source root other than the repository's (black's
    ``src/_black_version.py``, a single-module distribution's ``src/mod.py``): without one each was a
    ``no-workflow`` conflict and nothing could be applied. A flat layout's root modules are exempt."""
    if root == "." or not any(p.is_file() for p in (repo / root).glob("*.py")):
        return []
    return [f"{root}/*.py"] if writable(root) else []


def _top_packages(base: Path) -> list[Path]:
    return sorted(
        p
        for p in base.iterdir()
        if p.is_dir()
        and (p / "__init__.py").is_file()
        and p.name not in IGNORED_DIRS
        and p.name not in {"tests", "test"}
    )


def _exempt(repo: Path, roots: list[str]) -> list[str]:
    """The defaults, test modules inside packages, and (for a flat layout) whatever is not a package:
    docs, examples and scripts get module names from the root but are not the code to rename. A directory that
    is, or holds, another declared source root (yapf's ``where = [".", "third_party"]``) is code to rename."""
    exempt = [*DEFAULT_EXEMPT, "**/tests/**", "**/test_*.py", "**/*_test.py"]
    if roots[0] == ".":
        packages = {p.name for p in _top_packages(repo)}
        exempt += sorted(
            f"{p.name}/**"
            for p in repo.iterdir()
            if p.is_dir()
            and p.name not in packages
            and not any(r == p.name or r.startswith(f"{p.name}/") for r in roots)
            and p.name not in IGNORED_DIRS
            and not p.name.startswith(".")
            and p.name != "tests"
        )
        exempt += sorted(p.name for p in repo.glob("*.py"))
    return exempt


def starter(repo: Path) -> str:
    """The configuration's text. Every name of the checkout in it is a TOML string escaped by
    :mod:`guardian.toml_text` (a name can hold quotes and newlines); a name no TOML file can hold
    (not valid UTF-8) is left out."""
    roots = list(layout_roots(repo))
    globs = [pkg + "/**" for root in roots for pkg in _packages(repo, root) if writable(pkg)]
    globs += [glob for root in roots for glob in _root_modules(repo, root)]
    workflows = "\n".join(f"{basic_string(glob)} = {n}" for n, glob in enumerate(globs, start=1))
    exempt = string_array(e for e in _exempt(repo, roots) if writable(e))
    schema = sorted(p.relative_to(repo).as_posix() for p in repo.glob("db/*.sql") if writable(p.name))[:1]
    return f"""# Guardian configuration (written by `guardian init`; every key is optional).
# Same keys as [tool.guardian] in pyproject.toml, without the prefix.

# Where importable packages live; module names are computed from these roots.
source_roots = {string_array(roots)}
version = 7
# Fields: {{workflow}} {{version}} {{layer}} {{index}} {{total}} {{name}}
pattern = {basic_string(DEFAULT_PATTERN)}
# Modules that keep their names.
exempt = {exempt}
# Renames per batch; each batch is applied, verified and journaled on its own.
batch_size = 20
# Leave a module at each old path that re-exports the new one (removed at retirement).
shims = false

[workflows]
# path glob -> workflow number; the first match wins.
{workflows or '# "src/pkg/orders/**" = 1'}

[layers]
# path glob -> layer; unmatched modules get a layer from the import graph ("auto").
# "src/pkg/**/models.py" = 1

[database]
schema = {string_array(schema)}
# dsn = "postgresql://postgres@127.0.0.1:5432/app"
dialect = "postgres"

[approvals]
required_roles = ["Layer Guardian", "Test Sentinel"]

[validate]
tests = "python -m pytest -q"
"""


@click.command()
@click.option("--force", is_flag=True, help="Overwrite an existing guardian.toml.")
@click.pass_obj
def init(app: App, force: bool) -> None:
    """Write a commented starter guardian.toml from what the repository holds."""
    existing = find_config_file(app.repo)
    target = app.repo / "guardian.toml"
    if existing is not None and not force:
        shown = existing[0].name
        raise UsageError(
            f"{shown} already configures Guardian", hint="edit it, or pass --force to write guardian.toml anew"
        )
    write_output(app.repo, target, starter(app.repo).encode("utf-8"))
    app.config  # noqa: B018 - validate what was written; a bug here must not go unnoticed
    app.tracker.record_event("init", "init", "wrote guardian.toml", {"written": "guardian.toml", "force": force})
    app.emit(
        {"written": "guardian.toml"}, lambda: click.echo("Wrote guardian.toml; review it, then run `guardian assess`.")
    )


def register(main: click.Group) -> None:
    main.add_command(init)
