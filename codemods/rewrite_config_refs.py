"""Rewrite references to renamed modules in non-Python files, line by line, exact matches only.

Covers the references docs/design.md lists and the semantic tools never touch: ``pyproject.toml`` entry points and
scripts (``pkg.mod:func``), ``setup.cfg`` options and entry points, ``tox.ini`` commands (``python -m pkg.mod``,
``--cov=pkg.mod``), ``.coveragerc`` (``source`` module names, ``omit``/``include`` paths), Sphinx ``.. automodule::``
directives and ``:mod:`` roles in ``.rst``/``.md``, CI yaml (``python -m pkg.mod``), and the files tools run or load
(planner/tool_files.py): JSON (``.vscode/launch.json``, ``package.json`` scripts), Makefiles, Dockerfiles, Procfiles
and shell scripts, where a whole token is code and a whole-line comment prose. JSON is rewritten as text, never
re-serialised: every byte but the path's stays.

Every line is kept byte for byte (line endings included) except the reference itself. A match is
rewritten when it is a whole token: an old module name, optionally followed by ``.attr`` or
``:attr``, bounded by quotes, spaces, ``=``, brackets and the like. What is not that exact (a glob
such as ``pkg.mod*`` or ``src/pkg/*od.py``, a mention in prose or a comment) is left alone and
reported in ``warnings`` as manual follow-up with its line. ``[tool.guardian]`` tables are
Guardian's own configuration and are never rewritten.

This module reads the file (what it is, its sections, an ignore file's anchoring, Cython's relative imports, a
title's underline); what each line becomes is codemods/config_line_refs.py's.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from codemods.base import CodemodResult, Edit, Renames, unchanged
from codemods.config_line_refs import ConfigLineRefs
from codemods.config_lines import file_kind, holds_examples
from codemods.rst_titles import fitted_adornments
from planner.config_headers import Headers
from planner.cython_imports import CYTHON_SUFFIXES, rewrite_relative_imports
from planner.module_attributes import Attributes
from planner.page_scripts import is_page, page_parts
from planner.path_tokens import ELIDED, directory_renames
from planner.python_commands import may_run_source
from planner.template_tags import split_tags
from planner.tool_files import environment_value, is_environment

__all__ = ["rewrite_config_refs"]

#: Ignore files, whose paths start from their own directory and which a ``/`` anchors there (tenacity's root
#: ``.gitignore`` ignores its generated ``/tenacity/_version.py`` so)
_ROOT_ANCHORED = frozenset({".gitignore", ".dockerignore", ".gitattributes"})


def rewrite_config_refs(
    text: str,
    renames: Mapping[str, str],
    *,
    path: str,
    path_renames: Mapping[str, str] | None = None,
    prose: bool = True,
    groups: Collection[str] = (),
    names: Mapping[str, str] | None = None,
    shared: Collection[str] = (),
    package: str | None = None,
    listed: Collection[str] = (),
    keys: Sequence[str] = (),
    space: Attributes | None = None,
) -> CodemodResult:
    """Rewrite exact references to renamed modules (and renamed file paths) in a non-Python file.

    Args:
        text: the file's text (any line endings; they are kept). renames: old dotted module -> new, the whole batch.
        path: repo-relative path; its name picks the format (toml, cfg/ini/.coveragerc, yaml, docs).
        path_renames: old repo-relative file path -> new path, for ``omit``-style path references.
        prose: also rewrite exact dotted paths in prose (documentation text, comments); ``False``
            lists them as manual follow-ups instead.
        groups: entry-point group names of the checkout (planner/entry_point_groups.py): kept as they are,
            in a section header (``[project.entry-points."pkg.plugins"]``) too.
        names: old bare file name -> new, the renamed files no other file of the checkout is named like:
            rewritten in a documentation file's prose (``.rst``/``.md``/``.txt``) unless ``prose`` is off.
        shared: the renamed files' bare names that other files have too: listed there as follow-ups.
        package: a Cython source's package (its directory's ``__init__.py``): its relative imports of
            renamed modules (``from .ext import X``) are rewritten (planner/cython_imports.py).
        listed: the checkout's files before the renames: a glob over the start of file names is opened with
            ``*`` only when it matches none of them it did not match (planner/tool_globs.py's ``glob_widens``).
        keys: the module paths the checkout's data files hold, sorted (planner/script_strings.py's ``data_keys``):
            a script's string literal is rewritten only when it is one of them, or starts one.
        space: what may follow a module's path (planner/module_attributes.py): no file named after it, no host.

    Returns:
        The new text, an ``Edit`` per rewritten reference, a "manual follow-up" warning per one not exact. Never raises.
    """
    matcher = Renames.of(renames).keeping(groups).knowing(space)
    moved = dict(path_renames or {})
    directory, _, name = path.rpartition("/")
    if name in _ROOT_ANCHORED and directory:  # an ignore file's paths start from its own directory
        inside = f"{directory}/"  # ``examples/.gitignore``'s ``pkg/core.py`` is ``examples/pkg/core.py``
        moved = {
            old.removeprefix(inside): new.removeprefix(inside)
            for old, new in moved.items()
            if old.startswith(inside) and new.startswith(inside)
        }
    # ``/`` anchors a path there (an ignore file's directory), and at the root in every other file, as the plan
    # reads it: hatch's ``include``/``exclude`` patterns (chardet's mypyc ``include = ["/src/chardet/pipeline/..."]``)
    moved |= {f"/{old}": f"/{new}" for old, new in moved.items() if not old.startswith(ELIDED)}
    # ``docs/index.rst``'s ``.. literalinclude:: ../pkg/mod.py``: a path from the file's own directory
    moved |= directory_renames(directory, path_renames or {})
    relative = package is not None and path.endswith(CYTHON_SUFFIXES) and "import" in text
    if (
        not relative
        and not matcher.prefilter(text.replace("\\_", "_") if path.endswith(".rst") else text)  # ``pkg.parser\_tools``
        and not ("import" in text and matcher.tail_words(text) and (may_run_source(text) or holds_examples(path, text)))
        and not any(old.removeprefix(ELIDED) in text for old in (*moved, *(names or ()), *shared))
        and not (moved and ("*" in text or "?" in text))
    ):
        return unchanged(text)
    kind = file_kind(path, text)
    lines = ConfigLineRefs(matcher, moved, path=path, kind=kind, prose=prose, names=names, shared=shared, text=text)
    lines.listed = tuple(listed)
    lines.keys = tuple(keys)
    bodies = [raw.rstrip("\r\n") for raw in text.splitlines(keepends=True)] if kind == "docs" else []
    if kind == "docs" and ("{{" in text or "{%" in text):  # a page's template tags over lines, by line number
        lines.split_tags = {index + 1: spans for index, spans in split_tags(bodies).items()}
    if kind == "docs" and is_page(path):
        lines.page_parts = {index + 1: spans for index, spans in page_parts(bodies).items()}
    section = ""
    headers = Headers(lines.kind == "toml")  # a TOML array's line is a value (planner/config_headers.py)
    out: list[str] = []
    environment = is_environment(path.rpartition("/")[2])  # secrets: its assignments of a module path only
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        body = raw.rstrip("\r\n")
        ending = raw[len(body) :]
        if environment and not environment_value(body):
            out.append(raw)
            continue
        header = headers.header(body) if lines.kind in ("toml", "ini") else None
        lines.header = header is not None
        if header is not None:
            section = header
        if section.startswith("tool.guardian") and lines.kind == "toml":
            out.append(raw)
            continue
        if relative and package is not None:
            body, done = rewrite_relative_imports(body, package, renames.get)
            lines.edits.extend(Edit(path, number, "cython-import", old, new) for old, new in done)
        out.append(lines.line(body, number, section) + ending)
    new = "".join(out)
    if path.endswith(".rst") and new != text:  # a lengthened title keeps its underline (codemods/rst_titles.py)
        new, fitted = fitted_adornments(text, new, path)
        lines.edits.extend(fitted)
    return CodemodResult(new, new != text, tuple(lines.edits), tuple(lines.warnings))
